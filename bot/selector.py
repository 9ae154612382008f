"""Rule selectors: one meaning for ``--select``/``--ignore``, the profiles'
selections and ``wikilint-disable`` comments.

A selector names rules by code (``CIT001``), code prefix (``CIT``, ``REF0``),
name (``citation-needed``) or ``ALL``, case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

_CODE_PREFIX = re.compile(r"^[A-Z]{1,4}\d{0,3}$")


class Named(Protocol):
    """A rule, or anything with its ``code`` and ``name``."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class Selector:
    """One selector as written, e.g. ``cit`` or ``bare-url``."""

    text: str

    @classmethod
    def parse(cls, text: str) -> Selector:
        return cls(text.strip())

    @property
    def selects_all(self) -> bool:
        return self.text.upper() == "ALL"

    def matches(self, code: str, name: str) -> bool:
        """Whether the rule ``code``/``name`` is one this selector names."""
        key = self.text.upper()
        if key == "ALL" or key == code.upper() or self.text.lower() == name.lower():
            return True
        return bool(_CODE_PREFIX.match(key)) and code.upper().startswith(key)

    def __str__(self) -> str:
        return self.text


def selectors(texts: Iterable[str]) -> tuple[Selector, ...]:
    """The non-empty selectors among ``texts``."""
    return tuple(Selector.parse(t) for t in texts if t.strip())


def any_matches(chosen: Iterable[Selector], code: str, name: str) -> bool:
    return any(s.matches(code, name) for s in chosen)


def unknown(chosen: Iterable[Selector], rules: Iterable[Named]) -> list[Selector]:
    """The selectors that name none of ``rules``."""
    rules = list(rules)
    return [s for s in chosen if not s.selects_all and not any(s.matches(r.code, r.name) for r in rules)]


@dataclass(frozen=True)
class Selection:
    """Rules chosen by ``select`` (every rule when empty) minus those ``ignore`` names."""

    select: tuple[Selector, ...] = ()
    ignore: tuple[Selector, ...] = ()

    @classmethod
    def of(cls, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
        return cls(selectors(select), selectors(ignore))

    def admits(self, code: str, name: str) -> bool:
        if self.select and not any_matches(self.select, code, name):
            return False
        return not any_matches(self.ignore, code, name)
