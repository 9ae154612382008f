"""Ordered, crash-safe output: findings and errors as JSON lines, plus the resume state.

Results reach the parent out of order (several workers), but are written in
dump order: :class:`OrderedSink` holds back what arrives early and writes a
unit's pages as soon as every unit before it is written. Each batch of pages
is one ``write`` of whole lines on files opened for appending, so a run
killed at any moment leaves valid JSON lines ending at a finished page. The
state file (written atomically, about once a second and at the end) records
how far the output is complete — *position* ``(dump, unit, ordinal)`` and the
byte sizes of both files at that point — together with the summary so far;
``--resume`` cuts the files back to those sizes and carries on from the
position, so no page is written twice.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikilint.bot.scan.lint import PageResult
from wikilint.bot.scan.summary import ScanSummary
from wikilint.bot.scan.worker import Unit

STATE_VERSION = 1


class OutputError(Exception):
    """An output file that cannot be written, or a state that cannot be used."""


def _open_append(path: Path, keep: int) -> int:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.ftruncate(fd, keep)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    return fd


class OutputFiles:
    """The findings and errors files (or stdout) and the state file."""

    def __init__(
        self,
        findings: Path | None,
        errors: Path | None,
        state: Path | None,
        *,
        keep_findings: int = 0,
        keep_errors: int = 0,
    ) -> None:
        self.findings_path, self.errors_path, self.state_path = findings, errors, state
        self.findings_fd = _open_append(findings, keep_findings) if findings else sys.stdout.fileno()
        self.errors_fd = _open_append(errors, keep_errors) if errors else None
        self.findings_size = keep_findings
        self.errors_size = keep_errors

    def write(self, findings: bytes, errors: bytes) -> None:
        if findings:
            self.findings_size += _write_all(self.findings_fd, findings)
        if errors and self.errors_fd is not None:
            self.errors_size += _write_all(self.errors_fd, errors)

    def save_state(self, state: dict[str, Any]) -> None:
        if self.state_path is None:
            return
        temporary = self.state_path.with_name(self.state_path.name + ".tmp")
        data = json.dumps(state, ensure_ascii=False).encode("utf-8")
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, self.state_path)

    def close(self) -> None:
        for fd in (self.findings_fd if self.findings_path else None, self.errors_fd):
            if fd is not None:
                os.close(fd)


def _write_all(fd: int, data: bytes) -> int:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    return len(data)


def read_state(path: Path) -> dict[str, Any] | None:
    """The saved state, or ``None`` when there is none. Raises :class:`OutputError`."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise OutputError(f"{path}: unreadable resume state: {error}") from None
    if data.get("version") != STATE_VERSION:
        raise OutputError(f"{path}: resume state of another wikilint version")
    return data


@dataclass
class _Pending:
    """A unit handed out and not yet written (its XML is not kept here)."""

    progress_bytes: int
    results: list[PageResult] = field(default_factory=list)
    done: bool = False
    xml_bytes: int = 0
    upto: int = 0  # first ordinal not yet received

    def add(self, results: list[PageResult]) -> None:
        self.results.extend(results)
        for result in reversed(results):
            if result.ordinal >= 0:
                self.upto = max(self.upto, result.ordinal + 1)
                break


class OrderedSink:
    """Writes results in dump order, keeps the summary, checkpoints the state."""

    def __init__(
        self,
        files: OutputFiles,
        summary: ScanSummary,
        *,
        page_url: Callable[[int, str | None, str | None], str | None],
        position: tuple[int, int, int] = (0, 0, 0),
        limit: int | None = None,
        on_problem: Callable[[str, dict[str, Any]], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        render: Callable[[bytes], bytes] | None = None,
        checkpoint_every: float = 1.0,
    ) -> None:
        """``render``: turns the findings' JSON lines into the lines written (another format)."""
        self.files = files
        self.render = render
        self.summary = summary
        self.page_url = page_url
        self.position = position
        self.limit = limit
        self.limit_reached = False
        self.on_problem = on_problem
        self.on_progress = on_progress
        self.checkpoint_every = checkpoint_every
        self.state_extra: Callable[[], dict[str, Any]] = dict
        self._order: deque[tuple[int, int]] = deque()
        self._pending: dict[tuple[int, int], _Pending] = {}
        self._last_checkpoint = time.monotonic()
        self._dirty = False

    # -- what the scheduler calls -------------------------------------------

    @property
    def outstanding(self) -> int:
        """Units handed out and not yet written."""
        return len(self._order)

    def expect(self, unit: Unit) -> None:
        """Register the next unit in dump order (before it is dispatched)."""
        self._order.append(unit.key)
        self._pending[unit.key] = _Pending(unit.progress_bytes, list(unit.results), upto=unit.start)

    def pages(self, key: tuple[int, int], results: list[PageResult]) -> None:
        pending = self._pending.get(key)
        if pending is None:
            return
        pending.add(results)
        self._flush()

    def done(self, key: tuple[int, int], results: list[PageResult], xml_bytes: int = 0) -> None:
        pending = self._pending.get(key)
        if pending is None:
            return
        pending.add(results)
        pending.done = True
        pending.xml_bytes = xml_bytes
        self._flush()

    def received_upto(self, key: tuple[int, int]) -> int | None:
        """First ordinal of the unit not yet received (for a retry)."""
        pending = self._pending.get(key)
        return None if pending is None else pending.upto

    # -- writing -----------------------------------------------------------------

    def _flush(self) -> None:
        while self._order and not self.limit_reached:
            key = self._order[0]
            pending = self._pending[key]
            if pending.results:
                self._write(key, pending.results)
                pending.results = []
            if self.limit_reached or not pending.done:
                break
            self._order.popleft()
            del self._pending[key]
            self.position = (key[0], key[1] + 1, 0)
            self._dirty = True
            self.summary.dumps[key[0]].xml_bytes += pending.xml_bytes
            if self.on_progress:
                self.on_progress(0, pending.progress_bytes)
        self.maybe_checkpoint()

    def _write(self, key: tuple[int, int], results: list[PageResult]) -> None:
        dump = key[0]
        name = self.summary.dumps[dump].name
        findings: list[bytes] = []
        errors: list[bytes] = []
        linted = 0
        for result in results:
            if self.limit is not None and result.linted and self.summary.pages_linted >= self.limit:
                self.limit_reached = True
                break
            self.summary.add_result(
                dump, result, self.page_url(dump, result.title, result.wiki) if result.findings else None
            )
            linted += result.linted
            if result.lines:
                findings.append(self.render(result.lines) if self.render else result.lines)
            for problem in result.problems:
                record = {"dump": name, **problem}
                errors.append(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
                if self.on_problem:
                    self.on_problem(name, problem)
            if result.ordinal >= 0:
                self.position = (key[0], key[1], result.ordinal + 1)
        self.files.write(b"".join(findings), b"".join(errors))
        self._dirty = True
        if self.on_progress:
            self.on_progress(linted, 0)

    def maybe_checkpoint(self) -> None:
        """Save the state if something was written and the last save is old enough."""
        if self._dirty and time.monotonic() - self._last_checkpoint >= self.checkpoint_every:
            self.checkpoint("running")

    def checkpoint(self, status: str) -> None:
        self._last_checkpoint = time.monotonic()
        self._dirty = False
        extra = self.state_extra()  # first: it may bring the summary's times up to date
        self.files.save_state(
            {
                "version": STATE_VERSION,
                "status": status,
                "position": list(self.position),
                "findings_bytes": self.files.findings_size,
                "errors_bytes": self.files.errors_size,
                "summary": self.summary.state(),
                **extra,
            }
        )
