"""Reading a dump file: compression, text encoding, and chunks of whole pages.

A dump is read as a stream of UTF-8 byte blocks whatever its compression
(detected from the first bytes, not the file name) or encoding (a UTF-16 dump
is transcoded on the fly), then cut into *chunks*: runs of complete
``<page>…</page>`` elements of about ``chunk_bytes`` each. Cutting happens on
the literal ``<page>`` and ``</page>`` tags, which can occur nowhere else in a
MediaWiki dump (page text is escaped), so chunks are a cheap unit of work;
the XML itself is always parsed by mwxml (:mod:`wikilint.bot.scan.pages`).

A stream that ends early (a dump cut mid-page, a truncated or corrupt
compressed file, bytes that are not in the declared encoding) is not an
exception here: reading stops, everything before is kept, and the problem is
left in :attr:`DumpStream.problem` for the caller to report.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

BLOCK_BYTES = 1 << 20
PAGE_OPEN = b"<page>"
PAGE_CLOSE = b"</page>"
FOOTER = b"</mediawiki>\n"

_MAGIC = ((b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"), (b"\x1f\x8b", "gz"))
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>\s*")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
#: What a broken compressed stream raises (EOFError: it ends early).
READ_ERRORS = (EOFError, OSError, lzma.LZMAError, zlib.error, UnicodeDecodeError)


class DumpError(Exception):
    """A file that cannot be read as a MediaWiki XML dump at all."""


def detect_compression(path: str | Path) -> str:
    """``bz2``, ``xz``, ``gz`` or ``plain``, from the file's first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(6)
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return "plain"


def decompressing(raw: io.BufferedReader, compression: str) -> io.BufferedIOBase:
    """A reader of the uncompressed bytes of ``raw`` (multistream bz2 included)."""
    if compression == "bz2":
        return bz2.BZ2File(raw)
    if compression == "xz":
        return lzma.LZMAFile(raw)
    if compression == "gz":
        return gzip.GzipFile(fileobj=raw)
    return raw


def sniff_encoding(head: bytes) -> str:
    """The text encoding of an XML document from its first bytes (``utf-8`` by default)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"  # the BOM is dropped with the XML declaration
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    declared = _DECLARED_ENCODING.match(head)
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            if codecs.lookup(name).name != "utf-8":
                return name
        except LookupError:
            pass
    return "utf-8"


class DumpStream:
    """One dump file read as UTF-8 blocks, with the compressed position for progress."""

    def __init__(self, path: str | Path, *, block_bytes: int = BLOCK_BYTES) -> None:
        self.path = Path(path)
        try:
            self.size = self.path.stat().st_size
            if self.path.is_dir():
                raise DumpError(f"{self.path}: is a directory")
            self.compression = detect_compression(self.path)
            self._raw = open(self.path, "rb")
        except OSError as error:
            raise DumpError(f"{self.path}: cannot read: {error.strerror or error}") from None
        self._stream = decompressing(self._raw, self.compression)
        self.block_bytes = block_bytes
        self.encoding = "utf-8"
        self.problem: str | None = None
        self.xml_bytes = 0

    def position(self) -> int:
        """Bytes of the (compressed) file consumed so far."""
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return self.size

    def close(self) -> None:
        self._stream.close()
        self._raw.close()

    def __enter__(self) -> DumpStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, size: int) -> bytes:
        """Up to ``size`` bytes; on bad data, what came before it (small reads lose little)."""
        parts, got = [], 0
        while got < size and self.problem is None:
            try:
                piece = self._stream.read1(size - got)
            except READ_ERRORS as error:
                self.problem = describe_read_error(error, self.compression)
                break
            if not piece:
                break
            parts.append(piece)
            got += len(piece)
        return b"".join(parts)

    def blocks(self) -> Iterator[bytes]:
        """The dump's content as UTF-8 blocks; stops early (setting :attr:`problem`) on bad data."""
        head = self._read(self.block_bytes)
        self.encoding = sniff_encoding(head)
        if self.encoding == "utf-8":
            block = head
            while block:
                self.xml_bytes += len(block)
                yield block
                block = self._read(self.block_bytes)
            return
        decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        block, final = head, False
        while True:
            try:
                text = decoder.decode(block, final=final)
            except UnicodeDecodeError as error:
                self.problem = f"bytes not valid {self.encoding} at block offset {error.start}"
                return
            if text:
                data = text.encode("utf-8")
                self.xml_bytes += len(data)
                yield data
            if final:
                return
            block = self._read(self.block_bytes)
            final = not block


