"""REF005 references-without-list: footnotes with no list to show them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.rules.document import Document, RefTag
from wikilint.rules.document.references import ANY_NAMED_GROUP, ReferenceList, group_key, reference_lists
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.fix import Edit, Fix
from wikilint.rules.rule import Rule
from wikilint.rules.text.script import fold_script, zh_variant

#: A line holding one template call and nothing else.
_LONE_TEMPLATE = re.compile(r"^[ \t]*\{\{\s*([^{}|\n]+?)\s*(?:\|[^\n]*)?\}\}[ \t]*$", re.M)


_REFERENCES_TAG = re.compile(r"<references(?=[\s/>])", re.IGNORECASE)

#: Lines that may close an article after its last section, besides category
#: and interlanguage links: nothing, a magic word (``__NOTOC__``,
#: ``{{DEFAULTSORT:…}}``), a comment, a template alone on its line (a
#: navigation box, a stub notice).
_CLOSING_LINE = re.compile(r"|__[A-Z]+__|\{\{[^\n]*\}\}|<!--.*?-->")
_LINK_LINE = re.compile(r"\[\[([^\[\]|\n]+)(?:\|[^\[\]\n]*)?\]\]")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HEADING_LINE = re.compile(r"(=+)[^=\n].*?\1[ \t]*")
#: A link target with a namespace or language prefix (``Category:``, ``वर्ग:``, ``fr:``).
_PREFIXED = re.compile(r"[^\s:\[\]|]+:")


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
    For the page's own references, MediaWiki puts the list at the very end
    of the page, after the navigation boxes and with no heading, where no
    reader looks for sources; for a group (`group=note`) with no list of its
    own, it shows a Cite error instead of the notes.

    ## Fix
    Unsafe (where the list belongs is the editors' choice): a section with the
    wiki's reference list, titled in the page's script (`== 參考資料 ==` or
    `== 参考资料 ==` with `{{Reflist}}` on zhwiki, `== References ==` on
    enwiki; the profile's `added_headings`), before the categories and
    navigation boxes that end the article. A group's list
    (`{{Reflist|group=note}}`, under `== Notes ==`) goes before the section
    of the page's other reference list, where it has one.

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
    costly_test = True
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
                fix=_list_section(doc, group, lists),
            )


def _list_section(doc: Document, group: str | None, lists: list[ReferenceList]) -> Fix:
    """A new section showing ``group``: at the end of the article, or, for a
    named group, before the section of the page's other reference list."""
    script = zh_variant(doc.text) if doc.profile.language == "zh" else None
    template = (doc.profile.templates.get("reference-list") or ["Reflist"])[0]
    if group is None:
        title, call = doc.profile.added_heading("references", script), f"{{{{{template}}}}}"
    else:
        written = f'"{group}"' if any(c in group for c in " =|") else group
        title, call = doc.profile.added_heading("notes", script), f"{{{{{template}|group={written}}}}}"
    section = f"== {title} ==\n{call}\n"
    empty = _empty_section(doc, title)
    if empty is not None:
        return Fix.unsafe(Edit.insert(empty, call + "\n"))
    before = _section_of_a_list(doc, lists) if group is not None else None
    if before is not None:
        return Fix.unsafe(Edit.insert(before, section + "\n"))
    at = _end_of_body(doc)
    head, tail = doc.text[:at], doc.text[at:]
    lead = "" if not head.strip() or head.endswith("\n\n") else "\n" if head.endswith("\n") else "\n\n"
    trail = "\n" if tail.strip() and not tail.startswith("\n") else ""
    return Fix.unsafe(Edit.insert(at, lead + section + trail))


def _empty_section(doc: Document, title: str) -> int | None:
    """Where the list goes in a section that holds nothing yet (comments and
    blank lines aside) and is meant for it: one titled ``title`` or with an
    appendix title of the profile (``注釋``, ``Notes``…), or the article's last
    section (``== संदर्भ ==`` on a wiki without a profile). Just past its heading."""
    end_of_body = _end_of_body(doc)
    meant = {fold_script(t).casefold() for t in (title, *doc.profile.sections.get("appendix", ()))}
    empty = [
        section
        for section in doc.sections
        if section.index
        and section.body_start <= end_of_body
        and not _COMMENT.sub("", doc.text[section.body_start : min(section.end, end_of_body)]).strip()
    ]
    for section in empty:
        if fold_script(section.title).casefold() in meant:
            return section.body_start
    last = doc.sections[-1]
    return last.body_start if empty and empty[-1] is last else None


def _section_of_a_list(doc: Document, lists: list[ReferenceList]) -> int | None:
    """Where the section holding the page's first reference list begins (None:
    no list, or one in the lead)."""
    if not lists:
        return None
    section = doc.section_at(lists[0].start)
    return section.start if section.index else None


def _end_of_body(doc: Document) -> int:
    """Where the article's last section ends: before the lines that close it
    (categories and interlanguage links, magic words, comments, blank lines,
    and templates alone on their line — navigation boxes, stub notices —
    unless they are all a heading has under it)."""
    at = _before_closing_lines(doc, templates_close=True)
    if _HEADING_LINE.fullmatch(doc.text[:at].rstrip().rpartition("\n")[2]):
        return _before_closing_lines(doc, templates_close=False)
    return at


def _before_closing_lines(doc: Document, *, templates_close: bool) -> int:
    text = doc.text
    at = len(text)
    while at > 0:
        line_start = text.rfind("\n", 0, at - 1) + 1
        if not _closes_article(doc, text[line_start:at].strip(), templates_close):
            break
        at = line_start
    return at


def _closes_article(doc: Document, line: str, templates_close: bool) -> bool:
    link = _LINK_LINE.fullmatch(line)
    if link is not None:  # a category or an interlanguage link, under any wiki's name for them
        target = link.group(1)
        return bool(_PREFIXED.match(target)) and not doc.profile.in_namespace(target, "file", "media")
    if line.startswith("{{") and not line.startswith("{{DEFAULTSORT"):
        return templates_close and _CLOSING_LINE.fullmatch(line) is not None
    return _CLOSING_LINE.fullmatch(line) is not None


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
