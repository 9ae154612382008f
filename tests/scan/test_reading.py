"""Reading dumps: formats, encodings, partitions, truncated and broken XML."""

from __future__ import annotations

import bz2
import random

import pytest

from wikilint.bot.scan.pages import PageProblem, PageRecord, parse_chunk
from wikilint.bot.scan.partition import partition_pages, plan_dump
from wikilint.bot.scan.source import DumpError, PageChunker, clean_header
from scan_dumps import Page, articles, header, page_xml, write_dump, write_multistream, xml_text
from support import CORPUS

LAYOUTS = ["plain", "bz2", "multistream", "xz", "gz", "utf16", "utf16.bz2"]


def read_all(path, **plan_options):
    plan = plan_dump(path, **plan_options)
    records = []
    partitions = list(plan.partitions())
    for partition in partitions:
        records.extend(partition_pages(plan.header, partition, chunk_bytes=512))
    return plan, partitions, records


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_the_same_pages(tmp_path, layout):
    pages = articles(25) + [Page(99, "Ünïcödé 漢字 & <co>", "TODO 漢字 — “quoted” & <b>bold</b>")]
    path = write_dump(tmp_path / f"dump-{layout}.xml", pages, layout)
    plan, _, records = read_all(path, partition_bytes=1)
    assert plan.siteinfo.dbname == "enwiki"
    assert plan.siteinfo.site == "https://en.wikipedia.org"
    assert [(r.page_id, r.title, r.text) for r in records] == [(p.page_id, p.title, p.text) for p in pages]
    assert all(isinstance(r, PageRecord) and r.revision_id == r.page_id * 10 for r in records)


def test_plans_split_seekable_dumps_and_stream_the_rest(tmp_path):
    pages = articles(30)
    expected = {"plain": "xml-range", "multistream": "bz2-streams", "bz2": "stream", "xz": "stream",
                "gz": "stream", "utf16": "stream"}
    for layout, kind in expected.items():
        plan, partitions, records = read_all(write_dump(tmp_path / f"d-{layout}", pages, layout),
                                             partition_bytes=1)
        assert plan.kind == kind, layout
        assert len(partitions) == (1 if kind == "stream" else len(pages) // (3 if layout == "multistream" else 1)), layout
        assert len(records) == len(pages)
        # partitions tile the file: each starts where the previous ended
        assert all(a.end == b.start for a, b in zip(partitions, partitions[1:]))


def test_multistream_index_gives_the_same_partitions(tmp_path):
    pages = articles(20)
    with_index = write_multistream(tmp_path / "a-pages-articles-multistream.xml.bz2", pages,
                                   per_stream=2, index=True)
    without = write_multistream(tmp_path / "b-pages-articles-multistream.xml.bz2", pages, per_stream=2)
    assert (tmp_path / "a-pages-articles-multistream-index.txt.bz2").is_file()
    a = [(p.start, p.end) for p in plan_dump(with_index, partition_bytes=1).partitions()]
    b = [(p.start, p.end) for p in plan_dump(without, partition_bytes=1).partitions()]
    assert a == b and len(a) == 10


def test_chunks_do_not_depend_on_block_sizes():
    data = xml_text(articles(40)).encode()
    chunkings = set()
    for block in (7, 100, 4096, len(data)):
        blocks = (data[i:i + block] for i in range(0, len(data), block))
        chunker = PageChunker(blocks, 700)
        chunks = list(chunker)
        assert chunker.header + b"".join(chunks) == data
        chunkings.add(tuple(chunks))
    assert len(chunkings) == 1
    assert len(next(iter(chunkings))) > 5


def test_dump_cut_mid_page_keeps_the_pages_before(tmp_path):
    data = xml_text(articles(10)).encode()
    cut = data.find(b"TODO number 0 on page 7")  # inside page 7's text
    path = tmp_path / "cut.xml"
    path.write_bytes(data[:cut])
    _, _, records = read_all(path)
    assert [r.page_id for r in records if isinstance(r, PageRecord)] == list(range(1, 7))
    problem = records[-1]
    assert isinstance(problem, PageProblem) and problem.kind == "truncated"
    assert problem.title == "Article 7" and problem.page_id == 7


def test_truncated_compressed_file_keeps_the_pages_before(tmp_path):
    pages = [Page(n, f"P{n}", "".join(random.Random(n).choices("abcdefgh TODO", k=20000)))
             for n in range(1, 30)]
    data = bz2.compress(xml_text(pages).encode(), compresslevel=1)  # 100 kB blocks
    path = tmp_path / "cut.xml.bz2"
    path.write_bytes(data[: len(data) * 2 // 3])
    _, _, records = read_all(path)
    good = [r for r in records if isinstance(r, PageRecord)]
    assert 5 < len(good) < len(pages)
    assert [r.page_id for r in good] == list(range(1, len(good) + 1))
    assert records[-1].kind == "read-error" and "ends early" in records[-1].message


def test_broken_page_is_skipped_and_the_others_kept():
    pages = articles(6)
    body = "".join(page_xml(p) for p in pages)
    body = body.replace("<title>Article 3</title>", "<title>Article 3</titel>")
    body = body.replace("<id>50</id>", "<id>50</id><bogus>")  # page 5: an unclosed element
    records = list(parse_chunk(clean_header(header().encode()), body.encode()))
    assert [r.ordinal for r in records] == list(range(6))
    assert [type(r).__name__ for r in records] == ["PageRecord", "PageRecord", "PageProblem",
                                                   "PageRecord", "PageProblem", "PageRecord"]
    assert records[2].kind == "xml-error" and records[2].page_id == 3
    assert records[4].page_id == 5


def test_dump_without_siteinfo_and_with_xml_declaration(tmp_path):
    text = "<?xml version='1.0' encoding='UTF-8'?>\n" + xml_text(articles(3), siteinfo=False)
    path = tmp_path / "bare.xml"
    path.write_text(text, "utf-8")
    plan, _, records = read_all(path)
    assert plan.siteinfo.dbname is None and plan.siteinfo.language == "en"
    assert len(records) == 3


@pytest.mark.parametrize("content", [b"", b"hello, world\n", b"<html><body>no</body></html>"])
def test_not_a_dump(tmp_path, content):
    path = tmp_path / "x.xml"
    path.write_bytes(content)
    with pytest.raises(DumpError):
        plan_dump(path)


def test_missing_file(tmp_path):
    with pytest.raises(DumpError, match="cannot read"):
        plan_dump(tmp_path / "missing.xml.bz2")


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "dumps").is_dir(), reason="shared corpus not present")
def test_shared_corpus_dumps():
    """Page counts of the shared dumps (PROVENANCE.md), UTF-16 and truncated ones included."""
    expected = {"gensim_bgwiki-latest-pages-articles-shortened.xml.bz2": (3, 0),
                "ssvb_jawiki-20230501-truncated-100k.xml.xz": (238, 1),
                "zulko_enwiki-20250201_tiny_dump.xml.bz2": (70, 0),
                "pywikibot_article-pear-0.10.xml": (1, 0)}
    for name, (pages, truncated) in expected.items():
        plan, _, records = read_all(CORPUS / "dumps" / name)
        assert sum(isinstance(r, PageRecord) for r in records) == pages, name
        assert sum(isinstance(r, PageProblem) for r in records) == truncated, name
    bg = read_all(CORPUS / "dumps" / "gensim_bgwiki-latest-pages-articles-shortened.xml.bz2")
    assert bg[0].encoding == "utf-16" and bg[0].siteinfo.dbname == "bgwiki"
