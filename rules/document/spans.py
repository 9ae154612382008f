"""Exact source offsets for every node of a mwparserfromhell tree.

mwparserfromhell nodes carry no offsets. This module lays the tree out again,
piece by piece, exactly as each node's ``__str__`` writes it (``{{``, name, then
``|`` [name ``=``] value for a template...), with a running offset. Searching
for a node's text instead would misplace values such as ``{{foo|a==}}`` and
repeated text. ``tests/test_spans.py`` checks ``text[start:end] == str(node)``
for every node.

The document model's own parse lays the tree out while it builds it
(:mod:`tree`); :func:`layout` is the walk it is checked against, and the one
used when a tree comes from mwparserfromhell's builder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

NodeT = TypeVar("NodeT", bound=Node)


@dataclass(slots=True, eq=False)
class NodeSpan(Generic[NodeT]):
    """A node, where it is in the source, and how deep it is nested.

    Treat it as read-only: it is mutable only so that the layout walk can set
    ``end`` when a node closes (frozen instances cost three times as much to
    create, and there is one per node of every page).
    """

    node: NodeT
    start: int
    end: int
    depth: int
    """0 for nodes of the page itself, 1 inside a template parameter or tag..."""


def _pieces(node: Node) -> Iterator[str | Wikicode]:
    """The parts of ``node`` in source order: literal strings and child Wikicode."""
    if isinstance(node, Template):
        yield "{{"
        yield node.name
        for param in node.params:
            yield "|"
            if param.showkey:
                yield param.name
                yield "="
            yield param.value
        yield "}}"
    elif isinstance(node, Tag):
        yield from _tag_pieces(node)
    elif isinstance(node, Wikilink):
        yield "[["
        yield node.title
        if node.text is not None:
            yield "|"
            yield node.text
        yield "]]"
    elif isinstance(node, ExternalLink):
        if node.brackets:
            yield "["
        yield node.url
        if node.brackets:
            if node.title is not None:
                if node.suppress_space is not True:
                    yield " "
                yield node.title
            yield "]"
    elif isinstance(node, Heading):
        yield "=" * node.level
        yield node.title
        yield "=" * node.level
    elif isinstance(node, Argument):
        yield "{{{"
        yield node.name
        if node.default is not None:
            yield "|"
            yield node.default
        yield "}}}"
    else:  # Text, Comment, HTMLEntity and unknown leaves
        yield str(node)


def _attribute_pieces(tag: Tag) -> Iterator[str | Wikicode]:
    for attr in tag.attributes:
        yield attr.pad_first
        yield attr.name
        yield attr.pad_before_eq
        if attr.value is not None:
            yield "=" + attr.pad_after_eq
            if attr.quotes:
                yield attr.quotes
            yield attr.value
            if attr.quotes:
                yield attr.quotes


def _tag_pieces(tag: Tag) -> Iterator[str | Wikicode]:
    if tag.wiki_markup:
        yield tag.wiki_markup
        yield from _attribute_pieces(tag)
        yield (tag.padding or "") + (tag.wiki_style_separator or "")
        if not tag.self_closing:
            yield tag.contents
            yield tag.closing_wiki_markup or ""
        return
    yield "</" if tag.invalid else "<"
    yield tag.tag
    yield from _attribute_pieces(tag)
    if tag.self_closing:
        yield tag.padding + (">" if tag.implicit else "/>")
    else:
        yield tag.padding + ">"
        yield tag.contents
        yield "</"
        yield tag.closing_tag
        yield ">"


@dataclass(slots=True, eq=False)
class Layout:
    """Where every node of a tree is.

    Plain text inside another node (a parameter's value, a link's label) is
    most of a page's nodes and is rarely asked for: it gets no
    :class:`NodeSpan`, only its start in :attr:`text_starts`.
    """

    spans: list[NodeSpan[Node]]
    """every node but the text inside other nodes, in source (pre-)order"""
    by_id: dict[int, NodeSpan[Node]]
    """the same spans, by ``id(node)``"""
    text_starts: dict[int, int]
    """``id(text node)`` -> start, for the text inside other nodes"""
    by_type: dict[type, list[NodeSpan[Node]]]
    """the same spans, by the type of their node (``Template``...), in source order"""

    def span(self, node: Node) -> tuple[int, int]:
        """``(start, end)`` of any node of the tree (KeyError for a stranger)."""
        found = self.by_id.get(id(node))
        if found is not None:
            return found.start, found.end
        start = self.text_starts[id(node)]
        return start, start + len(cast(Text, node).value)


def layout(code: Wikicode, start: int = 0) -> Layout:
    """Where every node under ``code`` is (see :class:`Layout`), in source (pre-)order.

    The walk recurses once per level of nesting. The parser's own tree
    builder recurses several times per level, so a page it could build
    cannot be too deep for this walk. It runs once per page over every node:
    it dispatches on exact types (nodes are never subclassed) rather than
    isinstance chains, and lays templates and wikilinks, the most common
    nodes with children, out directly rather than through :func:`_pieces`.
    """
    spans: list[NodeSpan[Node]] = []
    by_id: dict[int, NodeSpan[Node]] = {}
    text_starts: dict[int, int] = {}
    by_type: defaultdict[type, list[NodeSpan[Node]]] = defaultdict(list)
    append = spans.append

    def lay(code: Wikicode, offset: int, depth: int) -> int:
        for node in code.nodes:
            kind = type(node)
            if kind is Text:
                size = len(cast(Text, node).value)
                if depth:
                    text_starts[id(node)] = offset
                    offset += size
                else:
                    end = offset + size
                    append(span := NodeSpan(node, offset, end, depth))
                    by_id[id(node)] = span
                    by_type[kind].append(span)
                    offset = end
                continue
            append(span := NodeSpan(node, offset, offset, depth))
            by_id[id(node)] = span
            by_type[kind].append(span)
            inner = depth + 1
            if kind is Template:
                template = cast(Template, node)
                offset = lay(template.name, offset + 2, inner)
                for param in template.params:
                    offset += 1
                    if param.showkey:
                        offset = lay(param.name, offset, inner) + 1
                    offset = lay(param.value, offset, inner)
                offset += 2
            elif kind is Wikilink:
                link = cast(Wikilink, node)
                offset = lay(link.title, offset + 2, inner)
                if link.text is not None:
                    offset = lay(link.text, offset + 1, inner)
                offset += 2
            elif kind is Comment or kind is HTMLEntity:
                offset += len(str(node))
            else:
                for piece in _pieces(node):
                    offset = offset + len(piece) if isinstance(piece, str) else lay(piece, offset, inner)
            span.end = offset
        return offset

    lay(code, start, 0)
    del lay  # the closure refers to itself: break the cycle, so the tree is freed at once
    return Layout(spans, by_id, text_starts, dict(by_type))
