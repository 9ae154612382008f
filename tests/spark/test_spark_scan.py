"""The Spark engine finds exactly what ``wikilint scan`` finds, on the same input.

Each test runs the local scan (2 worker processes) and the Spark job
(``local[2]``) over the same dumps or table and compares findings, errors
and summary. Dumps are written at test time in every layout the scan reads:
multistream bz2 with and without its index and plain XML (split into several
partitions), single-stream bz2, xz and gz (read by one task and spread), a
dump cut mid-page, a page of broken XML and a file that is no dump at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.scan.runner import ScanOptions, scan
from scan_dumps import Page, write_dump
from spark_pages import (dump_file, marked_pages, multistream_file, truncated_file, wiki_pages,
                         xml_bytes)
from spark_linters import CRASH, HANG, RAISE

#: Small partitions, so that the small dumps are split as a big one would be.
PARTITION_BYTES = 4096
#: Summary fields that depend on when and how the scan ran.
RUN_FIELDS = ("started_at", "finished_at", "elapsed_s", "throughput", "options", "outputs",
              "jobs", "status")


@pytest.fixture(scope="module")
def pages():
    return wiki_pages()


@pytest.fixture(scope="module")
def dumps(tmp_path_factory, pages) -> list[Path]:
    folder = tmp_path_factory.mktemp("dumps")
    zh, en = pages["zhwiki"], pages["enwiki"]
    (folder / "noindex").mkdir()
    broken = xml_bytes("enwiki", en[:4]).replace(
        b"<title>" + en[1].title.encode(), b"<title>&undefined; " + en[1].title.encode(), 1)
    (folder / "enwiki-broken.xml").write_bytes(broken)
    (folder / "not-a-dump.xml").write_text("just some text, no <mediawiki> here\n")
    return [
        multistream_file(folder, "zhwiki", zh),
        multistream_file(folder / "noindex", "enwiki", en, index=False),
        dump_file(folder / "enwiki-plain.xml", "enwiki", en),
        dump_file(folder / "zhwiki-single.xml.bz2", "zhwiki", zh[:12]),
        dump_file(folder / "zhwiki.xml.xz", "zhwiki", zh[-14:]),
        dump_file(folder / "enwiki.xml.gz", "enwiki", en[-10:]),
        truncated_file(folder / "enwiki-truncated.xml.xz", "enwiki", en[:10]),
        dump_file(folder / "dewiki.xml.bz2", "dewiki", en[:5]),  # a wiki without a profile
        dump_file(folder / "enwiki-zh-pages.xml.bz2", "enwiki", zh[:3]),  # a header that lies
        write_dump(folder / "enwiki-utf16.xml.bz2", en[5:9], "utf16.bz2", dbname="enwiki", lang="en"),
        folder / "enwiki-broken.xml",
        folder / "not-a-dump.xml",
    ]


# -- running both engines --------------------------------------------------------------

def local_scan(dumps: list[Path], out: Path, **options) -> dict:
    outcome = scan(ScanOptions(dumps=dumps, jobs=2, report=out, progress=False,
                               partition_bytes=PARTITION_BYTES, **options))
    return {"exit": outcome.exit_code, "summary": outcome.summary, "out": out,
            "findings": _lines(out / "findings.jsonl"), "errors": _lines(out / "errors.jsonl")}


def spark_scan(spark, out: Path, *, fmt: str = "jsonl", **options) -> dict:
    from wikilint.bot.spark.job import SparkScanOptions, run_job

    outcome = run_job(spark, SparkScanOptions(out=str(out), format=fmt, report=out / "report",
                                              partition_bytes=PARTITION_BYTES, **options))
    result = {"exit": outcome.exit_code, "summary": outcome.summary, "out": out}
    if fmt == "jsonl":
        result["findings"] = sorted(line for path in (out / "findings").rglob("part-*")
                                    for line in _lines(path))
        result["errors"] = sorted(line for path in (out / "errors").rglob("part-*")
                                  for line in _lines(path))
    return result


def _lines(path: Path) -> list[str]:
    """JSON lines, split on "\n" only (findings may hold U+2028 or U+0085)."""
    return sorted(path.read_text("utf-8").split("\n")[:-1]) if path.exists() else []


def _comparable(summary: dict) -> dict:
    return {key: value for key, value in summary.items() if key not in RUN_FIELDS}


# -- dumps ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_result(dumps, tmp_path_factory):
    return local_scan(dumps, tmp_path_factory.mktemp("local"))


@pytest.fixture(scope="module")
def spark_result(spark, dumps, tmp_path_factory):
    return spark_scan(spark, tmp_path_factory.mktemp("spark-jsonl"), dumps=dumps)


def test_findings_are_identical_to_the_local_scan(local_result, spark_result):
    findings = local_result["findings"]
    codes = {json.loads(line)["code"] for line in findings}
    assert len(findings) > 50 and len(codes) >= 5  # a comparison that means something
    assert spark_result["findings"] == findings


def test_errors_are_identical_and_the_job_goes_on(local_result, spark_result):
    kinds = {json.loads(line)["kind"] for line in local_result["errors"]}
    assert {"unreadable", "truncated", "xml-error"} <= kinds
    assert spark_result["errors"] == local_result["errors"]
    assert spark_result["exit"] == local_result["exit"] == 1  # pages were skipped, and said so


def test_summary_is_identical(local_result, spark_result):
    local, distributed = local_result["summary"], spark_result["summary"]
    assert local["pages"]["skipped_redirects"] > 0 and local["pages"]["skipped_other_models"] > 0
    assert local["pages"]["skipped_other_namespaces"] > 0
    assert len({d["kind"] for d in local["dumps"]}) >= 3  # bz2-streams, xml-range, stream
    assert [w.split(":")[0] for w in local["warnings"]] == ["enwiki-zh-pages.xml.bz2"]
    assert _comparable(distributed) == _comparable(local)
    assert distributed["options"]["engine"] == "spark"


def test_report_is_built_from_the_summary(spark_result):
    from wikilint.bot.scan.report import render_report

    report = spark_result["out"] / "report"
    summary = json.loads((report / "summary.json").read_text("utf-8"))
    assert summary == json.loads(json.dumps(spark_result["summary"]))
    html = (report / "report.html").read_text("utf-8")
    assert html == render_report(summary)
    out = spark_result["out"]  # the same files beside the findings, wherever they are
    assert (out / "report.html").read_text("utf-8") == html
    assert json.loads((out / "summary.json").read_text("utf-8")) == summary
    assert "<svg" in html and "zh.wikipedia.org/wiki/" in html


def test_parquet_findings_match_and_are_partitioned(spark, dumps, local_result, tmp_path):
    from wikilint.bot.spark.rows import finding_record

    result = spark_scan(spark, tmp_path / "out", fmt="parquet", dumps=dumps)
    findings = tmp_path / "out" / "findings"
    partitions = {(p.parent.name, p.name) for p in findings.glob("wiki_db=*/code=*")}
    assert ("wiki_db=zhwiki", "code=REF001") in partitions
    assert {wiki for wiki, _ in partitions} == {"wiki_db=zhwiki", "wiki_db=enwiki", "wiki_db=dewiki"}
    rows = spark.read.parquet(str(findings)).collect()
    records = sorted(json.dumps(finding_record(row), ensure_ascii=False, sort_keys=True)
                     for row in rows)
    expected = sorted(json.dumps(json.loads(line), ensure_ascii=False, sort_keys=True)
                      for line in local_result["findings"])
    assert records == expected
    errors = spark.read.parquet(str(tmp_path / "out" / "errors")).collect()
    keys = ("dump", "kind", "message", "page_id", "title", "revision_id")
    assert sorted(tuple(row[k] for k in keys) for row in errors) == sorted(
        tuple(json.loads(line).get(k) for k in keys) for line in local_result["errors"])
    assert _comparable(result["summary"]) == _comparable(local_result["summary"])
    _assert_same_worklists(result["out"], local_result["out"])


def _assert_same_worklists(parquet_out: Path, jsonl_out: Path) -> None:
    """``wikilint bot -fromscan`` builds the same worklists from both outputs."""
    from wikilint.bot.whitelist import Whitelist
    from wikilint.bot.wiki.messages import Messages
    from wikilint.bot.wiki.worklist import ListContext, read_scan, render_worklists

    context = ListContext(prefix="User:LintBot/lists", size=5, bot_user="LintBot",
                          docpage="User:LintBot/wikilint", whitelist=None, date="2025-01-02")

    def pages(out: Path) -> dict[str, str]:
        lists, warnings = read_scan(out, Whitelist())
        assert warnings == []
        assert lists.total > 50
        return {page.title: page.text for page in render_worklists(lists, context, Messages("en"))}

    assert pages(parquet_out) == pages(jsonl_out)


@pytest.mark.corpus
def test_real_dumps_give_identical_findings(spark, tmp_path):
    from support import CORPUS

    names = ["zulko_enwiki-20250201_tiny_dump.xml.bz2", "dbpedia_minidump_zhwiki.xml.bz2",
             "gensim_bgwiki-latest-pages-articles-shortened.xml.bz2", "pywikibot_article-pear.xml",
             "gensim_enwiki-table-markup.xml.bz2"]
    dumps = [CORPUS / "dumps" / name for name in names]
    if not all(path.exists() for path in dumps):
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    local = local_scan(dumps, tmp_path / "local")
    distributed = spark_scan(spark, tmp_path / "spark", dumps=dumps)
    assert len(local["findings"]) > 10
    assert distributed["findings"] == local["findings"]
    assert distributed["errors"] == local["errors"]
    assert _comparable(distributed["summary"]) == _comparable(local["summary"])


# -- a table with Wikimedia's columns ------------------------------------------------------

def _table_rows(pages) -> list[tuple]:
    rows = []
    for wiki, items in pages.items():
        for page in items:
            rows.append((wiki, page.page_id, page.namespace, page.title,
                         page.redirect or "", page.page_id * 10, page.text,
                         page.model, "2024-05"))
    rows.append(("zhwiki", 1, 0, "An older snapshot", "", 5, "{{citation needed}}", "wikitext",
                 "2024-04"))
    return rows


def test_table_findings_are_identical_to_the_local_scan(spark, pages, tmp_path):
    from pyspark.sql.types import (IntegerType, LongType, StringType, StructField, StructType)

    schema = StructType([
        StructField("wiki_db", StringType()), StructField("page_id", LongType()),
        StructField("page_namespace", IntegerType()), StructField("page_title", StringType()),
        StructField("page_redirect_title", StringType()), StructField("revision_id", LongType()),
        StructField("revision_text", StringType()), StructField("revision_content_model", StringType()),
        StructField("snapshot", StringType())])
    table = tmp_path / "wikitext"
    spark.createDataFrame(_table_rows(pages), schema).repartition(3).write.parquet(str(table))
    folder = tmp_path / "dumps"
    folder.mkdir()
    same_pages = [multistream_file(folder, "enwiki", pages["enwiki"]),
                  multistream_file(folder, "zhwiki", pages["zhwiki"])]
    local = local_scan(same_pages, tmp_path / "local")
    distributed = spark_scan(spark, tmp_path / "spark", parquet=[str(table)],
                             where="snapshot = '2024-05'", partitions=5)
    assert len(local["findings"]) > 50
    assert distributed["findings"] == local["findings"]
    assert distributed["errors"] == local["errors"] == []
    ours, theirs = distributed["summary"], local["summary"]
    for key in ("pages", "findings", "rules", "distribution", "problems"):
        assert ours[key] == theirs[key], key
    unnamed = [[{k: v for k, v in page.items() if k != "dump"} for page in s["top_pages"]]
               for s in (ours, theirs)]
    assert unnamed[0] == unnamed[1]
    assert [d["name"] for d in ours["dumps"]] == ["enwiki (wikitext)", "zhwiki (wikitext)"]

    # a dump and the table in one job: each page keeps its own wiki
    (folder / "more").mkdir()
    extra = dump_file(folder / "more" / "enwiki.xml", "enwiki", pages["enwiki"][:5])
    both = spark_scan(spark, tmp_path / "both", parquet=[str(table)], dumps=[extra],
                      where="snapshot = '2024-05'")
    alone = local_scan([extra], tmp_path / "local-extra")
    assert both["findings"] == sorted(local["findings"] + alone["findings"])


def test_table_without_the_needed_columns_is_refused(spark, tmp_path):
    from wikilint.bot.spark.job import JobError, SparkScanOptions, run_job

    path = tmp_path / "other"
    spark.createDataFrame([(1, "x")], "id long, text string").write.parquet(str(path))
    with pytest.raises(JobError, match="no column page_id"):
        run_job(spark, SparkScanOptions(out=str(tmp_path / "out"), parquet=[str(path)]))


# -- pages that hang, crash or break the engine ------------------------------------------------

def test_a_page_that_hangs_crashes_or_breaks_never_stops_the_job(spark, tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    dumps = [multistream_file(folder, "enwiki", marked_pages([HANG, CRASH, RAISE]))]
    spec = LinterSpec(factory="spark_linters:troublesome")
    local = local_scan(dumps, tmp_path / "local", spec=spec, page_timeout=2.0)
    distributed = spark_scan(spark, tmp_path / "spark", dumps=dumps, spec=spec, page_timeout=2.0)
    kinds = sorted(json.loads(line)["kind"] for line in local["errors"])
    assert kinds == ["lint-error", "timeout", "worker-crash"]
    assert distributed["errors"] == local["errors"]
    assert len(local["findings"]) > 5
    assert distributed["findings"] == local["findings"]
    assert distributed["summary"]["pages"] == local["summary"]["pages"]


def test_a_rule_that_crashes_becomes_an_error_row(spark, pages, tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    en = pages["enwiki"][:6] + [Page(900, "Todo", "TODO: write.")]
    dumps = [dump_file(folder / "enwiki.xml", "enwiki", en)]
    calls = tmp_path / "calls.txt"
    spec = LinterSpec(factory="spark_linters:with_crashing_rule", options=(("calls", str(calls)),))
    local = local_scan(dumps, tmp_path / "local", spec=spec)
    assert len(calls.read_text("utf-8").splitlines()) == len(en)
    calls.unlink()
    distributed = spark_scan(spark, tmp_path / "spark", dumps=dumps, spec=spec, page_timeout=0)
    # each page linted once, whatever the job computes from the results
    assert sorted(calls.read_text("utf-8").splitlines()) == sorted(
        p.title.replace("_", " ") for p in en)
    assert {json.loads(line)["kind"] for line in local["errors"]} == {"rule-error"}
    assert len(local["errors"]) == len(en)
    assert distributed["errors"] == local["errors"]
    assert [json.loads(line)["code"] for line in distributed["findings"]] == ["TST001"]
    assert distributed["findings"] == local["findings"]
