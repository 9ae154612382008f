"""Small MediaWiki XML dumps, written in every layout ``wikilint scan`` reads.

Page texts are made up here (a few lines with ``TODO`` markers for the test
rule to find), so the tests need nothing outside the repository.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NAMESPACES = {0: "", 1: "Talk", 10: "Template", 14: "Category"}
FOOTER = "</mediawiki>\n"


@dataclass
class Page:
    page_id: int
    title: str
    text: str
    namespace: int = 0
    redirect: str | None = None
    model: str = "wikitext"


def header(dbname: str = "enwiki", lang: str = "en", siteinfo: bool = True) -> str:
    root = (f'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" '
            f'xml:lang="{lang}">\n')
    if not siteinfo:
        return root
    namespaces = "".join(
        f'<namespace key="{key}" case="first-letter">{name}</namespace>' if name
        else f'<namespace key="{key}" case="first-letter" />' for key, name in NAMESPACES.items())
    return (root + f"  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>{dbname}</dbname>\n"
            f"    <base>https://{lang}.wikipedia.org/wiki/Main_Page</base>\n"
            f"    <generator>MediaWiki 1.42.0</generator>\n    <case>first-letter</case>\n"
            f"    <namespaces>{namespaces}</namespaces>\n  </siteinfo>\n")


def page_xml(page: Page) -> str:
    redirect = f"    <redirect title={quoteattr(page.redirect)} />\n" if page.redirect else ""
    return (f"  <page>\n    <title>{escape(page.title)}</title>\n    <ns>{page.namespace}</ns>\n"
            f"    <id>{page.page_id}</id>\n{redirect}    <revision>\n      <id>{page.page_id * 10}</id>\n"
            f"      <timestamp>2024-05-01T00:00:00Z</timestamp>\n"
            f"      <contributor><username>Example</username><id>1</id></contributor>\n"
            f"      <model>{page.model}</model>\n      <format>text/x-wiki</format>\n"
            f'      <text bytes="{len(page.text.encode())}" xml:space="preserve">{escape(page.text)}</text>\n'
            f"    </revision>\n  </page>\n")


def article(n: int, todos: int | None = None, filler: int = 3) -> str:
    """A made-up article with ``todos`` TODO markers (default: n % 4)."""
    todos = n % 4 if todos is None else todos
    lines = [f"'''Article {n}''' is a page of a test dump.<ref>Source {n}</ref>"]
    lines += [f"Paragraph {i} of article {n}, with [[link {i}]] and {{{{tpl|{i}}}}}." for i in range(filler)]
    lines += [f"TODO number {i} on page {n}." for i in range(todos)]
    lines += ["== References ==", "{{reflist}}"]
    return "\n".join(lines)


def articles(count: int, *, start: int = 1, filler: int = 3) -> list[Page]:
    return [Page(n, f"Article {n}", article(n, filler=filler)) for n in range(start, start + count)]


def xml_text(pages: list[Page], **head) -> str:
    return header(**head) + "".join(page_xml(p) for p in pages) + FOOTER


def write_dump(path: Path, pages: list[Page], layout: str = "plain", **head) -> Path:
    """Write ``pages`` as a dump: plain, bz2, multistream, xz, gz, utf16 or utf16.bz2."""
    text = xml_text(pages, **head)
    data = text.encode("utf-8")
    if layout == "plain":
        path.write_bytes(data)
    elif layout == "bz2":
        path.write_bytes(bz2.compress(data))
    elif layout == "multistream":
        write_multistream(path, pages, **head)
    elif layout == "xz":
        path.write_bytes(lzma.compress(data))
    elif layout == "gz":
        path.write_bytes(gzip.compress(data))
    elif layout == "utf16":
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    elif layout == "utf16.bz2":
        path.write_bytes(bz2.compress(text.encode("utf-16")))
    else:
        raise ValueError(layout)
    return path


def write_multistream(path: Path, pages: list[Page], *, per_stream: int = 3, index: bool = False,
                      **head) -> Path:
    """Wikimedia's layout: a header stream, streams of ``per_stream`` pages, a footer stream."""
    streams = [bz2.compress(header(**head).encode("utf-8"))]
    index_lines = []
    offset = len(streams[0])
    for i in range(0, len(pages), per_stream):
        group = pages[i:i + per_stream]
        for page in group:
            index_lines.append(f"{offset}:{page.page_id}:{page.title}\n")
        streams.append(bz2.compress("".join(page_xml(p) for p in group).encode("utf-8")))
        offset += len(streams[-1])
    streams.append(bz2.compress(FOOTER.encode("utf-8")))
    path.write_bytes(b"".join(streams))
    if index:
        name = path.name.replace("multistream", "multistream-index").removesuffix(".xml.bz2") + ".txt.bz2"
        path.with_name(name).write_bytes(bz2.compress("".join(index_lines).encode("utf-8")))
    return path
