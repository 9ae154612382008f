"""Tests of the shared date helper (rules/text/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest
from support import ROOT, SEED, corpus_files

from wikilint.rules.text.dates import (
    PartialDate,
    find_dates,
    leading_date,
    lines_leading_with_a_date,
    parse_date,
)

# --- PartialDate -------------------------------------------------------------


def test_partial_date_validates_the_calendar() -> None:
    assert PartialDate(None, 2, 29).day == 29  # no year: a leap day may be meant
    with pytest.raises(ValueError):
        PartialDate(2014, 2, 29)
    with pytest.raises(ValueError):
        PartialDate(2014, 4, 31)
    with pytest.raises(ValueError):
        PartialDate(2014, None, 3)  # a day needs a month
    with pytest.raises(ValueError):
        PartialDate(None, None, None)
    with pytest.raises(ValueError):
        PartialDate(2014, 13)


def test_partial_date_bounds_and_text() -> None:
    month = PartialDate(2016, 2)
    assert month.precision == "month"
    assert month.first_day() == date(2016, 2, 1)
    assert month.last_day() == date(2016, 2, 29)
    assert PartialDate(2014).last_day() == date(2014, 12, 31)
    assert PartialDate(None, 1, 9).isoformat() == "--01-09"
    assert str(PartialDate(2014, 1, 9)) == "2014-01-09"
    assert PartialDate(None, 1, 9).with_year(2014) == PartialDate(2014, 1, 9)
    with pytest.raises(ValueError):
        PartialDate(None, 1, 9).first_day()


# --- parse_date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014年1月9日", PartialDate(2014, 1, 9)),
        ("2014年1月", PartialDate(2014, 1)),
        ("2014年01月", PartialDate(2014, 1)),
        ("1月9日", PartialDate(None, 1, 9)),
        ("9 January 2014", PartialDate(2014, 1, 9)),
        ("January 9, 2014", PartialDate(2014, 1, 9)),
        ("Jan 9, 2014", PartialDate(2014, 1, 9)),
        ("9 Sept 2014", PartialDate(2014, 9, 9)),
        ("January 2014", PartialDate(2014, 1)),
        ("2014-01-09", PartialDate(2014, 1, 9)),
        ("2014-01", PartialDate(2014, 1)),
        ("2014", PartialDate(2014)),
        ("2019-01-18T13:38:58+00:00", PartialDate(2019, 1, 18)),
        ("2019-01-18T13:38:58Z", PartialDate(2019, 1, 18)),
        ("２０１４年１月９日", PartialDate(2014, 1, 9)),
        ("  2014年1月  ", PartialDate(2014, 1)),
    ],
)
def test_parse_date_reads_wiki_dates(value: str, expected: PartialDate) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "foo", "2月30日", "2014年13月", "2014-13", "2013-14T", "31 June 2014",
     "2014年1月 and more", "January", "1/9/2014"],
)
def test_parse_date_rejects_what_is_not_one_date(value: str) -> None:
    assert parse_date(value) is None


# --- find_dates --------------------------------------------------------------


def test_find_dates_gives_spans_into_the_text() -> None:
    text = "2013年12月30日起，1月2日政府軍；On 3 January 2014 and January 9, 2014 or 2014-01-09."
    found = list(find_dates(text))
    assert [text[m.start : m.end] for m in found] == [
        "2013年12月30日", "1月2日", "3 January 2014", "January 9, 2014", "2014-01-09",
    ]
    assert [m.date for m in found] == [
        PartialDate(2013, 12, 30), PartialDate(None, 1, 2), PartialDate(2014, 1, 3),
        PartialDate(2014, 1, 9), PartialDate(2014, 1, 9),
    ]


def test_find_dates_full_width_digits_keep_offsets() -> None:
    text = "於２０１４年１月９日發生"
    (match,) = find_dates(text)
    assert match.date == PartialDate(2014, 1, 9)
    assert text[match.start : match.end] == "２０１４年１月９日"


def test_find_dates_pos_and_endpos() -> None:
    text = "1月2日和1月3日"
    assert [m.date.day for m in find_dates(text, 4)] == [3]
    assert [m.date.day for m in find_dates(text, 0, 4)] == [2]


@pytest.mark.parametrize(
    "text",
    ["the 2010-11 season", "持續了300年", "1990年代", "3個月後", "12345年", "may 5 people",
     "version 3 Mar", "Mar 3 runs"],
)
def test_find_dates_ignores_what_only_looks_like_a_date(text: str) -> None:
    assert list(find_dates(text)) == []


# --- leading_date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "start", "end"),
    [
        ("2014年1月3日，政府軍", "2014年1月3日", PartialDate(2014, 1, 3), None),
        ("1月3日，政府軍", "1月3日", PartialDate(None, 1, 3), None),
        ("1月3日：政府軍", "1月3日", PartialDate(None, 1, 3), None),
        ("1月3日政府軍進攻", "1月3日", PartialDate(None, 1, 3), None),
        ("1月3日晚，政府軍", "1月3日", PartialDate(None, 1, 3), None),
        ("01月24日民兵", "01月24日", PartialDate(None, 1, 24), None),
        ("２０１４年１月３日，", "２０１４年１月３日", PartialDate(2014, 1, 3), None),
        ("2014年1月，", "2014年1月", PartialDate(2014, 1), None),
        ("7月初，政府軍", "7月", PartialDate(None, 7), None),
        ("1月3日至5日，", "1月3日至5日", PartialDate(None, 1, 3), PartialDate(None, 1, 5)),
        ("1月3至5日，", "1月3至5日", PartialDate(None, 1, 3), PartialDate(None, 1, 5)),
        ("1月30日至2月2日，", "1月30日至2月2日", PartialDate(None, 1, 30), PartialDate(None, 2, 2)),
        ("2014年12月30日至2015年1月2日，", "2014年12月30日至2015年1月2日",
         PartialDate(2014, 12, 30), PartialDate(2015, 1, 2)),
        ("* 1月3日：", "1月3日", PartialDate(None, 1, 3), None),
        ("'''1月3日'''：", "1月3日", PartialDate(None, 1, 3), None),
        ("[[1月3日]]，", "1月3日", PartialDate(None, 1, 3), None),
        ("On 3 January 2014, troops", "3 January 2014", PartialDate(2014, 1, 3), None),
        ("On January 3, troops", "January 3", PartialDate(None, 1, 3), None),
        ("On 27 February 1933 the building", "27 February 1933", PartialDate(1933, 2, 27), None),
        ("3 January – troops", "3 January", PartialDate(None, 1, 3), None),
        ("3 November 2014, Samsung", "3 November 2014", PartialDate(2014, 11, 3), None),
        ("January 3: troops", "January 3", PartialDate(None, 1, 3), None),
        ("* March 2009: Voted", "March 2009", PartialDate(2009, 3), None),
        ("In January 2014, troops", "January 2014", PartialDate(2014, 1), None),
        ("In July, 2010, by a vote", "July, 2010", PartialDate(2010, 7), None),
        ("In February 1775 Parliament", "February 1775", PartialDate(1775, 2), None),
        ("*May 1963 - Chrome", "May 1963", PartialDate(1963, 5), None),
        (";3 January 2014\n", "3 January 2014", PartialDate(2014, 1, 3), None),
        ("3–5 January 2014: talks", "3–5 January 2014", PartialDate(2014, 1, 3), PartialDate(2014, 1, 5)),
        ("January 3–5, 2014, talks", "January 3–5, 2014", PartialDate(2014, 1, 3), PartialDate(2014, 1, 5)),
        ("3 January – 5 January 2014: talks", "3 January – 5 January 2014",
         PartialDate(2014, 1, 3), PartialDate(2014, 1, 5)),
        ("30 December – 2 January 2014: talks", "30 December – 2 January 2014",
         PartialDate(2013, 12, 30), PartialDate(2014, 1, 2)),
    ],
)
def test_leading_date_reads_entry_dates(
    text: str, written: str, start: PartialDate, end: PartialDate | None
) -> None:
    found = leading_date(text)
    assert found is not None
    assert text[found.start : found.end] == written
    assert found.date == start
    assert found.end_date == end


@pytest.mark.parametrize(
    "text",
    [
        "政府軍於1月3日進攻",  # the date is inside the sentence
        "在11月俄羅斯提供援助",
        "1月3日前，政府軍",  # a bound, not the day of the entry
        "1月3日起，政府軍",
        "1月3日以來，",
        "1月3日至今，",
        "2014年，政府軍",  # a year alone
        "In 2014, troops",
        "In 3 January 2014, troops",
        "In early January 2014, troops",
        "On 1月3日，",
        "August 23, 2019 saw the release",  # a date as the subject of a sentence
        "3 January troops advanced",
        "On January 2014 troops",
        "The army on 3 January, advanced",
        "2014-01-09, troops",
        "[[1月3日事件]]，",
        "2月30日，",
    ],
)
def test_leading_date_ignores_dates_that_do_not_begin_an_entry(text: str) -> None:
    assert leading_date(text) is None


def test_leading_date_range_is_not_swallowed_by_a_dash() -> None:
    found = leading_date("3 January – 5 soldiers were killed")
    assert found is not None
    assert found.end_date is None
    assert found.end == len("3 January")


def test_leading_date_spans_are_offsets_into_the_whole_text() -> None:
    text = "前言。\n\n1月9日，政府軍\n"
    block_start = text.index("1月")
    found = leading_date(text, block_start, len(text))
    assert found is not None
    assert (found.start, found.end) == (block_start, block_start + 4)
    assert leading_date(text, 0, len(text)) is None


def test_leading_date_reads_long_entries_like_short_ones() -> None:
    # Only the first characters of an entry are read; where that window ends
    # must not pass for the end of the entry.
    for width in range(140, 160):
        text = "*" + " " * width + "3 January 2014 troops advanced" + " and more" * 50
        assert leading_date(text) is None, width
        dated = "*" + " " * width + "3 January 2014, troops advanced" + " and more" * 50
        found = leading_date(dated)
        if found is not None:  # the date fits in the window
            assert dated[found.start : found.end] == "3 January 2014"
    assert leading_date("1月9日，" + "政府軍" * 500) is not None


def test_leading_date_only_in_the_styles_asked_for() -> None:
    from wikilint.rules.text.dates import leading_date

    assert leading_date("1月3日，政府軍", styles=("zh",)) is not None
    assert leading_date("1月3日，政府軍", styles=("en",)) is None
    assert leading_date("On 3 January 2014, the army", styles=("en",)) is not None
    assert leading_date("On 3 January 2014, the army", styles=("zh",)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("* 2014年1月3日：A\n* 1月5日：B\n", 2),
    ("# '''[[1月3日]]'''，A\n:: On 5 January 2014, B\n", 2),
    ("In January 2014 A.\nJanuary 3: B.\n", 2),
    ("３月１日，A", 1),
    ("Text with 2014 in it.\nMore text.\n", 0),
    ("{{Infobox|date=2014}}\n|}\n", 0),
])
def test_lines_leading_with_a_date(text: str, expected: int) -> None:
    assert lines_leading_with_a_date(text, 5) == expected


@pytest.mark.corpus
def test_every_entry_date_is_on_a_line_the_quick_reading_counts() -> None:
    """lines_leading_with_a_date may count too many lines, never too few."""
    from wikilint.rules.document import Document
    from wikilint.rules.profile import load_profile
    from wikilint.rules.text.dates import _LINE_LEADS_WITH_DATE, _read_leading_date

    paths = [SEED, *corpus_files("zh", "en"), *sorted((ROOT / "tests" / "fixtures").glob("DAT*/*.wiki"))]
    dated = 0
    for path in paths:
        text = path.read_text("utf-8")
        doc = Document(text, load_profile("zhwiki"))
        for block in doc.blocks:
            if _read_leading_date(text, block.start, block.end, ("zh", "en")) is not None:
                dated += 1
                assert _LINE_LEADS_WITH_DATE.match(text, block.start, block.end), (path.name, block.text[:60])
    assert dated > 100


# --- entry dates after lead-in words, in Chinese numerals, years BCE -------


@pytest.mark.parametrize(
    ("text", "written", "start", "relative"),
    [
        ("在9月18日凌晨，關東軍", "9月18日", PartialDate(None, 9, 18), None),
        ("於1950年10月25日，志願軍", "1950年10月25日", PartialDate(1950, 10, 25), None),
        ("于10月3日，", "10月3日", PartialDate(None, 10, 3), None),
        ("在2014年1月3日上午10時，", "2014年1月3日", PartialDate(2014, 1, 3), None),
        ("同年5月2日，", "5月2日", PartialDate(None, 5, 2), 0),
        ("次年3月，", "3月", PartialDate(None, 3), 1),
        ("第二年1月5日，", "1月5日", PartialDate(None, 1, 5), 1),
        ("九月八日，", "九月八日", PartialDate(None, 9, 8), None),
        ("一九五〇年十月，", "一九五〇年十月", PartialDate(1950, 10), None),
        ("十月廿五日，", "十月廿五日", PartialDate(None, 10, 25), None),
        ("二〇一四年三月卅一日，", "二〇一四年三月卅一日", PartialDate(2014, 3, 31), None),
        ("同年九月八日，", "九月八日", PartialDate(None, 9, 8), 0),
        ("前221年10月，", "前221年10月", PartialDate(-221, 10), None),
        ("公元前206年10月，", "公元前206年10月", PartialDate(-206, 10), None),
        ("On 15 March 44 BC, Caesar", "15 March 44 BC", PartialDate(-44, 3, 15), None),
    ],
)
def test_leading_date_reads_lead_ins_numerals_and_years_bce(
    text: str, written: str, start: PartialDate, relative: int | None
) -> None:
    found = leading_date(text)
    assert found is not None
    assert text[found.start : found.end] == written
    assert found.date == start
    assert found.relative_year == relative


@pytest.mark.parametrize(
    "text",
    [
        "在這場戰役中，9月18日的攻擊最為猛烈",  # 在 opens an ordinary sentence
        "在11月俄羅斯提供援助",  # no punctuation after the date
        "於10月3日攻佔城鎮的部隊",
        "在9月18日前，",
        "十月革命爆發後，",  # a month in numerals names a revolution
        "同年，雙方簽署協議",
        "同年2014年1月3日，",
        "戰前3年，",
    ],
)
def test_leading_date_ignores_sentences_that_open_with_zai(text: str) -> None:
    assert leading_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前221年，秦統一六國", [PartialDate(-221)]),
        ("秦於前221年統一", [PartialDate(-221)]),
        ("戰前3年的準備", []),
        ("221 BC and 44 B.C.", [PartialDate(-221), PartialDate(-44)]),
        ("1950年十月", [PartialDate(1950, 10)]),
        ("十月革命", []),
        ("二月三十日", []),
        ("2014年1月3日與九月八日", [PartialDate(2014, 1, 3), PartialDate(None, 9, 8)]),
    ],
)
def test_find_dates_reads_years_bce_and_chinese_numerals(text: str, expected: list[PartialDate]) -> None:
    assert [m.date for m in find_dates(text)] == expected


def test_years_bce_are_dates_without_a_datetime() -> None:
    assert PartialDate(-44, 3, 15).isoformat() == "-0044-03-15"
    assert PartialDate(-1, 2, 29).day == 29  # 1 BC is a leap year (astronomical year 0)
    with pytest.raises(ValueError):
        PartialDate(0)
    with pytest.raises(ValueError):
        PartialDate(-221).first_day()
    assert parse_date("221 BC") == PartialDate(-221)


@pytest.mark.parametrize("text", [
    "2014年1月9日", "1月9日", "2014年", "二〇一四年一月九日", "九月八日", "前221年", "公元前206年",
    "9 January 2014", "January 9, 2014", "Jan 9, 2014", "9 Sept 2014", "May 2014", "221 BC", "44 B.C.",
    "2014-01-09",
])
def test_every_date_holds_a_cue(text: str) -> None:
    """DAT006 reads dates only near a DATE_CUE: every date find_dates reads holds one."""
    from wikilint.rules.text.dates import DATE_CUE

    dates = list(find_dates(text))
    assert dates, text
    assert all(DATE_CUE.search(text, d.start, d.end) for d in dates)
