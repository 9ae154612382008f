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

import regex

from wikilint.rules.text.lexicon import EN_MONTH_NUMBERS as _MONTH_NUMBERS
from wikilint.rules.text.lexicon import EN_MONTHS
from wikilint.rules.text.lexicon import FULL_WIDTH_DIGITS as _DIGITS

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
_AFTER_DIGITS = 24   # "3 September 2014", "1 月 3 日": what follows the first digit run
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
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"no month {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            year = _ANY_LEAP_YEAR if self.year is None else self.year
            if not 1 <= self.day <= calendar.monthrange(year, self.month)[1]:
                raise ValueError(f"no day {self.day} in month {self.month}")
        if self.year is not None and not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} out of range")

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

    def with_year(self, year: int) -> PartialDate:
        """The same month and day in ``year`` (``ValueError`` for 29 February
        in a common year)."""
        return PartialDate(year, self.month, self.day)

    def first_day(self) -> date:
        """The first calendar day this date may mean (needs a year)."""
        if self.year is None:
            raise ValueError(f"{self} has no year")
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last calendar day this date may mean (needs a year)."""
        if self.year is None:
            raise ValueError(f"{self} has no year")
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def isoformat(self) -> str:
        """ISO 8601 text: ``2014-01-09``, ``2014-01``, ``2014``, ``--01-09``."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        parts = [year]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.isoformat()


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


# --- patterns ----------------------------------------------------------------

_MONTH_NAME = "(?:" + "|".join(EN_MONTHS) + ")(?![a-z])"
# Abbreviations ("Jan", "Sept.") count only with a year: "3 Mar" alone is too
# often something else.
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\.?"
_D = r"(?:[12][0-9]|3[01]|0?[1-9])"
_M = r"(?:1[0-2]|0?[1-9])"
_EN_YEAR = r"(?<![0-9])[0-9]{4}(?![0-9])"
_ZH_YEAR = r"(?<![0-9])[0-9]{3,4}"
_ORD = r"(?:st|nd|rd|th)?"
_SP = r"[ \u3000]?"  # zh allows a stray space between the parts

# Each form: a name and a pattern with groups y (year), m (month number),
# mon (English month name), d (day). Order matters: longer forms first.
_FORMS: tuple[tuple[str, str], ...] = (
    ("zh_ymd", rf"(?P<y>{_ZH_YEAR}){_SP}年{_SP}(?P<m>{_M}){_SP}月{_SP}(?P<d>{_D}){_SP}日"),
    ("zh_ym", rf"(?P<y>{_ZH_YEAR}){_SP}年{_SP}(?P<m>{_M}){_SP}月(?:份)?(?!{_SP}[0-9])"),
    ("zh_md", rf"(?<![0-9年])(?P<m>{_M}){_SP}月{_SP}(?P<d>{_D}){_SP}日"),
    ("zh_m", rf"(?<![0-9年])(?P<m>{_M}){_SP}月(?:份)?(?!{_SP}[0-9])"),
    ("zh_y", rf"(?<![0-9])(?P<y>[0-9]{{4}}){_SP}年(?!代|{_SP}[0-9])"),
    ("iso", r"(?<![0-9-])(?P<y>[0-9]{4})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?![0-9])"),
    ("en_dmy", rf"(?<![\w.-])(?P<d>{_D}){_ORD}[ \u00a0]+(?P<mon>{_MONTH_NAME})(?:,?[ \u00a0]+(?P<y>{_EN_YEAR}))?"),
    ("en_dmy_abbr", rf"(?<![\w.-])(?P<d>{_D}){_ORD}[ \u00a0]+(?P<mon>{_MONTH_ABBR}),?[ \u00a0]+(?P<y>{_EN_YEAR})"),
    ("en_mdy", rf"(?<![\w])(?P<mon>{_MONTH_NAME})[ \u00a0]+(?P<d>{_D}){_ORD}(?![0-9])(?:,?[ \u00a0]+(?P<y>{_EN_YEAR}))?"),
    ("en_mdy_abbr", rf"(?<![\w])(?P<mon>{_MONTH_ABBR})[ \u00a0]+(?P<d>{_D}){_ORD},?[ \u00a0]+(?P<y>{_EN_YEAR})"),
    ("en_my", rf"(?<![\w])(?P<mon>{_MONTH_NAME}|{_MONTH_ABBR}),?[ \u00a0]+(?P<y>{_EN_YEAR})"),
)


def _qualify(form: str, pattern: str) -> str:
    """Prefix a form's group names with the form name so forms can share one
    alternation."""
    for group in ("y", "m", "mon", "d"):
        pattern = pattern.replace(f"(?P<{group}>", f"(?P<{form}_{group}>")
    return f"(?P<{form}>{pattern})"


