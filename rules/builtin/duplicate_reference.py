"""REF002 duplicate-reference: one source defined as two references."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from mwparserfromhell.nodes import ExternalLink, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikilint.rules.builtin._reference_merge import ReferenceNames, merge_fix
from wikilint.rules.document import DISABLED_TAGS, Document, RefTag
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.urls import (
    is_archive_url,
    is_site_home,
    is_web_url,
    linked_url,
    normalize_url,
    url_domain,
)

#: Parameters of citation templates that name the cited page itself (not an
#: archived copy, not an identifier such as doi=).
URL_PARAMETERS = frozenset(
    {
        "url",
        "chapter-url",
        "chapterurl",
        "contribution-url",
        "contributionurl",
        "section-url",
        "sectionurl",
        "entry-url",
        "entryurl",
        "article-url",
        "articleurl",
        "conference-url",
        "conferenceurl",
        "transcript-url",
        "transcripturl",
        "map-url",
        "mapurl",
    }
)
#: Parameters that say where in a source a citation points: two references to
#: different pages of one document are not duplicates.
PINPOINT_PARAMETERS = (
    "page",
    "pages",
    "p",
    "pp",
    "at",
    "loc",
    "quote-page",
    "quote-pages",
    "chapter",
    "section",
    "minutes",
    "time",
)
#: Parameters holding a quotation: two citations of one page quoting different
#: passages are not duplicates (one that quotes nothing duplicates either).
QUOTE_PARAMETERS = ("quote", "quotation")
#: Parameters a citation is read by (with every ``*url*`` and ``*archive*`` one).
_READ_PARAMETERS = frozenset({"title", *PINPOINT_PARAMETERS, *QUOTE_PARAMETERS})
#: Template groups that accompany a link without citing anything themselves.
ACCESSORY_GROUPS = ("archive-template", "dead-link")
#: A pinpoint typed in running text or a title: "p. 75", "pp. 10–12", "Page 3",
#: "Art. 11", "§ 4", "第5頁".
_TEXT_PINPOINT = re.compile(
    r"(?<![A-Za-z])(?:pp?\.|pages?|pg\.|art\.|articles?|§|sec\.|ch\.|chapter)\s*[\dIVXLCivxlc][\d\-–—,IVXLCivxlc ]*"
    r"|第\s*[\d〇零一二三四五六七八九十百千]+\s*[頁页章節节]"
    r"|[頁页]\s*\d+",
    re.IGNORECASE,
)
#: A quotation typed in running text (long enough not to be a quoted title).
_TEXT_QUOTATION = re.compile(r"[\"“„«]([^\"”“»]{100,})|[「『]([^」』]{40,})")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_SPACE = re.compile(r"\s+")
_WRITTEN_URL = re.compile(r"//(?:[^\s|\[\]<>{}]|\{(?!\{)|\}(?!\}))+")


@dataclass
class _Definition:
    """A ``<ref>`` definition and the URLs it cites."""

    ref: RefTag
    urls: dict[str, str] = field(default_factory=dict)
    """normalised URL -> the URL as first written"""
    places: dict[str, tuple[str, str]] = field(default_factory=dict)
    """normalised URL -> (pinpoint, quotation): where in that source it points.
    Kept per URL, so that in a note citing several sources the page of one
    citation does not set apart the URL of another."""


@dataclass
class _Reading:
    """What a walk through a reference's content found."""

    links: list[str] = field(default_factory=list)
    """URLs of external links, which may be a publisher's home page"""
    cited: list[tuple[str, str, str]] = field(default_factory=list)
    """URLs of citation templates (``url=``...), each with its own citation's
    pinpoint and quotation"""
    text: list[str] = field(default_factory=list)
    """the reference's own running text"""
    titles: list[str] = field(default_factory=list)
    """the text of its links (``[http://… Report, page 14]``)"""


