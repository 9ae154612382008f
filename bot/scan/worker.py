"""The worker process: reads its units of work and lints their pages.

A worker builds its linter once, then takes :class:`Unit` objects from its
pipe: a partition to read on its own (a range of bz2 streams or of a plain
XML file) or a chunk of XML the parent cut from a stream. It sends results
back in small batches, in order, and says before each page which page it is
on (a shared array), so that the parent's watchdog can kill it when one page
takes too long (:mod:`wikilint.bot.scan.child`) and retry the unit without
that page.

Messages to the parent: ``("pages", key, results)``, then ``("done", key,
results, xml_bytes)``: one result per page in order (a skipped page too), so
the parent always knows up to which page a unit is done; ``("fatal",
message)`` when the linter cannot be built.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from wikilint.bot.scan.child import limit_memory, lint_with_alarm, memory_failure, start_child
from wikilint.bot.scan.lint import LinterSpec, PageResult, failed_result, problem_result, skipped_result
from wikilint.bot.scan.pages import PageProblem, PageRecord, parse_chunk
from wikilint.bot.scan.partition import CHUNK_BYTES, Partition, ReadState, partition_pages

#: Send a batch after this many results or this many seconds.
BATCH_PAGES = 64
BATCH_SECONDS = 0.2
#: Slots of the shared status array: dump, unit, ordinal, page start time (0 = between pages).
STATUS_DUMP, STATUS_UNIT, STATUS_ORDINAL, STATUS_STARTED = range(4)


@dataclass
class Unit:
    """One unit of work: a partition, or a chunk of XML cut by the parent."""

    dump: int
    index: int
    header: bytes = b""
    wiki: str = "auto"
    namespaces: frozenset[int] | None = frozenset({0})
    partition: Partition | None = None
    data: bytes | None = None
    start: int = 0
    fail: dict[int, tuple[str, str]] = field(default_factory=dict)
    progress_bytes: int = 0
    results: list[PageResult] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int]:
        return (self.dump, self.index)

    @property
    def needs_worker(self) -> bool:
        return self.partition is not None or self.data is not None


def skip_reason(page: PageRecord, namespaces: frozenset[int] | None) -> str | None:
    if namespaces is not None and page.namespace not in namespaces:
        return "other_namespaces"
    if page.redirect:
        return "redirects"
    if page.model not in (None, "wikitext"):
        return "other_models"
    return None


def unit_pages(unit: Unit, state: ReadState) -> Iterator[PageRecord | PageProblem]:
    if unit.data is not None:
        state.xml_bytes = len(unit.data)
        return parse_chunk(unit.header, unit.data)
    assert unit.partition is not None
    return partition_pages(unit.header, unit.partition, chunk_bytes=CHUNK_BYTES, state=state)


def run_unit(
    unit: Unit,
    linter: Any,
    conn: Connection,
    status: Any,
    page_timeout: float | None = None,
    memory_mb: int | None = None,
) -> None:
    """Lint one unit, sending results to the parent as they come."""
    status[STATUS_DUMP], status[STATUS_UNIT] = unit.dump, unit.index
    status[STATUS_ORDINAL], status[STATUS_STARTED] = -1, 0.0
    state = ReadState()
    batch: list[PageResult] = []
    sent = time.monotonic()
    for record in unit_pages(unit, state):
        ordinal = record.ordinal
        if ordinal < unit.start:
            continue
        if isinstance(record, PageProblem):
            batch.append(problem_result(record))
        elif ordinal in unit.fail:
            batch.append(failed_result(record, *unit.fail[ordinal]))
        else:
            reason = skip_reason(record, unit.namespaces)
            if reason:
                batch.append(skipped_result(record, reason))
            else:
                status[STATUS_ORDINAL] = ordinal
                status[STATUS_STARTED] = time.monotonic()
                try:
                    batch.append(lint_with_alarm(linter, record, unit.wiki, page_timeout))
                except MemoryError:  # this page alone: what it took is freed with the exception
                    batch.append(failed_result(record, *memory_failure(memory_mb or 0)))
                status[STATUS_STARTED] = 0.0
        if len(batch) >= BATCH_PAGES or time.monotonic() - sent > BATCH_SECONDS:
            conn.send(("pages", unit.key, batch))
            batch, sent = [], time.monotonic()
    conn.send(("done", unit.key, batch, state.xml_bytes))


def worker_main(
    conn: Connection,
    status: Any,
    spec: LinterSpec,
    page_timeout: float | None = None,
    memory_mb: int | None = None,
) -> None:
    """Entry point of a worker process (:mod:`wikilint.bot.scan.child`): its
    address space limited to ``memory_mb`` MB once its linter is built."""
    linter = start_child(conn, spec)
    if linter is None:
        return
    limit_memory(memory_mb)
    while True:
        try:
            unit = conn.recv()
        except (EOFError, OSError):
            return
        if unit is None:
            return
        try:
            run_unit(unit, linter, conn, status, page_timeout, memory_mb)
        except (BrokenPipeError, EOFError, OSError):
            return  # the parent is gone
