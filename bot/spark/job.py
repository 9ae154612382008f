"""The Spark job end to end: inputs, linting on the executors, outputs, summary.

1. **Inputs** become one RDD of work. A dump is planned on the driver by the
   local scan's planner (:func:`bot.scan.partition.plan_dump`): a
   multistream bz2 dump or a plain XML file is split into byte ranges, one
   Spark task each, which every executor reads and decompresses on its own
   (so the dump must be at the same path on every node: a shared or mounted
   file system). A dump that cannot be split (xz, gz, single-stream bz2,
   UTF-16) is read by one task, cut into chunks of pages and the chunks are
   spread over the cluster. A table (Parquet files or a catalog table with
   Wikimedia's columns) is read by Spark; rows of other namespaces are
   counted and dropped there, before any text reaches Python.
2. **Linting** (:mod:`wikilint.bot.spark.tasks`) gives one result row per page;
   each input partition's rows are committed under ``OUT/_work`` as its task
   ends (:mod:`wikilint.bot.spark.commit`), so that ``--resume`` lints only
   what an interrupted job did not commit, and the outputs are computed from
   the committed rows.
3. **Outputs**: findings as Parquet (or the local scan's JSON lines) under
   ``OUT/findings``, partitioned by ``wiki_db`` and rule ``code``; the
   errors log under ``OUT/errors``; the summary (:mod:`wikilint.bot.spark.summary`)
   as ``OUT/summary.json`` and the local scan's HTML report as
   ``OUT/report.html`` (and both in ``--report``, a directory on the driver).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

from wikilint.bot.commandline import ExitStatus
from wikilint.bot.scan.dumps import DumpInput, choose_wiki, open_dump
from wikilint.bot.scan.pages import SiteInfo
from wikilint.bot.scan.report import render_report
from wikilint.bot.scan.summary import DumpStats, report_lang
from wikilint.bot.scan.worker import Unit
from wikilint.bot.spark.commit import KEYED_RESULT_TYPE, WorkDir, plan_signature
from wikilint.bot.spark.options import FORMATS, SparkScanOptions
from wikilint.bot.spark.rows import JSON_COLUMN
from wikilint.bot.spark.summary import build_summary
from wikilint.bot.spark.tasks import (
    Source,
    TaskSettings,
    keyed_table_rows,
    keyed_units,
    pending_chunks,
    unit_key,
)

#: Wikimedia's wikitext table columns (wmf.mediawiki_wikitext_current and _history).
TABLE_COLUMNS = ("page_id", "page_namespace", "page_title", "revision_id", "revision_text")
OPTIONAL_COLUMNS = ("page_redirect_title", "revision_content_model")
WIKI_COLUMNS = ("wiki_db", "wiki")
UNKNOWN_WIKI = "unknown"
#: A findings file is cut after this many rows.
MAX_RECORDS_PER_FILE = 5_000_000
ERROR_TYPE = StructType(
    [
        StructField("dump", StringType()),
        StructField("kind", StringType()),
        StructField("message", StringType()),
        StructField("page_id", LongType()),
        StructField("title", StringType()),
        StructField("revision_id", LongType()),
        StructField("rule", StringType()),
    ]
)


class JobError(Exception):
    """A job that cannot start (no input, a table without the needed columns...)."""


@dataclass
class JobOutcome:
    exit_code: int
    summary: dict[str, Any]
    findings_path: str
    errors_path: str
    resumed: int = 0
    """input partitions an interrupted run had committed (``--resume``)"""


@dataclass
class _Inputs:
    """What the driver learnt about the inputs before linting."""

    inputs: list[DumpInput] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    streams: list[Unit] = field(default_factory=list)
    table: DataFrame | None = None

    @property
    def stats(self) -> list[DumpStats]:
        return [i.stats for i in self.inputs]

    def page_url(self, source: int, title: str | None, wiki: str | None) -> str | None:
        return self.inputs[source].page_url(title, wiki)


# -- inputs -------------------------------------------------------------------------


def _plan_dumps(options: SparkScanOptions, inputs: _Inputs) -> None:
    for path in options.dumps:
        index = len(inputs.sources)
        dump = open_dump(index, path.resolve(), wiki=options.wiki, partition_bytes=options.partition_bytes)
        dump.stats.path, dump.stats.name = str(path), path.name
        inputs.inputs.append(dump)
        if dump.error is not None:
            inputs.sources.append(Source(index, path.name, UNKNOWN_WIKI, "auto"))
            inputs.units.append(dump.failed_unit())
            continue
        if dump.stats.warning:
            print(f"wikilint: spark: {path.name}: warning: {dump.stats.warning}", file=sys.stderr)
        inputs.sources.append(Source(index, path.name, dump.siteinfo.dbname or UNKNOWN_WIKI, dump.stats.wiki))
        for unit in dump.units(options.namespaces):
            assert unit.partition is not None  # a dump's units are its partitions
            (inputs.streams if unit.partition.kind == "stream" else inputs.units).append(unit)


def _read_table(spark: SparkSession, options: SparkScanOptions, inputs: _Inputs) -> None:
    if options.table:
        frame, label = spark.table(options.table), options.table
    else:
        frame = spark.read.parquet(*options.parquet)
        label = ", ".join(Path(p).name or p for p in options.parquet)
    if options.where:
        frame = frame.where(options.where)
    columns = set(frame.columns)
    missing = [c for c in TABLE_COLUMNS if c not in columns]
    if missing:
        raise JobError(
            f"{label}: the table has no column {', '.join(missing)} "
            f"(expected Wikimedia's: {', '.join(TABLE_COLUMNS)})"
        )
    wiki_column = options.wiki_column or next((c for c in WIKI_COLUMNS if c in columns), None)
    if wiki_column is not None and wiki_column not in columns:
        raise JobError(f"{label}: the table has no column {wiki_column}")
    wiki_db = (
        F.coalesce(F.col(wiki_column).cast("string"), F.lit(UNKNOWN_WIKI))
        if wiki_column
        else F.lit(options.wiki_db or UNKNOWN_WIKI)
    )
    wanted = [F.col(c) for c in TABLE_COLUMNS + OPTIONAL_COLUMNS if c in columns]
    frame = frame.select(*wanted, wiki_db.alias("wiki_db"))
    namespaces = options.namespaces
    selected = F.col("page_namespace").isin(sorted(namespaces)) if namespaces is not None else F.lit(True)
    # Cheap: only the namespace and wiki columns are read for this.
    counts = (
        frame.groupBy("wiki_db")
        .agg(F.count(F.lit(1)).alias("rows"), F.sum(F.when(selected, 1).otherwise(0)).alias("selected"))
        .orderBy("wiki_db")
        .collect()
    )
    for row in counts:
        index = len(inputs.sources)
        name = row["wiki_db"]
        siteinfo = SiteInfo(dbname=name if name != UNKNOWN_WIKI else None)
        choice = choose_wiki(siteinfo, options.wiki)
        stats = DumpStats(
            path=label,
            name=f"{name} ({label})",
            wiki=choice.wiki,
            wiki_source=choice.source,
            siteinfo=siteinfo.to_dict(),
            kind="table",
        )
        stats.seen = row["rows"] - row["selected"]
        stats.skipped["other_namespaces"] = row["rows"] - row["selected"]
        inputs.inputs.append(DumpInput(index, Path(label), stats, siteinfo=siteinfo))
        inputs.sources.append(Source(index, stats.name, name, choice.wiki, table=True))
    inputs.table = frame.where(selected)


# -- linting -------------------------------------------------------------------------


def _plan(options: SparkScanOptions, inputs: _Inputs) -> str:
    """What the job's input partitions are, for ``--resume`` to check it resumes the same job."""
    return plan_signature(
        {
            "options": {
                **options.public(),
                "format": options.format,
                "partitions": options.partitions,
                "wiki_column": options.wiki_column,
                "wiki_db": options.wiki_db,
                "chunk_bytes": options.chunk_bytes,
                "spec": repr(options.spec),
            },
            "inputs": [[str(i.stats.path), i.stats.name, i.stats.kind] for i in inputs.inputs],
            "parquet": list(options.parquet),
            "units": [[u.dump, u.index, repr(u.partition)] for u in inputs.units + inputs.streams],
        }
    )


