"""Planning a dump into partitions, and reading one partition's pages.

A :class:`Partition` is a small, picklable description of work — a path and
a byte range — that any process can read on its own, so the same plan serves
worker processes here and Spark executors elsewhere:

- ``bz2-streams``: a range of whole bz2 streams of a *multistream* dump
  (Wikimedia's ``…-multistream.xml.bz2``: a header stream, then streams of
  100 pages each). Cut points come from the dump's index file when it lies
  beside the dump, otherwise from the bz2 stream signature, each one checked
  by decompressing its first block and finding a ``<page>``;
- ``xml-range``: a byte range of an uncompressed UTF-8 dump, cut at ``<page>``;
- ``stream``: the whole file, for what cannot be split without reading it
  (xz, gz, single-stream bz2, UTF-16): it is read front to back; the local
  scan cuts such a stream into chunks in the parent process instead.

:func:`partition_pages` reads a partition back as page records.
"""

from __future__ import annotations

import bz2
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wikilint.bot.scan.pages import (
    PageProblem,
    PageRecord,
    SiteInfo,
    article_sample,
    parse_chunk,
    read_siteinfo,
)
from wikilint.bot.scan.source import (
    BLOCK_BYTES,
    PAGE_OPEN,
    DumpError,
    DumpStream,
    PageChunker,
    clean_header,
    describe_read_error,
)

#: Bytes of XML per chunk handed to mwxml (and per unit of work for streams).
CHUNK_BYTES = 1 << 20
_KIB, _MIB = 1 << 10, 1 << 20
_BZ2_STREAM = re.compile(rb"BZh[1-9]1AY&SY")


@dataclass(frozen=True)
class Partition:
    """A part of a dump that can be read independently of the others."""

    path: str
    kind: str
    index: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass
class DumpPlan:
    """How a dump is read: its header, site information and partitions."""

    path: str
    compression: str
    encoding: str
    kind: str
    size: int
    header: bytes
    siteinfo: SiteInfo
    partition_bytes: int
    _cuts: Iterator[int] | None = field(default=None, repr=False)
    sample: str = field(default="", repr=False)
    """text of the first articles (for telling their script)"""

    def partitions(self) -> Iterator[Partition]:
        """The partitions in dump order (computed lazily for big dumps)."""
        if self.kind == "stream":
            yield Partition(self.path, "stream", 0, 0, self.size)
            return
        cuts = self._cuts if self._cuts is not None else iter(())
        previous = next(cuts, None)
        if previous is None:
            return
        index = 0
        for cut in cuts:
            yield Partition(self.path, self.kind, index, previous, cut)
            previous, index = cut, index + 1
        if previous is not None and previous < self.size:
            yield Partition(self.path, self.kind, index, previous, self.size)


