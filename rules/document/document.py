"""The document model: one parse per page, shared by every rule.

A :class:`Document` holds the wikitext and parses it at most once, on first
use. Every derived view (node spans, templates, refs, sections, blocks...) is
computed lazily and cached, so a rule pays only for what it reads and a page
that no selected rule needs is never parsed at all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, lru_cache
from typing import Any, TypeVar, cast, overload

from mwparserfromhell.nodes import Comment, ExternalLink, Heading, Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikilint.rules.document.brackets import BracketScan, scan_brackets
from wikilint.rules.document.facts import PageFacts, written_template_keys
from wikilint.rules.document.names import clean_name, normalize_title
from wikilint.rules.document.protect import protect_variants, restore
from wikilint.rules.document.spans import Layout, NodeSpan, NodeT
from wikilint.rules.document.tree import parse_laid_out, text_of
from wikilint.rules.document.views import Block, LinkRef, RefTag, Section, TemplateRef
from wikilint.rules.profile import WikiProfile
from wikilint.rules.text.ranges import merge_ranges


class _Containment:
    """Which node spans contain a stretch, without reading every span: a tree
    of the greatest end over each run of spans (in source order), so that a
    question visits only the runs that hold an answer (a page's rules ask it
    once for each finding)."""

    def __init__(self, spans: list[NodeSpan]) -> None:
        self.starts = [s.start for s in spans]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        self.ends = [s.end for s in spans]
        size = 1
        while size < len(spans):
            size *= 2
        # tree[1] is the root, tree[i]'s children tree[2i] and tree[2i + 1], the
        # leaves tree[size:]: built a level at a time, each from the one below
        levels = [self.ends + [-1] * (size - len(spans))]
        while len(levels[-1]) > 1:
            below = levels[-1]
            levels.append(list(map(max, below[0::2], below[1::2])))
        tree = [-1]
        for level in reversed(levels):
            tree += level
        self.size, self.tree = size, tree

    def containing(self, start: int, end: int) -> list[int]:
        """The indices, in order, of the spans starting at or before ``start``
        and ending at or after ``end``."""
        if not self.ordered:  # never seen: spans come in source order
            return [i for i, (s, e) in enumerate(zip(self.starts, self.ends)) if s <= start and end <= e]
        limit = bisect.bisect_right(self.starts, start)
        found: list[int] = []
        pending = [(1, 0, self.size)]
        while pending:
            node, low, high = pending.pop()
            if low >= limit or self.tree[node] < end:
                continue
            if high - low == 1:
                found.append(low)
                continue
            middle = (low + high) // 2
            pending.append((2 * node + 1, middle, high))
            pending.append((2 * node, low, middle))
        return found


#: Tags whose content is not wikitext: nothing in them is ever reported.
DISABLED_TAGS = frozenset(
    {
        "nowiki",
        "pre",
        "syntaxhighlight",
        "source",
        "math",
        "chem",
        "ce",
        "score",
        "timeline",
        "graph",
        "templatedata",
        "mapframe",
        "maplink",
        "inputbox",
    }
)

T = TypeVar("T")
_LIST_MARKER = re.compile(r"[*#:;]+")
_TAG_NAME = re.compile(r"</?([^\s/>]+)")
#: A template's name as written after ``{{``, and what follows it. A title has
#: at most 255 bytes: a longer run is no name (``{{`` in prose, never closed).


class DocumentError(Exception):
    """The page could not be parsed at all."""


class Document:
    """A wiki page's text, parsed once, with lazily computed views."""

    def __init__(self, text: str, profile: WikiProfile, title: str | None = None) -> None:
        self.text = text
        self.profile = profile
        self.title = title
        self._prefixes = tuple(profile.template_prefixes)
        self._derived: dict[Callable[[Document], Any], Any] = {}

    def derived(self, view: Callable[[Document], T]) -> T:
        """``view(self)``, computed once per document and shared by every rule.

        For views that live outside this class (a chronology, an infobox
        reading) and that several rules use: ``doc.derived(chronologies)``.
        """
        try:
            return self._derived[view]
        except KeyError:
            value = self._derived[view] = view(self)
            return value

    def release(self) -> None:
        """Drop the parse and every view built on it, keeping the text, its
        positions and the lines (:meth:`position`, :meth:`line_text`).

        The engine calls it when the rules are done, so that a page's tree is
        freed at once even while its findings are still in use. Any view asked
        for later is computed again (the page is parsed again)."""
        keep = {"parsed_text", "line_starts"}
        for name in list(vars(self)):
            if name not in keep and isinstance(getattr(type(self), name, None), cached_property):
                del self.__dict__[name]
        self._derived.clear()

    # -- parsing and spans -------------------------------------------------

    @cached_property
    def parsed_text(self) -> str:
        """The text given to the parser: ``-{…}-`` protected, same length."""
        return protect_variants(self.text)

    @property
    def is_parsed(self) -> bool:
        """Whether the page has been parsed (views not asked for are never parsed)."""
        return "_parse" in self.__dict__

    @cached_property
    def _parse(self) -> tuple[Wikicode, Layout]:
        """The tree and where each node is, made in one pass (:func:`tree.parse_laid_out`)."""
        try:
            return parse_laid_out(self.parsed_text, skip_style_tags=True)
        except Exception as error:  # ParserError, BAD_ROUTE, SystemError from C
            raise DocumentError(f"wikitext could not be parsed: {error}") from error

    @cached_property
    def code(self) -> Wikicode:
        """The mwparserfromhell tree (parsed on first use)."""
        return self._parse[0]

    @cached_property
    def _layout(self) -> Layout:
        return self._parse[1]

    @property
    def nodes(self) -> list[NodeSpan[Node]]:
        """The nodes of the page with their exact spans, in source order:
        every node but the plain text inside other nodes (a parameter's
        value, a link's label), whose span :meth:`span` gives."""
        return self._layout.spans

    def nodes_of(self, kind: type[NodeT]) -> list[NodeSpan[NodeT]]:
        """The nodes of one type (``Template``, ``Tag``...), in source order."""
        return cast("list[NodeSpan[NodeT]]", self._layout.by_type.get(kind, []))

    def span(self, node: Node) -> tuple[int, int]:
        """``(start, end)`` offsets of ``node`` (any node of the page) in :attr:`text`."""
        return self._layout.span(node)

    def source(self, start: int, end: int) -> str:
        """The original text between two offsets."""
        return self.text[start:end]

    def node_text(self, node: Node | Wikicode) -> str:
        """A node's text as written (variant markup restored)."""
        return restore(str(node))

    # -- positions ----------------------------------------------------------

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of an offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based ``(line, column)``."""
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    # -- brackets -------------------------------------------------------------

    @cached_property
    def brackets(self) -> BracketScan:
        """The page's brackets paired as MediaWiki pairs them, read from the
        text without parsing: the openings that never close, the closings
        that close nothing, an unclosed comment, the ``-{…}-`` spans (where
        the wiki converts variants). See :mod:`rules.document.brackets`."""
        return scan_brackets(self.text, variants=self.profile.language == "zh")

    # -- disabled regions ---------------------------------------------------

    @cached_property
    def comments(self) -> list[tuple[Comment, int, int]]:
        return [(s.node, s.start, s.end) for s in self.nodes_of(Comment)]

    @cached_property
    def disabled_ranges(self) -> list[tuple[int, int]]:
        """Merged spans of comments and of tags whose content is not wikitext."""
        ranges = [(s.start, s.end) for s in self.nodes_of(Comment)]
        ranges += [(s.start, s.end) for s, name in self._tag_names if name in DISABLED_TAGS]
        # and those read from the text, as the pre-parse tests read them: the parse
        # leaves some as text (in a <gallery>, or where a tag it could not pair
        # made it back off), while MediaWiki drops every comment before it parses
        ranges += self.facts.disabled
        return merge_ranges(ranges)

    @cached_property
    def _tag_names(self) -> list[tuple[NodeSpan[Tag], str]]:
        """Every tag with its name in lower case (``ref``, ``nowiki``, ``li``…).

        An HTML-style tag's name is read from the source after its ``<``:
        much cheaper than writing out the name's Wikicode."""
        text = self.parsed_text
        found = []
        for span in self.nodes_of(Tag):
            written = None if span.node.wiki_markup else _TAG_NAME.match(text, span.start)
            name = written.group(1) if written else text_of(span.node.tag).strip()
            found.append((span, name.lower()))
        return found

    def is_disabled(self, offset: int) -> bool:
        """True inside a comment, ``<nowiki>``, ``<pre>``, ``<math>``..."""
        ranges = self.disabled_ranges
        i = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
        return i >= 0 and ranges[i][0] <= offset < ranges[i][1]

    # -- templates ----------------------------------------------------------

    def normalize_template_name(self, name: str) -> str:
        return normalize_title(name, self._prefixes)

    @cached_property
    def templates(self) -> list[TemplateRef]:
        """Every template transclusion, nested ones included, in source order."""
        found = []
        for span in self.nodes_of(Template):
            name = _written_name(text_of(span.node.name))
            found.append(
                TemplateRef(
                    span.node, span.start, span.end, name, self.normalize_template_name(name), span.depth
                )
            )
        return found

    @cached_property
    def _group_keys(self) -> dict[str, frozenset[str]]:
        return {
            group: frozenset(self.normalize_template_name(n) for n in names)
            for group, names in self.profile.templates.items()
        }

    def template_keys(self, group: str) -> frozenset[str]:
        """Normalised names of a profile alias group (empty if the group is unknown)."""
        return self._group_keys.get(group, frozenset())

    @cached_property
    def _written_template_keys(self) -> frozenset[str] | None:
        """Normalised names of every ``{{`` in the text, read without parsing;
        None when some name cannot be read that way (markup in it)."""
        return written_template_keys(self.text, self.normalize_template_name)

    @cached_property
    def facts(self) -> PageFacts:
        """What the rules' pre-parse tests ask of the page (where ``<ref``,
        URLs, template names, date-led lines occur), read from the text once
        and shared (:mod:`rules.document.facts`)."""
        return PageFacts(self)

    def may_transclude(self, *groups: str) -> bool:
        """Whether the page may transclude a template of the profile alias
        ``groups``, decided from the text alone (no parse): False only when
        no ``{{`` of the page names one of them."""
        keys = self._written_template_keys
        return keys is None or any(not keys.isdisjoint(self.template_keys(g)) for g in groups)

    def templates_in(self, *groups: str) -> list[TemplateRef]:
        """Templates whose name belongs to one of the profile alias ``groups``."""
        keys = frozenset().union(*(self.template_keys(g) for g in groups))
        return [t for t in self.templates if t.key in keys]

    def templates_named(self, names: Iterable[str]) -> list[TemplateRef]:
        keys = {self.normalize_template_name(n) for n in names}
        return [t for t in self.templates if t.key in keys]

    def infoboxes(self, kind: str) -> list[TemplateRef]:
        """Infobox templates of a profile kind (e.g. ``military-conflict``)."""
        return self.templates_named(self.profile.infoboxes.get(kind, ()))

    # -- references and links ---------------------------------------------

    @cached_property
    def refs(self) -> list[RefTag]:
        """Every ``<ref>`` tag outside disabled regions, in source order."""
        found = []
        for span, tag_name in self._tag_names:
            node = span.node
            if tag_name != "ref":
                continue
            if node.wiki_markup or self.is_disabled(span.start):
                continue
            name, group = _name_and_group(node)
            if node.self_closing or node.contents is None:
                content, c_start, c_end = "", span.end, span.end
            else:
                content_span = self._wikicode_span(node.contents, span)
                c_start, c_end = content_span
                content = self.text[c_start:c_end]
            found.append(RefTag(node, span.start, span.end, name, group, content, c_start, c_end))
        return found

    @cached_property
    def ref_definitions(self) -> dict[tuple[str | None, str], RefTag]:
        """The first definition of every named reference, by ``(group, name)``:
        where a reuse (``<ref name="x" />``, ``{{r|x}}``) is read."""
        found: dict[tuple[str | None, str], RefTag] = {}
        for ref in self.refs:
            if ref.name and not ref.is_reuse:
                found.setdefault((ref.group, ref.name), ref)
        return found

    def ref_content(self, ref: RefTag) -> RefTag | None:
        """The reference that holds ``ref``'s content: itself, or for a reuse
        its definition (None when the page defines no such name)."""
        if not ref.is_reuse:
            return ref
        return self.ref_definitions.get((ref.group, ref.name or ""))

    @cached_property
    def ref_names(self) -> frozenset[str]:
        """Every reference name the page uses (defined or reused)."""
        return frozenset(ref.name for ref in self.refs if ref.name)

    def _wikicode_span(self, code: Wikicode, parent: NodeSpan[Tag]) -> tuple[int, int]:
        """Span of a child Wikicode (e.g. a tag's contents) of a laid-out node."""
        if code.nodes:
            return self.span(code.nodes[0])[0], self.span(code.nodes[-1])[1]
        # Empty contents: locate the ">" that ends the opening tag.
        text = str(parent.node)
        close = text.rfind("</")
        at = parent.start + (close if close != -1 else len(text))
        return at, at

    @cached_property
    def external_links(self) -> list[LinkRef]:
        """External links (bracketed and plain URLs) outside disabled regions."""
        links = []
        for span in self.nodes_of(ExternalLink):
            node = span.node
            if not self.is_disabled(span.start):
                title = None if node.title is None else restore(str(node.title))
                links.append(
                    LinkRef(
                        node,
                        span.start,
                        span.end,
                        restore(str(node.url)).strip(),
                        title,
                        bool(node.brackets),
                        span.depth,
                    )
                )
        return links

    @overload
    def enclosing(self, start: int, end: int) -> list[NodeSpan[Node]]: ...
    @overload
    def enclosing(self, start: int, end: int, kind: type[NodeT]) -> list[NodeSpan[NodeT]]: ...

    def enclosing(self, start: int, end: int, kind: type[Node] = Node) -> list[NodeSpan[Any]]:
        """Nodes of type ``kind`` that strictly contain ``[start, end)``, outermost first."""
        nodes = self.nodes
        return [
            s
            for s in (nodes[i] for i in self._containment.containing(start, end))
            if isinstance(s.node, kind) and (s.start, s.end) != (start, end)
        ]

    @cached_property
    def _containment(self) -> _Containment:
        return _Containment(self.nodes)

    # -- sections and blocks -----------------------------------------------

    @cached_property
    def sections(self) -> list[Section]:
        """The lead (index 0) and every section under a heading of the page."""
        headings = [s for s in self.nodes_of(Heading) if s.depth == 0]
        bounds: list[tuple[str, int, int, int]] = [("", 0, 0, 0)]
        for h in headings:
            line_end = self.text.find("\n", h.end)
            body = len(self.text) if line_end == -1 else line_end + 1
            title = clean_name(restore(h.node.title.strip_code()))
            bounds.append((title, h.node.level, h.start, body))
        sections = []
        for i, (title, level, start, body) in enumerate(bounds):
            end = bounds[i + 1][2] if i + 1 < len(bounds) else len(self.text)
            sections.append(Section(i, title, level, start, end, body))
        return sections

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, offset: int) -> Section:
        i = bisect.bisect_right(self._section_starts, offset) - 1
        return self.sections[max(i, 0)]

    @cached_property
    def blocks(self) -> list[Block]:
        """Paragraphs and list items of the page's own text.

        A line starts a block only where the page itself has a line break:
        newlines inside a template, a tag or a comment do not count, so an
        infobox is never mistaken for paragraphs.
        """
        blocks: list[Block] = []
        para_start: int | None = None
        para_end = 0
        for start, end in self._logical_lines():
            raw = self.text[start:end]
            stripped = raw.strip()
            if (
                not stripped
                or stripped.startswith(("=", "{|", "|", "!", "----"))
                or _is_markup_only(raw, start, self)
            ):
                if para_start is not None:
                    blocks.append(self._block("paragraph", para_start, para_end))
                    para_start = None
                continue
            marker = _LIST_MARKER.match(raw)
            if marker:
                if para_start is not None:
                    blocks.append(self._block("paragraph", para_start, para_end))
                    para_start = None
                blocks.append(self._block("list_item", start, end, marker.group()))
                continue
            if para_start is None:
                para_start = start
            para_end = end
        if para_start is not None:
            blocks.append(self._block("paragraph", para_start, para_end))
        return blocks

    @cached_property
    def _top_level(self) -> tuple[list[NodeSpan[Node]], list[int]]:
        tops = [s for s in self.nodes if s.depth == 0]
        return tops, [s.start for s in tops]

    def top_level_at(self, offset: int) -> NodeSpan[Node] | None:
        """The node of the page itself (not nested in another) that holds ``offset``."""
        tops, starts = self._top_level
        i = bisect.bisect_right(starts, offset) - 1
        return tops[i] if i >= 0 and offset < tops[i].end else None

    def _block(self, kind: str, start: int, end: int, marker: str = "") -> Block:
        return Block(kind, start, end, self.section_at(start).index, self.text[start:end], marker)

    def _logical_lines(self) -> Iterator[tuple[int, int]]:
        """Line spans, split only at newlines in top-level text nodes."""
        start = 0
        for span in self.nodes_of(Text):  # text of the page itself (depth 0)
            value = span.node.value
            i = value.find("\n")
            while i != -1:
                yield start, span.start + i
                start = span.start + i + 1
                i = value.find("\n", i + 1)
        yield start, len(self.text)


