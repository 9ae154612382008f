"""``wikilint check --fix / --unsafe-fixes / --diff`` on files and stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from wikilint.bot.commandline import ExitStatus

from support import SEED

CASES = Path(__file__).parent / "cases" / "REF002"


def check(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wikilint.bot", "check", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=cwd)


def test_fix_writes_the_safe_fixes_and_says_what_remains(tmp_path: Path) -> None:
    page = tmp_path / "page.wiki"
    page.write_text((CASES / "same_citation_en.wiki").read_text("utf-8"), "utf-8")
    run = check("--fix", "--select", "REF002", str(page))
    assert page.read_text("utf-8") == (CASES / "same_citation_en.fixed.wiki").read_text("utf-8")
    assert run.returncode == ExitStatus.OK, run.stderr
    assert "Found 1 finding (1 fixed, 0 remaining) in 1 file." in run.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["page.wiki"], "no temporary file left"


def test_fix_keeps_the_encoding_and_exits_1_when_findings_remain(tmp_path: Path) -> None:
    page = tmp_path / "page.wiki"
    text = (CASES / "different_titles_unsafe_en.wiki").read_text("utf-8")
    page.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    before = page.read_bytes()
    run = check("--fix", "--select", "REF002", str(page))
    assert run.returncode == ExitStatus.FINDINGS
    assert page.read_bytes() == before, "an unsafe fix is not applied: the file is not written"
    assert "1 hidden fix can be enabled with the `--unsafe-fixes` option" in run.stdout
    run = check("--fix", "--unsafe-fixes", "--select", "REF002", str(page))
    assert run.returncode == ExitStatus.OK
    raw = page.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert raw[3:].decode("utf-8").replace("\r\n", "\n") == \
        (CASES / "different_titles_unsafe_en.unsafe.wiki").read_text("utf-8")


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "seed.txt"
    page.write_text(SEED.read_text("utf-8"), "utf-8")
    run = check("--diff", "--unsafe-fixes", "--lang", "en", str(page))
    assert run.returncode == ExitStatus.FINDINGS
    assert page.read_text("utf-8") == SEED.read_text("utf-8")
    assert run.stdout.startswith(f"--- a/{page}\n+++ b/{page}\n")
    added = [l for l in run.stdout.splitlines() if l.startswith("+") and not l.startswith("+++")]
    assert sum(l.count('<ref name="ISW" />') for l in added) == 2
    assert sum(l.count('<ref name="dailystar.com.lb-3" />') for l in added) == 1
    assert "Would fix 2 findings in 1 file" in run.stderr
    clean = tmp_path / "clean.wiki"
    clean.write_text("Nothing here.\n", "utf-8")
    run = check("--diff", str(clean))
    assert run.returncode == ExitStatus.OK and run.stdout == ""


def test_fix_on_the_seed_leaves_every_other_finding(tmp_path: Path) -> None:
    page = tmp_path / "seed.txt"
    page.write_text(SEED.read_text("utf-8"), "utf-8")
    before = json.loads(check("--format", "json", str(page)).stdout)
    check("--fix", "--unsafe-fixes", str(page))
    after = json.loads(check("--format", "json", str(page)).stdout)
    key = lambda f: (f["code"], f["line"], f["message"], f["snippet"])  # noqa: E731
    gone = {key(f) for f in before} - {key(f) for f in after}
    assert {(code, line) for code, line, _, _ in gone} == {("REF002", 12), ("REF002", 71)}
    assert {key(f) for f in after} <= {key(f) for f in before}
    fixable = [f for f in after if f["fix"]]
    assert fixable == []


def test_json_carries_the_fix_and_text_marks_it(tmp_path: Path) -> None:
    page = CASES / "same_citation_en.wiki"
    finding, = json.loads(check("--format", "json", "--select", "REF002", str(page)).stdout)
    assert finding["fix"]["applicability"] == "safe"
    assert {"start", "end", "content"} <= set(finding["fix"]["edits"][0])
    text = check("--select", "REF002", str(page)).stdout
    assert "REF002 duplicate-reference [*] " in text
    assert "[*] 1 fixable with the `--fix` option." in text


def test_fix_on_stdin_writes_the_text_to_stdout() -> None:
    source = (CASES / "same_citation_en.wiki").read_text("utf-8")
    run = check("--fix", "--select", "REF002", "-", stdin=source)
    assert run.stdout == (CASES / "same_citation_en.fixed.wiki").read_text("utf-8")
    assert "1 fixed" in run.stderr
