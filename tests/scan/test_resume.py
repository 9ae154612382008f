"""Killing a scan leaves valid output; ``--resume`` finishes it without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wikilint.bot.commandline import ExitStatus
from wikilint.bot.scan.runner import ScanError, scan
from scan_dumps import articles, write_dump
from scan_linters import HANG
from scan_helpers import read_lines
from scan_subprocess import options

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def start(dump: Path, report: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(map(str, [ROOT, ROOT / "tests", HERE])))
    return subprocess.Popen(
        [sys.executable, "-c", "import scan_subprocess; scan_subprocess.main()", str(dump), str(report),
         *extra], env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_progress(process: subprocess.Popen, report: Path, lines: int) -> None:
    findings = report / "findings.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (report / "findings.jsonl.state.json").exists() and findings.exists() and \
                findings.read_bytes().count(b"\n") >= lines:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    pytest.fail("the scan made no progress")


def group_gone(pgid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def dump_and_reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("resume")
    dump = write_dump(folder / "d-pages-articles-multistream.xml.bz2", articles(240), "multistream")
    reference = scan(options(dump, folder / "reference"))
    assert reference.status == "complete"
    return dump, (folder / "reference" / "findings.jsonl").read_bytes(), reference


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT", "SIGTERM"])
def test_kill_then_resume_gives_exactly_the_uninterrupted_output(tmp_path, dump_and_reference, how):
    dump, reference, reference_outcome = dump_and_reference
    report = tmp_path / "run"
    process = start(dump, report)
    try:
        wait_for_progress(process, report, lines=30)
        os.kill(process.pid, getattr(signal, how))
        code = process.wait(30)
        assert group_gone(process.pid), "worker processes outlived the scan"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    partial = (report / "findings.jsonl").read_bytes()
    assert partial.endswith(b"\n") and [json.loads(line) for line in partial.splitlines()]
    assert len(partial) < len(reference) and reference.startswith(partial)
    if how == "SIGKILL":
        assert code == -signal.SIGKILL
    else:
        assert code == ExitStatus.INTERRUPTED
        state = json.loads((report / "findings.jsonl.state.json").read_text("utf-8"))
        assert state["status"] == "interrupted"
        assert len(partial) == state["findings_bytes"]  # a clean stop: nothing past the state
    resumed = scan(options(dump, report, resume=True))
    assert resumed.status == "complete"
    assert (report / "findings.jsonl").read_bytes() == reference
    for key in ("pages", "findings", "rules", "distribution", "top_pages"):
        assert resumed.summary[key] == reference_outcome.summary[key], key
    again = scan(options(dump, report, resume=True))  # nothing left to do
    assert again.status == "complete" and (report / "findings.jsonl").read_bytes() == reference


def test_resume_refuses_other_options(tmp_path, dump_and_reference):
    dump, _, _ = dump_and_reference
    unfinished = options(dump, tmp_path / "first")
    unfinished.limit = 5  # a completed scan leaves no state behind; an unfinished one does
    assert scan(unfinished).status == "limit"
    changed = options(dump, tmp_path / "first", resume=True)
    changed.namespaces = None
    with pytest.raises(ScanError, match="other options"):
        scan(changed)


def test_resume_without_a_previous_run_starts_afresh(tmp_path, dump_and_reference):
    dump, reference, _ = dump_and_reference
    outcome = scan(options(dump, tmp_path / "new", resume=True))
    assert outcome.status == "complete"
    assert (tmp_path / "new" / "findings.jsonl").read_bytes() == reference
    assert read_lines(tmp_path / "new" / "errors.jsonl") == []


def test_a_worker_stuck_on_a_page_dies_with_its_parent(tmp_path):
    """Killed outright, the parent cannot stop a worker lost in a page: the worker's own alarm does."""
    pages = articles(50)
    pages[39].text += f"\n{HANG}"
    dump = write_dump(tmp_path / "d.xml.gz", pages, "gz")
    report = tmp_path / "run"
    process = start(dump, report, "4", "1")  # watchdog at 4 s, the worker's alarm at 14 s
    try:
        state = report / "findings.jsonl.state.json"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the pages before the one that hangs are written
            if state.exists() and json.loads(state.read_text("utf-8"))["summary"]["dumps"][0]["seen"] >= 26:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the scan made no progress")
        time.sleep(1.5)  # now on the page that hangs, before the watchdog acts
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        killed = time.monotonic()
        assert group_gone(process.pid, timeout=40), "a hung worker outlived its parent"
        assert time.monotonic() - killed > 5, "the worker was not on the page that hangs"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
