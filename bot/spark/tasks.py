"""What runs on the executors: units of dump or rows of a table in, result rows out.

Each function here is handed to ``mapPartitions`` (or ``flatMap``) and
imports nothing from pyspark unless it must find a file shipped with the
job. Pages are read, filtered and linted with the local scan's own code —
:func:`bot.scan.worker.unit_pages` reads a unit (a range of bz2 streams, a
range of plain XML, or a chunk cut from a stream), the same namespace,
redirect and content-model filter decides what is skipped, and
:func:`bot.scan.lint.lint_page` lints — so a page gives the same findings
here as in ``wikilint scan``. The linter lives in one guarded child process
per Python worker (:mod:`wikilint.bot.spark.guard`), built on first use and kept for
every later task of that worker.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from mwxml.iteration.page import normalize_title

from wikilint.bot.scan.dumps import stream_units as dump_stream_units
from wikilint.bot.scan.lint import LinterSpec, PageResult, build_linter, problem_result, skipped_result
from wikilint.bot.scan.pages import REDIRECT_TEXT, PageProblem, PageRecord
from wikilint.bot.scan.partition import CHUNK_BYTES, ReadState
from wikilint.bot.scan.worker import Unit, skip_reason, unit_pages
from wikilint.bot.spark.guard import GuardedLinter, Lint, lint_in_process
from wikilint.bot.spark.rows import result_row, trailer_row

PageLinter = Callable[[Iterable[Lint | PageResult]], Iterator[PageResult]]
#: Linters of this Python process, by what they were built from.
_LINTERS: dict[tuple[LinterSpec, float, int | None], PageLinter] = {}


@dataclass(frozen=True)
class Source:
    """One input as the executors see it: a dump, or one wiki of a table."""

    index: int
    name: str
    wiki_db: str
    wiki: str  # the profile its pages are linted with
    table: bool = False


@dataclass(frozen=True)
class TaskSettings:
    """Everything a task needs besides its data (small; shipped with each task)."""

    spec: LinterSpec
    page_timeout: float
    sources: tuple[Source, ...]
    namespaces: frozenset[int] | None = frozenset({0})
    chunk_bytes: int = CHUNK_BYTES
    #: The address-space limit of the linting child, in MB (None: no limit).
    page_memory_mb: int | None = None
    #: The table's wikis (the source of a table row is found by its wiki_db).
    by_wiki_db: dict[str, Source] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        self.by_wiki_db.update({s.wiki_db: s for s in self.sources if s.table})


def resolve_spec(spec: LinterSpec) -> LinterSpec:
    """The spec with its configuration file found where Spark put it (``addFile``)."""
    path = spec.config_path
    if path and not os.path.exists(path):
        from pyspark import SparkFiles

        shipped = SparkFiles.get(Path(path).name)
        if os.path.exists(shipped):
            return replace(spec, config_path=shipped)
    return spec


def page_linter(settings: TaskSettings) -> PageLinter:
    """This process's linter for these settings (built once, reused by later tasks)."""
    spec = resolve_spec(settings.spec)
    key = (spec, settings.page_timeout, settings.page_memory_mb)
    linter = _LINTERS.get(key)
    if linter is None:
        if settings.page_timeout > 0:
            linter = GuardedLinter(spec, settings.page_timeout, memory_mb=settings.page_memory_mb).results
        else:
            linter = partial(lint_in_process, build_linter(spec))
        _LINTERS[key] = linter
    return linter


# -- dumps ------------------------------------------------------------------------


def stream_units(unit: Unit, settings: TaskSettings) -> Iterator[Unit]:
    """A dump that cannot be split (xz, gz, single-stream bz2...), cut into chunks of pages
    as the local scan cuts it (:func:`bot.scan.dumps.stream_units`); one task reads
    the stream, and the chunks are then spread over the cluster."""
    for chunk, _ in dump_stream_units(unit, settings.chunk_bytes):
        yield chunk


