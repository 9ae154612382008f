"""REF005 references-without-list: footnotes with no list to show them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.rules.document import Document, RefTag
from wikilint.rules.document.references import ANY_NAMED_GROUP, group_key, reference_lists
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule

#: A line holding one template call and nothing else.
_LONE_TEMPLATE = re.compile(r"^[ \t]*\{\{\s*([^{}|\n]+?)\s*(?:\|[^\n]*)?\}\}[ \t]*$", re.M)


_REFERENCES_TAG = re.compile(r"<references(?=[\s/>])", re.IGNORECASE)


class ReferencesWithoutList(Rule):
    """
    ## What it does
    Reports `<ref>` footnotes that no reference list shows: the page has no
    `<references/>`, `{{Reflist}}` or other template of the wiki profile's
    `reference-list` group (`{{References}}`, `{{Refs}}`...), or it has
    footnotes of a `group=` (`<ref group="注">`) and no list of that group
    (`<references group="注"/>`, `{{Reflist|group=注}}` or any template given
    that `group=`; a `{{Notelist}}` without one is taken to show any named
    group, as wikis differ in which it shows). References defined
    inside a list (`{{Reflist|refs=…}}`) are the list's own. One finding per
    group, at its first footnote; the evidence gives the group and how many
    footnotes it has.

    A template of another name standing alone on a line after the first
    footnote (`{{Примітки}}`, `{{সূত্র তালিকা}}`) may be a reference list
    the profile does not know, a local one of another wiki: the page is
    then not reported (nor, by the same caution, a page that ends with a
    navigation box).

    ## Why is this bad?
    MediaWiki shows a Cite error where the list should be, and the footnote
    numbers in the text lead nowhere: the reader never sees the sources.

    ## Example
        Fallujah fell to ISIL in January 2014.<ref>{{cite news |title=Iraq loses Fallujah |work=Reuters |date=2014-01-04}}</ref>
        The army shelled the city.<ref group="note">Eight people died.</ref>

        == References ==
        {{Reflist}}

    Use instead:
        Fallujah fell to ISIL in January 2014.<ref>{{cite news |title=Iraq loses Fallujah |work=Reuters |date=2014-01-04}}</ref>
        The army shelled the city.<ref group="note">Eight people died.</ref>

        == Notes ==
        {{Reflist|group=note}}

        == References ==
        {{Reflist}}
    """

    code = "REF005"
    name = "references-without-list"
    summary = "<ref> footnotes with no reference list of their group"
    severity = Severity.WARNING
    triggers = ("<ref", "<REF", "<Ref")

    def may_find(self, doc: Document) -> bool:
        """Only where the page has references and no list that surely shows
        them: a ``<references>`` tag or a reference-list template, on a page
        where no ``group`` is named and no comment is left open."""
        facts = doc.facts
        if not facts.refs:
            return False
        live = facts.live
        if "group" in live.lower() or doc.brackets.unclosed_comment is not None:
            return True
        if _REFERENCES_TAG.search(live):
            return False
        keys = facts.template_keys
        return keys is None or keys.isdisjoint(doc.template_keys("reference-list"))

    def check(self, doc: Document) -> Iterator[Finding]:
        lists = reference_lists(doc)
        shown = frozenset().union(*(entry.groups for entry in lists))
        by_group: dict[str | None, list[RefTag]] = {}
        for ref in doc.refs:
            if any(entry.start <= ref.start < entry.end for entry in lists):
                continue  # list-defined: the list shows it
            by_group.setdefault(group_key(ref.group), []).append(ref)
        for group, refs in by_group.items():
            if group in shown or (group is not None and ANY_NAMED_GROUP in shown):
                continue
            if _unknown_list_after(doc, refs[0].end):
                continue
            first = refs[0]
            if group is None:
                message = self.message("no-list", count=len(refs))
            else:
                message = self.message("no-group-list", group=group, count=len(refs))
            yield self.finding(
                doc,
                first.start,
                first.end,
                message,
                suggestion=self.message("fix-group", group=group) if group else self.message("fix"),
                evidence={
                    "group": group,
                    "references": len(refs),
                    "lists": [entry.written for entry in lists],
                },
            )


def _unknown_list_after(doc: Document, offset: int) -> bool:
    """Whether a line after ``offset`` holds nothing but a template that no
    profile group names: perhaps a reference list under a local name."""
    known = frozenset().union(*(doc.template_keys(g) for g in doc.profile.templates))
    for match in _LONE_TEMPLATE.finditer(doc.text, offset):
        name = match.group(1)
        if name.strip() in ("!", "=") or name.lstrip().startswith("#") or ":" in name:
            continue  # a magic word or a parser function
        if doc.normalize_template_name(name) not in known and not doc.is_disabled(match.start()):
            return True
    return False
