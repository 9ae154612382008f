"""The whitelist: its lines, what it hides, and ``wikilint check --whitelist``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from wikilint.bot.whitelist import Whitelist, entry_line
from wikilint.rules.finding import Finding, Severity
from test_cli import wikilint
from support import SEED


def finding(code: str = "CIT001", fingerprint: str = "0123456789ab") -> Finding:
    return Finding(code=code, rule="x", severity=Severity.WARNING, message="m", line=1,
                   column=1, end_line=1, end_column=2, fingerprint=fingerprint)


def test_entries_hide_one_finding_or_a_whole_rule() -> None:
    whitelist = Whitelist.parse(
        "== 誤報 ==\n說明文字。\n"
        "* [[安巴爾衝突]] CIT001 0123456789ab 來源已補\n"
        "[[Some_article|label]] ref001\n"
        "* [[壞條目]]\n"
    )
    assert len(whitelist) == 2
    assert whitelist.problems == ["line 5: not a whitelist entry ('* [[Article]] CODE "
                                  "fingerprint reason'): '* [[壞條目]]'"]
    assert whitelist.entries[0].reason == "來源已補"
    assert whitelist.hides("安巴爾衝突", finding())
    assert whitelist.hides("安巴尔冲突", finding()), "either script"
    assert not whitelist.hides("安巴爾衝突", finding(fingerprint="ffffffffffff"))
    assert not whitelist.hides("安巴爾衝突", finding("CIT002"))
    assert not whitelist.hides("Other", finding())
    assert whitelist.hides("Some article", finding("REF001", "anything0000"))
    assert whitelist.hides("some article", finding("REF001")), "first letter case"
    kept = whitelist.keep("安巴爾衝突", [finding(), finding(fingerprint="ffffffffffff")])
    assert [f.fingerprint for f in kept] == ["ffffffffffff"]


def test_the_line_to_add_is_read_back_as_hiding_its_finding() -> None:
    one = finding(fingerprint="a1b2c3d4e5f6")
    line = entry_line("安巴爾衝突", one)
    assert line == "* [[安巴爾衝突]] CIT001 a1b2c3d4e5f6"
    assert Whitelist.parse(line + " 理由").hides("安巴爾衝突", one)


def test_check_honours_a_local_whitelist(tmp_path: Path) -> None:
    article = tmp_path / "安巴爾衝突.wiki"
    shutil.copy(SEED, article)
    full = [json.loads(line) for line in
            wikilint("check", "--format", "jsonl", str(article)).stdout.decode().splitlines()]
    assert len(full) > 10 and all(f["fingerprint"] for f in full)
    first, rule = full[0], next(f["code"] for f in full if f["code"] != full[0]["code"])
    whitelist = tmp_path / "whitelist.txt"
    whitelist.write_text(f"* [[安巴爾衝突]] {first['code']} {first['fingerprint']} 誤報\n"
                         f"* [[安巴爾衝突]] {rule}\n[[壞行\n", "utf-8")

    result = wikilint("check", "--format", "jsonl", "--whitelist", str(whitelist), str(article))

    kept = [json.loads(line) for line in result.stdout.decode().splitlines()]
    hidden = [f for f in full if f["fingerprint"] == first["fingerprint"] and f["code"] ==
              first["code"]] + [f for f in full if f["code"] == rule]
    assert kept == [f for f in full if f not in hidden]
    assert "line 3: not a whitelist entry" in result.stderr.decode()
    missing = wikilint("check", "--whitelist", str(tmp_path / "none.txt"), str(article))
    assert missing.returncode == 2 and "cannot read whitelist" in missing.stderr.decode()
