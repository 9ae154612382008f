"""Linters for the Spark tests, built from ``LinterSpec.factory`` in every process.

``troublesome`` is the real wikilint engine, except on pages carrying a
marker: it hangs, kills its own process, or raises there — what a page that
sends mwparserfromhell into a loop, crashes C code, or breaks the engine
would do. ``with_crashing_rule`` runs a rule that raises on every page.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from wikilint.bot.engine import Engine, LintError
from wikilint.bot.scan.lint import LinterSpec, PageFailure, engine_linter

HANG = "WIKILINT-TEST-HANG"
CRASH = "WIKILINT-TEST-CRASH"
RAISE = "WIKILINT-TEST-RAISE"


def troublesome(engine: bool = True):
    """The engine (or, with ``engine=False``, a linter that finds nothing) plus the markers."""
    lint = engine_linter(LinterSpec()) if engine else (lambda text, *, title, wiki: [])

    def linter(text: str, *, title: str | None, wiki: str) -> list[Any]:
        if HANG in text:
            time.sleep(3600)
        if CRASH in text:
            os.kill(os.getpid(), signal.SIGSEGV)
        if RAISE in text:
            raise RuntimeError("the engine broke on this page")
        return lint(text, title=title, wiki=wiki)

    return linter


def with_crashing_rule(calls: str | None = None):
    """TST001 and a rule that always raises; each call is logged to the file ``calls``."""
    from rules_for_tests import Crashing, TodoMarker

    engine = Engine([TodoMarker(), Crashing()])

    def linter(text: str, *, title: str | None, wiki: str) -> list[Any]:
        if calls:
            with open(calls, "a", encoding="utf-8") as log:
                log.write(f"{title}\n")
        try:
            return engine.lint(text, title=title, wiki=wiki).findings
        except LintError as error:
            raise PageFailure(str(error)) from None

    return linter
