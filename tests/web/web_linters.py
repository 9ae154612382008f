"""Linters for the web tests, built from ``LinterSpec.factory`` in the lint children.

``troublesome_engine``: the real engine, except on a text carrying
:data:`HANG` (it sleeps, as a page that sends the parser into a loop would)
or :data:`CRASH` (it kills its own process, as a crash in C code would)
or :data:`HOG` (it takes all the memory it can, as a page needing gigabytes would).
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from wikilint.bot.scan.lint import LinterSpec, engine_linter

HANG = "WIKILINT-WEB-TEST-HANG"
CRASH = "WIKILINT-WEB-TEST-CRASH"
HOG = "WIKILINT-WEB-TEST-HOG"


def troublesome_engine():
    lint = engine_linter(LinterSpec())

    def linter(text: str, *, title: str | None, wiki: str) -> list[Any]:
        if HANG in text:
            time.sleep(3600)
        if HOG in text:
            hoard = []
            while True:
                hoard.append(bytearray(16 << 20))
        if CRASH in text:
            os.kill(os.getpid(), signal.SIGSEGV)
        return lint(text, title=title, wiki=wiki)

    return linter
