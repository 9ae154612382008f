"""Suppression comments in wikitext, as markdownlint has them in Markdown.

``<!-- wikilint-disable-next-line RULE -->``, ``<!-- wikilint-disable RULE -->``
… ``<!-- wikilint-enable RULE -->`` and ``<!-- wikilint-disable-file RULE -->``.
RULE is a code or a name; several may be given, separated by spaces or commas;
none means every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wikilint.rules.document import Document
from wikilint.rules.finding import Finding

MARKER = "wikilint-"
_DIRECTIVE = re.compile(
    r"^\s*wikilint-(disable-next-line|disable-file|disable|enable)\b(.*?)\s*$", re.S)
ALL = "*"


def _keys(arguments: str) -> frozenset[str]:
    keys = frozenset(k.lower() for k in re.split(r"[\s,]+", arguments) if k)
    return keys or frozenset({ALL})


def _matches(keys: frozenset[str], finding: Finding) -> bool:
    return ALL in keys or finding.code.lower() in keys or finding.rule.lower() in keys


@dataclass
class Suppressions:
    """The suppression directives of one document."""

    file: set[str] = field(default_factory=set)
    next_line: dict[int, set[str]] = field(default_factory=dict)
    ranges: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Document) -> "Suppressions":
        found = cls()
        if MARKER not in doc.text:
            return found
        open_ranges: list[tuple[int, frozenset[str]]] = []
        for comment, start, end in doc.comments:
            match = _DIRECTIVE.match(str(comment.contents))
            if not match:
                continue
            kind, keys = match.group(1), _keys(match.group(2))
            if kind == "disable-file":
                found.file |= keys
            elif kind == "disable-next-line":
                line = doc.position(end)[0] + 1
                found.next_line.setdefault(line, set()).update(keys)
            elif kind == "disable":
                open_ranges.append((end, keys))
            else:  # enable: closes the open ranges it names
                still_open = []
                for range_start, range_keys in open_ranges:
                    closed = range_keys if ALL in keys else range_keys & keys
                    if closed:
                        found.ranges.append((range_start, start, closed))
                    rest = frozenset() if ALL in keys else range_keys - keys
                    if rest:
                        still_open.append((range_start, rest))
                open_ranges = still_open
        found.ranges.extend((s, len(doc.text), k) for s, k in open_ranges)
        return found

    def __bool__(self) -> bool:
        return bool(self.file or self.next_line or self.ranges)

    def hides(self, finding: Finding, offset: int) -> bool:
        if self.file and _matches(frozenset(self.file), finding):
            return True
        keys = self.next_line.get(finding.line)
        if keys and _matches(frozenset(keys), finding):
            return True
        return any(s <= offset < e and _matches(k, finding) for s, e, k in self.ranges)
