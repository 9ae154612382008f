"""``wikilint scan`` as a user runs it: the real engine, exit statuses, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scan_dumps import articles, write_dump

ROOT = Path(__file__).resolve().parent.parent.parent


def wikilint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wikilint.bot", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_scan_with_every_rule_writes_all_outputs(tmp_path):
    dump = write_dump(tmp_path / "d.xml.bz2", articles(6, filler=20), "bz2")
    done = wikilint("scan", str(dump), "--report", str(tmp_path / "rep"), "--jobs", "2", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "scan complete: 6 pages linted" in done.stderr.splitlines()[-1]
    for line in (tmp_path / "rep" / "findings.jsonl").read_text("utf-8").splitlines():
        finding = json.loads(line)  # whatever rules exist, each line carries the page
        assert finding["title"].startswith("Article ") and finding["revision_id"] == finding["page_id"] * 10
    summary = json.loads((tmp_path / "rep" / "summary.json").read_text("utf-8"))
    assert summary["pages"]["linted"] == 6 and summary["status"] == "complete"
    assert (tmp_path / "rep" / "report.html").read_text("utf-8").startswith("<!DOCTYPE html>")


def test_findings_go_to_stdout_without_out_or_report(tmp_path):
    dump = write_dump(tmp_path / "d.xml", articles(3))
    done = wikilint("scan", str(dump), "--select", "ALL", "--limit", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert all(json.loads(line)["page_id"] in (1, 2) for line in done.stdout.splitlines())
    assert list(tmp_path.iterdir()) == [dump]


def one_line_error(done: subprocess.CompletedProcess, needle: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert needle in done.stderr.strip().splitlines()[-1]


def test_usage_errors_are_one_line(tmp_path):
    dump = write_dump(tmp_path / "d.xml", articles(2))
    one_line_error(wikilint("scan", str(tmp_path / "missing.xml"), cwd=tmp_path), "missing.xml")
    one_line_error(wikilint("scan", str(dump), "--resume", cwd=tmp_path), "--resume needs")
    one_line_error(wikilint("scan", str(dump), "--select", "NOPE999", cwd=tmp_path), "NOPE999")
    one_line_error(wikilint("scan", str(dump), "--ns", "main", cwd=tmp_path), "namespace")
    one_line_error(wikilint("scan", str(dump), "--jobs", "0", cwd=tmp_path), "greater than 0")
