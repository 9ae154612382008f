"""A lint result as the page and the API show it: findings in the reader's
language, grouped by section and rule, counted per rule; rule documentation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wikilint.bot.emitters.base import finding_record
from wikilint.rules import messages
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import PART_HEADINGS, Rule


def localize(finding: Finding, lang: str) -> Finding:
    """``finding`` with its message and suggestion rendered in ``lang`` (from
    ``message_key``/``suggestion_key`` and ``params``; as it is without keys)."""
    if lang == messages.DEFAULT_LANGUAGE:
        return finding
    localize_one = getattr(messages, "localize", None)
    if localize_one is not None:
        return localize_one(finding, lang)
    update = {}
    if finding.message_key:
        update["message"] = messages.render(finding.message_key, finding.params, lang)
    if finding.suggestion_key:
        update["suggestion"] = messages.render(finding.suggestion_key, finding.params, lang)
    return finding.model_copy(update=update) if update else finding


@dataclass
class RuleGroup:
    code: str
    name: str
    findings: list[tuple[int, Finding]]


@dataclass
class SectionGroup:
    section: str
    rules: list[RuleGroup]


@dataclass
class Result:
    """What one lint request produced."""

    text: str
    wiki: str
    lang: str
    findings: list[Finding]
    title: str | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    problems: list[dict] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def counts(self) -> list[tuple[str, str, str, int]]:
        """``(code, name, severity, count)`` per rule, most findings first."""
        counter = Counter((f.code, f.rule) for f in self.findings)
        severity = {f.code: f.severity.value for f in self.findings}
        return [
            (code, name, severity[code], count)
            for (code, name), count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        ]

    def severities(self) -> list[tuple[str, int]]:
        counter = Counter(f.severity.value for f in self.findings)
        return [(s.value, counter[s.value]) for s in reversed(Severity) if counter[s.value]]

    def grouped(self) -> list[SectionGroup]:
        """Sections in the order of the text; in each, rules by their first finding.
        Each finding keeps its index in :attr:`findings` (its anchor ``f<index>``)."""
        sections: dict[str, dict[str, RuleGroup]] = {}
        for index, finding in enumerate(self.findings):
            rules = sections.setdefault(finding.section, {})
            group = rules.setdefault(finding.code, RuleGroup(finding.code, finding.rule, []))
            group.findings.append((index, finding))
        return [SectionGroup(section, list(rules.values())) for section, rules in sections.items()]

    def as_json(self) -> dict[str, Any]:
        """The API's answer."""
        return {
            "title": self.title,
            "revision_id": self.revision_id,
            "timestamp": self.timestamp,
            "wiki": self.wiki,
            "lang": self.lang,
            "links": self.links,
            "counts": [{"code": c, "name": n, "severity": s, "count": k} for c, n, s, k in self.counts()],
            "findings": [finding_record(self.title or "-", f) for f in self.findings],
            "problems": self.problems,
        }


def filter_findings(
    findings: list[Finding], codes: set[str] | None, min_severity: Severity | None
) -> list[Finding]:
    rank = min_severity.rank if min_severity else Severity.INFO.rank
    return [f for f in findings if (codes is None or f.code in codes) and f.severity.rank >= rank]


# -- rule documentation ------------------------------------------------------------

_FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)


@dataclass
class DocPart:
    heading: str | None
    part: str
    """what the heading names (``what``, ``why``, ``fixing``, ``example``;
    ``other`` for a heading of the rule's own), the key of its translated title"""
    blocks: list[tuple[str, Any]]
    """``("p", text)``, ``("ul", [item, ...])``, ``("pre", code)`` or
    ``("instead", None)`` (the "Use instead" line before the fixed example)"""


def rule_summary(rule: type[Rule], lang: str) -> str:
    doc = getattr(rule, "doc", None)
    return doc("summary", lang) if doc else rule.summary


#: The documentation part each docstring heading holds (translated where the rule's files do).
PART_OF_HEADING = {heading: part for part, heading in PART_HEADINGS.items()} | {"Example": "example"}
_LIST_ITEM = re.compile(r"^[ \t]*[-*] ", re.M)


def rule_documentation(rule: type[Rule], lang: str) -> list[DocPart]:
    """The rule's docstring as headed parts of paragraphs, lists and code blocks
    (in ``lang`` where the rule's message files translate it). The Example
    part is the rule's example and its fixed form, line for line."""
    text = rule.documentation()
    doc = getattr(rule, "doc", None)
    parts: list[DocPart] = []
    for index, chunk in enumerate(re.split(r"^## ", text, flags=re.M)):
        if index == 0:
            heading, body = None, chunk
        else:
            heading, _, body = chunk.partition("\n")
        part = PART_OF_HEADING.get(heading or "", "other")
        if part == "example":
            parts.append(DocPart(heading, part, _example_blocks(rule)))
            continue
        if doc and lang != "en" and part != "other":
            body = doc(part, lang)
        blocks: list[tuple[str, Any]] = []
        position = 0
        for fence in _FENCE.finditer(body):
            blocks += _text_blocks(body[position : fence.start()])
            blocks.append(("pre", fence.group(1)))
            position = fence.end()
        blocks += _text_blocks(body[position:])
        if heading or blocks:
            parts.append(DocPart(heading, part, blocks))
    return parts


def _example_blocks(rule: type[Rule]) -> list[tuple[str, Any]]:
    example, instead = rule.examples()
    blocks: list[tuple[str, Any]] = [("pre", example)] if example else []
    if instead:
        blocks += [("instead", None), ("pre", instead)]
    return blocks


def _text_blocks(text: str) -> list[tuple[str, Any]]:
    """Paragraphs, and the ``-`` lists in them (an item's wrapped lines joined)."""
    blocks: list[tuple[str, Any]] = []
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        first = _LIST_ITEM.search(paragraph)
        if first is None:
            blocks.append(("p", paragraph))
            continue
        if paragraph[: first.start()].strip():
            blocks.append(("p", paragraph[: first.start()].strip()))
        items = _LIST_ITEM.split(paragraph[first.start() :])
        blocks.append(("ul", [" ".join(item.split()) for item in items if item.strip()]))
    return blocks


def rule_json(rule: type[Rule], lang: str, *, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "summary": rule_summary(rule, lang),
        "wikis": sorted(rule.wikis),
    }
    if full:
        data["documentation"] = rule.documentation()
        data["examples"] = dict(zip(("example", "use_instead"), rule.examples()))
        data["message_keys"] = sorted(messages.known_keys(rule.code))
    return data
