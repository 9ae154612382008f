"""NUM001 casualty-total-mismatch: a stated total that its own parts do not add up to."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import regex
from mwparserfromhell.nodes import Template

from wikilint.rules.builtin._casualty_kinds import FigureOptions, kind_of
from wikilint.rules.builtin._stated_totals import (
    LINES,
    NOTE,
    PROSE,
    TotalStatement,
    contiguous_runs,
    find_total_statements,
    itemised_parts,
    keyword_hints,
    note_totals,
    same_kind,
    sum_of,
    unit_class,
)
from wikilint.rules.document import Document
from wikilint.rules.document.visible import visible_text, wikicode_span
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.numbers import Bound, Quantity, find_quantities

_FIELD_GROUPS = ("casualties", "strength")
_CLAUSE_BREAK = regex.compile(r"[，,、；;]")
_LINE_BREAK = regex.compile(r"[\n]")


#: The text of the total words of :data:`rules.builtin._stated_totals.TOTAL_WORDS`
#: and the letters that must precede it (they are also the rule's triggers).
_KEYWORDS = keyword_hints()
#: Every keyword in one search: one pass of ``re`` over the page. No keyword
#: begins another, so at most one matches at a place; each search resumes one
#: character on, so keywords that overlap (``in alltogether``) are all found.
_KEYWORD_SEARCH = re.compile("|".join(re.escape(word) for word, _ in _KEYWORDS))
_FIRST_LETTERS = dict(_KEYWORDS)
#: Infobox fields whose figure may be the total of the parts its note
#: itemises, with no total word anywhere: their names are triggers too.
_FIELD_TRIGGERS = ("asualties", "傷亡", "伤亡", "trength", "兵力")


class CasualtyTotalMismatch(Rule):
    """
    ## What it does
    Checks the arithmetic wherever a figure is stated as the total of figures
    that are also given:

    - infobox casualty and strength fields (`casualties1`…`casualties3`,
      `strength1`…`strength3` and the other field names of the wiki profile,
      in `{{Infobox military conflict}}` and its aliases), where lines such as
      `'''Total:''' 405,000 – 450,000` sum up the lines above them;
    - the notes attached to them (`<ref>`, `{{efn}}`) and any other note,
      list or sentence that gives parts and a total: `總計`, `合計`, `共`,
      `共計`, `total`, `a total of`, `in total`, `altogether`;
    - breakdowns after a total (`其中`, `of whom`), whose parts may not add up
      to more than the total;
    - breakdowns that are the whole of the total before them: after a colon
      or a dash (`共造成75人死亡：北區31人、南區38人`, `In all, 96 civilians
      were killed: 40 in the north and 51 in the south`), after `計` or
      `分別為` (`共俘虜二千人，計軍官三百人、士兵一千五百人`), and casualties
      given as killed and wounded (`共計410人傷亡，其中陣亡150人，受傷200人`);
    - a field whose figure disagrees with the total stated in its own note,
      or with the sum of the parts its note itemises with no total word
      (`| casualties1 = 1,530 dead<ref>610 dead on 14 June; 480 dead on
      15 June; 390 dead on 17 June</ref>`), in the conflict infobox under
      any of its names in the wiki profile.

    Figures are read as written on either wiki: `1,234`, `1 234`, `三百二十`,
    `十八萬`, `1.5萬`, `1.2 million`, ranges (`71–137`, `71至137`, `71 to
    137`) and bounds (`約`, `逾`, `以上`, `about`, `over`, `at least`). A
    stated range must equal the sum of the minima and the sum of the maxima of
    its parts; with approximate or bounded parts only a total outside the
    plausible bounds is reported. Dates, years, unit numbers (`第1師`),
    percentages and figures of another kind (ships among soldiers) are not
    parts.

    The rule keeps silent whenever the structure is unclear: fewer than two
    parts, parts that are not written as an enumeration, vague figures
    (`數百`, `hundreds`), nested or overlapping breakdowns (`包括`,
    `including`, children among civilians), or any run of consecutive parts
    that does add up to the total.

    The evidence lists each part with its position and figures, the computed
    sum and the stated total.

    ## Why is this bad?
    A total that does not match its parts means that one of the figures is
    wrong: a part was updated and the total was not, a figure was mistyped, or
    a source was misread. Casualty figures are among the most quoted numbers
    of an article about a conflict, and readers cannot tell which figure to
    trust.

    ## Example
        {{Infobox military conflict
        | conflict    = Battle of Example
        | casualties1 = 222–288 killed<ref>35 killed (30 Dec – 2 Jan), 71–137 killed (3 Jan), 55 killed (4 Jan), 36 killed (5 Jan), 25 killed (7 Jan), total 212–278 killed</ref>
        }}

    Use instead:
        {{Infobox military conflict
        | conflict    = Battle of Example
        | casualties1 = 222–288 killed<ref>35 killed (30 Dec – 2 Jan), 71–137 killed (3 Jan), 55 killed (4 Jan), 36 killed (5 Jan), 25 killed (7 Jan), total 222–288 killed</ref>
        }}
    """

    code = "NUM001"
    name = "casualty-total-mismatch"
    summary = "A stated total (casualties, strength) disagrees with its parts or with its note"
    severity = Severity.WARNING
    triggers = tuple(word for word, _ in _KEYWORDS) + _FIELD_TRIGGERS

    Options = FigureOptions
    options: FigureOptions

    def may_find(self, doc: Document) -> bool:
        """Only where a total keyword has a figure close by, or an infobox
        field that itemises is named (what :meth:`check` reads first)."""
        return bool(doc.derived(_keyword_positions)) or any(word in doc.text for word in _FIELD_TRIGGERS)

    def check(self, doc: Document) -> Iterator[Finding]:
        keywords = bool(doc.derived(_keyword_positions))
        if not keywords and not any(word in doc.text for word in _FIELD_TRIGGERS):
            return  # a total is read only where a keyword stands next to a figure
        han = doc.profile.script == "han"
        tolerance = Decimal(str(self.options.approximate_tolerance))
        field_of_note: dict[int, str] = {}
        for field, start, end in _infobox_fields(doc):
            for note_start, _, _ in _notes_in(doc, start, end):
                field_of_note[note_start] = field
            yield from self._segment(
                doc, start, end, han, tolerance, layout=LINES, context="infobox", field=field
            )
            yield from self._field_against_notes(doc, field, start, end, han, tolerance)
        if not keywords:
            return
        for note_start, start, end in _all_notes(doc):
            yield from self._segment(
                doc,
                start,
                end,
                han,
                tolerance,
                layout=NOTE,
                context="note",
                field=field_of_note.get(note_start),
            )
        for kind, start, end in _text_blocks(doc):
            yield from self._segment(
                doc,
                start,
                end,
                han,
                tolerance,
                layout=PROSE if kind == "paragraph" else LINES,
                context="prose" if kind == "paragraph" else "list",
            )

    # -- parts and totals ---------------------------------------------------

    def _segment(
        self,
        doc: Document,
        start: int,
        end: int,
        han: bool,
        tolerance: Decimal,
        *,
        layout: str,
        context: str,
        field: str | None = None,
    ) -> Iterator[Finding]:
        if not _has_keyword(doc, start, end):
            return
        text = visible_text(doc, start, end)
        for statement in find_total_statements(text, 0, len(text), han=han, layout=layout):
            check = _mismatch(statement, tolerance)
            if check is None:
                continue
            yield self._report(doc, start, statement, check, tolerance, context, field)

    def _report(
        self,
        doc: Document,
        offset: int,
        statement: TotalStatement,
        check: str,
        tolerance: Decimal,
        context: str,
        field: str | None,
    ) -> Finding:
        total = statement.total
        low, high = sum_of(statement.parts)
        params: dict[str, Any] = {"total": total.text.strip(), "count": len(statement.parts)}
        if check == "bounds":
            plausible_low, plausible_high = _plausible_sum(statement.parts, tolerance)
            key = "bounds" if plausible_high is not None else "bounds-open"
            params.update(low=_number(plausible_low))
            if plausible_high is not None:
                params.update(high=_number(plausible_high))
        else:
            key = "exceeds" if check == "exceeds" else "mismatch"
            params.update(_sum_params(low, high))
            key += "-range" if low != high else ""
        evidence: dict[str, Any] = {
            "context": context,
            "check": check,
            "parts": [_describe(doc, offset, q) for q in statement.parts],
            "sum": {"low": _number(low), "high": _number(high)},
            "total": _describe(doc, offset, total),
        }
        if field:
            evidence["field"] = field
        return self.finding(
            doc,
            offset + total.start,
            offset + total.end,
            self.message(key, **params),
            suggestion=self.message("fix"),
            evidence=evidence,
        )

    # -- a field against the total in its own note ----------------------------

    def _field_against_notes(
        self, doc: Document, field: str, start: int, end: int, han: bool, tolerance: Decimal
    ) -> Iterator[Finding]:
        notes = _notes_in(doc, start, end)
        if not notes:
            return
        text = visible_text(doc, start, end)
        quantities = find_quantities(text)
        for note_start, content_start, content_end in notes:
            at = note_start - start
            before = [q for q in quantities if q.end <= at]
            if not before:
                continue
            figure = before[-1]
            gap = text[figure.end : at]
            if _LINE_BREAK.search(gap) or _CLAUSE_BREAK.search(gap) or len(gap.strip()) > 20:
                continue
            if figure.bound is Bound.VAGUE:
                continue
            note_text = visible_text(doc, content_start, content_end)
            if _has_keyword(doc, content_start, content_end):
                finding = self._field_against_total(
                    doc, field, start, text, figure, content_start, note_text, han, tolerance
                )
            else:
                finding = self._field_against_parts(
                    doc, field, start, text, figure, content_start, note_text, han, tolerance
                )
            if finding is not None:
                yield finding

    def _field_against_total(
        self,
        doc: Document,
        field: str,
        start: int,
        text: str,
        figure: Quantity,
        content_start: int,
        note_text: str,
        han: bool,
        tolerance: Decimal,
    ) -> Finding | None:
        # Only a note that is a breakdown (parts, then their total) speaks
        # for the field's figure; a total of something wider may not.
        statements = [
            st
            for st in find_total_statements(note_text, 0, len(note_text), han=han, layout=NOTE)
            if st.kind == "sum"
        ]
        if len(statements) != 1 or len(note_totals(note_text, han=han)) != 1:
            return None
        stated = statements[0].total
        if stated.bound is Bound.VAGUE or not _comparable(figure, text, stated, note_text, han):
            return None
        if _agrees((figure,), stated, tolerance):
            return None
        return self.finding(
            doc,
            start + figure.start,
            start + figure.end,
            self.message(
                "field-vs-note", field=field, figure=figure.text.strip(), note_total=stated.text.strip()
            ),
            suggestion=self.message("fix-field"),
            evidence={
                "context": "infobox",
                "check": "field-vs-note",
                "field": field,
                "figure": _describe(doc, start, figure),
                "note_total": _describe(doc, content_start, stated),
            },
        )

    def _field_against_parts(
        self,
        doc: Document,
        field: str,
        start: int,
        text: str,
        figure: Quantity,
        content_start: int,
        note_text: str,
        han: bool,
        tolerance: Decimal,
    ) -> Finding | None:
        """A field whose figure is the total of the parts its note itemises,
        with no total word: ``428人死亡<ref>3月2日151人死亡、3月3日97人死亡、…</ref>``."""
        parts = itemised_parts(note_text, han=han)
        if parts is None or not _comparable(figure, text, parts[0], note_text, han):
            return None
        kinds = {kind_of(note_text, q) for q in parts}
        if len(kinds) != 1 or kinds != {kind_of(text, figure)}:
            return None  # parts of several kinds, or of another kind than the field's
        if figure.low <= max(q.high for q in parts) or any(q.low == figure.low for q in parts):
            return None  # not a total of them: alternatives (one source's figure, another's)
        readings = [run for run in contiguous_runs(parts) if len(run) > 1]
        if any(_agrees(run, figure, tolerance) for run in readings):
            return None
        low, high = sum_of(parts)
        key = "field-vs-parts" + ("-range" if low != high else "")
        return self.finding(
            doc,
            start + figure.start,
            start + figure.end,
            self.message(
                key, field=field, figure=figure.text.strip(), count=len(parts), **_sum_params(low, high)
            ),
            suggestion=self.message("fix-field"),
            evidence={
                "context": "infobox",
                "check": "field-vs-parts",
                "field": field,
                "figure": _describe(doc, start, figure),
                "parts": [_describe(doc, content_start, q) for q in parts],
                "sum": {"low": _number(low), "high": _number(high)},
            },
        )


def _comparable(figure: Quantity, text: str, other: Quantity, other_text: str, han: bool) -> bool:
    """Whether a field's figure and a figure of its note count the same thing."""
    field_class = unit_class(figure, text, han)
    note_class = unit_class(other, other_text, han)
    if han and "none" in (field_class, note_class):
        return field_class != note_class
    return same_kind(field_class, note_class)


