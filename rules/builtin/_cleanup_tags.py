"""What the cleanup-tag rules (CIT001-CIT003) share: reading a tag's date.

Maintenance templates carry the date they were added in ``date=``
(``2014年1月``, ``January 2014``, ``2014-01``) or, on zh.wikipedia, in
``time=`` (``2019-01-18T13:38:58+00:00``). Dates are read by the shared
:func:`rules.text.dates.parse_date`; this module only decides which parameter
holds the date and turns it into evidence (the date as written, the month it
means and the tag's age in days) and into the parameters of a message
(:meth:`TagDate.message`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from mwparserfromhell.nodes import Template
from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.document import Document, TemplateRef
from wikilint.rules.finding import Finding
from wikilint.rules.rule import Rule
from wikilint.rules.text.dates import PartialDate, parse_date

#: Parameters that hold the date a tag was added, in order of preference.
DATE_PARAMETERS = ("date", "time")


class TagAgeOptions(BaseModel):
    """Options of the cleanup-tag rules."""

    model_config = ConfigDict(extra="forbid")

    as_of: date | None = Field(
        default=None,
        description="day from which a tag's age is counted (default: today)",
    )


@dataclass(frozen=True, slots=True)
class TagDate:
    """The date of a tag as written and as read (either may be missing)."""

    parameter: str | None
    written: str | None
    parsed: PartialDate | None

    def evidence(self, as_of: date) -> dict[str, Any]:
        """``date_written``, ``date_parsed`` (year-month) and ``age_days``."""
        age = None
        month = None
        if self.parsed is not None and self.parsed.in_common_era:
            month = f"{self.parsed.year:04d}-{self.parsed.month or 1:02d}"
            age = (as_of - self.parsed.first_day()).days
        return {
            "dated": self.parsed is not None,
            "date_parameter": self.parameter,
            "date_written": self.written,
            "date_parsed": month,
            "age_days": age,
        }

    def message(self, as_of: date) -> tuple[str, dict[str, Any]]:
        """The message for the tag's date: the suffix of its key and its
        parameters. Each rule has the four keys ``<kind>-dated`` (``month``,
        ``age`` in days), ``-undated``, ``-bad-date`` (``written``, as in the
        article) and ``-future`` (``month``); ``month`` is ``YYYY-MM``, or
        ``YYYY`` for a tag dated by its year alone, written by the reader's
        language."""
        if self.written is None:
            return "undated", {}
        facts = self.evidence(as_of)
        if facts["date_parsed"] is None or self.parsed is None or self.parsed.year is None:
            return "bad-date", {"written": self.written}
        month = f"{self.parsed.year:04d}"
        if self.parsed.month:
            month += f"-{self.parsed.month:02d}"
        if facts["age_days"] < 0:
            return "future", {"month": month}
        return "dated", {"month": month, "age": facts["age_days"]}


def tag_date(template: TemplateRef, *, positional: bool = False) -> TagDate:
    """The date of a maintenance template.

    ``date=`` or ``time=`` (the first that reads as a date, else the first
    that is filled in). With ``positional``, a first unnamed parameter that
    reads as a date counts too (``{{Refimprove|2014年1月}}``); inline tags
    keep their first parameter for the text they mark, so they do not ask
    for it.
    """
    written: list[tuple[str, str]] = []
    for name in DATE_PARAMETERS:
        value = template.param(name)
        if value:
            written.append((name, value))
    for name, value in written:
        parsed = parse_date(value)
        if parsed is not None:
            return TagDate(name, value, parsed)
    first = template.parameter("1") if positional else None
    if first is not None:
        value = str(first.value).strip()
        parsed = parse_date(value) if value else None
        if parsed is not None:
            return TagDate("1", value, parsed)
    if written:
        name, value = written[0]
        return TagDate(name, value, None)
    return TagDate(None, None, None)


def today(options: BaseModel) -> date:
    """The day ages are counted from: the ``as_of`` option or today."""
    return getattr(options, "as_of", None) or date.today()


def live_templates(doc: Document, group: str) -> Iterator[TemplateRef]:
    """Templates of a profile alias group outside comments, ``<nowiki>``..."""
    for template in doc.templates_in(group):
        if not doc.is_disabled(template.start):
            yield template


def tag_evidence(template: TemplateRef, when: TagDate, as_of: date) -> dict[str, Any]:
    """The evidence of a finding on one tag."""
    return {"template": template.name, **when.evidence(as_of)}


def inline_tag_findings(
    rule: Rule,
    doc: Document,
    group: str,
    markers: MarkerPattern,
    as_of: date,
    template_evidence: dict[str, Any],
) -> list[Finding]:
    """The findings of an inline tag rule (CIT001, CIT002): one per live
    template of ``group`` (its date and age) and one per hand-typed marker,
    in the order of the text. ``template_evidence`` is added to a template's."""
    found: list[Finding] = []
    for template in live_templates(doc, group):
        when = tag_date(template)
        state, params = when.message(as_of)
        found.append(
            rule.finding(
                doc,
                template.start,
                template.end,
                rule.message(state, template=template.name, **params),
                suggestion=rule.message("fix"),
                evidence={**tag_evidence(template, when, as_of), **template_evidence},
            )
        )
    for start, end in markers.spans(doc):
        marker = doc.text[start:end]
        found.append(
            rule.finding(
                doc,
                start,
                end,
                rule.message("hand-typed", marker=marker),
                suggestion=rule.message("hand-typed-fix"),
                evidence={
                    "template": None,
                    "marker": marker,
                    "hand_typed": True,
                    "dated": False,
                    "date_parameter": None,
                    "date_written": None,
                    "date_parsed": None,
                    "age_days": None,
                },
            )
        )
    found.sort(key=lambda f: (f.line, f.column))
    return found


