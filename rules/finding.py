"""What a rule reports: a :class:`Finding` at a place in the wikitext."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)
