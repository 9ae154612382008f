"""Reading wikitext from files and stdin, with one clear error per bad input."""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass


class InputError(Exception):
    """An input that cannot be linted; the message is one line for people."""


@dataclass(frozen=True)
class Source:
    path: str
    text: str


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
        raise InputError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})") from None


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
