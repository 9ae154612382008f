"""Fixtures of the scan tests: a scan runner with the test linter."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint.bot.scan.runner import ScanOptions, scan
from scan_helpers import read_lines, todo_spec


@pytest.fixture
def run_scan(tmp_path):
    """Scan dumps with the TST001 test linter; returns (outcome, findings, errors)."""
    counter = iter(range(1000))

    def run(*dumps: Path, jobs: int = 2, linter: dict | None = None, **options):
        out_dir = options.pop("report", None) or tmp_path / f"out{next(counter)}"
        options.setdefault("progress", False)
        outcome = scan(ScanOptions(dumps=list(dumps), jobs=jobs, report=out_dir,
                                   spec=todo_spec(**(linter or {})), **options))
        return outcome, read_lines(out_dir / "findings.jsonl"), read_lines(out_dir / "errors.jsonl")

    return run
