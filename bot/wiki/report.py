"""The talk-page report: findings rendered as one section of wikitext.

Layout (in the wiki's language)::

    == wikilint report ==
    <!-- wikilint-report bot=... rev=... digest=... -->
    Revision 123 of [[:Article]] has 3 findings: CIT001 × 2, REF001 × 1.

    * '''[[User:Bot/wikilint#CIT001|CIT001 citation-needed]]''' (warning): 2
    ** line 12, section <nowiki>History</nowiki>: <nowiki>message</nowiki> <code><nowiki>{{cn}}</nowiki></code> (suggestion: …)
    ...
    Footer. ~~~~
    <!-- /wikilint-report -->

Everything taken from the article or from a rule's message is quoted with
:func:`~bot.wiki.wikitext.quote`; a rule's message is written in the wiki's
language from its key and parameters, on a Chinese wiki in both scripts. The digest covers what the findings say
about the article (rule, severity, position, snippet, section), not their
messages: a message may mention today's date ("tagged 4711 days ago"), and a
report must not be rewritten every day because a tag grew older.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from wikilint.bot.whitelist import entry_line
from wikilint.bot.wiki.messages import Messages
from wikilint.bot.wiki.talkpage import END_MARKER, begin_marker
from wikilint.bot.wiki.wikitext import link, quote
from wikilint.rules.finding import Finding, Severity

#: Bump when the report's layout changes, so that every report is rewritten once.
REPORT_FORMAT = 1
#: Findings listed per rule; the others are counted.
MAX_LISTED_PER_RULE = 20
SNIPPET_CHARS = 120
MESSAGE_CHARS = 300
SECTION_CHARS = 80


def findings_digest(findings: Sequence[Finding]) -> str:
    """A short hash of the findings (order-independent, message-independent)."""
    facts = sorted(
        (f.code, f.severity.value, f.line, f.column, f.end_line, f.end_column, f.section, f.snippet)
        for f in findings
    )
    payload = json.dumps([REPORT_FORMAT, facts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def counts_by_rule(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per rule code, in code order."""
    return dict(sorted(Counter(f.code for f in findings).items()))


@dataclass(frozen=True)
class ReportContext:
    """What a report needs to know besides its findings."""

    article: str
    revision: int
    bot_user: str
    docpage: str
    optout_template: str
    whitelist: str | None = None
    """the whitelist page: each finding then shows the line that marks it as a false positive"""


def _rule_anchor(docpage: str, code: str, name: str) -> str:
    return f"[[{docpage}#{code}|{code} {name}]]"


def render_report(findings: Sequence[Finding], context: ReportContext, messages: Messages) -> str:
    """The whole report block (heading to end marker) for ``findings``."""
    digest = findings_digest(findings)
    article = link(context.article)
    revision = f"[[Special:PermanentLink/{context.revision}|{context.revision}]]"
    lines = [
        # Plain text, no variant markup: MediaWiki would put the markup into the
        # section's anchor. The wiki's converter shows the heading in each script.
        f"== {messages.plain('heading')} ==",
        begin_marker(context.bot_user, context.revision, digest),
    ]
    if findings:
        counts = ", ".join(f"{code} × {n}" for code, n in counts_by_rule(findings).items())
        lines.append(
            messages.wikitext(
                "summary", revision=revision, article=article, count=len(findings), counts=counts
            )
        )
    else:
        lines.append(messages.wikitext("clean", revision=revision, article=article))
    lines.append("")
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.code, []).append(finding)
    for code in sorted(by_rule):
        group = sorted(by_rule[code], key=lambda f: f.sort_key)
        first = group[0]
        severity = max((f.severity for f in group), key=lambda s: s.rank)
        rule = _rule_anchor(context.docpage, code, first.rule)
        lines.append(
            "* '''"
            + messages.wikitext(
                "rule", rule=rule, severity=messages.wikitext(f"severity-{severity.value}"), count=len(group)
            )
            + "'''"
        )
        for finding in group[:MAX_LISTED_PER_RULE]:
            line = _finding_line(finding, messages)
            if context.whitelist:
                line += (
                    " ("
                    + messages.wikitext(
                        "whitelist-hint",
                        whitelist=f"[[{context.whitelist}]]",
                        line=f"<code>{quote(entry_line(context.article, finding))}</code>",
                    )
                    + ")"
                )
            lines.append("** " + line)
        if len(group) > MAX_LISTED_PER_RULE:
            lines.append("** " + messages.wikitext("more", count=len(group) - MAX_LISTED_PER_RULE))
    if findings:
        lines.append("")
    talk = f"[[User talk:{context.bot_user}]]"
    optout = quote("{{" + context.optout_template + "}}")
    lines.append(messages.wikitext("footer", talk=talk, optout=optout) + " ~~~~")
    lines.append(END_MARKER)
    return "\n".join(lines)


def _finding_line(finding: Finding, messages: Messages) -> str:
    if finding.section:
        where = messages.wikitext(
            "location", line=finding.line, section=quote(finding.section, SECTION_CHARS)
        )
    else:
        where = messages.wikitext("location-lead", line=finding.line)
    message = messages.rule_text(finding.message_key, finding.params, finding.message, MESSAGE_CHARS)
    parts = [messages.wikitext("finding", location=where, message=message)]
    if finding.snippet:
        parts.append(f"<code>{quote(finding.snippet, SNIPPET_CHARS)}</code>")
    if finding.suggestion:
        suggestion = messages.rule_text(
            finding.suggestion_key, finding.params, finding.suggestion, MESSAGE_CHARS
        )
        parts.append(messages.wikitext("suggestion", suggestion=suggestion))
    return " ".join(parts)


def severity_at_least(findings: Sequence[Finding], minimum: Severity) -> list[Finding]:
    """The findings whose severity is ``minimum`` or higher."""
    return [f for f in findings if f.severity.rank >= minimum.rank]
