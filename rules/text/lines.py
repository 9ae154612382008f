"""Patterns that begin a line, searched over a whole page."""

from __future__ import annotations

import re


class LineStart:
    """A pattern read only where a line begins (``^`` in multi-line mode),
    found from the page's first character and from each line break: the
    literal ``\\n`` lets ``re`` skip from break to break, where ``^`` would be
    tried at every position of the page. The pattern must not read past the
    end of its line."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._first = re.compile(pattern, flags)
        self._next = re.compile("\n" + pattern, flags)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The pattern at ``pos`` (a line's start)."""
        return self._first.match(text, pos) if endpos is None else self._first.match(text, pos, endpos)

    def count(self, text: str, at_most: int) -> int:
        """How many lines of ``text`` begin with the pattern, counted up to ``at_most``."""
        count = 1 if self._first.match(text) else 0
        if count >= at_most:
            return count
        for _ in self._next.finditer(text):
            count += 1
            if count >= at_most:
                break
        return count

    def occurs(self, text: str) -> bool:
        """Whether some line of ``text`` begins with the pattern."""
        return self.count(text, 1) > 0
