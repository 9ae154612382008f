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


# -- characters a script needs -------------------------------------------------

#: Scripts whose letters join or build conjuncts under the control of the
#: zero-width joiner and non-joiner (Persian ``می‌خواهم``, Hindi ``क्‍ष``).
_JOINING = regex.compile(
    r"[\p{Arabic}\p{Syriac}\p{Nko}\p{Thaana}\p{Mandaic}\p{Mongolian}\p{Phags_Pa}"
    r"\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}"
    r"\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Tibetan}\p{Myanmar}\p{Khmer}\p{Lao}\p{Thai}"
    r"\p{Balinese}\p{Javanese}\p{Sundanese}\p{Tirhuta}\p{Grantha}\p{Brahmi}]"
)
#: Emoji and the characters that build emoji sequences with a ZWJ.
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]")
#: Letters of right-to-left scripts, beside which bidi marks are needed.
_RTL = regex.compile(
    r"[\p{Arabic}\p{Hebrew}\p{Syriac}\p{Thaana}\p{Nko}\p{Samaritan}"
    r"\p{Mandaic}\p{Adlam}]"
)
ZWNJ, ZWJ = "\u200c", "\u200d"
#: Marks that set the direction of text.
BIDI_MARKS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_REACH = 24


def _neighbours(text: str, offset: int, skip: str) -> tuple[str, str]:
    """The characters before and after ``offset``, past any of ``skip``."""
    before, after = offset - 1, offset + 1
    while before >= 0 and text[before] in skip:
        before -= 1
    while after < len(text) and text[after] in skip:
        after += 1
    return (text[before] if before >= 0 else "", text[after] if after < len(text) else "")


def script_needs(text: str, offset: int) -> bool:
    """Whether the invisible character at ``offset`` is needed by the text
    around it: a ZWJ inside an emoji sequence (👨‍👩‍👧), a ZWJ or ZWNJ beside a
    letter of a joining script (Persian, Arabic, Indic), a bidi mark within
    a few characters of right-to-left text on its line."""
    char = text[offset]
    if char in (ZWJ, ZWNJ):
        before, after = _neighbours(text, offset, ZWJ + ZWNJ)
        if char == ZWJ and before and after and _EMOJI.match(before) and _EMOJI.match(after):
            return True
        return bool((before and _JOINING.match(before)) or (after and _JOINING.match(after)))
    if char in BIDI_MARKS:
        start = max(0, offset - _BIDI_REACH)
        line_start = text.rfind("\n", start, offset) + 1
        line_end = text.find("\n", offset, offset + _BIDI_REACH)
        window = text[max(start, line_start) : line_end if line_end != -1 else offset + _BIDI_REACH]
        return bool(_RTL.search(window))
    return False


def zh_variant(text: str, sample: int = 20000) -> str | None:
    """``zh-hant`` or ``zh-hans``: the script most of ``text``'s Chinese is
    written in (characters that only one script uses, counted with zhconv's
    tables); None when it has no such character."""
    head = "".join(_HAN.findall(text[:sample]))
    if not head:
        return None
    traditional = sum(a != b for a, b in zip(head, zhconv.convert(head, "zh-hans")))
    simplified = sum(a != b for a, b in zip(head, zhconv.convert(head, "zh-hant")))
    if not traditional and not simplified:
        return None
    return "zh-hant" if traditional > simplified else "zh-hans"
