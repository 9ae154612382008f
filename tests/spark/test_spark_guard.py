"""The guarded child process: a page that hangs or kills it costs that page only.

These run without Spark: the guard is plain multiprocessing.
"""

from __future__ import annotations

import pickle
import signal

import pytest

from wikilint.bot.scan.lint import LinterSpec, skipped_result
from wikilint.bot.scan.pages import PageRecord
from wikilint.bot.spark.guard import GuardError, GuardedLinter, Lint
from spark_linters import CRASH, HANG, RAISE

QUIET = LinterSpec(factory="spark_linters:troublesome", options=(("engine", False),))


def _page(ordinal: int, text: str) -> PageRecord:
    return PageRecord(ordinal, ordinal + 1, 0, f"Page {ordinal}", False, ordinal + 100, text)


@pytest.fixture
def guard():
    linter = GuardedLinter(QUIET, page_timeout=1.0)
    yield linter
    linter.close()


def test_big_pages_around_a_hang_neither_block_nor_get_lost(guard):
    big = "x" * 3_000_000  # far more than a socket holds: sending must not wait on the child
    texts = [big, "fine", HANG, big, "fine", CRASH, big, RAISE, "fine"]
    items = [Lint(_page(i, text), "enwiki") for i, text in enumerate(texts)]
    skipped = skipped_result(_page(99, "#REDIRECT [[X]]"), "redirects")
    results = list(guard.results(items[:4] + [skipped] + items[4:]))
    assert [r.ordinal for r in results] == [0, 1, 2, 3, 99, 4, 5, 6, 7, 8]
    problems = {r.ordinal: r.problems[0]["kind"] for r in results if r.problems}
    assert problems == {2: "timeout", 5: "worker-crash", 7: "lint-error"}
    assert all(r.linted for r in results if r.ordinal not in problems and r.ordinal != 99)
    assert results[4] is skipped
    assert guard.restarts == 2


def test_the_child_is_kept_from_one_batch_to_the_next(guard):
    first = list(guard.results([Lint(_page(0, "a"), "enwiki")]))
    process = guard.process
    second = list(guard.results([Lint(_page(1, "b"), "enwiki")]))
    assert guard.process is process and process.is_alive()
    assert [r.linted for r in first + second] == [True, True]


def test_a_linter_that_cannot_be_built_is_an_error():
    guard = GuardedLinter(LinterSpec(select=("NO-SUCH-RULE",)), page_timeout=1.0)
    with pytest.raises(GuardError, match="cannot be built"):
        list(guard.results([Lint(_page(0, "a"), "enwiki")]))


def test_results_match_linting_in_process(seed_text):
    from wikilint.bot.scan.lint import build_linter
    from wikilint.bot.spark.guard import lint_in_process

    items = [Lint(_page(0, seed_text), "zhwiki"), Lint(_page(1, "plain"), "enwiki")]
    guard = GuardedLinter(LinterSpec(), page_timeout=30.0)
    try:
        guarded = list(guard.results(items))
    finally:
        guard.close()
    direct = list(lint_in_process(build_linter(LinterSpec()), items))
    assert [r.lines for r in guarded] == [r.lines for r in direct]
    assert guarded[0].findings > 5


def test_a_child_left_alone_on_a_hanging_page_ends_itself():
    from wikilint.bot.scan.child import SELF_TIMEOUT_MARGIN

    guard = GuardedLinter(QUIET, page_timeout=0.5)
    guard._start()
    process = guard.process
    guard._send(pickle.dumps(Lint(_page(0, HANG), "enwiki")))
    guard.conn.close()  # the parent is gone (an executor killed), the child hangs on its page
    process.join(SELF_TIMEOUT_MARGIN + 5)
    assert not process.is_alive()
    assert process.exitcode == -signal.SIGALRM
