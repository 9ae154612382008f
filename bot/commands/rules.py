"""``wikilint rules``: the rule catalogue, as a table, JSON or the README's Markdown."""

from __future__ import annotations

import argparse
import json

from wikilint.bot.commandline import ExitStatus
from wikilint.bot.registry import Catalogue, load_catalogue


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value,
                           "summary": r.summary, "wikis": sorted(r.wikis)} for r in catalogue],
                         ensure_ascii=False, indent=2))
        return ExitStatus.OK
    if args.format == "markdown":
        print(catalogue_markdown(catalogue), end="")
        return ExitStatus.OK
    width = max((len(r.name) for r in catalogue), default=4)
    for rule in catalogue:
        print(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}")
    return ExitStatus.OK


def catalogue_markdown(catalogue: Catalogue) -> str:
    """The rule catalogue as the Markdown table in the README."""
    rows = ["| code | name | severity | what it finds |", "|---|---|---|---|"]
    for rule in catalogue:
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {summary} |")
    return "\n".join(rows) + "\n"
