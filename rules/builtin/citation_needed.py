"""CIT001 citation-needed: a statement tagged as needing a source."""

from __future__ import annotations

from typing import Iterator

import regex
from mwparserfromhell.nodes import Template

from wikilint.rules.builtin._cleanup_tags import TagAgeOptions, live_templates, tag_date, tag_evidence, today
from wikilint.rules.document import Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.ranges import merge_ranges, occurrences

#: A hand-typed marker: the text the template renders, typed in by hand
#: (``[來源請求]``, ``［來源請求］``, ``[citation needed]``).
_MARKER = regex.compile(
    r"(?:\[|［|&\#91;)[ \t]*(?:來源請求|来源请求|citation[ \t]+needed)[ \t]*(?:\]|］|&\#93;)",
    regex.IGNORECASE,
)
#: Words every marker contains, checked with fast substring search first.
_MARKER_WORDS = ("來源請求", "来源请求", "itation", "ITATION")
#: How far a marker reaches before and after its word ("&#91; citation needed &#93;").
_MARKER_BEFORE, _MARKER_AFTER = 24, 40
_OPENING_QUOTES = "\"“「『‘'"
_CLOSING_QUOTES = "\"”」』’'"


class CitationNeeded(Rule):
    """
    ## What it does
    Reports every inline request for a source: `{{Citation needed}}`,
    `{{cn}}`, `{{fact}}`, `{{citation needed span}}`, `{{來源請求}}` /
    `{{来源请求}}` and the other names of the wiki profile's
    `citation-needed` group (first letter in either case, Traditional or
    Simplified script), and hand-typed markers that imitate the tag in the
    text, such as `[來源請求]`, `［來源請求］` or `[citation needed]`.

    One finding per tag, at the tag. Its evidence gives the template, the
    date as written (`date=2014年1月`, `date=January 2014`,
    `date=2014-01`, `time=2019-01-18T13:38:58+00:00`), the month it means
    and the tag's age in days; an undated tag or a hand-typed marker says it
    has no date. Nothing in comments, `<nowiki>`, `<pre>` and the like is
    reported, nor a marker inside a template parameter (a citation's title,
    a quotation), where it is data rather than a tag.

    ## Why is this bad?
    A tagged statement is one a reader cannot verify, and the older the tag,
    the longer the claim has gone unsourced. A hand-typed marker looks like
    the tag but is neither dated nor counted in the maintenance categories,
    so nobody is asked to fix it.

    ## Example
        Ali was born in Ramadi.{{citation needed|date=January 2014}}
        He led the tribe from 2010. [citation needed]

    Use instead:
        Ali was born in Ramadi.<ref>{{cite news|title=Tribal leaders of Anbar|work=Al Arabiya|date=2014-01-14}}</ref>
    """

    code = "CIT001"
    name = "citation-needed"
    summary = "Statement tagged as needing a source ({{citation needed}}, [來源請求]...)"
    severity = Severity.WARNING
    triggers = _MARKER_WORDS
    template_triggers = ("citation-needed",)
    Options = TagAgeOptions

    def check(self, doc: Document) -> Iterator[Finding]:
        as_of = today(self.options)
        found: list[Finding] = []
        for template in live_templates(doc, "citation-needed"):
            when = tag_date(template)
            found.append(self.finding(
                doc, template.start, template.end,
                f"{{{{{template.name}}}}} asks for a source, {when.describe(as_of)}",
                suggestion="Cite a reliable source for the statement, then remove the tag",
                evidence={**tag_evidence(template, when, as_of), "hand_typed": False},
            ))
        for start, end in _hand_typed_markers(doc):
            marker = doc.text[start:end]
            found.append(self.finding(
                doc, start, end,
                f"Hand-typed citation-needed marker {marker!r}: it looks like the tag but is "
                "undated and uncategorised",
                suggestion="Cite a source, or replace the marker with the citation-needed template "
                           "and a date",
                evidence={"template": None, "marker": marker, "hand_typed": True,
                          "dated": False, "date_parameter": None, "date_written": None,
                          "date_parsed": None, "age_days": None},
            ))
        found.sort(key=lambda f: (f.line, f.column))
        yield from found


def _hand_typed_markers(doc: Document) -> Iterator[tuple[int, int]]:
    """Spans of markers typed in the text itself (not in data, not quoted)."""
    text = doc.text
    for match in _marker_matches(text):
        start, end = match.span()
        if text[start - 1:start] == "[" and text[end:end + 1] == "]":
            continue  # [[來源請求]]: a wikilink, not a marker
        if doc.is_disabled(start):
            continue
        before = text[:start].rstrip()[-1:]
        after = text[end:].lstrip()[:1]
        if before and after and before in _OPENING_QUOTES and after in _CLOSING_QUOTES:
            continue  # the marker is being mentioned, not used
        if _in_template_data(doc, start, end):
            continue
        yield start, end


def _marker_matches(text: str) -> Iterator[regex.Match[str]]:
    """The marker regex's matches, searched only around the words every
    marker contains: over a whole page the regex is the costly part."""
    windows = merge_ranges((max(0, at - _MARKER_BEFORE), at + _MARKER_AFTER)
                           for word in _MARKER_WORDS for at in occurrences(text, word))
    for first, last in windows:
        yield from _MARKER.finditer(text, first, last)


def _in_template_data(doc: Document, start: int, end: int) -> bool:
    """True inside a template parameter other than an infobox field.

    Infobox fields are article prose; other parameters (a citation's title, a
    quotation, a code sample) are data in which the text is only quoted.
    """
    infoboxes = {doc.normalize_template_name(name)
                 for names in doc.profile.infoboxes.values() for name in names}
    for span in doc.enclosing(start, end, Template):
        key = doc.normalize_template_name(str(span.node.name))
        if key not in infoboxes and not key.casefold().startswith("infobox"):
            return True
    return False
