"""Dates as they are written on Chinese and English Wikipedia.

Three entry points:

* :func:`parse_date` reads a whole value, such as a template parameter
  (``date=2014年1月``, ``date=January 2014``, ``date=2014-01``,
  ``time=2019-01-18T13:38:58+00:00``);
* :func:`find_dates` finds every date written in running text;
* :func:`leading_date` reads the date that *begins* an entry of a chronology
  (``2014年1月3日，``, ``1月3日至5日``, ``On 3 January 2014,``, ``January 3:``)
  and nothing else: a date in the middle of a sentence is not a leading date.

Each returns a :class:`PartialDate` -- year, month and day, any of which may be
missing (``1月9日`` has no year, ``January 2014`` no day) -- together with its
span in the text. Spans are offsets into the string that was passed in, so a
rule can hand over the whole page text with a start and end position and get
page offsets back.

Full-width digits (``２０１４年１月９日``) read as ASCII digits. Validity
(``2月30日`` is not a date) and calendar arithmetic come from :mod:`datetime`
and :mod:`calendar`; ISO timestamps are read by :meth:`datetime.fromisoformat`.
General-purpose parsers (dateparser, dateutil) do not fit: they fill the missing
parts of a partial date with today's and report no spans.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import regex

from wikilint.rules.text.lexicon import EN_MONTH_NUMBERS as _MONTH_NUMBERS
from wikilint.rules.text.lexicon import EN_MONTH_STEMS, EN_MONTHS, ZH_YEAR_DIGITS
from wikilint.rules.text.lexicon import FULL_WIDTH_DIGITS as _DIGITS
from wikilint.rules.text.lines import LineStart

__all__ = [
    "DateMatch",
    "LeadingDate",
    "PartialDate",
    "find_dates",
    "leading_date",
    "parse_date",
]


# Characters before a match position that the patterns' lookbehinds read.
_LOOKBEHIND = 4
_FULL_WIDTH_DIGIT = regex.compile("[０-９]")
# The date of an entry lies within its first characters; a window this long
# holds it with its prefix, range and delimiter.
_ENTRY_WINDOW = 160
_DIGIT_RUN = regex.compile(r"[0-9]+")
_ANY_DIGIT = regex.compile(r"[0-9０-９]")
_BEFORE_DIGITS = 12  # "September 3": a month name, then the first digit
_AFTER_DIGITS = 24  # "3 September 2014", "1 月 3 日": what follows the first digit run
_CUT = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: matches nothing

# A leap year used to check a day that has no year: 29 February stays valid.
_ANY_LEAP_YEAR = 2000


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date of which any part may be missing.

    A day needs a month; a month and day must exist in the calendar (a
    29 February without a year is allowed). Invalid parts raise ``ValueError``.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.year is None and self.month is None:
            raise ValueError("a date needs at least a year or a month")
        if self.year is not None and (self.year == 0 or not -9999 <= self.year <= 9999):
            raise ValueError(f"year {self.year} out of range")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"no month {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            year = _ANY_LEAP_YEAR if self.year is None else self.year
            if not 1 <= self.day <= days_in_month(year, self.month):
                raise ValueError(f"no day {self.day} in month {self.month}")

    @property
    def precision(self) -> str:
        """The finest part known: ``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def has_year(self) -> bool:
        return self.year is not None

    @property
    def before_common_era(self) -> bool:
        """A year BCE (``前221年``, ``221 BC``: year ``-221``)."""
        return self.year is not None and self.year < 0

    @property
    def in_common_era(self) -> bool:
        """It has a year, of the common era: :meth:`first_day` and :meth:`last_day` can be read."""
        return self.year is not None and self.year >= 1

    def with_year(self, year: int) -> PartialDate:
        """The same month and day in ``year`` (``ValueError`` for 29 February
        in a common year)."""
        return PartialDate(year, self.month, self.day)

    def first_day(self) -> date:
        """The first calendar day this date may mean (needs a year of the
        common era: :class:`datetime.date` has none before it)."""
        if self.year is None or self.year < 1:
            raise ValueError(f"{self} has no year of the common era")
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last calendar day this date may mean (needs a year of the
        common era)."""
        if self.year is None or self.year < 1:
            raise ValueError(f"{self} has no year of the common era")
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def isoformat(self) -> str:
        """ISO 8601 text: ``2014-01-09``, ``2014-01``, ``2014``, ``--01-09``;
        a year BCE is negative, as written (``-221`` for 221 BC)."""
        if self.year is None:
            year = "-"
        else:
            year = f"-{-self.year:04d}" if self.year < 0 else f"{self.year:04d}"
        parts = [year]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.isoformat()


def astronomical_year(year: int) -> int:
    """The year on a scale with a year 0: 1 BC is 0, 221 BC is -220."""
    return year + 1 if year < 0 else year


def next_year(year: int) -> int:
    """The year after ``year`` (1 BC is followed by AD 1)."""
    return 1 if year == -1 else year + 1


def days_in_month(year: int, month: int) -> int:
    """Days of ``month`` in ``year`` (proleptic Gregorian, years BCE too)."""
    if month == 2:
        return 29 if calendar.isleap(astronomical_year(year)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text, with its span ``text[start:end]``."""

    date: PartialDate
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LeadingDate:
    """The date that begins a chronology entry.

    ``end_date`` is the end of a range (``1月3日至5日`` ends on 1月5日, with the
    month and year it shares with the start filled in), else ``None``.
    ``start``/``end`` span the date as written, range included, without the
    words or markup around it (``On``, ``'''``, the comma).
    """

    date: PartialDate
    end_date: PartialDate | None
    start: int
    end: int
    relative_year: int | None = None
    """set when a word before the date names its year against the entry
    before it: ``0`` for ``同年``/``當年`` (the same year), ``1`` for
    ``次年``/``翌年`` (the next)"""


