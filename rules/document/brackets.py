"""Brackets paired as MediaWiki's preprocessor pairs them.

mwparserfromhell is lenient: in ``{{cite web|title=[[Foo|url=…}}`` it still
makes a template, while MediaWiki sees a ``[[`` that never closes, takes the
template's ``}}`` as plain text inside it, and shows the whole citation as
raw wikitext. To say what is really broken, this module replays the bracket
matching of MediaWiki's preprocessor (``Preprocessor_Hash``) over the text:

- ``{{``/``{{{`` close with ``}}``/``}}}``, ``[[`` with ``]]`` and, where
  language conversion is on (zh), ``-{`` with ``}-``; a run of brackets is
  matched by count as MediaWiki does (``{{{{a}}}}``, ``-{{`` is ``-`` ``{{``);
- only the innermost open bracket can close: a ``}}`` met while a ``[[`` is
  open is text in MediaWiki. Here it is read as the editor meant it: the
  brackets opened since the one it closes are *unclosed* (each is reported
  with the bracket whose closing it swallowed), and the scan goes on;
- comments are skipped (an unclosed ``<!--`` hides the rest of the page),
  extension tags whose content is not wikitext (``<nowiki>``, ``<pre>``,
  ``<math>``…) are skipped, and those whose content is wikitext of its own
  (``<ref>``, ``<poem>``, ``<gallery>``…) are scanned as a scope of their own,
  as MediaWiki parses them separately.

The scan reads the text only (no parse) and is linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

#: Extension tags whose content is not wikitext: skipped whole.
OPAQUE_TAGS = frozenset(
    {
        "nowiki",
        "pre",
        "math",
        "chem",
        "ce",
        "syntaxhighlight",
        "source",
        "score",
        "timeline",
        "graph",
        "templatedata",
        "templatestyles",
        "mapframe",
        "maplink",
        "inputbox",
        "hiero",
        "imagemap",
        "categorytree",
        "charinsert",
        "section",
        "includeonly",
        "rss",
        "quiz",
    }
)
#: Extension tags whose content MediaWiki parses as wikitext on its own.
SCOPE_TAGS = frozenset({"ref", "references", "poem", "gallery", "indicator", "tabber"})
#: Tags MediaWiki drops from an article's text, keeping what is between them.
IGNORED_TAGS = frozenset({"noinclude", "onlyinclude"})

_CLOSE_OF = {"{": "}", "[": "]", "-{": "}-"}
_TAG = re.compile(r"/?([A-Za-z]+)(?=\s|/>|>)")
_NEXT = re.compile(r"[{}\[\]<]")
#: A link or a template with no bracket and no tag inside (most of them):
#: pairing it by hand would push it and pop it again, so it is skipped whole.
_LEAF = {
    "[": re.compile(r"\[\[(?!\[)[^\[\]{}<]*\]\]"),
    "{": re.compile(r"\{\{(?!\{)[^\[\]{}<]*\}\}"),
}
_NEXT_VARIANT = re.compile(r"[{}\[\]<]|-\{")


@dataclass(frozen=True, slots=True)
class Bracket:
    """Brackets as written: ``kind`` (``{{``, ``[[``, ``}}``, ``-{``, ``<!--``…) at ``start``."""

    kind: str
    start: int
    end: int
    swallowed: Bracket | None = None
    """for an unclosed bracket: the outer opening whose closing bracket was
    met while this one was still open (the template it breaks), if any"""


@dataclass(slots=True)
class BracketScan:
    """What the bracket scan found on a page."""

    unclosed: list[Bracket] = field(default_factory=list)
    """openings that never close, the innermost of a broken nest only"""
    stray: list[Bracket] = field(default_factory=list)
    """``}}``/``]]`` that close nothing"""
    unclosed_comment: Bracket | None = None
    """a ``<!--`` with no ``-->``: it hides the rest of the page"""
    variants: list[tuple[int, int]] = field(default_factory=list)
    """every closed ``-{…}-``, as (start, end), in the order they close"""


@dataclass(slots=True)
class _Piece:
    open: str  # "{", "[" or "-{"
    count: int
    start: int  # offset of the first of the brackets still open
    prefix: str = ""  # "-" when "-{{" was read as "-" then "{{"

    @property
    def close(self) -> str:
        return _CLOSE_OF[self.open]

    def bracket(self, swallowed: Bracket | None = None) -> Bracket:
        kind = "-{" if self.open == "-{" else self.open * min(self.count, 3 if self.open == "{" else 2)
        return Bracket(kind, self.start, self.start + len(kind), swallowed)


def scan_brackets(text: str, *, variants: bool = False) -> BracketScan:
    """Pair the brackets of ``text`` (see the module docstring).

    ``variants``: language conversion is on (``-{…}-`` is markup).
    """
    found = BracketScan()
    _Scanner(text, variants, found).scan(0, len(text))
    return found


class _Scanner:
    def __init__(self, text: str, variants: bool, found: BracketScan) -> None:
        self.text = text
        self.variants = variants
        self.found = found
        self.next = _NEXT_VARIANT if variants else _NEXT
        self.no_closing: set[tuple[str, int]] = set()  # (tag, scope end): no closing tag

    def scan(self, start: int, end: int) -> None:
        text, found = self.text, self.found
        stack: list[_Piece] = []
        search = self.next.search
        i = start
        while True:
            match = search(text, i, end)
            if match is None:
                break
            i = match.start()
            char = text[i]
            if char == "<":
                i = self._angle(i, end)
                continue
            if char == "-":  # "-{" (variants only)
                count = _run(text, i + 1, "{", end) + 1
                if count > 2:  # "-{{": the rightmost pair wins, "-" is text
                    stack.append(_Piece("{", count - 1, i + 1, "-"))
                else:
                    stack.append(_Piece("-{", 2, i))
                i += count
                continue
            if char in "{[":
                leaf = _LEAF[char].match(text, i, end)
                if leaf is not None:
                    i = leaf.end()
                    continue
                count = _run(text, i, char, end)
                if count >= 2:
                    stack.append(_Piece(char, count, i))
                i += count
                continue
            # a closing bracket: "}" or "]"
            top = stack[-1] if stack else None
            if top is not None and top.open == "-{" and text.startswith("}-", i):
                stack.pop()
                found.variants.append((top.start, i + 2))
                i += 2
                continue
            run = _run(text, i, char, end)
            if top is not None and top.close == char and run >= 2:
                i = self._close(stack, top, i, end)
                continue
            if run >= 2:
                wanted = char
            elif char == "}" and self.variants and text.startswith("}-", i):
                wanted = "}-"
            else:
                i += run  # a single bracket: text
                continue
            target = next((k for k in range(len(stack) - 2, -1, -1) if stack[k].close == wanted), None)
            if target is None:
                if run >= 2:
                    found.stray.append(Bracket(char * 2, i, i + 2))
                i += run
                continue
            # The brackets opened since the one this closes never close.
            outer = stack[target].bracket()
            found.unclosed.extend(piece.bracket(outer) for piece in reversed(stack[target + 1 :]))
            del stack[target + 1 :]
            # the same closing bracket is read again, now for the piece it meant
        found.unclosed.extend(piece.bracket() for piece in stack)
        found.unclosed.sort(key=lambda b: b.start)

    def _close(self, stack: list[_Piece], top: _Piece, i: int, end: int) -> int:
        """Close ``top`` with the run of closing brackets at ``i``, as MediaWiki does."""
        text = self.text
        count = _run(text, i, top.close, end, top.count)
        highest = 3 if top.open == "{" else 2
        matching = highest if count > highest else count
        if matching < 2:
            return i + count  # a single "}" or "]": text
        i += matching
        stack.pop()
        top.count -= matching
        if top.count >= 2:
            stack.append(top)
        elif top.count == 1 and top.prefix == "-":
            stack.append(_Piece("-{", 2, top.start - 1))  # "-{{a}}…}-": "-{" after all
        return i

    def _angle(self, i: int, end: int) -> int:
        """Skip a comment or an extension tag at ``i`` (scanning a scope tag's
        content on its own); return where the scan goes on."""
        text = self.text
        if text.startswith("<!--", i):
            close = text.find("-->", i + 4, end)
            if close == -1:
                if self.found.unclosed_comment is None:
                    self.found.unclosed_comment = Bracket("<!--", i, i + 4)
                return end
            return close + 3
        match = _TAG.match(text, i + 1, end)
        if match is None:
            return i + 1
        name = match.group(1).lower()
        if match.group().startswith("/") or not (
            name in OPAQUE_TAGS or name in SCOPE_TAGS or name in IGNORED_TAGS
        ):
            return i + 1
        tag_end = text.find(">", match.end(), end)
        if tag_end == -1:
            return i + 1
        if name in IGNORED_TAGS or text[tag_end - 1] == "/":
            return tag_end + 1
        closing = (
            None if (name, end) in self.no_closing else _closing_tag(name).search(text, tag_end + 1, end)
        )
        if closing is None:
            self.no_closing.add((name, end))
            return tag_end + 1  # no closing tag: the opening tag is text
        if name in SCOPE_TAGS:
            self.scan(tag_end + 1, closing.start())
        return closing.end()


@cache
def _closing_tag(name: str) -> re.Pattern[str]:
    return re.compile(r"</" + name + r"\s*>", re.I)


def _run(text: str, i: int, char: str, end: int, limit: int | None = None) -> int:
    """How many times ``char`` repeats from ``i`` (at most ``limit``)."""
    stop = end if limit is None else min(end, i + limit)
    j = i
    while j < stop and text[j] == char:
        j += 1
    return j - i
