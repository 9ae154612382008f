"""Quoting article text in reports (no wiki needed)."""

from __future__ import annotations

import mwparserfromhell
import pytest

from wikilint.bot.wiki.wikitext import link, quote, truncate, variant_markup

DANGERS = [
    "{{Nobots}}", "[[Category:X]]", "~~~~", "{|\n|a\n|}", "[[User:Admin]]", "</nowiki>{{x}}",
    "<ref>r</ref>", "<!-- c", "__NOTOC__", "-{H|zh-hans:a;zh-hant:b}-", "{{subst:x}}",
    "http://spam.example/", "&lt;b&gt;", "== Heading ==", "\n* list\n#x",
]


@pytest.mark.parametrize("text", DANGERS)
def test_quoted_text_parses_as_one_nowiki_tag_and_nothing_else(text):
    quoted = quote(text)
    nodes = mwparserfromhell.parse(quoted).nodes
    assert len(nodes) == 1 and str(getattr(nodes[0], "tag", "")) == "nowiki"
    assert "\n" not in quoted
    assert quoted.count("</nowiki>") == 1, "the text cannot close the quotation early"


def test_quote_keeps_what_readers_see():
    assert quote("a < b & c > d") == "<nowiki>a &lt; b &amp; c &gt; d</nowiki>"
    assert quote("one\ntwo\r\nthree") == "<nowiki>one ↵ two ↵ three</nowiki>"
    assert quote("") == ""


def test_truncation_happens_before_escaping():
    assert truncate("abcdef", 4) == "abc…"
    assert quote("<<<<<<", limit=3) == "<nowiki>&lt;&lt;…</nowiki>"
    with pytest.raises(ValueError):
        truncate("x", 0)


def test_links_refuse_what_no_title_can_contain():
    assert link("Category:X") == "[[:Category:X]]"
    assert link("甲", "乙") == "[[:甲|乙]]"
    for bad in ("a]]b", "{{x}}", "a|b", ""):
        with pytest.raises(ValueError):
            link(bad)


def test_variant_markup():
    assert variant_markup({"zh-hans": "报告", "zh-hant": "報告"}) == "-{zh-hans:报告;zh-hant:報告;}-"
    assert variant_markup({"zh-hans": "wikilint", "zh-hant": "wikilint"}) == "wikilint"
    assert variant_markup({"en": "report"}) == "report"
    # a ";" splits the block only before a variant code (MediaWiki's ConverterRule)
    assert variant_markup({"zh-hans": "&lt;ref&gt;甲", "zh-hant": "乙"}) \
        == "-{zh-hans:&lt;ref&gt;甲;zh-hant:乙;}-"
    quoted = quote("-{甲}-;zh-hant:乙")  # inside <nowiki>: the converter never reads it
    assert variant_markup({"zh-hans": quoted, "zh-hant": "丙"}) == f"-{{zh-hans:{quoted};zh-hant:丙;}}-"
    for bad in ("a;zh-hant:b", "a; zh-tw :b", "a}-b", "a-{b", "x=>zh-hans:y"):
        with pytest.raises(ValueError):
            variant_markup({"zh-hans": bad, "zh-hant": "c"})
