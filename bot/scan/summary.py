"""The scan summary: one pydantic model for ``summary.json``, and the counts that feed it.

:class:`Summary` is what ``wikilint scan`` and ``wikilint spark`` both write
(and what the HTML report is drawn from): :meth:`Summary.build` takes the
per-input counts and the per-rule, per-page and per-problem figures, however
they were computed, and adds the totals and rates. The local scan computes
those figures with :class:`ScanSummary`, fed page results in dump order,
saved in the resume state; Spark computes them with aggregations
(:mod:`wikilint.bot.spark.summary`).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from wikilint.bot.config import ConfigError, load_config
from wikilint.bot.i18n import text
from wikilint.bot.scan.lint import LinterSpec, PageResult
from wikilint.rules.profile import profile_names

SUMMARY_VERSION = 1
TOP_PAGES = 50
PROBLEM_SAMPLE = 50
#: Buckets of the findings-per-page distribution: (label, lowest, highest or None).
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0),
    ("1", 1, 1),
    ("2", 2, 2),
    ("3–4", 3, 4),
    ("5–9", 5, 9),
    ("10–19", 10, 19),
    ("20–49", 20, 49),
    ("50–99", 50, 99),
    ("100+", 100, None),
)
SKIP_KINDS = ("redirects", "other_namespaces", "other_models")


def bucket_of(count: int) -> int:
    for i, (_, low, high) in enumerate(BUCKETS):
        if count >= low and (high is None or count <= high):
            return i
    return len(BUCKETS) - 1


class DumpStats(BaseModel):
    """One input (a dump, or one wiki of a table): how it was read and its counts."""

    path: str
    name: str
    wiki: str = "auto"
    """the profile its pages are linted with; ``auto``: each page by its script"""
    wiki_source: str = ""
    """why: ``--wiki``, ``header`` (the dump's siteinfo), ``script`` (no usable header,
    or a header that disagrees with the script of the pages)"""
    warning: str | None = None
    siteinfo: dict[str, Any] = Field(default_factory=dict)
    kind: str = ""
    compression: str = ""
    encoding: str = ""
    size: int = 0
    seen: int = 0
    linted: int = 0
    with_findings: int = 0
    findings: int = 0
    problems: int = 0
    skipped: dict[str, int] = Field(default_factory=lambda: dict.fromkeys(SKIP_KINDS, 0))
    xml_bytes: int = 0
    text_bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DumpStats:
        return cls.model_validate(data)

    def header_fits(self, linted_with: str | None) -> bool:
        """Whether a page linted with that profile is on the wiki the header names
        (a header without a profile of its own is taken at its word)."""
        dbname = self.siteinfo.get("dbname")
        return self.warning is None and (dbname == linted_with or dbname not in profile_names())

    def page_wiki(self, linted_with: str | None) -> str:
        """The wiki a page of this input belongs to (for the top pages table)."""
        dbname = self.siteinfo.get("dbname")
        if dbname and self.header_fits(linted_with):
            return dbname
        return linted_with or dbname or ""


class PageCounts(BaseModel):
    seen: int
    linted: int
    with_findings: int
    problems: int
    skipped_redirects: int
    skipped_other_namespaces: int
    skipped_other_models: int


class FindingCounts(BaseModel):
    total: int
    by_severity: dict[str, int]


class RuleCount(BaseModel):
    code: str
    name: str
    severity: str
    findings: int
    pages: int


class Bucket(BaseModel):
    label: str
    min: int
    max: int | None
    pages: int


class TopPage(BaseModel):
    dump: str
    wiki: str
    page_id: int | None
    title: str | None
    revision_id: int | None
    url: str | None
    findings: int
    by_rule: dict[str, int]


class Problems(BaseModel):
    total: int
    by_kind: dict[str, int]
    sample: list[dict[str, Any]]


class Throughput(BaseModel):
    pages_per_s: float | None
    xml_mb_per_s: float | None
    text_mb_per_s: float | None


class Summary(BaseModel):
    """``summary.json`` of a scan, local or on Spark."""

    version: int = SUMMARY_VERSION
    status: str = "complete"
    started_at: str | None = None
    finished_at: str | None = None
    jobs: int | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    outputs: dict[str, Any] | None = None
    pages: PageCounts
    findings: FindingCounts
    rules: list[RuleCount]
    distribution: list[Bucket]
    top_pages: list[TopPage]
    problems: Problems
    warnings: list[str] = Field(default_factory=list)
    elapsed_s: float
    throughput: Throughput
    dumps: list[DumpStats]

    @classmethod
    def build(
        cls,
        *,
        dumps: list[DumpStats],
        rules: list[dict[str, Any]],
        distribution: list[int],
        top_pages: list[dict[str, Any]],
        problem_kinds: dict[str, int],
        problem_sample: list[dict[str, Any]],
        elapsed_s: float,
        **run: Any,
    ) -> Summary:
        """The summary of these counts; ``run``: status, times, jobs, options, outputs."""
        linted = sum(d.linted for d in dumps)
        problems = sum(d.problems for d in dumps)
        xml_bytes = sum(d.xml_bytes for d in dumps)
        text_bytes = sum(d.text_bytes for d in dumps)
        severities: dict[str, int] = {}
        for rule in rules:
            severities[rule["severity"]] = severities.get(rule["severity"], 0) + rule["findings"]

        def rate(amount: float) -> float | None:
            return round(amount / elapsed_s, 3) if elapsed_s else None

        return cls(
            **run,
            pages=PageCounts(
                seen=sum(d.seen for d in dumps),
                linted=linted,
                with_findings=sum(d.with_findings for d in dumps),
                problems=problems,
                **{f"skipped_{k}": sum(d.skipped.get(k, 0) for d in dumps) for k in SKIP_KINDS},
            ),
            findings=FindingCounts(
                total=sum(d.findings for d in dumps), by_severity=dict(sorted(severities.items()))
            ),
            rules=[
                RuleCount.model_validate(r) for r in sorted(rules, key=lambda r: (-r["findings"], r["code"]))
            ],
            distribution=[
                Bucket(label=label, min=low, max=high, pages=n)
                for (label, low, high), n in zip(BUCKETS, distribution)
            ],
            top_pages=[TopPage.model_validate(p) for p in top_pages],
            problems=Problems(
                total=problems, by_kind=dict(sorted(problem_kinds.items())), sample=problem_sample
            ),
            warnings=[f"{d.name}: {d.warning}" for d in dumps if d.warning],
            elapsed_s=round(elapsed_s, 3),
            throughput=Throughput(
                pages_per_s=round(linted / elapsed_s, 2) if elapsed_s else None,
                xml_mb_per_s=rate(xml_bytes / 1e6),
                text_mb_per_s=rate(text_bytes / 1e6),
            ),
            dumps=dumps,
        )

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON data (``outputs`` only when there are any)."""
        return self.model_dump(mode="json", exclude={"outputs"} if self.outputs is None else None)