@lru_cache(maxsize=65536)
def _written_name(raw: str) -> str:
    """A template's name as written (variant markup restored, comments and
    extra space dropped); cached, as pages use a few names many times."""
    return clean_name(restore(raw))


def _name_and_group(tag: Tag) -> tuple[str | None, str | None]:
    """A ``<ref>``'s ``name`` and ``group`` attributes (the first of each)."""
    found: dict[str, str | None] = {}
    for attr in tag.attributes:
        key = str(attr.name).strip().lower()
        if key in ("name", "group") and key not in found:
            value = restore(str(attr.value)) if attr.value is not None else ""
            found[key] = value.strip().strip("\"'") or None
    return found.get("name"), found.get("group")


def _is_markup_only(raw: str, start: int, doc: Document) -> bool:
    """A line holding nothing but templates, comments, tags, files or categories."""
    if not raw.lstrip().startswith(("{{", "<", "[[", "__")):
        return False
    tops, starts = doc._top_level
    i = bisect.bisect_left(starts, start)
    end = start + len(raw)
    while i < len(tops) and tops[i].start < end:
        node = tops[i].node
        if isinstance(node, Text) and str(node).strip():
            return False
        if not isinstance(node, (Text, Template, Comment, Tag)) and not _is_file_or_category(node, doc):
            return False
        i += 1
    return True


def _is_file_or_category(node: Node, doc: Document) -> bool:
    from mwparserfromhell.nodes import Wikilink

    return isinstance(node, Wikilink) and doc.profile.in_namespace(str(node.title), "file", "category")
