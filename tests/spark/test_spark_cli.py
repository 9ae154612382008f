"""``wikilint spark`` on the command line: light without pyspark, one clear line on errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spark_pages import dump_file, wiki_pages

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def test_nothing_imports_pyspark_until_the_job_runs():
    result = _python(
        "import sys, wikilint.bot.cli, wikilint.bot.spark, wikilint.bot.spark.cli\n"
        "from wikilint.bot.commandline import Parser\n"
        "parser = Parser(prog='wikilint spark')\n"
        "wikilint.bot.spark.cli.add_arguments(parser)\n"
        "parser.parse_args(['dump.xml.bz2', '--out', 'out'])\n"
        "print('pyspark' in sys.modules)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_without_pyspark_the_command_says_what_to_install(tmp_path):
    dump = dump_file(tmp_path / "enwiki.xml", "enwiki", wiki_pages()["enwiki"][:1])
    result = _python(
        "import sys\n"
        "sys.modules['pyspark'] = None  # as if it were not installed\n"
        "from wikilint.bot.spark.cli import main\n"
        f"sys.exit(main([{str(dump)!r}, '--out', {str(tmp_path / 'out')!r}]))\n")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "wikilint: error: the Spark engine needs pyspark: pip install 'wikilint[spark]'"]


def test_help_describes_inputs_and_outputs():
    result = subprocess.run([sys.executable, "-m", "wikilint.bot", "spark", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    for option in ("--table", "--where", "--out", "--format", "--report", "--page-timeout"):
        assert option in result.stdout


@pytest.mark.parametrize("argv, message", [
    ([], "give dumps or Parquet paths, or --table"),
    (["missing.xml.bz2"], "no such dump: missing.xml.bz2"),
    (["DUMP", "--select", "NOPE999"], "NOPE999"),
])
def test_usage_errors_are_one_line(argv, message, tmp_path, capsys):
    from wikilint.bot.spark.cli import main

    dump = dump_file(tmp_path / "enwiki.xml", "enwiki", wiki_pages()["enwiki"][:1])
    argv = [str(dump) if a == "DUMP" else a for a in argv]
    assert main(argv + ["--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("wikilint: error: ") and message in err[0]


def test_a_table_that_does_not_exist_is_one_line(spark, tmp_path, capsys):
    from wikilint.bot.spark.cli import main

    assert main(["--table", "no_such_table", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("wikilint: error: spark: ")


def test_the_command_writes_findings_and_report(spark, tmp_path, capsys):
    from wikilint.bot.spark.cli import main

    pages = wiki_pages()["zhwiki"][:4]
    dump = dump_file(tmp_path / "zhwiki.xml.bz2", "zhwiki", pages)
    code = main([str(dump), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "report"),
                 "--format", "jsonl", "--select", "REF"])
    assert code == 0
    err = capsys.readouterr().err
    assert "wikilint: spark scan complete: 4 pages linted" in err
    lines = [json.loads(line) for path in (tmp_path / "out" / "findings").rglob("part-*")
             for line in path.read_text("utf-8").split("\n")[:-1]]
    assert lines and {line["code"][:3] for line in lines} == {"REF"}
    summary = json.loads((tmp_path / "report" / "summary.json").read_text("utf-8"))
    assert summary["findings"]["total"] == len(lines)
    assert (tmp_path / "report" / "report.html").stat().st_size > 1000
