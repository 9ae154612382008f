"""NUM002 figure-source-mismatch: a figure that its one citation contradicts."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from html.entities import name2codepoint

import regex

from wikilint.rules.builtin._casualty_kinds import COMPARED_KINDS, KIND_WORDS, FigureOptions, kind_of
from wikilint.rules.builtin._citation_dates import PUBLICATION, date_of
from wikilint.rules.document import Document, RefTag, TemplateRef
from wikilint.rules.document.visible import visible_text
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.numbers import Bound, Quantity, find_quantities

#: The parameters of a citation template that state what the source says.
_SOURCE_PARAMS = ("title", "trans-title", "script-title", "quote", "trans-quote")
#: Where the words a citation supports begin: the sentence (or the infobox
#: field) that the citation closes.
#: A year written in the text (1000-2099, no digit around it).
_YEAR = regex.compile(r"(?<![0-9.,])(?:1[0-9]{3}|20[0-9]{2})(?![0-9])")
_CLAUSE_START = regex.compile(r"(?r)[。！？!?|=\n]|\.(?=[ \t\u3000])")


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation mark after a text: a ``<ref>`` or a note template."""

    start: int
    end: int
    ref: RefTag | None
    """the reference holding the content (for a reuse, its definition)"""
    count: int = 1
    """how many sources it cites (``{{r|a|b}}`` cites two)"""


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """A figure of a kind in a citation's title or quotation."""

    quantity: Quantity
    kind: str
    param: str
    text: str
    published: int | None = None
    """the year the citation gives as its publication date"""


#: Any word that names a kind of figure, in any case (the pre-parse test's).
_KIND_WORD = regex.compile(
    "|".join(
        sorted(
            {
                regex.escape(part)
                for words in KIND_WORDS.values()
                for group in words.values()
                for word in group
                for part in word.split()
            },
            key=len,
            reverse=True,
        )
    ),
    regex.IGNORECASE,
)
_KIND_WORD = regex.compile(r"(?<![A-Za-z])(?:" + _KIND_WORD.pattern + r")(?![A-Za-z])", regex.IGNORECASE)
#: A parameter whose figures are compared, as written (``| title =``).
_SOURCE_PARAM = regex.compile(r"\|\s*(" + "|".join(_SOURCE_PARAMS) + r")\s*=")


class FigureSourceMismatch(Rule):
    """
    ## What it does
    Compares a figure in the text with the figure its citation states. A
    figure of a kind — killed (`死亡`, `陣亡`, `喪生`, `killed`, `dead`), wounded
    (`受傷`, `wounded`), displaced (`流離失所`, `難民`, `displaced`), captured
    (`俘虜`, `captured`), arrested (`逮捕`, `arrested`) — followed in its
    sentence by exactly one citation whose `title` (or `trans-title`,
    `quote`) gives one figure of the same kind is reported when the two
    cannot be the same count.

    Figures are read across scripts and languages (`八名` = `8`,
    `14萬` = `140,000`, `seven` = `7`). Bounds and approximations widen what
    agrees: `140,000人以上` agrees with `over 150,000`, `約300` with `320`.

    The rule keeps silent when the structure is unclear: a figure followed by
    several citations (an aggregate of its sources), a sentence with two
    figures of the kind before the citation, a title with two different
    figures of the kind, ages (`dies at 82`), vague figures (`數百`,
    `hundreds`), and citations without a title.

    ## Why is this bad?
    A reader who checks the figure against its source finds another number:
    the figure was mistyped, updated without its source, or the citation
    supports another statement. Either way the figure is unsupported as cited.

    ## Example
        1月24日，聯合國難民署稱140,000人以上流離失所<ref>{{cite web|url=http://www.example.com/unhcr|title=65,000 people displaced in W Iraq over past week|publisher=UNHCR|date=2014-01-24}}</ref>。

    Use instead:
        1月24日，聯合國難民署稱65,000人流離失所<ref>{{cite web|url=http://www.example.com/unhcr|title=65,000 people displaced in W Iraq over past week|publisher=UNHCR|date=2014-01-24}}</ref>。
    """

    code = "NUM002"
    name = "figure-source-mismatch"
    summary = "A figure (killed, wounded, displaced...) that its one citation's title contradicts"
    severity = Severity.WARNING
    triggers = ("<ref",)

    Options = FigureOptions
    options: FigureOptions

    def may_find(self, doc: Document) -> bool:
        """Only where a reference's ``title`` (``quote``...) states a figure of
        a compared kind, read from the text as :meth:`check` reads it, or may
        state one where markup makes the text read otherwise."""
        text = doc.text
        # References that run to the same end (unclosed ones, up to the next
        # </ref> or the page's end) are read once, from the first of them:
        # its content holds the others'. Each character is read once.
        first_start: dict[int, int] = {}
        for ref in doc.facts.refs:
            first_start.setdefault(ref.content_end, ref.content_start)
        for end, start in first_start.items():
            content = text[start:end]
            if "{{" not in content:
                continue
            for match in _SOURCE_PARAM.finditer(content):
                value = _plain_value(content, match.end())
                if value is None or _stated_figures(match.group(1), value):
                    return True
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        tolerance = Decimal(str(self.options.approximate_tolerance))
        runs = _citation_runs(doc)
        previous_end = 0
        for run in runs:
            floor, previous_end = previous_end, run[-1].end
            citation = run[0]
            if len(run) != 1 or citation.count != 1 or citation.ref is None:
                continue  # several sources: an aggregate of them
            sources = _source_figures(doc, citation.ref)
            if not sources:
                continue
            yield from self._compare(doc, floor, citation, sources, tolerance)

    def _compare(
        self, doc: Document, floor: int, citation: Citation, sources: list[SourceFigure], tolerance: Decimal
    ) -> Iterator[Finding]:
        start = max(floor, doc.text.rfind("\n", 0, citation.start) + 1)
        if doc.is_disabled(citation.start):
            return
        text = visible_text(doc, start, citation.start)
        clause = _CLAUSE_START.search(text)
        first = clause.end() if clause else 0
        quantities = find_quantities(text, first, len(text))
        kinds: dict[str, list[Quantity]] = {}
        for i, quantity in enumerate(quantities):
            following = quantities[i + 1].start if i + 1 < len(quantities) else None
            kind = kind_of(text, quantity, next_start=following)
            if kind in COMPARED_KINDS:
                kinds.setdefault(kind, []).append(quantity)
        if _about_earlier_years(text, first, quantities, sources):
            return
        for kind, figures in kinds.items():
            stated = [s for s in sources if s.kind == kind]
            if len(figures) != 1 or not stated:
                continue
            figure = figures[0]
            if len({(s.quantity.low, s.quantity.high, s.quantity.bound) for s in stated}) != 1:
                continue  # the source gives several figures of the kind
            source = stated[0]
            if _agree(figure, source.quantity, tolerance):
                continue
            line, _ = doc.position(citation.start)
            end = _written_end(text, figure)
            yield self.finding(
                doc,
                start + figure.start,
                start + end,
                self.message(
                    "mismatch",
                    figure=text[figure.start : end].strip(),
                    source=source.text.strip(),
                    source_figure=source.quantity.text.strip(),
                ),
                suggestion=self.message("fix"),
                evidence={
                    "kind": kind,
                    "figure": _describe(figure),
                    "source": {
                        "param": source.param,
                        "text": source.text.strip(),
                        "figure": _describe(source.quantity),
                    },
                    "citation_line": line,
                },
            )


