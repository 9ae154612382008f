"""Chronologies: runs of paragraphs or list items that each begin with a date.

A section of a conflict article often reads as a timeline::

    2013年12月30日，……
    1月4日，……
    1月9日，……

:func:`chronologies` finds those runs and gives every entry a comparable date.
A date written without a year takes the year of the entry before it in the
section, else the year of its year heading (``== 2014年 ==``, or a paragraph
that is only a year, such as ``'''2014年'''``), else the year of the infobox
``date``. A yearless date earlier than the entry before it rolls over into
the next year when that is the nearer reading (``12月30日`` then ``1月2日``).

Rules read them with ``doc.derived(chronologies)`` (computed once per page)
and compare entries with :meth:`ChronologyEntry.same_date_as` and
:meth:`ChronologyEntry.earlier_than`. Both answer ``False`` whenever the
dates cannot be compared with confidence: entries whose years come from
unrelated sources (a yearless run then a written year), or a step back too
long to tell a misplaced entry from an unmarked new year.

What breaks a run: a paragraph or list item that does not begin with a date,
a list item of another kind or a shallower level, a new section. What does
not: lines of markup only (images, templates), deeper list items, and entries
that continue the previous date (``同日，``, ``The next day,``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import regex

from wikilint.rules.text.dates import (
    LeadingDate,
    PartialDate,
    astronomical_year,
    days_in_month,
    find_dates,
    leading_date,
    next_year,
    parse_date,
)
from wikilint.rules.text.lexicon import EN_MONTH_STEMS, EN_MONTHS

if TYPE_CHECKING:
    from wikilint.rules.document import Block, Document, Section

__all__ = [
    "ENTRY_TRIGGERS",
    "MAX_STEP_BACK_DAYS",
    "Chronology",
    "ChronologyEntry",
    "calendar_date",
    "chronologies",
    "year_of",
]

#: Substrings without which a page has no dated entry (zh 月, en month names):
#: rules built on chronologies use them as their triggers.
ENTRY_TRIGGERS = tuple(dict.fromkeys(("月", *EN_MONTHS, *EN_MONTH_STEMS)))

#: A yearless date this many days or fewer before the entry above it is read
#: as misplaced; a longer step back may be an unmarked new year, so the two
#: entries are not compared.
MAX_STEP_BACK_DAYS = 92

# With no year anywhere, entries are laid out from this leap year on; their
# years are then only relative to each other.
_RELATIVE_BASE_YEAR = 2000

#: Entries' days are :class:`datetime.date` values on a calendar shifted by
#: this many years, so that years BCE are days too (221 BC is the year 3780);
#: 4000 is a multiple of 400, so leap years fall as in the real calendar.
#: Years from 4000 BC to AD 5999 can be placed; entries outside are skipped.
ERA_SHIFT = 4000


def _day(year: int, month: int, day: int) -> date:
    """The shifted day of ``year`` (negative: BCE), ``month``, ``day``."""
    return date(astronomical_year(year) + ERA_SHIFT, month, day)


def year_of(day: date) -> int:
    """The year (negative: BCE) of a shifted day."""
    year = day.year - ERA_SHIFT
    return year - 1 if year <= 0 else year


def calendar_date(day: date) -> date | None:
    """The real calendar day of a shifted day, None before the common era."""
    year = year_of(day)
    return day.replace(year=year) if year >= 1 else None


def _first(found: PartialDate) -> date:
    """The first shifted day of a date with a year (``ValueError`` outside
    the years that can be placed)."""
    assert found.year is not None
    return _day(found.year, found.month or 1, found.day or 1)


def _last(found: PartialDate) -> date:
    """The last shifted day of a date with a year."""
    assert found.year is not None
    month = found.month or 12
    return _day(found.year, month, found.day or days_in_month(found.year, month))


# Entries that carry on from the previous date rather than starting a new one.
_CONTINUATION = regex.compile(
    r"[ \t]*(?:[*#:;]+[ \t]*)?(?:'{2,5})?"
    r"(?:同日|同天|當日|当日|當天|当天|同一天|翌日|次日|隔日|隔天|第二天|同月|當月|当月|同年|當晚|当晚|同晚"
    r"|(?:On |Later |Earlier )?(?:the same day|that day|the next day|the following day|the day after"
    r"|that (?:morning|evening|night|afternoon))\b)",
    regex.IGNORECASE,
)
_MARKUP = regex.compile(r"'{2,5}|\[\[(?:[^\[\]|]*\|)?|\]\]")
# Longer text is a paragraph, not a year standing as a heading.
_TITLE_LIMIT = 60
_DIGIT = regex.compile(r"[0-9０-９]")
# Around a year standing as a heading: list markers, a parenthesised era
# name ("1949年（民國38年）").
_TITLE_NOISE = regex.compile(r"^[ \t]*[*#:;]+|[ \t]*[（(][^（）()]*[）)][ \t]*$")


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """A paragraph or list item that begins a chronology entry with a date."""

    block: Block
    written: LeadingDate
    """the date as written, with its span in the page text"""
    first: date
    """the first day the entry may mean, its year filled in (on the shifted
    calendar of :data:`ERA_SHIFT`: compare and subtract days, read their
    years with :func:`year_of` and real days with :func:`calendar_date`)"""
    last: date
    """the last day (end of the range, or of the month for ``2014年1月``)"""
    year_source: str
    """where the year came from: ``written``, ``previous entry``, ``heading``,
    ``infobox`` or ``none`` (relative to the other entries only)"""
    frame: int

    @property
    def year_known(self) -> bool:
        return self.year_source != "none"

    @property
    def is_day(self) -> bool:
        """True when the entry names one day (not a month, not a range)."""
        return self.written.date.day is not None and self.first == self.last

    def as_written(self, doc: Document) -> str:
        """The entry's date exactly as the page writes it."""
        return doc.text[self.written.start : self.written.end]

    def line(self, doc: Document) -> int:
        """The 1-based line on which the entry begins."""
        return doc.position(self.block.start)[0]

    def label(self) -> str:
        """The date for messages: ISO with its year when known (``2014-01-09``),
        else month and day (``--01-09``)."""
        if self.written.end_date is not None and self.first != self.last:
            return f"{self._one(self.first)}/{self._one(self.last)}"
        return self._one(self.first)

    def _one(self, day: date) -> str:
        if not self.year_known:
            return f"--{day.month:02d}" + (f"-{day.day:02d}" if self.written.date.day is not None else "")
        parts = PartialDate(year_of(day), day.month, day.day if self.written.date.day is not None else None)
        return parts.isoformat()

    def same_date_as(self, other: ChronologyEntry) -> bool:
        """Both entries name the same single day (read in one frame)."""
        return self.frame == other.frame and self.is_day and other.is_day and self.first == other.first

    def earlier_than(self, other: ChronologyEntry) -> bool:
        """This entry lies wholly before ``other`` (read in one frame)."""
        return self.frame == other.frame and self.last < other.first


