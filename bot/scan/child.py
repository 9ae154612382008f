"""The killable lint process: what the local scan's workers and Spark's guarded child share.

mwparserfromhell's C tokenizer can backtrack for minutes on some nested tags
and cannot be interrupted from inside; a crash in C code takes its process
with it. So pages are linted in a child process that its parent kills when
one page takes longer than ``page_timeout`` seconds (or finds dead), and
whose page then becomes a failed result (:func:`timeout_failure`,
:func:`crash_failure`). The child builds its linter once
(:func:`start_child`), and arms an alarm for each page, the parent's limit
plus a margin, whose default action ends it (:func:`lint_with_alarm`): a
child whose parent has died never spins on a page for ever. A child may also
be given an address-space limit (:func:`limit_memory`, ``RLIMIT_AS``): a page
that needs more memory fails with ``MemoryError`` in the child (or kills it)
instead of taking the machine's memory (:func:`memory_failure`).
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from wikilint.bot.scan.lint import Linter, LinterSpec, PageResult, build_linter, lint_page
from wikilint.bot.scan.pages import PageRecord

#: The default limits of a page in every front end (``--page-timeout``, ``--page-memory``).
PAGE_TIMEOUT_S = 30.0
PAGE_MEMORY_MB = 2048

#: Seconds a child may take to import wikilint and build its linter.
START_TIMEOUT = 300.0
#: The child kills itself (SIGALRM, default action) this long after the parent's page
#: timeout: the C tokenizer holds the interpreter, so only the kernel can stop it.
SELF_TIMEOUT_MARGIN = 10.0


def context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """``forkserver`` (children start from a clean, preloaded process), else ``spawn``."""
    try:
        ctx = multiprocessing.get_context("forkserver")
    except ValueError:
        return multiprocessing.get_context("spawn")
    ctx.set_forkserver_preload(["wikilint.bot.scan.worker"])
    return ctx


def limit_memory(memory_mb: int | None) -> None:
    """Limit this process's address space to ``memory_mb`` MB (``None`` or 0: no limit).

    The limit counts the whole address space (the interpreter and the
    modules loaded included), not only what one page takes.
    """
    if not memory_mb:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mb << 20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def set_child_signals() -> None:
    """The parent decides when a child stops; the page alarm ends it. A
    forked child drops the handlers it inherited: the parent's SIGTERM
    handler (the bot's live mode) would make ``terminate()`` at exit a no-op."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)


def start_child(conn: Connection, spec: LinterSpec) -> Linter | None:
    """Set up a child's signals and build its linter; ``None`` (the parent told
    with a ``("fatal", message)``) when the linter cannot be built."""
    set_child_signals()
    try:
        return build_linter(spec)
    except Exception as error:  # a bad configuration: tell the parent, which stops
        conn.send(("fatal", f"{type(error).__name__}: {error}"))
        return None


@contextmanager
def page_alarm(page_timeout: float | None) -> Iterator[None]:
    """The process's own alarm, armed for one page (none without a time limit)."""
    if page_timeout:
        signal.setitimer(signal.ITIMER_REAL, page_timeout + SELF_TIMEOUT_MARGIN)
    try:
        yield
    finally:
        if page_timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)


def lint_with_alarm(linter: Linter, page: PageRecord, wiki: str, page_timeout: float | None) -> PageResult:
    """Lint one page with the process's own alarm armed (none without a time limit)."""
    with page_alarm(page_timeout):
        return lint_page(linter, page, wiki)


def how_it_ended(exitcode: int | None) -> str:
    """``SIGKILL``, ``exit 1``, or ``killed`` when the code is not known."""
    if exitcode is None:
        return "killed"
    return signal.Signals(-exitcode).name if exitcode < 0 else f"exit {exitcode}"


def timeout_failure(page_timeout: float) -> tuple[str, str]:
    """(kind, message) of a page that took too long."""
    return ("timeout", f"not linted: it took longer than the time limit of {page_timeout:g} s per page")


def crash_failure(exitcode: int | None, page_timeout: float) -> tuple[str, str]:
    """(kind, message) of a page whose process died: its own alarm is a timeout."""
    if exitcode == -signal.SIGALRM:
        return timeout_failure(page_timeout)
    return ("worker-crash", f"not linted: the linting process died ({how_it_ended(exitcode)}) on this page")


def memory_failure(memory_mb: int) -> tuple[str, str]:
    """(kind, message) of a page that needed more memory than the limit."""
    return ("memory", f"not linted: it needed more than the memory limit of {memory_mb:,} MB")


class ChildStartError(Exception):
    """The child did not start, or died before its first message."""


def start_lint_child(
    ctx: Any, target: Callable[..., None], args: tuple, name: str
) -> tuple[Any, Connection, tuple]:
    """Start ``target(conn, *args)`` in a daemon child of ``ctx`` and wait for its
    first message; returns the process, this end of the pipe and that message.

    A forked child closes the end of the pipe it inherited from this process:
    holding it, it would never see this process go away, and would outlive
    it with its standard streams open (a caller reading them would wait for
    ever).
    """
    parent, child = ctx.Pipe(duplex=True)
    if ctx.get_start_method() == "fork":
        run, run_args = _without_inherited_end, (parent, target, child, *args)
    else:
        run, run_args = target, (child, *args)
    process = ctx.Process(target=run, args=run_args, name=name, daemon=True)
    process.start()
    child.close()
    if not parent.poll(START_TIMEOUT):
        process.kill()
        process.join()
        parent.close()
        raise ChildStartError(f"the linting process did not start within {START_TIMEOUT:g} s")
    try:
        message = parent.recv()
    except (EOFError, OSError):
        process.join()
        parent.close()
        raise ChildStartError(f"the linting process died at start (exit {process.exitcode})") from None
    return process, parent, message


def _without_inherited_end(
    inherited: Connection, target: Callable[..., None], conn: Connection, *args: Any
) -> None:
    inherited.close()
    target(conn, *args)


def stop_lint_child(process: Any, conn: Connection, *, grace: float = 0.0) -> int | None:
    """End a child (after ``grace`` seconds to exit by itself); its exit code."""
    if grace:
        process.join(grace)
    if process.is_alive():
        process.kill()
    process.join()
    conn.close()
    return process.exitcode
