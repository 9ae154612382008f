"""DAT006 impossible-date-range: a date range whose end precedes its start."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from wikilint.rules.document import Document, TemplateRef
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.dates import DATE_CUE, DateMatch, PartialDate, find_dates, may_hold_a_date
from wikilint.rules.text.ranges import merge_ranges

# What joins the two ends of a range, as written between two dates.
_JOINT_WORD = (
    r"(?:–|—|－|~|～|〜|-|至|到|to|until|till|&ndash;|&mdash;"
    r"|\{\{\s*(?:snd|snds|spnd|sndash|ndash|mdash|spaced ndash|–)\s*\}\})"
)
_JOINT = regex.compile(r"[ \u00a0\u3000]*" + _JOINT_WORD + r"[ \u00a0\u3000]*", regex.IGNORECASE)
_MAX_JOINT = 24
#: How far a written date reaches from the joint of its range (no date is longer).
_DATE_REACH = 64
#: What may follow a joint: the start of a date (not the day of an ISO date,
#: 2014-01-03, which is one date).
_DATE_AHEAD = (
    r"[ \u00a0\u3000]*(?![0-9]{1,2}-[0-9])(?=[0-9０-９〇零一二三四五六七八九十廿卅前公]"
    r"|[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][RrYy]|[Aa][Pp][Rr]|[Jj][Uu][NnLl]|[Aa][Uu][Gg]|[Ss][Ee][Pp]"
    r"|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])"
)
#: The joints of :data:`_JOINT_WORD` before what may begin a date, in three
#: searches: one search for the alternation of them all, case folded, costs
#: several times as much as the three.
_JOINTS_BEFORE_DATE = (
    re.compile(r"[–—－~～〜\-至到]" + _DATE_AHEAD),
    re.compile(r"(?:to|To|TO|until|Until|UNTIL|till|Till|TILL|&ndash;|&mdash;)" + _DATE_AHEAD),
    re.compile(r"\{\{\s*(?:snd|snds|spnd|sndash|ndash|mdash|spaced ndash|–)\s*\}\}" + _DATE_AHEAD, re.I),
)
#: What may end a date, before a joint: a digit, a Han character, a month's name, an era.
_DIGIT_OR_HAN = regex.compile(r"[0-9\p{Han}]")
_WORD_ENDING_DATE = regex.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|BCE?|AD|CE|st|nd|rd|th)\.?\Z",
    regex.IGNORECASE,
)
_ISO_MONTH_BEFORE = re.compile(r"[0-9]{4}-[0-9]{1,2}\Z")
_PAIR_DISTANCE = 2000  # characters between the two templates of one pair


def _sort_key(found: PartialDate) -> tuple[int, int, int]:
    assert found.year is not None
    return (found.year, found.month or 0, found.day or 0)


def _reversed(start: PartialDate, end: PartialDate) -> tuple[PartialDate, PartialDate] | None:
    """Both ends with their shared parts filled in, when the end comes first;
    None when the range is in order or cannot be told (no year on either
    side: ``12月28日至1月3日`` crosses a year end)."""
    if start.year is None and end.year is None:
        return None
    if start.precision != end.precision and not (start.year is None or end.year is None):
        # 2014年 – 2013年3月 mixes precisions; read at the coarser one
        if start.precision == "year" or end.precision == "year":
            start, end = PartialDate(start.year), PartialDate(end.year)
    if start.year is None or end.year is None:
        # One year for both ends (10 May – 2 May 1940, 2015年3月6日－3月1日):
        # only a step back within one month is impossible; a later month
        # before an earlier one crosses a year end (28 December – 3 January).
        if start.month != end.month or start.day is None or end.day is None:
            return None
        year = start.year if start.year is not None else end.year
        assert year is not None
        try:
            start, end = start.with_year(year), end.with_year(year)
        except ValueError:
            return None
    if start.precision != end.precision:
        return None  # 2015年3月6日－4月: too loose to judge
    if _sort_key(end) < _sort_key(start):
        return start, end
    return None


class ImpossibleDateRange(Rule):
    """
    ## What it does
    Reports a date range whose end precedes its start, in infoboxes and in
    prose: `2015年3月6日－3月1日`, `10 May – 2 May 1940`, a `{{Start date}}`
    followed by an earlier `{{End date}}`, or a biography infobox whose
    death date (`{{Death date}}`, `{{Death date and age}}`) is before its
    birth date.

    A part written only once is shared by both ends (`10 May – 2 May 1940`
    is 10 May 1940 to 2 May 1940). A range without years that crosses a year
    end (`12月28日至1月3日`, `28 December – 3 January`) is in order, and
    nothing inside comments is read.

    ## Why is this bad?
    No event ends before it begins. A reversed range is a typo in a day,
    a month or a year, and the reader cannot tell which end is right.

    ## Example
        1940年5月10日－5月2日，德軍進攻法國。

    Use instead:
        1940年5月10日－6月22日，德軍進攻法國。
    """

    code = "DAT006"
    name = "impossible-date-range"
    summary = "A date range whose end precedes its start"
    severity = Severity.WARNING
    template_triggers = ("start-date", "end-date", "birth-date", "death-date")

    def may_find(self, doc: Document) -> bool:
        """Only where a written range ends before it starts (read as
        :meth:`check` reads it, disabled regions aside), or a template
        that ends a range may be transcluded."""
        return doc.may_transclude("end-date", "death-date") or bool(doc.derived(_reversed_ranges))

    def check(self, doc: Document) -> Iterator[Finding]:
        yield from self._written_ranges(doc)
        yield from self._template_ranges(doc)

    def _report(
        self, doc: Document, start: int, end: int, first: PartialDate, last: PartialDate, kind: str
    ) -> Finding:
        return self.finding(
            doc,
            start,
            end,
            self.message(kind, start=first.isoformat(), end=last.isoformat()),
            suggestion=self.message("fix"),
            evidence={
                "kind": kind,
                "start": first.isoformat(),
                "end": last.isoformat(),
                "written": doc.text[start:end],
            },
        )

    def _written_ranges(self, doc: Document) -> Iterator[Finding]:
        for first, last, ends in doc.derived(_reversed_ranges):
            if not doc.is_disabled(first.start):
                yield self._report(doc, first.start, last.end, *ends, "range")

    def _template_ranges(self, doc: Document) -> Iterator[Finding]:
        if not doc.may_transclude("start-date", "end-date", "birth-date", "death-date"):
            return
        starts = doc.templates_in("start-date")
        ends = doc.templates_in("end-date")
        births = doc.templates_in("birth-date")
        deaths = doc.templates_in("death-date")
        death_and_age = {
            doc.normalize_template_name(n)
            for n in doc.profile.templates.get("death-date", ())
            if "age" in n.lower() or "年齡" in n or "年龄" in n
        }
        for end_template in ends:
            start_template = _nearest_before(starts, end_template)
            if start_template is None:
                continue
            yield from self._pair(doc, start_template, end_template, "start-end")
        for death in deaths:
            if death.key in death_and_age:
                born = _template_date(death, 3)
                died = _template_date(death, 0)
                if born is not None and died is not None and _sort_key(died) < _sort_key(born):
                    yield self._report(doc, death.start, death.end, born, died, "death-before-birth")
                    continue
            birth = _nearest_before(births, death)
            if birth is not None:
                yield from self._pair(doc, birth, death, "death-before-birth")

    def _pair(self, doc: Document, first: TemplateRef, second: TemplateRef, kind: str) -> Iterator[Finding]:
        if doc.is_disabled(first.start) or doc.is_disabled(second.start):
            return
        began, ended = _template_date(first, 0), _template_date(second, 0)
        if began is None or ended is None:
            return
        if _sort_key(ended) < _sort_key(began):
            yield self._report(doc, second.start, second.end, began, ended, kind)


def _reversed_ranges(doc: Document) -> list[tuple[DateMatch, DateMatch, tuple[PartialDate, PartialDate]]]:
    """Each written range whose end precedes its start: two dates joined by a
    joint (``–``, ``至``, ``to``…), with both ends as read. Dates are read only
    around the joints that may join two dates, each within reach of its joint."""
    text = doc.text
    if not may_hold_a_date(text):
        return []
    windows = merge_ranges(
        (max(0, start - _DATE_REACH), end + _DATE_REACH)
        for start, end in _joints(text)
        if DATE_CUE.search(text, max(0, start - _DATE_REACH), start) is not None
        and DATE_CUE.search(text, end, end + _DATE_REACH) is not None
    )
    found_ranges = []
    for first, last in windows:
        previous: DateMatch | None = None
        for found in find_dates(text, first, min(last, len(text))):
            if (
                previous is not None
                and found.start - previous.end <= _MAX_JOINT
                and _JOINT.fullmatch(text, previous.end, found.start) is not None
            ):
                ends = _reversed(previous.date, found.date)
                if ends is not None:
                    found_ranges.append((previous, found, ends))
            previous = found
    return found_ranges


def _joints(text: str) -> Iterator[tuple[int, int]]:
    """Where a range may be written: a joint between what may end a date and
    what may begin one (not the hyphen inside an ISO date)."""
    for pattern in _JOINTS_BEFORE_DATE:
        for joint in pattern.finditer(text):
            start = joint.start()
            if _ends_date(text, start) and _ISO_MONTH_BEFORE.search(text, max(0, start - 7), start) is None:
                yield joint.span()


def _ends_date(text: str, at: int) -> bool:
    """Whether what stands before ``at`` (spaces aside) may end a date."""
    while at > 0 and text[at - 1] in " \u00a0\u3000":
        at -= 1
    if at == 0:
        return False
    return _DIGIT_OR_HAN.match(text, at - 1) is not None or (
        _WORD_ENDING_DATE.search(text, max(0, at - 10), at) is not None
    )


def _nearest_before(candidates: list[TemplateRef], template: TemplateRef) -> TemplateRef | None:
    """The last of ``candidates`` that begins shortly before ``template`` at
    the same depth (the fields of one infobox, the two ends of one value)."""
    before = [
        c
        for c in candidates
        if c.start < template.start and c.depth == template.depth and template.start - c.end <= _PAIR_DISTANCE
    ]
    return before[-1] if before else None


def _template_date(template: TemplateRef, offset: int) -> PartialDate | None:
    """The date given by positional parameters ``offset+1``..``offset+3``
    (year, month, day) of ``{{Start date|1940|5|10}}`` and its kind."""
    parts = []
    for index in range(offset + 1, offset + 4):
        value = template.param(str(index))
        if value is None or not value.strip().isdigit():
            break
        parts.append(int(value))
    if not parts:
        return None
    try:
        return PartialDate(*parts)
    except (ValueError, TypeError):
        return None
