"""Linters for the scan tests, built in every worker from ``LinterSpec.factory``.

They run the real wikilint engine with the small ``TST001`` rule (``TODO`` in
the text), so the findings do not depend on which built-in rules exist. A page
carrying a marker makes the linter hang (as mwparserfromhell's tokenizer can),
kill its own process (as a crash in C code would), take all the memory it
can (as a page that needs gigabytes would) or raise.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from wikilint.bot.engine import Engine

HANG = "WIKILINT-TEST-HANG"
CRASH = "WIKILINT-TEST-CRASH"
RAISE = "WIKILINT-TEST-RAISE"
HOG = "WIKILINT-TEST-HOG"
FACTORY = "scan_linters:todo"


def todo(sleep: float = 0.0, crashing_rule: bool = False):
    from rules_for_tests import Crashing, TodoMarker

    engine = Engine([TodoMarker(), Crashing()] if crashing_rule else [TodoMarker()])

    def linter(text: str, *, title: str | None, wiki: str) -> list[Any]:
        if HANG in text:
            while True:  # busy, like a tokenizer that backtracks for ever
                pass
        if CRASH in text:
            os.kill(os.getpid(), signal.SIGSEGV)
        if HOG in text:
            hoard = []
            while True:
                hoard.append(bytearray(16 << 20))
        if RAISE in text:
            raise RuntimeError("the linter broke on this page")
        if sleep:
            time.sleep(sleep)
        return engine.lint(text, title=title, wiki=wiki).findings

    return linter
