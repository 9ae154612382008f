"""The table of output formats: a new format is a module beside this one and a line here."""

from __future__ import annotations

from typing import TextIO

from wikilint.bot.emitters.base import Emitter
from wikilint.bot.emitters.concise import ConciseEmitter
from wikilint.bot.emitters.github import GitHubEmitter
from wikilint.bot.emitters.json import JsonEmitter
from wikilint.bot.emitters.jsonl import JsonLinesEmitter
from wikilint.bot.emitters.sarif import SarifEmitter
from wikilint.bot.emitters.text import TextEmitter

EMITTERS: dict[str, type[Emitter]] = {
    emitter.name: emitter
    for emitter in (TextEmitter, ConciseEmitter, JsonEmitter, JsonLinesEmitter, SarifEmitter, GitHubEmitter)
}
#: The formats that write each page as it comes (those ``scan`` can use).
STREAMING = tuple(name for name, emitter in EMITTERS.items() if emitter.streaming)


def emitter(name: str, out: TextIO) -> Emitter:
    """The emitter of format ``name`` writing to ``out``."""
    return EMITTERS[name](out)
