"""SYN001 unbalanced-markup: brackets, comments and quotes left open."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.nodes import Heading, Text, Wikilink

from wikilint.rules.document import Bracket, Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.lines import LineStart

_CLOSING = {"{{": "}}", "{{{": "}}}", "[[": "]]", "-{": "}-"}
_OPENING = {"}}": "{{", "]]": "[["}
_APOSTROPHES = re.compile(r"'{2,}")
#: A heading line holding two apostrophes or more (read before any parse).
_HEADING_QUOTES = LineStart(r"=.*''.*=[ \t]*$", re.M)
#: A word read backwards from a bracket (matched on the reversed line: a
#: search for ``…*$`` would retry from every position of a long line).
_WORD = re.compile(r"[^\s\[\]|<>]*")
_URL_START = re.compile(r"(?:https?:|ftp:)?//", re.I)
_ENTITY_OPENING = re.compile(r"(?:&#91;|&#x5[bB];|&lsqb;|&lbrack;){2}")
_SQUARE_RUNS = re.compile(r"\[+|\]+")
_OUTER_NAME = re.compile(r"[^|\n{}\[\]]{0,40}")


class UnbalancedMarkup(Rule):
    """
    ## What it does
    Reports wiki markup left open or closed twice, as MediaWiki pairs it:

    - a `{{` or `[[` that never closes. When an unclosed bracket sits inside
      a template or a link, the finding points at it — the bracket really
      left open — and names the template whose closing `}}` it swallowed;
    - a `}}` or `]]` that closes nothing;
    - a `<!--` with no `-->`: everything after it is hidden;
    - bold (`'''`) or italic (`''`) opened in a heading and never closed.

    Brackets are paired as MediaWiki's preprocessor pairs them, not as a
    lenient parser would: inside a `[[`, a `}}` is text. Comments,
    `<nowiki>`, `<pre>`, `<math>` and `<syntaxhighlight>` are not read;
    each `<ref>` is a scope of its own. `-{…}-` on zhwiki is left to
    ZH001. The evidence gives the bracket, its line and column, and the
    template or link it breaks.

    ## Why is this bad?
    An unclosed bracket makes MediaWiki show the markup itself: the whole
    citation or infobox around it appears as raw `{{cite web|…` text, or a
    link swallows the rest of the paragraph. A stray `}}` or `]]` is shown
    to readers as it is. An unclosed comment hides the rest of the article
    from readers while editors still see it in the source.

    ## Example
        Fallujah fell.<ref>{{cite news |title=Fallujah [[Anbar Province |url=http://example.com/a}}</ref>
        The army counterattacked.]]

    Use instead:
        Fallujah fell.<ref>{{cite news |title=Fallujah [[Anbar Province]] |url=http://example.com/a}}</ref>
        The army counterattacked.
    """

    code = "SYN001"
    name = "unbalanced-markup"
    summary = "Bracket, comment or bold/italic markup left open, or a closing bracket with no opening"
    severity = Severity.WARNING
    triggers = ("{{", "}}", "[[", "]]", "<!--", "''")

    def may_find(self, doc: Document) -> bool:
        """Only where the bracket scan (read without parsing) finds a bracket
        unclosed or stray, or a comment unclosed, or a heading holds quotes."""
        if not any(trigger in doc.text for trigger in self.triggers):
            return False
        scan = doc.brackets
        return (
            any(bracket.kind != "-{" for bracket in scan.unclosed)
            or bool(scan.stray)
            or scan.unclosed_comment is not None
            or _HEADING_QUOTES.occurs(doc.text)
        )

    def check(self, doc: Document) -> Iterator[Finding]:
        scan = doc.brackets
        for bracket in scan.unclosed:
            if bracket.kind != "-{":  # ZH001's
                yield self._unclosed(doc, bracket)
        for bracket in scan.stray:
            if _meant_as_text(doc.text, bracket):
                continue
            yield self.finding(
                doc,
                bracket.start,
                bracket.end,
                self.message("stray", bracket=bracket.kind),
                suggestion=self.message("fix-stray", opening=_OPENING[bracket.kind]),
                evidence=_where(doc, bracket),
            )
        if scan.unclosed_comment is not None:
            comment = scan.unclosed_comment
            hidden = len(doc.text) - comment.end
            yield self.finding(
                doc,
                comment.start,
                comment.end,
                self.message("comment", hidden=hidden),
                suggestion=self.message("fix-comment"),
                evidence={**_where(doc, comment), "hidden_characters": hidden},
            )
        if _HEADING_QUOTES.occurs(doc.text):
            yield from self._heading_quotes(doc)

    def _unclosed(self, doc: Document, bracket: Bracket) -> Finding:
        evidence = _where(doc, bracket)
        closing = _CLOSING[bracket.kind]
        outer = bracket.swallowed
        if outer is None:
            message = self.message("unclosed", bracket=bracket.kind)
        else:
            line, column = doc.position(outer.start)
            found = _OUTER_NAME.match(doc.text, outer.end)  # {0,40}: it always matches
            name = found.group().strip() if found else ""
            written = outer.kind + name
            message = self.message("unclosed-inside", bracket=bracket.kind, outer=written, line=line)
            evidence["breaks"] = {"bracket": outer.kind, "written": written, "line": line, "column": column}
        return self.finding(
            doc,
            bracket.start,
            bracket.end,
            message,
            suggestion=self.message("fix-unclosed", closing=closing),
            evidence=evidence,
        )

    def _heading_quotes(self, doc: Document) -> Iterator[Finding]:
        for span in doc.nodes_of(Heading):
            if span.depth:
                continue
            written = "".join(
                str(node) for node in span.node.title.nodes if isinstance(node, (Text, Wikilink))
            )
            bold, italic = _open_quotes(written)
            for markup, key in (("'''", "heading-bold"), ("''", "heading-italic")):
                if bold if markup == "'''" else italic:
                    yield self.finding(
                        doc,
                        span.start,
                        span.end,
                        self.message(key),
                        suggestion=self.message("fix-heading", markup=markup),
                        evidence={
                            "heading": doc.text[span.start : span.end],
                            "markup": markup,
                            "line": doc.position(span.start)[0],
                        },
                    )


def _meant_as_text(text: str, bracket: Bracket) -> bool:
    """A stray closing bracket that is text as written: inside a URL
    (``…#{"a":{}}``), or ``]]`` closing two single brackets opened on its
    line (``[which he knew [were approaching]]``, an external link's title
    in brackets) or an opening written as entities (``&#91;&#91;``)."""
    line_start = text.rfind("\n", 0, bracket.start) + 1
    before = text[line_start : bracket.start]
    word = _WORD.match(before[::-1])
    word_length = word.end() if word else 0
    if _URL_START.match(before, len(before) - word_length):
        return True
    if bracket.kind != "]]":
        return False
    if _ENTITY_OPENING.search(before):
        return True  # "&#91;&#91;…]]": the opening written as entities, on purpose
    single = 0
    for run in _SQUARE_RUNS.finditer(before):
        if len(run.group()) == 1:
            single = single + 1 if run.group() == "[" else max(single - 1, 0)
    return single >= 2


def _where(doc: Document, bracket: Bracket) -> dict:
    line, column = doc.position(bracket.start)
    return {"bracket": bracket.kind, "offset": bracket.start, "line": line, "column": column}


def _open_quotes(text: str) -> tuple[bool, bool]:
    """Whether bold and italic are left open at the end of a line, as
    MediaWiki reads apostrophes (``''''`` is ``'`` then bold; an odd bold
    and an odd italic together are ``'`` and italic: ``''Foo'''s``)."""
    bold = italic = 0
    for match in _APOSTROPHES.finditer(text):
        run = len(match.group())
        if run == 4:
            run = 3
        elif run > 5:
            run = 5
        if run == 2:
            italic += 1
        elif run == 3:
            bold += 1
        else:
            bold += 1
            italic += 1
    if bold % 2 and italic % 2:
        return False, False
    return bool(bold % 2), bool(italic % 2)
