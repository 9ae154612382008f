"""Readable snapshots: a test's whole output kept in a text file in the repository.

``assert_snapshot(path, text)`` compares ``text`` with the file at ``path``
and fails with a unified diff; ``pytest --snapshot-update`` (re)writes the
files instead, to be reviewed as any diff is before committing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

UPDATE_OPTION = "--snapshot-update"


def assert_snapshot(request: pytest.FixtureRequest, path: Path, text: str) -> None:
    if request.config.getoption(UPDATE_OPTION):
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
        return
    if not path.is_file():
        pytest.fail(f"no snapshot {path.name}: run pytest {UPDATE_OPTION} and review it")
    expected = path.read_text("utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"{path.name} (snapshot)", tofile=f"{path.name} (now)"))
        pytest.fail(f"{path.name} changed (pytest {UPDATE_OPTION} accepts it):\n{diff}",
                    pytrace=False)
