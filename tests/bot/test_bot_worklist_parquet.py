"""``-fromscan`` on a ``wikilint spark`` output written as Parquet (no wiki, no Spark):
the findings of a real ``wikilint scan`` laid out as the Spark job writes them
(``findings/wiki_db=…/code=…/part-*.parquet``, the finding rows of
:mod:`wikilint.bot.spark.rows`) give the same worklists as the JSON lines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from wikilint.bot.whitelist import Whitelist, entry_line
from wikilint.bot.wiki.messages import Messages
from wikilint.bot.wiki.worklist import ListContext, WorklistError, read_scan, render_worklists

from tests.bot.community import scan
from tests.bot.wiki_pages import SEED_TITLE, ZH_PAGES

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install -e '.[parquet]')")
pq = pytest.importorskip("pyarrow.parquet")

TITLES = (SEED_TITLE, "甲條目", "乙條目", "轉義條目")
CONTEXT = ListContext(prefix="User:LintBot/清單", size=2, bot_user="LintBot",
                      docpage="User:LintBot/wikilint", whitelist="User:LintBot/whitelist",
                      date="2025-01-02")


def arrow_type(name: str, kind: type):
    """The Parquet type Spark gives a finding column (as :mod:`wikilint.bot.spark.schema`
    does, which needs pyspark): identifiers 64 bits, other integers 32, the rest text."""
    if kind is int:
        return pa.int64() if name in ("page_id", "revision_id") else pa.int32()
    return pa.string()


def write_spark_layout(lines: list[str], out: Path, wiki_db: str = "zhwiki") -> None:
    """The finding lines as ``wikilint spark`` writes them in Parquet: one directory per
    wiki and rule code, the partition columns and the JSON line left out of the files."""
    from wikilint.bot.spark.rows import FINDING_COLUMNS, finding_row

    columns = [(name, kind) for name, kind in FINDING_COLUMNS if name != "code"]
    schema = pa.schema([(name, arrow_type(name, kind)) for name, kind in columns])
    by_code: dict[str, list[dict]] = {}
    for line in lines:
        row = dict(zip([name for name, _ in FINDING_COLUMNS], finding_row(line)))
        by_code.setdefault(row.pop("code"), []).append(row)
    for code, rows in by_code.items():
        folder = out / "findings" / f"wiki_db={wiki_db}" / f"code={code}"
        folder.mkdir(parents=True)
        # two files per code, as several tasks write
        half = (len(rows) + 1) // 2
        for number, part in enumerate((rows[:half], rows[half:])):
            if part:
                table = pa.Table.from_pylist(part, schema=schema)
                pq.write_table(table, folder / f"part-0000{number}-test.c000.snappy.parquet")
        (folder / "._SUCCESS.crc").write_text("")
    (out / "findings" / "_SUCCESS").write_text("")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, Path, list[dict]]:
    """A ``wikilint scan`` output (JSON lines) and the same findings in Spark's Parquet layout."""
    tmp = tmp_path_factory.mktemp("scan")
    jsonl = scan(tmp, {title: ZH_PAGES[title] for title in TITLES})
    lines = (jsonl / "findings.jsonl").read_text("utf-8").split("\n")[:-1]
    parquet = tmp / "spark-out"
    write_spark_layout(lines, parquet)
    shutil.copy(jsonl / "summary.json", parquet / "summary.json")
    return jsonl, parquet, [json.loads(line) for line in lines]


def pages(lists) -> dict[str, str]:
    return {page.title: page.text for page in render_worklists(lists, CONTEXT, Messages("zh"))}


def test_parquet_output_gives_the_same_worklists_as_json_lines(outputs):
    jsonl, parquet, records = outputs
    codes = {r["code"] for r in records}
    assert len(records) >= 10 and len(codes) >= 3, "a comparison that means something"
    hidden = next(r for r in records if r["code"] == "CIT001" and r["title"] == "甲條目")
    whitelist = Whitelist.parse(f"* [[甲條目]] CIT001 {hidden['fingerprint']} 已有來源\n")

    from_jsonl, jsonl_warnings = read_scan(jsonl, whitelist)
    from_parquet, parquet_warnings = read_scan(parquet, whitelist)

    assert jsonl_warnings == parquet_warnings == []
    assert from_parquet.total == from_jsonl.total == len(records) - 1, "one whitelisted"
    assert from_parquet.pages_checked == from_jsonl.pages_checked == len(TITLES)
    assert from_parquet.source == from_jsonl.source == "dump.xml"
    assert pages(from_parquet) == pages(from_jsonl)
    listed = "\n".join(pages(from_parquet).values())
    assert entry_line("甲條目", from_parquet.by_rule["CIT001"]["甲條目"][0]) in listed
    assert f"[[甲條目]] CIT001 {hidden['fingerprint']}" not in listed
    # evidence (JSON text in Parquet) comes back as data: the tags' dates are shown
    assert "2020年1月" in pages(from_parquet)[f"{CONTEXT.prefix}/CIT001"]


def test_parquet_output_keeps_only_the_selected_rules(outputs):
    jsonl, parquet, records = outputs
    chosen = frozenset({"CIT001"})
    lists, _ = read_scan(parquet, Whitelist(), codes=chosen)
    assert set(lists.by_rule) == {"CIT001"}
    assert lists.total == sum(1 for r in records if r["code"] == "CIT001")


def test_without_pyarrow_the_operator_is_told_what_to_install(outputs, monkeypatch):
    _, parquet, _ = outputs
    monkeypatch.setitem(__import__("sys").modules, "pyarrow.parquet", None)
    with pytest.raises(WorklistError) as error:
        read_scan(parquet, Whitelist())
    message = str(error.value)
    assert "\n" not in message and "pip install 'wikilint[parquet]'" in message


def test_a_broken_parquet_file_is_a_clear_error(outputs, tmp_path):
    _, parquet, _ = outputs
    broken = tmp_path / "broken"
    shutil.copytree(parquet, broken)
    victim = sorted((broken / "findings").rglob("*.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[: len(victim.read_bytes()) // 2])
    with pytest.raises(WorklistError, match="cannot be read as Parquet") as error:
        read_scan(broken, Whitelist())
    assert "\n" not in str(error.value)

    other = tmp_path / "other"
    folder = other / "findings" / "wiki_db=zhwiki" / "code=CIT001"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"page_id": [1], "text": ["x"]}), folder / "part-00000.parquet")
    with pytest.raises(WorklistError, match="not a findings file of wikilint spark"):
        read_scan(other, Whitelist())