# -- hand-typed markers ---------------------------------------------------------

#: The brackets editors type around a marker: ASCII, full-width, lenticular,
#: tortoise-shell, and the HTML entities of the ASCII pair.
_OPEN = r"(?:\[|［|【|〔|&\#91;)"
_CLOSE = r"(?:\]|］|】|〕|&\#93;)"
_PAIRS = {"[": "]", "［": "］", "【": "】", "〔": "〕", "&#91;": "&#93;"}
_OPENING_QUOTES = "\"“「『‘'"
_CLOSING_QUOTES = "\"”」』’'"


class MarkerPattern:
    """Hand-typed imitations of a tag: the text a template renders, typed
    between brackets (``[來源請求]``, ``【來源請求】``, ``[dubious – discuss]``).

    ``phrases`` are regex fragments of the rendered text. The pattern is
    searched over the whole page with :mod:`re`, whose search skips straight
    to the next opening bracket; it fails at once on the brackets of links.
    """

    def __init__(self, phrases: tuple[str, ...]) -> None:
        # what a phrase begins with, tried once after each opening bracket
        # instead of each phrase in turn (every phrase begins with a letter)
        firsts = "".join(sorted({phrase[0] for phrase in phrases}))
        assert firsts.isalpha(), firsts
        self.regex = re.compile(
            _OPEN + r"[ \t]*(?=[" + firsts + r"])(?:" + "|".join(phrases) + r")[ \t]*" + _CLOSE, re.IGNORECASE
        )

    def _matches(self, doc: Document) -> list[tuple[int, int, str]]:
        """Every marker typed, ``(start, end, marker)``: read once per page
        for the pre-parse test and the check."""
        return [(match.start(), match.end(), match.group()) for match in self.regex.finditer(doc.text)]

    def may_occur(self, doc: Document) -> bool:
        """Whether a marker may be typed in the page: the regex matches
        around a word (read without parsing; a pre-parse test)."""
        return bool(doc.derived(self._matches))

    def spans(self, doc: Document) -> Iterator[tuple[int, int]]:
        """Spans of markers typed in the text itself (not in data, not quoted,
        not a wikilink, brackets that pair)."""
        text = doc.text
        for start, end, marker in doc.derived(self._matches):
            if not _paired(marker):
                continue
            if text[start - 1 : start] == "[" and text[end : end + 1] == "]":
                continue  # [[來源請求]]: a wikilink, not a marker
            if doc.is_disabled(start):
                continue
            before = text[:start].rstrip()[-1:]
            after = text[end:].lstrip()[:1]
            if before and after and before in _OPENING_QUOTES and after in _CLOSING_QUOTES:
                continue  # the marker is being mentioned, not used
            if in_template_data(doc, start, end):
                continue
            yield start, end


def _paired(marker: str) -> bool:
    """Whether a marker closes with the bracket it opens with."""
    for opening, closing in _PAIRS.items():
        if marker.startswith(opening):
            return marker.endswith(closing)
    return False


def in_template_data(doc: Document, start: int, end: int) -> bool:
    """True inside a template parameter other than an infobox field.

    Infobox fields are article prose; other parameters (a citation's title, a
    quotation, a code sample) are data in which the text is only quoted.
    """
    infoboxes = {
        doc.normalize_template_name(name) for names in doc.profile.infoboxes.values() for name in names
    }
    for span in doc.enclosing(start, end, Template):
        key = doc.normalize_template_name(str(span.node.name))
        if key not in infoboxes and not key.casefold().startswith("infobox"):
            return True
    return False


#: What {{citation needed}} renders on each wiki, in both scripts.
CITATION_NEEDED_MARKERS = MarkerPattern(
    (r"來源請求", r"来源请求", r"請求來源", r"请求来源", r"citation[ \t]+needed"),
)
#: What the inline cleanup tags render: en.wikipedia's ([dubious – discuss],
#: [original research?], [clarification needed], [who?]...) and
#: zh.wikipedia's ([可疑－討論], [原創研究？], [需要解釋], [誰？]...).
INLINE_CLEANUP_MARKERS = MarkerPattern(
    (
        r"dubious(?:[ \t]*[–—-][ \t]*discuss)?",
        r"original[ \t]+research\?",
        r"clarification[ \t]+needed",
        r"verification[ \t]+needed",
        r"failed[ \t]+verification",
        r"better[ \t]+source[ \t]+needed",
        r"according[ \t]+to[ \t]+whom\?",
        r"by[ \t]+whom\?",
        r"who\?",
        r"which\?",
        r"when\?",
        r"where\?",
        r"vague",
        r"unreliable[ \t]+source\?",
        r"disambiguation[ \t]+needed",
        r"可疑(?:[ \t]*[－—–-][ \t]*(?:討論|讨论))?",
        r"原創研究[？?]?",
        r"原创研究[？?]?",
        r"需要解釋",
        r"需要解释",
        r"誰[？?]",
        r"谁[？?]",
        r"何時[？?]",
        r"何时[？?]",
        r"哪裡[？?]",
        r"哪里[？?]",
        r"哪個[？?]",
        r"哪个[？?]",
        r"需要驗證",
        r"需要验证",
    ),
)
