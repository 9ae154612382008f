"""The pages the Spark tests lint (real wikitext from the repository, plus edge cases)
and the dumps they are written to."""

from __future__ import annotations

import lzma
from pathlib import Path

from wikilint.bot.engine import detect_wiki
from scan_dumps import Page, write_dump, write_multistream, xml_text

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[tuple[str, str]]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("*/*.wiki"))
    return [(f"{path.parent.name} {path.stem}", path.read_text("utf-8")) for path in files]


def wiki_pages() -> dict[str, list[Page]]:
    """``zhwiki`` and ``enwiki`` pages: articles, then what a scan must skip or survive
    (the texts of other wikis are left out)."""
    pages: dict[str, list[Page]] = {"zhwiki": [], "enwiki": []}
    for title, text in _texts():
        wiki = detect_wiki(text)
        if wiki not in pages:
            continue
        pages[wiki].append(Page(len(pages[wiki]) * 3 + 10, title, text))
    for wiki, redirect_word in (("zhwiki", "重定向"), ("enwiki", "REDIRECT")):
        start = 100_000
        pages[wiki] += [
            Page(start + 1, "Old name", f"#{redirect_word} [[{pages[wiki][0].title}]]",
                 redirect=pages[wiki][0].title),
            Page(start + 2, "Another old name", f"#{redirect_word} [[{pages[wiki][1].title}]]"),
            Page(start + 3, "Talk:Old name", "<ref>http://example.org/talk</ref> TODO", namespace=1),
            Page(start + 4, "Template:Box", "{{citation needed}} <ref>http://example.org/</ref>",
                 namespace=10),
            Page(start + 5, "Styles.css", "body { color: red; } /* http://example.org/ */",
                 model="css"),
            Page(start + 6, "Empty page", ""),
            Page(start + 7, "Line separators", "A claim.{{citation needed|date=May 2017|"
                 "reason=one\u2028two\x85three}} <ref>http://example.org/\u2028</ref>"),
        ]
    return pages


def marked_pages(markers: list[str]) -> list[Page]:
    """English pages with one marker page after every two articles."""
    articles = wiki_pages()["enwiki"][:8]
    pages = []
    for index, article in enumerate(articles):
        pages.append(article)
        if index % 2 == 1 and markers:
            marker = markers.pop(0)
            pages.append(Page(200_000 + index, f"Page with {marker}", f"Text. {marker}\n"
                              "<ref>http://example.org/marked</ref>"))
    return pages


# -- dump files (written with the scan tests' writer) ---------------------------------------

def _site(wiki: str) -> dict[str, str]:
    return {"dbname": wiki, "lang": wiki.removesuffix("wiki")}


def dump_file(path: Path, wiki: str, pages: list[Page]) -> Path:
    """A single-stream dump, compressed as its name says (.bz2, .xz, .gz, else plain)."""
    layout = {".bz2": "bz2", ".xz": "xz", ".gz": "gz"}.get(path.suffix, "plain")
    return write_dump(path, pages, layout, **_site(wiki))


def multistream_file(folder: Path, wiki: str, pages: list[Page], *, index: bool = True,
                     per_stream: int = 3) -> Path:
    """Wikimedia's multistream layout, named as Wikimedia names it (so its index is found)."""
    path = folder / f"{wiki}-20240501-pages-articles-multistream.xml.bz2"
    return write_multistream(path, pages, per_stream=per_stream, index=index, **_site(wiki))


def xml_bytes(wiki: str, pages: list[Page]) -> bytes:
    return xml_text(pages, **_site(wiki)).encode("utf-8")


def truncated_file(path: Path, wiki: str, pages: list[Page], *, keep: float = 0.6) -> Path:
    """An xz dump cut in the middle of a page's text, as ``head`` leaves a dump."""
    data = xml_bytes(wiki, pages)
    cut = data.index(b"<text", int(len(data) * keep)) + 40
    path.write_bytes(lzma.compress(data[:cut]))
    return path
