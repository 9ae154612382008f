"""The text a reader sees, at the offsets of the source.

:func:`visible_text` returns a stretch of the page with its markup blanked
out: the string has the *same length* as the source stretch, so an offset
found in it (a number, a keyword) is an offset into ``doc.text`` as well.

What is kept and what is blanked:

* kept: plain text, the label of a wikilink (``[[伊拉克|伊拉克政府軍]]``), the
  title of an external link, the contents of formatting tags (``<small>``,
  ``<span>``), the positional parameters of the profile's ``text-wrapper``
  templates (``{{nowrap|…}}``, ``{{plainlist|…}}``, ``{{ubl|…|…}}``, whose
  ``|`` become line breaks) and of ``{{formatnum:…}}``;
* replaced by one character: ``<br>`` by a line break, the profile's
  ``dash`` templates (``{{ndash}}``) by ``–``, an HTML entity by the
  character it stands for (``&ndash;``);
* blanked: comments, ``<ref>`` tags and the profile's ``note`` templates
  (``{{efn|…}}``: they are notes, read on their own), every other template,
  file and category links, URLs, bold and italic quotes, list bullets, and
  tags whose content is not text (``<nowiki>``, ``<math>``…).
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable

import regex
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from wikilint.rules.document.document import DISABLED_TAGS, Document

__all__ = ["visible_text", "wikicode_span"]

_BLANK_TAGS = DISABLED_TAGS | {
    "ref",
    "references",
    "gallery",
    "imagemap",
    "templatestyles",
    "indicator",
    "categorytree",
    "syntaxhighlight",
}
_BREAK_TAGS = frozenset({"br", "hr", "p", "li", "dd", "dt", "tr"})
_QUOTES = regex.compile(r"'{2,}")


def _node_starts(doc: Document) -> list[int]:
    return [span.start for span in doc.nodes]


def wikicode_span(doc: Document, code: Wikicode) -> tuple[int, int] | None:
    """``(start, end)`` of a child Wikicode (a template parameter's value, a
    tag's contents), or None when it is empty."""
    if not code.nodes:
        return None
    return doc.span(code.nodes[0])[0], doc.span(code.nodes[-1])[1]


def visible_text(doc: Document, start: int, end: int) -> str:
    """``doc.text[start:end]`` with its markup blanked out (same length)."""
    chars = list(doc.text[start:end])
    nodes = doc.nodes
    starts = doc.derived(_node_starts)
    wrapper_keys = doc.template_keys("text-wrapper")
    dash_keys = doc.template_keys("dash")
    note_keys = doc.template_keys("note")

    def blank(a: int, b: int, keep: str = "") -> None:
        a, b = max(a, start), min(b, end)
        for i in range(a, b):
            chars[i - start] = " "
        if keep and a < b:
            chars[a - start] = keep

    # Bold and italic quotes: outside text they are inside markup that is
    # blanked anyway. A few characters around the stretch: a run it cuts.
    for quotes in _QUOTES.finditer(doc.text, max(0, start - 4), end + 4):
        blank(quotes.start(), quotes.end())
    i = bisect.bisect_left(starts, start)
    skip_until = -1
    while i < len(nodes):
        span = nodes[i]
        i += 1
        if span.start >= end:
            break
        node = span.node
        if span.start < skip_until or type(node) is Text:
            continue
        whole = (span.start, span.end)
        if isinstance(node, (Comment, Argument)):
            blank(*whole)
            skip_until = span.end
        elif isinstance(node, HTMLEntity):
            character = html.unescape(str(node))
            blank(*whole, keep=character if len(character) == 1 and character.isprintable() else "")
        elif isinstance(node, Tag):
            tag = str(node.tag).strip().lower()
            if tag in _BLANK_TAGS:
                blank(*whole)
                skip_until = span.end
            elif tag in _BREAK_TAGS and (node.self_closing or not node.contents.nodes):
                blank(*whole, keep="\n")
            else:
                inner = wikicode_span(doc, node.contents) if node.contents is not None else None
                if inner is None:
                    blank(*whole, keep="\n" if node.wiki_markup else "")
                else:
                    blank(span.start, inner[0], keep="\n" if node.wiki_markup else "")
                    blank(inner[1], span.end)
        elif isinstance(node, Template):
            _template(doc, node, span.start, span.end, blank, wrapper_keys, dash_keys, note_keys)
            if not _keeps_parameters(doc, node, wrapper_keys):
                skip_until = span.end
        elif isinstance(node, Wikilink):
            title = str(node.title).strip()
            if doc.profile.in_namespace(title, "file", "category", "media"):
                blank(*whole)
                skip_until = span.end
            elif node.text is not None:
                label = wikicode_span(doc, node.text)
                if label is None:
                    blank(*whole)
                else:
                    blank(span.start, label[0])
                    blank(label[1], span.end)
            else:
                blank(span.start, span.start + 2)
                blank(span.end - 2, span.end)
        elif isinstance(node, ExternalLink):
            label = wikicode_span(doc, node.title) if node.title is not None else None
            if label is None:
                blank(*whole)
                skip_until = span.end
            else:
                blank(span.start, label[0])
                blank(label[1], span.end)
                # the URL's nodes are blanked already; only the title's are walked
                url_end = wikicode_span(doc, node.url)
                if url_end is not None:
                    skip_until = url_end[1]
    return "".join(chars)


def _keeps_parameters(doc: Document, node: Template, wrapper_keys: frozenset[str]) -> bool:
    name = str(node.name).strip()
    return doc.normalize_template_name(name) in wrapper_keys or name.lower().startswith("formatnum:")


def _template(
    doc: Document,
    node: Template,
    t_start: int,
    t_end: int,
    blank: Callable[..., None],
    wrapper_keys: frozenset[str],
    dash_keys: frozenset[str],
    note_keys: frozenset[str],
) -> None:
    """Blank a template, keeping what a reader sees of it."""
    name = str(node.name).strip()
    key = doc.normalize_template_name(name)
    if key in dash_keys:
        blank(t_start, t_end, keep="–")
        return
    if name.lower().startswith("formatnum:"):
        value = wikicode_span(doc, node.name)
        colon = doc.text.find(":", t_start, t_end)
        blank(t_start, colon + 1)
        blank(value[1] if value else t_end, t_end)
        return
    if key in note_keys or key not in wrapper_keys:
        blank(t_start, t_end)
        return
    # A wrapper: keep the values of positional parameters, break lines at "|".
    cursor = t_start
    for param in node.params:
        value = wikicode_span(doc, param.value)
        if param.showkey or value is None:
            continue
        blank(cursor, value[0], keep="\n")
        cursor = value[1]
    blank(cursor, t_end, keep="\n" if cursor != t_start else "")
