"""The dates a citation template states, read once for DAT003 and DAT005.

Parameter names as the citation templates of both wikis accept them
(``access-date``/``accessdate``/``訪問日期``…); values are read with
:func:`wikilint.rules.text.dates.parse_date` after comments are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from wikilint.rules.document import Document, TemplateRef
from wikilint.rules.text.dates import PartialDate, parse_date

PUBLICATION = ("date", "publication-date", "publicationdate", "日期", "出版日期")
ACCESS = ("access-date", "accessdate", "access_date", "訪問日期", "访问日期", "查閱日期", "查阅日期")
ARCHIVE_DATE = ("archive-date", "archivedate", "archive_date", "存檔日期", "存档日期")
ARCHIVE_URL = ("archive-url", "archiveurl", "archive_url", "存檔網址", "存档网址")

_COMMENT = regex.compile(r"<!--.*?(?:-->|$)", regex.DOTALL)


@dataclass(frozen=True, slots=True)
class CitationDates:
    """One citation template and the dates it states (None when absent or
    not a date)."""

    template: TemplateRef
    published: PartialDate | None
    accessed: PartialDate | None
    archived: PartialDate | None
    url: str
    archive_url: str


def value(template: TemplateRef, names: tuple[str, ...]) -> str:
    """The parameter's value without comments, or ``""``."""
    found = template.param(*names)
    if not found:
        return ""
    return _COMMENT.sub("", found).strip() if "<!--" in found else found


def date_of(template: TemplateRef, names: tuple[str, ...]) -> PartialDate | None:
    written = value(template, names)
    return parse_date(written) if written else None


def citation_dates(doc: Document) -> list[CitationDates]:
    """Every citation template of the page with its dates, in source order
    (templates in comments and other disabled regions left out)."""
    found = []
    for template in doc.templates_in("citation-template"):
        if doc.is_disabled(template.start):
            continue
        found.append(
            CitationDates(
                template,
                date_of(template, PUBLICATION),
                date_of(template, ACCESS),
                date_of(template, ARCHIVE_DATE),
                value(template, ("url", "網址", "网址")),
                value(template, ARCHIVE_URL),
            )
        )
    return found
