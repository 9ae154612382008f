"""Numbers as they are written on Chinese and English Wikipedia.

Two entry points:

* :func:`parse_number` reads a whole value that is one number: ``1,234``,
  ``1 234``, ``1.5``, ``三百二十``, ``十八萬``, ``2万``, ``1.5萬``, ``兩千``,
  ``1.2 million``, ``two hundred``;
* :func:`find_quantities` finds every *count* written in running text and
  returns it as a :class:`Quantity`: the figures as written (``low`` and
  ``high``, equal unless a range ``71–137``, ``71-137``, ``71至137``,
  ``71 to 137``, ``between 71 and 137`` was written), how the figure is meant
  (:class:`Bound`: exact, approximate ``約``/``about``/``c.``, a lower bound
  ``逾``/``超過``/``以上``/``至少``/``餘``/``over``/``at least``/``more than``,
  an upper bound ``不到``/``up to``/``fewer than``, or vague ``數千``/
  ``hundreds``), the unit that follows it (``人``, ``艘``, ``soldiers``) and its
  span in the text.

What is not a count is not returned: figures of more than fifteen digits
(identifiers; no count of people or things is that large, and such numbers
could not be added or written out safely), years and dates (``2014年``,
``1月3日``, ``3 January``, ``(1632)``, ``1776–1780``, ``1770s``), ordinals and
unit identifiers (``第1師``, ``1st Division``, ``No. 3``), reference and page
numbers (``[12]``, ``p. 40``, ISBNs), times, percentages and sums of money.

Spans are offsets into the string passed in, so a caller may hand over a
masked copy of a page (markup blanked out, same length) and get page offsets
back. Full-width digits read as ASCII digits.

Chinese numerals are converted by cn2an, English number words by text2num;
this module only finds them and decides what they mean in context.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

import regex

from wikilint.rules.text.dates import find_dates
from wikilint.rules.text.lexicon import (
    EN_MONTHS,
)
from wikilint.rules.text.lexicon import (
    FULL_WIDTH_DIGITS as _FULL_WIDTH,
)
from wikilint.rules.text.lexicon import (
    ZH_DIGITS as _ZH_DIGITS,
)
from wikilint.rules.text.lexicon import (
    ZH_MULTIPLIER_VALUES as _ZH_MULTIPLIER_VALUES,
)
from wikilint.rules.text.lexicon import (
    ZH_MULTIPLIERS as _ZH_MULTIPLIERS,
)
from wikilint.rules.text.lexicon import (
    ZH_SMALL_DIGITS as _SMALL_DIGITS,
)
from wikilint.rules.text.lexicon import (
    ZH_UNITS as _ZH_UNITS,
)

__all__ = ["MAX_COUNT", "Bound", "Quantity", "find_quantities", "parse_number", "parse_quantity"]


class Bound(StrEnum):
    """How a written figure relates to the true value."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    AT_LEAST = "at-least"
    AT_MOST = "at-most"
    VAGUE = "vague"
    """``數千``, ``hundreds``: low and high are only a rough frame"""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count found in text: ``text[start:end]`` is the figure with its
    bound words (``約3,000餘``, ``about 1.2 million``), without the unit."""

    low: Decimal
    high: Decimal
    bound: Bound
    start: int
    end: int
    text: str
    unit: str = ""
    """the measure word or noun right after the figure (``人``, ``艘``,
    ``killed``), lower-cased; empty when none follows"""

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def interval(self, tolerance: Decimal = Decimal("0.1")) -> tuple[Decimal, Decimal | None]:
        """The true values this figure allows: ``(lowest, highest)``, where
        ``None`` is unbounded. An approximate figure is widened by
        ``tolerance`` (a fraction) on each side."""
        if self.bound is Bound.APPROXIMATE:
            return self.low * (1 - tolerance), self.high * (1 + tolerance)
        if self.bound is Bound.AT_LEAST:
            return self.low, None
        if self.bound is Bound.AT_MOST:
            return Decimal(0), self.high
        return self.low, self.high


# --- building blocks ---------------------------------------------------------

#: No count reaches this: a larger figure is an identifier (or noise).
MAX_COUNT = Decimal(10) ** 15
#: Characters a written figure takes at most (``999,999,999,999,999.99 thousand``,
#: ``九千九百九十九萬九千九百九十九億…``); a longer run is not read at all.
_LONGEST_FIGURE = 40

# Measure words that make a Chinese numeral a count (longest first).
_ZH_MEASURES = (
    "人次",
    "架次",
    "餘人",
    "多人",
    "個",
    "个",
    "人",
    "名",
    "位",
    "員",
    "员",
    "艘",
    "架",
    "輛",
    "辆",
    "門",
    "门",
    "枚",
    "具",
    "座",
    "匹",
    "頭",
    "头",
    "支",
    "隻",
    "只",
    "把",
    "發",
    "发",
    "戶",
    "户",
    "家",
    "所",
    "間",
    "间",
    "棟",
    "栋",
    "幢",
    "件",
    "台",
    "臺",
    "部",
    "次",
    "場",
    "场",
    "起",
    "宗",
    "批",
    "師",
    "师",
    "旅",
    "團",
    "团",
    "營",
    "营",
    "連",
    "连",
    "排",
    "班",
    "噸",
    "吨",
    "公里",
    "公尺",
    "英里",
    "米",
    "公斤",
    "口",
    "條",
    "条",
)
# After a figure these make it a date, time, age, ordinal-like or ratio: not a count.
_ZH_NOT_COUNT_AFTER = regex.compile(
    r"[ \u3000]*(?:年|月|日|號|号|時(?!間|间|期)|时(?!间|期)|點(?![五半])|点(?![五半])|分(?!之)|秒|"
    r"世紀|世纪|歲|岁|屆|届|頁|页|倍|折|成(?![員员為为功立])|%|％|‰|"
    r"元|圓|圆|美元|美金|英鎊|英镑|歐元|欧元|日圓|日圆|日元|港元|港幣|港币|新台幣|新台币|台幣|"
    r"人民幣|人民币|盧布|卢布|第納爾|第纳尔|"
    # unit identifiers: 45軍, 第5兵團, 95式, 3級
    r"軍(?!人|隊|队|事|官)|军(?!人|队|事|官)|師(?!生)|师(?!生)|旅(?!客|遊|游)|團(?!體|体)|团(?!体)|"
    r"營(?!地|養|养)|营(?!地|养)|兵團|兵团|型|式|級|级|線|线)"
)
_ZH_NOT_COUNT_BEFORE = regex.compile(
    r"(?:第|百分之|千分之|萬分之|万分之|公元|西元|民國|民国|[$£€¥￥])[ \u3000]*$"
)

_SPACES = regex.compile(r"[ \u00a0]+")
_LEADING_A = regex.compile(r"(?i)^a[ \u00a0]+")
_DIGIT_GROUPING = regex.compile(r"[, \u00a0\u2009\u202f]")
_ZH_MULTIPLIER = regex.compile(rf"[{_ZH_MULTIPLIERS}]")
_ZH_MULTIPLIER_RUN = regex.compile(rf"[{_ZH_MULTIPLIERS}]+")
_ZH_MULTIPLIERS_RUN = regex.compile(rf"[{_ZH_MULTIPLIERS}]*")
_ZH_MULTIPLIER_TAIL = regex.compile(rf"[{_ZH_MULTIPLIERS}]+$")
#: What follows the figure of an identifier (an ISBN: 978-0-7139-9592-3).
_IDENTIFIER_TAIL = regex.compile(r"[-–][0-9]+[-–][0-9]")
_DETERMINER_BEFORE = regex.compile(r"(?<![a-z])(?:no|any|every|some|the|this|that|which|each)[ \u00a0]+$")
_ZH_AFTER_FIGURE = regex.compile(r"[ \u3000]*(?:餘|余|多)")
_ZH_AFTER_UNIT = regex.compile(
    r"[ \u3000]*(?P<least>以上|之多)|[ \u3000]*(?P<most>以下|以內|以内|之內|之内)"
    r"|[ \u3000]*(?P<approx>左右|上下|許|许)"
)

_EN_WORD_NUMBERS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    "sixty|seventy|eighty|ninety|hundred|thousand|million|billion"
)
_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTH = "(?:" + "|".join(EN_MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])"
_EN_NOT_COUNT_AFTER = regex.compile(
    r"(?i:st|nd|rd|th)(?![A-Za-z])|s(?![a-z])|'s(?![a-z])|[ \u00a0]*(?:%|percent(?![a-z])|per[ \u00a0]cent(?![a-z])"
    r"|(?:AD|BC|BCE|CE|a\.m\.|p\.m\.|am|pm)(?![A-Za-z])"
    r"|(?:dollars?|pounds?|euros?|yen|rupees?|francs?|livres?|guilders?|marks?|ducats?|florins?)(?![a-z]))"
    r"|:\d|/\d|[ \u00a0]*" + _MONTH
)
_EN_NOT_COUNT_BEFORE = regex.compile(
    r"(?:(?<![A-Za-z])(?:pp?\.|pages?|vol\.?|volumes?|ch\.|chapters?|nos?\.|No\.?|Nos\.?|numbers?|"
    r"issues?|art\.|articles?|ISBN(?:-1[03])?:?|ISSN|AD|BC|(?:US|A|C|NZ|HK|NT)?\$|£|€|¥|#|§)"
    r"|" + _MONTH + r"\.?|\d[:/.]|[A-Za-z]-)[ \u00a0]*$"
)
# Words after which a bare four-digit number is a year, and words after a
# figure that name no counted thing (so a bare 1000-2100 is read as a year).
_EN_YEAR_BEFORE = regex.compile(
    r"(?i:(?<![a-z])(?:in|since|until|till|during|year|spring|summer|autumn|fall|winter|early|late|"
    r"mid)[ \u00a0-]*$)"
)
# A figure right after "12-" or "12–" stands alone only in identifiers and scores.
_AFTER_DIGIT_DASH = regex.compile(r"[0-9][–-][ \u00a0]*$")
_EN_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "that",
        "which",
        "who",
        "whom",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "there",
        "when",
        "while",
        "after",
        "before",
        "until",
        "since",
        "during",
        "than",
        "then",
        "so",
    ]
)

_APPROX_BEFORE = regex.compile(
    r"(?:(?:大約|大约|約|约|大概|估計|估计|預計|预计|將近|将近|接近|幾近|几近)(?:有|為|为)?"
    r"|(?<![附最])近(?:有|為|为)?"
    r"|(?<![A-Za-z])(?i:about|around|approximately|approx\.?|roughly|some|circa|ca\.|c\.|nearly|almost"
    r"|an[ \u00a0]+estimated|estimated|est\.)|~|≈)[ \u00a0\u3000]*$"
)
_AT_MOST_BEFORE = regex.compile(
    r"(?:(?:不到|不足|少於|少于|最多|至多|未滿|未满|不超過|不超过|不多於|不多于)"
    r"|(?<![A-Za-z])(?i:up[ \u00a0]+to|as[ \u00a0]+many[ \u00a0]+as|fewer[ \u00a0]+than|less[ \u00a0]+than"
    r"|under|below|at[ \u00a0]+most|no[ \u00a0]+more[ \u00a0]+than|not[ \u00a0]+more[ \u00a0]+than))[ \u00a0\u3000]*$"
)
_AT_LEAST_BEFORE = regex.compile(
    r"(?:(?:逾|(?<!不)超過|(?<!不)超过|至少|最少|不少於|不少于|(?<!不)多於|(?<!不)多于)"
    r"|(?<![A-Za-z])(?i:over|more[ \u00a0]+than|at[ \u00a0]+least|upwards[ \u00a0]+of|in[ \u00a0]+excess[ \u00a0]+of"
    r"|above|greater[ \u00a0]+than|no[ \u00a0]+fewer[ \u00a0]+than|no[ \u00a0]+less[ \u00a0]+than"
    r"|not[ \u00a0]+less[ \u00a0]+than))[ \u00a0\u3000]*$"
)
_EN_AFTER = regex.compile(
    r"(?P<least>\+|[ \u00a0]+or[ \u00a0]+more(?![a-z])|-plus(?![a-z]))"
    r"|(?P<approx>[ \u00a0]+or[ \u00a0]+so(?![a-z])|[ \u00a0-]+odd(?![a-z]))"
)

_RANGE_SEPARATOR = regex.compile(
    r"[ \u00a0\u3000]*(?:(?P<dash>[–‒−-])|(?P<tilde>[~～〜])|(?P<word>至|到|(?<![A-Za-z])to(?![A-Za-z])))"
    r"[ \u00a0\u3000]*"
)
_AND = regex.compile(r"[ \u00a0]+and[ \u00a0]+")
_BETWEEN_BEFORE = regex.compile(r"(?i:(?<![a-z])between)[ \u00a0]+$")

# The figures themselves, one alternation so that matches never overlap.
_ARABIC = (
    r"(?<![0-9A-Za-z_]|[0-9][.,])"
    r"(?P<arabic>(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])"
    r"|[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9,])"
    r"|[0-9]+)(?:\.[0-9]+)?(?![0-9]|\.[0-9]))"
    rf"(?P<zh_tail>[{_ZH_MULTIPLIERS}](?:[0-9]*[{_ZH_MULTIPLIERS}])*(?![米克瓦]))?"
    r"(?:[ \u00a0]+(?P<scale>(?i:thousand|million|billion|trillion))(?![A-Za-z]))?"
)
_ZH_VAGUE = (
    rf"(?P<zh_vague>(?:數|数|幾|几)[{_ZH_MULTIPLIERS}]+|[{_SMALL_DIGITS}]?十(?:幾|几)"
    r"|數以[百千萬万]+計|数以[百千万]+计|成千上[萬万]|成百上千|上[百千萬万](?![下面海])"
    rf"|[{_SMALL_DIGITS}]{{2}}[{_ZH_MULTIPLIERS}]+)"
)
_ZH_NUMERAL = rf"(?P<zh>[{_ZH_DIGITS}{_ZH_UNITS}]+)"
_EN_VAGUE = (
    r"(?P<en_vague>(?<![A-Za-z])(?i:(?:several|a[ \u00a0]+few|a[ \u00a0]+couple[ \u00a0]+of|many)[ \u00a0]+"
    r"(?:hundred|thousand|million)|(?:tens|hundreds)[ \u00a0]+of[ \u00a0]+(?:thousands|millions)"
    r"|dozens|scores|hundreds|thousands|millions)(?![A-Za-z]))"
)
_EN_WORDS = (
    rf"(?P<words>(?<![A-Za-z])(?i:(?:a[ \u00a0]+(?=hundred|thousand|million))?(?:{_EN_WORD_NUMBERS})"
    rf"(?:(?:[ \u00a0]+|-)(?:and[ \u00a0]+)?(?:{_EN_WORD_NUMBERS}))*)(?![A-Za-z]))"
)
# Every alternative starts with one of these characters: checking it first
# lets the scan skip most positions cheaply.
_FIGURE_FIRST = rf"(?=[0-9{_ZH_DIGITS}{_ZH_UNITS}數数幾几成上]|(?i:[abdefhmnostz]))"
_FIGURE = regex.compile(
    _FIGURE_FIRST + "(?:" + "|".join((_ZH_VAGUE, _EN_VAGUE, _ARABIC, _EN_WORDS, _ZH_NUMERAL)) + ")"
)

_VAGUE_EN = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "millions": (2 * 10**6, 9999 * 10**6),
}


@dataclass(slots=True)
class _Figure:
    """One figure before bounds, ranges and context are applied."""

    start: int
    end: int
    low: Decimal
    high: Decimal
    kind: str  # arabic | zh | words | vague
    multiplier: Decimal = Decimal(1)
    """the unit multiplier written at the end (``萬``, ``million``), 1 if none"""
    plain_digits: bool = False
    """digits only, no separator, decimal point or multiplier (year-shaped)"""
    bound: Bound = Bound.EXACT


# --- conversions -------------------------------------------------------------


@lru_cache(maxsize=4096)
def _cn2an(text: str) -> Decimal | None:
    """cn2an's reading of a Chinese (or mixed) numeral; None when it has none."""
    import cn2an  # imported on first use: it takes a while to load

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return _decimal(value)


