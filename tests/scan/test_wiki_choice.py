"""Which profile a dump's pages are linted with, and where its pages link to."""

from __future__ import annotations

import json

import pytest

from wikilint.bot.scan.dumps import choose_wiki
from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.scan.pages import SiteInfo
from wikilint.bot.scan.runner import ScanOptions, scan
from scan_dumps import Page, write_dump

ENGLISH = ("'''Bonn''' is a city on the Rhine.<ref>http://example.org/bonn</ref> "
           "It was the capital of West Germany.{{citation needed|date=May 2017}}")
CHINESE = "'''柏林'''是德国首都。<ref>http://example.cn/berlin</ref>人口约370万{{来源请求}}。"
JAPANESE = "'''ベルリン'''はドイツの首都である。<ref>http://example.jp/berlin</ref>人口は約370万人{{要出典}}。"


@pytest.mark.parametrize(("dbname", "lang", "forced", "sample", "expected"), [
    ("zhwiki", "zh", None, CHINESE, ("zhwiki", "header", False)),
    ("enwiki", "en", None, CHINESE, ("auto", "script", True)),
    ("enwiki", "en", "zhwiki", CHINESE, ("zhwiki", "--wiki", False)),
    ("jawiki", "ja", None, JAPANESE, ("jawiki", "header", False)),
    ("zhwiki", "zh", None, JAPANESE, ("auto", "script", True)),
    ("viwiki", "vi", None, ENGLISH, ("auto", "script", False)),  # no profile: each page
    (None, "ja", None, JAPANESE, ("jawiki", "header", False)),  # xml:lang without a dbname
    ("enwiki", "en", None, "", ("enwiki", "header", False)),  # no article to tell by
])
def test_the_wiki_of_a_dump(dbname, lang, forced, sample, expected):
    choice = choose_wiki(SiteInfo(dbname=dbname, language=lang), forced, sample)
    assert (choice.wiki, choice.source, choice.warning is not None) == expected


def _scan(tmp_path, pages, wiki=None, **head):
    dump = write_dump(tmp_path / "dump.xml.bz2", pages, "bz2", **head)
    outcome = scan(ScanOptions(dumps=[dump], jobs=1, report=tmp_path / "out", progress=False,
                               spec=LinterSpec(), wiki=wiki))
    findings = [json.loads(line) for line in
                (tmp_path / "out" / "findings.jsonl").read_text("utf-8").splitlines()]
    return outcome.summary, findings


def test_a_header_that_disagrees_with_its_pages_is_reported(tmp_path):
    pages = [Page(1, "柏林", CHINESE), Page(2, "ベルリン", JAPANESE), Page(3, "Bonn", ENGLISH)]
    summary, findings = _scan(tmp_path, pages, dbname="enwiki", lang="en")
    assert summary["dumps"][0]["wiki"] == "auto" and summary["dumps"][0]["wiki_source"] == "script"
    assert summary["warnings"] and "enwiki" in summary["warnings"][0]
    assert {f["title"]: f["wiki"] for f in findings} == {
        "柏林": "zhwiki", "ベルリン": "jawiki", "Bonn": "enwiki"}
    urls = {p["title"]: p["url"] for p in summary["top_pages"]}
    assert urls["柏林"].startswith("https://zh.wikipedia.org/wiki/")
    assert urls["ベルリン"].startswith("https://ja.wikipedia.org/wiki/")
    assert {p["title"]: p["wiki"] for p in summary["top_pages"]}["柏林"] == "zhwiki"


def test_wiki_overrides_the_header(tmp_path):
    summary, findings = _scan(tmp_path, [Page(1, "柏林", CHINESE)], dbname="enwiki", lang="en",
                              wiki="zhwiki")
    assert summary["warnings"] == []
    assert summary["dumps"][0]["wiki_source"] == "--wiki"
    assert {f["wiki"] for f in findings} == {"zhwiki"}
    assert summary["top_pages"][0]["url"].startswith("https://zh.wikipedia.org/wiki/")


def test_pages_of_a_dump_without_siteinfo_are_links(tmp_path):
    summary, _ = _scan(tmp_path, [Page(1, "Bonn", ENGLISH)], siteinfo=False)
    assert summary["top_pages"][0]["url"] == "https://en.wikipedia.org/wiki/Bonn"
