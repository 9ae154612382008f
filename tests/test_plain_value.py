"""NUM002's pre-parse test reads a citation's title from the text only where
that text is what the parse's value reads, markup stripped: compared with
mwparserfromhell on generated values."""

from __future__ import annotations

import mwparserfromhell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikilint.rules.builtin.figure_source_mismatch import _plain_value

PIECES = [
    "a", "Killed", " ", "7", "七", "\n", "\n\n", "&nbsp;", "&amp;", "&NBSP;", "&apos;", "&bogus;", "&#55;",
    "&#x37;", "&#0;", "&#1114112;", "&#x110000;", "&#xD800;", "&#99999999999;", "&#x;", "&#12a;", "&", ";",
    "#", "x", "[", "]", "[[", "]]", "[http://a.org b]", "[mailto:a b]", "[2-in-1]", "http://a.org", "mailto:a",
    "{{", "}}", "{", "}", "<", ">", "<br>", "<!--", "-->", "*", ":", "=", "-", "----", "''", "'''", "~~~~",
    "__TOC__", "|", "-{", "}-", "\t", "\u3000", "\xa0",
]
START = len("{{cite web|title=")


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_plain_value_is_what_the_parse_reads(value: str) -> None:
    content = "{{cite web|title=" + value + "}}"
    read = _plain_value(content, START)
    if read is None:
        return  # markup: the test says "maybe"
    templates = mwparserfromhell.parse(content, skip_style_tags=True).filter_templates(recursive=False)
    cite = [t for t in templates if str(t.name) == "cite web" and t.params and str(t.params[0].name) == "title"]
    if not cite:
        return  # markup after the value pairs the brackets otherwise: no title is read at all
    assert read == cite[0].params[0].value.strip_code().strip(), content


def test_markup_is_not_read_as_plain() -> None:
    for value in ("[[a|Killed]] 7", "{{lang|en|7 killed}}", "7 <!-- x --> killed", "[http://a.org 7 killed]",
                  "a\n* killed 7", "a\n\n\nkilled"):
        assert _plain_value("{{cite web|title=" + value + "}}", START) is None, value


def test_entities_are_read_as_the_parse_reads_them() -> None:
    assert _plain_value("|title= 7&nbsp;killed |", len("|title=")) == "7\xa0killed"
    assert _plain_value("|title=&#55; killed&#0;&apos;|", len("|title=")) == "7 killed&#0;&apos;"
