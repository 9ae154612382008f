"""The scan summary computed with Spark aggregations over the result rows.

The figures are computed here and made into the local scan's
:class:`~wikilint.bot.scan.summary.Summary` by the same
:meth:`~wikilint.bot.scan.summary.Summary.build`, so
:mod:`wikilint.bot.scan.report` draws the same HTML report from it, with
the same numbers: counts per input,
findings per rule (name and severity as first met in input order), the
findings-per-page distribution, the pages with the most findings (earlier
pages first on ties), and the problems. Only a few hundred rows ever reach
the driver.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from wikilint.bot.scan.summary import (
    BUCKETS,
    PROBLEM_SAMPLE,
    SKIP_KINDS,
    TOP_PAGES,
    DumpStats,
    Summary,
    by_rule,
)

#: Input order of a page (dump order, then table order): breaks ties as the local scan does.
ORDER = ("source", "unit", "ordinal")


def _count(condition: Column) -> Column:
    return F.sum(F.when(condition, 1).otherwise(0))


def _bucket() -> Column:
    expression = None
    for index, (_, low, high) in enumerate(BUCKETS):
        test = F.col("findings") >= low if high is None else F.col("findings").between(low, high)
        expression = F.when(test, index) if expression is None else expression.when(test, index)
    assert expression is not None  # BUCKETS is never empty
    return expression.otherwise(len(BUCKETS) - 1)


def source_counts(results: DataFrame) -> dict[int, dict[str, int]]:
    """Per input: pages seen, linted, with findings, skipped...; as DumpStats fields."""
    page = ~F.col("trailer")
    counted = page & F.col("skipped").isNull()
    aggregates = [
        _count(page & (F.col("ordinal") >= 0)).alias("seen"),
        _count(F.col("linted")).alias("linted"),
        _count(F.col("linted") & (F.col("findings") > 0)).alias("with_findings"),
        F.sum(F.when(F.col("linted"), F.col("findings")).otherwise(0)).alias("findings"),
        _count(counted & (F.size("problems") > 0)).alias("problems"),
        F.sum(F.when(F.col("linted"), F.col("text_bytes")).otherwise(0)).alias("text_bytes"),
        F.sum("xml_bytes").alias("xml_bytes"),
    ] + [_count(F.col("skipped") == kind).alias(f"skipped_{kind}") for kind in SKIP_KINDS]
    return {row["source"]: row.asDict() for row in results.groupBy("source").agg(*aggregates).collect()}


def rule_counts(findings: DataFrame) -> list[dict[str, Any]]:
    """Findings and pages per rule code, with the name and severity met first."""
    first = F.struct(*ORDER, "position")
    rows = (
        findings.groupBy("code")
        .agg(
            F.min_by("rule", first).alias("name"),
            F.min_by("severity", first).alias("severity"),
            F.count(F.lit(1)).alias("findings"),
            F.count_distinct(*ORDER).alias("pages"),
        )
        .collect()
    )
    return [
        {
            "code": r["code"],
            "name": r["name"] or "",
            "severity": r["severity"] or "",
            "findings": r["findings"],
            "pages": r["pages"],
        }
        for r in rows
    ]


def distribution(results: DataFrame) -> list[int]:
    counts = [0] * len(BUCKETS)
    for row in results.where("linted").groupBy(_bucket().alias("bucket")).count().collect():
        counts[row["bucket"]] = row["count"]
    return counts


def top_pages(
    results: DataFrame, stats: list[DumpStats], page_url: Callable[[int, str | None, str | None], str | None]
) -> list[dict[str, Any]]:
    """The pages with the most findings (as :func:`bot.scan.summary.top_page` gives them)."""
    rows = (
        results.where(F.col("linted") & (F.col("findings") > 0))
        .orderBy(F.desc("findings"), *ORDER)
        .limit(TOP_PAGES)
        .select(*ORDER, "page_id", "title", "revision_id", "wiki", "findings", "counts")
        .collect()
    )
    return [
        {
            "dump": stats[r["source"]].name,
            "wiki": stats[r["source"]].page_wiki(r["wiki"]),
            "page_id": r["page_id"],
            "title": r["title"],
            "revision_id": r["revision_id"],
            "url": page_url(r["source"], r["title"], r["wiki"]),
            "findings": r["findings"],
            "by_rule": by_rule(r["counts"] or {}),
        }
        for r in rows
    ]


def problems(results: DataFrame) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Problems by kind, and the first few in input order (as the local summary's sample)."""
    exploded = results.where(F.col("skipped").isNull()).select(
        *ORDER, F.posexplode("problems").alias("position", "line")
    )
    kinds = {
        row["kind"] or "unknown": row["count"]
        for row in exploded.groupBy(F.get_json_object("line", "$.kind").alias("kind")).count().collect()
    }
    sample = []
    for row in exploded.orderBy(*ORDER, "position").limit(PROBLEM_SAMPLE).collect():
        record = json.loads(row["line"])
        dump = record.pop("dump", None)
        sample.append({**record, "dump": dump})
    return dict(sorted(kinds.items())), sample


def build_summary(
    results: DataFrame,
    findings: DataFrame,
    stats: list[DumpStats],
    *,
    page_url: Callable[[int, str | None, str | None], str | None],
    elapsed_s: float,
    run: dict[str, Any],
) -> dict[str, Any]:
    """The summary JSON of a Spark scan; ``stats`` describe the inputs (counts are filled in)."""
    counts = source_counts(results)
    for index, item in enumerate(stats):
        row = counts.get(index, {})
        item.seen += row.get("seen") or 0
        item.linted = row.get("linted") or 0
        item.with_findings = row.get("with_findings") or 0
        item.findings = row.get("findings") or 0
        item.problems = row.get("problems") or 0
        item.text_bytes = row.get("text_bytes") or 0
        item.xml_bytes = row.get("xml_bytes") or 0
        for kind in SKIP_KINDS:
            item.skipped[kind] = item.skipped.get(kind, 0) + (row.get(f"skipped_{kind}") or 0)
    by_kind, sample = problems(results)
    return Summary.build(
        dumps=stats,
        rules=rule_counts(findings),
        distribution=distribution(results),
        top_pages=top_pages(results, stats, page_url),
        problem_kinds=by_kind,
        problem_sample=sample,
        elapsed_s=elapsed_s,
        **run,
    ).to_json()
