"""SYN003 heading-structure: skipped heading levels and twin sibling sections."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.rules.document import Document, Section
from wikilint.rules.document.names import clean_name
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.script import fold_script

_SPACE = re.compile(r"[\s_]+")


class HeadingStructure(Rule):
    """
    ## What it does
    Reports headings that break the outline of an article:

    - a heading more than one level below the heading before it (`==`
      followed by `====`), and an article whose first heading is `===` or
      deeper;
    - two sibling sections (under the same parent section) with the same
      title, compared as MediaWiki compares them for their anchors (markup
      and surrounding space ignored) and, on zhwiki, across Traditional and
      Simplified script.

    Only the article's own headings count: headings inside templates, tags
    and comments do not. The evidence gives the levels or the line of the
    first section of that title.

    ## Why is this bad?
    The table of contents and screen readers build the outline from the
    heading levels: a skipped level makes an empty level in it (and fails
    the accessibility guideline MOS:ACCESS). Two sibling sections with one
    title get one anchor each, `#History` and `#History_2`, so a link to the
    second goes to the first; usually the two should be merged.
    (CheckWiki errors 25, 83 and 92.)

    ## Example
        == History ==
        ==== Early years ====
        Text.

        == Geography ==
        Text.

        == Geography ==
        More text.

    Use instead:
        == History ==
        === Early years ===
        Text.

        == Geography ==
        Text.

        More text.
    """

    code = "SYN003"
    name = "heading-structure"
    summary = "Heading level skipped, or two sibling sections with the same title"
    severity = Severity.WARNING
    costly_test = True
    triggers = ("==",)

    def may_find(self, doc: Document) -> bool:
        """Only where the page's headings, read from the text, skip a level or
        repeat a sibling's title; or where they cannot be read surely that way
        (a heading inside a template, a table or a tag, markup in a title)."""
        if "==" not in doc.text:
            return False
        headings = _written_headings(doc)
        if headings is None:
            return True
        previous_level = 1
        parents: list[tuple[int, int]] = []  # (level, index) of the open headings
        seen: set[tuple[int, str]] = set()
        for index, (level, key) in enumerate(headings):
            if level > previous_level + 1:
                return True
            while parents and parents[-1][0] >= level:
                parents.pop()
            sibling = (parents[-1][1] if parents else -1, key)
            if key and sibling in seen:
                return True
            seen.add(sibling)
            parents.append((level, index))
            previous_level = level
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        sections = doc.sections[1:]
        previous_level = 1  # the article's title
        parents: list[Section] = []  # the open sections, outermost first
        seen: dict[tuple[int, str], Section] = {}  # (parent index, title key) -> first section
        for section in sections:
            level = section.level
            if level > previous_level + 1:
                expected = previous_level + 1
                yield self.finding(
                    doc,
                    section.start,
                    _heading_end(doc, section),
                    self.message("first-too-deep", level=level, expected=expected)
                    if previous_level == 1 and not parents
                    else self.message("skipped", level=level, previous=previous_level, expected=expected),
                    suggestion=self.message("fix-level", expected=previous_level + 1),
                    evidence={"level": level, "previous_level": previous_level, "title": section.title},
                )
            while parents and parents[-1].level >= level:
                parents.pop()
            parent = parents[-1].index if parents else 0
            title = _title_key(doc, section.title)
            if title:
                first = seen.setdefault((parent, title), section)
                if first is not section:
                    first_line = doc.position(first.start)[0]
                    yield self.finding(
                        doc,
                        section.start,
                        _heading_end(doc, section),
                        self.message("duplicate", title=section.title, line=first_line),
                        suggestion=self.message("fix-duplicate"),
                        evidence={"title": section.title, "level": level, "first_line": first_line},
                    )
            parents.append(section)
            previous_level = level


_MAY_BE_HEADING = re.compile(r"^[ \t]*(?:<!--|=)", re.M)
_HEADING = re.compile(r"(=+)(.+?)(=+)[ \t]*")
_STRUCTURE = re.compile(r"\{\{|\}\}|^[ \t]*\{\||^[ \t]*\|\}|<(/?)([A-Za-z][\w-]*)[^<>]*?(/?)>", re.M)
_VOID_TAGS = frozenset({"br", "hr", "wbr", "img", "references"})
_MARKUP = re.compile(r"[\[\]{}<>'&|]|-\{")


def _written_headings(doc: Document) -> list[tuple[int, str]] | None:
    """The page's headings read from the text, as ``(level, title key)``; None
    unless each line that may be a heading surely is one of the page's own
    (not in a template, a table or a tag) with a plain title."""
    live, text = doc.facts.live, doc.text
    scan = doc.brackets
    if scan.unclosed or scan.stray or scan.unclosed_comment is not None or "{{{" in live:
        return None
    found: list[tuple[int, str]] = []
    depth, tables = 0, 0
    tags: dict[str, int] = {}
    structure = _STRUCTURE.finditer(live)
    token = next(structure, None)
    for line in _MAY_BE_HEADING.finditer(text):
        start = line.start()
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if text[start] != "=" or live[start:end] != text[start:end]:
            if live[start:end].strip():
                return None  # space or a comment before, or a comment in it
            continue  # a comment line
        while token is not None and token.start() < start:
            value = token.group()
            if value == "{{":
                depth += 1
            elif value == "}}":
                depth -= 1
            elif value.lstrip().startswith("{|"):
                tables += 1
            elif value.lstrip().startswith("|}"):
                tables -= 1
            elif not token.group(3) and token.group(2).lower() not in _VOID_TAGS:
                name = token.group(2).lower()
                tags[name] = tags.get(name, 0) + (-1 if token.group(1) else 1)
            token = next(structure, None)
        if depth or tables or any(tags.values()):
            return None
        heading = _HEADING.fullmatch(text, start, end)
        if heading is None:
            return None  # a line of = signs
        left, title, right = heading.groups()
        level = min(len(left), len(right))
        if level > 6 or _MARKUP.search(title):
            return None
        title = "=" * (len(left) - level) + title + "=" * (len(right) - level)
        found.append((level, _title_key(doc, clean_name(title))))
    return found


def _heading_end(doc: Document, section: Section) -> int:
    end = doc.text.find("\n", section.start, section.end)
    return section.end if end == -1 else end


def _title_key(doc: Document, title: str) -> str:
    key = _SPACE.sub(" ", title).strip()
    return fold_script(key) if doc.profile.language == "zh" else key
