"""REF001 bare-url: a link whose only visible text is its URL."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from mwparserfromhell.nodes import (
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

from wikilint.rules.document import DISABLED_TAGS, Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.urls import archived_original, is_web_url, linked_url, url_domain

#: Template groups whose parameters hold URLs as data, never as visible links.
URL_DATA_GROUPS = ("citation-template", "url-template", "archive-template", "dead-link")
#: Template groups whose positional parameters are read as a footnote (``{{efn|…}}``).
NOTE_GROUPS = ("note",)
#: Template groups whose positional parameters are running text (``{{small|…}}``).
TEXT_GROUPS = ("text-wrapper",)
#: Template groups that may follow a URL inside a reference without giving it a title.
URL_COMPANION_GROUPS = ("dead-link", "archive-template")
#: Tags whose content is not running text (galleries, image maps, page indicators...).
NON_TEXT_TAGS = DISABLED_TAGS | {
    "gallery",
    "imagemap",
    "categorytree",
    "templatestyles",
    "indicator",
    "section",
}
_FILLER = " \t\r\n.,;:!?、。，；：()（）[]【】-–—"

PROSE, REFERENCE, DATA = "prose", "reference", "data"
"""Where a link stands: running text, a ``<ref>``, or a template parameter or
link label (where a plain URL is data the template or link consumes)."""


@dataclass(frozen=True, slots=True)
class _TemplateKeys:
    """Normalised template names by how their parameters are read."""

    data: frozenset[str]
    note: frozenset[str]
    text: frozenset[str]


def _keys(doc: Document, groups: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(doc.template_keys(g) for g in groups))


@dataclass(frozen=True, slots=True)
class _Candidate:
    link: ExternalLink
    context: str
    ref: Tag | None


class BareUrl(Rule):
    """
    ## What it does
    Reports every external link whose only visible text is its URL:

    - a `<ref>` holding nothing but a URL, plain or in brackets, possibly
      followed by `{{dead link}}` or `{{Webarchive}}`;
    - an untitled bracketed link `[http://…]` anywhere (it renders as "[1]"),
      and, in running text and references, a bracketed link whose title is
      the same URL again (`[http://a.org/b http://a.org/b]`; a bare domain
      as the text, `[http://a.org a.org]`, is a deliberate display and is fine);
    - a plain URL in running text, a list, a table or a reference.

    One finding per link. The text of footnote templates (`{{efn|…}}`,
    `{{refn|…}}`: the profile's `note` group) counts as a reference, the
    text of wrappers such as `{{small|…}}` (`text-wrapper`) as the text
    around them. URLs given to other templates are data, not links, and
    are never reported: the parameters of citation templates (`url=`,
    `archive-url=`… of `{{cite web}}`, `{{網頁引用}}` and the rest of the
    profile's `citation-template` group), `{{URL|…}}`, `{{Webarchive}}`,
    `{{dead link}}`, plain URLs in any other template parameter (an infobox
    `website=`, an image caption), in file links (`link=`) and galleries.
    Titled links `[http://… Title]` are fine, and nothing in a comment,
    `<nowiki>`, `<pre>` or `<math>` counts. Only web links (`http`, `https`,
    `ftp`, `//host`) are considered.

    The evidence gives the URL, its domain and the kind of bare link
    (`reference`, `untitled`, `url-as-title`, `plain`).

    ## Why is this bad?
    A bare URL tells the reader nothing about the source: not its title, its
    author, its publisher or its date. When the link dies, nothing is left
    to find the source again or to recognise an archived copy. An untitled
    `[http://…]` shows only a number, which readers take for a footnote.

    ## Example
        Fallujah fell on 4 January.<ref>http://www.dailystar.com.lb/News/2014/Jan-04/243100.ashx</ref>
        Casualties: 35 killed.<ref>[http://www.militarytimes.com/article/20140103/NEWS08/301030005]</ref>
        Official site: http://www.anbar.gov.iq/

    Use instead:
        Fallujah fell on 4 January.<ref>{{cite news |url=http://www.dailystar.com.lb/News/2014/Jan-04/243100.ashx |title=Fallujah outside Iraq government control |newspaper=The Daily Star |date=2014-01-04}}</ref>
        Casualties: 35 killed.<ref>[http://www.militarytimes.com/article/20140103/NEWS08/301030005 Iraq fighting kills 35], Military Times, 3 January 2014.</ref>
        Official site: {{URL|http://www.anbar.gov.iq/}}
    """

    code = "REF001"
    name = "bare-url"
    summary = "Link whose only visible text is its URL (bare reference, [http://…], plain URL)"
    severity = Severity.WARNING
    costly_test = True
    triggers = ("//",)

    def may_find(self, doc: Document) -> bool:
        """Only where a URL is written without a title: a bracketed URL with no
        plain title, or a plain URL that stands in running text or a reference
        (not in a template parameter or a link label), read from the text."""
        facts = doc.facts
        if not facts.urls:
            return False
        keys = _TemplateKeys(
            data=_keys(doc, URL_DATA_GROUPS), note=_keys(doc, NOTE_GROUPS), text=_keys(doc, TEXT_GROUPS)
        )
        live = facts.live
        for url, frames in facts.url_contexts():
            if url.bracketed:
                if not url.titled:
                    return True
            elif (
                frames is None
                or live[url.start - 2 : url.start] == "[["
                or _written_context(frames, keys) in (PROSE, REFERENCE)
            ):
                return True
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        keys = _TemplateKeys(
            data=_keys(doc, URL_DATA_GROUPS), note=_keys(doc, NOTE_GROUPS), text=_keys(doc, TEXT_GROUPS)
        )
        companion_keys = _keys(doc, URL_COMPANION_GROUPS)
        link_starts = [span.start for span in doc.nodes_of(ExternalLink)]
        # Only the page's own nodes that hold a link are walked.
        holders: list[Node] = []
        for start in link_starts:
            top = doc.top_level_at(start)
            if top is not None and (not holders or holders[-1] is not top.node):
                holders.append(top.node)
        for candidate in _walk(doc, holders, PROSE, None, keys, link_starts):
            found = self._judge(doc, candidate, companion_keys)
            if found is not None:
                yield found

    def _judge(self, doc: Document, candidate: _Candidate, companion_keys: frozenset[str]) -> Finding | None:
        link = candidate.link
        start, end = doc.span(link)
        if doc.is_disabled(start):
            return None
        written = doc.node_text(link.url)
        url = linked_url(written, bracketed=bool(link.brackets))
        if not is_web_url(url):
            return None
        title = None if link.title is None else doc.node_text(link.title).strip()
        if link.brackets:
            if not title:
                kind = "untitled"
            elif candidate.context != DATA and title.strip("'\"“”「」 ") == url:
                kind = "url-as-title"
            else:
                return None
        else:
            if candidate.context == DATA:
                return None
            kind = "plain"
            end = start + written.find(url) + len(url)
        if (
            candidate.context == REFERENCE
            and kind != "url-as-title"
            and candidate.ref is not None
            and _only_link_in(doc, candidate.ref, link, companion_keys)
        ):
            kind = "reference"
        domain = url_domain(url)
        evidence = {
            "url": url,
            "domain": domain,
            "kind": kind,
            "in_reference": candidate.context == REFERENCE,
        }
        original = archived_original(url)
        if original:
            evidence["archive_of"] = original
        # One message and one suggestion per kind: wikilint-ref001-<kind>(-fix).
        return self.finding(
            doc,
            start,
            end,
            self.message(kind, site=domain or url),
            suggestion=self.message(f"{kind}-fix"),
            evidence=evidence,
        )


def _written_context(frames: tuple[str, ...], keys: _TemplateKeys) -> str | None:
    """The context :func:`_walk` gives a plain URL held by ``frames`` (see
    :meth:`PageFacts.url_contexts`); None where it is never walked, and
    :data:`PROSE` where the frames cannot be read."""
    context: str | None = PROSE
    for frame in frames:
        if frame == "ref":
            context = REFERENCE
        elif frame == "link":
            context = DATA
        else:
            _, key, state = frame.rsplit(":", 2)
            if key in keys.data:
                return None
            if state == "name":
                return PROSE  # a URL in a template's name: left to the parse
            if state == "named":
                context = DATA
            elif key in keys.note:
                context = REFERENCE
            elif key not in keys.text:
                context = DATA
    return context


def _walk(
    doc: Document,
    nodes: list[Node],
    context: str,
    ref: Tag | None,
    keys: _TemplateKeys,
    link_starts: list[int],
) -> Iterator[_Candidate]:
    """External links among ``nodes`` with the context they stand in.

    ``link_starts`` (where the page's links begin, sorted) lets the walk
    skip every template, tag and wikilink that holds no link.
    """
    for node in nodes:
        if isinstance(node, Text):
            continue
        if isinstance(node, ExternalLink):
            yield _Candidate(node, context, ref)
            continue
        if isinstance(node, Wikilink) and node.text is None:
            continue  # [[Page]]: nothing inside to walk
        start, end = doc.span(node)
        i = bisect.bisect_left(link_starts, start)
        if i == len(link_starts) or link_starts[i] >= end:
            continue  # no link inside
        if isinstance(node, Template):
            key = doc.normalize_template_name(str(node.name))
            if key in keys.data:
                continue
            for param in node.params:
                if param.showkey:
                    inner = DATA
                elif key in keys.note:
                    inner = REFERENCE
                elif key in keys.text:
                    inner = context
                else:
                    inner = DATA
                yield from _walk(
                    doc, param.value.nodes, inner, ref if inner == context else None, keys, link_starts
                )
        elif isinstance(node, Tag):
            tag = str(node.tag).strip().lower()
            if node.contents is None or tag in NON_TEXT_TAGS:
                continue
            if tag == "ref" and not node.wiki_markup:
                yield from _walk(doc, node.contents.nodes, REFERENCE, node, keys, link_starts)
            else:
                yield from _walk(doc, node.contents.nodes, context, ref, keys, link_starts)
        elif isinstance(node, Wikilink):
            if node.text is not None:
                yield from _walk(doc, node.text.nodes, DATA, None, keys, link_starts)
        elif isinstance(node, Heading):
            yield from _walk(doc, node.title.nodes, context, ref, keys, link_starts)


def _only_link_in(doc: Document, ref: Tag, link: ExternalLink, companion_keys: frozenset[str]) -> bool:
    """True when ``ref`` holds ``link`` and nothing else but a dead-link or archive note."""
    for node in ref.contents.nodes:
        if node is link or isinstance(node, (Comment, HTMLEntity)):
            continue
        if isinstance(node, Text):
            if node.value.strip(_FILLER):
                return False
        elif isinstance(node, Template):
            if doc.normalize_template_name(str(node.name)) not in companion_keys:
                return False
        else:
            return False
    return True
