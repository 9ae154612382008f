"""How a finding is repaired: a :class:`Fix` of one or more :class:`Edit`\\ s.

A rule attaches a fix to a finding when the repair is mechanical::

    yield self.finding(doc, start, end, self.message("invisible", char="U+200B"),
                       fix=Fix.safe(Edit.delete(start, end)))

An edit replaces ``text[start:end]`` with ``content`` (offsets are 0-based
character offsets into the page's text, as a finding's ``offset``). The edits
of one fix never overlap and are kept in text order. A fix is

- ``safe`` when the rendered article is the same or certainly better (removing
  a zero-width space): ``wikilint check --fix`` and ``wikilint bot -fix`` apply it;
- ``unsafe`` when a person should review it (``--unsafe-fixes``).

Applying fixes (several at once, in passes) is the runner's business
(:mod:`wikilint.bot.fixing`); this module is the data a rule hands over.
"""

from __future__ import annotations

from enum import Enum
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Applicability(str, Enum):
    """Whether a fix may be applied without a person reading it."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


class Edit(BaseModel):
    """Replace ``text[start:end]`` with ``content`` (an insertion when ``start == end``,
    a deletion when ``content`` is empty)."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    content: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Edit:
        if self.end < self.start:
            raise ValueError(f"edit ends ({self.end}) before it starts ({self.start})")
        return self

    @classmethod
    def replace(cls, start: int, end: int, content: str) -> Edit:
        return cls(start=start, end=end, content=content)

    @classmethod
    def insert(cls, at: int, content: str) -> Edit:
        return cls(start=at, end=at, content=content)

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(start=start, end=end)

    def touches(self, other: Edit) -> bool:
        """Whether the two edits overlap or meet (then their order is ambiguous)."""
        return self.start <= other.end and other.start <= self.end


class Fix(BaseModel):
    """The edits that repair one finding, and whether they are safe."""

    model_config = ConfigDict(frozen=True)

    applicability: Applicability
    edits: tuple[Edit, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _disjoint(self) -> Fix:
        edits = tuple(sorted(self.edits, key=lambda e: (e.start, e.end)))
        for before, after in pairwise(edits):
            if before.touches(after):
                raise ValueError(
                    f"edits of one fix overlap: {before.start}-{before.end} and {after.start}-{after.end}"
                )
        object.__setattr__(self, "edits", edits)
        return self

    @classmethod
    def safe(cls, *edits: Edit) -> Fix:
        return cls(applicability=Applicability.SAFE, edits=edits)

    @classmethod
    def unsafe(cls, *edits: Edit) -> Fix:
        return cls(applicability=Applicability.UNSAFE, edits=edits)

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    def apply(self, text: str) -> str:
        """``text`` with this fix's edits made."""
        pieces, position = [], 0
        for edit in self.edits:
            pieces += [text[position : edit.start], edit.content]
            position = edit.end
        pieces.append(text[position:])
        return "".join(pieces)
