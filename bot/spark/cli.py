"""``wikilint spark``: the dump scan as a Spark job.

:func:`add_arguments` and :func:`run` plug into ``wikilint``'s command line;
:func:`main` serves ``python -m wikilint.bot.spark`` and ``spark-submit``. Nothing
here imports pyspark until the job runs, so the command's help works
without it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from wikilint.bot.commandline import (
    ExitStatus,
    Parser,
    add_global_arguments,
    add_page_memory_argument,
    add_page_timeout_argument,
    add_selection_arguments,
    add_statistics_argument,
    namespace_set,
    positive,
)
from wikilint.bot.emitters import Totals, emitter
from wikilint.bot.i18n import text
from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.scan.summary import outcome_line, report_lang
from wikilint.bot.spark.options import SparkScanOptions

INSTALL_HINT = "the Spark engine needs pyspark: pip install 'wikilint[spark]'"

DESCRIPTION = """\
Lint every article of MediaWiki XML dumps, or of a Parquet/Hive table with Wikimedia's
wikitext columns (page_id, page_namespace, page_title, revision_id, revision_text, and
wiki_db or wiki when several wikis share it), on a Spark cluster, with the same engine
and rules as `wikilint check` and the same page filtering as `wikilint scan`.
Findings go to OUT/findings (Parquet, or JSON lines with --format jsonl), partitioned by
wiki_db and rule code; the errors log to OUT/errors; the summary and the HTML report to
OUT/summary.json and OUT/report.html (and to --report DIR on the driver). Run it under
spark-submit, or directly (--master, default local[*]).
Exit status: 0 all pages linted, 1 some pages or inputs were skipped, 2 usage error."""


def _input_kind(path: str) -> str:
    """``parquet`` for a directory or a .parquet file, else ``dump``."""
    if "://" in path or path.endswith(".parquet") or Path(path).is_dir():
        return "parquet"
    return "dump"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``wikilint spark`` (selection options included)."""
    parser.description = DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="XML dump (plain, .bz2 incl. multistream, .xz, .gz) on a path every "
        "node can read, or Parquet files (a directory, *.parquet, or a URI)",
    )
    parser.add_argument("--table", metavar="NAME", help="read this catalog (Hive) table")
    parser.add_argument(
        "--where",
        metavar="SQL",
        help="filter the table's rows, e.g. \"snapshot='2025-01' AND wiki_db='zhwiki'\"",
    )
    parser.add_argument(
        "--wiki-column",
        metavar="COLUMN",
        help="the table's wiki column (default: wiki_db or wiki when present)",
    )
    parser.add_argument(
        "--wiki-db", metavar="NAME", help="the wiki of a table that has no wiki column, e.g. zhwiki"
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="output directory or URI (findings/, errors/, summary.json and report.html are replaced)",
    )
    parser.add_argument(
        "--format",
        choices=("parquet", "jsonl"),
        default="parquet",
        help="findings as Parquet (default) or as the local scan's JSON lines",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="DIR",
        help="also write summary.json and report.html here (on the driver)",
    )
    parser.add_argument(
        "--ns",
        type=namespace_set,
        default=frozenset({0}),
        metavar="NS",
        help="namespaces to lint: numbers separated by commas, or 'all' (default: 0)",
    )
    add_page_timeout_argument(
        parser,
        "skip a page whose linting takes longer",
        zero="lint in the executor's own process, without a limit",
    )
    add_page_memory_argument(parser, "the process that lints pages on each executor core", "is skipped")
    parser.add_argument(
        "--partitions",
        type=positive(int),
        metavar="N",
        help="spread table rows and unsplittable dumps over N partitions "
        "(default: the table's own; twice the cores for dumps)",
    )
    parser.add_argument(
        "--partition-mb",
        type=positive(float),
        metavar="MB",
        help="size of a dump partition (default: from the dump's size)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="after an interrupted run with the same inputs and options: lint "
        "only the input partitions whose results it did not commit",
    )
    parser.add_argument(
        "--master", metavar="URL", help="Spark master when not run by spark-submit (default: local[*])"
    )
    add_statistics_argument(parser, "print the number of findings per rule at the end")
    add_selection_arguments(parser)


