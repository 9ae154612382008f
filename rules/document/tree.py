"""mwparserfromhell's tree, built faster.

mwparserfromhell parses in two steps: its C tokenizer turns the text into
tokens, then its :class:`~mwparserfromhell.parser.builder.Builder`, in
Python, turns the tokens into nodes. On real articles the tokenizer takes a
sixth of the time and the builder the rest, most of it in the nodes' property
setters, each re-parsing a value that is already a tree
(``parse_anything``).

:func:`parse` runs the same tokenizer and builds the same tree, node for node
and attribute for attribute, by assigning what the setters would store. The
tree is exactly mwparserfromhell's: every method of its nodes works on it. The
equality is checked once, when this module is first used, on a sample with
every kind of node (:func:`builder_agrees`); should a release of
mwparserfromhell store its nodes differently, :func:`parse` falls back to
mwparserfromhell's own builder and says so in the log. The test suite checks
it over the seed, every fixture, the shared corpus and generated wikitext.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

import mwparserfromhell
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
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import Parser, ParserError
from mwparserfromhell.parser import tokens as tk
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

from wikilint.rules.document.spans import Layout, NodeSpan, NodeT, layout

log = logging.getLogger(__name__)

_new = object.__new__
_TextToken = tk.Text


_new_list = list.__new__
_fill_list = list.extend


def _code(nodes: list[Node]) -> Wikicode:
    # SmartList(nodes), without its constructor's Python frame: the same list, no children yet
    smart = _new_list(SmartList)
    smart._children = {}  # type: ignore[attr-defined]  # (a slot mypy does not see)
    _fill_list(smart, nodes)
    code = _new(Wikicode)
    code._nodes = smart
    return code


def text_of(code: Wikicode) -> str:
    """``str(code)``, without the walk for the commonest case, a single text
    node (a parameter's name, most values, a tag's name)."""
    nodes = code._nodes
    if len(nodes) == 1:
        (node,) = nodes  # unpacked with the list's own iterator (SmartList indexes in Python)
        if type(node) is Text:
            return cast(str, node._value)
    return str(code)


def _text(value: str) -> Text:
    node = _new(Text)
    node._value = value
    return node


_TEMPLATE_NAME_END = frozenset({tk.TemplateParamSeparator, tk.TemplateClose})
_PARAMETER_END = frozenset({tk.TemplateParamEquals, tk.TemplateParamSeparator, tk.TemplateClose})
_ARGUMENT_END = frozenset({tk.ArgumentSeparator, tk.ArgumentClose})
_WIKILINK_END = frozenset({tk.WikilinkSeparator, tk.WikilinkClose})
_EXTERNAL_LINK_END = frozenset({tk.ExternalLinkSeparator, tk.ExternalLinkClose})
_HEADING_END = frozenset({tk.HeadingEnd})
_COMMENT_END = frozenset({tk.CommentEnd})
_ATTRIBUTE_END = frozenset(
    {tk.TagAttrEquals, tk.TagAttrQuote, tk.TagAttrStart, tk.TagCloseOpen, tk.TagCloseSelfclose}
)
_TAG_PART_END = frozenset(
    {tk.TagAttrStart, tk.TagCloseOpen, tk.TagOpenClose, tk.TagCloseSelfclose, tk.TagCloseClose}
)


class TreeBuilder:
    """Builds mwparserfromhell's node tree from its tokens (one list of tokens
    per instance): the same walk as mwparserfromhell's builder, each node made
    with the values its constructor would store.

    It lays the tree out as it builds it: every token stands for a known
    stretch of the source (``{{`` two characters, a text token its text...),
    so each node's span is known when it is made, as :func:`spans.layout`
    would find it walking the finished tree (:attr:`layout`).
    """

    def __init__(self, tokens: list[Any]) -> None:
        tokens.reverse()
        self._tokens = tokens
        self._pop = tokens.pop
        self._at = 0  # the source offset of the next token
        self._depth = 0  # 0 for the page's own nodes, 1 inside a node...
        self._spans: list[NodeSpan[Node]] = []
        self._by_id: dict[int, NodeSpan[Node]] = {}
        self._text_starts: dict[int, int] = {}
        self._by_type: defaultdict[type, list[NodeSpan[Node]]] = defaultdict(list)

    def build(self) -> Wikicode:
        nodes: list[Node] = []
        self._nodes_until(frozenset(), nodes)
        return _code(nodes)

    @property
    def layout(self) -> Layout:
        """Where every node of the tree built is (after :meth:`build`)."""
        return Layout(self._spans, self._by_id, self._text_starts, dict(self._by_type))

    # -- the walk ------------------------------------------------------------------

    def _nodes_until(self, ends: frozenset[type], nodes: list[Node]) -> Any:
        """Append the nodes up to the next token of a type in ``ends`` to
        ``nodes`` and return that token, not laid out yet (``None`` at the
        end of the tokens, where only the page itself may end)."""
        pop, tokens, append, handlers = self._pop, self._tokens, nodes.append, _HANDLERS
        at, depth, text_starts = self._at, self._depth, self._text_starts
        while tokens:
            token = pop()
            kind = type(token)
            if kind is _TextToken:
                node = _new(Text)
                node._value = value = token["text"]
                append(node)
                if depth:
                    text_starts[id(node)] = at
                    at += len(value)
                else:
                    span: NodeSpan[Node] = NodeSpan(node, at, at + len(value), 0)
                    self._spans.append(span)
                    self._by_id[id(node)] = span
                    self._by_type[Text].append(span)
                    at = span.end
            elif kind in ends:
                self._at = at
                return token
            else:
                try:
                    handler = handlers[kind]
                except KeyError:
                    raise ParserError(f"unexpected token {kind.__name__}") from None
                self._at = at
                append(handler(self, token))
                at = self._at
        if ends:
            raise ParserError("a node's close token is missing")
        self._at = at
        return None

    def _unlaid_nodes_until(self, ends: frozenset[type], nodes: list[Node]) -> Any:
        """:meth:`_nodes_until` for what the source does not hold as read (a
        comment's text, the name a wiki-markup tag is given): not laid out."""
        kept = self._at, self._spans, self._by_id, self._text_starts, self._by_type
        self._spans, self._by_id, self._text_starts, self._by_type = [], {}, {}, defaultdict(list)
        try:
            return self._nodes_until(ends, nodes)
        finally:
            self._at, self._spans, self._by_id, self._text_starts, self._by_type = kept

    def _open(self, kind: type) -> NodeSpan[Node]:
        """Lay out the start of a node of type ``kind``; its children go one level deeper."""
        span: NodeSpan[Node] = NodeSpan(cast(Node, None), self._at, self._at, self._depth)
        self._spans.append(span)
        self._by_type[kind].append(span)
        self._depth += 1
        return span

    def _close(self, span: NodeSpan[Node], node: NodeT) -> NodeT:
        self._depth -= 1
        span.node, span.end = node, self._at
        self._by_id[id(node)] = span
        return node

    # -- the nodes -----------------------------------------------------------------

    def _template(self, token: Any) -> Template:
        span = self._open(Template)
        self._at += 2  # {{
        nodes: list[Node] = []
        token = self._nodes_until(_TEMPLATE_NAME_END, nodes)
        name = _code(nodes)
        params = []
        default = 1
        while type(token) is tk.TemplateParamSeparator:
            self._at += 1  # |
            nodes, key = [], None
            token = self._nodes_until(_PARAMETER_END, nodes)
            while type(token) is tk.TemplateParamEquals:
                self._at += 1  # =
                key, nodes = _code(nodes), []
                token = self._nodes_until(_PARAMETER_END, nodes)
            param = _new(Parameter)
            if key is None:
                param._name, param._showkey = _code([_text(str(default))]), False
                default += 1
            else:
                param._name, param._showkey = key, True
            param._value = _code(nodes)
            params.append(param)
        self._at += 2  # }}
        node = _new(Template)
        node._name, node._params = name, params
        return self._close(span, node)

    def _halves(self, ends: frozenset[type], separator: type) -> tuple[Wikicode | None, Wikicode]:
        """The parts of a node split by ``separator`` (``[[title|text]]``,
        ``{{{name|default}}}``): what comes before the last separator (None
        without one) and what comes after, up to the node's end token."""
        nodes: list[Node] = []
        token = self._nodes_until(ends, nodes)
        first = None
        while type(token) is separator:
            self._at += 1  # |
            first, nodes = _code(nodes), []
            token = self._nodes_until(ends, nodes)
        return first, _code(nodes)

    def _argument(self, token: Any) -> Argument:  # {{{1|default}}}: rare in articles
        span = self._open(Argument)
        self._at += 3
        name, rest = self._halves(_ARGUMENT_END, tk.ArgumentSeparator)
        self._at += 3
        return self._close(span, Argument(rest) if name is None else Argument(name, rest))

    def _wikilink(self, token: Any) -> Wikilink:
        span = self._open(Wikilink)
        self._at += 2
        title, rest = self._halves(_WIKILINK_END, tk.WikilinkSeparator)
        self._at += 2
        node = _new(Wikilink)
        if title is None:
            node._title, node._text = rest, None
        else:
            node._title, node._text = title, rest
        return self._close(span, node)

    def _external_link(self, token: Any) -> ExternalLink:
        span = self._open(ExternalLink)
        brackets = bool(token.get("brackets"))
        self._at += brackets  # [
        nodes: list[Node] = []
        token = self._nodes_until(_EXTERNAL_LINK_END, nodes)
        url = suppress_space = None
        while type(token) is tk.ExternalLinkSeparator:
            suppress_space = token.get("suppress_space")
            self._at += brackets and suppress_space is not True  # the space before the label
            url, nodes = _code(nodes), []
            token = self._nodes_until(_EXTERNAL_LINK_END, nodes)
        self._at += brackets  # ]
        node = _new(ExternalLink)
        if url is None:
            node._url, node._title = _code(nodes), None
        else:
            node._url, node._title = url, _code(nodes)
        node._brackets = brackets
        node.suppress_space = suppress_space is True
        return self._close(span, node)

    def _entity(self, token: Any) -> HTMLEntity:  # as mwparserfromhell's builder
        span = self._open(HTMLEntity)
        pop = self._pop
        token = pop()
        if type(token) is tk.HTMLEntityNumeric:
            token = pop()
            if type(token) is tk.HTMLEntityHex:
                text = pop()
                pop()  # HTMLEntityEnd
                node = HTMLEntity(text.text, named=False, hexadecimal=True, hex_char=token.char)
            else:
                pop()
                node = HTMLEntity(token.text, named=False, hexadecimal=False)
        else:
            pop()
            node = HTMLEntity(token.text, named=True, hexadecimal=False)
        self._at += len(str(node))
        return self._close(span, node)

    def _heading(self, token: Any) -> Heading:
        span = self._open(Heading)
        level = int(token["level"])
        self._at += level
        nodes: list[Node] = []
        self._nodes_until(_HEADING_END, nodes)
        self._at += level
        node = _new(Heading)
        node._title, node._level = _code(nodes), level
        return self._close(span, node)

    def _comment(self, token: Any) -> Comment:
        span = self._open(Comment)
        nodes: list[Node] = []
        self._unlaid_nodes_until(_COMMENT_END, nodes)
        node = _new(Comment)
        node._contents = "".join([str(child) for child in nodes])
        self._at += 4 + len(node._contents) + 3  # <!-- … -->
        return self._close(span, node)

    def _attribute(self, start: Any) -> Attribute:
        pad_first, pad_before_eq, pad_after_eq = start.pad_first, start.pad_before_eq, start.pad_after_eq
        self._at += len(pad_first)
        name = quotes = None
        nodes: list[Node] = []
        while True:
            token = self._nodes_until(_ATTRIBUTE_END, nodes)
            kind = type(token)
            if kind is tk.TagAttrEquals:
                self._at += len(pad_before_eq) + 1 + len(pad_after_eq)
                name, nodes = _code(nodes), []
            elif kind is tk.TagAttrQuote:
                quotes = token.char
                self._at += len(quotes)
            else:
                self._tokens.append(token)
                value = None
                if name:
                    value = _code(nodes)
                else:
                    name = _code(nodes)
                    self._at += len(pad_before_eq)
                attribute = _new(Attribute)
                attribute._name, attribute._value = name, value
                # what the constructor's setters store, and the errors they raise
                attribute._quotes = quotes = Attribute.coerce_quotes(quotes)
                if not quotes and Attribute._value_needs_quotes(value):
                    raise ValueError("attribute value requires quotes")
                for slot, padding in (
                    ("_pad_first", pad_first),
                    ("_pad_before_eq", pad_before_eq),
                    ("_pad_after_eq", pad_after_eq),
                ):
                    attribute._set_padding(slot, padding)  # (the setters' own check: whitespace only)
                if value is not None and quotes:
                    self._at += len(quotes)  # the closing quote
                return attribute

    def _tag(self, token: Any) -> Tag:
        span = self._open(Tag)
        wiki_markup = token.get("wiki_markup")
        invalid = token.get("invalid")
        # A wiki-markup tag ({|, *, ----) is written as its markup; the name
        # it is given (table, li, hr) is not in the source.
        self._at += len(wiki_markup) if wiki_markup else 2 if invalid else 1  # {| or </ or <
        read_name = self._unlaid_nodes_until if wiki_markup else self._nodes_until
        closing_wiki_markup = wiki_markup
        attrs: list[Attribute] = []
        tag = contents = closing_tag = padding = separator = None
        implicit = self_closing = False
        nodes: list[Node] = []
        read = read_name
        while True:
            token = read(_TAG_PART_END, nodes)
            kind = type(token)
            read = self._nodes_until
            if kind is tk.TagAttrStart:
                attrs.append(self._attribute(token))
            elif kind is tk.TagCloseOpen:
                separator = token.get("wiki_markup")
                padding = token.get("padding")
                self._at += len(padding or "") + (len(separator or "") if wiki_markup else 1)
                tag, nodes = _code(nodes), []
            elif kind is tk.TagOpenClose:
                closing_wiki_markup = token.get("wiki_markup")
                contents, nodes = _code(nodes), []
                self._at += 0 if wiki_markup else 2  # </
                read = read_name
            elif kind is tk.TagCloseSelfclose:
                closing_wiki_markup = token.get("wiki_markup")
                tag, self_closing = _code(nodes), True
                padding, implicit = token.get("padding"), token.get("implicit")
                if wiki_markup:
                    self._at += len(padding or "") + len(separator or "")
                else:
                    self._at += len(padding or "") + (1 if implicit else 2)  # > or />
                break
            else:  # TagCloseClose
                closing_tag = _code(nodes)
                self._at += 0 if wiki_markup else 1  # >
                break
        if tag is None:  # as mwparserfromhell's builder: a tag always has a name
            raise ParserError("a tag without a name")
        node = _new(Tag)
        node._tag = tag
        node._closing_tag = tag if closing_tag is None else closing_tag
        node._contents = _code([]) if contents is None else contents
        node._attrs = attrs
        node._wiki_markup = str(wiki_markup) if wiki_markup else None
        node._closing_wiki_markup = node._wiki_markup
        if closing_wiki_markup is not None:
            node._closing_wiki_markup = str(closing_wiki_markup) if closing_wiki_markup else None
        node._self_closing = self_closing
        node._invalid = bool(invalid)
        node._implicit = bool(implicit)
        node._padding = str(padding) if padding else ""
        node._wiki_style_separator = str(separator) if separator else None
        if wiki_markup and not self_closing:
            self._at += len(node._closing_wiki_markup or "")  # |} (written after the contents)
        return self._close(span, node)


#: What to build at each token that opens a node (no bound methods: the
#: builder holds no reference to itself, so it is freed with its last use).
_HANDLERS: dict[type, Callable[[TreeBuilder, Any], Node]] = {
    tk.TemplateOpen: TreeBuilder._template,
    tk.ArgumentOpen: TreeBuilder._argument,
    tk.WikilinkOpen: TreeBuilder._wikilink,
    tk.ExternalLinkOpen: TreeBuilder._external_link,
    tk.HTMLEntityStart: TreeBuilder._entity,
    tk.HeadingStart: TreeBuilder._heading,
    tk.CommentStart: TreeBuilder._comment,
    tk.TagOpenOpen: TreeBuilder._tag,
}


class _TreeParser(Parser):
    """mwparserfromhell's parser (its tokenizer, its errors) with :class:`TreeBuilder`."""

    def parse(self, text: str, context: int = 0, skip_style_tags: bool = False) -> Wikicode:
        return self.parse_laid_out(text, context, skip_style_tags)[0]

    def parse_laid_out(
        self, text: str, context: int = 0, skip_style_tags: bool = False
    ) -> tuple[Wikicode, Layout]:
        builder = TreeBuilder(self._tokenizer.tokenize(text, context, skip_style_tags))
        return builder.build(), builder.layout


#: Wikitext with every kind of node and every shape of each, for :func:`builder_agrees`.
SAMPLE = (
    "== Head ''x'' ==\n{{T|a|k=v|=e|k2 = {{U}}|[[L|l]]}} {{{1|d}}} {{{2}}} [[A]] [[B|b|c]]\n"
    "[http://a.org x] [http://b.org] http://c.org/p <!-- c --> &amp; &#123; &#x1F;\n"
    "<ref name=\"a\" group=g>r</ref><ref name=b/><br><br/><span style='x' id=y>s</span></div>\n"
    "<nowiki>[[n]]</nowiki>\n{|\n|+ cap\n! h !! h2\n|- class=r\n| a || b\n|}\n; term : def\n"
    "* item\n# n\n----\n'''b''' ''i'' <ref>unclosed\n"
)


def _shape(value: Any) -> Any:
    if isinstance(value, Wikicode):
        return ("Wikicode", type(value.nodes).__name__, [_shape(node) for node in value.nodes])
    if isinstance(value, list):
        return [_shape(item) for item in value]
    if hasattr(value, "__dict__"):
        return (type(value).__name__, {key: _shape(item) for key, item in vars(value).items()})
    return value


def tree_shape(code: Wikicode) -> Any:
    """Everything a tree stores, as nested lists, tuples and dicts: two trees
    are the same exactly when their shapes are equal."""
    return _shape(code)


def layout_shape(found: Layout) -> Any:
    """Everything a layout says, by node identity: two layouts of one tree
    are the same exactly when their shapes are equal."""

    def spans(items: list[NodeSpan[Node]]) -> list[tuple[int, int, int, int]]:
        return [(id(s.node), s.start, s.end, s.depth) for s in items]

    return (
        spans(found.spans),
        {key: (id(s.node), s.start, s.end, s.depth) for key, s in found.by_id.items()},
        found.text_starts,
        {kind.__name__: spans(items) for kind, items in found.by_type.items()},
    )


def builder_agrees(text: str = SAMPLE) -> bool:
    """Whether :class:`TreeBuilder` builds exactly mwparserfromhell's tree for
    ``text`` (with and without style tags), laid out as :func:`spans.layout` lays it."""
    for skip in (True, False):
        code, laid_out = _TreeParser().parse_laid_out(text, 0, skip)
        if tree_shape(code) != tree_shape(mwparserfromhell.parse(text, 0, skip_style_tags=skip)):
            return False
        if layout_shape(laid_out) != layout_shape(layout(code)):
            return False
    return True


_use_tree_builder: bool | None = None


def _tree_builder_usable() -> bool:
    global _use_tree_builder
    if _use_tree_builder is None:
        _use_tree_builder = builder_agrees()
        if not _use_tree_builder:
            log.warning(
                "mwparserfromhell %s stores its nodes differently: wikilint uses its slower builder",
                mwparserfromhell.__version__,
            )
    return _use_tree_builder


def parse(text: str, *, skip_style_tags: bool = True) -> Wikicode:
    """``mwparserfromhell.parse(text, skip_style_tags=…)``, the same tree, built faster."""
    if _tree_builder_usable():
        return _TreeParser().parse(text, 0, skip_style_tags)
    return mwparserfromhell.parse(text, skip_style_tags=skip_style_tags)


def parse_laid_out(text: str, *, skip_style_tags: bool = True) -> tuple[Wikicode, Layout]:
    """:func:`parse` and where every node of the tree is: the same
    :class:`~spans.Layout` as :func:`spans.layout` finds, made while building."""
    if _tree_builder_usable():
        return _TreeParser().parse_laid_out(text, 0, skip_style_tags)
    code = mwparserfromhell.parse(text, skip_style_tags=skip_style_tags)
    return code, layout(code)
