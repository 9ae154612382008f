"""DAT003 citation-date-mismatch: the dates inside one citation contradict each other."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import regex
from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.builtin._citation_dates import CitationDates, citation_dates
from wikilint.rules.document import Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.lexicon import EN_MONTH_NUMBERS

# The archive's own timestamp: web.archive.org/web/20140106031838/…,
# archive.today/20140106031838/…, archive.ph/2014.01.06-031838/….
_ARCHIVE_STAMP = regex.compile(
    r"(?:web\.archive\.org/web|archive\.(?:today|is|ph|fo|li|vn|md))/"
    r"(?:(?P<y>[12][0-9]{3})(?P<m>[01][0-9])(?P<d>[0-3][0-9])[0-9]{0,6}(?![0-9])"
    r"|(?P<y2>[12][0-9]{3})\.(?P<m2>[01][0-9])\.(?P<d2>[0-3][0-9])-[0-9]{6})",
    regex.IGNORECASE,
)
# Unambiguous dates in a URL's path: /2014/01/06/, /2014-01/06/, /2014/Jan-06/,
# /2008/aug/04/, /20150131-title, /2014-01-06/. Each ends a path segment.
_URL_DATE = regex.compile(
    r"/(?P<y>(?:19|20)[0-9]{2})(?:/|-)(?P<m>[01][0-9])(?:/|-)(?P<d>[0-3][0-9])(?=/|$|[?#])"
    r"|/(?P<y>(?:19|20)[0-9]{2})/(?P<mon>[A-Za-z]{3})(?:/|-)(?P<d>[0-3][0-9])(?=/|$|[?#])"
    r"|/(?P<y>(?:19|20)[0-9]{2})(?P<m>[01][0-9])(?P<d>[0-3][0-9])(?=/|-|_|$)",
)
_DOCUMENT = regex.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|txt|zip)(?:$|[?#])", regex.IGNORECASE)
_HOST = regex.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//[^/]+", regex.IGNORECASE)
_ARCHIVE_SLACK_DAYS = 1  # archive stamps are UTC; an editor's day may be local
_ACCESS_SLACK_DAYS = 1  # the reader's day and the publisher's may differ by a time zone
_MONTH_PRECISION_GRACE = 2  # a cover month may follow the access date by two months


class CitationDateMismatchOptions(BaseModel):
    """Options of DAT003."""

    model_config = ConfigDict(extra="forbid")

    max_url_days: int = Field(
        default=31,
        ge=0,
        description="days a news or web citation's publication date may lie from the date in its URL",
    )


class CitationDateMismatch(Rule):
    """
    ## What it does
    Reports a citation whose own dates contradict each other:

    - an access date before the publication date, by more than a day (the
      reader's day and the publisher's may differ by a time zone); a
      publication date of month precision, such as a magazine's cover
      month, may follow the access date by up to two months;
    - an archive date that disagrees with the archive URL's own timestamp
      (`web.archive.org/web/20140106031838/…`, archive.today) by more than a
      day (archive timestamps are in UTC);
    - for news and web citations only (`{{cite news}}`, `{{cite web}}` and
      their aliases), a publication date more than 31 days (option
      `max_url_days`) from an unambiguous date in the URL's path
      (`/2014/01/06/`, `/2014/Jan-06/`, `/2008/aug/04/`, `/20150131-…`).
      Books, journals and reports are left out: their URLs carry upload
      folders (`/20180531/…pdf`), as do links to documents.

    Dates are read in every form the wiki profiles know, in either script.
    Citations inside comments are not read.

    ## Why is this bad?
    A reader checks a claim by its source's date. An access date before
    publication, or a publication date a year away from the date in the
    source's own address, means that one of the dates was mistyped (often
    the year) or copied from another citation, and the citation misleads
    whoever relies on it.

    ## Example
        <ref>{{cite news|title=Ceasefire talks|url=http://example.com/news/2015/01/27/talks|date=2015-07-27|access-date=2015-01-29}}</ref>

    Use instead:
        <ref>{{cite news|title=Ceasefire talks|url=http://example.com/news/2015/01/27/talks|date=2015-01-27|access-date=2015-01-29}}</ref>
    """

    code = "DAT003"
    name = "citation-date-mismatch"
    summary = "A citation's dates contradict each other"
    severity = Severity.WARNING
    template_triggers = ("citation-template",)
    Options = CitationDateMismatchOptions
    options: CitationDateMismatchOptions

    def check(self, doc: Document) -> Iterator[Finding]:
        news_keys = doc.template_keys("news-web-citation")
        for citation in citation_dates(doc):
            yield from self._access_before_publication(doc, citation)
            yield from self._archive_stamp(doc, citation)
            if citation.template.key in news_keys:
                yield from self._url_date(doc, citation)

    def _finding(
        self, doc: Document, citation: CitationDates, kind: str, evidence: dict, **params: object
    ) -> Finding:
        template = citation.template
        return self.finding(
            doc,
            template.start,
            template.end,
            self.message(kind, template=template.name, **params),
            suggestion=self.message(f"{kind}-fix"),
            evidence={"kind": kind, "template": template.name, **evidence},
        )

    def _access_before_publication(self, doc: Document, citation: CitationDates) -> Iterator[Finding]:
        published, accessed = citation.published, citation.accessed
        if published is None or accessed is None or published.precision == "year":
            return
        if not published.in_common_era or not accessed.in_common_era:
            return
        latest_access = accessed.last_day()
        if published.precision == "month":
            assert published.year is not None and published.month is not None  # has_year, precision
            months = (published.year - latest_access.year) * 12 + published.month - latest_access.month
            if months <= _MONTH_PRECISION_GRACE:
                return
        elif (published.first_day() - latest_access).days <= _ACCESS_SLACK_DAYS:
            return
        yield self._finding(
            doc,
            citation,
            "access-before-publication",
            {"published": published.isoformat(), "accessed": accessed.isoformat()},
            published=published.isoformat(),
            accessed=accessed.isoformat(),
        )

    def _archive_stamp(self, doc: Document, citation: CitationDates) -> Iterator[Finding]:
        archived = citation.archived
        if archived is None or archived.precision != "day" or not archived.in_common_era:
            return
        stamp = _ARCHIVE_STAMP.search(citation.archive_url)
        if stamp is None:
            return
        try:
            stamped = date(
                int(stamp["y"] or stamp["y2"]), int(stamp["m"] or stamp["m2"]), int(stamp["d"] or stamp["d2"])
            )
        except ValueError:
            return
        gap = abs((archived.first_day() - stamped).days)
        if gap <= _ARCHIVE_SLACK_DAYS:
            return
        yield self._finding(
            doc,
            citation,
            "archive-date",
            {"archive_date": archived.isoformat(), "archive_stamp": stamped.isoformat(), "days": gap},
            archived=archived.isoformat(),
            stamped=stamped.isoformat(),
        )

    def _url_date(self, doc: Document, citation: CitationDates) -> Iterator[Finding]:
        published = citation.published
        if published is None or published.precision == "year" or not published.in_common_era:
            return
        url = citation.url
        if not url or _DOCUMENT.search(url):
            return
        path = _HOST.sub("", url, count=1)
        in_url = _url_date(path)
        if in_url is None:
            return
        first, last = published.first_day(), published.last_day()
        gap = (first - in_url).days if in_url < first else (in_url - last).days if in_url > last else 0
        if gap <= self.options.max_url_days:
            return
        yield self._finding(
            doc,
            citation,
            "url-date",
            {"published": published.isoformat(), "url_date": in_url.isoformat(), "days": gap, "url": url},
            published=published.isoformat(),
            url_date=in_url.isoformat(),
            days=gap,
        )


def _url_date(path: str) -> date | None:
    """The first unambiguous date in a URL's path, or None."""
    for match in _URL_DATE.finditer(path):
        month = match["m"]
        if match["mon"] is not None:
            number = EN_MONTH_NUMBERS.get(match["mon"].lower())
            if number is None:
                continue
        else:
            number = int(month)
        try:
            return date(int(match["y"]), number, int(match["d"]))
        except ValueError:
            continue
    return None