def top_page(stats: DumpStats, result: PageResult, url: str | None) -> dict[str, Any]:
    """A row of the table of pages with the most findings."""
    return {
        "dump": stats.name,
        "wiki": stats.page_wiki(result.wiki),
        "page_id": result.page_id,
        "title": result.title,
        "revision_id": result.revision_id,
        "url": url,
        "findings": result.findings,
        "by_rule": by_rule(result.counts),
    }


def by_rule(counts: dict[str, int]) -> dict[str, int]:
    """The five rules with the most findings on a page."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5])


@dataclass
class ScanSummary:
    """The figures of :class:`Summary`, added up page by page in dump order."""

    dumps: list[DumpStats] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    distribution: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    problem_kinds: dict[str, int] = field(default_factory=dict)
    problem_sample: list[dict[str, Any]] = field(default_factory=list)
    top: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    sequence: int = 0
    elapsed_s: float = 0.0

    # -- feeding -----------------------------------------------------------

    def add_result(self, dump: int, result: PageResult, page_url: str | None = None) -> None:
        stats = self.dumps[dump]
        if result.ordinal >= 0:
            stats.seen += 1
        if result.skipped:
            stats.skipped[result.skipped] = stats.skipped.get(result.skipped, 0) + 1
            return
        self.sequence += 1
        if result.problems:
            stats.problems += 1
            for problem in result.problems:
                kind = problem.get("kind", "unknown")
                self.problem_kinds[kind] = self.problem_kinds.get(kind, 0) + 1
                if len(self.problem_sample) < PROBLEM_SAMPLE:
                    self.problem_sample.append({**problem, "dump": stats.name})
        if not result.linted:
            return
        stats.linted += 1
        stats.text_bytes += result.text_bytes
        self.distribution[bucket_of(result.findings)] += 1
        if not result.findings:
            return
        stats.with_findings += 1
        stats.findings += result.findings
        for code, count in result.counts.items():
            rule = self.rules.get(code)
            if rule is None:
                name, severity = result.rules.get(code, ("", ""))
                rule = self.rules[code] = {
                    "code": code,
                    "name": name,
                    "severity": severity,
                    "findings": 0,
                    "pages": 0,
                }
            rule["findings"] += count
            rule["pages"] += 1
        # earlier pages win ties, so the table is the same whatever the number of workers
        item = (result.findings, -self.sequence, top_page(stats, result, page_url))
        if len(self.top) < TOP_PAGES:
            heapq.heappush(self.top, item)
        elif item[:2] > self.top[0][:2]:
            heapq.heapreplace(self.top, item)

    # -- totals --------------------------------------------------------------

    @property
    def pages_linted(self) -> int:
        return sum(d.linted for d in self.dumps)

    @property
    def findings(self) -> int:
        return sum(d.findings for d in self.dumps)

    @property
    def problems(self) -> int:
        return sum(d.problems for d in self.dumps)

    # -- persistence -----------------------------------------------------------

    def summary(self, **run: Any) -> Summary:
        """The summary (``run``: status, options, times...)."""
        top = [entry for _, _, entry in sorted(self.top, key=lambda t: (-t[0], -t[1]))]
        return Summary.build(
            dumps=self.dumps,
            rules=list(self.rules.values()),
            distribution=self.distribution,
            top_pages=top,
            problem_kinds=self.problem_kinds,
            problem_sample=self.problem_sample,
            elapsed_s=self.elapsed_s or 0.0,
            **run,
        )

    def state(self) -> dict[str, Any]:
        """Everything needed to continue adding to this summary later."""
        return {
            "dumps": [d.to_dict() for d in self.dumps],
            "rules": self.rules,
            "distribution": self.distribution,
            "problem_kinds": self.problem_kinds,
            "problem_sample": self.problem_sample,
            "top": [list(t) for t in self.top],
            "sequence": self.sequence,
            "elapsed_s": self.elapsed_s,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> ScanSummary:
        summary = cls(
            dumps=[DumpStats.from_dict(d) for d in data["dumps"]],
            rules=data["rules"],
            distribution=data["distribution"],
            problem_kinds=data["problem_kinds"],
            problem_sample=data["problem_sample"],
            top=[(t[0], t[1], t[2]) for t in data["top"]],
            sequence=data["sequence"],
            elapsed_s=data["elapsed_s"],
        )
        heapq.heapify(summary.top)
        return summary


def report_lang(spec: LinterSpec) -> str:
    """The language of a scan's report and summary line: ``--lang``, else the
    configuration's ``lang`` (``auto`` is settled by the report from its dumps)."""
    if spec.lang:
        return spec.lang
    try:
        return load_config(spec.config_path).lang
    except ConfigError:
        return "en"


def outcome_line(summary: dict, heading: str, lang: str = "en") -> str:
    """The one-line account of a finished scan: ``wikilint: scan complete: …``."""
    from wikilint.bot.scan.report import report_language

    lang = report_language(lang, summary)
    pages = summary["pages"]
    throughput = summary["throughput"].get("pages_per_s")
    line = text(
        "scan-outcome",
        lang,
        linted=pages["linted"],
        with_findings=pages["with_findings"],
        findings=summary["findings"]["total"],
        skipped=summary["problems"]["total"],
        seconds=f"{summary['elapsed_s']:.1f}",
    )
    if throughput:
        line += text("scan-rate", lang, rate=f"{throughput:,.1f}")
    return f"wikilint: {heading}: {line}"
