"""Merging a duplicate reference into a named one: the names REF002 proposes
and the fix that does it.

The later copy becomes ``<ref name="…" />``; the first copy gets that name
when it has none. Names proposed are unique in the page: not used by any
reference or ``{{r|…}}`` there, and never proposed for two different
references (:class:`ReferenceNames`).

The fix is safe only when the two references are one citation (see
:func:`same_citation`): one source each, the same URL, the same title once
spacing and case are set aside, no differing page, quotation, publication
date or archived copy, nothing in the later copy that the first lacks (an
author, a volume: only its access date and how it names the publisher may differ), and the first copy is certainly shown: in the
article's text or a known infobox field, not in a template that may not
show it (the name defined there would be lost).
Anything else that can be merged is unsafe: a person decides which copy to
keep. A note listing several sources, or a copy inside a reference list, is
never merged (its other sources would be lost; a reference list needs its
definitions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mwparserfromhell.nodes import Comment, Tag, Template, Text

from wikilint.rules.document import Document, RefTag
from wikilint.rules.fix import Edit, Fix

_SPACE = re.compile(r"\s+")
_R_TEMPLATE = re.compile(r"\{\{\s*[Rr]\s*\|([^{}]*)\}\}")
#: Citation parameters that tell two citations of one URL apart.
_IDENTITY = {
    "title": ("title", "script-title", "trans-title", "chapter"),
    "date": ("date", "year", "publication-date", "orig-date", "orig-year"),
    "place": (
        "page",
        "pages",
        "p",
        "pp",
        "at",
        "loc",
        "quote-page",
        "quote-pages",
        "section",
        "minutes",
        "time",
    ),
    "quote": ("quote", "quotation", "trans-quote"),
    "archive": ("archive-url", "archiveurl"),
}
#: Parameters whose value may differ between two copies of one citation.
#: (The URL is the same by construction; the publisher is named in more ways
#: than one: "publisher=ISW" and "newspaper=Institute for the Study of War".)
_INCIDENTAL = frozenset(
    {
        "url",
        "access-date",
        "accessdate",
        "access_date",
        "url-status",
        "deadurl",
        "dead-url",
        "df",
        "mode",
        "ref",
        "language",
        "lang",
        "publisher",
        "work",
        "newspaper",
        "website",
        "agency",
        "magazine",
        "journal",
        "location",
        "place",
        "via",
    }
)
#: Wrapper templates whose parameters hold reference lists.
_LIST_PARAMETERS = ("refs", "references")


class ReferenceNames:
    """The reference names of a page, and the ones proposed for it."""

    def __init__(self, doc: Document) -> None:
        taken = set(doc.ref_names)
        if "{{" in doc.text:
            for match in _R_TEMPLATE.finditer(doc.text):
                for part in match.group(1).split("|"):
                    key, _, value = part.partition("=")
                    taken.add((value if _ else key).strip())
        self.taken = taken
        self.proposed: dict[int, str] = {}

    def for_first(self, first: RefTag, later: RefTag, base: str) -> str:
        """The name proposed for the unnamed reference ``first``: the later
        copy's own name when it has one (its reuses keep working), else
        ``base``, ``base-2``... whichever is free. The same reference is
        always given the same name."""
        known = self.proposed.get(first.start)
        if known is not None:
            return known
        if later.name and later.name not in self.proposed.values():
            name = later.name
        else:
            name, number = base, 1
            while name in self.taken or name.isdigit():
                number += 1
                name = f"{base}-{number}"
            self.taken.add(name)
        self.proposed[first.start] = name
        return name


def merge_fix(
    doc: Document, first: RefTag, later: RefTag, name: str, *, citation: frozenset[str], single_source: bool
) -> Fix | None:
    """The fix that makes ``later`` a reuse of ``first`` under ``name`` (None
    when it cannot be merged: see the module docstring)."""
    if not single_source or '"' in name or (later.group and '"' in later.group):
        return None
    if _in_reference_list(doc, later) or first.node.self_closing:
        return None
    reuse = _reuse_tag(name, later.group)
    edits = []
    if not first.name:
        opening_end = first.content_start - 1
        if doc.text[opening_end : opening_end + 1] != ">":
            return None
        edits.append(Edit.insert(opening_end, f' name="{name}"'))
    edits.append(Edit.replace(later.start, later.end, reuse))
    if later.name and later.name != name:
        renames = _renamed_reuses(doc, later, reuse)
        if renames is None:
            return None
        edits.extend(renames)
    elif (
        later.name
        and sum(
            1
            for r in doc.refs
            if r.name == later.name and not r.is_reuse and (r.group or "") == (later.group or "")
        )
        > 1
    ):
        return None  # another definition of that name would conflict with the first copy
    safe = same_citation(doc, first, later, citation) and _shown(doc, first)
    try:
        return Fix.safe(*edits) if safe else Fix.unsafe(*edits)
    except ValueError:
        return None


def _reuse_tag(name: str, group: str | None) -> str:
    group_attribute = f' group="{group}"' if group else ""
    return f'<ref name="{name}"{group_attribute} />'


def _renamed_reuses(doc: Document, later: RefTag, reuse: str) -> list[Edit] | None:
    """Edits that point the reuses of ``later``'s name at the merged reference;
    None when the name is used in a way these edits would miss (``{{r|…}}``,
    another definition)."""
    group = later.group or ""
    others = [r for r in doc.refs if r.name == later.name and r is not later and (r.group or "") == group]
    if any(not r.is_reuse for r in others):
        return None
    spans = [(later.start, later.end), *((r.start, r.end) for r in others)]
    if _occurrences_outside(doc.text, later.name or "", spans):
        return None
    return [Edit.replace(r.start, r.end, reuse) for r in others]


def _occurrences_outside(text: str, needle: str, spans: Iterable[tuple[int, int]]) -> bool:
    spans = list(spans)
    position = text.find(needle)
    while position != -1:
        if not any(start <= position < end for start, end in spans):
            return True
        position = text.find(needle, position + 1)
    return False


def _in_reference_list(doc: Document, ref: RefTag) -> bool:
    for span in doc.enclosing(ref.start, ref.end, Tag):
        if str(span.node.tag).strip().lower() == "references":
            return True
    for template in doc.enclosing(ref.start, ref.end, Template):
        for param in template.node.params:
            if str(param.name).strip().lower() in _LIST_PARAMETERS and param.value.contains(ref.node):
                return True
    return False


def _shown(doc: Document, ref: RefTag) -> bool:
    """Whether a reference is certainly rendered: it is in the article's own
    text, or in a field the wiki's profile names (casualties, strength,
    date) of an infobox the profile knows, which those infoboxes always
    show (a third column's fields only with a third party: not certain)."""
    templates = doc.enclosing(ref.start, ref.end, Template)
    if not templates:
        return True
    if len(templates) > 1:
        return False
    template = templates[0].node
    infoboxes = {
        doc.normalize_template_name(name) for names in doc.profile.infoboxes.values() for name in names
    }
    if doc.normalize_template_name(str(template.name)) not in infoboxes:
        return False
    fields = {name for names in doc.profile.fields.values() for name in names if not name.endswith("3")}
    return any(
        str(param.name).strip() in fields and param.value.contains(ref.node) for param in template.params
    )


def same_citation(doc: Document, first: RefTag, later: RefTag, citation: frozenset[str]) -> bool:
    """Whether two references citing one URL are the same citation: the same
    text (spacing and case aside), or one citation template each with the
    same title and no differing date, page, quotation or archived copy."""
    if _folded(first.content) == _folded(later.content):
        return True
    one, other = _citation(doc, first, citation), _citation(doc, later, citation)
    if one is None or other is None or not one.get("title"):
        return False
    if any(one.get(f"{kind}", "") != other.get(f"{kind}", "") for kind in _IDENTITY):
        return False
    # Nothing the later copy says is lost: its every other parameter is in the first.
    return all(
        one.get(name) == value
        for name, value in other.items()
        if name not in _IDENTITY and name not in _INCIDENTAL
    )


def _folded(text: str) -> str:
    return _SPACE.sub("", text).casefold()


def _citation(doc: Document, ref: RefTag, citation: frozenset[str]) -> dict[str, str] | None:
    """The parameters of the one citation template a reference holds (spacing
    and case folded), and its identifying ones by kind (``title``, ``date``...);
    None when it holds anything else besides spacing and comments."""
    contents = ref.node.contents
    if contents is None:
        return None
    nodes = [
        n
        for n in contents.nodes
        if not isinstance(n, Comment) and not (isinstance(n, Text) and not n.value.strip())
    ]
    if len(nodes) != 1 or not isinstance(nodes[0], Template):
        return None
    template = nodes[0]
    if doc.normalize_template_name(str(template.name)) not in citation:
        return None
    values: dict[str, str] = {}
    for param in template.params:
        name = str(param.name).strip().lower()
        value = _folded(re.sub(r"<!--.*?-->", "", doc.node_text(param.value), flags=re.S))
        if value and name not in _IDENTITY:
            values[name] = value
        for kind, names in _IDENTITY.items():
            if name in names and value:
                values[kind] = " ".join(filter(None, [values.get(kind, ""), f"{name}={value}"]))
    return values
