"""Helpers of the scan tests: the test linter's spec, reading output files."""

from __future__ import annotations

import json
from pathlib import Path

from wikilint.bot.scan.lint import LinterSpec
from scan_linters import FACTORY


def todo_spec(**options) -> LinterSpec:
    """The TST001 test linter, built in every worker (see scan_linters.todo)."""
    return LinterSpec(factory=FACTORY, options=tuple(sorted(options.items())))


def read_lines(path: Path) -> list[dict]:
    """The records of a JSON-lines file (none when it does not exist)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
