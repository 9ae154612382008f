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
from collections.abc import Callable
from typing import Any

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

log = logging.getLogger(__name__)

_new = object.__new__
_TextToken = tk.Text


def _code(nodes: list[Node]) -> Wikicode:
    code = _new(Wikicode)
    code._nodes = SmartList(nodes)
    return code


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
    with the values its constructor would store."""

    def __init__(self, tokens: list[Any]) -> None:
        tokens.reverse()
        self._tokens = tokens
        self._pop = tokens.pop
        self._handlers: dict[type, Callable[[Any], Node]] = {
            tk.TemplateOpen: self._template,
            tk.ArgumentOpen: self._argument,
            tk.WikilinkOpen: self._wikilink,
            tk.ExternalLinkOpen: self._external_link,
            tk.HTMLEntityStart: self._entity,
            tk.HeadingStart: self._heading,
            tk.CommentStart: self._comment,
            tk.TagOpenOpen: self._tag,
        }

    def build(self) -> Wikicode:
        nodes: list[Node] = []
        self._nodes_until(frozenset(), nodes)
        return _code(nodes)

    def _nodes_until(self, ends: frozenset[type], nodes: list[Node]) -> Any:
        """Append the nodes up to the next token of a type in ``ends`` to
        ``nodes`` and return that token (``None`` at the end of the tokens,
        where only the page itself may end)."""
        pop, tokens, append, handlers = self._pop, self._tokens, nodes.append, self._handlers
        while tokens:
            token = pop()
            kind = type(token)
            if kind is _TextToken:
                node = _new(Text)
                node._value = token["text"]
                append(node)
            elif kind in ends:
                return token
            else:
                try:
                    handler = handlers[kind]
                except KeyError:
                    raise ParserError(f"unexpected token {kind.__name__}") from None
                append(handler(token))
        if ends:
            raise ParserError("a node's close token is missing")
        return None

    def _template(self, token: Any) -> Template:
        nodes: list[Node] = []
        token = self._nodes_until(_TEMPLATE_NAME_END, nodes)
        name = _code(nodes)
        params = []
        default = 1
        while type(token) is tk.TemplateParamSeparator:
            nodes, key = [], None
            token = self._nodes_until(_PARAMETER_END, nodes)
            while type(token) is tk.TemplateParamEquals:
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
        node = _new(Template)
        node._name, node._params = name, params
        return node

    def _argument(self, token: Any) -> Argument:  # {{{1|default}}}: rare in articles
        nodes: list[Node] = []
        token = self._nodes_until(_ARGUMENT_END, nodes)
        name = None
        while type(token) is tk.ArgumentSeparator:
            name, nodes = _code(nodes), []
            token = self._nodes_until(_ARGUMENT_END, nodes)
        return Argument(_code(nodes)) if name is None else Argument(name, _code(nodes))

    def _wikilink(self, token: Any) -> Wikilink:
        nodes: list[Node] = []
        token = self._nodes_until(_WIKILINK_END, nodes)
        title = None
        while type(token) is tk.WikilinkSeparator:
            title, nodes = _code(nodes), []
            token = self._nodes_until(_WIKILINK_END, nodes)
        node = _new(Wikilink)
        if title is None:
            node._title, node._text = _code(nodes), None
        else:
            node._title, node._text = title, _code(nodes)
        return node

    def _external_link(self, token: Any) -> ExternalLink:
        brackets = token.get("brackets")
        nodes: list[Node] = []
        token = self._nodes_until(_EXTERNAL_LINK_END, nodes)
        url = suppress_space = None
        while type(token) is tk.ExternalLinkSeparator:
            url, nodes, suppress_space = _code(nodes), [], token.get("suppress_space")
            token = self._nodes_until(_EXTERNAL_LINK_END, nodes)
        node = _new(ExternalLink)
        if url is None:
            node._url, node._title = _code(nodes), None
        else:
            node._url, node._title = url, _code(nodes)
        node._brackets = bool(brackets)
        node.suppress_space = suppress_space is True
        return node

    def _entity(self, token: Any) -> HTMLEntity:  # as mwparserfromhell's builder
        pop = self._pop
        token = pop()
        if type(token) is tk.HTMLEntityNumeric:
            token = pop()
            if type(token) is tk.HTMLEntityHex:
                text = pop()
                pop()  # HTMLEntityEnd
                return HTMLEntity(text.text, named=False, hexadecimal=True, hex_char=token.char)
            pop()
            return HTMLEntity(token.text, named=False, hexadecimal=False)
        pop()
        return HTMLEntity(token.text, named=True, hexadecimal=False)

    def _heading(self, token: Any) -> Heading:
        level = token["level"]
        nodes: list[Node] = []
        self._nodes_until(_HEADING_END, nodes)
        node = _new(Heading)
        node._title, node._level = _code(nodes), int(level)
        return node

    def _comment(self, token: Any) -> Comment:
        nodes: list[Node] = []
        self._nodes_until(_COMMENT_END, nodes)
        node = _new(Comment)
        node._contents = "".join([str(child) for child in nodes])
        return node

    def _attribute(self, start: Any) -> Attribute:  # with the constructor: it settles the quotes
        name = quotes = None
        nodes: list[Node] = []
        while True:
            token = self._nodes_until(_ATTRIBUTE_END, nodes)
            kind = type(token)
            if kind is tk.TagAttrEquals:
                name, nodes = _code(nodes), []
            elif kind is tk.TagAttrQuote:
                quotes = token.char
            else:
                self._tokens.append(token)
                value = None
                if name:
                    value = _code(nodes)
                else:
                    name = _code(nodes)
                return Attribute(
                    name, value, quotes, start.pad_first, start.pad_before_eq, start.pad_after_eq
                )

    def _tag(self, token: Any) -> Tag:
        wiki_markup = token.get("wiki_markup")
        invalid = token.get("invalid")
        closing_wiki_markup = wiki_markup
        attrs: list[Attribute] = []
        tag = contents = closing_tag = padding = separator = None
        implicit = self_closing = False
        nodes: list[Node] = []
        while True:
            token = self._nodes_until(_TAG_PART_END, nodes)
            kind = type(token)
            if kind is tk.TagAttrStart:
                attrs.append(self._attribute(token))
            elif kind is tk.TagCloseOpen:
                separator = token.get("wiki_markup")
                padding = token.get("padding")
                tag, nodes = _code(nodes), []
            elif kind is tk.TagOpenClose:
                closing_wiki_markup = token.get("wiki_markup")
                contents, nodes = _code(nodes), []
            elif kind is tk.TagCloseSelfclose:
                closing_wiki_markup = token.get("wiki_markup")
                tag, self_closing = _code(nodes), True
                padding, implicit = token.get("padding"), token.get("implicit")
                break
            else:  # TagCloseClose
                closing_tag = _code(nodes)
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
        return node


class _TreeParser(Parser):
    """mwparserfromhell's parser (its tokenizer, its errors) with :class:`TreeBuilder`."""

    def parse(self, text: str, context: int = 0, skip_style_tags: bool = False) -> Wikicode:
        return TreeBuilder(self._tokenizer.tokenize(text, context, skip_style_tags)).build()


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


def builder_agrees(text: str = SAMPLE) -> bool:
    """Whether :class:`TreeBuilder` builds exactly mwparserfromhell's tree for ``text``
    (with and without style tags)."""
    return all(
        tree_shape(_TreeParser().parse(text, 0, skip))
        == tree_shape(mwparserfromhell.parse(text, 0, skip_style_tags=skip))
        for skip in (True, False)
    )


_use_tree_builder: bool | None = None


def parse(text: str, *, skip_style_tags: bool = True) -> Wikicode:
    """``mwparserfromhell.parse(text, skip_style_tags=…)``, the same tree, built faster."""
    global _use_tree_builder
    if _use_tree_builder is None:
        _use_tree_builder = builder_agrees()
        if not _use_tree_builder:
            log.warning(
                "mwparserfromhell %s stores its nodes differently: wikilint uses its slower builder",
                mwparserfromhell.__version__,
            )
    if _use_tree_builder:
        return _TreeParser().parse(text, 0, skip_style_tags)
    return mwparserfromhell.parse(text, skip_style_tags=skip_style_tags)