class DuplicateReference(Rule):
    """
    ## What it does
    Reports a source that is defined as a reference twice:

    - two separate `<ref>` definitions cite the same URL (after ignoring
      `http`/`https`, `www.`, a trailing slash and the `#fragment`). The later
      definition is reported, pointing at the first, whether the URL is the
      `url=` of a citation template or a link in the reference's text, and
      also when one of them is a note that cites several sources. An archived
      copy (`archive-url=`, `{{Webarchive}}`) does not count as citing the
      original. References to different pages of one document (`page=`,
      `pages=`, `at=`, "p. 12"), quoting different passages of it, or
      pointing at different data through an `archive-url=` that is no
      archive are not duplicates, nor are references in different groups,
      nor a publisher's home page linked beside the cited page ("[… Title]
      on the [http://site/ Official site]");
    - one reference name defined twice with different content (severity
      error): MediaWiki shows an error in the reference list there.

    Reuses (`<ref name="x" />`, `{{r|x}}`), identical definitions of one name
    and references inside comments or `<nowiki>` are fine. The evidence gives
    the URL, its domain and the line of the first definition.

    ## Why is this bad?
    A source cited twice appears twice in the reference list, with two
    numbers; readers cannot tell that the two footnotes are one source, and
    editors must fix a dead link or a correction in two places. A name
    defined twice with different content hides one of the two citations
    behind an error message.

    ## Example
        Fallujah fell.<ref>{{cite news |url=http://www.dailystar.com.lb/News/2014/Jan-04/243100.ashx |title=Fallujah outside Iraq government control}}</ref>
        At least eight people died.<ref>{{cite news |url=https://dailystar.com.lb/News/2014/Jan-04/243100.ashx#axzz2 |title=Iraq army shells Falluja}}</ref>
        The army counterattacked.<ref name="isw">{{cite web |url=http://iswiraq.blogspot.com/2014/01/showdown-in-anbar.html |title=Iraq Update #41}}</ref>
        Ramadi was contested.<ref name="isw">{{cite web |url=http://iswiraq.blogspot.com/2014/01/iraq-update-42.html |title=Iraq Update #42}}</ref>

    Use instead:
        Fallujah fell.<ref name="dailystar-243100">{{cite news |url=http://www.dailystar.com.lb/News/2014/Jan-04/243100.ashx |title=Fallujah outside Iraq government control}}</ref>
        At least eight people died.<ref name="dailystar-243100" />
        The army counterattacked.<ref name="isw41">{{cite web |url=http://iswiraq.blogspot.com/2014/01/showdown-in-anbar.html |title=Iraq Update #41}}</ref>
        Ramadi was contested.<ref name="isw42">{{cite web |url=http://iswiraq.blogspot.com/2014/01/iraq-update-42.html |title=Iraq Update #42}}</ref>
    """

    code = "REF002"
    name = "duplicate-reference"
    summary = "Two reference definitions citing one URL, or one name defined with different content"
    severity = Severity.WARNING
    triggers = ("<ref", "<Ref", "<REF")

    def may_find(self, doc: Document) -> bool:
        """Only where one reference name is defined twice, or where two
        reference definitions hold one written URL (as :meth:`check` sorts
        them, groups aside), read from the text."""
        refs = [ref for ref in doc.facts.refs if not ref.reuse]
        if len(refs) < 2:
            return False
        names: set[str] = set()
        seen: set[str] = set()
        for ref in refs:
            if ref.name is not None:
                name = ref.name.casefold()
                if name in names:
                    return True
                names.add(name)
            keys = _urls_written(doc.text[ref.content_start : ref.content_end])
            if not seen.isdisjoint(keys):
                return True
            seen |= keys
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        citation = doc.template_keys("citation-template")
        accessory = frozenset().union(*(doc.template_keys(g) for g in ACCESSORY_GROUPS))
        refs = [ref for ref in doc.refs if not ref.is_reuse and not doc.is_disabled(ref.start)]
        # Only references holding a URL that another one holds too can cite
        # one source twice: the others are never read through.
        written = [{(ref.group or "", key) for key in _urls_written(ref.content)} for ref in refs]
        counts = Counter(key for keys in written for key in keys)
        definitions = [
            _definition(doc, ref, citation, accessory)
            if any(counts[key] > 1 for key in keys)
            else _Definition(ref)
            for ref, keys in zip(refs, written)
        ]
        found = list(self._conflicting_names(doc, definitions))
        found.extend(self._same_urls(doc, definitions, ReferenceNames(doc), citation))
        found.sort(key=lambda f: (f.line, f.column))
        yield from found

    def _conflicting_names(self, doc: Document, definitions: list[_Definition]) -> Iterator[Finding]:
        first_by_name: dict[tuple[str, str], _Definition] = {}
        for definition in definitions:
            ref = definition.ref
            if ref.name is None:
                continue
            key = (ref.group or "", ref.name)
            first = first_by_name.setdefault(key, definition)
            if first is definition or _same_content(first.ref, ref):
                continue
            first_line = doc.position(first.ref.start)[0]
            yield self.finding(
                doc,
                ref.start,
                ref.end,
                self.message("name-conflict", name=ref.name, first_line=first_line),
                suggestion=self.message("name-conflict-fix"),
                evidence={"name": ref.name, "group": ref.group, "first_line": first_line},
                severity=Severity.ERROR,
            )

    def _same_urls(
        self, doc: Document, definitions: list[_Definition], names: ReferenceNames, citation: frozenset[str]
    ) -> Iterator[Finding]:
        citing: dict[tuple[str, str], _Citing] = {}  # (group, URL) -> the definitions citing it
        for order, definition in enumerate(definitions):
            shared: dict[int, list[str]] = {}
            earlier_of: dict[int, _Definition] = {}
            for key in definition.urls:
                slot = (definition.ref.group or "", key)
                sources = citing.setdefault(slot, _Citing())
                earlier = sources.first_duplicated_by(definition, key)
                sources.add(order, definition, key)
                if earlier is not None:
                    shared.setdefault(id(earlier), []).append(key)
                    earlier_of[id(earlier)] = earlier
            for ident, keys in shared.items():
                yield self._duplicate_url(doc, definition, earlier_of[ident], keys, names, citation)

    def _duplicate_url(
        self,
        doc: Document,
        definition: _Definition,
        earlier: _Definition,
        keys: list[str],
        names: ReferenceNames,
        citation: frozenset[str],
    ) -> Finding:
        ref = definition.ref
        url = definition.urls[keys[0]]
        domain = url_domain(url)
        first_line = doc.position(earlier.ref.start)[0]
        name = earlier.ref.name
        if name:
            suggestion = self.message("reuse", first_line=first_line, first_name=name)
        else:
            name = names.for_first(earlier.ref, ref, domain or "source")
            suggestion = self.message("name-and-reuse", first_line=first_line, new_name=name)
        return self.finding(
            doc,
            ref.start,
            ref.end,
            self.message("same-url", first_line=first_line, site=domain or url),
            suggestion=suggestion,
            evidence={
                "url": url,
                "normalized_url": keys[0],
                "domain": domain,
                "first_line": first_line,
                "first_name": earlier.ref.name,
                "name": ref.name,
                "shared_urls": keys,
            },
            fix=merge_fix(
                doc,
                earlier.ref,
                ref,
                name,
                citation=citation,
                single_source=len(definition.urls) == 1 and len(earlier.urls) == 1,
            ),
        )


