"""CIT001 citation-needed: a statement tagged as needing a source."""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.rules.builtin._cleanup_tags import (
    CITATION_NEEDED_MARKERS,
    TagAgeOptions,
    inline_tag_findings,
    today,
)
from wikilint.rules.document import Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule


class CitationNeeded(Rule):
    """
    ## What it does
    Reports every inline request for a source: `{{Citation needed}}`,
    `{{cn}}`, `{{fact}}`, `{{citation needed span}}`, `{{來源請求}}` /
    `{{来源请求}}` and the other names of the wiki profile's
    `citation-needed` group (first letter in either case, Traditional or
    Simplified script), and hand-typed markers that imitate the tag in the
    text in any bracket editors type: `[來源請求]`, `［來源請求］`,
    `【来源请求】`, `〔來源請求〕`, `[citation needed]`.

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
    template_triggers = ("citation-needed",)
    Options = TagAgeOptions
    options: TagAgeOptions

    def may_find(self, doc: Document) -> bool:
        """Only where a citation-needed template may be transcluded or a
        hand-typed marker is written."""
        return doc.may_transclude(*self.template_triggers) or CITATION_NEEDED_MARKERS.may_occur(doc)

    def check(self, doc: Document) -> Iterator[Finding]:
        yield from inline_tag_findings(
            self, doc, "citation-needed", CITATION_NEEDED_MARKERS, today(self.options), {"hand_typed": False}
        )
