"""Plain records for the document's derived views."""

from __future__ import annotations

from dataclasses import dataclass

from mwparserfromhell.nodes import ExternalLink, Tag, Template


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

    def param(self, *names: str) -> str | None:
        """The stripped value of the first present parameter among ``names``."""
        for name in names:
            if self.node.has(name):
                return str(self.node.get(name).value).strip()
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
