"""Exact source offsets for every node of a mwparserfromhell tree.

mwparserfromhell nodes carry no offsets. This module lays the tree out again,
piece by piece, exactly as each node's ``__str__`` writes it (``{{``, name, then
``|`` [name ``=``] value for a template...), with a running offset. Searching
for a node's text instead would misplace values such as ``{{foo|a==}}`` and
repeated text. ``tests/test_spans.py`` checks ``text[start:end] == str(node)``
for every node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

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


@dataclass(slots=True, eq=False)
class NodeSpan:
    """A node, where it is in the source, and how deep it is nested.

    Treat it as read-only: it is mutable only so that the layout walk can set
    ``end`` when a node closes (frozen instances cost three times as much to
    create, and there is one per node of every page).
    """

    node: Node
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

    spans: list[NodeSpan]
    """every node but the text inside other nodes, in source (pre-)order"""
    by_id: dict[int, NodeSpan]
    """the same spans, by ``id(node)``"""
    text_starts: dict[int, int]
    """``id(text node)`` -> start, for the text inside other nodes"""

    def span(self, node: Node) -> tuple[int, int]:
        """``(start, end)`` of any node of the tree (KeyError for a stranger)."""
        found = self.by_id.get(id(node))
        if found is not None:
            return found.start, found.end
        start = self.text_starts[id(node)]
        return start, start + len(node.value)


def layout(code: Wikicode, start: int = 0) -> Layout:
    """Every node under ``code`` with its span, in source (pre-)order.

    Iterative, so deeply nested pages cannot hit the recursion limit. This
    walk runs once per page over every node: it dispatches on exact types
    (nodes are never subclassed) rather than isinstance chains.
    """
    spans: list[NodeSpan] = []
    by_id: dict[int, NodeSpan] = {}
    text_starts: dict[int, int] = {}
    append = spans.append
    offset = start
    # Stack of (iterator over pieces, depth); a Wikicode piece pushes its nodes.
    stack: list[tuple[Iterator, int]] = [(iter(code.nodes), 0)]
    pending: list[tuple[NodeSpan, int]] = []  # (open node, stack height)
    while stack:
        items, depth = stack[-1]
        item = next(items, None)
        if item is None:
            stack.pop()
            # Close nodes whose pieces are exhausted.
            height = len(stack)
            while pending and pending[-1][1] > height:
                pending.pop()[0].end = offset
            continue
        kind = type(item)
        if kind is Text:
            if depth:
                text_starts[id(item)] = offset
                offset += len(item.value)
            else:
                end = offset + len(item.value)
                append(span := NodeSpan(item, offset, end, depth))
                by_id[id(item)] = span
                offset = end
        elif kind is str:
            offset += len(item)
        elif kind is Wikicode:
            stack.append((iter(item.nodes), depth + 1))
        elif kind is Comment or kind is HTMLEntity:
            end = offset + len(str(item))
            append(span := NodeSpan(item, offset, end, depth))
            by_id[id(item)] = span
            offset = end
        else:
            append(opened := NodeSpan(item, offset, offset, depth))
            by_id[id(item)] = opened
            pending.append((opened, len(stack) + 1))
            stack.append((_pieces(item), depth))
    return Layout(spans, by_id, text_starts)
