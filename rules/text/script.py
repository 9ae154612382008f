"""Chinese script handling: Traditional/Simplified folding and script detection.

Folding uses zhconv, which carries MediaWiki's own zh conversion tables, so
``來源請求`` and ``来源请求`` fold to the same key exactly as the wiki would
convert them.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import regex

with warnings.catch_warnings():
    # zhconv loads its tables through pkg_resources, which warns about the
    # namespace package wikilint when run from a checkout.
    warnings.simplefilter("ignore")
    import zhconv

# Runs rather than single characters: half the cost on a page's sample.
_HAN = regex.compile(r"\p{Han}+")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]+")
#: Latin letters beyond ASCII (accented, extended, full-width). ASCII letters
#: are counted on bytes: a regex over the many short Latin words of a page
#: costs ten times as much.
_NON_ASCII_LATIN = regex.compile(r"(?V1)[\p{Latin}--\p{ASCII}]+")
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not chr(b).isalpha() or b > 127)


def _count(pattern: regex.Pattern, text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def _latin_letters(text: str) -> int:
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    return ascii_letters + _count(_NON_ASCII_LATIN, text)


@lru_cache(maxsize=65536)
def fold_script(text: str) -> str:
    """Return ``text`` in Simplified script (ASCII and other scripts unchanged)."""
    if not _HAN.search(text):
        return text
    return zhconv.convert(text, "zh-hans")


def kana_ratio(text: str, sample: int = 20000) -> float:
    """Share of kana among the Han and kana characters: high for Japanese."""
    head = text[:sample]
    kana = _count(_KANA, head)
    han = _count(_HAN, head)
    return kana / (kana + han) if kana + han else 0.0


def han_ratio(text: str, sample: int = 20000) -> float:
    """Share of Han characters among the Han and Latin letters of ``text``.

    Only the first ``sample`` characters are looked at: enough to tell a zh
    article from an en one, and cheap on huge pages.
    """
    head = text[:sample]
    han = _count(_HAN, head)
    if not han:
        return 0.0
    return han / (han + _latin_letters(head))
