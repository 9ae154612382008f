"""Protect zh variant markup ``-{…}-`` before parsing.

mwparserfromhell does not know language-converter markup, so in
``{{X|casualties1=-{H|1,234}-人}}`` the ``|`` inside ``-{…}-`` would split
the template parameter. Before parsing, the characters that could split or
key a parameter (``|`` and ``=``) inside such markup are replaced by private-use
characters of the same length, so every offset in the parsed text is an offset
in the original text. :func:`restore` undoes it for text shown to people.
"""

from __future__ import annotations

_PIPE, _EQUALS = "\ue000", "\ue001"
_RESTORE = str.maketrans({_PIPE: "|", _EQUALS: "="})


def is_masked(text: str) -> bool:
    """Whether ``text`` holds a character :func:`restore` changes back."""
    return _PIPE in text or _EQUALS in text


def protect_variants(text: str) -> str:
    """Return ``text`` with ``|`` and ``=`` inside ``-{…}-`` masked (same length)."""
    if "-{" not in text:
        return text
    chars = list(text)
    depth = 0  # nesting of -{ … }-
    braces = 0  # {{ … }} nesting inside the variant markup
    i, n = 0, len(text)
    while i < n:
        if text.startswith("-{", i) and not text.startswith("-{{", i):
            depth += 1
            i += 2
            continue
        if depth:
            if text.startswith("}-", i) and braces == 0:
                depth -= 1
                i += 2
                continue
            if text.startswith("{{", i):
                braces += 1
                i += 2
                continue
            if text.startswith("}}", i) and braces:
                braces -= 1
                i += 2
                continue
            if braces == 0 and text[i] in "|=":
                chars[i] = _PIPE if text[i] == "|" else _EQUALS
            elif text[i] == "\n" and text.startswith("\n\n", i):
                # An unclosed -{ must not swallow the rest of the page.
                depth = braces = 0
        i += 1
    return "".join(chars)


def restore(text: str) -> str:
    """Undo :func:`protect_variants` on a piece of parsed text."""
    return text.translate(_RESTORE)
