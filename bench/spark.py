"""Benchmark: ``wikilint spark`` in ``local[2]`` against ``wikilint scan --jobs 2``.

    python bench/spark.py [--corpus DIR] [--copies N] [--rounds N] [--select RULES]

Repacks the English dumps of the shared corpus into one multistream dump
(Wikimedia's layout, so that both engines split it into ranges of bz2
streams), then runs the local scan with 2 workers and the Spark job on a
``local[2]`` session in alternation, checks that their findings are
identical, and prints a table and, as its last line, one JSON object:
pages/s of each, their ratio, pages/s per executor core, and the
guard's cost (Spark linting in the executor's own process, ``--page-timeout 0``).
Spark's session start and the start of its Python workers (paid once per
job and executor) are left out: a small job runs first to warm them up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"  # the dump writers of the scan and Spark tests
sys.path[:0] = [str(TESTS / "spark"), str(TESTS / "scan"), str(ROOT)]

from scan_dumps import Page  # noqa: E402
from spark_pages import multistream_file  # noqa: E402

from wikilint.bot.scan.lint import LinterSpec  # noqa: E402
from wikilint.bot.scan.pages import PageRecord  # noqa: E402
from wikilint.bot.scan.partition import partition_pages, plan_dump  # noqa: E402
from wikilint.bot.scan.runner import ScanOptions, scan  # noqa: E402

ENGLISH_DUMPS = ("dbpedia_minidump_enwiki.xml.bz2", "zulko_enwiki-20250201_tiny_dump.xml.bz2",
                 "wikibrain_enwiki-2013_en_test.xml.bz2",
                 "gensim_enwiki-latest-pages-articles1-p000000010p000030302-shortened.xml.bz2")


def corpus_pages(corpus: Path) -> list[Page]:
    pages: list[Page] = []
    for name in ENGLISH_DUMPS:
        path = corpus / "dumps" / name
        if not path.exists():
            continue
        plan = plan_dump(path)
        for partition in plan.partitions():
            for record in partition_pages(plan.header, partition):
                if isinstance(record, PageRecord):
                    pages.append(Page(0, record.title, record.text, record.namespace,
                                      "Target" if record.redirect else None))
    return pages


def build_dump(folder: Path, corpus: Path, copies: int) -> tuple[Path, int]:
    originals = corpus_pages(corpus)
    if not originals:
        raise SystemExit(f"no English dumps under {corpus / 'dumps'}")
    pages = []
    for copy in range(copies):
        for page in originals:
            suffix = f" ({copy + 1})" if copy else ""
            pages.append(Page(len(pages) + 1, page.title + suffix, page.text, page.namespace,
                              page.redirect))
    return multistream_file(folder, "enwiki", pages, per_stream=100), len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--select", help="rules to run (default: all)")
    args = parser.parse_args()
    select = tuple(args.select.split(",")) if args.select else None
    spec = LinterSpec(select=select)
    work = Path(tempfile.mkdtemp(prefix="wikilint-bench-spark-"))
    dump, pages = build_dump(work, args.corpus, args.copies)
    xml_mb = plan_dump(dump).size / 1e6

    import os

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from wikilint.bot.spark.job import SparkScanOptions, run_job

    started = time.monotonic()
    spark = (SparkSession.builder.master("local[2]").appName("wikilint-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    session_start = time.monotonic() - started

    # Warm-up, not counted: start the Python workers and their guarded linters,
    # as a long job does once per executor.
    (work / "warm-up").mkdir()
    small = multistream_file(work / "warm-up", "enwiki",
                             [Page(i + 1, f"Page {i}", "Text {{cn}}") for i in range(40)],
                             per_stream=2)
    for timeout in (30.0, 0):  # several partitions, so that every worker starts
        run_job(spark, SparkScanOptions(out=str(work / f"warm-up-{timeout}"), dumps=[small],
                                        spec=spec, page_timeout=timeout, partition_bytes=256))

    runs: dict[str, list[float]] = {"local": [], "spark": [], "spark-in-process": []}
    linted = {}
    findings = {}
    for round_ in range(args.rounds):
        for name in runs:
            out = work / f"{name}-{round_}"
            if name == "local":
                outcome = scan(ScanOptions(dumps=[dump], jobs=2, report=out, progress=False,
                                           spec=spec))
                summary = outcome.summary
                lines = sorted((out / "findings.jsonl").read_text("utf-8").split("\n")[:-1])
            else:
                outcome = run_job(spark, SparkScanOptions(
                    out=str(out), dumps=[dump], format="jsonl", spec=spec,
                    page_timeout=0 if name == "spark-in-process" else 30.0))
                summary = outcome.summary
                lines = sorted(line for part in (out / "findings").rglob("part-*")
                               for line in part.read_text("utf-8").split("\n")[:-1])
            runs[name].append(summary["elapsed_s"])
            linted[name] = summary["pages"]["linted"]
            text_mb = sum(d["text_bytes"] for d in summary["dumps"]) / 1e6
            findings[name] = lines
            print(f"round {round_ + 1} {name:17} {summary['elapsed_s']:8.2f} s  "
                  f"{summary['pages']['linted'] / summary['elapsed_s']:8.2f} pages/s", flush=True)
    spark.stop()
    identical = findings["local"] == findings["spark"] == findings["spark-in-process"]
    rate = {name: linted[name] / statistics.median(times) for name, times in runs.items()}
    print(f"\ndump: {pages} pages ({linted['local']} linted), {xml_mb:.1f} MB compressed; "
          f"Spark session start {session_start:.1f} s (not counted); findings identical: {identical}")
    print(f"{'engine':28} {'pages/s':>10}")
    print(f"{'wikilint scan --jobs 2':28} {rate['local']:10.2f}")
    print(f"{'wikilint spark local[2]':28} {rate['spark']:10.2f}")
    print(f"{'  same, --page-timeout 0':28} {rate['spark-in-process']:10.2f}")
    print(json.dumps({
        "pages_linted": linted["local"], "rules": list(select) if select else "all",
        "scan_2_pages_per_s": round(rate["local"], 2),
        "spark_local2_pages_per_s": round(rate["spark"], 2),
        "spark_local2_in_process_pages_per_s": round(rate["spark-in-process"], 2),
        "spark_vs_scan": round(rate["spark"] / rate["local"], 3),
        "guard_cost": round(1 - rate["spark"] / rate["spark-in-process"], 3),
        "spark_pages_per_s_per_core": round(rate["spark"] / 2, 2),
        "text_mb_linted": round(text_mb, 2),
        "spark_text_mb_per_s_per_core": round(text_mb * rate["spark"] / linted["spark"] / 2, 3),
        "spark_session_start_s": round(session_start, 1),
        "identical": identical,
    }))


if __name__ == "__main__":
    main()
