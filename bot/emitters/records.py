"""Findings that arrive as the scan writes them (JSON lines), in another format."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from wikilint.bot.emitters.base import Page
from wikilint.bot.emitters.table import EMITTERS
from wikilint.rules.finding import Finding


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
                pages.append(writer.render(Page(record.get("title") or "", [Finding.model_validate(record)])))
        return "".join(pages).encode("utf-8")

    return render