# --- patterns ----------------------------------------------------------------

_MONTH_NAME = "(?:" + "|".join(EN_MONTHS) + ")(?![a-z])"
# Abbreviations ("Jan", "Sept.") count only with a year: "3 Mar" alone is too
# often something else.
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\.?"
_D = r"(?:[12][0-9]|3[01]|0?[1-9])"
_M = r"(?:1[0-2]|0?[1-9])"
# Years BCE: "221 BC", "44 B.C.", "前221年", "公元前206年". A bare 前 counts
# only where it cannot end a word (戰前, 之前): at the start of a phrase or
# after a preposition.
_EN_BC = r"[ \u00a0]?(?:BCE|BC|B\.C\.E\.|B\.C\.)(?![A-Za-z])"
_EN_YEAR = rf"(?<![0-9])(?:[0-9]{{1,4}}{_EN_BC}|[0-9]{{4}}(?![0-9]))"
_ZH_BC = r"(?:(?:公元|西元|紀元|纪元)前|(?:(?<=[在於于至到自從从~～－—–\-])|(?<!\p{Han}))前)"
_ZH_YEAR = rf"(?:{_ZH_BC}[0-9]{{1,4}}|(?<![0-9])[0-9]{{3,4}})"
_ORD = r"(?:st|nd|rd|th)?"
_SP = r"[ \u3000]?"  # zh allows a stray space between the parts

# A month with no year must not be the tail of a dated one (2014年1月), but
# may follow a word that names its year (同年1月, 次年1月, 第二年1月).
_NO_YEAR_BEFORE = r"(?<![0-9]|(?<!第)[0-9〇零○一二三四五六七八九][ \u3000]?年)"

# Each form: a name and a pattern with groups y (year), m (month number),
# mon (English month name), d (day). Order matters: longer forms first.
_FORMS: tuple[tuple[str, str], ...] = (
    ("zh_ymd", rf"(?P<y>{_ZH_YEAR}){_SP}年{_SP}(?P<m>{_M}){_SP}月{_SP}(?P<d>{_D}){_SP}日"),
    ("zh_ym", rf"(?P<y>{_ZH_YEAR}){_SP}年{_SP}(?P<m>{_M}){_SP}月(?:份)?(?!{_SP}[0-9])"),
    ("zh_md", rf"{_NO_YEAR_BEFORE}(?P<m>{_M}){_SP}月{_SP}(?P<d>{_D}){_SP}日"),
    ("zh_m", rf"{_NO_YEAR_BEFORE}(?P<m>{_M}){_SP}月(?:份)?(?!{_SP}[0-9])"),
    ("zh_y", rf"(?P<y>{_ZH_BC}[0-9]{{1,4}}|(?<![0-9])[0-9]{{4}}){_SP}年(?!代|{_SP}[0-9])"),
    ("en_y_bc", rf"(?<![\w.,])(?P<y>[0-9]{{1,4}}{_EN_BC})"),
    ("iso", r"(?<![0-9-])(?P<y>[0-9]{4})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?![0-9])"),
    (
        "en_dmy",
        rf"(?<![\w.-])(?P<d>{_D}){_ORD}[ \u00a0]+(?P<mon>{_MONTH_NAME})(?:,?[ \u00a0]+(?P<y>{_EN_YEAR}))?",
    ),
    (
        "en_dmy_abbr",
        rf"(?<![\w.-])(?P<d>{_D}){_ORD}[ \u00a0]+(?P<mon>{_MONTH_ABBR}),?[ \u00a0]+(?P<y>{_EN_YEAR})",
    ),
    (
        "en_mdy",
        rf"(?<![\w])(?P<mon>{_MONTH_NAME})[ \u00a0]+(?P<d>{_D}){_ORD}(?![0-9])(?:,?[ \u00a0]+(?P<y>{_EN_YEAR}))?",
    ),
    (
        "en_mdy_abbr",
        rf"(?<![\w])(?P<mon>{_MONTH_ABBR})[ \u00a0]+(?P<d>{_D}){_ORD},?[ \u00a0]+(?P<y>{_EN_YEAR})",
    ),
    ("en_my", rf"(?<![\w])(?P<mon>{_MONTH_NAME}|{_MONTH_ABBR}),?[ \u00a0]+(?P<y>{_EN_YEAR})"),
)


