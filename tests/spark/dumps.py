"""Small MediaWiki XML dumps for the Spark tests, in every layout a scan reads.

Pages are built from wikitext in the repository (the seed article and the
rule fixtures), so the tests need nothing outside it.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NAMESPACES = {0: "", 1: "Talk", 2: "User", 4: "Wikipedia", 10: "Template", 14: "Category"}


@dataclass
class Page:
    page_id: int
    title: str
    text: str
    namespace: int = 0
    redirect: str | None = None
    revision_id: int | None = None
    model: str = "wikitext"


def header(dbname: str, lang: str) -> str:
    host = f"{lang}.wikipedia.org"
    namespaces = "".join(
        f'<namespace key="{key}" case="first-letter">{escape(name)}</namespace>' if name
        else f'<namespace key="{key}" case="first-letter" />' for key, name in NAMESPACES.items())
    return (f'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" '
            f'xml:lang="{lang}">\n  <siteinfo>\n    <sitename>Wikipedia</sitename>\n'
            f"    <dbname>{dbname}</dbname>\n    <base>https://{host}/wiki/Main_Page</base>\n"
            f"    <generator>MediaWiki 1.42.0</generator>\n    <case>first-letter</case>\n"
            f"    <namespaces>{namespaces}</namespaces>\n  </siteinfo>\n")


def page_xml(page: Page) -> str:
    redirect = f"    <redirect title={quoteattr(page.redirect)} />\n" if page.redirect else ""
    revision = page.revision_id or page.page_id * 10
    return (f"  <page>\n    <title>{escape(page.title)}</title>\n    <ns>{page.namespace}</ns>\n"
            f"    <id>{page.page_id}</id>\n{redirect}    <revision>\n      <id>{revision}</id>\n"
            f"      <timestamp>2024-05-01T00:00:00Z</timestamp>\n"
            f"      <contributor><username>Example</username><id>1</id></contributor>\n"
            f"      <model>{page.model}</model>\n      <format>text/x-wiki</format>\n"
            f'      <text bytes="{len(page.text.encode())}" xml:space="preserve">{escape(page.text)}</text>\n'
            f"    </revision>\n  </page>\n")


FOOTER = "</mediawiki>\n"


def xml_document(dbname: str, lang: str, pages: list[Page]) -> bytes:
    return (header(dbname, lang) + "".join(page_xml(p) for p in pages) + FOOTER).encode("utf-8")


def write_dump(path: Path, dbname: str, lang: str, pages: list[Page]) -> Path:
    """A single-stream dump, compressed by the file's extension (.bz2, .xz, .gz, else plain)."""
    data = xml_document(dbname, lang, pages)
    if path.suffix == ".bz2":
        data = bz2.compress(data)
    elif path.suffix == ".xz":
        data = lzma.compress(data)
    elif path.suffix == ".gz":
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def write_multistream(directory: Path, dbname: str, lang: str, pages: list[Page], *,
                      pages_per_stream: int = 3, index: bool = True) -> Path:
    """A multistream dump as Wikimedia makes them: a header stream, streams of pages,
    a footer stream, and (optionally) the ``offset:page_id:title`` index beside it."""
    path = directory / f"{dbname}-20240501-pages-articles-multistream.xml.bz2"
    streams = [bz2.compress(header(dbname, lang).encode("utf-8"))]
    lines = []
    offset = len(streams[0])
    for start in range(0, len(pages), pages_per_stream):
        group = pages[start:start + pages_per_stream]
        lines += [f"{offset}:{p.page_id}:{p.title}" for p in group]
        data = bz2.compress("".join(page_xml(p) for p in group).encode("utf-8"))
        streams.append(data)
        offset += len(data)
    streams.append(bz2.compress(FOOTER.encode("utf-8")))
    path.write_bytes(b"".join(streams))
    if index:
        index_path = directory / f"{dbname}-20240501-pages-articles-multistream-index.txt.bz2"
        index_path.write_bytes(bz2.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return path


def write_truncated(path: Path, dbname: str, lang: str, pages: list[Page], *,
                    keep: float = 0.6) -> Path:
    """A dump cut in the middle of a page (as ``head`` leaves it), xz-compressed."""
    data = xml_document(dbname, lang, pages)
    cut = data.index(b"<text", int(len(data) * keep)) + 40
    path.write_bytes(lzma.compress(data[:cut]))
    return path
