"""Merging stretches of text."""

from __future__ import annotations

from wikilint.rules.text.ranges import merge_ranges, occurrences


def test_merge_ranges_joins_overlapping_and_touching_ranges_in_order() -> None:
    assert merge_ranges([(10, 20), (0, 5), (5, 7), (15, 30), (40, 41), (16, 18)]) == [
        (0, 7), (10, 30), (40, 41)]


def test_merge_ranges_of_nothing_and_of_one() -> None:
    assert merge_ranges([]) == []
    assert merge_ranges(iter([(3, 9)])) == [(3, 9)]


def test_occurrences_finds_every_one_overlapping_ones_included() -> None:
    assert list(occurrences("共計共共", "共")) == [0, 2, 3]
    assert list(occurrences("aaaa", "aa")) == [0, 1, 2]
    assert list(occurrences("total", "TOTAL")) == []
