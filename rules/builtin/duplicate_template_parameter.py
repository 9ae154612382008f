"""TPL001 duplicate-template-parameter: one parameter given twice in one call."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.nodes.extras import Parameter

from wikilint.rules.document import Document, TemplateRef
from wikilint.rules.document.protect import is_masked, restore
from wikilint.rules.document.tree import text_of
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.fix import Edit, Fix
from wikilint.rules.rule import Rule

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
#: Longest value quoted in a message (the evidence keeps it whole).
_QUOTE_LIMIT = 60


class DuplicateTemplateParameter(Rule):
    """
    ## What it does
    Reports a parameter given twice in one template call — `{{cite web
    |date=2014-01-02 |title=… |date=2014-01-03}}` — including a numbered
    parameter that repeats a positional one (`{{lang|1=en|zh|…}}`). The
    later occurrence is reported, with both values in the evidence: with
    different values it is a warning (one of them is lost), with the same
    value twice it is info (harmless, but still listed in the wiki's
    tracking category). `{{!}}` inside a value and zh variant markup
    `-{…}-` (whose `|` and `=` do not split a parameter) are understood.
    Parser functions (`{{#if:…}}`, `{{#invoke:…}}`) are not templates and
    are not checked, nor are parameters with an empty name (`|=`, a layout
    idiom of board diagrams).

    ## Why is this bad?
    MediaWiki keeps only the last value and silently drops the other, and
    lists the page in "Pages using duplicate arguments in template calls".
    An editor who corrects the first occurrence sees no change in the page.

    ## Example
        {{cite news |title=Iraq loses Fallujah |date=2014-01-03 |work=Reuters |date=2014-01-04}}

    Use instead:
        {{cite news |title=Iraq loses Fallujah |date=2014-01-04 |work=Reuters}}
    """

    code = "TPL001"
    name = "duplicate-template-parameter"
    summary = "Template parameter given twice in one call"
    severity = Severity.WARNING
    costly_test = True
    triggers = ("{{",)

    def may_find(self, doc: Document) -> bool:
        """Only where a template call may give one parameter twice, read from the text."""
        return doc.facts.repeated_parameter

    def check(self, doc: Document) -> Iterator[Finding]:
        for template in doc.templates:
            if template.name.startswith("#") or template.name in ("!", "="):
                continue
            if len(template.node.params) < 2 or doc.is_disabled(template.start):
                continue
            yield from self._duplicates(doc, template)

    def _duplicates(self, doc: Document, template: TemplateRef) -> Iterator[Finding]:
        keys = [key for key in map(_key, template.node.params) if key]
        if len(set(keys)) == len(keys):
            return  # every name once: no value need be read
        seen: dict[str, tuple[int, str, int, bool]] = {}  # key -> start, value, end, named
        offset = template.start + 2 + len(str(template.node.name))
        for param in template.node.params:
            start = offset + 1  # past the "|"
            offset = start + len(str(param))
            key = _key(param)
            if not key:
                continue  # "|=": an empty name is a layout idiom (chess diagrams)
            value = _COMMENT.sub("", restore(str(param.value))).strip()
            if key not in seen:
                seen[key] = (start, value, offset, param.showkey)
                continue
            first_start, first_value, first_end, first_named = seen[key]
            seen[key] = (start, value, offset, param.showkey)
            same = first_value == value
            # MediaWiki keeps the last: the earlier equal one goes, with its "|"
            # (never an unnamed one: the positional parameters after it would move).
            fix = Fix.safe(Edit.delete(first_start - 1, first_end)) if same and first_named else None
            yield self.finding(
                doc,
                start,
                offset,
                self.message("same", parameter=key, template=template.name, last=_quote(value))
                if same
                else self.message(
                    "different",
                    parameter=key,
                    template=template.name,
                    first=_quote(first_value),
                    last=_quote(value),
                ),
                suggestion=self.message("fix-same" if same else "fix-different", parameter=key),
                severity=Severity.INFO if same else None,
                evidence={
                    "template": template.name,
                    "parameter": key,
                    "first_value": first_value,
                    "last_value": value,
                    "first_line": doc.position(first_start)[0],
                    "same_value": same,
                },
                fix=fix,
            )


def _key(param: Parameter) -> str:
    """The parameter's name as MediaWiki keys it (comments and space dropped)."""
    name = text_of(param.name)
    if not param.showkey:
        return name
    if "<!--" not in name and not is_masked(name):
        return name.strip()  # nothing to restore or drop: most names
    return _COMMENT.sub("", restore(name)).strip()


def _quote(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _QUOTE_LIMIT else value[: _QUOTE_LIMIT - 1] + "…"
