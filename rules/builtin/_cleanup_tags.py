"""What the cleanup-tag rules (CIT001-CIT003) share: reading a tag's date.

Maintenance templates carry the date they were added in ``date=``
(``2014年1月``, ``January 2014``, ``2014-01``) or, on zh.wikipedia, in
``time=`` (``2019-01-18T13:38:58+00:00``). Dates are read by the shared
:func:`rules.text.dates.parse_date`; this module only decides which parameter
holds the date and turns it into evidence: the date as written, the month it
means and the tag's age in days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.document import Document, TemplateRef
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
        if self.parsed is not None and self.parsed.year is not None:
            month = f"{self.parsed.year:04d}-{self.parsed.month or 1:02d}"
            age = (as_of - self.parsed.first_day()).days
        return {
            "dated": self.parsed is not None,
            "date_parameter": self.parameter,
            "date_written": self.written,
            "date_parsed": month,
            "age_days": age,
        }

    def describe(self, as_of: date) -> str:
        """``dated 2014年1月 (2014-01, 4000 days ago)``, ``undated``..."""
        if self.written is None:
            return "undated"
        facts = self.evidence(as_of)
        if facts["date_parsed"] is None:
            return f"with an unreadable date {self.written!r}"
        if facts["age_days"] < 0:
            return f"dated {self.written} ({facts['date_parsed']}, a date in the future)"
        return f"dated {self.written} ({facts['date_parsed']}, {facts['age_days']} days ago)"


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
    if positional and template.node.has("1"):
        value = str(template.node.get("1").value).strip()
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