def _qualify(form: str, pattern: str) -> str:
    """Prefix a form's group names with the form name so forms can share one
    alternation."""
    for group in ("y", "m", "mon", "d"):
        pattern = pattern.replace(f"(?P<{group}>", f"(?P<{form}_{group}>")
    return f"(?P<{form}>{pattern})"


_FORM_NAMES = tuple(name for name, _ in _FORMS)
#: Each form's groups (year, month number, month name, day), None for those it
#: lacks: read one by one (a groupdict of the alternation costs ~20 µs).
_FORM_GROUPS = {
    name: tuple(f"{name}_{group}" if f"(?P<{group}>" in pattern else None for group in ("y", "m", "mon", "d"))
    for name, pattern in _FORMS
}
_ANY_DATE = regex.compile("|".join(_qualify(name, pat) for name, pat in _FORMS))
#: Each form alone, to search with: a search of the whole alternation costs the
#: regex module about 100 µs however short the stretch, one form's about 1 µs.
_EACH_FORM = tuple((name, regex.compile(_qualify(name, pat))) for name, pat in _FORMS)
#: The characters each form cannot match without; the other (English) forms
#: need a month's name or abbreviation (:data:`_MONTH_HINT`).
_FORM_NEEDS = {
    "zh_ymd": "年月日",
    "zh_ym": "年月",
    "zh_md": "月日",
    "zh_m": "月",
    "zh_y": "年",
    "en_y_bc": "B",
    "iso": "-",
}
_MONTH_HINT = regex.compile("|".join(EN_MONTH_STEMS))
_ISO_MONTH = re.compile(r"[0-9]-[01][0-9]-")
#: What every date :func:`find_dates` reads holds: 年 or 月 (the zh forms, in
#: digits or numerals), a month's name or abbreviation (:data:`_MONTH_HINT`),
#: an era (``BC``, ``B.C.``) or an ISO date's month. No cue within reach, no
#: date there (DAT006 reads dates only around joints with a cue on both sides).
DATE_CUE = re.compile("年|月|" + "|".join(EN_MONTH_STEMS) + r"|B\.?C|" + _ISO_MONTH.pattern)
#: :data:`DATE_CUE` but its ISO month, as words to look for one by one.
_CUE_WORDS = ("年", "月", *EN_MONTH_STEMS, "BC", "B.C")


def may_hold_a_date(text: str) -> bool:
    """Whether :data:`DATE_CUE` occurs in ``text``: where it does not, no date
    is read. Word searches, each a fast scan; the alternation scans a page
    that holds none several times as slowly."""
    return any(word in text for word in _CUE_WORDS) or _ISO_MONTH.search(text) is not None


# Forms that stand alone only as a whole value: parse_date reads them, while in
# running text "2010-11" is more often a season than November 2010.
_VALUE_FORMS = regex.compile(
    r"(?P<y>[0-9]{4})(?:-(?P<m>[01][0-9]))?"  # 2014, 2014-01
)