def _about_earlier_years(
    text: str, first: int, quantities: list[Quantity], sources: list[SourceFigure]
) -> bool:
    """Whether the clause dates what it counts years before its source was
    published, in years the source's title does not name (``The last strong
    earthquakes were in 1998, which killed about 6,000`` cited to a 2010
    report titled ``Seven dead as earthquake rocks Afghanistan``): the source
    is background to another event, and its figure is not this one."""
    published = {s.published for s in sources}
    if len(published) != 1 or None in published:
        return False
    year = published.pop()
    assert year is not None
    counted = [(q.start, q.end) for q in quantities]
    years = {
        int(m.group())
        for m in _YEAR.finditer(text, first)
        if not any(start <= m.start() < end for start, end in counted)
    }
    if not years or max(years) >= year - 1:
        return False
    return not any(str(y) in s.text for s in sources for y in years)


# -- citations and what they state ---------------------------------------------


def _citation_runs(doc: Document) -> list[list[Citation]]:
    """The page's citation marks, grouped into runs written one after the
    other (``<ref>…</ref><ref>…</ref>``)."""
    refs = doc.refs
    starts = [ref.start for ref in refs]
    marks = [Citation(ref.start, ref.end, doc.ref_content(ref)) for ref in refs]
    for note in doc.templates_in("note"):
        i = bisect.bisect_right(starts, note.start) - 1
        if doc.is_disabled(note.start) or (i >= 0 and note.start < refs[i].end):
            continue  # disabled, or inside a reference
        marks.append(_note_citation(doc, note))
    marks.sort(key=lambda mark: mark.start)
    runs: list[list[Citation]] = []
    for mark in marks:
        if runs and runs[-1][-1].end > mark.start:
            continue  # nested in the one before
        if runs and not doc.text[runs[-1][-1].end : mark.start].strip():
            runs[-1].append(mark)
        else:
            runs.append([mark])
    return runs


def _note_citation(doc: Document, note: TemplateRef) -> Citation:
    """A note template: ``{{r|name}}`` reads a named reference; any other
    (``{{sfn}}``, ``{{efn}}``) is a citation without a title."""
    names = [str(p.value).strip() for p in note.node.params if not p.showkey and str(p.value).strip()]
    ref = None
    if note.key == doc.normalize_template_name("R") and len(names) == 1:
        ref = doc.ref_definitions.get((None, names[0]))
    return Citation(note.start, note.end, ref, count=max(1, len(names)) if ref is None else 1)


