"""``wikilint docs``: the rules' documentation as the bot's task page (wikitext,
one section per rule code, the anchors the talk-page reports link to) or as
the README's catalogue (Markdown)."""

from __future__ import annotations

import argparse
import sys

from wikilint.bot.commandline import ExitStatus, UsageError
from wikilint.bot.docs import DOC_LANGUAGES, documentation
from wikilint.bot.registry import load_catalogue


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("wikitext", "markdown"), default="wikitext")
    parser.add_argument(
        "--lang",
        choices=DOC_LANGUAGES,
        default="en",
        help="zh: both scripts at once, for zh.wikipedia (default: en)",
    )
    parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    page = documentation(load_catalogue(), args.format, args.lang)
    if args.output is None:
        sys.stdout.write(page)
        return ExitStatus.OK
    try:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(page)
    except OSError as error:
        raise UsageError(f"cannot write {args.output}: {error.strerror or error}") from None
    return ExitStatus.OK