def options_from(args: argparse.Namespace) -> SparkScanOptions:

    dumps = [Path(p) for p in args.inputs if _input_kind(p) == "dump"]
    parquet = [p for p in args.inputs if _input_kind(p) == "parquet"]
    spec = LinterSpec(
        config_path=args.config,
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore) if args.ignore is not None else None,
        min_severity=args.min_severity,
        lang=args.lang,
        parse_all=args.parse_all,
    )
    return SparkScanOptions(
        out=args.out,
        dumps=dumps,
        parquet=parquet,
        table=args.table,
        where=args.where,
        wiki_column=args.wiki_column,
        wiki_db=args.wiki_db,
        format=args.format,
        report=args.report,
        namespaces=args.ns,
        wiki=args.wiki,
        spec=spec,
        page_timeout=args.page_timeout,
        page_memory_mb=args.page_memory,
        partitions=args.partitions,
        resume=args.resume,
        partition_bytes=int(args.partition_mb * (1 << 20)) if args.partition_mb else None,
    )


def session(master: str | None = None):
    """The SparkSession: spark-submit's when run by it, else a new one (on ``master``,
    by default ``local[*]``)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("wikilint")
    if master:
        builder = builder.master(master)
    if not sys.stderr.isatty():  # no progress bars in logs and CI
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    launched_here = "PYSPARK_GATEWAY_PORT" not in os.environ  # not run by spark-submit
    if launched_here and (master or "local").startswith("local"):
        # local workers run this very Python (the one wikilint is installed in)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def run(args: argparse.Namespace, *, spark=None) -> int:
    """Carry out ``wikilint spark``; returns the exit status."""
    if not args.inputs and not args.table:
        print("wikilint: error: give dumps or Parquet paths, or --table", file=sys.stderr)
        return ExitStatus.ERROR
    from wikilint.bot.config import ConfigError
    from wikilint.bot.scan.lint import engine_linter

    options = options_from(args)
    missing = [str(p) for p in options.dumps if not p.exists()]
    if missing:
        print(f"wikilint: error: no such dump: {', '.join(missing)}", file=sys.stderr)
        return ExitStatus.ERROR
    try:
        engine_linter(options.spec)  # a bad --config/--select fails here, once, with one line
    except ConfigError as error:
        print(f"wikilint: error: {error}", file=sys.stderr)
        return ExitStatus.ERROR
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print(f"wikilint: error: {INSTALL_HINT}", file=sys.stderr)
        return ExitStatus.ERROR
    from pyspark.errors import PySparkException

    from wikilint.bot.spark.job import JobError, run_job

    spark = spark or session(args.master)
    try:
        outcome = run_job(spark, options)
    except JobError as error:
        print(f"wikilint: error: {error}", file=sys.stderr)
        return ExitStatus.ERROR
    except PySparkException as error:  # a table that does not exist, a bad --where...
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"wikilint: error: spark: {first}", file=sys.stderr)
        return ExitStatus.ERROR
    if outcome.resumed:
        print(
            "wikilint: spark: "
            + text("spark-resumed", report_lang(options.spec), partitions=outcome.resumed),
            file=sys.stderr,
        )
    line = (
        outcome_line(outcome.summary, "spark scan complete", report_lang(options.spec))
        + f"; findings: {outcome.findings_path}"
    )
    report = options.report / "report.html" if options.report else f"{args.out.rstrip('/')}/report.html"
    print(f"{line}; report: {report}", file=sys.stderr)
    if args.statistics:
        emitter("jsonl" if args.format == "jsonl" else "text", sys.stdout).statistics(
            Totals.from_summary(outcome.summary)
        )
    return outcome.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m wikilint.bot.spark`` / ``spark-submit …/bot/spark/__main__.py``."""
    parser = Parser(prog="wikilint spark", description="Lint dumps or tables on Spark.")
    add_global_arguments(parser)
    add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run(args)