def pending_chunks(unit: Unit, settings: TaskSettings, done: frozenset[str] = frozenset()) -> Iterator[Unit]:
    """:func:`stream_units` but the chunks an interrupted run committed."""
    for chunk in stream_units(unit, settings):
        if unit_key(chunk.dump, chunk.index) not in done:
            yield chunk


def _unit_items(unit: Unit, state: ReadState) -> Iterator[Lint | PageResult]:
    for record in unit_pages(unit, state):
        if isinstance(record, PageProblem):
            yield problem_result(record)
            continue
        reason = skip_reason(record, unit.namespaces)
        yield skipped_result(record, reason) if reason else Lint(record, unit.wiki)


def lint_units(units: Iterable[Unit], settings: TaskSettings) -> Iterator[tuple]:
    """Result rows of the pages of each unit, then the unit's trailer row."""
    lint = page_linter(settings)
    for unit in units:
        source = settings.sources[unit.dump]
        if not unit.needs_worker:
            for result in unit.results:
                yield result_row(source.index, unit.index, source.wiki_db, source.name, result)
            continue
        state = ReadState()
        for result in lint(_unit_items(unit, state)):
            yield result_row(source.index, unit.index, source.wiki_db, source.name, result)
        yield trailer_row(source.index, unit.index, source.wiki_db, state.xml_bytes)


# -- tables -------------------------------------------------------------------------


def table_page(row: Any) -> PageRecord:
    """A row of a Wikimedia-style wikitext table as the page record a dump would give
    (titles with spaces, as mwxml gives them, whatever the table holds)."""
    data = row.asDict() if hasattr(row, "asDict") else dict(row)
    text = data.get("revision_text") or ""
    redirect = bool(data.get("page_redirect_title")) or bool(REDIRECT_TEXT.match(text))
    page_id = data.get("page_id")
    namespace = data.get("page_namespace")
    return PageRecord(
        page_id if page_id is not None else -1,
        page_id,
        namespace if namespace is not None else 0,
        normalize_title(data.get("page_title") or ""),
        redirect,
        data.get("revision_id"),
        text,
        data.get("revision_content_model"),
    )


def unit_key(source: int, unit: int) -> str:
    """The commit key of a unit of a dump (:mod:`wikilint.bot.spark.commit`)."""
    return f"{source}.{unit}"


def table_key(partition: int) -> str:
    """The commit key of a partition of a table."""
    return f"t{partition}"


def keyed_units(units: Iterable[Unit], settings: TaskSettings) -> Iterator[tuple]:
    """:func:`lint_units`' rows, each followed by its unit's commit key."""
    for row in lint_units(units, settings):
        yield (*row, unit_key(row[0], row[1]))


def keyed_table_rows(
    partition: int, rows: Iterable[Any], settings: TaskSettings, done: frozenset[str] = frozenset()
) -> Iterator[tuple]:
    """:func:`lint_table_rows`' rows with the partition's commit key; nothing for a
    partition an interrupted run committed."""
    key = table_key(partition)
    if key in done:
        return
    for row in lint_table_rows(rows, settings):
        yield (*row, key)


def lint_table_rows(rows: Iterable[Any], settings: TaskSettings) -> Iterator[tuple]:
    """Result rows of table rows (columns renamed to Wikimedia's names, plus ``wiki_db``)."""
    lint = page_linter(settings)
    sources: deque[Source] = deque()

    def items() -> Iterator[Lint | PageResult]:
        for row in rows:
            page = table_page(row)
            source = settings.by_wiki_db[row["wiki_db"]]
            sources.append(source)
            reason = skip_reason(page, settings.namespaces)
            yield skipped_result(page, reason) if reason else Lint(page, source.wiki)

    for result in lint(items()):
        source = sources.popleft()
        yield result_row(source.index, 0, source.wiki_db, source.name, result)
