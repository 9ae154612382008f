"""Whole-page scans written for speed answer as the one regex they stand for:
compared on generated text (and the corpus tests compare the findings)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikilint.rules.builtin.unbalanced_markup import _HEADING_QUOTES
from wikilint.rules.text.dates import DATE_CUE, may_hold_a_date

HEADING_QUOTES = re.compile(r"^=.*''.*=[ \t]*$", re.M)
SETTINGS = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(st.sampled_from(["=", "==", "''", "'", "\n", " ", "\t", "a", "\r", "\u2028", "x="]),
                max_size=14).map("".join))
def test_heading_quotes(text: str) -> None:
    assert _HEADING_QUOTES.occurs(text) == (HEADING_QUOTES.search(text) is not None)


@SETTINGS
@given(st.lists(st.sampled_from(["月", "年", "1", "1年", "May", "Ma", "y", "Jan", "B.C", "B", "C", "BC", "2014-01-",
                                 "-0", "1-", "december", " ", "a"]), max_size=8).map("".join))
def test_date_cue(text: str) -> None:
    assert may_hold_a_date(text) == (DATE_CUE.search(text) is not None)


KEYWORD_PIECES = ["total", "Total", "TOTAL", "otal", "in all", "n all", "altogether", "alltogether", "ltogether",
                  "of whom", "of which", "among them", "tota", "together", "of whomong them", "總計", "共", "其中", "共計", " ", "7", "x"]


@SETTINGS
@given(st.lists(st.sampled_from(KEYWORD_PIECES), max_size=10).map("".join))
def test_total_keywords_one_search(text: str) -> None:
    """NUM001's keywords read in one search, each found where a search per keyword finds it."""
    from wikilint.rules.builtin import casualty_total_mismatch as rule
    from wikilint.rules.document import Document
    from wikilint.rules.profile import load_profile

    expected = []
    for word, first_letters in rule._KEYWORDS:
        at = text.find(word)
        while at != -1:
            if not first_letters:
                expected.append((at, at + len(word)))
            elif at and text[at - 1] in first_letters:
                expected.append((at - 1, at + len(word)))
            at = text.find(word, at + 1)
    expected.sort()
    figure = [(s, e) for s, e in expected
              if rule._FIGURE_START.search(text, max(0, s - rule._BEFORE_KEYWORD), e + rule._AFTER_KEYWORD)]
    assert rule._keyword_positions(Document(text, load_profile("enwiki"), "t")) == figure


@SETTINGS
@given(st.lists(st.sampled_from(["\n", "* ", "# ", "'''", "[[", "a|", "On ", "in ", "2014", "1月3日", "同年",
                                 "January", "jan", "前5", "三月", " ", "\u3000", "x", "|"]), max_size=12).map("".join),
       st.integers(min_value=1, max_value=4))
def test_lines_leading_with_a_date(text: str, at_most: int) -> None:
    """Counted from each line break as ``^`` in multi-line mode counts them."""
    from wikilint.rules.text import dates

    every_line = re.compile("^" + dates._MAY_LEAD_WITH_DATE, re.M)
    expected = min(at_most, sum(1 for _ in every_line.finditer(text)))
    assert dates.lines_leading_with_a_date(text, at_most) == max(expected, 0)


ENTRY_PIECES = ["* ", "# ", ":", "'''", "''", "[[", "|", "]]", "On ", "on ", "In ", "在", "於", "同年", "翌年", "前",
                "公元前", "2014", "１２", "１２月", "3", "年", "1月", "3日", "三月", "十二月", "三日", "五日", "初", "January", "Jan", "may", " ", "\u3000",
                "\u00a0", "–", "至", ",", "：", "x", "a"]


@SETTINGS
@given(st.lists(st.sampled_from(ENTRY_PIECES), max_size=10).map("".join))
def test_an_entry_read_to_begin_with_a_date_begins_as_the_quick_look_says(text: str) -> None:
    """leading_date looks at how an entry begins before reading it: every
    entry the full reading finds a date at passes that look."""
    from wikilint.rules.text import dates

    if dates._read_leading_date(text, 0, len(text), ("zh", "en")) is not None:
        assert dates._LINE_LEADS_WITH_DATE.match(text, 0, len(text)) is not None


@SETTINGS
@given(st.text(max_size=40))
def test_letters_and_digits_counted_as_isalnum_counts(text: str) -> None:
    from wikilint.rules.builtin.unsourced_section import _NOT_ALNUM

    assert len(_NOT_ALNUM.sub("", text)) == sum(1 for c in text if c.isalnum())
