"""Places in a text: where a word occurs, stretches as ``(start, end)`` offsets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def occurrences(text: str, word: str) -> Iterator[int]:
    """The offset of every occurrence of ``word`` in ``text`` (overlapping ones
    too), found with ``str.find``: much faster than a regex over a whole page."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of ``ranges``, as sorted, disjoint ranges (touching ones join)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
