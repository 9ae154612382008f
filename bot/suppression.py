"""Suppression comments in wikitext, as markdownlint has them in Markdown.

``<!-- wikilint-disable-next-line RULE -->``, ``<!-- wikilint-disable RULE -->``
… ``<!-- wikilint-enable RULE -->`` and ``<!-- wikilint-disable-file RULE -->``.
RULE is a selector (a code, a code prefix or a name, as ``--select`` takes
them, :mod:`wikilint.bot.selector`); several may be given, separated by spaces
or commas; none means every rule. A selector that names no known rule is
kept in :attr:`Suppressions.unknown` with its line, to be reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from wikilint.bot.selector import Named, Selector, any_matches, selectors, unknown
from wikilint.rules.document import Document
from wikilint.rules.finding import Finding

MARKER = "wikilint-"
_DIRECTIVE = re.compile(r"^\s*wikilint-(disable-next-line|disable-file|disable|enable)\b(.*?)\s*$", re.S)
ALL = (Selector("ALL"),)

Keys = tuple[Selector, ...]


def _keys(arguments: str) -> Keys:
    return selectors(re.split(r"[\s,]+", arguments)) or ALL


def _matches(keys: Iterable[Selector], finding: Finding) -> bool:
    return any_matches(keys, finding.code, finding.rule)


def _closed_by(keys: Keys, enable: Keys) -> tuple[Keys, Keys]:
    """The part of a range's ``keys`` that ``enable`` closes, and the part left open."""
    if any(s.selects_all for s in enable):
        return keys, ()
    named = {s.text.lower() for s in enable}
    return (
        tuple(k for k in keys if k.text.lower() in named),
        tuple(k for k in keys if k.text.lower() not in named),
    )


@dataclass
class Suppressions:
    """The suppression directives of one document."""

    file: list[Selector] = field(default_factory=list)
    next_line: dict[int, list[Selector]] = field(default_factory=dict)
    ranges: list[tuple[int, int, Keys]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    """``(line, selector)`` of each selector that names none of the known rules"""

    @classmethod
    def of(cls, doc: Document, known: Iterable[Named] | None = None) -> Suppressions:
        """The directives of ``doc``; with ``known`` rules, note the selectors naming none."""
        found = cls()
        if MARKER not in doc.text:
            return found
        known = list(known) if known is not None else None
        open_ranges: list[tuple[int, Keys]] = []
        for comment, start, end in doc.comments:
            match = _DIRECTIVE.match(str(comment.contents))
            if not match:
                continue
            kind, keys = match.group(1), _keys(match.group(2))
            if known is not None:
                line = doc.position(start)[0]
                found.unknown.extend((line, s.text) for s in unknown(keys, known))
            if kind == "disable-file":
                found.file.extend(keys)
            elif kind == "disable-next-line":
                line = doc.position(end)[0] + 1
                found.next_line.setdefault(line, []).extend(keys)
            elif kind == "disable":
                open_ranges.append((end, keys))
            else:  # enable: closes the open ranges it names
                still_open = []
                for range_start, range_keys in open_ranges:
                    closed, rest = _closed_by(range_keys, keys)
                    if closed:
                        found.ranges.append((range_start, start, closed))
                    if rest:
                        still_open.append((range_start, rest))
                open_ranges = still_open
        found.ranges.extend((s, len(doc.text), k) for s, k in open_ranges)
        return found

    def __bool__(self) -> bool:
        return bool(self.file or self.next_line or self.ranges)

    def hides(self, finding: Finding, offset: int) -> bool:
        if self.file and _matches(self.file, finding):
            return True
        keys = self.next_line.get(finding.line)
        if keys and _matches(keys, finding):
            return True
        return any(s <= offset < e and _matches(k, finding) for s, e, k in self.ranges)
