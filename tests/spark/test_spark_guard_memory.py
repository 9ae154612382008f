"""The Spark guard's memory limit: a page that needs more than it is a failed result
of kind ``memory``; the pages around it are linted by a fresh child."""

from __future__ import annotations

from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.scan.pages import PageRecord
from wikilint.bot.spark.guard import GuardedLinter, Lint

HOG = "WIKILINT-TEST-HOG"
HUNGRY = LinterSpec(factory="test_spark_guard_memory:hungry")


def hungry():
    """The engine, except on a page with the marker: it takes all the memory it can."""
    from wikilint.bot.scan.lint import engine_linter

    lint = engine_linter(LinterSpec())

    def linter(text: str, *, title: str | None, wiki: str):
        if HOG in text:
            hoard = []
            while True:
                hoard.append(bytearray(16 << 20))
        return lint(text, title=title, wiki=wiki)

    return linter


def _page(ordinal: int, text: str) -> PageRecord:
    return PageRecord(ordinal, ordinal + 1, 0, f"Page {ordinal}", False, ordinal + 100, text)


def test_a_page_over_the_memory_limit_is_a_memory_failure_and_the_others_are_linted():
    guard = GuardedLinter(HUNGRY, page_timeout=30.0, memory_mb=512)
    try:
        texts = ["Text.{{citation needed}}", HOG, "Text.{{citation needed}}", "More.{{cn}}"]
        results = list(guard.results([Lint(_page(n, t), "enwiki") for n, t in enumerate(texts)]))
        restarts = guard.restarts
    finally:
        guard.close()
    assert [r.ordinal for r in results] == [0, 1, 2, 3]
    assert [p["kind"] for p in results[1].problems] == ["memory"]
    assert "memory limit of 512 MB" in results[1].problems[0]["message"]
    assert [r.linted for r in results] == [True, False, True, True]
    assert all(r.counts == {"CIT001": 1} for r in (results[0], results[2], results[3]))
    assert restarts == 1, "one new child, after the page over the limit"
