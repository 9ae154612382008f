"""What a rule reports: a :class:`Finding` at a place in the wikitext."""

from __future__ import annotations

import hashlib
import re
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.fix import Fix


class Severity(str, Enum):
    """How much a finding matters; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Finding(BaseModel):
    """One problem found in one article.

    Lines and columns are 1-based and count characters (not bytes) of the
    wikitext; ``end_line``/``end_column`` point just past the flagged text.
    ``offset``/``end_offset`` are the same two places as 0-based character
    offsets into the text (``text[offset:end_offset]`` is the flagged text).
    ``evidence`` holds the facts behind the finding (the numbers that do not
    add up, the date of a tag, the URL cited twice...) for reports and tools.
    ``fix``, when the rule knows the repair, holds its edits and whether it is
    safe to apply unread (:mod:`wikilint.rules.fix`).
    """

    model_config = ConfigDict(frozen=True)

    code: str
    rule: str
    severity: Severity
    message: str
    """the message rendered in English (``message_key`` and ``params`` render
    it in another language, :mod:`wikilint.rules.messages`)"""
    message_key: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    """the parameters of the message and of the suggestion (JSON values)"""
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    offset: int | None = Field(default=None, ge=0)
    end_offset: int | None = Field(default=None, ge=0)
    section: str = ""
    snippet: str = ""
    suggestion: str | None = None
    suggestion_key: str | None = None
    evidence: dict[str, Any] = Field(default_factory=dict)
    fingerprint: str | None = None
    """what the finding is about, independent of where the page puts it
    (:func:`fingerprint_of`): the same finding keeps it when the article is
    edited elsewhere, so a false positive is marked once (whitelists)"""
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)


#: Characters of the same line on each side of a finding that its fingerprint covers.
FINGERPRINT_CONTEXT = 40
_SPACES = re.compile(r"\s+")


def _normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fingerprint_of(code: str, text: str, start: int, end: int) -> str:
    """A stable fingerprint of the finding of rule ``code`` over ``text[start:end]``.

    It hashes the rule, the flagged text and up to :data:`FINGERPRINT_CONTEXT`
    characters around it on the same line, whitespace collapsed; never line
    numbers or offsets. So an edit elsewhere in the article (a paragraph added
    above, another sentence rewritten) leaves it unchanged, while an edit of
    the flagged text or right next to it gives a new one. Identical findings
    in identical surroundings share one fingerprint.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    before = _normalised(text[max(line_start, start - FINGERPRINT_CONTEXT) : start])
    after = _normalised(text[end : min(line_end, end + FINGERPRINT_CONTEXT)])
    payload = "\x1f".join((code, before, _normalised(text[start:end]), after))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
