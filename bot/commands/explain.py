"""``wikilint explain CODE|NAME``: a rule's documentation."""

from __future__ import annotations

import argparse

from wikilint.bot.commandline import ExitStatus, UsageError
from wikilint.bot.registry import load_catalogue


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="CODE|NAME")


def run(args: argparse.Namespace) -> int:
    rule = load_catalogue().find(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r} (see `wikilint rules`)")
    print(f"{rule.code} {rule.name} ({rule.severity.value})\n")
    print(f"{rule.summary}\n")
    print(rule.documentation())
    return ExitStatus.OK
