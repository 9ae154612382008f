"""Rendering reports and their digest (no wiki needed)."""

from __future__ import annotations

import re

import mwparserfromhell

from wikilint.bot.wiki.messages import Messages
from wikilint.bot.wiki.report import (
    MAX_LISTED_PER_RULE,
    ReportContext,
    counts_by_rule,
    findings_digest,
    render_report,
    severity_at_least,
)
from wikilint.bot.wiki.talkpage import find_report
from wikilint.rules.finding import Finding, Severity

CONTEXT = ReportContext(article="安巴爾衝突", revision=42, bot_user="LintBot",
                        docpage="User:LintBot/wikilint", optout_template="Wikilint-optout")


def finding(code="CIT001", line=3, message="needs a source", snippet="{{cn}}", section="",
            severity=Severity.WARNING, **extra) -> Finding:
    return Finding(code=code, rule="citation-needed" if code == "CIT001" else "bare-url",
                   severity=severity, message=message, line=line, column=1, end_line=line,
                   end_column=7, section=section, snippet=snippet, **extra)


def test_digest_ignores_order_and_messages_but_not_positions():
    a, b = finding(line=3), finding(code="REF001", line=5)
    assert findings_digest([a, b]) == findings_digest([b, a])
    assert findings_digest([a]) == findings_digest([finding(line=3, message="tagged 4712 days ago")])
    assert findings_digest([a]) != findings_digest([finding(line=4)])
    assert findings_digest([a]) != findings_digest([finding(snippet="{{fact}}")])
    assert findings_digest([]) != findings_digest([a])


def test_report_has_marker_summary_groups_links_and_signature():
    findings = [finding(line=3), finding(line=9, section="歷史"), finding(code="REF001", line=5)]
    text = render_report(findings, CONTEXT, Messages("en"))
    posted = find_report(text)
    assert (posted.start, posted.end) == (0, len(text))
    assert (posted.revision, posted.digest) == (42, findings_digest(findings))
    assert text.startswith("== wikilint report ==\n")
    assert "has 3 findings: CIT001 × 2, REF001 × 1." in text
    assert "[[User:LintBot/wikilint#CIT001|CIT001 citation-needed]]" in text
    assert "line 9, section <nowiki>歷史</nowiki>" in text
    assert "line 3, lead section" in text
    assert text.count("~~~~") == 1
    assert counts_by_rule(findings) == {"CIT001": 2, "REF001": 1}


def test_only_safe_wikitext_outside_quotations():
    findings = [finding(message="{{x}} [[Category:Y]] ~~~~", snippet="{|", section="[[User:A]]",
                        suggestion="Use {{cite web}}")]
    text = render_report(findings, CONTEXT, Messages("zh"))
    code = mwparserfromhell.parse(text)
    assert [str(t.name) for t in code.filter_templates()] == []
    links = {str(link.title) for link in code.filter_wikilinks()}
    assert links == {":安巴爾衝突", "Special:PermanentLink/42", "User:LintBot/wikilint#CIT001",
                     "User talk:LintBot"}
    outside_quotes = re.sub(r"<nowiki>.*?</nowiki>", "", text)
    assert outside_quotes.count("~~~~") == 1, "only the signature: the quoted one is in <nowiki>"
    assert text.count("~~~~") == 2


def test_chinese_report_carries_both_scripts():
    text = render_report([finding()], CONTEXT, Messages("zh"))
    assert "检查报告" in text.splitlines()[0], "the heading is plain text (a clean anchor)"
    assert "-{zh-hans:" in text and "zh-hant:" in text
    assert "項問題" in text and "项问题" in text


def test_long_lists_are_cut():
    findings = [finding(line=n) for n in range(1, MAX_LISTED_PER_RULE + 6)]
    text = render_report(findings, CONTEXT, Messages("en"))
    assert text.count("\n** ") == MAX_LISTED_PER_RULE + 1
    assert "… and 5 more findings of this rule." in text


def test_clean_report():
    text = render_report([], CONTEXT, Messages("en"))
    assert "has no findings any more" in text and find_report(text).digest == findings_digest([])


def test_severity_filter():
    findings = [finding(severity=s) for s in Severity]
    assert [f.severity for f in severity_at_least(findings, Severity.WARNING)] == [
        Severity.WARNING, Severity.ERROR]
