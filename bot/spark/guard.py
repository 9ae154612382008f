"""Linting pages in a guarded child process, with a time limit per page.

mwparserfromhell's C tokenizer can backtrack for minutes on some nested tags,
and cannot be interrupted from inside; a crash in C code takes its process
with it. Inside a Spark task either would stall or fail the whole job, so an
executor's Python worker does not lint in its own process: it keeps one
child process (started on first use and reused by every later task of that
worker, so the linter is built once per process, not per page or per task),
hands it pages through a pipe, a few ahead, and reads back one
:class:`~bot.scan.lint.PageResult` per page in order. A page that takes
longer than ``page_timeout`` seconds, or kills the child, becomes a failed
result (kinds ``timeout`` and ``worker-crash``, as in the local scan); the
child is replaced and the pages sent after it are sent again.

The child is the local scan's killable lint process
(:mod:`wikilint.bot.scan.child`): the same linter, the same per-page alarm,
the same failed results, exactly as the local scan's workers.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from wikilint.bot.scan.child import (
    ChildStartError,
    context,
    crash_failure,
    limit_memory,
    lint_with_alarm,
    memory_failure,
    start_child,
    start_lint_child,
    stop_lint_child,
    timeout_failure,
)
from wikilint.bot.scan.lint import LinterSpec, PageResult, failed_result, lint_page
from wikilint.bot.scan.pages import PageRecord

#: Items taken ahead of the one being waited for (pages and pass-through results).
WINDOW_PAGES = 32
#: Pickled pages sent and not yet answered, at most: less than a socket's buffer
#: holds, so that sending never waits for the child (but one page always goes).
PIPE_BYTES = 48 << 10


class GuardError(Exception):
    """The child cannot lint at all (its linter cannot be built, it dies at start)."""


@dataclass
class Lint:
    """A page to lint with a wiki profile (what the child receives)."""

    page: PageRecord
    wiki: str


def child_main(conn: Connection, spec: LinterSpec, page_timeout: float, memory_mb: int | None = None) -> None:
    """Entry point of the child: build the linter once, then lint what comes. A page
    over the memory limit is answered as such, and the child ends (its heap may be
    in pieces): the parent starts another."""
    linter = start_child(conn, spec)
    if linter is None:  # a bad configuration: the parent raises GuardError
        return
    limit_memory(memory_mb)
    conn.send(("ready",))
    while True:
        try:
            item = conn.recv_bytes()
        except (EOFError, OSError):
            return  # the parent is gone
        if not item:
            return
        lint = pickle.loads(item)
        try:
            result = lint_with_alarm(linter, lint.page, lint.wiki, page_timeout)
        except MemoryError:
            del item
            conn.send(failed_result(lint.page, *memory_failure(memory_mb or 0)))
            return
        conn.send(result)


class GuardedLinter:
    """Lints pages in a child process that is replaced when a page hangs or crashes it."""

    def __init__(
        self, spec: LinterSpec, page_timeout: float, *, memory_mb: int | None = None, ctx: Any = None
    ) -> None:
        self.spec = spec
        self.page_timeout = page_timeout
        self.memory_mb = memory_mb
        self.ctx = ctx or context()
        self.process: Any = None
        self.conn: Connection | None = None
        self.restarts = 0

    # -- the child ------------------------------------------------------------

    def _start(self) -> None:
        try:
            process, conn, message = start_lint_child(
                self.ctx, child_main, (self.spec, self.page_timeout, self.memory_mb), "wikilint-spark-lint"
            )
        except ChildStartError as error:
            raise GuardError(str(error)) from None
        if message[0] == "fatal":
            stop_lint_child(process, conn)
            raise GuardError(f"the linter cannot be built: {message[1]}")
        self.process, self.conn = process, conn

    def _kill(self, *, grace: float = 0.0) -> int | None:
        """Stop the child (after ``grace`` seconds to die by itself); returns its exit code."""
        assert self.process is not None and self.conn is not None
        code = stop_lint_child(self.process, self.conn, grace=grace)
        self.process = self.conn = None
        self.restarts += 1
        return code

    def close(self) -> None:
        """Let the child exit (it also exits by itself when this process goes away)."""
        if self.process is None or self.conn is None:
            return
        try:
            self.conn.send_bytes(b"")
        except OSError:
            pass
        self._kill(grace=5.0)

    # -- linting ---------------------------------------------------------------

    def results(self, items: Iterable[Lint | PageResult]) -> Iterator[PageResult]:
        """One result per item, in order: a :class:`Lint` is linted, a result passes through.

        Pages are sent ahead only as long as what the child has not answered
        fits in the pipe, so a send never blocks behind a child that hangs.
        """
        if self.process is None:
            self._start()
        window: deque[tuple[Lint | PageResult, bytes]] = deque()  # Lint entries are in flight
        in_flight = in_bytes = 0
        source = iter(items)
        pending: tuple[Lint | PageResult, bytes] | None = None
        exhausted = False
        while True:
            while not exhausted and len(window) < WINDOW_PAGES:
                if pending is None:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    pending = (
                        item,
                        pickle.dumps(item, pickle.HIGHEST_PROTOCOL) if isinstance(item, Lint) else b"",
                    )
                item, data = pending
                if isinstance(item, Lint):
                    if in_flight and in_bytes + len(data) > PIPE_BYTES:
                        break
                    self._send(data)
                    in_flight += 1
                    in_bytes += len(data)
                window.append(pending)
                pending = None
            if not window:
                return
            head, data = window.popleft()
            if isinstance(head, PageResult):
                yield head
                continue
            in_flight -= 1
            in_bytes -= len(data)
            yield self._receive(head, window)

    def _send(self, data: bytes) -> None:
        assert self.conn is not None
        try:
            self.conn.send_bytes(data)
        except OSError:
            pass  # the child is gone: _receive notices and recovers

    def _receive(self, head: Lint, window: deque[tuple[Lint | PageResult, bytes]]) -> PageResult:
        assert self.conn is not None
        failure: tuple[str, str] | None = None
        try:
            if self.conn.poll(self.page_timeout):
                result: PageResult = self.conn.recv()
                if any(p["kind"] == "memory" for p in result.problems):
                    self._kill(grace=5.0)  # the child ends after such a page
                    self._replace(window)
                return result
            failure = timeout_failure(self.page_timeout)
        except (EOFError, OSError):
            pass
        code = self._kill(grace=0.0 if failure else 2.0)
        if failure is None:
            failure = crash_failure(code, self.page_timeout)
        self._replace(window)
        return failed_result(head.page, *failure)

    def _replace(self, window: deque[tuple[Lint | PageResult, bytes]]) -> None:
        """A new child, sent again the pages sent to the one that is gone."""
        self._start()
        for item, data in window:
            if isinstance(item, Lint):
                self._send(data)


def lint_in_process(linter: Any, items: Iterable[Lint | PageResult]) -> Iterator[PageResult]:
    """The same results without a child process (no time limit): for ``--page-timeout 0``."""
    for item in items:
        yield lint_page(linter, item.page, item.wiki) if isinstance(item, Lint) else item
