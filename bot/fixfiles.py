"""Writing a fixed file back: atomically, in the file's own encoding, and only
if nobody changed it meanwhile; and the unified diff ``--diff`` prints."""

from __future__ import annotations

import codecs
import difflib
import os
import tempfile

from wikilint.bot.inputs import InputError, decode_wikitext


def unified_diff(path: str, before: str, after: str) -> str:
    """``--- a/path`` / ``+++ b/path`` and the changed hunks (line endings kept)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _encode_like(raw: bytes, text: str) -> bytes:
    """``text`` in the encoding ``raw`` was read in (UTF-8, with its BOM if it
    had one, or BOM-marked UTF-16)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return text.encode("utf-16")
    if raw.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return text.encode("utf-8")


def as_written(original: str, linted: str, fixed: str) -> str:
    """The fixed text with the file's own line breaks: the engine lints the text
    as MediaWiki stores it (``\\r\\n`` read as ``\\n``). Raises
    :class:`InputError` when the file differs from what was linted in another
    way (mixed line breaks, characters MediaWiki never stores): writing it would
    change more than the fixes."""
    if original == linted:
        return fixed
    if original.replace("\r\n", "\n") == linted and "\r" not in original.replace("\r\n", ""):
        if original.count("\r\n") == original.count("\n"):
            return fixed.replace("\n", "\r\n")
    raise InputError(
        "not fixed: its line breaks are mixed or it holds characters MediaWiki "
        "never stores; writing it would change more than the fixes"
    )


def write_fixed(path: str, original: str, fixed: str) -> None:
    """Replace ``path``'s text ``original`` with ``fixed``: written to a temporary
    file beside it, then renamed over it, so that the file is never half
    written. Raises :class:`InputError` when the file no longer holds
    ``original`` (edited meanwhile) or cannot be written."""
    try:
        with open(path, "rb") as source:
            raw = source.read()
        if decode_wikitext(raw) != original:
            raise InputError("changed while it was being fixed; not written")
        directory = os.path.dirname(os.path.abspath(path))
        handle = tempfile.NamedTemporaryFile(
            "wb", dir=directory, prefix=".wikilint-", suffix=".tmp", delete=False
        )
        try:
            with handle:
                handle.write(_encode_like(raw, fixed))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(handle.name, os.stat(path).st_mode & 0o7777)
            os.replace(handle.name, path)
        except BaseException:
            os.unlink(handle.name)
            raise
    except OSError as error:
        raise InputError(f"cannot write the fixed file: {error.strerror or error}") from None