def describe_read_error(error: BaseException, compression: str) -> str:
    if isinstance(error, EOFError):
        return f"{compression} data ends early (file truncated)"
    if isinstance(error, UnicodeDecodeError):
        return f"text is not valid {error.encoding}"
    return f"{compression} data is corrupt: {error}"


class PageChunker:
    """Cuts a stream of UTF-8 blocks into the header and chunks of whole pages.

    :attr:`header` is everything before the first ``<page>``. Each chunk
    starts at a ``<page>`` and ends just after the first ``</page>`` that
    ends at least ``chunk_bytes`` into it, so chunks do not depend on how the
    blocks were sized. The last chunk is whatever remains (it may hold a page
    cut short and the closing ``</mediawiki>``).
    """

    def __init__(self, blocks: Iterator[bytes], chunk_bytes: int) -> None:
        self._blocks = iter(blocks)
        self._buffer = bytearray()
        self._eof = False
        self.chunk_bytes = chunk_bytes
        self.header = self._read_header()

    def _fill(self) -> bool:
        if self._eof:
            return False
        block = next(self._blocks, None)
        if block is None:
            self._eof = True
            return False
        self._buffer += block
        return True

    def _read_header(self) -> bytes:
        searched = 0
        while True:
            found = self._buffer.find(PAGE_OPEN, searched)
            if found >= 0:
                header = bytes(self._buffer[:found])
                del self._buffer[:found]
                return header
            searched = max(0, len(self._buffer) - len(PAGE_OPEN))
            if not self._fill():
                header = bytes(self._buffer)
                self._buffer.clear()
                return header

    def __iter__(self) -> Iterator[bytes]:
        buffer = self._buffer
        while True:
            searched = max(0, self.chunk_bytes - len(PAGE_CLOSE))
            while True:
                end = buffer.find(PAGE_CLOSE, searched)
                if end >= 0:
                    break
                searched = max(searched, len(buffer) - len(PAGE_CLOSE))
                if not self._fill():
                    break
            if end < 0:  # end of stream: the rest, if it holds anything
                if buffer.strip():
                    yield bytes(buffer)
                buffer.clear()
                return
            cut = end + len(PAGE_CLOSE)
            yield bytes(buffer[:cut])
            del buffer[:cut]


def clean_header(header: bytes) -> bytes:
    """The dump header as mwxml can read it in UTF-8.

    Drops the XML declaration (the bytes are UTF-8 now, whatever it said) and
    adds an empty ``<siteinfo>`` when the dump has none (mwxml requires one).
    Raises :class:`DumpError` when there is no ``<mediawiki>`` root.
    """
    header = header.removeprefix(codecs.BOM_UTF8)
    header = _XML_DECLARATION.sub(b"", header, count=1).lstrip()
    if not header.startswith(b"<mediawiki"):
        raise DumpError("not a MediaWiki XML dump (no <mediawiki> root element)")
    root_end = header.find(b">")
    if root_end < 0:
        raise DumpError("not a MediaWiki XML dump (the <mediawiki> element is cut)")
    if b"<siteinfo" not in header:
        header = header[: root_end + 1] + b"\n<siteinfo></siteinfo>\n" + header[root_end + 1 :]
    if b"</siteinfo>" not in header:
        raise DumpError("the dump's <siteinfo> is cut or broken")
    return header


def file_identity(path: str | Path) -> dict[str, object]:
    """What identifies a dump file for ``--resume``: path, size, modification time."""
    stat = os.stat(path)
    return {"path": str(Path(path).resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
