"""``wikilint scan DUMP…``: the command-line front end of the dump scan."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from wikilint.bot.commandline import (
    ExitStatus,
    add_page_memory_argument,
    add_page_timeout_argument,
    add_selection_arguments,
    add_statistics_argument,
    namespace_set,
    positive,
)
from wikilint.bot.emitters import STREAMING, Totals, emitter
from wikilint.bot.scan.lint import LinterSpec, engine_linter
from wikilint.bot.scan.runner import ScanError, ScanOptions, StopOnSignals, scan
from wikilint.bot.scan.summary import outcome_line, report_lang

DESCRIPTION = """\
Lint every article of MediaWiki XML dumps (pages-articles; plain, .bz2 including
multistream, .xz or .gz) on several cores. Findings are written as JSON lines in dump
order (or in another line format, --format); --report adds summary.json, errors.jsonl
and a self-contained report.html; --statistics prints the findings per rule at the end.
Pages that cannot be read or linted are logged and skipped. Exit status: 0 all pages
linted, 1 some pages or dumps were skipped (see the errors file), 2 usage error,
130 interrupted (run again with --resume to continue)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``wikilint scan`` (selection options included)."""
    parser.description = DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "dumps", nargs="+", metavar="DUMP", type=Path, help="pages-articles XML dump (plain, .bz2, .xz, .gz)"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive(int),
        default=None,
        metavar="N",
        help="worker processes (default: the cores available)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE.jsonl",
        help="findings file (default: REPORT/findings.jsonl, or stdout)",
    )
    parser.add_argument(
        "--report", type=Path, metavar="DIR", help="write summary.json, errors.jsonl and report.html here"
    )
    parser.add_argument(
        "--ns",
        type=namespace_set,
        default=frozenset({0}),
        metavar="NS",
        help="namespaces to lint: numbers separated by commas, or 'all' (default: 0)",
    )
    parser.add_argument(
        "--limit", type=positive(int), metavar="N", help="stop after N pages linted (in dump order)"
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted scan with the same outputs, without duplicates",
    )
    add_page_timeout_argument(parser, "skip a page whose linting takes longer")
    add_page_memory_argument(parser, "each process that lints pages", "is skipped and logged")
    parser.add_argument(
        "--format", choices=STREAMING, default="jsonl", help="how findings are written (default: jsonl)"
    )
    add_statistics_argument(parser, "print the number of findings per rule at the end")
    add_selection_arguments(parser)


def options_from(args: argparse.Namespace) -> ScanOptions:
    spec = LinterSpec(
        config_path=args.config,
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore) if args.ignore is not None else None,
        min_severity=args.min_severity,
        lang=args.lang,
        parse_all=args.parse_all,
    )
    return ScanOptions(
        dumps=list(args.dumps),
        jobs=args.jobs or len(os.sched_getaffinity(0)),
        out=args.out,
        report=args.report,
        namespaces=args.ns,
        wiki=args.wiki,
        spec=spec,
        limit=args.limit,
        resume=args.resume,
        page_timeout=args.page_timeout,
        page_memory_mb=args.page_memory,
        format=args.format,
    )


def run(args: argparse.Namespace) -> int:
    """Carry out ``wikilint scan``; returns the exit status."""
    options = options_from(args)
    if not any(path.is_file() for path in options.dumps):
        names = ", ".join(str(p) for p in options.dumps)
        print(f"wikilint: error: no dump to read: {names} (missing, or not a file)", file=sys.stderr)
        return ExitStatus.ERROR
    engine_linter(options.spec)  # a bad --config/--select fails here, once, with one line
    stop = threading.Event()
    try:
        with StopOnSignals(stop):
            outcome = scan(options, stop=stop)
    except ScanError as error:
        print(f"wikilint: error: {error}", file=sys.stderr)
        return ExitStatus.ERROR
    line = outcome_line(outcome.summary, f"scan {outcome.status}", report_lang(options.spec))
    if options.report:
        line += f"; report: {options.report / 'report.html'}"
    print(line, file=sys.stderr)
    if args.statistics:
        emitter(args.format, sys.stdout).statistics(Totals.from_summary(outcome.summary))
    return outcome.exit_code
