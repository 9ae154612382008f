"""``wikilint check PATH…``: lint wikitext files (or stdin) locally, without the network."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from typing import Iterator, TextIO

from wikilint.bot.commandline import (ExitStatus, UsageError, add_format_arguments,
                                      add_selection_arguments)
from wikilint.bot.config import load_config
from wikilint.bot.emitters import EMITTERS, Page, Totals, emitter
from wikilint.bot.inputs import InputError, read_source

DESCRIPTION = ("Lint wikitext files, or stdin for '-'. "
               "Exit 0: nothing found, 1: findings, 2: usage or input error.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.add_argument("paths", nargs="+", metavar="PATH", help="wikitext file, or - for stdin")
    add_format_arguments(parser, tuple(EMITTERS), "text")
    parser.add_argument("--output", metavar="FILE", help="write the findings here instead of stdout")
    add_selection_arguments(parser)
    parser.add_argument("--whitelist", metavar="FILE",
                        help="leave out the findings this whitelist marks as false positives "
                        "(lines '* [[Article]] CODE fingerprint reason'; the article is a "
                        "file's name without its extension, or its path)")


def _load_whitelist(path: str | None):
    from wikilint.bot.whitelist import Whitelist

    if path is None:
        return Whitelist()
    try:
        text = open(path, encoding="utf-8-sig").read()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read whitelist {path}: "
                         f"{getattr(error, 'strerror', None) or error}") from None
    whitelist = Whitelist.parse(text)
    for problem in whitelist.problems:
        print(f"wikilint: warning: {path}: {problem}", file=sys.stderr)
    return whitelist


def _article_names(path: str) -> list[str]:
    """The titles a whitelist entry may give a file by: its stem, its name, its path."""
    from pathlib import PurePath

    return [PurePath(path).stem, PurePath(path).name, path]


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


def run(args: argparse.Namespace) -> int:
    from wikilint.bot.engine import Engine, LintError
    from wikilint.rules.messages import localize_all, page_language

    config = load_config(args.config).with_overrides(wiki=args.wiki, lang=args.lang)
    engine = Engine.from_config(config, select=args.select, ignore=args.ignore,
                                min_severity=args.min_severity)
    max_bytes = int(config.max_page_mb * 1_000_000)
    whitelist = _load_whitelist(getattr(args, "whitelist", None))
    totals = Totals()
    languages: set[str] = set()
    with _output(args.output) as out:
        writer = emitter(args.format, out)
        for path in args.paths:
            try:
                source = read_source(path, max_bytes)
                if not source.text.strip():
                    print(f"wikilint: warning: {path}: empty file, nothing to lint", file=sys.stderr)
                result = engine.lint(source.text, title=path)
            except (InputError, LintError) as error:
                print(f"wikilint: error: {path}: {error}", file=sys.stderr)
                totals.errors += 1
                continue
            for warning in result.warnings:
                print(f"wikilint: warning: {path}:{warning.line}: {warning.message}",
                      file=sys.stderr)
            findings = whitelist.keep(_article_names(path), result.findings)
            text = result.document.text
            lang = page_language(config.lang, result.document.profile.language, text)
            languages.add(lang)
            page = Page(path, localize_all(findings, lang), text, lang)
            totals.add(page)
            if not args.statistics:
                writer.page(page)
        # the summary in the language of the pages when they agree (else the configured one)
        totals.lang = next(iter(languages)) if len(languages) == 1 else config.lang
        if totals.lang == "auto":
            totals.lang = "en"
        if args.statistics:
            writer.statistics(totals)
        else:
            writer.finish(totals)
    if totals.errors:
        return ExitStatus.ERROR
    return ExitStatus.FINDINGS if totals.findings else ExitStatus.OK
