"""DAT002 timeline-out-of-order: a chronology entry dated before the entry above it."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.document import Document
from wikilint.rules.document.chronology import ENTRY_TRIGGERS, chronologies
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule


class TimelineOutOfOrderOptions(BaseModel):
    """Options of DAT002."""

    model_config = ConfigDict(extra="forbid")

    min_entries: int = Field(
        default=3,
        ge=2,
        description="entries a run needs before its order is checked: two paragraphs "
        "that begin with dates are often prose, not a timeline",
    )


class TimelineOutOfOrder(Rule):
    """
    ## What it does
    Reports an entry of a chronology whose date is earlier than the date of
    the entry just before it. A chronology is a run of paragraphs or list
    items, within one section or under one year heading, that each begin with
    a date (`2014年1月3日，`, `1月3日，`, `1月3日至5日`, `On 3 January 2014,`,
    `In January 2014,`, `3 January –`, `January 3:`).

    A date without a year takes the year of the entry before it, of its year
    heading or of the infobox `date`, and rolls over into the next year when
    that is the nearer reading: `12月30日` followed by `1月2日` is in order.
    A yearless date more than three months before the entry above it could
    be either misplaced or in an unmarked new year, so it is not reported;
    nor is anything compared across sections, nor a yearless run with a
    later entry whose year is written, since its year is unknown. Ranges and
    months count as the whole span they name: `1月` after `1月9日` is in order.
    A run of only two dated paragraphs reads as prose rather than as a
    timeline and is not checked (option `min_entries`, default 3).

    ## Why is this bad?
    Readers take a timeline to run forward. An entry out of place, or one
    with a mistyped date, misleads about what happened first.

    ## Example
        == Timeline ==
        On 4 January 2014, the army lost control of Fallujah.

        On 9 January 2014, clashes broke out in Al-bubali.

        On 7 January 2014, missile strikes killed 25 militants.

    Use instead:
        == Timeline ==
        On 4 January 2014, the army lost control of Fallujah.

        On 7 January 2014, missile strikes killed 25 militants.

        On 9 January 2014, clashes broke out in Al-bubali.
    """

    code = "DAT002"
    name = "timeline-out-of-order"
    summary = "A chronology entry dated earlier than the entry before it"
    severity = Severity.WARNING
    costly_test = True
    triggers = ENTRY_TRIGGERS

    def may_find(self, doc: Document) -> bool:
        """Only where two lines may begin with a date (a chronology is read nowhere else)."""
        return doc.facts.date_led_lines >= 2

    Options = TimelineOutOfOrderOptions
    options: TimelineOutOfOrderOptions

    def check(self, doc: Document) -> Iterator[Finding]:
        for chronology in doc.derived(chronologies):
            if len(chronology.entries) < self.options.min_entries:
                continue
            for previous, entry in zip(chronology.entries, chronology.entries[1:]):
                if not entry.earlier_than(previous):
                    continue
                written = entry.written
                previous_line = previous.line(doc)
                as_written = entry.as_written(doc)
                previous_written = previous.as_written(doc)
                yield self.finding(
                    doc,
                    written.start,
                    written.end,
                    self.message("earlier", date=as_written, previous=previous_written, line=previous_line),
                    suggestion=self.message("fix"),
                    evidence={
                        "date": entry.label(),
                        "date_written": as_written,
                        "year_source": entry.year_source,
                        "previous_line": previous_line,
                        "previous_date": previous.label(),
                        "previous_date_written": previous_written,
                        "days_earlier": (previous.first - entry.last).days,
                        "section": chronology.section.title,
                    },
                )
