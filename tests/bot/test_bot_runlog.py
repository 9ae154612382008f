"""The JSON-lines log and -resume (no wiki needed)."""

from __future__ import annotations

import json

from wikilint.bot.wiki.runlog import PageRecord, RunLog, completed_titles


def record(title, action, mode="talk-post", site="wikipedia:zh", **extra):
    return PageRecord(site=site, mode=mode, title=title, action=action, **extra)


def test_lines_and_summary(tmp_path):
    log = RunLog(tmp_path / "logs" / "run.jsonl")
    log.page(record("甲", "posted", counts={"CIT001": 2}, revision=5))
    log.page(record("乙", "error", error="ApiTimeoutError: no answer"))
    summary = log.summary(site="wikipedia:zh", mode="talk-post", stopped="shutoff", resumed=1)
    log.close()
    lines = [json.loads(line) for line in (tmp_path / "logs" / "run.jsonl").read_text().splitlines()]
    assert lines[0]["title"] == "甲" and lines[0]["counts"] == {"CIT001": 2}
    assert "error" not in lines[0], "empty fields are left out"
    assert lines[1]["error"].startswith("ApiTimeoutError")
    assert lines[2] == summary
    assert summary["summary"]["read"] == 2 and summary["summary"]["error"] == 1
    assert summary["stopped"] == "shutoff"


def test_resume_skips_what_is_done_in_the_same_mode_and_site(tmp_path):
    path = tmp_path / "run.jsonl"
    log = RunLog(path)
    for rec in [
        record("甲", "posted"),
        record("乙", "error", error="x"),
        record("丙", "error", error="x"),
        record("丙", "unchanged"),
        record("丁", "skipped", reason="nobots"),
        record("戊", "dry-run", mode="talk-dry-run"),
        record("己", "posted", site="wikipedia:en"),
    ]:
        log.page(rec)
    log.close()
    with path.open("a") as handle:
        handle.write('{"title": "庚", "action": "pos')  # cut short by a crash
    assert completed_titles(path, site="wikipedia:zh", mode="talk-post") == {"甲", "丙", "丁"}
    assert completed_titles(tmp_path / "missing.jsonl", site="x", mode="y") == set()
