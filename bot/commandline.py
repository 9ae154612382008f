"""The floor of the command line: what every ``wikilint`` command shares.

The exit statuses, the parser class (one error line, exit 2), the argument
types and the option groups that ``check``, ``scan`` and ``spark`` have in
common. Every command imports this module; it imports none of them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from enum import IntEnum
from typing import NoReturn, TypeVar

from wikilint.bot.config import WIKI_CHOICES
from wikilint.bot.scan.child import PAGE_MEMORY_MB, PAGE_TIMEOUT_S
from wikilint.rules.finding import Severity
from wikilint.rules.messages import LANGUAGE_CHOICES


class ExitStatus(IntEnum):
    """What a ``wikilint`` command returns to the shell."""

    OK = 0
    """nothing found (check); every page linted (scan, spark, bot)"""
    FINDINGS = 1
    """findings (check)"""
    SKIPPED = 1
    """some pages or inputs were skipped (scan, spark); the bot stopped on a fault"""
    ERROR = 2
    """a command line, configuration or input that cannot be used"""
    INTERRUPTED = 130
    """stopped by Ctrl-C or SIGTERM (128 + SIGINT)"""
    CLOSED_PIPE = 141
    """the reader of the output went away (128 + SIGPIPE, as ``head`` leaves other tools)"""


class UsageError(Exception):
    """A command line that cannot be carried out."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2, never a traceback."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(ExitStatus.ERROR, f"wikilint: error: {message}\n")


# -- argument types ----------------------------------------------------------------


def selector_list(value: str) -> list[str]:
    """``CIT,REF001, bare-url`` as a list of selectors."""
    return [part.strip() for part in value.split(",") if part.strip()]


def namespace_set(value: str) -> frozenset[int] | None:
    """``0,14`` as namespace numbers; ``all`` as ``None``."""
    if value.strip().lower() == "all":
        return None
    try:
        return frozenset(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected namespace numbers like 0 or 0,14 or 'all', got {value!r}"
        ) from None


Number = TypeVar("Number", int, float)


def positive(kind: Callable[[str], Number]) -> Callable[[str], Number]:
    """An argument type: a number of ``kind`` greater than 0."""

    def parse(value: str) -> Number:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {value!r}")
        return number

    return parse


def non_negative(kind: Callable[[str], Number]) -> Callable[[str], Number]:
    """An argument type: a number of ``kind``, 0 or more."""

    def parse(value: str) -> Number:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
        if number < 0 or number != number:
            raise argparse.ArgumentTypeError(f"cannot be negative, got {value!r}")
        return number

    return parse


def severity(value: str) -> Severity:
    try:
        return Severity(value.strip().lower())
    except ValueError:
        names = ", ".join(s.value for s in Severity)
        raise argparse.ArgumentTypeError(f"expected one of {names}, got {value!r}") from None


# -- option groups -------------------------------------------------------------------


def add_global_arguments(parser: argparse.ArgumentParser, *, after_command: bool = False) -> None:
    """``-v`` and ``--config``: accepted before the command and after it.

    After the command their defaults are suppressed, so that a value given
    before it is not reset by the command's parser.
    """
    default = argparse.SUPPRESS if after_command else None
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS if after_command else False,
        help="log more to stderr",
    )
    parser.add_argument(
        "--config", metavar="FILE", default=default, help="TOML file read on top of the defaults"
    )


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """``--select``, ``--ignore``, ``--wiki``, ``--min-severity``, ``--lang``, ``--parse-all``:
    shared by check, scan and spark."""
    parser.add_argument(
        "--select",
        type=selector_list,
        metavar="RULES",
        help="comma-separated codes, code prefixes or names to run (default: all)",
    )
    parser.add_argument(
        "--ignore",
        type=selector_list,
        metavar="RULES",
        help="comma-separated codes, code prefixes or names to skip",
    )
    parser.add_argument(
        "--wiki", choices=WIKI_CHOICES, help="wiki profile (default: auto, by the script of the text)"
    )
    parser.add_argument(
        "--min-severity",
        type=severity,
        metavar="LEVEL",
        help="report only findings of this severity or higher (info, warning, error; default: info)",
    )
    add_lang_argument(
        parser,
        "language of the findings and summaries; auto: the wiki's, and on "
        "zhwiki the page's script (default: the config's lang, en)",
    )
    parser.add_argument(
        "--parse-all",
        action="store_true",
        help="run every rule on every page, parsing each page, instead of only "
        "where a rule's pre-parse test says a finding is possible "
        "(same findings, slower)",
    )


def add_lang_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """``--lang en|zh-hans|zh-hant|auto``."""
    parser.add_argument("--lang", choices=LANGUAGE_CHOICES, help=help)


def add_format_arguments(parser: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
    """``--format`` (one of the emitters ``formats``) and ``--statistics``."""
    parser.add_argument(
        "--format", choices=formats, default=default, help=f"how findings are written (default: {default})"
    )
    add_statistics_argument(parser, "print the number of findings per rule instead of the findings")


def add_statistics_argument(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--statistics", action="store_true", help=help)


def add_guard_arguments(parser: argparse.ArgumentParser) -> None:
    """``--page-timeout`` and ``--page-memory``: the limits of :mod:`wikilint.bot.guard`."""
    add_page_timeout_argument(
        parser, "stop linting a page after this many seconds and report it", zero="no limit"
    )
    add_page_memory_argument(
        parser,
        "the process linting a page",
        "is reported",
        note="; with neither limit, pages are linted in this process",
    )


def add_page_timeout_argument(
    parser: argparse.ArgumentParser,
    what: str,
    *,
    zero: str | None = None,
    default: float = PAGE_TIMEOUT_S,
    aliases: tuple[str, ...] = (),
) -> None:
    """``--page-timeout SECONDS`` (and its ``aliases``): ``what`` happens to a page
    that takes longer; ``zero``: what 0 means (None: 0 is refused)."""
    parser.add_argument(
        "--page-timeout",
        *aliases,
        dest="page_timeout",
        type=non_negative(float) if zero else positive(float),
        default=default,
        metavar="SECONDS",
        help=f"{what} (default: {default:g}" + (f"; 0: {zero})" if zero else ")"),
    )


def add_page_memory_argument(
    parser: argparse.ArgumentParser, whose: str, over: str, *, note: str = ""
) -> None:
    """``--page-memory MB``: the address space of ``whose`` process; what happens
    to a page that needs more (``over``)."""
    parser.add_argument(
        "--page-memory",
        type=non_negative(int),
        default=PAGE_MEMORY_MB,
        metavar="MB",
        help=f"address space of {whose}, in MB; a page that needs more {over} "
        f"(default: {PAGE_MEMORY_MB}; 0: no limit{note})",
    )
