"""The bot's task documentation page: one section per rule, in wikitext.

Every talk-page report links each rule to ``<docpage>#<CODE>``
(:func:`~bot.wiki.report.render_report`), so each rule has a section whose
heading is its code alone (the heading is the anchor). On a Chinese wiki the
page is written for both scripts at once (``-{zh-hans:…;zh-hant:…;}-``), as
the reports are; everything quoted (template names, wikitext examples) is
inert (:func:`~bot.wiki.wikitext.quote`, ``<pre>``).

The documentation texts are Markdown (`code` spans, ``- `` list items,
blank lines between paragraphs), written as wikitext here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from wikilint.bot.i18n import text
from wikilint.bot.wiki.messages import variants_for
from wikilint.bot.wiki.wikitext import quote, variant_markup
from wikilint.rules.rule import Rule

_CODE_SPAN = re.compile(r"`([^`]+)`")


def markdown_to_wikitext(markdown: str) -> str:
    """Paragraphs and ``- `` lists of ``markdown`` as inert wikitext."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", markdown.strip()):
        items: list[str] = []
        for line in paragraph.splitlines():
            stripped = line.strip()
            if stripped.startswith("- "):
                items.append(stripped[2:])
            elif items:
                items[-1] += " " + stripped
            else:
                items.append(stripped)
        if paragraph.lstrip().startswith("- "):
            blocks.append("\n".join("* " + _inline(item) for item in items))
        else:
            blocks.append(_inline(_join_lines(paragraph)))
    return "\n\n".join(blocks)


def _join_lines(paragraph: str) -> str:
    """Lines of one paragraph joined (a space between Latin words, none in Chinese)."""
    joined = ""
    for line in (ln.strip() for ln in paragraph.splitlines()):
        if joined and not (_is_wide(joined[-1]) or _is_wide(line[:1])):
            joined += " "
        joined += line
    return joined


def _is_wide(char: str) -> bool:
    return bool(char) and ord(char) >= 0x2E80


def _inline(line: str) -> str:
    pieces = []
    for index, piece in enumerate(_CODE_SPAN.split(line)):
        if not piece:
            continue
        pieces.append(f"<code>{quote(piece)}</code>" if index % 2 else quote(piece))
    return "".join(pieces)


def _pre(code: str) -> str:
    escaped = code.rstrip("\n").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<pre>{escaped}</pre>"


def _rule_section(rule: type[Rule], both: Callable[[Callable[[str], str]], str]) -> list[str]:
    """The lines of one rule's section (``both`` writes a text for every variant)."""
    severity = rule.severity.value
    lines = [
        f"== {rule.code} ==",
        f"'''<code>{rule.name}</code>''' – "
        + both(
            lambda v: (
                _inline(rule.doc("summary", v))
                + " "
                + text("doc-severity", v, severity=text(f"severity-{severity}", v))
            )
        ),
        "",
        "'''" + both(lambda v: text("doc-what", v)) + "'''",
        both(lambda v: markdown_to_wikitext(rule.doc("what", v))),
        "",
        "'''" + both(lambda v: text("doc-why", v)) + "'''",
        both(lambda v: markdown_to_wikitext(rule.doc("why", v))),
        "",
    ]
    example, instead = rule.examples()
    if example:
        lines += ["'''" + both(lambda v: text("doc-example", v)) + "'''", _pre(example), ""]
    if instead:
        lines += ["'''" + both(lambda v: text("doc-instead", v)) + "'''", _pre(instead), ""]
    return lines


def render_docpage(rules: Sequence[type[Rule]], lang: str) -> str:
    """The page for a wiki in ``lang`` (``zh``: both scripts at once)."""
    variants = variants_for(lang) if lang.startswith("zh") else (lang,)

    def both(render) -> str:
        """One text per variant, as variant markup around each block."""
        texts = {v: render(v) for v in variants}
        blocks = {v: t.split("\n") for v, t in texts.items()}
        if len({len(b) for b in blocks.values()}) != 1:  # different shapes: whole blocks
            return variant_markup(texts)
        lines = []
        for parts in zip(*blocks.values()):
            marks = parts[0][: len(parts[0]) - len(parts[0].lstrip("*#:;"))]  # a list item's
            prefix = marks + " " if marks and parts[0][len(marks) :].startswith(" ") else marks
            same_prefix = all(p.startswith(prefix) for p in parts)
            if prefix and same_prefix:
                lines.append(prefix + variant_markup({v: p[len(prefix) :] for v, p in zip(variants, parts)}))
            else:
                lines.append(variant_markup(dict(zip(variants, parts))))
        return "\n".join(lines)

    out = [both(lambda v: text("doc-intro", v)), ""]
    for rule in rules:
        out += _rule_section(rule, both)
    return "\n".join(out).rstrip("\n") + "\n"
