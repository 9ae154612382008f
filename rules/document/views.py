"""Plain records for the document's derived views."""

from __future__ import annotations

from dataclasses import dataclass, field

from mwparserfromhell.nodes import ExternalLink, Tag, Template
from mwparserfromhell.nodes.extras import Parameter

from wikilint.rules.document.tree import text_of


@dataclass(frozen=True, slots=True)
class Section:
    """A section: the lead is index 0 with level 0 and an empty title."""

    index: int
    title: str
    level: int
    start: int
    """offset of the heading (of the page, for the lead)"""
    end: int
    body_start: int
    """offset just past the heading line"""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or a list item of the page's own text (not inside a template)."""

    kind: str  # "paragraph" | "list_item"
    start: int
    end: int
    section: int
    text: str
    marker: str = ""
    """the list marker (``*``, ``#``, ``**``...) of a list item"""


@dataclass(frozen=True, slots=True)
class TemplateRef:
    """A template transclusion and its normalised name."""

    node: Template
    start: int
    end: int
    name: str
    """the name as written, stripped of comments and whitespace"""
    key: str
    """the normalised name used to match alias groups"""
    depth: int

    _by_name: dict[str, Parameter] | None = field(default=None, init=False, repr=False, compare=False)

    def parameter(self, name: str) -> Parameter | None:
        """The parameter named ``name`` — the last one, as MediaWiki reads
        it — or None. The names are indexed on the first call (a template's
        own ``has``/``get`` compare every parameter's name on each call)."""
        by_name = self._by_name
        if by_name is None:
            by_name = {text_of(p.name).strip(): p for p in self.node.params}
            object.__setattr__(self, "_by_name", by_name)
        return by_name.get(name)

    def param(self, *names: str) -> str | None:
        """The stripped value of the first present parameter among ``names``."""
        for name in names:
            found = self.parameter(name)
            if found is not None:
                return text_of(found.value).strip()
        return None


@dataclass(frozen=True, slots=True)
class RefTag:
    """A ``<ref>`` tag: a definition (with content) or a reuse by name."""

    node: Tag
    start: int
    end: int
    name: str | None
    group: str | None
    content: str
    content_start: int
    content_end: int

    @property
    def is_reuse(self) -> bool:
        return self.name is not None and not self.content.strip()


@dataclass(frozen=True, slots=True)
class LinkRef:
    """An external link: bracketed (``[http://… title]``) or a plain URL."""

    node: ExternalLink
    start: int
    end: int
    url: str
    title: str | None
    brackets: bool
    depth: int