def _sum_params(low: Decimal, high: Decimal) -> dict[str, int | float]:
    if low == high:
        return {"sum": _number(low)}
    return {"low": _number(low), "high": _number(high)}


# -- where figures are stated -------------------------------------------------


def _infobox_fields(doc: Document) -> Iterator[tuple[str, int, int]]:
    """``(field name, start, end)`` of every casualty and strength field."""
    names = {n.strip().lower() for g in _FIELD_GROUPS for n in doc.profile.fields.get(g, ())}
    for box in doc.infoboxes("military-conflict"):
        for param in box.node.params:
            name = str(param.name).strip()
            if name.lower() not in names:
                continue
            span = wikicode_span(doc, param.value)
            if span is not None and not doc.is_disabled(span[0]):
                yield name, span[0], span[1]


def _notes_in(doc: Document, start: int, end: int) -> list[tuple[int, int, int]]:
    """``(note start, content start, content end)`` of the notes inside a
    stretch: ``<ref>`` definitions, reuses (read at their definition) and
    note templates."""
    found = []
    for ref in doc.refs:
        if not start <= ref.start < end:
            continue
        if ref.is_reuse:
            definition = doc.ref_content(ref)
            if definition is not None:
                found.append((ref.start, definition.content_start, definition.content_end))
        elif ref.content.strip():
            found.append((ref.start, ref.content_start, ref.content_end))
    for note in doc.templates_in("note"):
        if start <= note.start < end:
            content = _note_template_content(doc, note.node)
            if content is not None:
                found.append((note.start, *content))
    return sorted(found)


