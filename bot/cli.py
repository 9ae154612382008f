"""The ``wikilint`` command: check, rules, explain, bot, scan, spark."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from contextlib import contextmanager
from typing import Iterator, Sequence, TextIO

from wikilint.bot import __version__
from wikilint.bot.config import WIKI_CHOICES, ConfigError, load_config
from wikilint.bot.inputs import InputError, read_source
from wikilint.bot.registry import RegistryError
from wikilint.bot.output import finding_record, format_text, summary_line, write_jsonl

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

log = logging.getLogger("wikilint")


class UsageError(Exception):
    """A command line that cannot be carried out."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"wikilint: error: {message}\n")


def _selectors(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """``--select``, ``--ignore``, ``--wiki``, ``--config``: shared by check and scan."""
    parser.add_argument("--select", type=_selectors, metavar="RULES",
                        help="comma-separated codes, code prefixes or names to run (default: all)")
    parser.add_argument("--ignore", type=_selectors, metavar="RULES",
                        help="comma-separated codes, code prefixes or names to skip")
    parser.add_argument("--wiki", choices=WIKI_CHOICES,
                        help="wiki profile (default: auto, by the script of the text)")
    parser.add_argument("--config", metavar="FILE", help="TOML file read on top of the defaults")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wikilint", description="Lint Wikipedia wikitext (zh and en).")
    parser.add_argument("--version", action="version", version=f"wikilint {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint wikitext files locally (no network)",
                                description="Lint wikitext files, or stdin for '-'. "
                                "Exit 0: nothing found, 1: findings, 2: usage or input error.")
    check.add_argument("paths", nargs="+", metavar="PATH", help="wikitext file, or - for stdin")
    check.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    check.add_argument("--output", metavar="FILE", help="write the findings here instead of stdout")
    add_selection_arguments(check)

    rules = commands.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="CODE|NAME")

    commands.add_parser("bot", help="run as a Wikipedia bot (pywikibot options; see -help)",
                        add_help=False)
    commands.add_parser("scan", help="lint whole XML dumps on every core (see scan --help)",
                        add_help=False)
    commands.add_parser("spark", help="lint dumps or wikitext tables on Spark (see spark --help)",
                        add_help=False)
    return parser


def build_scan_parser() -> argparse.ArgumentParser:
    """``wikilint scan``'s own parser (built only when scanning)."""
    from wikilint.bot.scan.cli import add_arguments

    parser = _Parser(prog="wikilint scan", description="Lint whole MediaWiki XML dumps.")
    add_arguments(parser)
    add_selection_arguments_if_missing(parser)
    return parser


def add_selection_arguments_if_missing(parser: argparse.ArgumentParser) -> None:
    known = {a.dest for a in parser._actions}
    if "select" not in known:
        add_selection_arguments(parser)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.DEBUG if "-v" in argv[:1] or "--verbose" in argv[:1]
                        else logging.WARNING, format="wikilint: %(levelname)s: %(message)s")
    if argv and argv[0] == "bot":  # pywikibot-style arguments, parsed by pywikibot
        from wikilint.bot.wiki.cli import main as bot_main

        return bot_main(argv[1:])
    if argv and argv[0] == "spark":  # its own parser; needs wikilint[spark] only to run
        from wikilint.bot.spark.cli import main as spark_main

        return spark_main(argv[1:])
    parser = build_parser()
    if argv and argv[0] == "scan":
        parser = build_scan_parser()
        args = parser.parse_args(argv[1:])
        args.command = "scan"
    else:
        args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return check(args)
        if args.command == "rules":
            return list_rules(args.format)
        if args.command == "explain":
            return explain(args.rule)
        if args.command == "scan":
            from wikilint.bot.scan.cli import run as run_scan

            return run_scan(args)
        parser.print_help()
        return EXIT_ERROR
    except (ConfigError, UsageError, RegistryError) as error:
        print(f"wikilint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("wikilint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    with handle:
        yield handle


def check(args: argparse.Namespace) -> int:
    from wikilint.bot.engine import Engine, LintError

    config = load_config(args.config)
    if args.wiki:
        config = config.with_overrides(wiki=args.wiki)
    engine = Engine.from_config(config, select=args.select, ignore=args.ignore)
    max_bytes = int(config.max_page_mb * 1_000_000)
    total = errors = files = 0
    records: list[dict] = []
    with _output(args.output) as out:
        for path in args.paths:
            try:
                source = read_source(path, max_bytes)
                if not source.text.strip():
                    print(f"wikilint: warning: {path}: empty file, nothing to lint", file=sys.stderr)
                result = engine.lint(source.text, title=path)
            except (InputError, LintError) as error:
                print(f"wikilint: error: {path}: {error}", file=sys.stderr)
                errors += 1
                continue
            files += 1
            total += len(result.findings)
            if args.format == "text":
                doc = result.document
                for finding in result.findings:
                    line = doc.line_text(finding.line) if finding.line <= len(doc.line_starts) else None
                    out.write(format_text(path, finding, line))
            elif args.format == "jsonl":
                write_jsonl(out, path, result.findings)
                out.flush()
            else:
                records.extend(finding_record(path, f) for f in result.findings)
        if args.format == "json":
            json.dump(records, out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif args.format == "text" and (files or not errors):
            out.write(summary_line(total, files, errors) + "\n")
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if total else EXIT_CLEAN


def list_rules(fmt: str) -> int:
    from wikilint.bot.registry import load_catalogue

    catalogue = load_catalogue()
    if fmt == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value,
                           "summary": r.summary, "wikis": sorted(r.wikis)} for r in catalogue],
                         ensure_ascii=False, indent=2))
        return EXIT_CLEAN
    if fmt == "markdown":
        print(catalogue_markdown(catalogue), end="")
        return EXIT_CLEAN
    width = max((len(r.name) for r in catalogue), default=4)
    for rule in catalogue:
        print(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}")
    return EXIT_CLEAN


def catalogue_markdown(catalogue) -> str:
    """The rule catalogue as the Markdown table in the README."""
    rows = ["| code | name | severity | what it finds |", "|---|---|---|---|"]
    for rule in catalogue:
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {summary} |")
    return "\n".join(rows) + "\n"


def explain(key: str) -> int:
    from wikilint.bot.registry import load_catalogue

    rule = load_catalogue().find(key)
    if rule is None:
        raise UsageError(f"unknown rule {key!r} (see `wikilint rules`)")
    print(f"{rule.code} {rule.name} ({rule.severity.value})\n")
    print(f"{rule.summary}\n")
    print(rule.documentation())
    return EXIT_CLEAN
