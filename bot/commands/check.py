"""``wikilint check PATH…``: lint wikitext files (or stdin) locally, without the network.

With ``--fix`` the fixes the findings carry are applied (safe ones; unsafe
ones too with ``--unsafe-fixes``) and the files written back; ``--diff``
prints what ``--fix`` would change and writes nothing (:mod:`wikilint.bot.fixing`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, TextIO

from wikilint.bot.commandline import (
    ExitStatus,
    UsageError,
    add_format_arguments,
    add_guard_arguments,
    add_selection_arguments,
)
from wikilint.bot.config import load_config
from wikilint.bot.emitters import EMITTERS, Page, Totals, emitter
from wikilint.bot.i18n import text as output_text
from wikilint.bot.inputs import InputError, read_source

DESCRIPTION = (
    "Lint wikitext files, or stdin for '-'. "
    "Exit 0: nothing found, 1: findings, 2: usage or input error. "
    "With --fix: 1 when findings remain; with --diff: 1 when a file would change."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.add_argument("paths", nargs="+", metavar="PATH", help="wikitext file, or - for stdin")
    add_format_arguments(parser, tuple(EMITTERS), "text")
    parser.add_argument("--output", metavar="FILE", help="write the findings here instead of stdout")
    add_selection_arguments(parser)
    add_guard_arguments(parser)
    parser.add_argument(
        "--whitelist",
        metavar="FILE",
        help="leave out the findings this whitelist marks as false positives "
        "(lines '* [[Article]] CODE fingerprint reason'; the article is a "
        "file's name without its extension, or its path)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes and write the files back (stdin: the fixed "
        "text goes to stdout, the findings to stderr)",
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, apply the unsafe fixes too; alone, show them as fixable",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff instead of the findings; write nothing",
    )


def _relint(engine: Any, whitelist: Any, names: Any, path: str, wiki: str, text: str) -> list:
    """The findings left in a fixed ``text`` (what the fix loop lints again)."""
    return whitelist.keep(names, engine.lint(text, title=path, wiki=wiki).findings)


def _load_whitelist(path: str | None):
    from wikilint.bot.whitelist import Whitelist

    if path is None:
        return Whitelist()
    try:
        text = open(path, encoding="utf-8-sig").read()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(
            f"cannot read whitelist {path}: {getattr(error, 'strerror', None) or error}"
        ) from None
    whitelist = Whitelist.parse(text)
    for problem in whitelist.problems:
        print(f"wikilint: warning: {path}: {problem}", file=sys.stderr)
    return whitelist


def _article_names(path: str) -> list[str]:
    """The titles a whitelist entry may give a file by: its stem, its name, its path."""
    from pathlib import PurePath

    return [PurePath(path).stem, PurePath(path).name, path]


@contextmanager
def _output(path: str | None, fallback: TextIO) -> Iterator[TextIO]:
    if path is None:
        yield fallback
        return
    try:
        handle = open(path, "w", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    with handle:
        yield handle


def run(args: argparse.Namespace) -> int:
    from wikilint.bot.engine import LintError
    from wikilint.bot.fixfiles import as_written, unified_diff, write_fixed
    from wikilint.bot.fixing import fix_text
    from wikilint.bot.guard import GuardedLinter, linter_spec
    from wikilint.rules.messages import localize_all, page_language

    config = load_config(args.config).with_overrides(wiki=args.wiki, lang=args.lang)
    engine = GuardedLinter(linter_spec(args), args.page_timeout, args.page_memory, wiki=args.wiki)
    max_bytes = int(config.max_page_mb * 1_000_000)
    whitelist = _load_whitelist(getattr(args, "whitelist", None))
    totals = Totals()
    languages: set[str] = set()
    fixing = args.fix or args.diff
    # The fixed text of stdin goes to stdout: the findings to stderr then.
    findings_out = sys.stderr if args.fix and not args.diff and "-" in args.paths else sys.stdout
    changed_files = 0
    with _output(args.output, findings_out) as out:
        writer = emitter(args.format, out)
        writer.unsafe_fixes = args.unsafe_fixes
        for path in args.paths:
            try:
                source = read_source(path, max_bytes)
                if not source.text.strip():
                    print(f"wikilint: warning: {path}: empty file, nothing to lint", file=sys.stderr)
                result = engine.lint(source.text, title=path)
                # The text as linted: cleaned as MediaWiki stores it (line breaks).
                linted = result.text
                names = _article_names(path)
                findings, text = whitelist.keep(names, result.findings), linted
                if fixing:
                    outcome = fix_text(
                        linted,
                        partial(_relint, engine, whitelist, names, path, result.wiki),
                        unsafe=args.unsafe_fixes,
                        findings=findings,
                    )
                    if not outcome.converged:
                        print(
                            "wikilint: warning: "
                            + output_text("not-converged", path=path, passes=outcome.passes),
                            file=sys.stderr,
                        )
                    findings, text = outcome.remaining, outcome.text
                    totals.fixed.update(outcome.fixed)
                    if outcome.changed:
                        changed_files += 1
                        if args.diff:
                            sys.stdout.write(unified_diff(path, linted, outcome.text))
                        elif path != "-":
                            write_fixed(path, source.text, as_written(source.text, linted, outcome.text))
                    if args.fix and not args.diff and path == "-":
                        sys.stdout.write(outcome.text)
            except (InputError, LintError) as error:
                print(f"wikilint: error: {path}: {error}", file=sys.stderr)
                totals.errors += 1
                continue
            for warning in result.warnings:
                print(f"wikilint: warning: {path}:{warning.line}: {warning.message}", file=sys.stderr)
            lang = page_language(config.lang, result.language, text)
            languages.add(lang)
            page = Page(path, localize_all(findings, lang), text, lang)
            totals.add(page)
            if not args.statistics and not args.diff:
                writer.page(page)
        # the summary in the language of the pages when they agree (else the configured one)
        totals.lang = next(iter(languages)) if len(languages) == 1 else config.lang
        if totals.lang == "auto":
            totals.lang = "en"
        if args.diff:
            fixed = sum(totals.fixed.values())
            line = (
                output_text(
                    "would-fix", totals.lang, fixed=fixed, files=changed_files, remaining=totals.findings
                )
                if fixed
                else output_text("no-fix", totals.lang)
            )
            print(line, file=sys.stderr)
        elif args.statistics:
            writer.statistics(totals)
        else:
            writer.finish(totals)
    if totals.errors:
        return ExitStatus.ERROR
    if args.diff:
        return ExitStatus.FINDINGS if changed_files else ExitStatus.OK
    return ExitStatus.FINDINGS if totals.findings else ExitStatus.OK
