"""Reading wikitext from files and stdin, with one clear error per bad input.

:func:`clean_wikitext` is the one gate every text passes on its way to the
rules, whatever brought it (a file, stdin, a dump, a Spark row, a live wiki):
the engine calls it on every page.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from dataclasses import dataclass


class InputError(Exception):
    """An input that cannot be linted; the message is one line for people."""


@dataclass(frozen=True)
class Source:
    path: str
    text: str


#: What MediaWiki replaces with U+FFFD when it stores a text (UtfNormal's
#: ``Validator::cleanUp``): C0 controls other than tab, newline and carriage
#: return, and the noncharacters U+FFFE and U+FFFF; lone surrogates, which no
#: UTF-8 text can hold, go the same way.
NEVER_STORED = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_LINE_BREAK = re.compile("\r\n?")


@dataclass(frozen=True)
class CleanText:
    """A text as MediaWiki would store it, and what was changed to get there."""

    text: str
    replaced: int = 0
    """characters MediaWiki never stores, replaced with U+FFFD"""
    first: tuple[int, int, str] | None = None
    """``(line, column, character)`` of the first one replaced"""

    @property
    def warning(self) -> str | None:
        """One line for people, or None when nothing was replaced."""
        if not self.replaced or self.first is None:
            return None
        line, column, char = self.first
        return (
            f"{self.replaced} character{'s' if self.replaced > 1 else ''} that MediaWiki "
            f"never stores (the first U+{ord(char):04X} at line {line}, column {column}) "
            f"replaced with U+FFFD, as MediaWiki does on saving"
        )


def clean_wikitext(text: str) -> CleanText:
    """The text as MediaWiki stores it: line breaks normalised (``\\r\\n`` and
    ``\\r`` become ``\\n``, as ``TextContent::normalizeLineEndings``) and the
    characters it never stores replaced with U+FFFD (as ``Validator::cleanUp``).

    A NUL is refused (:class:`InputError`): the parser would silently stop
    reading there, and real wikitext never holds one, so it marks binary or
    corrupt data, not a page.
    """
    if "\r" in text:
        text = _LINE_BREAK.sub("\n", text)
    nul = text.find("\x00")
    if nul != -1:
        line, column = _position(text, nul)
        raise InputError(
            f"binary data, not wikitext: a NUL character at line {line}, "
            f"column {column} (MediaWiki never stores one)"
        )
    first = NEVER_STORED.search(text)
    if first is None:
        return CleanText(text)
    cleaned, replaced = NEVER_STORED.subn(REPLACEMENT, text)
    line, column = _position(text, first.start())
    return CleanText(cleaned, replaced, (line, column, first.group()))


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset (the characters counted)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def decode_wikitext(raw: bytes) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16) wikitext; refuse binary data."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"not valid UTF-16 text ({error.reason} at byte {error.start})") from None
    if b"\x00" in raw[:8192]:
        raise InputError("binary file, not wikitext")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})") from None


def read_source(path: str, max_bytes: int) -> Source:
    """Read one input: a file path, or ``-`` for stdin."""
    if path == "-":
        return Source("-", _read_stdin(max_bytes))
    try:
        if os.path.isdir(path):
            raise InputError("is a directory (give wikitext files, e.g. DIR/*.wiki)")
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"file too large: {size / 1e6:.1f} MB (limit {max_bytes / 1e6:.1f} MB)")
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise InputError(f"file too large (limit {max_bytes / 1e6:.1f} MB)")
    return Source(path, decode_wikitext(raw))


def _read_stdin(max_bytes: int) -> str:
    stream = sys.stdin
    if stream is None:
        raise InputError("standard input is closed")
    try:
        raw = stream.buffer.read(max_bytes + 1)
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read standard input: {error}") from None
    if len(raw) > max_bytes:
        raise InputError(f"standard input too large (limit {max_bytes / 1e6:.1f} MB)")
    return decode_wikitext(raw)