@lru_cache(maxsize=4096)
def _urls_written(content: str) -> frozenset[str]:
    """The comparison keys of every URL a reference's source text holds,
    read straight from the text: whatever the reference cites is among them.

    Each ``//…`` run is taken up to the first character that ends a URL in
    any context (space, ``|``, brackets, a tag) and cut and folded the way
    the cited URLs are (:func:`linked_url`, :func:`normalize_url`), as a
    bracketed link and as a plain one (trailing punctuation, ``''``).
    Memoized: the pre-parse test and the check read the same references."""
    if "//" not in content:
        return frozenset()
    if "<!--" in content:
        content = _COMMENT.sub("", content)
    urls = set()
    for match in _WRITTEN_URL.finditer(content):
        written = match.group()
        for candidate in {written, written.split("''", 1)[0]}:
            urls.add(linked_url(candidate))
            urls.add(linked_url(candidate, bracketed=False))
    return frozenset(map(normalize_url, urls))


def _duplicates(earlier: _Definition, later: _Definition, key: str) -> bool:
    """True when ``later`` cites the same place in the source ``key`` as ``earlier``.

    :class:`_Citing` finds the first such ``earlier`` without comparing
    ``later`` with every earlier definition; this is its specification."""
    if earlier.ref.name is not None and earlier.ref.name == later.ref.name:
        return False  # one name twice: identical (fine) or a name conflict
    earlier_pinpoint, earlier_quote = earlier.places[key]
    later_pinpoint, later_quote = later.places[key]
    if earlier_quote and later_quote and earlier_quote != later_quote:
        return False
    return earlier_pinpoint == later_pinpoint