def _all_notes(doc: Document) -> list[tuple[int, int, int]]:
    """Every note defined on the page (each once)."""
    found = [
        (ref.start, ref.content_start, ref.content_end)
        for ref in doc.refs
        if not ref.is_reuse and ref.content.strip()
    ]
    for note in doc.templates_in("note"):
        content = _note_template_content(doc, note.node)
        if content is not None:
            found.append((note.start, *content))
    return sorted(found)


def _note_template_content(doc: Document, node: Template) -> tuple[int, int] | None:
    for param in node.params:
        if not param.showkey:
            return wikicode_span(doc, param.value)
    return None


def _text_blocks(doc: Document) -> Iterator[tuple[str, int, int]]:
    """Paragraphs one by one; consecutive list items together, as one list."""
    run: tuple[int, int] | None = None
    for block in doc.blocks:
        if block.kind == "list_item":
            if run is not None and doc.text[run[1] : block.start].strip() == "":
                run = (run[0], block.end)
            else:
                if run is not None:
                    yield "list", *run
                run = (block.start, block.end)
            continue
        if run is not None:
            yield "list", *run
            run = None
        yield "paragraph", block.start, block.end
    if run is not None:
        yield "list", *run


#: A character that starts a figure (or a number word), looked for next to a
#: keyword before the costly reading of a whole segment.
_FIGURE_START = regex.compile(
    r"[0-9０-９〇零一二三四五六七八九十百千萬万兩两]|(?i:(?<![a-z])(?:one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
    r"|thousand|million|dozens|scores)(?![a-z]))"
)
_AFTER_KEYWORD = 24  # "總計76人", "a total of 1,234", "其中35人"
_BEFORE_KEYWORD = 80  # "76 killed in total", "1,234 soldiers, of whom"


