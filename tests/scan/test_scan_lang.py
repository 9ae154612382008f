"""``wikilint scan --lang``: findings, the summary line and the HTML report
in the reader's language; every finding line carries its key and parameters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scan_dumps import Page, write_dump

from wikilint.rules.messages import render

ZH_PAGE = "甲乙丙丁戊己庚辛壬癸。這是一個條目{{來源請求|date=2014年1月}}。\n"
SIMPLIFIED_PAGE = "甲乙丙丁戊己庚辛壬癸。这是一个条目{{来源请求|date=2014年1月}}。\n"


def scan(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[dict], str]:
    dump = write_dump(tmp_path / "zh.xml", [Page(1, "甲", ZH_PAGE), Page(2, "乙", SIMPLIFIED_PAGE)],
                      dbname="zhwiki", lang="zh")
    report = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "wikilint.bot", "scan", str(dump), "--jobs", "1",
                           "--report", str(report), "--select", "CIT001", *args],
                          capture_output=True, timeout=300)
    findings = [json.loads(line) for line in (report / "findings.jsonl").read_text("utf-8").splitlines()]
    return done, findings, (report / "report.html").read_text("utf-8")


def test_scan_in_traditional_chinese(tmp_path: Path) -> None:
    done, findings, html = scan(tmp_path, "--lang", "zh-hant")
    assert done.returncode == 0, done.stderr.decode()
    assert [f["message"] for f in findings] == [
        "{{" + f["params"]["template"] + "}}要求提供來源，標記於2014年1月（" + str(f["params"]["age"]) + "天前）"
        for f in findings]
    for finding in findings:
        assert finding["message_key"] == "wikilint-cit001-dated"
        assert render(finding["message_key"], finding["params"], "zh-hant") == finding["message"]
    assert "已檢查2個頁面" in done.stderr.decode()
    assert '<html lang="zh-hant">' in html and "各規則的問題數" in html and "Findings per rule" not in html


def test_scan_auto_follows_the_script_of_each_page_and_english_is_plural(tmp_path: Path) -> None:
    done, findings, _ = scan(tmp_path, "--lang", "auto")
    by_title = {f["title"]: f["message"] for f in findings}
    assert "要求提供來源" in by_title["甲"] and "要求提供来源" in by_title["乙"]
    done, findings, html = scan(tmp_path, "--lang", "en")
    assert "2 pages linted" in done.stderr.decode()
    assert "asks for a source" in findings[0]["message"]
    assert "2 findings on 2 pages" in html and "pages linted" in html