def _results(
    spark: SparkSession, options: SparkScanOptions, inputs: _Inputs, done: frozenset[str] = frozenset()
) -> DataFrame | None:
    """Result rows (with their commit keys) of the input partitions not in ``done``;
    None when there are none."""
    context = spark.sparkContext
    settings = TaskSettings(
        options.spec,
        options.page_timeout,
        tuple(inputs.sources),
        options.namespaces,
        options.chunk_bytes,
        page_memory_mb=options.page_memory_mb or None,
    )
    spread = options.partitions or max(2, context.defaultParallelism * 2)
    units = [u for u in inputs.units if unit_key(u.dump, u.index) not in done]
    work = []
    if units:
        work.append(context.parallelize(units, len(units)))
    if inputs.streams:
        chunks = context.parallelize(inputs.streams, len(inputs.streams)).flatMap(
            partial(pending_chunks, settings=settings, done=done)
        )
        work.append(chunks.repartition(spread))
    rdds = []
    if work:
        rdds.append(
            (work[0] if len(work) == 1 else context.union(work)).mapPartitions(
                partial(keyed_units, settings=settings)
            )
        )
    if inputs.table is not None:
        frame = inputs.table
        if options.partitions:  # shuffled by the JVM, before the rows become Python objects
            frame = frame.repartition(options.partitions)
        rdds.append(frame.rdd.mapPartitionsWithIndex(partial(keyed_table_rows, settings=settings, done=done)))
    if not rdds:
        return None
    rdd = rdds[0] if len(rdds) == 1 else context.union(rdds)
    return spark.createDataFrame(rdd, KEYED_RESULT_TYPE, verifySchema=False)  # rows.py builds them


