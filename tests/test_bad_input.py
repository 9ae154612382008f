"""Text MediaWiki never stores is cleaned or refused the same way on every path.

Every front end hands its text to ``Engine.lint``, which passes it through
:func:`wikilint.bot.inputs.clean_wikitext`: here the same bad texts go through
``wikilint check``, the dump scan's linter, the Spark table task and the
bot's linter, and must come out the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wikilint.bot.engine import Engine, LintError
from wikilint.bot.inputs import InputError, clean_wikitext
from wikilint.bot.registry import load_catalogue
from wikilint.bot.scan.lint import LinterSpec, engine_linter, lint_page
from wikilint.bot.scan.pages import PageRecord

CN = "{{citation needed|date=2014年1月}}"
#: a NUL past the first 8 KB, which the binary-file test of ``check`` never sees
NUL_LATE = "Text.\n" * 2000 + "Later.\x00" + CN + "\n"
CONTROLS = "A\x0bB. " + CN + "\nC\x1b\ufffe.\n"
CR_ONLY = "First line.\rSecond." + CN + "\rThird." + CN + "\r"


def wikilint(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wikilint.bot", *args], input=stdin,
                          capture_output=True, timeout=60)


def test_line_breaks_are_normalised_as_mediawiki_does() -> None:
    assert clean_wikitext("a\r\nb\rc\n").text == "a\nb\nc\n"
    assert clean_wikitext("a\r\nb").warning is None  # MediaWiki does it silently too


def test_characters_never_stored_become_the_replacement_character() -> None:
    clean = clean_wikitext(CONTROLS)
    assert clean.text == "A\ufffdB. " + CN + "\nC\ufffd\ufffd.\n"
    assert clean.replaced == 3
    assert clean.warning.startswith("3 characters that MediaWiki never stores "
                                    "(the first U+000B at line 1, column 2)")
    assert clean_wikitext("tab\tand\nnewline").replaced == 0


def test_a_nul_is_refused_with_its_place() -> None:
    with pytest.raises(InputError, match=r"NUL character at line 2001, column 7"):
        clean_wikitext(NUL_LATE)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine([rule() for rule in load_catalogue()], wiki="zhwiki")


def test_engine_refuses_nul_and_reads_cr_only_text_as_lines(engine: Engine) -> None:
    with pytest.raises(LintError, match="NUL character"):
        engine.lint(NUL_LATE)
    result = engine.lint(CR_ONLY)
    assert [(f.code, f.line) for f in result.findings] == [("CIT001", 2), ("CIT001", 3)]
    result = engine.lint(CONTROLS)
    assert [f.code for f in result.findings] == ["CIT001"] and result.warnings


def test_check_refuses_a_late_nul_and_goes_on(tmp_path: Path) -> None:
    bad, good = tmp_path / "late-nul.wiki", tmp_path / "good.wiki"
    bad.write_text(NUL_LATE, "utf-8")
    good.write_text("A." + CN + "\n", "utf-8")
    result = wikilint("check", "--format", "jsonl", "--select", "CIT001", str(bad), str(good))
    assert result.returncode == 2
    errors = result.stderr.decode().splitlines()
    assert errors == [f"wikilint: error: {bad}: binary data, not wikitext: a NUL character "
                      "at line 2001, column 7 (MediaWiki never stores one)"]
    assert [json.loads(line)["path"] for line in result.stdout.decode().splitlines()] == [str(good)]


def test_check_reads_cr_only_files_as_lines_and_warns_of_controls(tmp_path: Path) -> None:
    cr, controls = tmp_path / "cr.wiki", tmp_path / "controls.wiki"
    cr.write_bytes(CR_ONLY.encode())
    controls.write_bytes(CONTROLS.encode())
    result = wikilint("check", "--format", "jsonl", "--select", "CIT001", str(cr), str(controls))
    assert result.returncode == 1
    found = [(Path(r["path"]).name, r["line"]) for r in map(json.loads, result.stdout.decode().splitlines())]
    assert found == [("cr.wiki", 2), ("cr.wiki", 3), ("controls.wiki", 1)]
    assert result.stderr.decode().splitlines() == [
        f"wikilint: warning: {controls}:1: " + clean_wikitext(CONTROLS).warning]


def page(text: str) -> PageRecord:
    return PageRecord(1, 1, 0, "Bad", False, 10, text)


def test_scan_refuses_the_page_with_the_same_message() -> None:
    linter = engine_linter(LinterSpec(select=("CIT001",)))
    refused = lint_page(linter, page(NUL_LATE), "zhwiki")
    assert not refused.linted and refused.problems[0]["kind"] == "page-refused"
    assert refused.problems[0]["message"].startswith("binary data, not wikitext: a NUL character "
                                                     "at line 2001, column 7")
    lines = lint_page(linter, page(CR_ONLY), "zhwiki").lines.decode().splitlines()
    assert [json.loads(line)["line"] for line in lines] == [2, 3]


def test_spark_table_rows_go_the_same_way() -> None:
    from wikilint.bot.spark.tasks import Source, TaskSettings, lint_table_rows

    settings = TaskSettings(LinterSpec(select=("CIT001",)), 0.0,
                            (Source(0, "table", "zhwiki", "zhwiki", table=True),))
    rows = [{"wiki_db": "zhwiki", "page_id": n, "page_namespace": 0, "page_title": f"P{n}",
             "revision_id": n, "revision_text": text} for n, text in enumerate([NUL_LATE, CR_ONLY])]
    refused, linted = list(lint_table_rows(rows, settings))
    assert json.loads(refused[-1][0])["kind"] == "page-refused"
    assert "NUL character at line 2001, column 7" in json.loads(refused[-1][0])["message"]
    assert [json.loads(row[-1])["line"] for row in linted[15]] == [2, 3]


def test_the_bot_linter_refuses_the_page_with_the_same_message() -> None:
    from wikilint.bot.wiki.cli import build_linter

    lint = build_linter({"select": "CIT001"}, "zh")
    with pytest.raises(LintError, match="NUL character at line 2001, column 7"):
        lint(NUL_LATE, "Bad")
    findings, internal = lint(CR_ONLY, "Bad")
    assert [f.line for f in findings] == [2, 3] and not internal
