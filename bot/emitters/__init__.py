"""Output formats: one emitter class per format, one module each, and the table
that names them. A new format is a module here and a line in :data:`EMITTERS`."""

from __future__ import annotations

import io
import json
from typing import Callable, TextIO

from wikilint.rules.finding import Finding

from wikilint.bot.emitters.base import Emitter, Page, Totals, finding_record, summary_line
from wikilint.bot.emitters.concise import ConciseEmitter
from wikilint.bot.emitters.github import GitHubEmitter
from wikilint.bot.emitters.json import JsonEmitter
from wikilint.bot.emitters.jsonl import JsonLinesEmitter
from wikilint.bot.emitters.sarif import SarifEmitter
from wikilint.bot.emitters.text import TextEmitter

EMITTERS: dict[str, type[Emitter]] = {emitter.name: emitter for emitter in (
    TextEmitter, ConciseEmitter, JsonEmitter, JsonLinesEmitter, SarifEmitter, GitHubEmitter)}
#: The formats that write each page as it comes (those ``scan`` can use).
STREAMING = tuple(name for name, emitter in EMITTERS.items() if emitter.streaming)


def emitter(name: str, out: TextIO) -> Emitter:
    """The emitter of format ``name`` writing to ``out``."""
    return EMITTERS[name](out)


def json_lines_renderer(name: str) -> Callable[[bytes], bytes] | None:
    """For ``scan``: turns the findings as the scan writes them (JSON lines with the
    page's fields) into the lines of the streaming format ``name``, each under its
    page's title; ``None`` for ``jsonl`` itself."""
    if name == "jsonl":
        return None
    writer = EMITTERS[name](io.StringIO())

    def render(lines: bytes) -> bytes:
        pages = []
        for line in lines.decode("utf-8").split("\n"):
            if line:
                record = json.loads(line)
                pages.append(writer.render(Page(record.get("title") or "",
                                                [Finding.model_validate(record)])))
        return "".join(pages).encode("utf-8")

    return render


__all__ = ["EMITTERS", "STREAMING", "Emitter", "Page", "Totals", "emitter", "finding_record",
           "json_lines_renderer", "summary_line"]