def _lint_and_commit(
    spark: SparkSession, options: SparkScanOptions, inputs: _Inputs, out: str
) -> tuple[DataFrame, int]:
    """Lint what is not committed yet and commit it partition by partition
    (:mod:`wikilint.bot.spark.commit`); every committed result row, and how many
    partitions an interrupted run had committed."""
    if not (inputs.units or inputs.streams or inputs.table is not None):
        raise JobError("nothing to scan: give dumps, Parquet paths or --table")
    work = WorkDir(spark, out)
    plan = _plan(options, inputs)
    done: frozenset[str] = frozenset()
    if options.resume and (previous := work.read_plan()) is not None:
        if previous != plan:
            raise JobError(
                f"--resume: {work.path} was left by a job with other inputs or "
                "options; run without --resume to start again"
            )
        done = work.committed()
    else:
        work.clear()
        work.write_plan(plan)
    rows = _results(spark, options, inputs, done)
    if rows is not None:
        work.append(rows)
    return work.read(), len(done)


def findings_frame(results: DataFrame) -> DataFrame:
    """One row per finding: the finding columns, ``wiki_db``, and the page's input order."""
    return results.select(
        "source", "unit", "ordinal", "wiki_db", F.posexplode("finding_rows").alias("position", "finding")
    ).select("finding.*", "wiki_db", "source", "unit", "ordinal", "position")


# -- outputs --------------------------------------------------------------------------


def _write_findings(findings: DataFrame, path: str, fmt: str) -> None:
    ordered = findings.repartition("wiki_db", "code").sortWithinPartitions(
        "wiki_db", "code", "source", "unit", "ordinal", "position"
    )
    writer_frame = (
        ordered.select(JSON_COLUMN, "wiki_db", "code")
        if fmt == "jsonl"
        else ordered.drop(JSON_COLUMN, "source", "unit", "ordinal", "position")
    )
    writer = (
        writer_frame.write.mode("overwrite")
        .partitionBy("wiki_db", "code")
        .option("maxRecordsPerFile", MAX_RECORDS_PER_FILE)
    )
    if fmt == "jsonl":
        writer.option("compression", "none").text(path)
    else:
        writer.parquet(path)


def _write_errors(results: DataFrame, path: str, fmt: str) -> None:
    lines = (
        results.select(
            "source", "unit", "ordinal", "wiki_db", F.posexplode("problems").alias("position", "line")
        )
        .repartition(1)
        .sortWithinPartitions("source", "unit", "ordinal", "position")
    )
    if fmt == "jsonl":
        lines.select("line").write.mode("overwrite").option("compression", "none").text(path)
    else:
        (
            lines.select(F.from_json("line", ERROR_TYPE).alias("error"), "wiki_db")
            .select("error.*", "wiki_db")
            .write.mode("overwrite")
            .parquet(path)
        )


def write_text(spark: SparkSession, uri: str, text: str) -> None:
    """Write a small file where the job's output goes (local, HDFS, S3...) from the driver."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None  # set while the context runs
    path = jvm.org.apache.hadoop.fs.Path(uri)
    system = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = system.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def run_job(spark: SparkSession, options: SparkScanOptions) -> JobOutcome:
    """Run a scan on Spark. Raises :class:`JobError` for what cannot start."""
    if options.format not in FORMATS:
        raise JobError(f"unknown format {options.format!r} (use {' or '.join(FORMATS)})")
    started, started_at = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds")
    if options.spec.config_path:
        spark.sparkContext.addFile(str(Path(options.spec.config_path).resolve()))
    inputs = _Inputs()
    _plan_dumps(options, inputs)
    if options.table or options.parquet:
        _read_table(spark, options, inputs)
    out = options.out.rstrip("/")
    committed, resumed = _lint_and_commit(spark, options, inputs, out)
    results = committed.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        findings = findings_frame(results)
        findings_path, errors_path = f"{out}/findings", f"{out}/errors"
        _write_findings(findings, findings_path, options.format)
        _write_errors(results, errors_path, options.format)
        elapsed = time.monotonic() - started
        extra = {
            "status": "complete",
            "started_at": started_at,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "jobs": spark.sparkContext.defaultParallelism,
            "options": {**options.public(), "master": spark.sparkContext.master},
            "outputs": {"findings": findings_path, "errors": errors_path, "format": options.format},
        }
        summary = build_summary(
            results, findings, inputs.stats, page_url=inputs.page_url, elapsed_s=elapsed, run=extra
        )
    finally:
        results.unpersist()
    summary_json = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    report_html = render_report(summary, report_lang(options.spec))
    write_text(spark, f"{out}/summary.json", summary_json)
    write_text(spark, f"{out}/report.html", report_html)
    if options.report:
        options.report.mkdir(parents=True, exist_ok=True)
        (options.report / "summary.json").write_text(summary_json, encoding="utf-8")
        (options.report / "report.html").write_text(report_html, encoding="utf-8")
    WorkDir(spark, out).clear()  # complete: nothing to resume
    code = ExitStatus.SKIPPED if summary["problems"]["total"] else ExitStatus.OK
    return JobOutcome(code, summary, findings_path, errors_path, resumed)
