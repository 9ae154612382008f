"""The scan summary: counts that add up page by page and merge across runs.

A :class:`ScanSummary` is fed page results in dump order (or merged from
partial summaries, as a distributed engine would), saved in the resume state
and written as ``summary.json``; the HTML report is drawn from that JSON alone.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from wikilint.bot.scan.lint import PageResult

SUMMARY_VERSION = 1
TOP_PAGES = 50
PROBLEM_SAMPLE = 50
#: Buckets of the findings-per-page distribution: (label, lowest, highest or None).
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3–4", 3, 4), ("5–9", 5, 9), ("10–19", 10, 19),
    ("20–49", 20, 49), ("50–99", 50, 99), ("100+", 100, None),
)
SKIP_KINDS = ("redirects", "other_namespaces", "other_models")


def _bucket(count: int) -> int:
    for i, (_, low, high) in enumerate(BUCKETS):
        if count >= low and (high is None or count <= high):
            return i
    return len(BUCKETS) - 1


@dataclass
class DumpStats:
    """Counts for one dump file."""

    path: str
    name: str
    wiki: str = "auto"
    siteinfo: dict[str, Any] = field(default_factory=dict)
    kind: str = ""
    compression: str = ""
    encoding: str = ""
    size: int = 0
    seen: int = 0
    linted: int = 0
    with_findings: int = 0
    findings: int = 0
    problems: int = 0
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SKIP_KINDS, 0))
    xml_bytes: int = 0
    text_bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DumpStats":
        return cls(**data)


@dataclass
class ScanSummary:
    """Everything the summary JSON and the HTML report show."""

    dumps: list[DumpStats] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    distribution: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    severities: dict[str, int] = field(default_factory=dict)
    problem_kinds: dict[str, int] = field(default_factory=dict)
    problem_sample: list[dict[str, Any]] = field(default_factory=list)
    top: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    sequence: int = 0
    elapsed_s: float = 0.0

    # -- feeding -----------------------------------------------------------

    def dump(self, index: int) -> DumpStats:
        return self.dumps[index]

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
        self.distribution[_bucket(result.findings)] += 1
        if not result.findings:
            return
        stats.with_findings += 1
        stats.findings += result.findings
        for code, count in result.counts.items():
            rule = self.rules.get(code)
            if rule is None:
                name, severity = result.rules.get(code, ("", ""))
                rule = self.rules[code] = {"code": code, "name": name, "severity": severity,
                                           "findings": 0, "pages": 0}
                self.severities.setdefault(severity, 0)
            rule["findings"] += count
            rule["pages"] += 1
            self.severities[rule["severity"]] = self.severities.get(rule["severity"], 0) + count
        entry = {"dump": stats.name, "wiki": stats.siteinfo.get("dbname") or result.wiki,
                 "page_id": result.page_id,
                 "title": result.title, "revision_id": result.revision_id, "url": page_url,
                 "findings": result.findings, "by_rule": dict(sorted(
                     result.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5])}
        # earlier pages win ties, so the table is the same whatever the number of workers
        item = (result.findings, -self.sequence, entry)
        if len(self.top) < TOP_PAGES:
            heapq.heappush(self.top, item)
        elif item[:2] > self.top[0][:2]:
            heapq.heapreplace(self.top, item)

    def add_problem(self, dump: int, problem: dict[str, Any]) -> None:
        """A problem that is not a page (a dump that cannot be opened...)."""
        self.add_result(dump, PageResult(-1, None, None, problems=[problem]))

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

    def to_dict(self, **extra: Any) -> dict[str, Any]:
        """The summary JSON (``extra``: status, options, times...)."""
        linted = self.pages_linted
        xml_bytes = sum(d.xml_bytes for d in self.dumps)
        text_bytes = sum(d.text_bytes for d in self.dumps)
        elapsed = self.elapsed_s or 0.0
        rules = sorted(self.rules.values(), key=lambda r: (-r["findings"], r["code"]))
        top = [entry for _, _, entry in sorted(self.top, key=lambda t: (-t[0], -t[1]))]
        return {
            "version": SUMMARY_VERSION,
            **extra,
            "pages": {
                "seen": sum(d.seen for d in self.dumps),
                "linted": linted,
                "with_findings": sum(d.with_findings for d in self.dumps),
                "problems": self.problems,
                **{f"skipped_{k}": sum(d.skipped.get(k, 0) for d in self.dumps) for k in SKIP_KINDS},
            },
            "findings": {"total": self.findings, "by_severity": dict(sorted(self.severities.items()))},
            "rules": rules,
            "distribution": [{"label": label, "min": low, "max": high, "pages": n}
                             for (label, low, high), n in zip(BUCKETS, self.distribution)],
            "top_pages": top,
            "problems": {"total": self.problems, "by_kind": dict(sorted(self.problem_kinds.items())),
                         "sample": self.problem_sample},
            "elapsed_s": round(elapsed, 3),
            "throughput": {
                "pages_per_s": round(linted / elapsed, 2) if elapsed else None,
                "xml_mb_per_s": round(xml_bytes / 1e6 / elapsed, 3) if elapsed else None,
                "text_mb_per_s": round(text_bytes / 1e6 / elapsed, 3) if elapsed else None,
            },
            "dumps": [d.to_dict() for d in self.dumps],
        }

    def state(self) -> dict[str, Any]:
        """Everything needed to continue adding to this summary later."""
        return {
            "dumps": [d.to_dict() for d in self.dumps],
            "rules": self.rules,
            "distribution": self.distribution,
            "severities": self.severities,
            "problem_kinds": self.problem_kinds,
            "problem_sample": self.problem_sample,
            "top": [list(t) for t in self.top],
            "sequence": self.sequence,
            "elapsed_s": self.elapsed_s,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> "ScanSummary":
        summary = cls(
            dumps=[DumpStats.from_dict(d) for d in data["dumps"]],
            rules=data["rules"], distribution=data["distribution"],
            severities=data["severities"], problem_kinds=data["problem_kinds"],
            problem_sample=data["problem_sample"],
            top=[(t[0], t[1], t[2]) for t in data["top"]],
            sequence=data["sequence"], elapsed_s=data["elapsed_s"])
        heapq.heapify(summary.top)
        return summary


def outcome_line(summary: dict, heading: str) -> str:
    """The one-line account of a finished scan: ``wikilint: scan complete: …``."""
    pages = summary["pages"]
    throughput = summary["throughput"].get("pages_per_s")
    return (f"wikilint: {heading}: {pages['linted']:,} pages linted, "
            f"{pages['with_findings']:,} with findings, {summary['findings']['total']:,} findings, "
            f"{summary['problems']['total']:,} skipped on errors, {summary['elapsed_s']:.1f} s"
            + (f", {throughput:,.1f} pages/s" if throughput else ""))
