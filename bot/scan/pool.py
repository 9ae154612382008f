"""Worker processes, bounded dispatch and the per-page watchdog.

The parent hands each worker at most ``depth`` units at a time through the
worker's own pipe (one pipe per worker, so killing a worker can never
corrupt another's channel), and never lets more than ``window`` units be
out and unwritten: memory stays flat whatever the dump's size. A worker
that spends more than ``page_timeout`` seconds on one page is killed; so is
one that dies by itself (a crash in C code). Either way its unit goes back
to the queue starting at the first page not yet received, with the page it
was stuck on marked as failed, and a fresh worker takes its place.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

from wikilint.bot.scan.child import context, crash_failure, timeout_failure
from wikilint.bot.scan.lint import LinterSpec, PageResult, problem_record
from wikilint.bot.scan.output import OrderedSink
from wikilint.bot.scan.worker import (
    STATUS_DUMP,
    STATUS_ORDINAL,
    STATUS_STARTED,
    STATUS_UNIT,
    Unit,
    worker_main,
)

#: A unit whose worker died this many times without progress is given up.
MAX_ATTEMPTS = 3
#: A unit this small (pickled) can wait in a worker's pipe while it works on another.
PREFETCH_BYTES = 32 * 1024
#: Workers dying this many times in a row with no message at all: something is wrong everywhere.
MAX_SILENT_DEATHS = 8


class ScanAborted(Exception):
    """The scan cannot go on (the workers cannot build their linter...)."""


@dataclass
class _Worker:
    slot: int
    process: Any
    conn: Connection
    status: Any
    units: deque[Unit] = field(default_factory=deque)


class Scheduler:
    """Runs units on ``jobs`` worker processes and feeds the results to a sink."""

    def __init__(
        self,
        jobs: int,
        spec: LinterSpec,
        sink: OrderedSink,
        *,
        page_timeout: float = 30.0,
        memory_mb: int | None = None,
        depth: int = 2,
        ctx: (multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext | None) = None,
    ) -> None:
        self.jobs = max(1, jobs)
        self.spec = spec
        self.sink = sink
        self.page_timeout = page_timeout
        self.memory_mb = memory_mb
        self.depth = depth
        # Units out and not yet written: done units wait for a slow one before them,
        # holding only their results, so the window can be wide enough that a big
        # partition at the head never leaves the other workers idle.
        self.window = self.jobs * 16 + 8
        self.ctx = ctx or context()
        self.workers: list[_Worker] = []
        self.ready: deque[tuple[Unit, memoryview]] = deque()
        self.exhausted = False
        self.attempts: dict[tuple[int, int], int] = {}
        self.restarts = 0
        self.silent_deaths = 0

    # -- workers ------------------------------------------------------------

    def _start(self, slot: int) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        status = self.ctx.RawArray("d", 4)
        process = self.ctx.Process(
            target=worker_main,
            args=(child, status, self.spec, self.page_timeout, self.memory_mb),
            name=f"wikilint-scan-{slot}",
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(slot, process, parent, status)

    def _stop_all(self, *, graceful: bool) -> None:
        for worker in self.workers:
            if graceful:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + (5.0 if graceful else 0.0)
        for worker in self.workers:
            if graceful:
                worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()
            worker.conn.close()
        self.workers = []

    # -- the loop -----------------------------------------------------------------

    def run(self, units: Iterator[Unit], stop: threading.Event) -> str:
        """Process every unit; returns ``complete``, ``limit`` or ``interrupted``."""
        self.workers = [self._start(slot) for slot in range(self.jobs)]
        source = iter(units)
        outcome = "interrupted"  # unless the loop below ends normally
        try:
            while True:
                if stop.is_set():
                    break
                if self.sink.limit_reached:
                    outcome = "limit"
                    break
                self._fill(source)
                self._dispatch()
                busy = [w for w in self.workers if w.units]
                if self.exhausted and not busy and not self.ready:
                    outcome = "complete"
                    break
                ready = wait([w.conn for w in busy], timeout=0.2) if busy else []
                for conn in ready:
                    worker = next(w for w in self.workers if w.conn is conn)
                    self._receive(worker)
                self._watchdog()
                self.sink.maybe_checkpoint()  # also while a slow page holds everything back
        finally:
            self._stop_all(graceful=outcome == "complete")
        return outcome

    def _fill(self, source: Iterator[Unit]) -> None:
        """Prepare units ahead (reading a stream takes time), within the window."""
        while len(self.ready) < self.jobs and not self.exhausted and self.sink.outstanding < self.window:
            unit = next(source, None)
            if unit is None:
                self.exhausted = True
                return
            self.sink.expect(unit)
            if not unit.needs_worker:  # a problem found while planning: nothing to run
                self.sink.done(unit.key, [])
                continue
            self.ready.append((unit, ForkingPickler.dumps(unit)))

    def _dispatch(self) -> None:
        """Give units to workers without ever blocking on a full pipe.

        A worker gets a second unit ahead of time only when it is small enough
        to sit in the pipe's buffer (a partition, not a chunk of XML): a
        blocking send could otherwise wait on a worker that is itself waiting
        for the parent to read its results.
        """
        for worker in sorted(self.workers, key=lambda w: len(w.units)):
            while self.ready and not self.sink.limit_reached:
                unit, payload = self.ready[0]
                if worker.units and (len(worker.units) >= self.depth or len(payload) > PREFETCH_BYTES):
                    break
                self.ready.popleft()
                try:
                    worker.conn.send_bytes(payload)
                except OSError:
                    self.ready.appendleft((unit, payload))
                    self._recover(worker, None)
                    return
                worker.units.append(unit)

    def _receive(self, worker: _Worker) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._recover(worker, None)
            return
        self._handle(worker, message)

    def _handle(self, worker: _Worker, message: tuple) -> None:
        self.silent_deaths = 0
        kind = message[0]
        if kind == "pages":
            self.sink.pages(message[1], message[2])
        elif kind == "done":
            key = message[1]
            self.sink.done(key, message[2], message[3])
            if worker.units and worker.units[0].key == key:
                worker.units.popleft()
            self.attempts.pop(key, None)
        elif kind == "fatal":
            raise ScanAborted(message[1])

    # -- failures ----------------------------------------------------------------

    def _watchdog(self) -> None:
        now = time.monotonic()
        for worker in list(self.workers):
            started = worker.status[STATUS_STARTED]
            if started and now - started > self.page_timeout:
                self._recover(worker, timeout_failure(self.page_timeout))
            elif not worker.process.is_alive() and worker.units:
                self._recover(worker, None)

    def _recover(self, worker: _Worker, reason: tuple[str, str] | None) -> None:
        """Replace a worker that hung or died; requeue its units past the bad page."""
        on_page = worker.status[STATUS_STARTED] > 0
        key = (int(worker.status[STATUS_DUMP]), int(worker.status[STATUS_UNIT]))
        ordinal = int(worker.status[STATUS_ORDINAL])
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        code = worker.process.exitcode
        while True:  # keep whatever it had sent completely before it died
            try:
                if not worker.conn.poll(0):
                    break
                self._handle(worker, worker.conn.recv())
            except Exception:  # EOF, or a message cut in half
                break
        worker.conn.close()
        if reason is None:  # died by itself: a crash, or its own page alarm
            reason = crash_failure(code, self.page_timeout)
        units = list(worker.units)
        self.restarts += 1
        self.silent_deaths += 1
        if self.silent_deaths >= MAX_SILENT_DEATHS:
            raise ScanAborted(f"worker processes keep dying ({reason[1]})")
        if units:
            current = units[0]
            start = self.sink.received_upto(current.key)
            start = current.start if start is None else start
            fail = dict(current.fail)
            if on_page and key == current.key and ordinal >= start:
                fail[ordinal] = reason
            else:
                self.attempts[current.key] = self.attempts.get(current.key, 0) + 1
            if self.attempts.get(current.key, 0) >= MAX_ATTEMPTS:
                self.sink.done(
                    current.key,
                    [
                        PageResult(
                            -1,
                            None,
                            None,
                            problems=[
                                problem_record(
                                    "unit-failed",
                                    f"gave up on pages from #{start} of this part of the dump: {reason[1]}",
                                )
                            ],
                        )
                    ],
                )
                units = units[1:]
            else:
                units[0] = replace(current, start=start, fail=fail)
        self.ready.extendleft((u, ForkingPickler.dumps(u)) for u in reversed(units))
        index = self.workers.index(worker)
        self.workers[index] = self._start(worker.slot)
