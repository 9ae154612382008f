"""CIT002 inline-cleanup-tag: a passage tagged inline for a problem other than a missing source."""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.rules.builtin._cleanup_tags import (
    INLINE_CLEANUP_MARKERS,
    TagAgeOptions,
    inline_tag_findings,
    today,
)
from wikilint.rules.document import Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule


class InlineCleanupTag(Rule):
    """
    ## What it does
    Reports the inline cleanup tags other than a request for a source: original
    research (`{{or}}`), `{{where}}`, `{{who}}`, `{{when}}`,
    `{{which}}`, `{{clarify}}`, `{{dubious}}`,
    `{{verification needed}}`, `{{by whom}}`, `{{failed verification}}`
    and the other names of the wiki profile's `inline-cleanup` group
    (`{{誰}}`, `{{可疑}}`, `{{需要解释}}`...; first letter in either
    case, Traditional or Simplified script), and hand-typed markers that
    imitate them in any bracket editors type: `[dubious – discuss]`,
    `[original research?]`, `[who?]`, `［可疑］`, `【原創研究？】`, `〔誰？〕`.

    One finding per tag, at the tag, with the template, the date as written
    (`date=` or zh `time=`), the month it means and the tag's age in days;
    an undated tag says so. Tags in comments, `<nowiki>`, `<pre>` and the
    like are not reported.

    ## Why is this bad?
    Each tag marks a sentence that an editor found vague, doubtful or not
    supported by its source. Readers see the bracketed note; the older it is,
    the longer the problem has stood unfixed.

    ## Example
        據稱一位官員表示ISIL擁有重型武器{{where|date=2014年1月}}。
        第1師{{or|date=2014年1月}}

    Use instead:
        據伊拉克國防部發言人表示，ISIL擁有重型武器<ref>{{cite news|title=Official: Al-Qaeda has enough arms|work=The Daily Star|date=2014-01-20}}</ref>。
    """

    code = "CIT002"
    name = "inline-cleanup-tag"
    summary = "Passage tagged inline as dubious, vague, unverified or original research"
    severity = Severity.WARNING
    template_triggers = ("inline-cleanup",)

    def may_find(self, doc: Document) -> bool:
        """Only where an inline cleanup template may be transcluded or a
        hand-typed marker is written."""
        return doc.may_transclude(*self.template_triggers) or INLINE_CLEANUP_MARKERS.may_occur(doc)

    Options = TagAgeOptions
    options: TagAgeOptions

    def check(self, doc: Document) -> Iterator[Finding]:
        yield from inline_tag_findings(
            self, doc, "inline-cleanup", INLINE_CLEANUP_MARKERS, today(self.options), {}
        )