def _keyword_positions(doc: Document) -> list[tuple[int, int]]:
    """Sorted spans of the page's total keywords that have a figure close by
    (once per page)."""
    text = doc.text
    found = []
    keyword = _KEYWORD_SEARCH.search(text)
    while keyword is not None:
        at, end = keyword.span()
        first_letters = _FIRST_LETTERS[keyword.group()]
        if not first_letters:
            found.append((at, end))
        elif at and text[at - 1] in first_letters:
            found.append((at - 1, end))
        keyword = _KEYWORD_SEARCH.search(text, at + 1)
    return [
        (start, end)
        for start, end in found
        if _FIGURE_START.search(text, max(0, start - _BEFORE_KEYWORD), end + _AFTER_KEYWORD)
    ]


def _has_keyword(doc: Document, start: int, end: int) -> bool:
    """A total keyword with a figure close by, both in ``[start, end)``:
    only then is a segment read."""
    positions = doc.derived(_keyword_positions)
    text = doc.text
    for i in range(bisect.bisect_left(positions, (start, start)), len(positions)):
        word_start, word_end = positions[i]
        if word_end > end:
            break
        if _FIGURE_START.search(
            text, max(start, word_start - _BEFORE_KEYWORD), min(end, word_end + _AFTER_KEYWORD)
        ):
            return True
    return False