# Dates in Chinese numerals: 九月八日, 一九五〇年十月, 十月廿五日, 二〇一四年三月卅一日.
# The year is spelt digit by digit (or in Arabic digits), month and day as
# numbers (廿 twenty, 卅 thirty, 初五 the fifth).
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|初[一二三四五六七八九十]|[一二三四五六七八九])"
_CN_NUMERAL_CHARS = ZH_YEAR_DIGITS + "十廿卅初"
_CN_DATE = regex.compile(
    rf"(?<![{_CN_NUMERAL_CHARS}0-9])"
    rf"(?:(?P<y>{_ZH_BC}?[{ZH_YEAR_DIGITS}]{{4}}|{_ZH_YEAR}){_SP}年{_SP})?"
    rf"(?P<m>{_CN_MONTH})月(?:份)?(?:{_SP}(?P<d>{_CN_DAY})[日號号])?"
)


@lru_cache(maxsize=1024)
def _cn_number(written: str) -> int | None:
    """A month, day or year written in Chinese numerals, read by cn2an
    (``十月`` 10, ``廿五`` 25, ``卅一`` 31, ``初五`` 5, ``一九五〇`` 1950)."""
    import cn2an  # imported on first use: it takes a while to load

    text = written.removeprefix("初").replace("廿", "二十").replace("卅", "三十").replace("○", "〇")
    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _cn_date(match: regex.Match[str]) -> PartialDate | None:
    """The PartialDate of a :data:`_CN_DATE` match, or None when invalid."""
    year = None
    if match["y"] is not None:
        digits = _BC_PREFIX.sub("", match["y"])
        value = int(digits) if digits.isdigit() else _cn_number(digits)
        if value is None:
            return None
        year = -value if "前" in match["y"] else value
    month = _cn_number(match["m"])
    day = _cn_number(match["d"]) if match["d"] is not None else None
    if month is None or (match["d"] is not None and day is None):
        return None
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


_BC_PREFIX = regex.compile(r"^.*前")


def _year_value(written: str) -> int:
    """The year of a written year, negative before the common era:
    ``2014`` → 2014, ``前221`` / ``221 BC`` → -221."""
    digits = int(_DIGIT_RUN.search(written).group())
    return -digits if ("前" in written or "B" in written) else digits


def _date_from(match: regex.Match[str], form: str) -> PartialDate | None:
    """Build the PartialDate of one form's match, or None when invalid."""
    year, month, name, day = (match.group(group) if group else None for group in _FORM_GROUPS[form])
    if name is not None:
        month_number: int | None = _MONTH_NUMBERS[name.rstrip(".").lower()]
    else:
        month_number = int(month) if month is not None else None
    try:
        return PartialDate(
            _year_value(year) if year is not None else None,
            month_number,
            int(day) if day is not None else None,
        )
    except ValueError:
        return None


def _match_at(text: str, pos: int, endpos: int) -> tuple[PartialDate, int, int, str] | None:
    match = _ANY_DATE.match(text, pos, endpos)
    if match is None:
        return None
    form = match.lastgroup
    assert form is not None
    found = _date_from(match, form)
    if found is None:
        return None
    return found, match.start(), match.end(), form


# --- public API --------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_date(value: str) -> PartialDate | None:
    """Read a whole value as a date, or return None (remembered: a page's
    citations repeat their access dates).

    Accepts every form :func:`find_dates` knows plus a bare year (``2014``),
    a year and month (``2014-01``) and an ISO timestamp
    (``2019-01-18T13:38:58+00:00``). Surrounding whitespace is ignored;
    anything else around the date makes the value not a date.
    """
    text = value.strip().translate(_DIGITS)
    if not text:
        return None
    if "T" in text:
        try:
            stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return PartialDate(stamp.year, stamp.month, stamp.day)
    whole = _VALUE_FORMS.fullmatch(text)
    if whole is not None:
        try:
            month = whole["m"]
            return PartialDate(int(whole["y"]), int(month) if month else None)
        except ValueError:
            return None
    match = _ANY_DATE.fullmatch(text)
    if match is None:
        return None
    assert match.lastgroup is not None
    return _date_from(match, match.lastgroup)


