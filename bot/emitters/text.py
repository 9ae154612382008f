"""``--format text``: ruff-like, each finding with its line quoted and underlined."""

from __future__ import annotations

import unicodedata

from wikilint.bot.emitters.base import Emitter, Page, Totals, fix_lines, summary_line
from wikilint.bot.i18n import text as output_text
from wikilint.rules.finding import Finding

CONTEXT_BEFORE = 30  # display columns of context before the finding
CONTEXT_WIDTH = 100  # display columns of a quoted line at most


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def caret_excerpt(line_text: str, start: int, end: int) -> tuple[str, str]:
    """The part of a (possibly very long) line around ``line_text[start:end]``,
    and its caret line.

    Widths count East Asian wide characters as two columns so that the carets
    sit under the flagged text in a terminal.
    """
    line_text = line_text.replace("\t", " ")
    end = max(end, start + 1)
    # Walk left from the finding for CONTEXT_BEFORE display columns.
    left, used = start, 0
    while left > 0 and used + _width(line_text[left - 1]) <= CONTEXT_BEFORE:
        left -= 1
        used += _width(line_text[left])
    right, used = left, 0
    while right < len(line_text) and used + _width(line_text[right]) <= CONTEXT_WIDTH:
        used += _width(line_text[right])
        right += 1
    excerpt = line_text[left:right]
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line_text) else ""
    pad = sum(_width(c) for c in line_text[left:start]) + len(prefix)
    marked = sum(_width(c) for c in line_text[start : min(end, right)])
    return prefix + excerpt + suffix, " " * pad + "^" * max(marked, 1)


def headline(path: str, finding: Finding, unsafe_fixes: bool = False) -> str:
    """``path:line:col: CODE rule-name message``, with ``[*]`` before the message
    when ``--fix`` (with ``--unsafe-fixes`` if given) would fix it."""
    fixable = finding.fix is not None and (unsafe_fixes or finding.fix.is_safe)
    marker = "[*] " if fixable else ""
    return f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.rule} {marker}{finding.message}"


def quoted_line(text: str, finding: Finding) -> tuple[str, int, int] | None:
    """The line the finding starts on, and the finding's start and end within it
    (the end of the line when the finding runs on)."""
    if finding.offset is None or finding.offset > len(text):
        return None
    line_start = text.rfind("\n", 0, finding.offset) + 1
    line_end = text.find("\n", finding.offset)
    if line_end < 0:
        line_end = len(text)
    end = finding.end_offset if finding.end_offset is not None else line_end
    line = text[line_start:line_end]
    return line, finding.offset - line_start, min(end, line_end) - line_start


def format_text(
    path: str, finding: Finding, text: str | None, lang: str = "en", unsafe_fixes: bool = False
) -> str:
    """The headline, and the quoted line with carets (and the suggestion) when
    the page's text is known."""
    lines = [headline(path, finding, unsafe_fixes)]
    quoted = quoted_line(text, finding) if text is not None else None
    if quoted is not None:
        line, start, end = quoted
        excerpt, carets = caret_excerpt(line, start, end)
        gutter = str(finding.line)
        blank = " " * len(gutter)
        lines += [f"{blank} |", f"{gutter} | {excerpt}", f"{blank} | {carets}"]
        if finding.suggestion:
            lines.append(f"{blank} = {output_text('help', lang, suggestion=finding.suggestion)}")
    return "\n".join(lines) + "\n"


class TextEmitter(Emitter):
    name = "text"
    help = "each finding with its line quoted and underlined, and a summary (default)"

    def render(self, page: Page) -> str:
        return "".join(
            format_text(page.path, f, page.text, page.lang, self.unsafe_fixes) for f in page.findings
        )

    def finish(self, totals: Totals) -> None:
        if totals.files or not totals.errors:
            self.out.write(summary_line(totals) + "\n")
            self.out.writelines(line + "\n" for line in fix_lines(totals, self.unsafe_fixes))
