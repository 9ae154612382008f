"""Tests of rules.text.numbers: numbers as written on zh and en Wikipedia."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wikilint.rules.text.numbers import Bound, Quantity, find_quantities, parse_number, parse_quantity


def figures(text: str) -> list[tuple[str, str, str]]:
    """(low, high, bound) of every quantity, as strings, for compact asserts."""
    return [(str(q.low), str(q.high), q.bound.value) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", "1234"),
        ("1 234", "1234"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("1.5", "1.5"),
        ("三百二十", "320"),
        ("十八萬", "180000"),
        ("十八万", "180000"),
        ("2万", "20000"),
        ("1.5萬", "15000"),
        ("兩千", "2000"),
        ("两千", "2000"),
        ("一萬兩千", "12000"),
        ("1萬2千", "12000"),
        ("1,500萬", "15000000"),
        ("2.3億", "230000000"),
        ("1.2 million", "1200000"),
        ("3 thousand", "3000"),
        ("two hundred and fifty", "250"),
        ("twenty-five", "25"),
        ("a hundred", "100"),
        ("１２３", "123"),
    ],
)
def test_parse_number_reads_whole_values(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "   ", "abc", "71–137", "1,5", "數千", "萬", "hundreds", "12 apples"])
def test_parse_number_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text",
    ["71–137人", "71-137人", "71至137人", "71到137人", "71 to 137 killed", "between 71 and 137 killed",
     "71 – 137 killed", "71~137人", "71人至137人"],
)
def test_ranges_in_every_spelling(text: str) -> None:
    (quantity,) = find_quantities(text)
    assert (quantity.low, quantity.high, quantity.bound) == (71, 137, Bound.EXACT)
    assert quantity.is_range


def test_range_split_by_masked_markup_keeps_its_span() -> None:
    # A note whose links were blanked out (same length): "71 [url]–137 [url] 人陣亡".
    text = "71" + " " * 30 + "–137" + " " * 12 + "人陣亡"
    (quantity,) = find_quantities(text)
    assert (quantity.low, quantity.high) == (71, 137)
    assert (quantity.start, quantity.end) == (0, 36)
    assert quantity.unit == "人"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("2至3萬人", 20000, 30000), ("1.5–2 million people", 1500000, 2000000),
     ("500至3萬人", 500, 30000), ("3,000-4,000人", 3000, 4000)],
)
def test_a_multiplier_written_once_covers_both_ends(text: str, low: int, high: int) -> None:
    (quantity,) = find_quantities(text)
    assert (quantity.low, quantity.high) == (low, high)


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("約300人", Bound.APPROXIMATE), ("大約300人", Bound.APPROXIMATE), ("近300人", Bound.APPROXIMATE),
        ("將近300人", Bound.APPROXIMATE), ("300人左右", Bound.APPROXIMATE),
        ("about 300 men", Bound.APPROXIMATE), ("c. 300 men", Bound.APPROXIMATE),
        ("approximately 300 men", Bound.APPROXIMATE), ("nearly 300 men", Bound.APPROXIMATE),
        ("逾300人", Bound.AT_LEAST), ("超過300人", Bound.AT_LEAST), ("超过300人", Bound.AT_LEAST),
        ("至少300人", Bound.AT_LEAST), ("300人以上", Bound.AT_LEAST), ("300餘人", Bound.AT_LEAST),
        ("300多人", Bound.AT_LEAST), ("三千餘人", Bound.AT_LEAST), ("over 300 men", Bound.AT_LEAST),
        ("more than 300 men", Bound.AT_LEAST), ("at least 300 men", Bound.AT_LEAST),
        ("300+ men", Bound.AT_LEAST), ("300 or more men", Bound.AT_LEAST),
        ("不到300人", Bound.AT_MOST), ("不超過300人", Bound.AT_MOST), ("up to 300 men", Bound.AT_MOST),
        ("fewer than 300 men", Bound.AT_MOST),
        ("300人", Bound.EXACT), ("300 men", Bound.EXACT),
    ],
)
def test_bound_words(text: str, bound: Bound) -> None:
    (quantity,) = find_quantities(text)
    assert quantity.bound is bound
    assert quantity.low == 300 or quantity.low == 3000


def test_span_covers_bound_words_but_not_the_unit() -> None:
    text = "造成約3,000餘人死亡"
    (quantity,) = find_quantities(text)
    assert text[quantity.start:quantity.end] == quantity.text == "約3,000餘"
    assert quantity.unit == "人"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("八名警察", 8, "名"), ("三百二十人", 320, "人"), ("十八萬人", 180000, "人"), ("兩千人", 2000, "人"),
     ("四座警察局", 4, "座"), ("六臺悍馬車", 6, "臺"), ("三十餘萬人", 300000, "人"), ("十人", 10, "人")],
)
def test_chinese_numerals_with_a_measure_word(text: str, value: int, unit: str) -> None:
    (quantity,) = find_quantities(text)
    assert (quantity.low, quantity.unit) == (value, unit)


@pytest.mark.parametrize(
    "text",
    ["統一位於北方", "一般而言", "萬一失敗", "百姓", "三國時期", "兩天後", "千萬不可", "十字軍", "統一位於"],
)
def test_chinese_numeral_words_are_not_counts(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "2014年", "1月3日", "12月30日 – 1月2日", "1月3日至5日", "2014年1月3日", "1990年代", "20世紀",
        "第1師", "第5兵團", "第三名", "45軍", "95式步槍", "3級", "百分之三十", "50%", "３成",
        "10元", "300美元", "10多年", "5歲",
        "3 January 2014", "January 3, 2014", "3–5 January", "in 1776", "(1632)", "(1626–34)",
        "1776–1780", "the 1770s", "101st Airborne", "2nd Division", "No. 3", "p. 40", "pp. 249–50",
        "[12]", "12:30", "75%", "45 percent", "$3 million", "£300", "ISBN 978-0-7139-9592-3",
        "F-16 fighters", "AK-47", "AD 70", "300 BC", "one of them", "no one",
    ],
)
def test_what_is_not_a_count(text: str) -> None:
    assert find_quantities(text) == [], find_quantities(text)


def test_year_shaped_number_counts_when_a_counted_thing_follows() -> None:
    assert figures("1500人") == [("1500", "1500", "exact")]
    assert figures("1500 men") == [("1500", "1500", "exact")]
    assert figures("In 1500 men marched") == []


def test_vague_quantities() -> None:
    found = find_quantities("數千人、十幾人、上千人、七八十人；dozens of men, hundreds killed, tens of thousands fled")
    assert [q.bound for q in found] == [Bound.VAGUE, Bound.VAGUE, Bound.VAGUE, Bound.APPROXIMATE,
                                        Bound.VAGUE, Bound.VAGUE, Bound.VAGUE]
    assert (found[1].low, found[1].high) == (11, 19)
    assert (found[3].low, found[3].high) == (70, 80)
    assert found[6].low >= 20000


def test_english_words() -> None:
    found = find_quantities("two hundred and fifty men; five were killed; one officer")
    assert [(q.low, q.unit) for q in found] == [(250, "men"), (5, "were"), (1, "officer")]


def test_seed_casualty_note() -> None:
    # The casualties1 note of the seed, with its links blanked out.
    text = ("35人陣亡 (12月30日 – 1月2日), 71 –137  人陣亡 (1月3日), 55人陣亡 (1月4日), "
            "36人陣亡 (1月5日), 25人陣亡 (1月7日), 總計222–288人陣亡")
    assert figures(text) == [
        ("35", "35", "exact"), ("71", "137", "exact"), ("55", "55", "exact"),
        ("36", "36", "exact"), ("25", "25", "exact"), ("222", "288", "exact"),
    ]
    assert all(q.unit == "人" for q in find_quantities(text))


def test_english_infobox_lines() -> None:
    text = ("115,000 - 120,000 soldiers\n1,835 ships (1626–34)\n149,000 Swedes (1632)\n"
            "Total: 405,000 - 450,000\nOver 150,000 Imperial (1635)\nUp to 300,000 Spanish")
    found = find_quantities(text)
    assert [(str(q.low), str(q.high), q.bound.value, q.unit) for q in found] == [
        ("115000", "120000", "exact", "soldiers"),
        ("1835", "1835", "exact", "ships"),
        ("149000", "149000", "exact", "swedes"),
        ("405000", "450000", "exact", ""),
        ("150000", "150000", "at-least", "imperial"),
        ("300000", "300000", "at-most", "spanish"),
    ]


def test_full_width_digits_keep_spans() -> None:
    text = "共３００人"
    (quantity,) = find_quantities(text)
    assert quantity.low == 300
    assert text[quantity.start:quantity.end] == "３００"


def test_pos_and_endpos_limit_the_search() -> None:
    text = "35人、55人、76人"
    found = find_quantities(text, 3, 7)
    assert [q.low for q in found] == [55]
    assert found[0].start == 4


def test_parse_quantity_wants_exactly_one() -> None:
    assert parse_quantity("222–288人陣亡") == Quantity(
        Decimal(222), Decimal(288), Bound.EXACT, 0, 7, "222–288", "人")
    assert parse_quantity("35人、55人") is None
    assert parse_quantity("不明") is None


def test_interval() -> None:
    exact, approximate, least, most = find_quantities("300人、約300人、逾300人、不到300人")
    assert exact.interval() == (300, 300)
    assert approximate.interval(Decimal("0.1")) == (270, 330)
    assert least.interval() == (300, None)
    assert most.interval() == (0, 300)


def test_figures_too_long_to_be_counts_are_not_read() -> None:
    # 4,300 digits and more cannot even be written out by int(); no count is that large
    nines = "9" * 4300
    assert [q.text for q in find_quantities(f"共{nines}人死亡，其中士兵{nines}人，平民5人。")] == ["5"]
    assert [q.text for q in find_quantities(f"共{nines}人死亡，平民5人")] == ["5"]
    assert find_quantities("1,000,000,000,000,000人") == []
    assert [q.low for q in find_quantities("999,999,999,999,999人")] == [999_999_999_999_999]