def find_dates(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[DateMatch]:
    """Every date written in ``text[pos:endpos]``, left to right.

    Spans are offsets into ``text``. Invalid dates (``2月30日``) are skipped.
    Dates in Chinese numerals count when they have a day or a year
    (``九月八日``, ``一九五〇年十月``); a month alone (``十月``) is too often a
    name (``十月革命``).
    """
    end = len(text) if endpos is None else endpos
    if "月" not in text[pos:end]:
        yield from _digit_dates(text, pos, endpos)
        return
    found = list(_digit_dates(text, pos, endpos))
    numerals = list(_numeral_dates(text, pos, end))
    if not numerals:
        yield from found
        return
    # A numeral date that holds a digit date is the longer reading
    # (1950年十月 over 1950年); one that overlaps it otherwise gives way.
    kept = [
        m
        for m in numerals
        if all(d.end <= m.start or m.end <= d.start or (m.start <= d.start and d.end <= m.end) for d in found)
    ]
    found = [d for d in found if not any(m.start <= d.start and d.end <= m.end for m in kept)]
    yield from sorted(found + kept, key=lambda m: m.start)


def _numeral_dates(text: str, pos: int, end: int) -> Iterator[DateMatch]:
    """Dates in Chinese numerals with a day or a year, found from each 月."""
    done = pos
    at = text.find("月", pos, end)
    while at != -1:
        if at > done and text[at - 1] in _CN_NUMERAL_CHARS:
            window_start = max(done, pos, at - 12)
            for match in _CN_DATE.finditer(text, window_start, min(end, at + 6)):
                if match.end() <= at:
                    continue
                if match.start() > at:
                    break
                if match["y"] is not None or match["d"] is not None:
                    found = _cn_date(match)
                    if found is not None:
                        yield DateMatch(found, match.start(), match.end())
                        done = match.end()
                break
        at = text.find("月", at + 1, end)


def _digit_dates(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[DateMatch]:
    """The dates of :func:`find_dates` written with digits."""
    normal, base = _window(text, pos, endpos)
    # Every date has a digit: rather than trying every form at every
    # character, try them only around each run of digits (the forms reach at
    # most _BEFORE_DIGITS characters before their first digit).
    start, size, done = pos - base, len(normal), pos - base
    for digits in _DIGIT_RUN.finditer(normal, start):
        if digits.end() <= done:
            continue
        window_start = max(done, start, digits.start() - _BEFORE_DIGITS)
        for match, form in _forms_in(normal, window_start, min(size, digits.end() + _AFTER_DIGITS)):
            if match.end() <= done or match.start() > digits.start():
                break
            found = _date_from(match, form)
            if found is not None:
                yield DateMatch(found, match.start() + base, match.end() + base)
            done = match.end()


def _forms_in(text: str, pos: int, endpos: int) -> Iterator[tuple[regex.Match[str], str]]:
    """What ``_ANY_DATE.finditer(text, pos, endpos)`` finds, with each match's
    form: at the leftmost place where any form matches, the first form (in
    :data:`_FORMS` order) that matches there; then on from its end."""
    stretch = text[pos:endpos]
    month = _MONTH_HINT.search(stretch) is not None
    forms = [
        (name, pattern)
        for name, pattern in _EACH_FORM
        if (all(c in stretch for c in _FORM_NEEDS[name]) if name in _FORM_NEEDS else month)
    ]
    ahead = [pattern.search(text, pos, endpos) for _, pattern in forms]
    while True:
        best = -1
        for i, (_, pattern) in enumerate(forms):
            match = ahead[i]
            if match is not None and match.start() < pos:
                match = ahead[i] = pattern.search(text, pos, endpos)
            if match is not None and (best < 0 or match.start() < ahead[best].start()):
                best = i
        if best < 0:
            return
        match = ahead[best]
        assert match is not None
        yield match, forms[best][0]
        pos = match.end()


def _window(text: str, pos: int, endpos: int | None, limit: int | None = None) -> tuple[str, int]:
    """``text[pos:endpos]`` with ASCII digits, plus the few characters before
    ``pos`` that lookbehinds read, and the offset where the window starts.

    With ``limit``, at most that many characters from ``pos`` are taken, and a
    cut window ends in a character no pattern accepts, so that a cut is never
    mistaken for the end of the text.
    """
    base = max(0, pos - _LOOKBEHIND)
    end = len(text) if endpos is None else endpos
    tail = ""
    if limit is not None and end - pos > limit:
        end, tail = pos + limit, _CUT
    window = text[base:end]
    if _FULL_WIDTH_DIGIT.search(window):
        window = window.translate(_DIGITS)
    return window + tail, base


# What may stand before the date of an entry: list markers, bold/italic quotes,
# a wikilink opening (``[[1月3日]]``, ``[[2014年1月3日|1月3日]]``).
_ENTRY_PREFIX = regex.compile(
    r"[ \t\u3000]*(?:[*#:;]+[ \t\u3000]*)?(?:'{2,5}[ \t]*)?"
    r"(?P<link>\[\[(?:[^\[\]|\n]*\|)?)?"
)
# zh words before an entry date: a preposition (在9月18日凌晨，於10月3日，),
# a word that names the year against the entry before (同年5月2日，次年3月，).
_ZH_SAME_YEAR = ("同年", "當年", "当年", "是年", "該年", "该年", "本年")
_ZH_NEXT_YEAR = ("翌年", "次年", "隔年", "第二年", "來年", "来年")
_ZH_LEAD_IN = regex.compile(
    r"(?P<prep>在|於|于)?[ \u3000]?(?P<rel>" + "|".join(_ZH_SAME_YEAR + _ZH_NEXT_YEAR) + r")?[ \u3000]?"
)
# After a zh date led by a preposition, or a month alone in Chinese numerals,
# the entry's punctuation must follow (after a time of day at most): "在11月
# 俄羅斯提供援助" opens a sentence, "在9月18日凌晨，" an entry.
_ZH_TIME_OF_DAY = (
    r"(?:初|上旬|中旬|下旬|底|末|凌晨|清晨|早晨|早上|上午|中午|正午|下午|午後|午后|傍晚|黃昏|黄昏"
    r"|晚上|晚間|晚间|夜間|夜间|夜晚|深夜|午夜)?"
)
_ZH_ENTRY_PUNCTUATION = regex.compile(
    rf"[ \u3000]*{_ZH_TIME_OF_DAY}(?:[ \u3000]*[0-9]{{1,2}}[時时點点](?:[0-9]{{1,2}}分)?(?:許|许|左右)?)?"
    r"[ \u3000]*[，,、：:；;]"
)
# "On 3 January 2014" names a day, "In January 2014" a month.
_EN_PREPOSITION = regex.compile(r"(?P<on>On|on)[ \u00a0]+|(?P<in>In|in)[ \u00a0]+")
_CLOSE = regex.compile(r"(?:\]\])?(?:[ \t]*'{2,5})?")

# A range end after the start date: zh "至5日", "至1月5日", "－5日"; en "–5 January".
_ZH_RANGE = regex.compile(rf"{_SP}(?:至|到|~|～|－|—|–|-){_SP}")
_ZH_RANGE_END = regex.compile(
    rf"(?:(?P<y>{_ZH_YEAR}){_SP}年{_SP})?(?:(?P<m>{_M}){_SP}月{_SP})?(?P<d>{_D}){_SP}日"
)
# Compact ranges that share the month: "1月3至5日", "1月3－5日".
_ZH_COMPACT_RANGE = regex.compile(
    rf"(?:(?P<y>{_ZH_YEAR}){_SP}年{_SP})?(?P<m>{_M}){_SP}月{_SP}"
    rf"(?P<d>{_D}){_SP}(?:日)?{_SP}(?:至|到|~|～|－|—|–|-){_SP}(?P<d2>{_D}){_SP}日"
)
# A zh date followed by one of these is not the date of the entry but a bound:
# "1月3日前" (before), "1月3日起" (from), "1月3日以來" (since), "1月3日左右".
_ZH_NOT_A_POINT = regex.compile(
    r"(?:[ \u3000]*(?:至|到|前|以前|之前|後|后|以後|以后|之後|之后|起|以來|以来|至今|為止|为止|止|間|间|左右))"
)
# en ranges: "3–5 January 2014", "January 3–5, 2014" (unspaced dash, MOS:DATERANGE).
_EN_DMY_RANGE = regex.compile(
    rf"(?<![\w])(?P<d>{_D})[–-](?P<d2>{_D})[ \u00a0]+(?P<mon>{_MONTH_NAME})(?:[ \u00a0]+(?P<y>{_EN_YEAR}))?"
)
_EN_MDY_RANGE = regex.compile(
    rf"(?<![\w])(?P<mon>{_MONTH_NAME})[ \u00a0]+(?P<d>{_D})[–-](?P<d2>{_D})(?![0-9])(?:,?[ \u00a0]+(?P<y>{_EN_YEAR}))?"
)
_EN_RANGE = regex.compile(r"[ \u00a0]*(?:–|—|-|to|until)[ \u00a0]*")
# After an en entry date without "On": the punctuation that ends it.
_EN_DELIMITER = regex.compile(r"[ \u00a0]*(?:[,:;]|[–—]|-[ \u00a0]|$)", regex.MULTILINE)


def _en_month(name: str) -> int:
    return _MONTH_NUMBERS[name.rstrip(".").lower()]


def _numeral_at(text: str, pos: int, endpos: int) -> tuple[PartialDate, int, int, str] | None:
    """A date in Chinese numerals at ``pos`` (``九月八日``, ``十月，``)."""
    match = _CN_DATE.match(text, pos, endpos)
    if match is None:
        return None
    found = _cn_date(match)
    if found is None:
        return None
    return found, match.start(), match.end(), "zh_numeral"


def _compact_range(text: str, pos: int, endpos: int) -> LeadingDate | None:
    """zh "1月3至5日" and en "3–5 January 2014" / "January 3–5, 2014"."""
    zh = _ZH_COMPACT_RANGE.match(text, pos, endpos)
    if zh is not None:
        year = _year_value(zh["y"]) if zh["y"] else None
        month = int(zh["m"])
        days = (int(zh["d"]), int(zh["d2"]))
    else:
        en = _EN_DMY_RANGE.match(text, pos, endpos) or _EN_MDY_RANGE.match(text, pos, endpos)
        if en is None:
            return None
        zh = en
        year = _year_value(en["y"]) if en["y"] else None
        month = _en_month(en["mon"])
        days = (int(en["d"]), int(en["d2"]))
    try:
        first = PartialDate(year, month, days[0])
        last = PartialDate(year, month, days[1])
    except ValueError:
        return None
    if days[1] <= days[0]:
        return None
    return LeadingDate(first, last, zh.start(), zh.end())


def _range_end(
    text: str, start: PartialDate, pos: int, endpos: int, form: str
) -> tuple[PartialDate, int] | None:
    """The end of a range that begins with ``start`` and continues at ``pos``."""
    if form.startswith("zh"):
        joint = _ZH_RANGE.match(text, pos, endpos)
        if joint is None:
            return None
        end = _ZH_RANGE_END.match(text, joint.end(), endpos)
        if end is None:
            return None
        year: int | None = _year_value(end["y"]) if end["y"] else start.year
        month = int(end["m"]) if end["m"] else start.month
        day: int | None = int(end["d"])
        end_pos = end.end()
    else:
        joint = _EN_RANGE.match(text, pos, endpos)
        if joint is None:
            return None
        found = _match_at(text, joint.end(), endpos)
        # Only a whole date ends a range: in "3 January – 5 soldiers died"
        # the dash ends the date, it does not start a range.
        if found is None or not found[3].startswith("en_") or found[0].day is None:
            return None
        end_date, _, end_pos, _ = found
        year = end_date.year if end_date.year is not None else start.year
        month, day = end_date.month, end_date.day
    try:
        last = PartialDate(year, month, day)
    except ValueError:
        return None
    return last, end_pos


def _share_year(first: PartialDate, last: PartialDate) -> PartialDate:
    """Give a range start without a year the year of its end: "3 January –
    5 January 2014" starts in 2014, "30 December – 2 January 2014" in 2013."""
    if first.year is not None or last.year is None:
        return first
    year = last.year
    if (first.month or 0, first.day or 0) > (last.month or 0, last.day or 0):
        year -= 1
    try:
        return first.with_year(year)
    except ValueError:
        return first


#: A line that may begin with an entry date, read loosely (every line that
#: :func:`leading_date` reads a date at is one): prefix, preposition, then a
#: digit or a month name. The standard ``re`` runs it five times faster. It
#: never reads past the end of its line.
_MAY_LEAD_WITH_DATE = (
    _ENTRY_PREFIX.pattern + r"(?:(?:On|on|In|in)[ \u00a0]+)?"
    r"(?:在|於|于)?[ \u3000]?(?:" + "|".join(_ZH_SAME_YEAR + _ZH_NEXT_YEAR) + r")?[ \u3000]?"
    r"(?:[0-9０-９]|(?i:" + "|".join(EN_MONTH_STEMS) + ")"
    r"|(?:公元|西元|紀元|纪元)?前[0-9０-９]|[" + _CN_NUMERAL_CHARS + r"]{1,6}[年月])"
)
_LINE_LEADS_WITH_DATE = LineStart(_MAY_LEAD_WITH_DATE)


def lines_leading_with_a_date(text: str, at_most: int) -> int:
    """How many lines of ``text`` may begin with a date (counted up to
    ``at_most``), from the text alone: fewer than two, and no list or run of
    paragraphs can be a chronology."""
    return _LINE_LEADS_WITH_DATE.count(text, at_most)


def leading_date(
    text: str, pos: int = 0, endpos: int | None = None, styles: Sequence[str] = ("zh", "en")
) -> LeadingDate | None:
    """The date that begins the entry ``text[pos:endpos]``, or None.

    An entry is a paragraph or list item. It begins with a date when, after
    list markers, bold/italic quotes or a wikilink opening, it starts with

    * zh: a date with a month (``2014年1月3日``, ``1月3日``, ``2014年1月``,
      ``7月初``),
      or a range (``1月3日至5日``, ``1月3至5日``, ``2014年12月30日至2015年1月2日``),
      not followed by a word that makes it a bound (``1月3日前``, ``1月3日起``);
    * en: ``On`` and a date with a day (``On 3 January 2014``, ``On January 3``),
      ``In`` and a month with its year (``In January 2014``),
      or a date with a month followed by ``,``, ``:``, ``;`` or a dash
      (``3 January –``, ``January 3:``, ``March 2009:``), or standing alone.

    A year alone (``2014年，``, ``In 2014,``) is not an entry date. Only the
    ``styles`` given (a wiki profile's ``date_styles``: ``zh``, ``en``) count.
    """
    end = len(text) if endpos is None else endpos
    if _LINE_LEADS_WITH_DATE.match(text, pos, end) is None:
        return None  # most entries begin with no digit, month or numeral at all
    return _read_leading_date(text, pos, end, styles)


def _read_leading_date(text: str, pos: int, end: int, styles: Sequence[str]) -> LeadingDate | None:
    """:func:`leading_date`, without its quick look at how the entry begins
    (every entry it reads a date at begins as :data:`_MAY_LEAD_WITH_DATE` says)."""
    window_end = min(end, pos + _ENTRY_WINDOW)
    if _ANY_DIGIT.search(text, pos, window_end) is None and text.find("月", pos, window_end) == -1:
        return None  # a date has digits or 月; most entries have neither
    normal, base = _window(text, pos, end, _ENTRY_WINDOW)
    found = _leading_date(normal, pos - base, len(normal), tuple(styles))
    if found is None:
        return None
    return LeadingDate(found.date, found.end_date, found.start + base, found.end + base, found.relative_year)


def _leading_date(normal: str, pos: int, end: int, styles: tuple[str, ...]) -> LeadingDate | None:
    """:func:`leading_date` on digit-normalised text."""
    prefix = _ENTRY_PREFIX.match(normal, pos, end)
    assert prefix is not None  # every part is optional
    at = prefix.end()
    preposition = _EN_PREPOSITION.match(normal, at, end) if prefix["link"] is None else None
    lead_in = None
    if preposition is not None:
        at = preposition.end()
    elif prefix["link"] is None:
        lead_in = _ZH_LEAD_IN.match(normal, at, end)
        if lead_in is not None and lead_in.end() > at:
            at = lead_in.end()
        else:
            lead_in = None
    numeral = False

    compact = _compact_range(normal, at, end)
    if compact is not None:
        result = compact
        form = "zh" if "月" in normal[compact.start : compact.end] else "en"
    else:
        found = _match_at(normal, at, end)
        if found is None:
            found = _numeral_at(normal, at, end)
            numeral = found is not None
        if found is None:
            return None
        first, start, stop, form = found
        if first.month is None or form == "iso":
            return None
        last = None
        ranged = _range_end(normal, first, stop, end, form)
        if ranged is not None:
            last, stop = ranged
            first = _share_year(first, last)
        result = LeadingDate(first, last, start, stop)

    if form[:2] not in styles:
        return None
    after = _CLOSE.match(normal, result.end, end)
    assert after is not None
    if prefix["link"] is not None and not normal.startswith("]]", result.end):
        return None  # a link whose text goes on past the date
    rest = after.end()
    if form.startswith("zh"):
        if preposition is not None or _ZH_NOT_A_POINT.match(normal, rest, end):
            return None
        if (lead_in is not None and lead_in["prep"] is not None) or (numeral and result.date.day is None):
            if _ZH_ENTRY_PUNCTUATION.match(normal, rest, end) is None:
                return None
        if lead_in is not None and lead_in["rel"] is not None:
            if result.date.year is not None:
                return None  # 同年2014年: no entry writes that
            relative = 0 if lead_in["rel"] in _ZH_SAME_YEAR else 1
            return LeadingDate(result.date, result.end_date, result.start, result.end, relative)
        return result
    if lead_in is not None:
        return None
    if preposition is not None:
        if preposition["on"] is not None:
            # "On January 2014" is not how a date is written
            return result if result.date.day is not None else None
        # "In January 2014": a month with its year, not "In 3 January"
        if result.date.day is None and result.date.year is not None and result.end_date is None:
            return result
        return None
    if _EN_DELIMITER.match(normal, rest, end) is None:
        return None
    return result
