"""References as MediaWiki's Cite sees them: lists, groups and defined names.

Shared by the reference rules (REF004-REF006): where the page lists its
references (``<references/>``, ``{{reflist}}`` and the profile's
``reference-list`` / ``note-list`` groups, and any template given a
``group=``, a list under a local name), which names it defines
(``<ref name=x>…</ref>``, ``{{#tag:ref|…|name=x}}``, ``{{efn|name=x|…}}``),
whether a section heading is an appendix (See also, References, 參考資料…:
the profile's ``[sections] appendix``), and which templates cite a source
by themselves (``{{sfn}}``, ``{{r}}``: the ``short-citation`` group).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wikilint.rules.document.document import Document
from wikilint.rules.document.names import clean_name
from wikilint.rules.document.protect import restore
from wikilint.rules.text.script import fold_script

#: The groups a note list shows when it names none: ``{{notelist}}`` shows
#: the ``lower-alpha`` notes of ``{{efn}}`` on en.wikipedia, other groups
#: elsewhere (``注釈`` on ja.wikipedia), so it is taken to show any named group.
ANY_NAMED_GROUP = "*"
#: Templates that define a footnote under a name (``{{#tag:ref|…|name=x}}``).
_TAG_REF = "#tag:ref"
#: A ``<ref name=…>`` definition as written: its name (quoted or not) and
#: what follows up to its ``</ref>``.
#: The name's patterns are possessive: a name that could give back characters made a
#: long run of digits after ``name=`` with no ``>`` cost its length squared.
_DEFINITION = re.compile(
    r"<ref\s[^<>]*?\bname\s*=\s*(?:\"([^\"<>]*+)\"|'([^'<>]*+)'|([^\s\"'/<>]++))[^<>]*?(?<!/)>(.*?)</ref\s*>",
    re.IGNORECASE | re.S,
)


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """A place that lists references: a ``<references>`` tag or a template."""

    start: int
    end: int
    groups: frozenset[str | None]
    """the groups it shows (None: the default group)"""
    written: str
    """``<references/>`` or the template's name"""


def group_key(group: str | None) -> str | None:
    """A ``group=`` value as Cite compares it (quotes and space dropped)."""
    if group is None:
        return None
    value = restore(group).strip().strip("\"'").strip()
    return value or None


def name_key(name: str | None) -> str | None:
    """A ``name=`` value as Cite compares it (quotes and surrounding space dropped)."""
    if name is None:
        return None
    value = clean_name(restore(name)).strip("\"'").strip()
    return value or None


def reference_lists(doc: Document) -> list[ReferenceList]:
    """Every reference list of the page outside disabled regions, in source order."""
    found = []
    for span, tag_name in doc._tag_names:
        if tag_name != "references" or doc.is_disabled(span.start):
            continue
        group = None
        for attr in span.node.attributes:
            if str(attr.name).strip().lower() == "group" and attr.value is not None:
                group = group_key(str(attr.value))
        found.append(ReferenceList(span.start, span.end, frozenset({group}), "<references/>"))
    lists = doc.template_keys("reference-list") | doc.template_keys("note-list")
    notes = doc.template_keys("note-list")
    citations = doc.template_keys("citation-template")
    for template in doc.templates:
        if template.key in citations or doc.is_disabled(template.start):
            continue
        group = group_key(template.param("group"))
        if template.key not in lists and group is None:
            continue
        if group is not None:  # {{…|group=x}}: a list of group x, whatever its local name
            groups: frozenset[str | None] = frozenset({group})
        elif template.key in notes:
            groups = frozenset({ANY_NAMED_GROUP})
        else:
            groups = frozenset({None})
        found.append(ReferenceList(template.start, template.end, groups, template.name))
    found.sort(key=lambda r: r.start)
    return found


def defined_names(doc: Document) -> frozenset[str]:
    """Names given to a reference with content, in any group: by a ``<ref>``
    (read from the parse and, for tags the parser leaves as text such as
    those in a ``<gallery>`` caption, from the text), by
    ``{{#tag:ref|…|name=x}}``, by a note template (``{{efn|name=x|…}}``,
    ``{{refn}}``: the profile's ``note`` group; any template whose name holds
    "ref", such as ``{{Refnest}}``), or by a template's ``refname=``
    (chart templates that write their own reference)."""
    names = {name_key(ref.name) for ref in doc.refs if ref.name and ref.content.strip()}
    for match in _DEFINITION.finditer(doc.text):
        if match.group(4).strip() and not doc.is_disabled(match.start()):
            names.add(name_key(match.group(1) or match.group(2) or match.group(3)))
    notes = doc.template_keys("note")
    for template in doc.templates:
        lowered = template.name.casefold().replace(" ", "")
        if lowered.startswith(_TAG_REF) or template.key in notes or "ref" in lowered:
            names.add(name_key(template.param("name")))
        names.add(name_key(template.param("refname")))
    names.discard(None)
    return frozenset(names)  # type: ignore[arg-type]


def heading_key(title: str) -> str:
    """A section title as appendix headings are compared: folded script, case
    and space, and without a trailing colon."""
    return " ".join(fold_script(title).casefold().split()).rstrip(":：").strip()


def is_heading_of(doc: Document, title: str, group: str) -> bool:
    """Whether a section title is one of the profile's ``[sections]`` ``group``
    (``appendix``: See also, References, 參考資料...; ``plot``)."""
    return heading_key(title) in doc.derived(_heading_keys).get(group, ())


def _heading_keys(doc: Document) -> dict[str, frozenset[str]]:
    return {
        group: frozenset(heading_key(t) for t in titles) for group, titles in doc.profile.sections.items()
    }
