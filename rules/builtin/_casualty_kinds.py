"""What a figure counts: killed, wounded, displaced, captured, arrested (for NUM001 and NUM002).

A figure's *kind* is read from the words written next to it, in either
language and script:

- after it, past its measure word and the people it names, in its clause:
  ``八名警察及民兵陣亡``, ``140,000人以上流離失所``, ``65,000 people displaced``,
  ``8 Iraqi police and tribesmen killed``;
- right before it: ``擊殺了七名警察``, ``陣亡一百五十人``, ``Gunmen kill 7``,
  ``unrest kills 12``, ``killed about 6,000 people``.

When the words before and after name different kinds, the figure has none.
``casualties`` (``傷亡``, ``死傷``) is a kind of its own: killed and wounded
together. Ages (``dies at 82``) have no kind.
"""

from __future__ import annotations

import regex
from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.text.numbers import Quantity

_SPACES = regex.compile(r"[ \u00a0]+")
_HAN_AFTER = regex.compile(r"[ \u3000]*[\p{Han}]")

KILLED, WOUNDED, DISPLACED, CAPTURED, ARRESTED, CASUALTIES = (
    "killed",
    "wounded",
    "displaced",
    "captured",
    "arrested",
    "casualties",
)

#: The words of each kind: Chinese words (both scripts) read before or after
#: a figure; English words read after a figure (``65 killed``) and before it
#: (``kills 12``).
KIND_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    CASUALTIES: {
        "zh": ("傷亡", "伤亡", "死傷", "死伤"),
        "en_after": (
            "casualties",
            "casualty",
            "killed or wounded",
            "killed and wounded",
            "dead and wounded",
            "dead or wounded",
        ),
        "en_before": (),
    },
    KILLED: {
        "zh": (
            "死亡",
            "陣亡",
            "阵亡",
            "喪生",
            "丧生",
            "遇難",
            "遇难",
            "罹難",
            "罹难",
            "身亡",
            "遇害",
            "殉職",
            "殉职",
            "犧牲",
            "牺牲",
            "被殺",
            "被杀",
            "擊殺",
            "击杀",
            "殺死",
            "杀死",
            "殺害",
            "杀害",
            "打死",
            "擊斃",
            "击毙",
            "炸死",
            "槍殺",
            "枪杀",
            "死於",
            "死于",
            "死者",
        ),
        "en_after": ("killed", "dead", "died", "die", "dies", "deaths", "slain", "perished", "fatalities"),
        "en_before": ("kill", "kills", "killed", "killing", "kiled"),
    },
    WOUNDED: {
        "zh": (
            "受傷",
            "受伤",
            "負傷",
            "负伤",
            "打傷",
            "打伤",
            "炸傷",
            "炸伤",
            "擊傷",
            "击伤",
            "輕傷",
            "轻伤",
            "重傷",
            "重伤",
        ),
        "en_after": ("wounded", "injured", "hurt", "injuries"),
        "en_before": ("wound", "wounds", "wounded", "wounding", "injure", "injures", "injured", "injuring"),
    },
    DISPLACED: {
        "zh": ("流離失所", "流离失所", "無家可歸", "无家可归", "難民", "难民"),
        "en_after": ("displaced", "refugees", "homeless"),
        "en_before": ("displace", "displaces", "displaced", "displacing"),
    },
    CAPTURED: {
        "zh": ("被俘", "俘虜", "俘虏", "俘獲", "俘获", "生擒"),
        "en_after": ("captured", "prisoners", "pows", "taken prisoner"),
        "en_before": ("capture", "captures", "captured", "capturing"),
    },
    ARRESTED: {
        "zh": ("被捕", "逮捕", "拘捕", "拘留", "抓捕", "拘押", "抓獲", "抓获"),
        "en_after": ("arrested", "detained"),
        "en_before": (
            "arrest",
            "arrests",
            "arrested",
            "arresting",
            "detain",
            "detains",
            "detained",
            "detaining",
        ),
    },
}

#: The five kinds a cited figure is compared by (NUM002).
COMPARED_KINDS = frozenset({KILLED, WOUNDED, DISPLACED, CAPTURED, ARRESTED})