@lru_cache(maxsize=1024)
def _words(text: str) -> Decimal | None:
    """text2num's reading of English number words; None when it has none."""
    from text_to_num import text2num

    spoken = _LEADING_A.sub("one ", _SPACES.sub(" ", text))
    try:
        return Decimal(text2num(spoken.lower(), "en"))
    except (ValueError, TypeError):
        return None


def _decimal(value: object) -> Decimal | None:
    try:
        return _tidy(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _tidy(number: Decimal) -> Decimal:
    """``Decimal('15000')`` for 15000.0, ``Decimal('1.5')`` for 1.50."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def _arabic_value(digits: str) -> Decimal:
    return Decimal(_DIGIT_GROUPING.sub("", digits))


def parse_number(text: str) -> Decimal | None:
    """The number that ``text`` is, as a whole, or None.

    >>> parse_number("1,234"), parse_number("十八萬"), parse_number("1.2 million")
    (Decimal('1234'), Decimal('180000'), Decimal('1200000'))
    """
    value = text.strip().translate(_FULL_WIDTH)
    if not value:
        return None
    match = _FIGURE.fullmatch(value)
    if match is None:
        return None
    figure = _figure(match)
    if figure is None or figure.kind == "vague" or figure.low != figure.high:
        return None
    return _tidy(figure.low)


def parse_quantity(text: str) -> Quantity | None:
    """The one count in ``text`` (``約3,000人``, ``71–137``), or None when it
    holds none or several."""
    found = find_quantities(text)
    return found[0] if len(found) == 1 else None


def _figure(match: regex.Match[str]) -> _Figure | None:
    start, end = match.span()
    if end - start > _LONGEST_FIGURE:
        return None  # an identifier or noise, never a count (see MAX_COUNT)
    if match["arabic"] is not None:
        base = _arabic_value(match["arabic"])
        plain = match["zh_tail"] is None and match["scale"] is None and base == base.to_integral_value()
        plain = plain and match["arabic"].isdigit()
        if match["zh_tail"] is not None:
            value = _cn2an(_arabic_value(match["arabic"]).to_eng_string() + match["zh_tail"])
            if value is None:
                return None
            multiplier = Decimal(1)
            if _ZH_MULTIPLIER_RUN.fullmatch(match["zh_tail"]):
                multiplier = value / base if base else Decimal(1)
            return _Figure(start, end, value, value, "arabic", multiplier)
        if match["scale"] is not None:
            multiplier = Decimal(_EN_SCALES[match["scale"].lower()])
            value = base * multiplier
            return _Figure(start, end, value, value, "arabic", multiplier)
        return _Figure(start, end, base, base, "arabic", plain_digits=plain)
    if match["words"] is not None:
        value = _words(match["words"])
        if value is None:
            return None
        last = regex.split(r"[ \u00a0-]+", match["words"].lower())[-1]
        multiplier = Decimal(_EN_SCALES.get(last, 1))
        return _Figure(start, end, value, value, "words", multiplier)
    if match["zh"] is not None:
        text = match["zh"]
        if text[0] in "百千萬万億亿拾佰仟":  # "千人" reads as 一千 only in set phrases
            return None
        value = _cn2an(text)
        if value is None:
            return None
        multiplier = Decimal(1)
        unit_tail = _ZH_MULTIPLIER_TAIL.search(text)
        if unit_tail is not None and unit_tail.start() > 0:
            head = _cn2an(text[: unit_tail.start()])
            if head:
                multiplier = value / head
        return _Figure(start, end, value, value, "zh", multiplier)
    if match["zh_vague"] is not None:
        return _zh_vague(match["zh_vague"], start, end)
    if match["en_vague"] is not None:
        return _en_vague(match["en_vague"], start, end)
    return None


def _zh_vague(text: str, start: int, end: int) -> _Figure | None:
    multiplier = Decimal(1)
    for char in _ZH_MULTIPLIER.findall(text):
        multiplier *= _ZH_MULTIPLIER_VALUES[char]
    if text[0] in _SMALL_DIGITS and text[1] in _SMALL_DIGITS:
        # 七八十 "seventy or eighty", 三四百 "three or four hundred"
        low = Decimal(_SMALL_DIGITS.index(text[0]) + 1)
        high = Decimal(_SMALL_DIGITS.index(text[1]) + 1)
        if high != low + 1:
            return None
        return _Figure(
            start, end, low * multiplier, high * multiplier, "zh", multiplier, bound=Bound.APPROXIMATE
        )
    if text.endswith(("幾", "几")):  # 十幾 11-19, 二十幾 21-29
        tens = _cn2an(text[:-1]) or Decimal(10)
        return _Figure(start, end, tens + 1, tens + 9, "vague", bound=Bound.VAGUE)
    if text.startswith(("上",)):
        return _Figure(start, end, multiplier, multiplier * 9, "vague", bound=Bound.VAGUE)
    if text.startswith(("成",)):
        return _Figure(start, end, Decimal(100), Decimal(99999), "vague", bound=Bound.VAGUE)
    if "以" in text:  # 數以千計
        return _Figure(start, end, multiplier, multiplier * 10 - 1, "vague", bound=Bound.VAGUE)
    return _Figure(start, end, multiplier * 2, multiplier * 9, "vague", bound=Bound.VAGUE)


def _en_vague(text: str, start: int, end: int) -> _Figure:
    words = regex.split(r"[ \u00a0]+", text.lower())
    if len(words) == 1:
        low, high = _VAGUE_EN[words[0]]
        return _Figure(start, end, Decimal(low), Decimal(high), "vague", bound=Bound.VAGUE)
    if words[1] == "of":  # tens of thousands, hundreds of thousands
        unit = 1000 if words[2] == "thousands" else 10**6
        factor = 10 if words[0] == "tens" else 100
        return _Figure(
            start,
            end,
            Decimal(2 * factor * unit),
            Decimal(10 * factor * unit - 1),
            "vague",
            bound=Bound.VAGUE,
        )
    unit = {"hundred": 100, "thousand": 1000, "million": 10**6}[words[-1]]
    return _Figure(start, end, Decimal(2 * unit), Decimal(9 * unit), "vague", bound=Bound.VAGUE)


# --- context -----------------------------------------------------------------

_EN_NEXT_WORD = regex.compile(r"[ \u00a0]*(?P<word>[A-Za-z][A-Za-z'’-]*)")
_ZH_MEASURE = regex.compile(
    r"[ \u00a0\u3000]*(?P<word>" + "|".join(sorted(_ZH_MEASURES, key=len, reverse=True)) + ")"
)


def _unit_after(text: str, pos: int) -> tuple[str, int]:
    """The measure word or noun right after ``pos`` and where it ends."""
    zh = _ZH_MEASURE.match(text, pos)
    if zh is not None:
        word = zh["word"]
        if word in ("餘人", "多人"):
            word = "人"
        return word, zh.end()
    en = _EN_NEXT_WORD.match(text, pos)
    if en is not None:
        return en["word"].lower().strip("'’-"), en.end()
    return "", pos


def _is_not_count(
    text: str, figure: _Figure, date_spans: list[tuple[int, int]], *, range_end: bool = False
) -> bool:
    """A year, a date, an ordinal, a page or reference number, a time, a
    percentage, a sum of money or a unit identifier. ``range_end``: the
    figure is the second of a range, so a dash before it is expected."""
    start, end = figure.start, figure.end
    for d_start, d_end in date_spans:
        if d_start < end and start < d_end:
            return True
    before = text[max(0, start - 16) : start]
    if _ZH_NOT_COUNT_BEFORE.search(before) or _EN_NOT_COUNT_BEFORE.search(before):
        return True
    if not range_end and _AFTER_DIGIT_DASH.search(before):
        return True
    if _ZH_NOT_COUNT_AFTER.match(text, end) or _EN_NOT_COUNT_AFTER.match(text, end):
        return True
    if before.endswith("[") and text.startswith("]", end):  # a footnote mark [12]
        return True
    if figure.kind == "arabic" and _IDENTIFIER_TAIL.match(text, end, end + 8):
        return True  # an identifier such as an ISBN: 978-0-7139-9592-3
    return False


def _is_year_shaped(figure: _Figure) -> bool:
    return figure.plain_digits and 1000 <= figure.low <= 2100


def _reads_as_year(text: str, figure: _Figure, end: int) -> bool:
    """A bare 1000-2100 is a year unless what it counts follows (``1500人``,
    ``1500 men``) and no word such as ``in`` or ``since`` comes before it."""
    if _EN_YEAR_BEFORE.search(text, max(0, figure.start - 12), figure.start):
        return True
    return not _names_counted_thing(text, end)


def _names_counted_thing(text: str, pos: int) -> bool:
    """Whether a figure ending at ``pos`` is followed by what it counts."""
    if _ZH_MEASURE.match(text, pos):
        return True
    en = _EN_NEXT_WORD.match(text, pos)
    if en is None:
        return False
    word = en["word"]
    return word[0].islower() and word.lower() not in _EN_FUNCTION_WORDS


def _zh_numeral_is_count(text: str, figure: _Figure) -> bool:
    """A Chinese numeral counts something only when a measure word follows it
    (``三人``, ``八名``); ``一般``, ``統一``, ``萬一`` are words."""
    pos = figure.end
    tail = _ZH_AFTER_FIGURE.match(text, pos)
    if tail is not None:
        pos = tail.end()
        scale = _ZH_MULTIPLIERS_RUN.match(text, pos, pos + 4)
        pos = scale.end() if scale is not None else pos
    measure = _ZH_MEASURE.match(text, pos)
    if measure is None or measure.start("word") != pos:
        return False
    follow = text[measure.end() : measure.end() + 1]
    if measure["word"] in ("位", "名", "所", "家", "部", "次") and follow in "於于為为以有字":
        return False  # 位於, 名為, 所以, 家族... are words, not counts
    return True


_HAS_FULL_WIDTH = regex.compile(r"[０-９]")


def find_quantities(text: str, pos: int = 0, endpos: int | None = None) -> list[Quantity]:
    """Every count written in ``text[pos:endpos]``, left to right.

    See the module documentation for what is read and what is left out.
    """
    end = len(text) if endpos is None else endpos
    normal = text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text, pos, end) else text
    figures: list[_Figure] = []
    for match in _FIGURE.finditer(normal, pos, end):
        figure = _figure(match)
        if figure is not None:
            figures.append(figure)
    if not figures:
        return []  # most stretches: the dates need not be read
    date_spans = [(d.start, d.end) for d in find_dates(normal, pos, end)]

    quantities: list[Quantity] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        ranged = _as_range(normal, first, second, date_spans) if second is not None else None
        if ranged == "skip":
            i += 2
            continue
        if isinstance(ranged, tuple):
            low_figure, high_figure = ranged
            quantity = _quantity(normal, text, low_figure, high_figure, end)
            if quantity is not None:
                quantities.append(quantity)
            i += 2
            continue
        if not _is_not_count(normal, first, date_spans):
            quantity = _quantity(normal, text, first, first, end)
            if quantity is not None:
                quantities.append(quantity)
        i += 1
    return quantities


def _as_range(
    text: str, first: _Figure, second: _Figure, date_spans: list[tuple[int, int]]
) -> tuple[_Figure, _Figure] | str | None:
    """``(low, high)`` when ``first`` and ``second`` are written as one range,
    ``"skip"`` when they form something that is no count (a year range, a
    score), else None."""
    if first.kind == "vague" or second.kind == "vague":
        return None
    gap = text[first.end : second.start]
    separator = _RANGE_SEPARATOR.fullmatch(gap)
    if separator is None:
        # 71人至137人: the unit may be written after both figures.
        unit, unit_end = _unit_after(text, first.end)
        separator = _RANGE_SEPARATOR.fullmatch(text, unit_end, second.start) if unit else None
        if separator is None or _unit_after(text, second.end)[0] != unit:
            between = _BETWEEN_BEFORE.search(text, max(0, first.start - 12), first.start)
            if between is None or not _AND.fullmatch(gap):
                return None
    elif separator["word"] == "to" and not text[first.start : second.end].isascii():
        return None
    first_excluded = _is_not_count(text, first, date_spans)
    second_excluded = _is_not_count(text, second, date_spans, range_end=True)
    if _is_year_shaped(first) and _reads_as_year(text, first, second.end):
        return "skip" if separator is not None and separator["dash"] else None
    if first_excluded or second_excluded:
        # "3–5 January": a range whose end is no count is no count either.
        return "skip" if second_excluded and separator is not None else None
    low, high = first.low, second.high
    if first.multiplier == 1 and second.multiplier > 1 and low < second.low / second.multiplier:
        low = low * second.multiplier  # 2至3萬, 1.5–2 million
    if low > high:
        return "skip" if separator is not None and separator["dash"] else None
    return (
        _Figure(first.start, first.end, low, low, first.kind, bound=first.bound),
        second,
    )


def _quantity(normal: str, text: str, first: _Figure, last: _Figure, endpos: int) -> Quantity | None:
    start, end = first.start, last.end
    bound = first.bound if first.bound is not Bound.EXACT else last.bound
    # Bound words written before the figure.
    before = normal[max(0, start - 24) : start]
    for pattern, kind in (
        (_AT_MOST_BEFORE, Bound.AT_MOST),
        (_AT_LEAST_BEFORE, Bound.AT_LEAST),
        (_APPROX_BEFORE, Bound.APPROXIMATE),
    ):
        found = pattern.search(before)
        if found is not None:
            if bound is Bound.EXACT:
                bound = kind
            start = start - len(before) + found.start()
            break
    # Bound words written after it: 三千餘人, 140,000人以上, 1,000+, 300 or more.
    pos = end
    low, high = first.low, last.high
    zh_tail = _ZH_AFTER_FIGURE.match(normal, pos)
    if zh_tail is not None and zh_tail.end() <= endpos:
        if bound is Bound.EXACT:
            bound = Bound.AT_LEAST
        end = pos = zh_tail.end()
        scale = _ZH_MULTIPLIER_RUN.match(normal, pos, endpos)
        if scale is not None:  # 三十餘萬: more than 300,000
            factor = _cn2an("一" + scale.group())
            if factor is None:
                return None
            low, high = low * factor, high * factor
            end = pos = scale.end()
        if _ZH_NOT_COUNT_AFTER.match(normal, pos):
            return None  # 10多年
    en_tail = _EN_AFTER.match(normal, pos)
    if en_tail is not None and en_tail.end() <= endpos:
        if bound is Bound.EXACT:
            bound = Bound.AT_LEAST if en_tail["least"] else Bound.APPROXIMATE
        end = pos = en_tail.end()
    if first.kind == "zh" and not _zh_numeral_is_count(normal, first if first is last else last):
        return None
    if first.kind == "words" and not _words_are_count(normal, first, last):
        return None
    if _is_year_shaped(first) and first is last and _reads_as_year(normal, first, pos):
        return None
    unit, unit_end = _unit_after(normal, pos)
    if unit_end > endpos:
        unit, unit_end = "", pos
    after_unit = _ZH_AFTER_UNIT.match(normal, unit_end) if unit else _ZH_AFTER_UNIT.match(normal, pos)
    if after_unit is not None and after_unit.end() <= endpos and bound is Bound.EXACT:
        if after_unit["least"]:
            bound = Bound.AT_LEAST if after_unit.group().strip() == "以上" else Bound.EXACT
        elif after_unit["most"]:
            bound = Bound.AT_MOST
        else:
            bound = Bound.APPROXIMATE
    if first.kind == "vague" or last.kind == "vague":
        bound = Bound.VAGUE
    if high >= MAX_COUNT or low >= MAX_COUNT:
        return None
    return Quantity(_tidy(low), _tidy(high), bound, start, end, text[start:end], unit)


def _words_are_count(text: str, first: _Figure, last: _Figure) -> bool:
    """English number words count something unless they are ``one`` used as
    a pronoun (``one of``, ``no one``, ``one another``)."""
    words = text[first.start : last.end].lower()
    if words not in ("one", "a"):
        return True
    before = text[max(0, first.start - 8) : first.start].lower()
    if _DETERMINER_BEFORE.search(before):
        return False
    following = _EN_NEXT_WORD.match(text, last.end)
    if following is None or text.startswith("-", last.end):
        return False
    return following["word"].lower() not in _EN_FUNCTION_WORDS | {"another", "side", "day", "time"}