@dataclass(frozen=True, slots=True)
class Chronology:
    """A run of at least two dated entries in one section."""

    section: Section
    entries: tuple[ChronologyEntry, ...]


def chronologies(doc: Document) -> list[Chronology]:
    """Every chronology of the page, in source order.

    Rules share one reading per page through ``doc.derived(chronologies)``.
    """
    if doc.facts.date_led_lines < 2:
        return []  # no two entries can begin with a date: the page is not read
    found: list[Chronology] = []
    infobox_date = _infobox_date(doc)
    by_section: dict[int, list[Block]] = {}
    for block in doc.blocks:
        by_section.setdefault(block.section, []).append(block)
    frames = itertools.count(1)
    for index, blocks in by_section.items():
        section = doc.sections[index]
        found.extend(_section_chronologies(doc, section, blocks, infobox_date, frames))
    return found


# --- context -----------------------------------------------------------------


def _infobox_date(doc: Document) -> date | None:
    """The first day of the infobox ``date`` field, when it has a year."""
    fields = doc.profile.fields.get("date", ["date"])
    for kind in doc.profile.infoboxes:
        for infobox in doc.infoboxes(kind):
            value = infobox.param(*fields)
            if not value:
                continue
            for match in find_dates(value):
                if match.date.year is not None and match.date.month is not None:
                    try:
                        return _first(match.date)
                    except ValueError:
                        return None
    return None


def _year_of_title(title: str) -> int | None:
    """The year a heading (or a paragraph standing as one) is about:
    ``2014年``, ``2014``, ``2014年1月``, ``January 2014``, not ``2014–15``."""
    if len(title) > _TITLE_LIMIT or _DIGIT.search(title) is None:
        return None  # a year is written with digits
    text = _MARKUP.sub("", title)
    text = _TITLE_NOISE.sub("", text).strip().rstrip(":：").strip()
    found = parse_date(text)
    if found is None or found.year is None or found.day is not None:
        return None
    return found.year


def _heading_year(doc: Document, section: Section) -> int | None:
    """The year of the section's heading or of the nearest enclosing one."""
    level = section.level + 1
    for candidate in reversed(doc.sections[: section.index + 1]):
        if candidate.level >= level or candidate.index == 0:
            continue
        level = candidate.level
        year = _year_of_title(candidate.title)
        if year is not None:
            return year
    return None


# --- runs --------------------------------------------------------------------


@dataclass(slots=True)
class _Reference:
    """What a yearless date is read against: the previous entry, or the
    section's anchor (its year heading or the infobox date)."""

    first: date
    last: date
    frame: int
    strong: bool
    """years in this frame are real and written (or from a year heading)"""
    source: str
    """``entry`` for a previous entry, else ``heading`` or ``infobox``"""
    relative: bool = False
    """the previous entry's year is only relative (no year anywhere)"""


