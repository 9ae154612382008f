"""Reading stated totals and their parts out of visible text (for NUM001).

A *total statement* is a figure introduced as a total -- ``總計222–288人``,
``共8名``, ``Total: 405,000 - 450,000``, ``a total of 47``, ``52 in total`` --
together with the figures given before it as its parts, or after it as a
breakdown (``其中…``, ``of whom…``). This module finds them; the rule judges
whether the arithmetic holds.

Everything here errs on the side of silence: a statement is returned only
when its structure is plain -- at least two parts of one kind, separated as an
enumeration, nothing in between that makes the reading unclear (``including``,
``包括``, a vague figure such as ``數百``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, pairwise

import regex

from wikilint.rules.builtin._casualty_kinds import CASUALTIES, KILLED, WOUNDED, kind_of
from wikilint.rules.text.numbers import Bound, Quantity, find_quantities
from wikilint.rules.text.ranges import merge_ranges

_EN_WINDOW_END = regex.compile(r"[.,;:!?()\[\]\n]")
#: A model's name among the words after a figure: six P-38s, two B-17 bombers.
_MODEL_NAME = regex.compile(r"[A-Za-z].*\d|\d.*[A-Za-z]")
_EN_WORD = regex.compile(r"[A-Za-z]+")
_SENTENCE_STOP = regex.compile(r"[。！？!?；;\n]")
_CLAUSE_STOP = regex.compile(r"[。！？!?；;，,、\n]")
_CLAUSE_STOP_OR_DIGIT = regex.compile(r"[。！？!?；;，,、\n]|\d")

BEFORE, AFTER, BREAKDOWN, ENUMERATION = "before", "after", "breakdown", "enumeration"
"""Roles of a total word: it introduces the total's figure (``總計76人``,
``a total of 76``); it follows it (``76 in total``); it introduces a
breakdown whose parts are a subset of the total (``其中``, ``of whom``); it
introduces the parts that make up all of the total (``，計軍官300人、…``)."""


@dataclass(frozen=True, slots=True)
class TotalWord:
    """One spelling of a word that announces a total or its parts."""

    spelling: str
    """as written; Latin words match in any case, with any run of blanks"""
    roles: frozenset[str]
    not_followed_by: str = ""
    """characters after which the spelling is another word (``共產``, ``共和``)"""
    preceded_by: str = ""
    """characters one of which must stand right before it (``，計``)"""

    @property
    def is_latin(self) -> bool:
        return self.spelling.isascii()


def _words(
    roles: tuple[str, ...], *spellings: str, not_followed_by: str = "", preceded_by: str = ""
) -> list[TotalWord]:
    return [TotalWord(s, frozenset(roles), not_followed_by, preceded_by) for s in spellings]


#: Every word NUM001 reads a total or a breakdown by: the one table that the
#: statement patterns, the page's cheap pre-reading and the rule's triggers
#: are built from.
TOTAL_WORDS: tuple[TotalWord, ...] = (
    *_words(
        (BEFORE,), "總計", "总计", "合計", "合计", "合共", "共計", "共计", "總共", "总共", "一共", "共有"
    ),
    *_words((BEFORE,), "共", not_followed_by="產产和同識识享軍军黨党存處处用通鳴鸣謀谋犯患商青"),
    *_words((BEFORE,), "total", "total of", "totalling", "totaling", "totalled", "totaled", "overall total"),
    *_words((BEFORE, AFTER), "in total", "altogether", "in all"),
    *_words((BREAKDOWN,), "其中", "of whom", "of which", "among them"),
    *_words(
        (ENUMERATION,),
        "計",
        "计",
        "分別為",
        "分别为",
        "分別是",
        "分别是",
        "分別有",
        "分别有",
        preceded_by="，,",
    ),
)


def _alternation(role: str) -> str:
    words = sorted((w for w in TOTAL_WORDS if role in w.roles), key=lambda w: len(w.spelling), reverse=True)
    parts = []
    for word in words:
        if word.is_latin:
            pattern = "(?i:" + r"[ \t]+".join(regex.escape(p) for p in word.spelling.split()) + ")"
        else:
            pattern = regex.escape(word.spelling)
        if word.not_followed_by:
            pattern += f"(?![{word.not_followed_by}])"
        parts.append(pattern)
    return "|".join(parts)


def keyword_hints() -> tuple[tuple[str, str], ...]:
    """``(text, first letters)`` to look for, to find every total word of :data:`TOTAL_WORDS` on a page (but the
    enumeration words, read only after a total): a Chinese word
    as written, with the characters that must precede it (unless a shorter
    word of the table is in it); a Latin word
    without its first letter, which must be one of ``first letters``, in
    lower and in upper case (``otal`` after ``t``/``T``, ``OTAL`` after ``T``)."""
    unconditional = [w.spelling for w in TOTAL_WORDS if not w.preceded_by]
    hints: list[tuple[str, str]] = []
    for word in TOTAL_WORDS:
        if word.roles == {ENUMERATION}:
            continue  # read only after a total, which a word of another role announces
        text = word.spelling
        if any(other != text and other in text for other in unconditional):
            continue  # found wherever the shorter word is (in total by total, 共計 by 共)
        if not word.is_latin:
            hints.append((text, word.preceded_by))
            continue
        hints.append((text[1:], text[0].lower() + text[0].upper()))
        hints.append((text[1:].upper(), text[0].upper()))
    return tuple(dict.fromkeys(hints))


#: A total introduced before its figure. Group ``lead`` is what may stand
#: between the separator and the keyword.
_TOTAL_BEFORE = regex.compile(
    r"(?:^|(?<=[，,、；;：:（(\n–—。.]))[ \t\u3000]*"
    r"(?P<lead>以上|上述|兩者|两者|雙方|双方|(?i:for|making|giving|with|or|in|and)[ \t]+(?i:a[ \t]+)?|(?i:a)[ \t]+)?"
    r"(?P<keyword>" + _alternation(BEFORE) + r")"
    r"(?![A-Za-z])",
    regex.MULTILINE,
)
#: A total word anywhere (``事件共造成75人死亡``): read only when the parts
#: that make up all of it follow (:data:`_FULL_BREAKDOWN`).
_TOTAL_ANYWHERE = regex.compile(r"(?<![A-Za-z])(?P<keyword>" + _alternation(BEFORE) + r")(?![A-Za-z])")
#: A total named after its figure: "52 in total", "52 killed altogether".
_TOTAL_AFTER = regex.compile(r"(?<![A-Za-z])(?P<keyword>" + _alternation(AFTER) + r")(?![A-Za-z])")
#: A breakdown of the figure before it: every part is a subset of the total.
_SUBSET = regex.compile(r"(?P<keyword>(?<![A-Za-z])(?:" + _alternation(BREAKDOWN) + r"))(?![A-Za-z])")
#: What may stand between a total and the parts that make up all of it:
#: the words it counts (``人死亡``, ``civilians were killed``), then a colon or
#: a dash, or a comma and an enumeration word (``，計``, ``，分別為``).
_FULL_BREAKDOWN = regex.compile(
    r"(?P<words>[^，,。；;：:\n0-9—–()（）]{0,32}?)[ \t\u3000]*"
    r"(?:[：:]|——?|[ \t]+[–-][ \t]+|[，,][ \t\u3000]*(?:" + _alternation(ENUMERATION) + r"))"
)
#: Words that make a list of parts unclear (nested or overlapping subsets,
#: cumulative totals).
_UNCLEAR = regex.compile(
    r"包括|包含|含有|當中|当中|其中|累計|累计|迄今|至今|之中"
    r"|(?<![A-Za-z])(?i:including|included|includes|of[ \t]+whom|of[ \t]+which|among[ \t]+them"
    r"|among[ \t]+whom|bringing|brought|raising|raised|running|cumulative|so[ \t]+far|to[ \t]+date"
    r"|respectively|each|per|every|either|or|another|others?|further|additional)(?![A-Za-z])"
    r"|(?<![A-Za-z])(?i:out[ \t]+of|of[ \t]+the)[ \t]+(?=[0-9])"
    r"|[或各每另再又]"
)
#: Groups that overlap other categories (children are civilians too).
_OVERLAPPING = regex.compile(
    r"兒童|儿童|孩童|孩子|婦女|妇女|女性|男性|未成年|老人|婦孺|妇孺|學生|学生"
    r"|(?<![A-Za-z])(?i:children|child|women|woman|men|minors|elderly|students|officers)(?![A-Za-z])"
)
#: What every keyword above contains. A keyword with its lead words reaches
#: less than 40 visible characters around it (``for a total of``), and any
#: run of blanks (markup blanked out by the visible text) between them.
_KEYWORD_HINT = regex.compile(
    "|".join(
        regex.escape(text)
        if not letters
        else "(?i:" + r"[ \t]+".join(regex.escape(p) for p in text.split(" ")) + ")"
        for text, letters in keyword_hints()
    )
)
_REACH_BACK = regex.compile(r"(?r)\s*(?:\S\s*){0,40}")
_REACH_FORWARD = regex.compile(r"(?:\s*\S){0,40}\s*")
#: Words that make a note's figures alternatives rather than parts.
_SOURCES = regex.compile(
    r"據|据|估計|估计|報導|报导|報道|报道|[稱称]|另有|一說|一说|說法|说法|統計|统计"
    r"|(?<![A-Za-z])(?i:according|estimates?|estimated|reported|reports?|sources?|figures?"
    r"|claimed|claims?|count|counted|census)(?![A-Za-z])"
)
#: Losses other than killed and wounded: casualties that hold them are more
#: than killed plus wounded.
_OTHER_LOSSES = regex.compile(
    r"失蹤|失踪|被俘|俘虜|俘虏|(?<![A-Za-z])(?i:missing|captured|prisoners?)(?![A-Za-z])"
)
_SENTENCE_END = regex.compile(r"[。！？!?；;]|\.(?=[ \t\u3000]|$)|\n", regex.MULTILINE)
#: What ends a sentence at the end of a stretch (a full stop then needs no blank).
_SENTENCE_END_CHARS = frozenset("。！？!?；;\n.")
_SEPARATOR = regex.compile(r"[，,、；;：:\n]|(?<![A-Za-z])(?:and|plus)(?![A-Za-z])|[和及與与、]|以及")
_PAREN_OPEN = "(（"
_PAREN_CLOSE = ")）"

#: en words after a figure that say it counts people (killed, soldiers...).
_PEOPLE_WORDS = frozenset(
    [
        "killed",
        "dead",
        "deaths",
        "death",
        "died",
        "fatalities",
        "wounded",
        "injured",
        "injuries",
        "captured",
        "prisoners",
        "prisoner",
        "pows",
        "missing",
        "casualties",
        "casualty",
        "losses",
        "lost",
        "men",
        "man",
        "soldiers",
        "soldier",
        "troops",
        "troopers",
        "people",
        "persons",
        "person",
        "civilians",
        "civilian",
        "sailors",
        "seamen",
        "marines",
        "airmen",
        "crew",
        "crewmen",
        "members",
        "officers",
        "officer",
        "militiamen",
        "militia",
        "militants",
        "insurgents",
        "rebels",
        "police",
        "policemen",
        "personnel",
        "infantry",
        "cavalry",
        "artillerymen",
        "guards",
        "children",
        "women",
        "refugees",
        "displaced",
        "deserted",
        "deserters",
        "executed",
        "drowned",
        "survivors",
        "victims",
        "hostages",
        "mercenaries",
        "volunteers",
        "regulars",
        "auxiliaries",
        "warriors",
        "dragoons",
        "hussars",
        "grenadiers",
        "riflemen",
        "musketeers",
        "pikemen",
        "army",
        "navy",
        "combatants",
        "fighters",
        "insurgents",
        "guerrillas",
        "partisans",
    ]
)
#: en words after a figure that say it counts things, not people.
_THING_WORDS = frozenset(
    [
        "ship",
        "ships",
        "vessel",
        "vessels",
        "boat",
        "boats",
        "frigate",
        "frigates",
        "galley",
        "galleys",
        "aircraft",
        "plane",
        "planes",
        "airplane",
        "airplanes",
        "helicopter",
        "helicopters",
        "bomber",
        "bombers",
        "jet",
        "jets",
        "drone",
        "drones",
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "shell",
        "shells",
        "bomb",
        "bombs",
        "round",
        "rounds",
        "submarine",
        "submarines",
        "destroyer",
        "destroyers",
        "cruiser",
        "cruisers",
        "battleship",
        "battleships",
        "carrier",
        "carriers",
        "warship",
        "warships",
        "transports",
        "sorties",
        "tank",
        "tanks",
        "vehicle",
        "vehicles",
        "truck",
        "trucks",
        "gun",
        "guns",
        "cannon",
        "cannons",
        "artillery",
        "piece",
        "pieces",
        "horse",
        "horses",
        "camel",
        "camels",
        "mule",
        "mules",
        "rifle",
        "rifles",
        "musket",
        "muskets",
        "flag",
        "flags",
        "standard",
        "standards",
        "colours",
        "colors",
        "wagon",
        "wagons",
        "car",
        "cars",
        "train",
        "trains",
        "locomotive",
        "locomotives",
        "building",
        "buildings",
        "house",
        "houses",
        "home",
        "homes",
        "village",
        "villages",
        "town",
        "towns",
        "city",
        "cities",
        "story",
        "stories",
        "km",
        "mi",
        "mile",
        "miles",
        "acre",
        "acres",
        "hectare",
        "hectares",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "kg",
        "lb",
        "mm",
        "cm",
        "m",
        "ft",
        "feet",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "dollar",
        "dollars",
        "pound",
        "pounds",
    ]
)
_EN_SKIP = frozenset(
    ["were", "was", "are", "is", "had", "have", "has", "been", "being", "the", "a", "an", "other", "more"]
)
_EN_STOP = frozenset(["of", "and", "or", "in", "at", "to", "from", "by", "on", "with", "for", "during"])
_ZH_PERSON = frozenset({"人", "名", "位", "員", "员"})


PROSE, NOTE, LINES = "prose", "note", "lines"
"""How the parts of a total are laid out (see :func:`find_total_statements`)."""


@dataclass(frozen=True, slots=True)
class TotalStatement:
    """A stated total and the figures given as its parts."""

    total: Quantity
    parts: tuple[Quantity, ...]
    kind: str
    """``sum``: the parts add up to the total; ``subset``: the parts are a
    breakdown (``其中``, ``of whom``) and may not exceed it"""
    keyword_start: int
    keyword_end: int
    other_readings: tuple[tuple[Quantity, ...], ...] = ()
    """further plausible sets of parts (contiguous runs, parts of every kind);
    if any of them agrees with the total the statement is not reported"""


def unit_class(quantity: Quantity, text: str, han: bool) -> str:
    """What a figure counts, coarsely: ``person``; a zh measure word; an en
    noun for things (``ship``); ``other:<word>`` for an en noun of neither
    kind; ``count`` for an en figure with no noun after it (infobox lines:
    a flag, a nationality); ``none`` for a zh figure without a measure word."""
    if han:
        if not quantity.unit:
            return "none"
        return "person" if quantity.unit in _ZH_PERSON else quantity.unit
    window = _EN_WINDOW_END.split(text[quantity.end : quantity.end + 40], maxsplit=1)[0]
    tokens = window.split()
    if tokens and _MODEL_NAME.search(tokens[0]):
        return "thing"  # a model: six P-38s, two B-17 bombers
    first_unknown = None
    for word in _EN_WORD.findall(window)[:4]:
        lower = word.lower()
        if lower in _EN_SKIP:
            continue
        if lower in _EN_STOP:
            break
        if lower in _THING_WORDS:
            return lower.rstrip("s") or lower
        if lower in _PEOPLE_WORDS:
            return "person"
        if first_unknown is None:
            first_unknown = word
    if first_unknown is None or first_unknown[0].isupper():
        return "count"  # nothing named, or a nationality or side: 149,000 Swedes
    return f"other:{first_unknown.lower()}"


def same_kind(first: str, second: str) -> bool:
    """Whether figures of these two classes may be added up together."""
    return first == second or {first, second} <= {"person", "count"}


def _in_parentheses(text: str, start: int, scope_start: int) -> bool:
    depth = 0
    for char in text[scope_start:start]:
        if char in _PAREN_OPEN:
            depth += 1
        elif char in _PAREN_CLOSE and depth:
            depth -= 1
    return depth > 0


@lru_cache(maxsize=8)
def _sentence_ends(text: str) -> list[int]:
    """Where every sentence of ``text`` ends (the offset of its final mark),
    found once per text: a paragraph is asked about each of its totals."""
    return [match.start() for match in _SENTENCE_END.finditer(text)]


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Where the sentence holding ``pos`` starts, reading ``text[floor:pos]``
    only (a full stop right before ``pos`` ends a sentence)."""
    if pos <= floor:
        return floor
    if text[pos - 1] in _SENTENCE_END_CHARS:
        return pos
    ends = _sentence_ends(text)
    i = bisect_left(ends, pos - 1)
    return ends[i - 1] + 1 if i and ends[i - 1] >= floor else floor