def _source_figures(doc: Document, ref: RefTag) -> list[SourceFigure]:
    """The figures of a kind that a reference's one citation template gives
    in its title or quotation (none when it holds several templates)."""
    keys = doc.template_keys("citation-template")
    templates = doc.templates
    starts = doc.derived(_template_starts)
    first = bisect.bisect_left(starts, ref.content_start)
    last = bisect.bisect_left(starts, ref.content_end)
    cites = [t for t in templates[first:last] if t.key in keys]
    if len(cites) != 1:
        return []
    found: list[SourceFigure] = []
    for param in _SOURCE_PARAMS:
        parameter = cites[0].parameter(param)
        if parameter is not None:
            found += _stated_figures(param, parameter.value.strip_code().strip())
    if found:  # the publication year, read only for the citations that state a figure
        published = date_of(cites[0], PUBLICATION)
        year = published.year if published else None
        found = [replace(figure, published=year) for figure in found]
    return found


def _stated_figures(param: str, value: str) -> list[SourceFigure]:
    """The figures of a compared kind that a citation's ``param`` (its title,
    its quotation...) states, read from its text ``value``."""
    if _KIND_WORD.search(value) is None:
        return []  # no word of a kind: no figure of it (most titles)
    found = []
    quantities = find_quantities(value)
    for i, quantity in enumerate(quantities):
        following = quantities[i + 1].start if i + 1 < len(quantities) else None
        kind = kind_of(value, quantity, next_start=following)
        if kind in COMPARED_KINDS and quantity.bound is not Bound.VAGUE:
            found.append(SourceFigure(quantity, kind, param, value))
    return found


#: What makes a parameter's value read otherwise than as written: a template,
#: a tag, a wikilink or a bracketed link (its title stands for it), a URL, a
#: line that begins with list, heading or rule markup, and
#: three line breaks (the parse's text collapses them).
_NOT_PLAIN = regex.compile(r"[{<]|\[(?:\[|//|[A-Za-z][A-Za-z0-9+.\-]*:)|//|\n\n\n|\n[*#:;=\-]")
#: An entity, which the parse reads as its character when it knows the name
#: or the code point.
_ENTITY = regex.compile(r"&(?:([A-Za-z][A-Za-z0-9]*)|#([0-9]+)|#[xX]([0-9A-Fa-f]+));")


def _plain_value(content: str, start: int) -> str | None:
    """The text of a parameter whose ``=`` ends at ``start``, read as
    :meth:`check` reads it (the parse's value up to the next ``|`` or ``}}``,
    markup stripped, named entities read, stripped), when no markup makes that
    text differ from what is written; None otherwise."""
    ends = [at for at in (content.find("|", start), content.find("}}", start)) if at != -1]
    written = content[start : min(ends)] if ends else content[start:]
    if _NOT_PLAIN.search(written):
        return None
    if "&" in written:
        written = _ENTITY.sub(_entity_character, written)
    return written.strip()


def _entity_character(entity: regex.Match[str]) -> str:
    name, decimal, hexadecimal = entity.groups()
    if name is not None:
        code = name2codepoint.get(name)
    else:
        code = int(decimal) if decimal is not None else int(hexadecimal, 16)
        code = code if 0 < code <= 0x10FFFF else None
    return chr(code) if code is not None else entity.group()


_SPACES = regex.compile(r"[ \u3000]*")
_HAN_WORD = regex.compile(r"\p{Han}+")
_ZH_BOUND_AFTER = regex.compile(r"[ \u3000]*(?:以上|之多|以下|以內|以内|左右|上下|許|许)")


def _written_end(text: str, figure: Quantity) -> int:
    """Where the figure as a reader quotes it ends: with its Chinese measure
    word and bound (``140,000人以上``)."""
    end = figure.end
    if not figure.unit or _HAN_WORD.fullmatch(figure.unit) is None:
        return end
    unit_start = _SPACES.match(text, end).end()
    if not text.startswith(figure.unit, unit_start):
        return end
    end = unit_start + len(figure.unit)
    bound = _ZH_BOUND_AFTER.match(text, end)
    return bound.end() if bound else end


def _template_starts(doc: Document) -> list[int]:
    return [t.start for t in doc.templates]


# -- arithmetic -------------------------------------------------------------------


def _agree(figure: Quantity, source: Quantity, tolerance: Decimal) -> bool:
    """Whether the two figures may be the same count."""
    if Bound.VAGUE in (figure.bound, source.bound):
        return True
    low, high = figure.interval(tolerance)
    s_low, s_high = source.interval(tolerance)
    return (high is None or s_low <= high) and (s_high is None or low <= s_high)


def _describe(quantity: Quantity) -> dict[str, object]:
    return {
        "text": quantity.text.strip(),
        "low": _number(quantity.low),
        "high": _number(quantity.high),
        "bound": quantity.bound.value,
    }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