def default_partition_bytes(size: int, kind: str) -> int:
    """Partition size from the file size alone (so a plan is the same on every run)."""
    if kind == "bz2-streams":
        return min(max(size // 64, 64 * _KIB), 16 * _MIB)
    return min(max(size // 64, 256 * _KIB), 64 * _MIB)


def plan_dump(path: str | Path, *, partition_bytes: int | None = None) -> DumpPlan:
    """Read a dump's header and decide how to split it. Raises :class:`DumpError`."""
    path = str(path)
    with DumpStream(path) as stream:
        chunker = PageChunker(stream.blocks(), CHUNK_BYTES)
        raw_header = chunker.header
        first_chunk = next(iter(chunker), b"")
        compression, encoding, size = stream.compression, stream.encoding, stream.size
        if not raw_header.strip() and stream.problem:
            raise DumpError(f"{path}: {stream.problem}")
    header = clean_header(raw_header)
    siteinfo = read_siteinfo(header)
    kind, cuts = "stream", None
    if compression == "bz2":
        layout = _multistream_layout(path, size)
        if layout is not None:
            kind = "bz2-streams"
            target = partition_bytes or default_partition_bytes(size, kind)
            cuts = _bz2_cuts(path, layout, size, target)
    elif compression == "plain" and encoding == "utf-8":
        kind = "xml-range"
        target = partition_bytes or default_partition_bytes(size, kind)
        cuts = _xml_cuts(path, size, target)
    if kind == "stream":
        target = size
    return DumpPlan(
        path,
        compression,
        encoding,
        kind,
        size,
        header,
        siteinfo,
        target,
        cuts,
        sample=article_sample(header, first_chunk),
    )


# -- multistream bz2 ----------------------------------------------------------


def _multistream_layout(path: str, size: int) -> int | None:
    """End of the first bz2 stream if it holds only the header, else ``None``."""
    decompressor = bz2.BZ2Decompressor()
    out = bytearray()
    with open(path, "rb") as handle:
        while not decompressor.eof:
            data = handle.read(64 * _KIB)
            if not data:
                return None
            try:
                out += decompressor.decompress(data)
            except OSError:
                return None
            if PAGE_OPEN in out or len(out) > 16 * _MIB:
                return None  # pages in the first stream: not split into streams
        first_end = handle.tell() - len(decompressor.unused_data)
    return first_end if first_end < size else None


def _index_path(path: str) -> Path | None:
    name = Path(path).name
    if "multistream" not in name or not name.endswith(".xml.bz2"):
        return None
    candidate = Path(path).with_name(
        name.replace("multistream", "multistream-index", 1)[: -len(".xml.bz2")] + ".txt.bz2"
    )
    return candidate if candidate.is_file() else None


def _bz2_cuts(path: str, first_end: int, size: int, target: int) -> Iterator[int]:
    index = _index_path(path)
    if index is not None:
        try:
            yield from _cuts_from_index(index, first_end, size, target)
            return
        except (OSError, EOFError, ValueError):
            pass  # a broken index: fall back to the stream signature
    yield first_end
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        position = first_end + target
        while position < size:
            cut = _next_page_stream(data, position, size)
            if cut is None:
                return
            yield cut
            position = cut + target


def _cuts_from_index(index: Path, first_end: int, size: int, target: int) -> Iterator[int]:
    offsets = []
    with bz2.open(index, "rt", encoding="utf-8", errors="replace") as lines:
        last = -1
        for line in lines:
            offset = int(line.split(":", 1)[0])
            if offset != last:
                offsets.append(offset)
                last = offset
    yield first_end
    position = first_end + target
    for offset in offsets:
        if offset >= position and offset < size:
            yield offset
            position = offset + target


def _next_page_stream(data: mmap.mmap, position: int, size: int) -> int | None:
    """Offset of the first bz2 stream at or after ``position`` that starts with a page."""
    for match in _BZ2_STREAM.finditer(data, position):
        start = match.start()
        decompressor = bz2.BZ2Decompressor()
        out = b""
        try:
            for piece in range(start, min(size, start + 4 * _MIB), 256 * _KIB):
                out += decompressor.decompress(data[piece : piece + 256 * _KIB], max_length=64)
                if out or decompressor.eof:
                    break
        except (OSError, EOFError):
            continue  # the signature by chance inside compressed data
        if out.lstrip().startswith(PAGE_OPEN):
            return start
    return None


# -- plain XML -------------------------------------------------------------------


def _xml_cuts(path: str, size: int, target: int) -> Iterator[int]:
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        first = data.find(PAGE_OPEN)
        if first < 0:
            return
        yield first
        position = first + target
        while position < size:
            cut = data.find(PAGE_OPEN, position)
            if cut < 0:
                return
            yield cut
            position = cut + target


# -- reading a partition ----------------------------------------------------------


@dataclass
class ReadState:
    """What reading a partition ran into, and how much XML it read."""

    problem: str | None = None
    xml_bytes: int = 0


def _range_blocks(path: str, start: int, end: int, state: ReadState) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = end - start
        while remaining > 0:
            block = handle.read(min(BLOCK_BYTES, remaining))
            if not block:
                state.problem = "file shorter than planned"
                return
            remaining -= len(block)
            yield block


def _bz2_stream_blocks(path: str, start: int, end: int, state: ReadState) -> Iterator[bytes]:
    decompressor, started = bz2.BZ2Decompressor(), False
    for data in _range_blocks(path, start, end, state):
        while data:
            started = True
            try:
                out = decompressor.decompress(data)
            except (OSError, EOFError) as error:
                state.problem = describe_read_error(error, "bz2")
                return
            if out:
                yield out
            if decompressor.eof:  # next stream
                data, decompressor, started = decompressor.unused_data, bz2.BZ2Decompressor(), False
            else:
                data = b""
    if started and not decompressor.eof and not state.problem:
        state.problem = describe_read_error(EOFError(), "bz2")


def partition_chunks(
    partition: Partition, *, chunk_bytes: int = CHUNK_BYTES, state: ReadState | None = None
) -> Iterator[bytes]:
    """The partition's XML as chunks of whole pages (see :class:`PageChunker`)."""
    state = state if state is not None else ReadState()
    if partition.kind == "stream":
        stream = DumpStream(partition.path)
        try:
            chunker = PageChunker(stream.blocks(), chunk_bytes)
            for chunk in chunker:
                yield chunk
            state.problem = stream.problem
            state.xml_bytes = stream.xml_bytes
        finally:
            stream.close()
        return
    if partition.kind == "bz2-streams":
        blocks = _bz2_stream_blocks(partition.path, partition.start, partition.end, state)
    elif partition.kind == "xml-range":
        blocks = _range_blocks(partition.path, partition.start, partition.end, state)
    else:
        raise ValueError(f"unknown partition kind {partition.kind!r}")

    def counted() -> Iterator[bytes]:
        for block in blocks:
            state.xml_bytes += len(block)
            yield block

    chunker = PageChunker(counted(), chunk_bytes)
    if chunker.header.strip():  # a partition starts at a page: anything else is not ours
        state.problem = state.problem or "partition does not start at a <page>"
    yield from chunker


def partition_pages(
    header: bytes, partition: Partition, *, chunk_bytes: int = CHUNK_BYTES, state: ReadState | None = None
) -> Iterator[PageRecord | PageProblem]:
    """Every page record of a partition, in order, ordinals counted from 0.

    A read problem (truncated or corrupt compressed data) ends the partition
    with one more :class:`PageProblem` of kind ``read-error``.
    """
    state = state if state is not None else ReadState()
    ordinal = 0
    for chunk in partition_chunks(partition, chunk_bytes=chunk_bytes, state=state):
        for record in parse_chunk(header, chunk, first_ordinal=ordinal):
            ordinal = record.ordinal + 1
            yield record
    if state.problem:
        yield PageProblem(ordinal, "read-error", state.problem)