def _sentence_end(text: str, pos: int, ceiling: int) -> int:
    """Where the sentence holding ``pos`` ends, reading ``text[pos:ceiling]``
    only (a full stop right before ``ceiling`` ends a sentence)."""
    ends = _sentence_ends(text)
    i = bisect_left(ends, pos)
    if i < len(ends) and ends[i] < ceiling - 1:
        return ends[i]
    if pos < ceiling <= len(text) and text[ceiling - 1] in _SENTENCE_END_CHARS:
        return ceiling - 1
    return ceiling


class _Figures:
    """The figures of a stretch, left to right, and the lookups a statement
    makes among them, by bisection: a paragraph of totals asks once for each.
    (Spans are ordered but where a bound word before a figure reaches back
    past the figure before it: then they are scanned.)"""

    __slots__ = ("ends", "items", "ordered", "starts")

    def __init__(self, quantities: list[Quantity]) -> None:
        self.items = quantities
        self.starts = [q.start for q in quantities]
        self.ends = [q.end for q in quantities]
        self.ordered = all(a <= b for a, b in pairwise(self.starts)) and all(
            a <= b for a, b in pairwise(self.ends)
        )

    def within(self, first: int, last: int) -> list[Quantity]:
        """Those lying in ``[first, last)``."""
        if self.ordered:
            return self.items[bisect_left(self.starts, first) : bisect_right(self.ends, last)]
        return [q for q in self.items if first <= q.start and q.end <= last]

    def starting_in(self, first: int, last: int) -> list[Quantity]:
        """Those starting in ``[first, last)``."""
        if self.ordered:
            return self.items[bisect_left(self.starts, first) : bisect_left(self.starts, last)]
        return [q for q in self.items if first <= q.start < last]

    def first_from(self, pos: int) -> Quantity | None:
        """The first starting at ``pos`` or after."""
        if self.ordered:
            i = bisect_left(self.starts, pos)
            return self.items[i] if i < len(self.items) else None
        return next((q for q in self.items if q.start >= pos), None)

    def last_by(self, pos: int) -> Quantity | None:
        """The last ending at ``pos`` or before."""
        if self.ordered:
            i = bisect_right(self.ends, pos)
            return self.items[i - 1] if i else None
        before = [q for q in self.items if q.end <= pos]
        return before[-1] if before else None


