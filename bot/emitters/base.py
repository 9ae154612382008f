"""What every output format shares: the pages it is given and the totals of the run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, TextIO

from wikilint.bot.i18n import text
from wikilint.rules.finding import Finding


@dataclass
class Page:
    """The findings of one linted file or page."""

    path: str
    """the file's path (``-`` for stdin), or the page's title in a dump"""
    findings: Sequence[Finding]
    text: str | None = None
    """the wikitext, for the formats that quote it"""
    lang: str = "en"
    """the language the findings are written in (for the format's own words)"""


@dataclass
class Totals:
    """What a run linted and found."""

    findings: int = 0
    files: int = 0
    errors: int = 0
    """inputs that could not be read or linted"""
    by_rule: Counter[tuple[str, str]] = field(default_factory=Counter)
    """findings per ``(code, name)``"""
    lang: str = "en"
    """the language of the summary line"""
    safe_fixes: int = 0
    """findings with a safe fix (``--fix`` applies them)"""
    unsafe_fixes: int = 0
    """findings with an unsafe fix (``--unsafe-fixes`` adds them)"""
    fixed: Counter[tuple[str, str]] = field(default_factory=Counter)
    """fixes applied (or, with ``--diff``, that would be) per ``(code, name)``"""

    @classmethod
    def from_summary(cls, summary: dict) -> Totals:
        """The totals of a scan's (or a Spark job's) summary."""
        return cls(
            findings=summary["findings"]["total"],
            files=summary["pages"]["linted"],
            errors=summary["problems"]["total"],
            by_rule=Counter({(r["code"], r["name"]): r["findings"] for r in summary["rules"]}),
        )

    def add(self, page: Page) -> None:
        self.files += 1
        self.findings += len(page.findings)
        self.by_rule.update((f.code, f.rule) for f in page.findings)
        for finding in page.findings:
            if finding.fix is not None:
                if finding.fix.is_safe:
                    self.safe_fixes += 1
                else:
                    self.unsafe_fixes += 1


class Emitter:
    """One output format. Subclasses set :attr:`name` and :attr:`help` and either
    render each page as it comes (:meth:`render`, a *streaming* format) or keep
    the pages and write them all in :meth:`finish`."""

    name: ClassVar[str]
    help: ClassVar[str]
    streaming: ClassVar[bool] = True
    """whether pages are written one by one, as they come (usable by ``scan``)"""
    unsafe_fixes: bool = False
    """whether unsafe fixes count as fixable (``--unsafe-fixes``)"""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def page(self, page: Page) -> None:
        """Write (or keep) the findings of one page."""
        self.out.write(self.render(page))

    def render(self, page: Page) -> str:
        """The findings of one page as text (streaming formats)."""
        raise NotImplementedError

    def finish(self, totals: Totals) -> None:
        """Close the output once every page is in."""

    def statistics(self, totals: Totals) -> None:
        """Instead of the findings: their number per rule, most frequent first."""
        rows = sorted(totals.by_rule.items(), key=lambda item: (-item[1], item[0]))
        width = max((len(str(count)) for _, count in rows), default=1)
        for (code, name), count in rows:
            self.out.write(f"{count:>{width}}\t{code}\t{name}\n")


def summary_line(totals: Totals) -> str:
    """``Found 3 findings in 2 files.`` (``Found 6 findings (1 fixed, 5 remaining)…``
    after ``--fix``) and the input errors, in ``totals.lang``."""
    if totals.fixed:
        fixed = sum(totals.fixed.values())
        line = text(
            "found-fixed",
            totals.lang,
            found=totals.findings + fixed,
            fixed=fixed,
            remaining=totals.findings,
            files=totals.files,
        )
    else:
        line = text("found", totals.lang, findings=totals.findings, files=totals.files)
    if totals.errors:
        line += (" " if totals.lang == "en" else "") + text("input-errors", totals.lang, errors=totals.errors)
    return line


def fix_lines(totals: Totals, unsafe: bool) -> list[str]:
    """After the summary: how many findings ``--fix`` would fix (ruff's ``[*]`` line)."""
    if totals.fixed:
        return []
    fixable = totals.safe_fixes + (totals.unsafe_fixes if unsafe else 0)
    hidden = 0 if unsafe else totals.unsafe_fixes
    if fixable and hidden:
        return [text("fixable-hidden", totals.lang, fixable=fixable, hidden=hidden)]
    if fixable:
        return [text("fixable", totals.lang, fixable=fixable)]
    if hidden:
        return [text("hidden", totals.lang, hidden=hidden)]
    return []


def finding_record(path: str, finding: Finding) -> dict:
    """The Finding fields plus ``path``, as JSON-ready data."""
    return {"path": path, **finding.model_dump(mode="json")}


def statistics_records(totals: Totals) -> list[dict]:
    rows = sorted(totals.by_rule.items(), key=lambda item: (-item[1], item[0]))
    return [{"code": code, "name": name, "count": count} for (code, name), count in rows]