@dataclass
class _Firsts:
    """Of some definitions in page order: the first, and the first whose
    name differs from the first's — enough to answer "the first one not
    named X" for any X."""

    first: tuple[int, _Definition]
    other: tuple[int, _Definition] | None = None

    def add(self, order: int, definition: _Definition) -> None:
        if self.other is None and definition.ref.name != self.first[1].ref.name:
            self.other = (order, definition)

    def first_not_named(self, name: str | None) -> tuple[int, _Definition] | None:
        if name is None or self.first[1].ref.name != name:
            return self.first
        return self.other


@dataclass
class _Citing:
    """The definitions citing one URL, indexed by where in it they point, so
    that the first earlier one a definition duplicates (:func:`_duplicates`)
    is found at once: one with the same pinpoint, a different name, and no
    quotation or the same one."""

    by_place: dict[str, tuple[_Firsts, dict[str, _Firsts]]] = field(default_factory=dict)
    """pinpoint -> (all of them, and by quotation)"""

    def add(self, order: int, definition: _Definition, key: str) -> None:
        pinpoint, quote = definition.places[key]
        entry = self.by_place.get(pinpoint)
        if entry is None:
            self.by_place[pinpoint] = (_Firsts((order, definition)), {quote: _Firsts((order, definition))})
            return
        everyone, by_quote = entry
        everyone.add(order, definition)
        if quote in by_quote:
            by_quote[quote].add(order, definition)
        else:
            by_quote[quote] = _Firsts((order, definition))

    def first_duplicated_by(self, later: _Definition, key: str) -> _Definition | None:
        pinpoint, quote = later.places[key]
        entry = self.by_place.get(pinpoint)
        if entry is None:
            return None
        everyone, by_quote = entry
        name = later.ref.name
        if not quote:
            found = everyone.first_not_named(name)
        else:  # an earlier one quoting nothing, or quoting the same passage
            candidates = [
                firsts.first_not_named(name) for firsts in (by_quote.get(""), by_quote.get(quote)) if firsts
            ]
            found = min(filter(None, candidates), default=None, key=lambda c: c[0])
        return found[1] if found else None


def _same_content(first: RefTag, second: RefTag) -> bool:
    return _SPACE.sub(" ", first.content).strip() == _SPACE.sub(" ", second.content).strip()


