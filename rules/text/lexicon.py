"""Words and characters that dates and numbers are written with, defined once.

Imported by :mod:`wikilint.rules.text.dates` and
:mod:`wikilint.rules.text.numbers`; nothing here parses.
"""

from __future__ import annotations

__all__ = [
    "EN_MONTHS",
    "EN_MONTH_NUMBERS",
    "EN_MONTH_STEMS",
    "FULL_WIDTH_DIGITS",
    "ZH_DIGITS",
    "ZH_MULTIPLIERS",
    "ZH_MULTIPLIER_VALUES",
    "ZH_SMALL_DIGITS",
    "ZH_UNITS",
    "ZH_YEAR_DIGITS",
]

#: Full-width digits to ASCII, one character for one (spans still hold):
#: ``text.translate(FULL_WIDTH_DIGITS)``.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: English month names, January first.
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: The first three letters of each month's name, ``Jan`` to ``Dec``: what every
#: English date, spelt out or abbreviated, holds.
EN_MONTH_STEMS = tuple(name[:3] for name in EN_MONTHS)
#: Month number of each lower-cased name and abbreviation (``jan``, ``sept``).
EN_MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(EN_MONTHS, start=1)},
    **{stem.lower(): number for number, stem in enumerate(EN_MONTH_STEMS, start=1)},
    "sept": 9,
}

#: Chinese digits, financial forms and 廿 (twenty) included.
ZH_DIGITS = "〇零一二三四五六七八九兩两廿壹貳贰參叁肆伍陸陆柒捌玖"
#: Chinese unit characters (ten, hundred, ... and their financial forms).
ZH_UNITS = "十百千萬万億亿拾佰仟"
#: The unit characters that multiply what precedes them.
ZH_MULTIPLIERS = "十百千萬万億亿"
ZH_MULTIPLIER_VALUES = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "萬": 10**4,
    "万": 10**4,
    "億": 10**8,
    "亿": 10**8,
}
#: One to nine.
ZH_SMALL_DIGITS = "一二三四五六七八九"
#: The digits a year is spelt with one by one (``一九五〇年``, ``二〇一四年``).
ZH_YEAR_DIGITS = "〇零○一二三四五六七八九"