def _alternation(words: list[tuple[str, str]]) -> str:
    """``(?P<kind>…)`` groups are not possible per word; a lookup follows."""
    ordered = sorted(words, key=lambda pair: len(pair[0]), reverse=True)
    return "|".join(r"[ \u00a0]+".join(regex.escape(w) for w in word.split()) for word, _ in ordered)


_ZH_WORDS = [(w, kind) for kind, table in KIND_WORDS.items() for w in table["zh"]]
_EN_AFTER_WORDS = [(w, kind) for kind, table in KIND_WORDS.items() for w in table["en_after"]]
_EN_BEFORE_WORDS = [(w, kind) for kind, table in KIND_WORDS.items() for w in table["en_before"]]
_KIND_OF = {w.lower(): kind for w, kind in _ZH_WORDS + _EN_AFTER_WORDS + _EN_BEFORE_WORDS}

_ZH_KIND = regex.compile(_alternation(_ZH_WORDS))
_EN_AFTER = regex.compile(r"(?i)(?<![A-Za-z])(?:" + _alternation(_EN_AFTER_WORDS) + r")(?![A-Za-z])")
#: A kind word right before the figure (a verb or, in zh, a noun: 陣亡150人);
#: ``了``, ``共``, ``有`` may stand between.
_ZH_BEFORE = regex.compile(r"(?:" + _alternation(_ZH_WORDS) + r")(?:了|共|共有|有|約|约)?[ \u3000]*$")
_EN_BEFORE = regex.compile(r"(?i)(?<![A-Za-z])(?:" + _alternation(_EN_BEFORE_WORDS) + r")[ \u00a0]+$")
#: Where the words after a figure stop: the clause ends, or a new clause begins.
_ZH_STOP = regex.compile(r"[，,。；;：:、（）()「」『』\n！？!?]|[0-9]")
_EN_STOP = regex.compile(
    r"[.,;:!?()\[\]\n\"“”]|(?i:(?<![A-Za-z])(?:as|after|while|when|but|who|which|that|since|than"
    r"|at|aged|age|of)(?![A-Za-z]))|[0-9]"
)
_AGE_BEFORE = regex.compile(r"(?i)(?<![A-Za-z])(?:at|aged|age)[ \u00a0]+$")
_ZH_REACH = 14
_EN_REACH = 48


def normalized(word: str) -> str:
    return _SPACES.sub(" ", word.lower())


def kind_of(text: str, quantity: Quantity, *, next_start: int | None = None) -> str | None:
    """The kind of ``quantity`` (a :data:`KILLED`... constant), read from the
    words around it in ``text``; None when none, or two different ones, are
    written. ``next_start``: where the next figure begins (the words after
    this one stop there)."""
    if _AGE_BEFORE.search(text, max(0, quantity.start - 8), quantity.start):
        return None
    before = _word_before(text, quantity.start)
    after = _word_after(text, quantity.end, len(text) if next_start is None else next_start)
    if before and after and before != after:
        return None
    return before or after


def _word_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 12) : start]
    zh = _ZH_BEFORE.search(window)
    if zh is not None:
        word = _ZH_KIND.match(window, zh.start())
        return _KIND_OF.get(word.group()) if word else None
    en = _EN_BEFORE.search(window)
    if en is not None:
        return _KIND_OF.get(normalized(en.group().strip()))
    return None


def _word_after(text: str, end: int, limit: int) -> str | None:
    han = _HAN_AFTER.match(text, end, end + 3) is not None
    reach = min(limit, end + (_ZH_REACH if han else _EN_REACH))
    stop = (_ZH_STOP if han else _EN_STOP).search(text, end, reach)
    window_end = stop.start() if stop else reach
    if han:
        found = _ZH_KIND.search(text, end, window_end)
    else:
        found = _EN_AFTER.search(text, end, window_end)
        if found is not None and len(text[end : found.start()].split()) > 5:
            return None
    return _KIND_OF.get(normalized(found.group())) if found else None


class FigureOptions(BaseModel):
    """Options of the rules that compare figures (NUM001, NUM002)."""

    model_config = ConfigDict(extra="forbid")

    approximate_tolerance: float = Field(
        0.2,
        ge=0,
        le=1,
        description="how far (as a fraction) the true value of an approximate figure "
        "(約300, about 300) may lie from the figure written",
    )