def _definition(
    doc: Document, ref: RefTag, citation: frozenset[str], accessory: frozenset[str]
) -> _Definition:
    """What a reference definition cites, and where in the source it points."""
    definition = _Definition(ref)
    if ref.node.contents is None:
        return definition
    reading = _Reading()
    _read(doc, ref.node.contents, reading, citation, accessory)
    text = _SPACE.sub(" ", "".join(reading.text))
    titled = _SPACE.sub(" ", " ".join([text, *reading.titles]))
    text_pinpoints = [m.group().strip() for m in _TEXT_PINPOINT.finditer(titled)]
    text_pinpoints += [f"quote={(m.group(1) or m.group(2))[:60]}" for m in _TEXT_QUOTATION.finditer(text)]
    text_place = (" ".join(text_pinpoints), "")
    everything = [url for url, _, _ in reading.cited] + reading.links
    for url, pinpoint, quote in reading.cited:
        key = normalize_url(url)
        if key not in definition.urls:
            definition.urls[key] = url
            definition.places[key] = (
                " ".join(filter(None, [pinpoint, *text_pinpoints])) if len(reading.cited) == 1 else pinpoint,
                quote,
            )
    for url in reading.links:
        key = normalize_url(url)
        if key not in definition.urls and not any(is_site_home(url, other) for other in everything):
            definition.urls[key] = url
            definition.places[key] = text_place
    return definition


def _read(
    doc: Document, code: Wikicode, reading: _Reading, citation: frozenset[str], accessory: frozenset[str]
) -> None:
    """Gather the URLs, pinpoints and running text of a reference's content."""
    for node in code.nodes:
        if isinstance(node, ExternalLink):
            url = linked_url(doc.node_text(node.url), bracketed=bool(node.brackets))
            if is_web_url(url) and not doc.is_disabled(doc.span(node)[0]):
                reading.links.append(url)
                if node.title is not None:
                    reading.titles.append(doc.node_text(node.title))
        elif isinstance(node, Text):
            reading.text.append(node.value)
        elif isinstance(node, Template):
            key = doc.normalize_template_name(str(node.name))
            if key in citation:
                _read_citation(doc, node, reading)
            elif key not in accessory:
                for param in node.params:
                    if "archive" not in str(param.name).lower():
                        _read(doc, param.value, reading, citation, accessory)
        elif isinstance(node, Tag):
            if node.contents is not None and str(node.tag).strip().lower() not in DISABLED_TAGS:
                _read(doc, node.contents, reading, citation, accessory)


def _read_citation(doc: Document, node: Template, reading: _Reading) -> None:
    """The cited URLs and the pinpoint of a citation template.

    An ``archive-url`` that is no archive (a different page put there) tells
    the citation apart like a pinpoint does.
    """
    values: dict[str, str] = {}  # one pass over the parameters; the last of a name wins
    for param in node.params:
        name = str(param.name).strip()
        if name in _READ_PARAMETERS or "url" in name.lower() or "archive" in name.lower():
            values[name] = doc.node_text(param.value)
    pinpoints: list[str] = []
    if "title" in values:
        pinpoints += [m.group().strip() for m in _TEXT_PINPOINT.finditer(_SPACE.sub(" ", values["title"]))]
    urls: list[str] = []
    for raw_name, raw_value in values.items():
        if "/" not in raw_value:
            continue  # no URL in it
        name = raw_name.lower()
        value = linked_url(_COMMENT.sub("", raw_value))
        if not is_web_url(value):
            continue
        if name in URL_PARAMETERS:
            urls.append(value)
        elif "archive" in name and not is_archive_url(value):
            pinpoints.append(f"archive={normalize_url(value)}")
    quotes: list[str] = []
    for names, found in ((PINPOINT_PARAMETERS, pinpoints), (QUOTE_PARAMETERS, quotes)):
        for name in names:
            if name in values:
                value = _SPACE.sub(" ", _COMMENT.sub("", values[name])).strip()
                if value:
                    found.append(f"{name}={value}")
    reading.cited.extend((url, " ".join(pinpoints), " ".join(quotes)) for url in urls)