def _non_space(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _is_enumeration(text: str, parts: list[Quantity], end: int, max_gap: int) -> bool:
    """Consecutive parts (and the last part and ``end``) are separated as in a
    list, with at most ``max_gap`` visible characters in between."""
    edges = [q.end for q in parts]
    starts = [q.start for q in parts[1:]] + [end]
    for gap_start, gap_end in zip(edges, starts):
        gap = text[gap_start:gap_end]
        if _non_space(gap) > max_gap or not _SEPARATOR.search(gap):
            return False
    return True


def contiguous_runs(parts: tuple[Quantity, ...]) -> list[tuple[Quantity, ...]]:
    """Every run of consecutive parts, longest first."""
    runs = [parts[i:j] for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]
    return sorted(runs, key=len, reverse=True)


def find_total_statements(text: str, start: int, end: int, *, han: bool, layout: str) -> list[TotalStatement]:
    """Total statements in ``text[start:end]`` (visible text of a field, a note,
    a list or a paragraph). ``layout`` says how parts are written:
    :data:`PROSE`, in one sentence and close together; :data:`NOTE`, in one
    sentence, possibly with dates and links between them; :data:`LINES`
    (infobox fields, lists), a line each, the total on a line of its own."""
    windows = _keyword_windows(text, start, end)
    before = [m for first, last in windows for m in _TOTAL_BEFORE.finditer(text, first, last)]
    after = [m for first, last in windows for m in _TOTAL_AFTER.finditer(text, first, last)]
    subset = [m for first, last in windows for m in _SUBSET.finditer(text, first, last)]
    starts = {m.start("keyword") for m in before}
    anywhere = [
        m
        for first, last in windows
        for m in _TOTAL_ANYWHERE.finditer(text, first, last)
        if m.start("keyword") not in starts
    ]
    keywords = before + after + subset + anywhere
    if not keywords:
        return []
    if layout == LINES:
        quantities = _Figures(find_quantities(text, start, end))
    else:
        quantities = _Figures(_quantities_near(text, keywords, start, end))
    statements: list[TotalStatement] = []
    floor = start
    for keyword in before:
        found = _total_after_keyword(text, keyword, quantities, end)
        if found is None:
            continue
        full = _full_breakdown(text, found, quantities, end, han=han)
        if full is not None:
            statements.append(full)
            floor = full.parts[-1].end
            continue
        statement = _parts_before(
            text, found, keyword.start(), keyword.end(), quantities, floor, han=han, layout=layout
        )
        # Figures after a total on its own line belong to it (a breakdown), not
        # to the next total.
        line_end = text.find("\n", found.end, end)
        floor = line_end if layout == LINES and line_end != -1 else found.end
        if statement is not None and not _figures_follow(
            text, found, quantities, end, han=han, layout=layout
        ):
            statements.append(statement)
    for keyword in anywhere:
        found = _total_after_keyword(text, keyword, quantities, end)
        full = None if found is None else _full_breakdown(text, found, quantities, end, han=han)
        if full is not None:
            statements.append(full)
    read = merge_ranges((s.keyword_start, s.keyword_end) for s in statements)
    read_starts = [first for first, _ in read]
    for keyword in after:
        i = bisect_right(read_starts, keyword.start())
        if i and keyword.start() < read[i - 1][1]:
            continue  # the keyword of a statement read above
        found = _total_before_keyword(text, keyword.start(), quantities, max_gap=12)
        if found is None:
            continue
        statement = _parts_before(
            text, found, found.start, keyword.end(), quantities, start, han=han, layout=layout
        )
        if statement is not None:
            statements.append(statement)
    for keyword in subset:
        statement = _subset(text, keyword, quantities, start, end, han=han)
        if statement is not None:
            statements.append(statement)
    return statements


def _keyword_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of ``text[start:end]`` around every word a keyword contains.

    The keyword patterns try every character of a long paragraph; this
    pattern finds their common parts much faster, and the keyword patterns
    then run only around them."""
    return merge_ranges(
        (
            _REACH_BACK.search(text, start, hint.start()).start(),
            _REACH_FORWARD.match(text, hint.end(), end).end(),
        )
        for hint in _KEYWORD_HINT.finditer(text, start, end)
    )


def _quantities_near(text: str, keywords: list[regex.Match[str]], start: int, end: int) -> list[Quantity]:
    """The figures of the sentences around the keywords (prose and notes).

    A statement never reaches past its sentence, so a long paragraph is read
    only where it names a total. Each window also takes the sentence before
    and the one after, which a figure a few characters from its keyword may
    belong to (``52. In total``)."""
    windows = []
    for keyword in keywords:
        first = _sentence_start(text, keyword.start(), start)
        first = _sentence_start(text, max(start, first - 1), start)
        last = _sentence_end(text, keyword.end(), end)
        last = _sentence_end(text, min(end, last + 1), end)
        windows.append((first, last))
    return [q for first, last in merge_ranges(windows) for q in find_quantities(text, first, last)]


def _figures_follow(
    text: str, total: Quantity, quantities: _Figures, end: int, *, han: bool, layout: str
) -> bool:
    """Figures of the total's kind right after it, in its sentence (prose) or
    on its line: then the parts may well be those, and the reading is unclear."""
    stop = text.find("\n", total.end, end) if layout == LINES else _sentence_end(text, total.end, end)
    stop = end if stop == -1 else stop
    kind = unit_class(total, text, han)
    return any(same_kind(unit_class(q, text, han), kind) for q in quantities.within(total.end, stop))


def _total_after_keyword(
    text: str, keyword: regex.Match[str], quantities: _Figures, end: int
) -> Quantity | None:
    """The figure a total keyword introduces: the first one after it, close by."""
    quantity = quantities.first_from(keyword.end())
    if quantity is None:
        return None
    gap = text[keyword.end() : quantity.start]
    if gap.strip() in (",", "，"):
        return quantity  # In all, 96 civilians...
    if _non_space(gap) > 12 or _CLAUSE_STOP_OR_DIGIT.search(gap):
        return None
    return quantity


def _total_before_keyword(
    text: str, pos: int, quantities: _Figures, max_gap: int, *, comma: bool = False
) -> Quantity | None:
    """The figure right before ``pos``; ``comma``: one comma may stand between."""
    quantity = quantities.last_by(pos)
    if quantity is None:
        return None
    gap = text[quantity.end : pos]
    stops = _SENTENCE_STOP if comma else _CLAUSE_STOP
    if _non_space(gap) > max_gap or stops.search(gap) or gap.count("，") + gap.count(",") > 1:
        return None
    return quantity


def _parts_before(
    text: str,
    total: Quantity,
    keyword_start: int,
    keyword_end: int,
    quantities: _Figures,
    floor: int,
    *,
    han: bool,
    layout: str,
) -> TotalStatement | None:
    scope_start = floor if layout == LINES else _sentence_start(text, keyword_start, floor)
    scope = text[scope_start:keyword_start]
    if _UNCLEAR.search(scope):
        return None
    candidates = quantities.within(scope_start, keyword_start)
    if not candidates or any(q.bound is Bound.VAGUE for q in candidates) or total.bound is Bound.VAGUE:
        return None
    if any(q.bound is Bound.VAGUE for q in quantities.starting_in(keyword_start, total.end)):
        return None
    total_class = unit_class(total, text, han)
    outside = [q for q in candidates if not _in_parentheses(text, q.start, scope_start)]
    kinds = {unit_class(q, text, han) for q in outside}
    if total_class == "none" and han:
        # A total without a measure word takes the kind its parts share.
        total_class = next(iter(kinds)) if len(kinds) == 1 else "none"
    parts = tuple(
        q for q in outside if total_class != "none" and same_kind(unit_class(q, text, han), total_class)
    )
    if len(parts) < 2:
        return None
    if not _is_enumeration(text, list(parts), keyword_start, 15 if layout == PROSE else 80):
        return None
    readings = [run for run in contiguous_runs(parts) if run != parts]
    readings += contiguous_runs(tuple(candidates))
    return TotalStatement(total, parts, "sum", keyword_start, keyword_end, tuple(readings))


def _subset(
    text: str, keyword: regex.Match[str], quantities: _Figures, start: int, end: int, *, han: bool
) -> TotalStatement | None:
    """``共有30人死亡，其中20名士兵、15名警察``: parts may not exceed the total."""
    total = _total_before_keyword(text, keyword.start(), quantities, max_gap=20, comma=True)
    if total is None or total.bound is Bound.VAGUE:
        return None
    gap = text[total.end : keyword.start()]
    if _non_space(gap) > 20 or _SENTENCE_STOP.search(gap):
        return None
    sentence_end = _sentence_end(text, keyword.end(), end)
    tail = text[keyword.end() : sentence_end]
    if _UNCLEAR.search(tail) or _OVERLAPPING.search(tail):
        return None
    parts = quantities.within(keyword.end(), sentence_end)
    if len(parts) < 2 or any(q.bound is Bound.VAGUE for q in parts):
        return None
    total_class = unit_class(total, text, han)
    if total_class == "none" or any(not same_kind(unit_class(q, text, han), total_class) for q in parts):
        return None
    if any(_in_parentheses(text, q.start, keyword.end()) for q in parts):
        return None
    if not _is_enumeration(text, parts[:-1], parts[-1].start, 15):
        return None
    classes = {unit_class(q, text, han) for q in parts}
    if not han and "count" in classes and len(classes) > 1:
        return None  # groups of two classifications (Germans, civilians) may overlap
    kind = "sum" if _killed_and_wounded(text, total, parts, keyword.start(), sentence_end) else "subset"
    return TotalStatement(total, tuple(parts), kind, keyword.start(), keyword.end())


def _killed_and_wounded(
    text: str, total: Quantity, parts: list[Quantity], keyword_start: int, sentence_end: int
) -> bool:
    """Whether the parts are, by the total's own word, all of it: casualties
    (``傷亡``, ``死傷``) given as killed and wounded, and no other loss named."""
    if kind_of(text, total, next_start=keyword_start) != CASUALTIES:
        return False
    if _OTHER_LOSSES.search(text, total.end, sentence_end):
        return False
    following = [q.start for q in parts[1:]] + [sentence_end]
    kinds = [kind_of(text, q, next_start=n) for q, n in zip(parts, following)]
    return set(kinds) == {KILLED, WOUNDED}


def _full_breakdown(
    text: str, total: Quantity, quantities: _Figures, end: int, *, han: bool
) -> TotalStatement | None:
    """Parts given after a total as all of it, after a colon, a dash or an
    enumeration word: ``共造成75人死亡：北區31人、南區38人``, ``In all, 96
    civilians were killed: 40 in the north and 51 in the south``,
    ``共俘虜二千人，計軍官三百人、士兵一千五百人``."""
    opening = _FULL_BREAKDOWN.match(text, total.end, end)
    if opening is None or total.bound is Bound.VAGUE:
        return None
    sentence_end = _sentence_end(text, opening.end(), end)
    tail = text[opening.end() : sentence_end]
    if _UNCLEAR.search(tail) or _OVERLAPPING.search(tail):
        return None
    parts = quantities.within(opening.end(), sentence_end)
    if len(parts) < 2 or any(q.bound is Bound.VAGUE for q in parts):
        return None
    if any(_in_parentheses(text, q.start, opening.end()) for q in parts):
        return None
    total_class = unit_class(total, text, han)
    if total_class == "none" or any(not same_kind(unit_class(q, text, han), total_class) for q in parts):
        return None
    if not _is_enumeration(text, parts[:-1], parts[-1].start, 15):
        return None
    readings = tuple(run for run in contiguous_runs(tuple(parts)) if 1 < len(run) < len(parts))
    return TotalStatement(total, tuple(parts), "sum", opening.start(), opening.end(), readings)


def itemised_parts(text: str, *, han: bool) -> tuple[Quantity, ...] | None:
    """The figures of a note that only itemises parts, with no total word
    (``610 dead on 14 June; 480 dead on 15 June; 390 dead on 17 June``), or
    None: fewer than two, figures of several kinds, vague figures, or words
    that make them alternatives (``according to``, ``據``) or nested."""
    if _UNCLEAR.search(text) or _OVERLAPPING.search(text) or _SOURCES.search(text):
        return None
    if _KEYWORD_HINT.search(text):
        return None  # a note with a total word is read as a total statement
    parts = [q for q in find_quantities(text) if not _in_parentheses(text, q.start, 0)]
    if len(parts) < 2 or any(q.bound is Bound.VAGUE for q in parts):
        return None
    classes = {unit_class(q, text, han) for q in parts}
    if len(classes) != 1 or classes & {"none", "count"}:
        return None
    if not _is_enumeration(text, parts[:-1], parts[-1].start, 80):
        return None
    return tuple(parts)


def sum_of(parts: tuple[Quantity, ...]) -> tuple[Decimal, Decimal]:
    """The sum of the minima and the sum of the maxima, as written."""
    lows = list(accumulate(q.low for q in parts))
    highs = list(accumulate(q.high for q in parts))
    return lows[-1], highs[-1]


def note_totals(text: str, *, han: bool) -> list[Quantity]:
    """Every figure that ``text`` introduces as a total (``總計76人``,
    ``Total: 405,000``, ``52 in total``), whether or not its parts are given."""
    quantities = _Figures(find_quantities(text))
    found: list[Quantity] = []
    for keyword in _TOTAL_BEFORE.finditer(text):
        quantity = _total_after_keyword(text, keyword, quantities, len(text))
        if quantity is not None and quantity not in found:
            found.append(quantity)
    for keyword in _TOTAL_AFTER.finditer(text):
        quantity = _total_before_keyword(text, keyword.start(), quantities, max_gap=12)
        if quantity is not None and quantity not in found:
            found.append(quantity)
    return found
