"""Page records from chunks of dump XML, parsed with mwxml.

:func:`parse_chunk` gives one record per ``<page>`` element of a chunk, in
order, each with its *ordinal* (its position among the chunk's pages), so
that a page can be named by ``(partition, ordinal)`` when work is resumed or
retried. A chunk is parsed in one go; when its XML is broken, it is parsed
again one page at a time, so that only the broken page is lost (reported as a
:class:`PageProblem`) and the pages around it are kept. A page cut short at
the end of a truncated dump is a :class:`PageProblem` too.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import mwxml

from wikilint.bot.scan.source import FOOTER, PAGE_CLOSE, PAGE_OPEN, DumpError
from wikilint.rules.profile import redirect_pattern

#: Redirects are flagged by <redirect title=…/>; older dumps only by the text
#: (#REDIRECT, or a redirect word of a wiki profile: #重定向, #転送...).
REDIRECT_TEXT = redirect_pattern()
#: Characters of article text read to tell a dump's script (as much as detection reads).
SAMPLE_CHARS = 20_000
_TITLE = re.compile(rb"<title>([^<]*)")
_PAGE_ID = re.compile(rb"<id>(\d+)</id>")
_XML_LANG = re.compile(rb"""<mediawiki[^>]*\bxml:lang=["']([A-Za-z-]+)["']""")


@dataclass(frozen=True)
class SiteInfo:
    """What a dump says about its wiki (from ``<siteinfo>``)."""

    dbname: str | None = None
    sitename: str | None = None
    base: str | None = None
    language: str | None = None
    namespaces: dict[int, str] = field(default_factory=dict)

    @property
    def site(self) -> str | None:
        """``https://host`` of the wiki, from ``<base>`` or the dbname."""
        if self.base:
            parts = urlsplit(self.base)
            if parts.scheme and parts.netloc:
                return f"{parts.scheme}://{parts.netloc}"
        if self.dbname and self.dbname.endswith("wiki") and len(self.dbname) > 4:
            return f"https://{self.dbname[:-4].replace('_', '-')}.wikipedia.org"
        return None

    def page_url(self, title: str) -> str | None:
        """The page's URL on its wiki, when the wiki is known."""
        site = self.site
        if not site or not title:
            return None
        from urllib.parse import quote

        return f"{site}/wiki/{quote(title.replace(' ', '_'), safe='/:()_,')}"

    def to_dict(self) -> dict:
        return {
            "dbname": self.dbname,
            "sitename": self.sitename,
            "base": self.base,
            "language": self.language,
            "site": self.site,
        }


def read_siteinfo(header: bytes) -> SiteInfo:
    """Parse a (cleaned) dump header. Raises :class:`DumpError`."""
    try:
        dump = mwxml.Dump.from_file(io.BytesIO(header + FOOTER))
    except Exception as error:  # ParseError, MalformedXML...: the header is unusable
        raise DumpError(f"the dump header cannot be parsed: {_one_line(error)}") from None
    info = dump.site_info
    namespaces = {ns.id: ns.name or "" for ns in (info.namespaces or [])}
    lang = _XML_LANG.search(header)
    return SiteInfo(
        dbname=info.dbname,
        sitename=info.name,
        base=info.base,
        language=lang.group(1).decode("ascii") if lang else None,
        namespaces=namespaces,
    )


@dataclass(slots=True)
class PageRecord:
    """One page of a dump, with the text of its last revision."""

    ordinal: int
    page_id: int | None
    namespace: int
    title: str
    redirect: bool
    revision_id: int | None
    text: str
    model: str | None = None


@dataclass(slots=True)
class PageProblem:
    """A page that could not be read (broken XML, cut short...)."""

    ordinal: int
    kind: str
    message: str
    page_id: int | None = None
    title: str | None = None


def _one_line(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:300]


def _record(ordinal: int, page: mwxml.Page) -> PageRecord:
    last = None
    for revision in page:  # a history dump has several; the last is the current one
        last = revision
    text = (last.text if last is not None else None) or ""
    redirect = page.redirect is not None or bool(REDIRECT_TEXT.match(text))
    return PageRecord(
        ordinal,
        page.id,
        page.namespace if page.namespace is not None else 0,
        page.title or "",
        redirect,
        last.id if last is not None else None,
        text,
        getattr(last, "model", None),
    )


def _guess(segment: bytes) -> tuple[int | None, str | None]:
    """Page id and title of a broken page, by a plain search (for the report only)."""
    title = _TITLE.search(segment)
    page_id = _PAGE_ID.search(segment)
    revision = segment.find(b"<revision")
    if page_id and 0 <= revision < page_id.start():
        page_id = None  # that was the revision's id
    return (
        int(page_id.group(1)) if page_id else None,
        html.unescape(title.group(1).decode("utf-8", "replace")) if title else None,
    )


def page_segments(data: bytes) -> list[bytes]:
    """``data`` cut before each ``<page>``; whatever precedes the first is dropped."""
    starts = []
    at = data.find(PAGE_OPEN)
    while at >= 0:
        starts.append(at)
        at = data.find(PAGE_OPEN, at + len(PAGE_OPEN))
    return [data[s:e] for s, e in zip(starts, starts[1:] + [len(data)])]


def _parse_pages(header: bytes, body: bytes) -> Iterator[mwxml.Page]:
    return mwxml.Dump.from_file(io.BytesIO(header + body + FOOTER)).pages


def parse_chunk(header: bytes, chunk: bytes, *, first_ordinal: int = 0) -> Iterator[PageRecord | PageProblem]:
    """One record per ``<page>`` of ``chunk``, in order.

    Ordinals count ``<page>`` tags, so they are the same whether the chunk
    parses whole or page by page.
    """
    last_close = chunk.rfind(PAGE_CLOSE)
    complete = chunk[: last_close + len(PAGE_CLOSE)] if last_close >= 0 else b""
    tail = chunk[last_close + len(PAGE_CLOSE) :] if last_close >= 0 else chunk
    ordinal = first_ordinal
    expected = first_ordinal + complete.count(PAGE_OPEN)
    if complete:
        try:
            for page in _parse_pages(header, complete):
                if ordinal >= expected:
                    break
                yield _record(ordinal, page)
                ordinal += 1
        except Exception:  # broken XML: go page by page from the first page not yet given
            pass
    if ordinal < expected:
        for segment in page_segments(complete)[ordinal - first_ordinal :]:
            yield _parse_one(header, segment, ordinal)
            ordinal += 1
    for segment in page_segments(tail):
        page_id, title = _guess(segment)
        yield PageProblem(ordinal, "truncated", "the dump ends inside this page", page_id, title)
        ordinal += 1


def _parse_one(header: bytes, segment: bytes, ordinal: int) -> PageRecord | PageProblem:
    try:
        pages = list(_parse_pages(header, segment))
        if len(pages) == 1:
            return _record(ordinal, pages[0])
        message = f"expected one page, found {len(pages)}"
    except Exception as error:
        message = _one_line(error)
    page_id, title = _guess(segment)
    return PageProblem(ordinal, "xml-error", f"broken XML: {message}", page_id, title)


def article_sample(header: bytes, chunk: bytes, limit: int = SAMPLE_CHARS) -> str:
    """The text of the first articles of a chunk (namespace 0, no redirects), up to ``limit``."""
    parts: list[str] = []
    size = 0
    for record in parse_chunk(header, chunk):
        if size >= limit:
            break
        if isinstance(record, PageRecord) and record.namespace == 0 and not record.redirect:
            parts.append(record.text[: limit - size])
            size += len(parts[-1]) + 1
    return "\n".join(parts)