# -- arithmetic -----------------------------------------------------------------


def _mismatch(statement: TotalStatement, tolerance: Decimal) -> str | None:
    """The check that fails (``exact``, ``range``, ``bounds``, ``exceeds``),
    or None when the statement adds up under some plausible reading."""
    total = statement.total
    if statement.kind == "subset":
        least = sum(q.interval(tolerance)[0] for q in statement.parts)
        most = total.interval(tolerance)[1]
        return "exceeds" if most is not None and least > most else None
    for reading in (statement.parts, *statement.other_readings):
        if _agrees(reading, total, tolerance):
            return None
    if _all_exact(statement.parts, total):
        return "range" if total.is_range or any(q.is_range for q in statement.parts) else "exact"
    return "bounds"


def _all_exact(parts: tuple[Quantity, ...], total: Quantity) -> bool:
    return total.bound is Bound.EXACT and all(q.bound is Bound.EXACT for q in parts)


def _agrees(parts: tuple[Quantity, ...], total: Quantity, tolerance: Decimal) -> bool:
    if any(q.bound is Bound.VAGUE for q in parts) or total.bound is Bound.VAGUE:
        return True
    if not _all_exact(parts, total):
        low, high = _plausible_sum(parts, tolerance)
        t_low, t_high = total.interval(tolerance)
        return (t_high is None or low <= t_high) and (high is None or t_low <= high)
    low, high = sum_of(parts)
    if total.is_range and any(q.is_range for q in parts):
        return (total.low, total.high) == (low, high)  # a range must equal (Σ minima, Σ maxima)
    if total.is_range:
        return total.low <= low and high <= total.high
    return low <= total.low <= high


def _plausible_sum(parts: tuple[Quantity, ...], tolerance: Decimal) -> tuple[Decimal, Decimal | None]:
    intervals = [q.interval(tolerance) for q in parts]
    low = sum((lo for lo, _ in intervals), Decimal(0))
    highs = [hi for _, hi in intervals if hi is not None]
    high = sum(highs, Decimal(0)) if len(highs) == len(intervals) else None
    return low, high


# -- evidence -------------------------------------------------------------------


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _describe(doc: Document, offset: int, quantity: Quantity) -> dict[str, Any]:
    line, column = doc.position(offset + quantity.start)
    return {
        "text": doc.text[offset + quantity.start : offset + quantity.end],
        "low": _number(quantity.low),
        "high": _number(quantity.high),
        "bound": quantity.bound.value,
        "line": line,
        "column": column,
    }
