"""Output formats: one emitter class per format, one module each, named in one
table (:mod:`~wikilint.bot.emitters.table`), used by check, scan and spark."""

from __future__ import annotations

from wikilint.bot.emitters.base import Emitter, Page, Totals, finding_record, summary_line
from wikilint.bot.emitters.records import json_lines_renderer
from wikilint.bot.emitters.table import EMITTERS, STREAMING, emitter

__all__ = [
    "EMITTERS",
    "STREAMING",
    "Emitter",
    "Page",
    "Totals",
    "emitter",
    "finding_record",
    "json_lines_renderer",
    "summary_line",
]
