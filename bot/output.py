"""Rendering findings for people (ruff-like text) and for tools (JSON)."""

from __future__ import annotations

import json
import unicodedata
from typing import Iterable, TextIO

from wikilint.rules.finding import Finding

CONTEXT_BEFORE = 30   # display columns of context before the finding
CONTEXT_WIDTH = 100   # display columns of a quoted line at most


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _display(text: str) -> str:
    return text.replace("\t", " ")


def caret_excerpt(line_text: str, column: int, end_column: int | None) -> tuple[str, str]:
    """The part of a (possibly very long) line around a finding, and its caret line.

    Widths count East Asian wide characters as two columns so that the carets
    sit under the flagged text in a terminal.
    """
    line_text = _display(line_text)
    start = column - 1
    end = len(line_text) if end_column is None else max(end_column - 1, start + 1)
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
    marked = sum(_width(c) for c in line_text[start:min(end, right)])
    return prefix + excerpt + suffix, " " * pad + "^" * max(marked, 1)


def format_text(path: str, finding: Finding, line_text: str | None) -> str:
    """``path:line:col: CODE rule-name message`` and the quoted line with carets."""
    head = f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.rule} {finding.message}"
    lines = [head]
    if line_text is not None:
        end_column = finding.end_column if finding.end_line == finding.line else None
        excerpt, carets = caret_excerpt(line_text, finding.column, end_column)
        gutter = str(finding.line)
        blank = " " * len(gutter)
        lines += [f"{blank} |", f"{gutter} | {excerpt}", f"{blank} | {carets}"]
        if finding.suggestion:
            lines.append(f"{blank} = help: {finding.suggestion}")
    return "\n".join(lines) + "\n"


def finding_record(path: str, finding: Finding) -> dict:
    """The Finding fields plus ``path``, as JSON-ready data."""
    return {"path": path, **finding.model_dump(mode="json")}


def write_jsonl(out: TextIO, path: str, findings: Iterable[Finding]) -> None:
    for finding in findings:
        out.write(json.dumps(finding_record(path, finding), ensure_ascii=False) + "\n")


def summary_line(findings: int, files: int, errors: int) -> str:
    noun = "finding" if findings == 1 else "findings"
    text = f"Found {findings} {noun} in {files} file{'s' if files != 1 else ''}."
    if errors:
        text += f" {errors} input error{'s' if errors != 1 else ''}."
    return text
