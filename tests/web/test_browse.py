"""The scan browser's queries (DuckDB) over a real scan's JSON lines, and the
same findings in the Parquet layout of ``wikilint spark`` (hive partitions)."""

from __future__ import annotations

import json
from collections import Counter

import duckdb
import pytest

from wikilint.bot.web.browse import COLUMNS, BrowseError, Filters, ScanBrowser


@pytest.fixture(scope="module")
def lines(scan_dir):
    return [json.loads(line) for line in (scan_dir / "findings.jsonl").open(encoding="utf-8")]


@pytest.fixture(scope="module")
def parquet_dir(scan_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark-out")
    con = duckdb.connect()
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items())
    con.execute(f"""COPY (SELECT * EXCLUDE (evidence, params),  -- Spark keeps them as JSON text
                          CAST(evidence AS VARCHAR) AS evidence, CAST(params AS VARCHAR) AS params,
                          'testwiki' AS wiki_db
                          FROM read_json('{scan_dir / "findings.jsonl"}',
                                         format='newline_delimited', columns={{{columns}}}))
                    TO '{out / "findings"}' (FORMAT parquet, PARTITION_BY (wiki_db, code))""")
    return out


@pytest.fixture(scope="module", params=["jsonl", "parquet"])
def browser(request, scan_dir, parquet_dir):
    scan = ScanBrowser(scan_dir if request.param == "jsonl" else parquet_dir)
    assert scan.kind == {"jsonl": "json", "parquet": "parquet"}[request.param]
    yield scan
    scan.close()


def test_rules_count_what_the_scan_wrote(browser, lines):
    counts = Counter(line["code"] for line in lines)
    rules = browser.rules(Filters())
    assert {r["code"]: r["findings"] for r in rules} == counts
    assert [r["findings"] for r in rules] == sorted(counts.values(), reverse=True)
    pages = Counter(line["code"] for line in {(l["code"], l["title"]): l for l in lines}.values())
    assert {r["code"]: r["pages"] for r in rules} == pages


def test_pages_of_a_rule_sorted_and_paged(browser, lines):
    per_page = Counter(l["title"] for l in lines if l["code"] == "CIT001")
    rows, total = browser.pages(Filters(code="CIT001"), "findings", page=1, size=1)
    assert total == len(per_page) and len(rows) == 1
    assert rows[0]["findings"] == max(per_page.values())
    second, _ = browser.pages(Filters(code="CIT001"), "findings", page=2, size=1)
    assert second[0]["title"] != rows[0]["title"]
    oldest, _ = browser.pages(Filters(code="CIT001"), "oldest")
    dates = [r["oldest"] for r in oldest if r["oldest"]]
    assert dates == sorted(dates) and dates


def test_filters_by_severity_title_and_section_words(browser, lines):
    infos = [l for l in lines if l["severity"] == "info"]
    rows, total = browser.pages(Filters(severity="info"))
    assert total == len({l["title"] for l in infos})
    assert sum(r["findings"] for r in rows) == len(infos)
    rows, total = browser.pages(Filters(title="hostile"))
    assert [r["title"] for r in rows] == ["Hostile article"]
    section = next(l["section"] for l in lines if l["section"])
    word = section.split()[0]
    found = browser.findings(next(l["wiki"] for l in lines if l["section"] == section),
                             next(l["title"] for l in lines if l["section"] == section),
                             Filters(section=word))
    assert found and all(word.lower() in f["section"].lower() for f in found)
    assert browser.pages(Filters(title="100%_\\"))[1] == 0  # LIKE wildcards are literal


def test_findings_of_a_page_and_one_finding(browser, lines):
    first = lines[0]
    found = browser.findings(first["wiki"], first["title"], Filters())
    assert len(found) == sum(1 for l in lines if l["title"] == first["title"])
    assert [(f["line"], f["column"]) for f in found] == sorted((f["line"], f["column"]) for f in found)
    one = browser.finding(found[0]["id"])
    assert one["message"] == found[0]["message"]
    assert json.loads(one["evidence"]) == next(
        l["evidence"] for l in lines if l["title"] == first["title"]
        and (l["line"], l["column"], l["code"]) == (found[0]["line"], found[0]["column"], found[0]["code"]))
    assert browser.finding(10**9) is None


def test_a_directory_without_findings_is_an_error(tmp_path):
    with pytest.raises(BrowseError, match="no findings"):
        ScanBrowser(tmp_path)