_FORM_NAMES = tuple(name for name, _ in _FORMS)
_ANY_DATE = regex.compile("|".join(_qualify(name, pat) for name, pat in _FORMS))
# Forms that stand alone only as a whole value: parse_date reads them, while in
# running text "2010-11" is more often a season than November 2010.
_VALUE_FORMS = regex.compile(
    r"(?P<y>[0-9]{4})(?:-(?P<m>[01][0-9]))?"  # 2014, 2014-01
)


def _date_from(match: regex.Match[str], form: str) -> PartialDate | None:
    """Build the PartialDate of one form's match, or None when invalid."""
    groups = match.groupdict()
    year = groups.get(f"{form}_y")
    month = groups.get(f"{form}_m")
    name = groups.get(f"{form}_mon")
    day = groups.get(f"{form}_d")
    if name is not None:
        month_number: int | None = _MONTH_NUMBERS[name.rstrip(".").lower()]
    else:
        month_number = int(month) if month is not None else None
    try:
        return PartialDate(
            int(year) if year is not None else None,
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


def parse_date(value: str) -> PartialDate | None:
    """Read a whole value as a date, or return None.

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
    """
    normal, base = _window(text, pos, endpos)
    # Every date has a digit: rather than trying every form at every
    # character, try them only around each run of digits (the forms reach at
    # most _BEFORE_DIGITS characters before their first digit).
    start, size, done = pos - base, len(normal), pos - base
    for digits in _DIGIT_RUN.finditer(normal, start):
        if digits.end() <= done:
            continue
        window_start = max(done, start, digits.start() - _BEFORE_DIGITS)
        for match in _ANY_DATE.finditer(normal, window_start, min(size, digits.end() + _AFTER_DIGITS)):
            if match.end() <= done or match.start() > digits.start():
                break
            assert match.lastgroup is not None
            found = _date_from(match, match.lastgroup)
            if found is not None:
                yield DateMatch(found, match.start() + base, match.end() + base)
            done = match.end()


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


def _compact_range(text: str, pos: int, endpos: int) -> LeadingDate | None:
    """zh "1月3至5日" and en "3–5 January 2014" / "January 3–5, 2014"."""
    zh = _ZH_COMPACT_RANGE.match(text, pos, endpos)
    if zh is not None:
        year = int(zh["y"]) if zh["y"] else None
        month = int(zh["m"])
        days = (int(zh["d"]), int(zh["d2"]))
    else:
        en = _EN_DMY_RANGE.match(text, pos, endpos) or _EN_MDY_RANGE.match(text, pos, endpos)
        if en is None:
            return None
        zh = en
        year = int(en["y"]) if en["y"] else None
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
        year = int(end["y"]) if end["y"] else start.year
        month = int(end["m"]) if end["m"] else start.month
        day = int(end["d"])
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
#: digit or a month name. The standard ``re`` runs it five times faster.
_MAY_LEAD_WITH_DATE = re.compile(
    "^" + _ENTRY_PREFIX.pattern + r"(?:(?:On|on|In|in)[ \u00a0]+)?"
    r"(?:[0-9０-９]|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
    re.MULTILINE,
)


def lines_leading_with_a_date(text: str, at_most: int) -> int:
    """How many lines of ``text`` may begin with a date (counted up to
    ``at_most``), from the text alone: fewer than two, and no list or run of
    paragraphs can be a chronology."""
    count = 0
    for _ in _MAY_LEAD_WITH_DATE.finditer(text):
        count += 1
        if count >= at_most:
            break
    return count


def leading_date(text: str, pos: int = 0, endpos: int | None = None,
                 styles: Sequence[str] = ("zh", "en")) -> LeadingDate | None:
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
    if _ANY_DIGIT.search(text, pos, min(end, pos + _ENTRY_WINDOW)) is None:
        return None  # every date is written with digits; most entries have none
    normal, base = _window(text, pos, endpos, _ENTRY_WINDOW)
    found = _leading_date(normal, pos - base, len(normal), tuple(styles))
    if found is None:
        return None
    return LeadingDate(found.date, found.end_date, found.start + base, found.end + base)


def _leading_date(normal: str, pos: int, end: int, styles: tuple[str, ...]) -> LeadingDate | None:
    """:func:`leading_date` on digit-normalised text."""
    prefix = _ENTRY_PREFIX.match(normal, pos, end)
    assert prefix is not None  # every part is optional
    at = prefix.end()
    preposition = _EN_PREPOSITION.match(normal, at, end) if prefix["link"] is None else None
    if preposition is not None:
        at = preposition.end()

    compact = _compact_range(normal, at, end)
    if compact is not None:
        result = compact
        form = "zh" if "月" in normal[compact.start : compact.end] else "en"
    else:
        found = _match_at(normal, at, end)
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
        return result
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