def _section_chronologies(
    doc: Document,
    section: Section,
    blocks: list[Block],
    infobox_date: date | None,
    frames: Iterator[int],
) -> Iterator[Chronology]:
    heading_year = _heading_year(doc, section)
    anchor = _anchor(heading_year, infobox_date, frames)
    previous: _Reference | None = None
    run: list[ChronologyEntry] = []
    run_marker: str | None = None

    def close() -> Iterator[Chronology]:
        if len(run) >= 2:
            yield Chronology(section, tuple(run))
        run.clear()

    for block in blocks:
        written = leading_date(doc.text, block.start, block.end, doc.profile.date_styles)
        if written is None or doc.is_disabled(written.start):
            if run and _is_transparent(doc, block, run_marker):
                continue
            year = _year_of_title(block.text)
            if year is not None:  # '''2014年''' or "* 2014年" standing as a heading
                anchor = _anchor(year, None, frames)
                previous = None
            yield from close()
            run_marker = None
            if previous is not None:
                previous.strong = False  # a new run: its years are less sure
            continue
        if run and run_marker is not None and len(block.marker) > len(run_marker):
            continue  # a sub-item of an entry
        if run and block.marker != run_marker:
            yield from close()
            if previous is not None:
                previous.strong = False
        reference = previous or anchor
        entry = _resolve(block, written, reference, frames)
        if entry is None:
            continue
        run.append(entry)
        run_marker = block.marker
        previous = _Reference(
            entry.first,
            entry.last,
            entry.frame,
            strong=entry.year_source in ("written", "heading")
            or (entry.year_source == "previous entry" and reference is not None and reference.strong),
            source="entry",
            relative=not entry.year_known,
        )
    yield from close()


def _is_transparent(doc: Document, block: Block, run_marker: str | None) -> bool:
    """A block inside a run that neither is an entry nor ends the run."""
    if run_marker is not None and len(block.marker) > len(run_marker):
        return True
    return block.marker == run_marker and _CONTINUATION.match(doc.text, block.start, block.end) is not None


def _anchor(heading_year: int | None, infobox_date: date | None, frames: Iterator[int]) -> _Reference | None:
    if heading_year is not None:
        try:
            start = _day(heading_year, 1, 1)
        except ValueError:
            return None
        return _Reference(start, start, next(frames), strong=True, source="heading")
    if infobox_date is not None:
        return _Reference(infobox_date, infobox_date, next(frames), strong=False, source="infobox")
    return None


def _resolve(
    block: Block, written: LeadingDate, reference: _Reference | None, frames: Iterator[int]
) -> ChronologyEntry | None:
    """Give the entry its dates and frame, reading a yearless date against
    ``reference`` (the previous entry, else the section's anchor)."""
    start, end = written.date, written.end_date or written.date
    if start.year is not None:
        frame = reference.frame if reference is not None and reference.strong else next(frames)
        try:
            first, last = _first(start), _last(end.with_year(end.year or start.year))
        except ValueError:
            return None
        return _entry(block, written, first, last, "written", frame)
    if written.relative_year is not None and reference is not None and not reference.relative:
        # 同年5月2日, 次年3月: the year is named against the entry before
        year = year_of(reference.last if reference.source == "entry" else reference.first)
        if written.relative_year:
            year = next_year(year)
        source = "previous entry" if reference.source == "entry" else reference.source
        bounds = _bounds(start, end, year)
        if bounds is None:
            return None
        return _entry(block, written, bounds[0], bounds[1], source, reference.frame)
    if reference is None:
        year, source, frame = _RELATIVE_BASE_YEAR, "none", next(frames)
    elif reference.source == "heading":
        year, source, frame = year_of(reference.first), "heading", reference.frame
    else:
        if reference.relative:
            source = "none"
        else:
            source = "infobox" if reference.source == "infobox" else "previous entry"
        year, frame = _year_against(start, end, reference, frames)
    bounds = _bounds(start, end, year)
    if bounds is None:
        return None
    return _entry(block, written, bounds[0], bounds[1], source, frame)


def _year_against(
    start: PartialDate, end: PartialDate, reference: _Reference, frames: Iterator[int]
) -> tuple[int, int]:
    """The year of a yearless date that follows ``reference``, and its frame."""
    year = year_of(reference.last)
    same = _bounds(start, end, year)
    if same is None or same[1] >= reference.first:
        return year, reference.frame
    step_back = (reference.first - same[1]).days
    following = _bounds(start, end, next_year(year))
    if following is not None and (following[0] - reference.last).days < step_back:
        return next_year(year), reference.frame  # 12月30日 → 1月2日: a new year
    if step_back <= MAX_STEP_BACK_DAYS:
        return year, reference.frame  # misplaced: compared, and reported
    return year, next(frames)  # cannot tell: start afresh


def _bounds(start: PartialDate, end: PartialDate, year: int) -> tuple[date, date] | None:
    """First and last day of a yearless date (or range) placed in ``year``."""
    try:
        first = _first(start.with_year(year))
        end_year = year
        if (end.month or 0, end.day or 0) < (start.month or 0, start.day or 0):
            end_year = next_year(year)  # 12月30日至1月2日
        last = _last(end.with_year(end_year))
    except ValueError:
        return None  # 29 February in a common year
    return first, last


def _entry(
    block: Block, written: LeadingDate, first: date, last: date, source: str, frame: int
) -> ChronologyEntry | None:
    if last < first:
        return None
    return ChronologyEntry(block, written, first, last, source, frame)
