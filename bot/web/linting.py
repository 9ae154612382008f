"""Linting for the web: in the scan's killable child processes, with a time and a memory limit.

A request never lints in the server's own process: mwparserfromhell's C
tokenizer can backtrack for minutes on some pages and cannot be interrupted
from inside, and a crash in C code would take the worker with it. The
server keeps a few :class:`~wikilint.bot.spark.guard.GuardedLinter`\\ s (the
child process ``wikilint spark`` and ``scan`` lint in, replaced when a page
hangs or kills it); a request borrows one, hands it its page and gets the
findings back, or a :class:`LintFailure` when the page took longer than the
time limit or killed the child. The child then is replaced; the server goes on.
"""

from __future__ import annotations

import itertools
import json
import queue
import threading
from dataclasses import dataclass, field
from typing import ClassVar

from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.scan.pages import PageRecord
from wikilint.bot.spark.guard import GuardedLinter, GuardError, Lint
from wikilint.rules.finding import Finding

#: Seconds a request waits for a free child before it is refused (503).
QUEUE_TIMEOUT = 60.0


class LintFailure(Exception):
    """The page could not be linted: ``kind`` is ``timeout`` (HTTP 504), ``busy``
    (503), ``page-refused`` or ``memory`` (413) or ``worker-crash``/``lint-error`` (500)."""

    STATUS: ClassVar[dict[str, int]] = {"timeout": 504, "busy": 503, "page-refused": 413, "memory": 413}

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = self.STATUS.get(kind, 500)


@dataclass
class Outcome:
    """The findings of one page, and the rules that crashed on it."""

    findings: list[Finding]
    problems: list[dict] = field(default_factory=list)


class LintPool:
    """``size`` guarded children, each linting one request at a time."""

    def __init__(
        self, spec: LinterSpec, time_limit: float, size: int = 2, *, memory_mb: int | None = None
    ) -> None:
        self.time_limit = time_limit
        self._idle: queue.LifoQueue[GuardedLinter] = queue.LifoQueue()
        self._all = [GuardedLinter(spec, time_limit, memory_mb=memory_mb or None) for _ in range(size)]
        for guard in self._all:
            self._idle.put(guard)
        self._ordinals = itertools.count()
        self._closed = threading.Event()

    @property
    def restarts(self) -> int:
        return sum(guard.restarts for guard in self._all)

    def lint(self, text: str, *, title: str | None, wiki: str) -> Outcome:
        """Lint one page in a child; raises :class:`LintFailure`."""
        try:
            guard = self._idle.get(timeout=QUEUE_TIMEOUT)
        except queue.Empty:
            raise LintFailure("busy", "the server is busy; try again in a minute") from None
        try:
            page = PageRecord(next(self._ordinals), None, 0, title or "", False, None, text)
            result = list(guard.results([Lint(page, wiki)]))[0]
        except GuardError as error:  # the child cannot start: the next request tries again
            raise LintFailure("lint-error", str(error)) from None
        finally:
            self._idle.put(guard)
        fatal = [p for p in result.problems if p["kind"] not in ("rule-error", "parser-error")]
        if fatal:
            kind = fatal[0]["kind"]
            message = (
                f"linting took longer than the limit of {self.time_limit:g} s"
                if kind == "timeout"
                else fatal[0]["message"]
            )
            raise LintFailure(kind, message)
        findings = [
            Finding.model_validate(json.loads(line))
            for line in result.lines.decode("utf-8").splitlines()
            if line
        ]
        return Outcome(findings, result.problems)

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        for guard in self._all:
            guard.close()
