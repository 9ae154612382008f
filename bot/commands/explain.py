"""``wikilint explain CODE|NAME``: a rule's documentation, in the reader's language."""

from __future__ import annotations

import argparse

from wikilint.bot.commandline import ExitStatus, UsageError, add_lang_argument
from wikilint.bot.docs import explanation
from wikilint.bot.registry import load_catalogue


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="CODE|NAME")
    add_lang_argument(parser, "language of the documentation (default: en; auto is English)")


def run(args: argparse.Namespace) -> int:
    rule = load_catalogue().find(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r} (see `wikilint rules`)")
    print(explanation(rule, args.lang if args.lang not in (None, "auto") else "en"), end="")
    return ExitStatus.OK
