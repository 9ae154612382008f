"""The scan browser's DuckDB queries on a real scan and on 5 million synthetic findings.

``python bench/scan_browse.py [--scan DIR] [--synthetic N] [--format jsonl|parquet|both]``

For each scan output: the time to load it into DuckDB (once, at start-up),
then each question the browser asks — rules; pages of a rule by most
findings, by oldest tag, deep in the pager; pages filtered by title, by
section words, by severity; the findings of one page; one finding — timed
as the median and the worst of 5 runs. The synthetic output has the scan's
JSON-lines fields, 200,000 pages, 9 rules with skewed frequencies, sections,
and tag dates on the citation rules; it is written by DuckDB itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from wikilint.bot.web.browse import Filters, ScanBrowser

RUNS = 5
CODES = ["REF001", "REF002", "CIT001", "CIT002", "CIT003", "DAT001", "DAT002", "NUM001", "NUM002"]


def synthesize(directory: Path, findings: int, kind: str) -> Path:
    """Write ``findings`` synthetic findings as ``findings.jsonl`` or Parquet partitions."""
    codes = "[" + ", ".join(f"'{c}'" for c in CODES) + "]"
    select = f"""
        SELECT code,
               'rule-' || lower(code) AS rule,
               CASE WHEN hash(i * 3) % 10 = 0 THEN 'info' ELSE 'warning' END AS severity,
               'Synthetic finding number ' || i || ' of rule ' || code AS message,
               'wikilint-' || lower(code) || '-synthetic' AS message_key,
               (i % 900 + 1)::BIGINT AS line, (i % 80 + 1)::BIGINT AS "column",
               (i % 900 + 1)::BIGINT AS end_line, (i % 80 + 20)::BIGINT AS end_column,
               (i % 50000)::BIGINT AS "offset", (i % 50000 + 19)::BIGINT AS end_offset,
               ['', 'History', 'Early life', 'Casualties', 'References', '歷史', '參考資料'][1 + (i % 7)]
                   AS section,
               '{{{{citation needed|date=2014}}}}' AS snippet,
               'Fix it' AS suggestion,
               CASE WHEN code LIKE 'CIT%' THEN
                   json_object('template', 'citation needed', 'date_parsed',
                               (2006 + (hash(i) % 18))::VARCHAR || '-' ||
                               lpad((1 + hash(i * 7) % 12)::VARCHAR, 2, '0'))
                    ELSE json_object('url', 'http://example.org/' || i) END AS evidence,
               json_object() AS params,
               (i // 25)::BIGINT AS page_id,
               'Synthetic page ' || (i // 25) AS title,
               (1000000 + i // 25)::BIGINT AS revision_id,
               CASE WHEN (i // 25) % 3 = 0 THEN 'zhwiki' ELSE 'enwiki' END AS wiki
        FROM (SELECT i, {codes}[1 + least(8, floor(-ln(random()) * 2.2)::INT)] AS code
              FROM range({findings}) t(i))"""
    if kind == "jsonl":
        path = directory / "findings.jsonl"
        duckdb.execute(f"COPY ({select}) TO '{path}' (FORMAT json)")
    else:
        path = directory / "findings"
        duckdb.execute(f"""COPY (SELECT * EXCLUDE (evidence, params),
                                 evidence::VARCHAR AS evidence, params::VARCHAR AS params,
                                 wiki AS wiki_db FROM ({select}))
                           TO '{path}' (FORMAT parquet, PARTITION_BY (wiki_db, code))""")
    return path


def timed(function) -> tuple[float, float]:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times), max(times)


def measure(directory: Path, label: str) -> dict:
    scan = ScanBrowser(directory)
    top = scan.rules(Filters())[0]["code"]
    rows, total = scan.pages(Filters(code=top))
    page = rows[0]
    one = scan.findings(page["wiki"], page["title"], Filters())[0]["id"]
    questions = {
        "rules": lambda: scan.rules(Filters()),
        "rules, severity info": lambda: scan.rules(Filters(severity="info")),
        f"pages of {top}, most findings": lambda: scan.pages(Filters(code=top), "findings"),
        "pages of CIT001, oldest tag": lambda: scan.pages(Filters(code="CIT001"), "oldest"),
        "all pages, last page": lambda: scan.pages(Filters(), "findings",
                                                    page=max(1, total // 50)),
        "pages, title contains": lambda: scan.pages(Filters(title="page 12")),
        "pages, section words": lambda: scan.pages(Filters(code=top, section="history")),
        "pages, severity info": lambda: scan.pages(Filters(severity="info"), "oldest"),
        "findings of one page": lambda: scan.findings(page["wiki"], page["title"], Filters()),
        "one finding": lambda: scan.finding(one),
    }
    print(f"\n{label}: {scan.total:,} findings ({scan.kind}), loaded in {scan.load_seconds:.2f} s")
    result = {"label": label, "findings": scan.total, "kind": scan.kind,
              "load_s": round(scan.load_seconds, 2), "queries": {}}
    for name, question in questions.items():
        median, worst = timed(question)
        result["queries"][name] = round(median * 1000, 1)
        print(f"  {name:<34} median {median * 1000:7.1f} ms   worst {worst * 1000:7.1f} ms")
    scan.close()
    result["slowest_ms"] = max(result["queries"].values())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan", help="a scan's output directory (wikilint scan --report DIR)")
    parser.add_argument("--synthetic", type=int, default=5_000_000)
    parser.add_argument("--format", choices=("jsonl", "parquet", "both"), default="both")
    args = parser.parse_args()
    results = []
    if args.scan:
        results.append(measure(Path(args.scan), f"scan {args.scan}"))
    kinds = ("jsonl", "parquet") if args.format == "both" else (args.format,)
    for kind in kinds if args.synthetic else ():
        with tempfile.TemporaryDirectory(prefix="wikilint-synthetic-") as tmp:
            began = time.perf_counter()
            path = synthesize(Path(tmp), args.synthetic, kind)
            size = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file())
            print(f"\nwrote {args.synthetic:,} synthetic findings as {kind} "
                  f"({size / 1e6:.0f} MB) in {time.perf_counter() - began:.1f} s: {path.name}")
            results.append(measure(Path(tmp), f"synthetic {kind}"))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
