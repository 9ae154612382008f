"""REF004 unsourced-section: a body section whose own prose cites nothing."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import regex

from wikilint.rules.document import Block, Document
from wikilint.rules.document.references import is_heading_of
from wikilint.rules.document.visible import visible_text
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule

_HAN = regex.compile(r"\p{Han}")
#: What ``str.isalnum`` is False for (``\w`` is alphanumeric or ``_``): removed,
#: it leaves the letters and digits to count, in one pass of ``re``.
_NOT_ALNUM = re.compile(r"[\W_]+")
#: At least every character that counts as prose (the pre-parse test's bound).
_WORD = regex.compile(r"\w")
#: A line that may be a heading: ``=`` after nothing but space and comments.
_MAY_BE_HEADING = regex.compile(r"^(?:[ \t]|<!--.*?-->)*=", regex.M | regex.S)
#: A line of nothing but links whose targets carry a prefix (``[[Category:X]]``,
#: ``[[Կատեգորիա:X]]``, ``[[fr:X]]``).
_NAMESPACE_LINK_LINE = regex.compile(r"^\s*\[\[[^\[\]|:]+:.*\]\]\s*$")

#: How much running text makes prose (a Han character counts double): less is
#: a caption or a pointer ("See the list below."), not a claim.
MIN_PROSE_WEIGHT = 60


class UnsourcedSection(Rule):
    """
    ## What it does
    Reports a body section whose own prose — its paragraphs before its first
    subsection — cites no source at all: no `<ref>` (a reuse by name counts),
    no `{{sfn}}`, `{{harvnb}}`, `{{r}}` or other template of the profile's
    `short-citation` group, no citation template and no external link. The
    lead is not a section; appendices (See also, References, External links,
    參見, 參考資料, 外部連結, 注釋 and the profile's other `appendix`
    headings) are not body text, nor is a plot summary (the `plot` headings:
    Plot, Synopsis, 劇情...; the work itself is its source), nor a
    disambiguation page; a section with no paragraph of its own (empty, a
    table, a list: of links, of works, of events) or only a line or two of
    pointers is not reported: lists are left alone, as a list of works or
    of links cannot be told from a list of claims. The finding
    is on the heading; severity info.

    ## Why is this bad?
    A reader cannot tell where a whole section's statements come from, and an
    editor cannot check them. A section that cites nothing is where unsourced
    claims gather.

    ## Example
        == 背景 ==
        2013年12月30日，當天安全部隊開始拆毀一個遜尼派反政府的主要地點，工作持續了兩天才結束。2014年1月1日，拉馬迪的民兵與安全部隊發生零星衝突，四座警察局遭到縱火。

    Use instead:
        == 背景 ==
        2013年12月30日，當天安全部隊開始拆毀一個遜尼派反政府的主要地點，工作持續了兩天才結束。2014年1月1日，拉馬迪的民兵與安全部隊發生零星衝突，四座警察局遭到縱火。<ref>{{cite news |title=Iraq clears protest camp |work=Reuters |date=2013-12-30}}</ref>
    """

    code = "REF004"
    name = "unsourced-section"
    summary = "Body section whose own prose cites no source"
    severity = Severity.INFO
    costly_test = True
    triggers = ("==",)

    def may_find(self, doc: Document) -> bool:
        """Only where, between two references (or a reference and the page's
        end), a line that may be a heading is followed by at least
        ``MIN_PROSE_WEIGHT`` of text: a section needs that much prose and no
        source to be reported."""
        facts = doc.facts
        live = facts.live
        if "=" not in live:
            return False
        if doc.brackets.unclosed_comment is not None:
            return True
        bounds = [ref.start for ref in facts.refs if ref.reuse or ref.end < len(live)] + [len(live)]
        start = 0
        for end in bounds:
            heading = _MAY_BE_HEADING.search(doc.text, start, end)
            if heading is not None:
                words = len(_WORD.findall(live, heading.start(), end))
                if words + len(_HAN.findall(live, heading.start(), end)) >= MIN_PROSE_WEIGHT:
                    return True
            start = end
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.templates_in("disambiguation"):
            return  # a list of meanings, not an article
        sources = sorted(_source_starts(doc))
        blocks_by_section: dict[int, list[Block]] = {}
        for block in doc.blocks:
            blocks_by_section.setdefault(block.section, []).append(block)
        for section in doc.sections[1:]:
            if (
                not section.title
                or is_heading_of(doc, section.title, "appendix")
                or is_heading_of(doc, section.title, "plot")
            ):
                continue
            first = bisect.bisect_left(sources, section.body_start)
            if first < len(sources) and sources[first] < section.end:
                continue
            blocks = blocks_by_section.get(section.index, [])
            weight = sum(_prose_weight(doc, block) for block in blocks if block.kind == "paragraph")
            if weight < MIN_PROSE_WEIGHT:
                continue
            heading_end = doc.text.find("\n", section.start)
            end = section.body_start - 1 if heading_end == -1 else heading_end
            yield self.finding(
                doc,
                section.start,
                max(end, section.start + 1),
                self.message("unsourced", section=section.title),
                suggestion=self.message("fix"),
                evidence={
                    "section": section.title,
                    "level": section.level,
                    "paragraphs": sum(b.kind == "paragraph" for b in blocks),
                    "list_items": sum(b.kind == "list_item" for b in blocks),
                    "prose_weight": weight,
                },
            )


def _source_starts(doc: Document) -> list[int]:
    """Where the page cites something: refs, short citations, citation
    templates and external links (an embedded link is a citation too)."""
    starts = [ref.start for ref in doc.refs]
    starts += [
        t.start
        for t in doc.templates_in("short-citation", "citation-template", "note")
        if not doc.is_disabled(t.start)
    ]
    starts += [t.start for t in doc.templates if t.name.casefold().replace(" ", "").startswith("#tag:ref")]
    starts += [link.start for link in doc.external_links]
    return starts


def _prose_weight(doc: Document, block: Block) -> int:
    """The running text of a paragraph, Han characters counting double. A
    line holding only a link into another namespace or wiki (a category, a
    file with its caption, an interlanguage link, in any language's prefix)
    is no prose."""
    visible = visible_text(doc, block.start, block.end)
    weight = 0
    at = 0
    for line in block.text.split("\n"):
        if not _NAMESPACE_LINK_LINE.match(line):
            shown = visible[at : at + len(line)]
            weight += len(_NOT_ALNUM.sub("", shown)) + len(_HAN.findall(shown))
        at += len(line) + 1
    return weight
