"""The ``wikilint`` command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, SEED
from wikilint.rules.finding import Finding
from wikilint.rules.messages import render

FINDING_FIELDS = set(Finding.model_fields)


def wikilint(*args: str, stdin: str | bytes | None = None, env: dict | None = None,
             **kwargs) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "wikilint.bot", *args], input=data, capture_output=True,
                          cwd=kwargs.get("cwd", ROOT), env={**os.environ, **(env or {})},
                          timeout=120)


def assert_one_clean_error_line(result: subprocess.CompletedProcess, fragment: str) -> None:
    err = result.stderr.decode()
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert any(fragment in ln for ln in lines), err
    assert len([ln for ln in lines if ln.startswith("wikilint: error")]) == 1, err


def test_seed_jsonl_has_finding_fields_and_path() -> None:
    result = wikilint("check", "--format", "jsonl", str(SEED))
    assert result.returncode in (0, 1), result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert result.returncode == (1 if lines else 0)
    for line in lines:
        record = json.loads(line)
        assert set(record) == FINDING_FIELDS | {"path"}
        assert record["path"] == str(SEED)
        if record["code"].startswith(("CIT", "REF")):
            assert record["message_key"].startswith(f"wikilint-{record['code'].lower()}-")
        if record["message_key"]:
            assert render(record["message_key"], record["params"]) == record["message"]


def test_lang_renders_the_findings_and_the_summary(tmp_path: Path) -> None:
    page = tmp_path / "page.wiki"
    page.write_text("甲乙。{{來源請求|date=2014年1月}}\n", "utf-8")
    for lang, sentence, summary in (
            ("zh-hant", "{{來源請求}}要求提供來源，標記於2014年1月", "在1個檔案中發現1項問題。"),
            ("zh-hans", "{{來源請求}}要求提供来源，标记于2014年1月", "在1个文件中发现1项问题。"),
            ("auto", "{{來源請求}}要求提供來源，標記於2014年1月", "在1個檔案中發現1項問題。"),
            ("en", "{{來源請求}} asks for a source, added in January 2014", "Found 1 finding in 1 file.")):
        result = wikilint("check", "--lang", lang, "--select", "CIT001", str(page))
        out = result.stdout.decode()
        assert sentence in out and out.rstrip().endswith(summary), (lang, out)
    jsonl = wikilint("check", "--lang", "zh-hans", "--format", "jsonl", str(page))
    record = json.loads(jsonl.stdout.decode())
    assert record["message_key"] == "wikilint-cit001-dated"
    assert record["params"]["month"] == "2014-01" and "标记于" in record["message"]


def test_rules_explain_and_docs_in_chinese(tmp_path: Path) -> None:
    rules = wikilint("rules", "--lang", "zh-hant").stdout.decode()
    assert "CIT001  citation-needed" in rules and "標記為需要來源的陳述" in rules
    explained = wikilint("explain", "REF001", "--lang", "zh-hans").stdout.decode()
    assert "## 功能" in explained and "裸露网址" in explained and "What it does" not in explained
    page = tmp_path / "docs.wiki"
    done = wikilint("docs", "--format", "wikitext", "--lang", "zh", "--output", str(page))
    assert done.returncode == 0, done.stderr.decode()
    text = page.read_text("utf-8")
    assert "== CIT001 ==" in text and "-{zh-hans:" in text


def test_text_format_reads_like_ruff(tmp_path: Path) -> None:
    page = tmp_path / "page.wiki"
    page.write_text("Intro.\n\nA claim.{{Citation needed|date=January 2014}}\n", "utf-8")
    result = wikilint("check", "--select", "citation-needed", str(page))
    out = result.stdout.decode()
    assert result.returncode == 1, result.stderr.decode()
    assert out.startswith(f"{page}:3:9: CIT001 citation-needed ")
    assert "3 | A claim.{{Citation needed" in out
    assert "  |         ^^^^" in out
    assert out.rstrip().endswith("Found 1 finding in 1 file.")


def test_json_format_and_output_file(tmp_path: Path) -> None:
    page = tmp_path / "p.wiki"
    page.write_text("A claim.{{cn}}\n", "utf-8")
    target = tmp_path / "out.json"
    result = wikilint("check", "--format", "json", "--output", str(target), "--select", "CIT001", str(page))
    assert result.returncode == 1 and result.stdout == b""
    records = json.loads(target.read_text("utf-8"))
    assert [r["code"] for r in records] == ["CIT001"]


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    page = tmp_path / "clean.wiki"
    page.write_text("'''Clean''' text.<ref>{{cite web|url=http://a.org|title=A}}</ref>\n\n== References ==\n{{reflist}}\n", "utf-8")
    result = wikilint("check", str(page))
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()


def test_stdin_dash() -> None:
    result = wikilint("check", "--format", "jsonl", "--select", "CIT001", "-", stdin="A.{{cn}}\n")
    assert result.returncode == 1
    assert json.loads(result.stdout.decode().splitlines()[0])["path"] == "-"


def test_missing_file_exits_2_with_one_line() -> None:
    result = wikilint("check", "missing.wiki")
    assert result.returncode == 2
    assert_one_clean_error_line(result, "missing.wiki: no such file")


@pytest.mark.parametrize("name, content, fragment", [
    ("binary.wiki", b"\x00\x01\x02PNG\x00" * 100, "binary file"),
    ("latin1.wiki", "caf\xe9 {{cn}}".encode("latin-1"), "not UTF-8 text"),
    ("huge.wiki", b"x" * 20_000_001, "file too large"),
])
def test_bad_inputs_do_not_stop_the_run(tmp_path: Path, name, content, fragment) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.wiki"
    good.write_text("A.{{cn}}\n", "utf-8")
    result = wikilint("check", "--format", "jsonl", "--select", "CIT001", str(bad), str(good))
    assert result.returncode == 2
    assert_one_clean_error_line(result, fragment)
    assert [json.loads(ln)["path"] for ln in result.stdout.decode().splitlines()] == [str(good)]


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    result = wikilint("check", str(tmp_path))
    assert result.returncode == 2
    assert_one_clean_error_line(result, "is a directory")


def test_empty_file_is_a_warning(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wiki"
    empty.write_text("", "utf-8")
    result = wikilint("check", str(empty))
    assert result.returncode == 0
    assert "empty file" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_stdin_closed() -> None:
    result = subprocess.run([sys.executable, "-m", "wikilint.bot", "check", "-"], stdin=subprocess.DEVNULL,
                            capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0  # /dev/null is an empty page, not an error
    closed = subprocess.run(f"{sys.executable} -m wikilint.bot check - <&-", shell=True, executable="/bin/bash",
                            capture_output=True, cwd=ROOT, timeout=60)
    assert closed.returncode == 2
    assert_one_clean_error_line(closed, "standard input")


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    page = tmp_path / "utf16.wiki"
    page.write_bytes("A.{{cn}}\n".encode("utf-16"))
    result = wikilint("check", "--select", "CIT001", "--format", "jsonl", str(page))
    assert result.returncode == 1


@pytest.mark.parametrize("config, fragment", [
    ('selct = ["CIT"]\n', "unknown key 'selct'"),
    ('wiki = "dewiki"\n', "bad value for 'wiki'"),
    ('[severity]\nCIT001 = "fatal"\n', "severity.CIT001"),
    ('select = [\n', "invalid TOML"),
    ('[rules.no-such-rule]\nx = 1\n', "unknown rule 'no-such-rule'"),
])
def test_invalid_config_names_the_key(tmp_path: Path, config, fragment) -> None:
    path = tmp_path / "wikilint.toml"
    path.write_text(config, "utf-8")
    result = wikilint("check", "--config", str(path), str(SEED))
    assert result.returncode == 2
    assert_one_clean_error_line(result, fragment)


def test_unknown_option_is_a_usage_error() -> None:
    result = wikilint("check", "--frobnicate", str(SEED))
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()


def test_rules_and_explain() -> None:
    listing = wikilint("rules")
    assert listing.returncode == 0
    assert "CIT001  citation-needed" in listing.stdout.decode()
    explained = wikilint("explain", "citation-needed")
    assert explained.returncode == 0
    assert "What it does" in explained.stdout.decode()
    unknown = wikilint("explain", "nope")
    assert unknown.returncode == 2
    assert_one_clean_error_line(unknown, "unknown rule 'nope'")


def test_check_never_touches_the_network(tmp_path: Path) -> None:
    """An audit hook fails the run if anything opens a socket or imports pywikibot."""
    script = tmp_path / "audit.py"
    script.write_text(
        "import sys\n"
        "def hook(event, args):\n"
        "    if event.startswith('socket.') or (event == 'import' and args[0] == 'pywikibot'):\n"
        "        raise SystemExit(f'network use: {event} {args[:1]}')\n"
        "sys.addaudithook(hook)\n"
        "from wikilint.bot.cli import main\n"
        f"raise SystemExit(main(['check', {str(SEED)!r}]))\n", "utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, cwd=ROOT, timeout=120)
    assert result.returncode in (0, 1), result.stderr.decode()


def test_third_party_plugin_through_entry_points(tmp_path: Path) -> None:
    """A rule published as a separate package loads like the built-ins, with its
    own messages (English where it has no translation); a clash fails loudly."""
    shutil.copytree(Path(__file__).parent / "rules_for_tests", tmp_path / "wikilint_todo",
                    ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "wikilint_todo-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: wikilint-todo\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[wikilint.rules]\ntodo = wikilint_todo:TodoMarker\nfixme = wikilint_todo:FixmeMarker\n")
    env = {"PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    listing = wikilint("rules", env=env)
    assert "TST001  todo-marker" in listing.stdout.decode(), listing.stderr.decode()
    assert "正文中留有TODO" in wikilint("rules", "--lang", "zh-hant", env=env).stdout.decode()
    page = tmp_path / "p.wiki"
    page.write_text("TODO\nFIXME\n", "utf-8")
    found = wikilint("check", "--select", "TST", "--format", "jsonl", str(page), env=env)
    todo, fixme = (json.loads(line) for line in found.stdout.decode().splitlines())
    assert (todo["code"], todo["message_key"], todo["message"]) == \
        ("TST001", "wikilint-tst001-left", "TODO left in the text")
    translated = wikilint("check", "--select", "TST", "--lang", "zh-hant", str(page), env=env)
    out = translated.stdout.decode()
    assert "TST001 todo-marker 正文中留有TODO" in out and "寫完這句話，然後刪去TODO" in out
    assert "TST003 fixme-marker FIXME left in the text (1 time)" in out, "no translation: English"

    (dist / "entry_points.txt").write_text(
        "[wikilint.rules]\ntodo = wikilint_todo:TodoMarker\nclash = wikilint_todo:DuplicateCode\n")
    clash = wikilint("rules", env=env)
    assert clash.returncode == 2
    assert_one_clean_error_line(clash, "duplicate rule code TST001")


def _page(tmp_path: Path, text: str = "A claim.{{cn}} Another.{{cn}}\nSee http://example.org/x\n") -> Path:
    page = tmp_path / "p.wiki"
    page.write_text(text, "utf-8")
    return page


def test_concise_format_is_one_line_per_finding(tmp_path: Path) -> None:
    page = _page(tmp_path)
    records = [json.loads(ln) for ln in
               wikilint("check", "--format", "jsonl", str(page)).stdout.decode().splitlines()]
    result = wikilint("check", "--format", "concise", str(page))
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1 and len(records) >= 3
    assert lines[:-1] == [f"{page}:{r['line']}:{r['column']}: {r['code']} {r['rule']} {r['message']}"
                          for r in records]
    assert lines[-1] == f"Found {len(records)} findings in 1 file."


def test_github_format_is_one_annotation_per_finding(tmp_path: Path) -> None:
    page = _page(tmp_path)
    records = [json.loads(ln) for ln in
               wikilint("check", "--format", "jsonl", str(page)).stdout.decode().splitlines()]
    result = wikilint("check", "--format", "github", str(page))
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1 and len(lines) == len(records)
    first = records[0]
    assert lines[0].startswith(
        f"::warning file={page},line={first['line']},col={first['column']},"
        f"endLine={first['end_line']},endColumn={first['end_column']},"
        f"title={first['code']} {first['rule']}::")


def test_statistics_count_the_findings_per_rule(tmp_path: Path) -> None:
    page = _page(tmp_path)
    records = [json.loads(ln) for ln in
               wikilint("check", "--format", "jsonl", str(page)).stdout.decode().splitlines()]
    expected = {}
    for record in records:
        expected[(record["code"], record["rule"])] = expected.get((record["code"], record["rule"]), 0) + 1
    result = wikilint("check", "--statistics", str(page))
    assert result.returncode == 1
    rows = [ln.split("\t") for ln in result.stdout.decode().splitlines()]
    assert {(code, name): int(count) for count, code, name in rows} == expected
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    as_json = json.loads(wikilint("check", "--statistics", "--format", "json", str(page)).stdout)
    assert {(r["code"], r["name"]): r["count"] for r in as_json} == expected


def test_min_severity(tmp_path: Path) -> None:
    page = _page(tmp_path)
    every = [json.loads(ln)["severity"] for ln in
             wikilint("check", "--format", "jsonl", str(page)).stdout.decode().splitlines()]
    assert "warning" in every
    errors_only = wikilint("check", "--format", "jsonl", "--min-severity", "error", str(page))
    assert [json.loads(ln)["severity"] for ln in errors_only.stdout.decode().splitlines()] == \
        [s for s in every if s == "error"]
    assert errors_only.returncode == (1 if "error" in every else 0)
    bad = wikilint("check", "--min-severity", "fatal", str(page))
    assert bad.returncode == 2 and "expected one of info, warning, error" in bad.stderr.decode()


def test_global_options_before_and_after_the_command(tmp_path: Path) -> None:
    page = _page(tmp_path, "A.{{cn}} See http://example.org/x\n")
    config = tmp_path / "wikilint.toml"
    config.write_text('select = ["CIT001"]\n', "utf-8")
    codes = {}
    for args in (["check", "-v", "--config", str(config)], ["-v", "--config", str(config), "check"],
                 ["--config", str(config), "check", "-v"]):
        result = wikilint(*args, "--format", "jsonl", str(page))
        assert result.returncode == 1, result.stderr.decode()
        codes[tuple(args)] = {json.loads(ln)["code"] for ln in result.stdout.decode().splitlines()}
    assert set(map(frozenset, codes.values())) == {frozenset({"CIT001"})}
    assert wikilint("check", "--format", "jsonl", str(page)).stdout.decode().count("REF001") == 1


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    page = _page(tmp_path, "A claim.{{cn}}\n" * 3000)  # far more than a pipe holds
    result = subprocess.run(f"{sys.executable} -m wikilint.bot check {page} | head -1; "
                            "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                            capture_output=True, cwd=ROOT, timeout=120)
    assert result.stdout.decode().startswith(f"{page}:1:9: CIT001")
    assert result.stderr == b""
    assert result.returncode == 141  # 128 + SIGPIPE, as head leaves cat or grep


def test_unknown_rule_in_a_disable_comment_is_a_warning(tmp_path: Path) -> None:
    page = _page(tmp_path, "Text.\n<!-- wikilint-disable-next-line FOO999 -->\nA claim.{{cn}}\n")
    result = wikilint("check", "--format", "concise", str(page))
    assert result.returncode == 1
    assert f"wikilint: warning: {page}:2: wikilint-disable comment names an unknown rule " \
        "'FOO999'" in result.stderr.decode()
    assert f"{page}:3:9: CIT001" in result.stdout.decode()


def test_help_lists_every_command_and_bot_arguments_pass_through() -> None:
    listing = wikilint("--help").stdout.decode()
    assert all(name in listing for name in ("check", "rules", "explain", "bot", "scan", "spark"))
    bot_help = wikilint("-v", "bot", "-help")
    assert bot_help.returncode == 0 and "-maxedits" in bot_help.stdout.decode()
