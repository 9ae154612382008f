"""``wikilint scan`` end to end: plan the dumps, run the workers, write the outputs."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wikilint.bot.commandline import ExitStatus
from wikilint.bot.emitters import json_lines_renderer
from wikilint.bot.scan.dumps import DumpInput, open_dump, stream_units
from wikilint.bot.scan.options import DumpScanOptions
from wikilint.bot.scan.output import OrderedSink, OutputError, OutputFiles, read_state
from wikilint.bot.scan.pool import ScanAborted, Scheduler
from wikilint.bot.scan.progress import Progress, wanted
from wikilint.bot.scan.report import write_report
from wikilint.bot.scan.source import file_identity
from wikilint.bot.scan.summary import DumpStats, ScanSummary, report_lang
from wikilint.bot.scan.worker import Unit

#: Problems printed on stderr before the rest go to the errors file only.
SHOWN_PROBLEMS = 20


class ScanError(Exception):
    """A scan that cannot start (bad options, unusable resume state...)."""


@dataclass(kw_only=True)
class ScanOptions(DumpScanOptions):
    """Everything ``wikilint scan`` was asked to do."""

    jobs: int = field(default_factory=lambda: len(os.sched_getaffinity(0)))
    out: Path | None = None
    limit: int | None = None
    resume: bool = False
    progress: bool | None = None
    format: str = "jsonl"
    """the emitter the findings are written with (a streaming one)"""

    def public(self) -> dict[str, Any]:
        return {**super().public(), "limit": self.limit}


@dataclass
class ScanOutcome:
    status: str
    exit_code: int
    summary: dict[str, Any]
    findings_path: Path | None
    errors_path: Path | None


def _paths(options: ScanOptions) -> tuple[Path | None, Path | None, Path | None]:
    findings = options.out or (options.report / "findings.jsonl" if options.report else None)
    if findings is None:
        return None, None, None
    if options.report:
        errors = options.report / "errors.jsonl"
    else:
        errors = findings.with_name(findings.name.removesuffix(".jsonl") + ".errors.jsonl")
    return findings, errors, findings.with_name(findings.name + ".state.json")


def _fingerprint(options: ScanOptions) -> dict[str, Any]:
    spec = options.spec
    config = None
    if spec.config_path:
        try:
            config = hashlib.sha256(Path(spec.config_path).read_bytes()).hexdigest()
        except OSError:
            config = spec.config_path
    return {
        "dumps": [file_identity(p) if p.exists() else {"path": str(p)} for p in options.dumps],
        "namespaces": sorted(options.namespaces) if options.namespaces is not None else None,
        "wiki": options.wiki,
        "select": list(spec.select) if spec.select is not None else None,
        "ignore": list(spec.ignore) if spec.ignore is not None else None,
        "config": config,
        "factory": spec.factory,
        "factory_options": [list(kv) for kv in spec.options],
        "chunk_bytes": options.chunk_bytes,
        "partition_bytes": options.partition_bytes,
        "format": options.format,
        "min_severity": spec.min_severity.value if spec.min_severity else None,
    }


class _Run:
    """One invocation of the scan."""

    def __init__(self, options: ScanOptions, stop: threading.Event) -> None:
        self.options = options
        self.stop = stop
        self.findings_path, self.errors_path, self.state_path = _paths(options)
        self.fingerprint = _fingerprint(options)
        self.inputs: dict[int, DumpInput] = {}
        self.shown = 0
        self.started = time.monotonic()
        self.previous_elapsed = 0.0
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")

    # -- resume -------------------------------------------------------------------

    def load_state(self) -> dict[str, Any] | None:
        if not self.options.resume:
            return None
        if self.state_path is None:
            raise ScanError("--resume needs --out or --report (where the previous run wrote)")
        state = read_state(self.state_path)
        if state is None:
            return None
        if state.get("fingerprint") != self.fingerprint:
            raise ScanError(
                f"{self.state_path}: the previous run scanned other dumps or used "
                "other options; run without --resume to start again"
            )
        return state

    # -- units ----------------------------------------------------------------------

    def units(
        self, summary: ScanSummary, position: tuple[int, int, int], progress: Progress
    ) -> Iterator[Unit]:
        first_dump, first_unit, first_ordinal = position
        for index, path in enumerate(self.options.dumps):
            if index < first_dump:
                progress.update(0, summary.dumps[index].size)
                continue
            dump = open_dump(
                index,
                path,
                wiki=self.options.wiki,
                stats=summary.dumps[index],
                partition_bytes=self.options.partition_bytes,
            )
            if dump.error is not None:
                if not (index == first_dump and first_unit > 0):
                    yield dump.failed_unit()
                continue
            if dump.stats.warning:
                progress.write(f"wikilint: scan: {path.name}: warning: {dump.stats.warning}")
            self.inputs[index] = dump
            start = (first_unit, first_ordinal) if index == first_dump else (0, 0)
            yield from self._dump_units(dump, start, progress)

    def _dump_units(self, dump: DumpInput, start: tuple[int, int], progress: Progress) -> Iterator[Unit]:
        first_unit, first_ordinal = start
        for unit in dump.units(self.options.namespaces):
            if unit.partition is not None and unit.partition.kind == "stream":
                pieces = stream_units(unit, self.options.chunk_bytes)  # cut here, linted there
            else:
                pieces = iter([(unit, unit.progress_bytes)])
            for piece, size in pieces:
                if piece.index < first_unit:
                    progress.update(0, size)
                    continue
                yield replace(piece, start=first_ordinal) if piece.index == first_unit else piece

    # -- reporting -----------------------------------------------------------------

    def page_url(self, dump: int, title: str | None, wiki: str | None) -> str | None:
        opened = self.inputs.get(dump)
        return opened.page_url(title, wiki) if opened else None

    def problem(self, progress: Progress, dump: str, problem: dict[str, Any]) -> None:
        self.shown += 1
        if self.shown > SHOWN_PROBLEMS:
            if self.shown == SHOWN_PROBLEMS + 1:
                where = f"; the rest are in {self.errors_path}" if self.errors_path else ""
                progress.write(f"wikilint: scan: more problems{where}")
            return
        page = ""
        if problem.get("title") or problem.get("page_id"):
            title = json.dumps(problem.get("title"), ensure_ascii=False)
            page = f" page {problem.get('page_id') or '?'} {title}:"
        progress.write(f"wikilint: scan: {dump}:{page} {problem['kind']}: {problem['message']} (skipped)")

    def elapsed(self) -> float:
        return self.previous_elapsed + time.monotonic() - self.started


def scan(options: ScanOptions, *, stop: threading.Event | None = None) -> ScanOutcome:
    """Run a scan. Raises :class:`ScanError` for what cannot start."""
    stop = stop or threading.Event()
    run = _Run(options, stop)
    try:
        state = run.load_state()
    except OutputError as error:
        raise ScanError(str(error)) from None
    if state is not None:
        summary = ScanSummary.from_state(state["summary"])
        position = tuple(state["position"])
        run.previous_elapsed = summary.elapsed_s
        run.started_at = state.get("started_at", run.started_at)
        keep = (state["findings_bytes"], state["errors_bytes"])
    else:
        summary = ScanSummary(
            dumps=[DumpStats(path=str(p), name=p.name, size=_size(p)) for p in options.dumps]
        )
        position, keep = (0, 0, 0), (0, 0)
    try:
        if options.report:
            options.report.mkdir(parents=True, exist_ok=True)
        files = OutputFiles(
            run.findings_path, run.errors_path, run.state_path, keep_findings=keep[0], keep_errors=keep[1]
        )
    except OSError as error:
        raise ScanError(f"cannot write {options.report}: {error.strerror or error}") from None
    except OutputError as error:
        raise ScanError(str(error)) from None
    show = wanted() if options.progress is None else options.progress
    progress = Progress(sum(d.size for d in summary.dumps), enabled=show)
    sink = OrderedSink(
        files,
        summary,
        page_url=run.page_url,
        position=position,
        limit=options.limit,
        on_problem=lambda dump, problem: run.problem(progress, dump, problem),
        on_progress=progress.update,
        render=json_lines_renderer(options.format),
    )

    def extra() -> dict[str, Any]:
        summary.elapsed_s = run.elapsed()
        return {"fingerprint": run.fingerprint, "started_at": run.started_at}

    sink.state_extra = extra
    if (
        state is not None
        and state.get("status") in ("complete", "limit")
        and (
            state.get("status") == "complete"
            or options.limit is None
            or summary.pages_linted >= options.limit
        )
    ):
        status = state["status"]
    else:
        scheduler = Scheduler(
            options.jobs,
            options.spec,
            sink,
            page_timeout=options.page_timeout,
            memory_mb=options.page_memory_mb,
        )
        try:
            status = scheduler.run(run.units(summary, position, progress), stop)
        except ScanAborted as error:
            sink.checkpoint("interrupted")
            files.close()
            progress.close()
            raise ScanError(f"the linter could not start: {error}") from None
        sink.checkpoint(status)
    progress.close()
    files.close()
    if status == "complete" and run.state_path is not None:
        # only an unfinished scan (interrupted, or stopped at --limit) keeps it for --resume
        run.state_path.unlink(missing_ok=True)
    finished = datetime.now(UTC).isoformat(timespec="seconds")
    result = summary.summary(
        status=status,
        started_at=run.started_at,
        finished_at=finished,
        jobs=options.jobs,
        options=options.public(),
    ).to_json()
    if options.report:
        try:
            (options.report / "summary.json").write_text(
                json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            write_report(result, options.report / "report.html", report_lang(options.spec))
        except OSError as error:
            raise ScanError(
                f"cannot write the report in {options.report}: {error.strerror or error}"
            ) from None
    if status == "interrupted":
        code = ExitStatus.INTERRUPTED
    elif not any(d.kind for d in summary.dumps):
        code = ExitStatus.ERROR  # not one dump could be read
    elif summary.problems:
        code = ExitStatus.SKIPPED
    else:
        code = ExitStatus.OK
    return ScanOutcome(status, code, result, run.findings_path, run.errors_path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class StopOnSignals:
    """SIGINT and SIGTERM set an event instead of killing the scan mid-write."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.stop.is_set():  # a second Ctrl-C: the user means it
            raise KeyboardInterrupt
        self.stop.set()
        print("wikilint: scan: stopping; the output is kept and --resume continues", file=sys.stderr)

    def __enter__(self) -> StopOnSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
