"""The ``wikilint`` command: one table of subcommands, one dispatch.

Each command lives in its own module with ``add_arguments(parser)`` and
``run(args)``; only the module of the command given is imported. The bot's
arguments are pywikibot's: they are handed to its ``main(argv)`` untouched.
``-v`` and ``--config`` are accepted before the command and after it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from wikilint.bot import __version__
from wikilint.bot.commandline import ExitStatus, Parser, UsageError, add_global_arguments
from wikilint.bot.config import ConfigError
from wikilint.bot.registry import RegistryError


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, its one-line help and the module that carries it out."""

    name: str
    help: str
    module: str
    passthrough: bool = False
    """its arguments go untouched to the module's ``main(argv)`` (pywikibot's syntax)"""


COMMANDS = (
    Command("check", "lint wikitext files locally (no network)", "wikilint.bot.commands.check"),
    Command("rules", "list the rule catalogue", "wikilint.bot.commands.rules"),
    Command("explain", "print a rule's documentation", "wikilint.bot.commands.explain"),
    Command(
        "docs",
        "write the rules' documentation (the bot's wiki page, the README's table)",
        "wikilint.bot.commands.docs",
    ),
    Command(
        "bot",
        "run as a Wikipedia bot (pywikibot options; see -help)",
        "wikilint.bot.wiki.cli",
        passthrough=True,
    ),
    Command("scan", "lint whole XML dumps on every core (see scan --help)", "wikilint.bot.scan.cli"),
    Command("spark", "lint dumps or wikitext tables on Spark (see spark --help)", "wikilint.bot.spark.cli"),
    Command("serve", "serve the web tool and JSON API (see serve --help)", "wikilint.bot.commands.serve"),
)
BY_NAME = {command.name: command for command in COMMANDS}
#: Global options that take a value (to find the command among the arguments).
_VALUED_GLOBALS = ("--config",)


def command_position(argv: Sequence[str]) -> int | None:
    """The index of the command's name in ``argv`` (``None``: no command given)."""
    skip = False
    for index, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg in _VALUED_GLOBALS:
            skip = True
        elif not arg.startswith("-"):
            return index
    return None


def build_parser(chosen: Command | None = None) -> argparse.ArgumentParser:
    """The parser of ``wikilint``; only ``chosen``'s own options are added (and imported)."""
    parser = Parser(prog="wikilint", description="Lint Wikipedia wikitext (zh and en).")
    parser.add_argument("--version", action="version", version=f"wikilint {__version__}")
    add_global_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        if command is not chosen or command.passthrough:
            commands.add_parser(command.name, help=command.help, add_help=False)
            continue
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        add_global_arguments(sub, after_command=True)
        importlib.import_module(command.module).add_arguments(sub)
    return parser


def _quiet_closed_pipe() -> int:
    """The reader went away (``wikilint check … | head -1``): stop without a word."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush goes nowhere
    except (OSError, ValueError):
        pass
    return ExitStatus.CLOSED_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    position = command_position(argv)
    chosen = BY_NAME.get(argv[position]) if position is not None else None
    try:
        if chosen is not None and position is not None and chosen.passthrough:
            args = build_parser(chosen).parse_args(argv[:position])
            _configure_logging(args)
            return importlib.import_module(chosen.module).main(argv[position + 1 :])
        parser = build_parser(chosen)
        args = parser.parse_args(argv)
        _configure_logging(args)
        if chosen is None:
            parser.print_help()
            return ExitStatus.ERROR
        return importlib.import_module(chosen.module).run(args)
    except (ConfigError, UsageError, RegistryError) as error:
        print(f"wikilint: error: {error}", file=sys.stderr)
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        print("wikilint: interrupted", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        return _quiet_closed_pipe()


def _configure_logging(args: argparse.Namespace) -> None:
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING,
        format="wikilint: %(levelname)s: %(message)s",
    )
