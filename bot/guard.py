"""One guard for every front end: a time and a memory limit per page.

``wikilint check``, the bot and the web tool lint through a
:class:`GuardedLinter`, as ``scan`` and Spark do through their workers: the
pages are linted in a child process (:mod:`wikilint.bot.scan.child`) that
its parent kills when one page takes longer than ``timeout`` seconds, and
whose address space is limited to ``memory_mb`` MB. Such a page raises
:class:`PageOverLimit` (a :class:`~wikilint.bot.engine.LintError`: each front
end reports it as it reports a page it cannot read) and the next page gets a
fresh child. Otherwise one child lints every page, so the guard costs a
fork and a pipe round trip per page, not a start-up per page.

The child is forked from the caller when the caller has a single thread
(the command line: it starts in milliseconds and inherits the linter built
here); a multi-threaded caller (a web server) gets one from the fork server,
which builds its own linter from the same :class:`~wikilint.bot.scan.lint.LinterSpec`.

    guard = GuardedLinter(LinterSpec(select=("CIT",)), timeout=30, memory_mb=2048)
    result = guard.lint(text, title="Page")   # .findings, .wiki, .text, .language, .warnings
    guard.close()
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from wikilint.bot.config import Config, load_config
from wikilint.bot.engine import INTERNAL_ERROR_CODE, Engine, LintError, detect_wiki
from wikilint.bot.scan.child import (
    PAGE_MEMORY_MB,
    PAGE_TIMEOUT_S,
    ChildStartError,
    context,
    crash_failure,
    limit_memory,
    memory_failure,
    page_alarm,
    set_child_signals,
    start_lint_child,
    stop_lint_child,
    timeout_failure,
)
from wikilint.bot.scan.lint import LinterSpec, build_linter
from wikilint.rules.finding import Finding
from wikilint.rules.profile import load_profile

#: Defaults of ``--page-timeout`` and ``--page-memory``, as on every front end.
DEFAULT_TIMEOUT = PAGE_TIMEOUT_S
DEFAULT_MEMORY_MB = PAGE_MEMORY_MB


class PageOverLimit(LintError):
    """A page that took longer than the time limit, needed more memory than the
    limit or killed the linting process; ``kind`` is ``timeout``, ``memory`` or
    ``worker-crash`` (the kinds of the scan's errors log)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class GuardError(LintError):
    """The linting process cannot start (it dies at start or does not answer)."""


@dataclass
class GuardedResult:
    """What linting one page gave: the fields of :class:`~wikilint.bot.engine.LintResult`
    that cross a process boundary."""

    findings: list[Finding]
    wiki: str
    text: str
    """the text as linted (as MediaWiki stores it: line breaks normalised...)"""
    language: str = "en"
    """the language of the page's wiki profile"""
    warnings: list[Any] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """The ``internal-error`` findings (a rule or the parser that crashed)."""
        return [f for f in self.findings if f.code == INTERNAL_ERROR_CODE]


def build_engine(spec: LinterSpec, config: Config | None = None) -> Any:
    """The engine a spec describes (or the spec's test ``factory``'s linter);
    ``config`` replaces the spec's configuration file. Raises ``ConfigError``
    for a bad configuration."""
    if spec.factory:
        return build_linter(spec)
    return Engine.from_config(
        config or load_config(spec.config_path),
        select=list(spec.select) if spec.select is not None else None,
        ignore=list(spec.ignore) if spec.ignore is not None else None,
        min_severity=spec.min_severity,
    )


def lint_once(linter: Any, text: str, title: str | None, wiki: str | None) -> GuardedResult:
    """Lint one page with an engine, or with a plain linter function (tests' factories)."""
    if isinstance(linter, Engine):
        result = linter.lint(text, title=title, wiki=wiki)
        return GuardedResult(
            result.findings,
            result.wiki,
            result.document.text,
            result.document.profile.language,
            list(result.warnings),
        )
    wiki = wiki if wiki and wiki != "auto" else detect_wiki(text)
    return GuardedResult(list(linter(text, title=title, wiki=wiki)), wiki, text, load_profile(wiki).language)


def _unraisable(unraisable: Any) -> None:
    """Say nothing of a ``MemoryError`` raised where it cannot propagate (a finaliser
    run while a page over the memory limit unwinds); the rest as usual."""
    if not isinstance(unraisable.exc_value, MemoryError):
        sys.__unraisablehook__(unraisable)


def child_main(
    conn: Connection,
    linter: Any,
    spec: LinterSpec,
    config: Config | None,
    timeout: float | None,
    memory_mb: int | None,
) -> None:
    """The linting process: build the linter unless it came with the fork,
    then answer one message per page: ``("ok", result)``, ``("refused",
    message)`` (a :class:`LintError`), ``("memory",)`` (and exit: its heap may
    be in pieces) or ``("error", message)``."""
    set_child_signals()
    faulthandler.disable()  # a crash is the parent's to report, once
    sys.unraisablehook = _unraisable  # a page over the memory limit is reported once too
    if linter is None:
        try:
            linter = build_engine(spec, config)
        except Exception as error:
            conn.send(("fatal", error))
            return
    limit_memory(memory_mb)
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        text, title, wiki = message
        try:
            with page_alarm(timeout):
                reply: tuple = ("ok", lint_once(linter, text, title, wiki))
        except LintError as error:
            reply = ("refused", str(error))
        except MemoryError:
            del message, text
            conn.send(("memory",))
            return
        except Exception as error:  # the engine isolates rules; a last line of defence
            reply = ("error", f"{type(error).__name__}: {error}")
        conn.send(reply)


class GuardedLinter:
    """Lints pages in a child process with a time and a memory limit per page.

    ``timeout`` (seconds) and ``memory_mb``: ``None`` or 0 is no limit; with
    neither, pages are linted in this process. ``wiki``: the profile of a
    page linted without one (default: the configuration's). ``config``: a
    configuration to use instead of the spec's file (e.g. read from a wiki). Raises
    ``ConfigError`` at once for a bad configuration. Not for concurrent use
    from several threads: give each thread its own.
    """

    def __init__(
        self,
        spec: LinterSpec | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        *,
        wiki: str | None = None,
        config: Config | None = None,
    ) -> None:
        self.spec = spec or LinterSpec()
        self.config = config
        self.timeout = timeout or None
        self.memory_mb = memory_mb or None
        self.wiki = wiki
        self.linter = build_engine(self.spec, config)
        self.process: Any = None
        self.conn: Connection | None = None
        self.starts = 0

    @property
    def guarded(self) -> bool:
        return bool(self.timeout or self.memory_mb)

    def lint(self, text: str, *, title: str | None = None, wiki: str | None = None) -> GuardedResult:
        """Lint one page. Raises :class:`PageOverLimit` for a page over a limit,
        :class:`~wikilint.bot.engine.LintError` for a page the engine refuses."""
        wiki = wiki or self.wiki
        if not self.guarded:
            return lint_once(self.linter, text, title, wiki)
        if self.process is None:
            self._start()
        assert self.conn is not None
        try:
            self.conn.send((text, title, wiki))
            if not self.conn.poll(self.timeout):
                self._stop()
                raise PageOverLimit(*timeout_failure(self.timeout or 0))
            reply = self.conn.recv()
        except (EOFError, OSError):
            kind, message = crash_failure(self._stop(grace=2.0), self.timeout or 0)
            if kind == "worker-crash" and self.memory_mb:
                message += f", under the memory limit of {self.memory_mb:,} MB"
            raise PageOverLimit(kind, message) from None
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "memory":
            self._stop(grace=5.0)
            raise PageOverLimit(*memory_failure(self.memory_mb or 0))
        raise LintError(reply[1])

    def close(self) -> None:
        """Let the child exit (it also exits by itself when this process goes away)."""
        if self.process is None:
            return
        try:
            assert self.conn is not None
            self.conn.send(None)
        except OSError:
            pass
        self._stop(grace=5.0)

    def __enter__(self) -> GuardedLinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the child ------------------------------------------------------------

    def _start(self) -> None:
        """Fork a child that inherits the linter, or (several threads running,
        where forking is unsafe) get one from the fork server that builds its own."""
        forking = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        ctx = multiprocessing.get_context("fork") if forking else context()
        self.starts += 1
        try:
            process, conn, message = start_lint_child(
                ctx,
                child_main,
                (self.linter if forking else None, self.spec, self.config, self.timeout, self.memory_mb),
                "wikilint-lint",
            )
        except ChildStartError as error:
            raise GuardError(str(error)) from None
        if message[0] == "fatal":
            stop_lint_child(process, conn)
            raise message[1]
        self.process, self.conn = process, conn

    def _stop(self, *, grace: float = 0.0) -> int | None:
        """End the child (after ``grace`` seconds to exit by itself); its exit code."""
        assert self.process is not None and self.conn is not None
        code = stop_lint_child(self.process, self.conn, grace=grace)
        self.process = self.conn = None
        return code


def linter_spec(args: Any) -> LinterSpec:
    """The spec of the command line's ``--config``, ``--select``, ``--ignore``
    and ``--min-severity``."""
    return LinterSpec(
        config_path=getattr(args, "config", None),
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore) if args.ignore is not None else None,
        min_severity=args.min_severity,
        parse_all=bool(getattr(args, "parse_all", False)),
    )
