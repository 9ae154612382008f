"""``wikilint scan`` writes its findings with the same emitters as ``check``, and takes the
same ``--statistics`` and ``--min-severity``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scan_dumps import Page, write_dump

ROOT = Path(__file__).resolve().parent.parent.parent


def wikilint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wikilint.bot", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def dump(tmp_path: Path) -> Path:
    pages = [Page(n, f"Page {n}", f"Claim {n}.{{{{cn}}}}\nSee http://example.org/{n} now.\n")
             for n in range(1, 4)]
    return write_dump(tmp_path / "d.xml", pages)


def test_scan_in_the_concise_format_and_its_statistics(tmp_path: Path) -> None:
    source = dump(tmp_path)
    records = [json.loads(line) for line in
               wikilint("scan", str(source), "--jobs", "1", cwd=tmp_path).stdout.splitlines()]
    assert len(records) >= 6
    concise = wikilint("scan", str(source), "--jobs", "1", "--format", "concise", "--statistics",
                       cwd=tmp_path)
    assert concise.returncode == 0, concise.stderr
    lines = concise.stdout.splitlines()
    expected = [f"{r['title']}:{r['line']}:{r['column']}: {r['code']} {r['rule']} {r['message']}"
                for r in records]
    assert lines[:len(expected)] == expected
    counts: dict[tuple[str, str], int] = {}
    for r in records:
        counts[(r["code"], r["rule"])] = counts.get((r["code"], r["rule"]), 0) + 1
    statistics = [line.split("\t") for line in lines[len(expected):]]
    assert {(code, name): int(n) for n, code, name in statistics} == counts


def test_scan_min_severity(tmp_path: Path) -> None:
    source = dump(tmp_path)
    every = [json.loads(line)["severity"] for line in
             wikilint("scan", str(source), "--jobs", "1", cwd=tmp_path).stdout.splitlines()]
    strict = wikilint("scan", str(source), "--jobs", "1", "--min-severity", "error", cwd=tmp_path)
    assert strict.returncode == 0, strict.stderr
    assert [json.loads(line)["severity"] for line in strict.stdout.splitlines()] == \
        [s for s in every if s == "error"]
    assert "warning" in every
