"""The state file lives beside the outputs only while a scan is unfinished."""

from __future__ import annotations

from wikilint.bot.scan.runner import scan
from scan_dumps import articles, write_dump
from scan_subprocess import options


def test_a_completed_scan_leaves_no_state_file_and_a_limited_one_keeps_it(tmp_path):
    dump = write_dump(tmp_path / "d.xml.bz2", articles(12), "bz2")
    state = tmp_path / "run" / "findings.jsonl.state.json"
    limited = options(dump, tmp_path / "run")
    limited.limit = 3
    assert scan(limited).status == "limit" and state.exists()
    complete = scan(options(dump, tmp_path / "full"))
    assert complete.status == "complete" and (tmp_path / "full" / "findings.jsonl").exists()
    assert not (tmp_path / "full" / "findings.jsonl.state.json").exists()
