"""``wikilint rules``: the rule catalogue, as a table, JSON or the README's Markdown,
in the reader's language (``--lang``)."""

from __future__ import annotations

import argparse

from wikilint.bot import docs
from wikilint.bot.commandline import ExitStatus, add_lang_argument
from wikilint.bot.registry import Catalogue, load_catalogue


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    add_lang_argument(parser, "language of the summaries (default: en; auto is English)")


def run(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    lang = args.lang if args.lang not in (None, "auto") else "en"
    if args.format == "json":
        print(docs.catalogue_json(catalogue, lang))
    elif args.format == "markdown":
        print(catalogue_markdown(catalogue, lang), end="")
    else:
        print(docs.catalogue_text(catalogue, lang), end="")
    return ExitStatus.OK


def catalogue_markdown(catalogue: Catalogue, lang: str = "en") -> str:
    """The rule catalogue as the Markdown table in the README."""
    return docs.catalogue_markdown(catalogue, lang)
