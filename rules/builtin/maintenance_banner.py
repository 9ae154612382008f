"""CIT003 maintenance-banner: an article or section carrying a cleanup banner."""

from __future__ import annotations

from collections.abc import Iterator

from mwparserfromhell.nodes import Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikilint.rules.builtin._cleanup_tags import (
    TagAgeOptions,
    TagDate,
    live_templates,
    tag_date,
    tag_evidence,
    today,
)
from wikilint.rules.document import Document, TemplateRef
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.dates import parse_date

#: Parameters of {{Multiple issues}} itself, not issues.
_CONTAINER_PARAMETERS = frozenset({"section", "sect", "sec", "collapsed", "small", "expanded"})


class MaintenanceBanner(Rule):
    """
    ## What it does
    Reports the cleanup banners at the top of an article or section:
    `{{Expand section}}`, `{{Refimprove}}` / `{{More citations needed}}`,
    `{{Unreferenced}}`, `{{Original research}}`, `{{Inappropriate tone}}`,
    `{{Cleanup}}` and the other names of the wiki profile's
    `maintenance-banner` group (`{{擴充章節}}`, `{{原創研究}}`,
    `{{清理}}`...). A `{{Multiple issues}}` / `{{多個問題}}` box is not
    one finding: each issue inside it is reported, whether written as a
    nested template (`{{Refimprove|time=…}}`) or in the old
    `refimprove=January 2010` style.

    The evidence gives the template, the date as written (`date=` or zh
    `time=`), the month it means and the banner's age in days, and for an
    issue inside a box, the box. Banners in comments, `<nowiki>` and the
    like are not reported.

    ## Why is this bad?
    A banner tells every reader that the article falls short, and it stays
    until someone fixes the problem. Old banners are the backlog of a wiki:
    the age shows how long the problem has stood.

    ## Example
        == 背景 ==
        {{Expand section|date=2014年1月}}
        2013年12月30日，安全部隊開始拆除抗議營地。

    Use instead:
        == 背景 ==
        2013年12月30日，安全部隊開始拆除抗議營地<ref>{{cite news|title=Iraq clears protest camp|work=Reuters|date=2013-12-30}}</ref>。
    """

    code = "CIT003"
    name = "maintenance-banner"
    summary = "Article or section carrying a maintenance banner (each issue of {{Multiple issues}})"
    severity = Severity.INFO
    template_triggers = ("multiple-issues", "maintenance-banner")
    Options = TagAgeOptions
    options: TagAgeOptions

    def check(self, doc: Document) -> Iterator[Finding]:
        as_of = today(self.options)
        found: list[Finding] = []
        inside_boxes: set[int] = set()
        for box in live_templates(doc, "multiple-issues"):
            for issue in _issues(doc, box):
                if isinstance(issue, TemplateRef):
                    inside_boxes.add(id(issue.node))
                    when = tag_date(issue, positional=True)
                    start, end, label = issue.start, issue.end, issue.name
                    evidence = tag_evidence(issue, when, as_of)
                else:
                    start, end, label, when = issue
                    evidence = {"template": label, **when.evidence(as_of)}
                state, params = when.message(as_of)
                found.append(
                    self.finding(
                        doc,
                        start,
                        end,
                        self.message(f"in-box-{state}", template=label, container=box.name, **params),
                        suggestion=self.message("in-box-fix", container=box.name),
                        evidence={**evidence, "container": box.name},
                    )
                )
        for banner in live_templates(doc, "maintenance-banner"):
            if id(banner.node) in inside_boxes:
                continue
            when = tag_date(banner, positional=True)
            state, params = when.message(as_of)
            found.append(
                self.finding(
                    doc,
                    banner.start,
                    banner.end,
                    self.message(state, template=banner.name, **params),
                    suggestion=self.message("fix"),
                    evidence={**tag_evidence(banner, when, as_of), "container": None},
                )
            )
        found.sort(key=lambda f: (f.line, f.column))
        yield from found


def _issues(doc: Document, box: TemplateRef) -> Iterator[TemplateRef | tuple[int, int, str, TagDate]]:
    """The issues listed in a {{Multiple issues}} box, in order.

    Nested templates are issues (``{{多個問題|{{Refimprove|time=…}}}}``); so
    is an old-style named parameter whose value is a date or empty
    (``{{Multiple issues|refimprove=January 2010}}``).
    """
    by_node = {id(t.node): t for t in doc.templates}
    boxes = doc.template_keys("multiple-issues")
    for param in box.node.params:
        name = str(param.name).strip()
        if param.showkey and name.casefold() in _CONTAINER_PARAMETERS:
            continue
        nested = [
            node
            for node in param.value.nodes
            if isinstance(node, Template)
            and _is_issue_name(str(node.name))
            and by_node[id(node)].key not in boxes
        ]  # a box in a box lists its own
        if nested:
            for node in nested:
                yield by_node[id(node)]
            continue
        if param.showkey and name and not name.isdigit():
            value = str(param.value).strip()
            parsed = parse_date(value) if value else None
            if value and parsed is None:
                continue  # not a date: some other setting of the box
            start, end = _value_span(doc, param.value, box)
            yield start, end, name, TagDate(name, value or None, parsed)


def _is_issue_name(name: str) -> bool:
    """A template name, not a parser function or a magic word (``{{#if:…}}``, ``{{!}}``)."""
    name = name.strip()
    return bool(name) and not name.startswith("#") and name not in {"!", "="}


def _value_span(doc: Document, value: Wikicode, box: TemplateRef) -> tuple[int, int]:
    """Where a parameter value is written (the box itself when it is empty)."""
    nodes = [n for n in value.nodes if not (isinstance(n, Text) and not str(n).strip())]
    if not nodes:
        return box.start, box.end
    return doc.span(nodes[0])[0], doc.span(nodes[-1])[1]
