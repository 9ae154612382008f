"""DAT001 duplicate-date: two entries of one chronology begin with the same date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from wikilint.rules.document import Document
from wikilint.rules.document.chronology import ENTRY_TRIGGERS, ChronologyEntry, chronologies
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule


class DuplicateDate(Rule):
    """
    ## What it does
    Reports an entry of a chronology that begins with the same date as an
    earlier entry of the same chronology. A chronology is a run of paragraphs
    or list items, within one section or under one year heading, that each
    begin with a date: `2014年1月3日，`, `1月3日，`, `1月3日至5日`, `1月3日：`,
    `On 3 January 2014,`, `On January 3,`, `In January 2014,`, `3 January –`,
    `January 3:`.
    A date without a year takes the year of the entry before it, of its year
    heading or of the infobox `date`.

    The later entry is reported, naming the line of the earlier one. Only
    entries that each name a single day count: two entries of one month
    (`2014年1月，`) or a range and a day are not duplicates, nor are entries
    in different sections, nor a date that merely occurs inside a sentence.
    In a list, consecutive items with one date are several events of one day
    and are fine (`* 10月1日：甲縣與乙縣合併` then `* 10月1日：丁鎮改設街道`);
    a list item that repeats the date of an earlier item further up is
    reported.

    ## Why is this bad?
    A timeline gives each day one entry. Two entries with one date usually
    mean that one of them carries the wrong date (often the date of the source
    rather than of the event), or that the two should be merged into one.

    ## Example
        == 衝突過程 ==
        1月8日，ISIL控制了庫瑪。

        1月9日，政府軍於布巴里與ISIL爆發戰鬥。

        1月9日，ISIL再度和政府軍於布巴里發生衝突。

    Use instead:
        == 衝突過程 ==
        1月8日，ISIL控制了庫瑪。

        1月9日，政府軍於布巴里與ISIL爆發戰鬥。

        1月10日，ISIL再度和政府軍於布巴里發生衝突。
    """

    code = "DAT001"
    name = "duplicate-date"
    summary = "Two entries of one chronology begin with the same date"
    severity = Severity.WARNING
    costly_test = True
    triggers = ENTRY_TRIGGERS

    def may_find(self, doc: Document) -> bool:
        """Only where two lines may begin with a date (a chronology is read nowhere else)."""
        return doc.facts.date_led_lines >= 2

    def check(self, doc: Document) -> Iterator[Finding]:
        for chronology in doc.derived(chronologies):
            entries = chronology.entries
            # The first entry of each day, by day: one look-up per entry.
            first_of_day: dict[tuple[int, date], ChronologyEntry] = {}
            for index, entry in enumerate(entries):
                if not entry.is_day:
                    continue
                earlier = first_of_day.setdefault((entry.frame, entry.first), entry)
                if earlier is entry:
                    continue
                if entry.block.kind == "list_item" and entries[index - 1].same_date_as(entry):
                    continue  # consecutive list items: several events of one day
                written = entry.written
                earlier_line = earlier.line(doc)
                as_written = entry.as_written(doc)
                yield self.finding(
                    doc,
                    written.start,
                    written.end,
                    self.message("repeated", date=as_written, line=earlier_line),
                    suggestion=self.message("fix"),
                    evidence={
                        "date": entry.label(),
                        "date_written": as_written,
                        "year_source": entry.year_source,
                        "earlier_line": earlier_line,
                        "earlier_date_written": earlier.as_written(doc),
                        "section": chronology.section.title,
                    },
                )
