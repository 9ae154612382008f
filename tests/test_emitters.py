"""The output formats (``wikilint.bot.emitters``): one class each, one table, shared by
check and scan."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from support import ROOT, SEED
from wikilint.bot.emitters import EMITTERS, STREAMING, Page, Totals, emitter, json_lines_renderer
from wikilint.bot.emitters.github import annotation, escape_data, escape_property
from wikilint.bot.emitters.sarif import artifact_uri
from wikilint.bot.emitters.text import format_text
from wikilint.rules.finding import Finding, Severity

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json")
                          .read_text("utf-8"))


def wikilint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wikilint.bot", *args], capture_output=True,
                          cwd=ROOT, timeout=120)


def finding(**fields) -> Finding:
    base = dict(code="TST001", rule="todo-marker", severity=Severity.WARNING, message="m",
                line=1, column=1, end_line=1, end_column=5, offset=0, end_offset=4)
    return Finding(**{**base, **fields})


def sarif_errors(log: dict) -> list[str]:
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_every_format_is_in_the_table_and_has_its_own_module() -> None:
    assert set(EMITTERS) == {"text", "concise", "json", "jsonl", "sarif", "github"}
    modules = {cls.__module__ for cls in EMITTERS.values()}
    assert len(modules) == len(EMITTERS)
    assert set(STREAMING) == {"text", "concise", "jsonl", "github"}


def test_sarif_of_the_seed_validates_against_the_schema(tmp_path: Path) -> None:
    result = wikilint("check", "--format", "sarif", str(SEED))
    log = json.loads(result.stdout)
    assert result.returncode == 1
    assert sarif_errors(log) == []
    run = log["runs"][0]
    jsonl = wikilint("check", "--format", "jsonl", str(SEED)).stdout.decode().splitlines()
    assert len(run["results"]) == len(jsonl) > 0
    first, record = run["results"][0], json.loads(jsonl[0])
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (first["ruleId"], region["startLine"], region["startColumn"]) == \
        (record["code"], record["line"], record["column"])
    assert region["charLength"] == record["end_offset"] - record["offset"]
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]


def test_sarif_with_no_finding_and_an_input_error_validates(tmp_path: Path) -> None:
    clean = tmp_path / "clean.wiki"
    clean.write_text("Clean text.\n", "utf-8")
    result = wikilint("check", "--format", "sarif", str(clean), str(tmp_path / "missing.wiki"))
    log = json.loads(result.stdout)
    assert result.returncode == 2 and sarif_errors(log) == []
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": False}]


def test_the_schema_check_can_fail() -> None:
    out = io.StringIO()
    writer = emitter("sarif", out)
    writer.page(Page("a b.wiki", [finding()]))
    writer.finish(Totals())
    log = json.loads(out.getvalue())
    assert sarif_errors(log) == []
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert sarif_errors(log)


@pytest.mark.parametrize("path, uri", [
    ("a.wiki", "a.wiki"), ("dir/a b.wiki", "dir/a%20b.wiki"), ("/tmp/x#1.wiki", "file:///tmp/x%231.wiki"),
    ("条目.wiki", "%E6%9D%A1%E7%9B%AE.wiki"),
])
def test_sarif_artifact_uris(path, uri) -> None:
    assert artifact_uri(path) == uri


def test_github_escapes_as_the_runner_reads() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = annotation("dir/x,y:z.wiki", finding(message="50% of\nit", severity=Severity.ERROR,
                                                line=3, column=2, end_line=4, end_column=1))
    assert line == ("::error file=dir/x%2Cy%3Az.wiki,line=3,col=2,endLine=4,endColumn=1,"
                    "title=TST001 todo-marker::50%25 of%0Ait\n")
    assert annotation("a", finding(severity=Severity.INFO)).startswith("::notice ")


def test_text_quotes_the_line_from_the_offsets() -> None:
    text = "first\n汉字 TODO and more\nlast"
    found = finding(line=2, column=4, end_column=8, offset=9, end_offset=13)
    assert format_text("p", found, text).splitlines()[1:] == [
        "  |", "2 | 汉字 TODO and more", "  |      ^^^^"]
    runs_on = finding(line=2, column=4, end_line=3, end_column=3, offset=9, end_offset=24)
    assert format_text("p", runs_on, text).splitlines()[-1] == "  |      " + "^" * 13


def test_scan_lines_rendered_in_another_format() -> None:
    record = {**finding(line=2, column=3).model_dump(mode="json"), "page_id": 7, "title": "T,1",
              "revision_id": 70, "wiki": "enwiki"}
    lines = (json.dumps(record) + "\n").encode() * 2
    assert json_lines_renderer("jsonl") is None
    assert json_lines_renderer("concise")(lines).decode().splitlines() == \
        ["T,1:2:3: TST001 todo-marker m"] * 2
    assert json_lines_renderer("github")(lines).decode().startswith("::warning file=T%2C1,line=2,")
