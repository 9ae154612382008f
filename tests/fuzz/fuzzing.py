"""wikilint's fuzzing harness: mutated and generated wikitext through every rule.

Used by the bounded CI slice (``tests/fuzz/test_fuzz.py``) and by long runs
(``python bench/fuzz.py``, ``make fuzz``). Inputs are

- **structural mutations** of real text: the seed article, every rule fixture
  (``tests/fixtures/**.wiki``) and the shared corpus (``../shared/corpus``,
  skipped when absent): excerpts with spans deleted, duplicated, cut and
  spliced from other texts; brackets, refs, comments and tags unbalanced;
  huge numbers; odd dates; control characters and line endings; lines
  repeated thousands of times (the shapes that make a rule super-linear);
- **generated wikitext** (:func:`wikitext`, a hypothesis strategy over the
  same building blocks).

Each input is linted in-process by every rule of the catalogue (so a rule is
fuzzed as soon as it is installed) under both profiles, zhwiki and enwiki,
and :meth:`Fuzzer.check` reports a :class:`Defect` when

- an exception escapes ``Engine.lint`` (a refusal, ``LintError``, is allowed);
- a rule crashes (an ``internal-error``, WL000, finding);
- a finding's span lies outside the text, or its snippet is not the text there;
- a finding starts inside a disabled region (a comment, ``<nowiki>``,
  ``<pre>``…): both those the parser finds and those the mutation itself
  wrapped in ``<!-- -->`` or ``<nowiki>`` around a chunk of wikitext;
- linting takes more than ``time_factor`` times the page's parse time plus
  ``time_slack`` seconds (measured twice, the faster run counts); the slow
  rules are then named by timing each alone. A page still running after
  ``hang_after`` seconds is stopped (an alarm) and the rule it was in named.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from wikilint.bot.engine import INTERNAL_ERROR_CODE, Engine, LintError, collector_paused
from wikilint.bot.inputs import clean_wikitext
from wikilint.bot.registry import load_catalogue
from wikilint.rules.document import Document
from wikilint.rules.profile import load_profile
from wikilint.rules.rule import SNIPPET_LIMIT, Rule

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("WIKILINT_CORPUS", ROOT.parent / "shared" / "corpus"))
WIKIS = ("zhwiki", "enwiki")

# -- the texts mutations start from ---------------------------------------------------


def seed_texts(corpus: bool = True) -> list[tuple[str, str]]:
    """``(name, text)`` of the seed, the rule fixtures and (if present) the corpus."""
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").rglob("*.wiki"))
    if corpus and CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*/*.wiki")) + sorted(CORPUS.glob("other/*/*.wiki"))
    return [(str(p.relative_to(p.parents[1])), p.read_text("utf-8", errors="replace")) for p in paths]


#: Building blocks of wikitext, for insertions and for generated pages.
FRAGMENTS = (
    "{{citation needed}}", "{{cn|date=2014年1月}}", "{{來源請求|time=2019-03-01}}", "{{来源请求}}",
    "{{Citation needed|date=January 2014|reason=x}}", "{{dubious|date=2020-02-30}}",
    "{{vague}}", "{{failed verification}}", "{{original research inline}}",
    "{{Multiple issues|{{Refimprove|date=2011年3月}}{{Unreferenced|date=May 2010}}}}",
    "{{多個問題|time=2022-03-25|來源請求=2014-01|原創研究=2015-02}}", "{{Refimprove|date=2012}}",
    "<ref>http://example.org/a</ref>", "<ref>[http://example.org/a]</ref>",
    '<ref name="a">{{cite web|url=http://example.org/a|title=A|page=3}}</ref>',
    '<ref name="a">{{cite web|url=http://example.org/b|title=B}}</ref>', '<ref name="a" />',
    "<ref name=b>{{cite news|url=https://news.example.com/x|date=2014-01-09}}</ref>",
    "<ref group=n>x</ref>", "{{reflist}}", "<references />", "{{reflist|refs=<ref name=c>C</ref>}}",
    "[http://example.org]", "[http://example.org http://example.org]", "http://example.org/plain",
    "<!--", "-->", "<!-- a comment -->", "<nowiki>", "</nowiki>", "<nowiki>{{cn}}</nowiki>",
    "<pre>", "</pre>", "<math>1+1</math>", "<syntaxhighlight lang=python>x</syntaxhighlight>",
    "{{", "}}", "[[", "]]", "{|", "|}", "|-", "||", "<ref>", "</ref>", "<ref", "-{", "}-",
    "-{zh-hans:简;zh-hant:繁;}-", "{{{1}}}", "{{{1|default}}}", "{{#if:x|y|z}}", "'''", "''",
    "== 歷史 ==", "== History ==", "=== 1950年代 ===", "\n* ", "\n# ", "\n: ", "\n; ", "\n",
    "2014年1月9日，", "1月9日，", "1950年", "9 January 2014 – ", "January 9, 2014", "2月30日",
    "0月32日", "32 Januember 2014", "99999年", "-5年", "公元前221年", "1990年代", "约1950年",
    "共1,234人死亡，其中士兵1,000人，平民200人。", "傷亡：三百二十人", "2万人", "1.5萬",
    "a total of 545 casualties: 120 killed, 340 wounded", "killed 1,000,000,000,000,000,000",
    "{{Infobox military conflict|casualties1=1,200 killed<br />'''Total: 5,200'''|strength1=9,000}}",
    "{{Infobox 军事冲突|伤亡1=共3人|兵力1=约2万人}}", "{{plainlist|\n* 1\n* 2}}", "<br />",
    "{{efn|The Red Cross counted 1,400 and 650, 2,050 in total.}}", "{{ndash}}", "–", "—",
    "<!-- wikilint-disable-next-line CIT001 -->", "<!-- wikilint-disable -->",
    "<!-- wikilint-enable -->", "<!-- wikilint-disable-file duplicate-date -->",
    "[[File:X.jpg|thumb|{{cn}}]]", "[[Category:X]]", "#REDIRECT [[X]]", "__NOTOC__",
    "<gallery>\nX.jpg|{{cn}}\n</gallery>", "<div>", "</div>", "<span>", "&nbsp;", "&#x4e00;",
    "\u200b", "\u3000", "\ufeff", "\u2028", "\u0085", "𠀀", "é", "ﬁ",
)
#: Characters for control-character mutations (NUL included: it must be refused).
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\ufffe\uffff\r"


# -- structural mutations ---------------------------------------------------------------

@dataclass
class Mutant:
    """A mutated text and the regions it must never be reported in."""

    text: str
    silent: list[tuple[int, int]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


Mutation = Callable[[random.Random, str, list[str]], str]


def _span(rng: random.Random, text: str, most: int = 2000) -> tuple[int, int]:
    start = rng.randrange(len(text) + 1)
    return start, min(len(text), start + rng.randint(0, most))


def delete_span(rng, text, pool):
    start, end = _span(rng, text)
    return text[:start] + text[end:]


def duplicate_span(rng, text, pool):
    start, end = _span(rng, text)
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[start:end] * rng.randint(1, 3) + text[at:]


def cut(rng, text, pool):
    return text[: rng.randrange(len(text) + 1)] if rng.random() < 0.5 else text[rng.randrange(len(text) + 1):]


def splice(rng, text, pool):
    other = rng.choice(pool)
    start, end = _span(rng, other, 4000)
    at = rng.randrange(len(text) + 1)
    return text[:at] + other[start:end] + text[at:]


def insert_fragments(rng, text, pool):
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(FRAGMENTS) + text[at:]
    return text


MARKUP = ("{{", "}}", "[[", "]]", "<ref>", "</ref>", "<!--", "-->", "<nowiki>", "</nowiki>",
          "{|", "|}", "-{", "}-", "<ref name=", "/>", "'''", "==", "|", "=")


def unbalance(rng, text, pool):
    """Delete or add opening and closing markup."""
    for _ in range(rng.randint(1, 8)):
        token = rng.choice(MARKUP)
        where = text.find(token, rng.randrange(len(text) + 1))
        if where != -1 and rng.random() < 0.6:
            text = text[:where] + text[where + len(token):]
        else:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + token + text[at:]
    return text


def huge_numbers(rng, text, pool):
    digits = rng.choice([30, 400, 4300, 5000, 20000])
    number = rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(digits - 1))
    shapes = [f"共{number}人死亡，其中士兵{number}人，平民5人。",
              f"a total of {number} casualties: {number} killed and 5 wounded",
              f"'''Total: {number}'''", f"{number}年{number}月{number}日", number,
              f"{{{{cn|date={number}}}}}", "9" * digits + "萬", "一" * min(digits, 3000) + "人"]
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(shapes) + text[at:]


ODD_DATES = ("2月30日", "13月1日", "0月0日", "2014年13月", "2014年0月", "31 February 2014",
             "February 30, 2014", "0 January 0", "9999999年1月1日", "1月1日至12月31日",
             "2014-02-30", "2014年1月9日至8日", "公元前9999年", "前1年", "1 January 1 BC",
             "2014年1月9日2014年1月9日", "十二月三十二日", "二〇一四年一月九日", "1e9年")


def odd_dates(rng, text, pool):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(lines))
        prefix = rng.choice(("", "* ", "# ", ": "))
        lines[i] = prefix + rng.choice(ODD_DATES) + "，" + lines[i]
    return "\n".join(lines)


def control_characters(rng, text, pool):
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(CONTROLS) + text[at:]
    return text


def line_endings(rng, text, pool):
    return text.replace("\n", rng.choice(("\r\n", "\r", "\n\r", "\u2028", "\x85")))


def shuffle_lines(rng, text, pool):
    lines = text.split("\n")
    start, end = _span(rng, lines, 200) if lines else (0, 0)
    chunk = lines[start:end]
    rng.shuffle(chunk)
    return "\n".join(lines[:start] + chunk + lines[end:])


def repeat_line(rng, text, pool):
    """One line (or a made-up entry) thousands of times: the super-linear shapes."""
    lines = text.split("\n")
    real = rng.random() < 0.5
    line = rng.choice(lines).replace("{", "{{").replace("}", "}}") if real else rng.choice((
        "{m}月{d}日，事件。", "* {d} January {y} – An event.", "<ref>{{{{cite web|url=http://x.org|page={d}}}}}</ref>",
        "共{d}人死亡，其中士兵{m}人，平民5人。", "{{{{cn|date={y}年{m}月}}}}", "{{{{a|{{{{b|{{{{c|", "<ref>",
        "{y}年{m}月{d}日：[http://example.org/{d} 事件]", "* {y}: {d} killed"))
    count = min(rng.choice((50, 300, 1000, 2500)), MAX_CHARS // 2 // max(len(line), 1))
    made = "\n".join(line.format(y=1900 + i % 120, m=1 + i % 12, d=1 + i % 28) for i in range(count))
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + [made] + lines[at:])


MUTATIONS: tuple[Mutation, ...] = (
    delete_span, duplicate_span, cut, splice, insert_fragments, unbalance, huge_numbers,
    odd_dates, control_characters, line_endings, shuffle_lines, repeat_line,
)
#: how often each is drawn (repeat_line makes large pages: rarely)
WEIGHTS = (4, 3, 2, 3, 5, 5, 1, 3, 1, 1, 1, 0.4)


def wrap_disabled(rng: random.Random, mutant: Mutant, pool: list[str]) -> Mutant:
    """Put a chunk of wikitext in a comment or ``<nowiki>`` at a line start: nothing
    in it may be reported. (A line break before and after; anything that could
    close it early is taken out of the chunk.)"""
    source = rng.choice(pool)
    start, end = _span(rng, source, 3000)
    opening, closing = rng.choice((("<!--", "-->"), ("<nowiki>", "</nowiki>")))
    chunk = source[start:end].replace("-->", "").replace("--", "")
    chunk = chunk.replace("</", "<").replace("<nowiki", "nowiki").replace("<!", "!")
    text = mutant.text
    lines = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"] if len(text) < 200_000 else [len(text)]
    at = rng.choice(lines)
    insert = "\n" + opening + chunk + closing + "\n"
    shift = len(insert)
    silent = [(s + shift if s >= at else s, e + shift if e > at else e) for s, e in mutant.silent]
    silent.append((at + 1, at + 1 + len(opening) + len(chunk) + len(closing)))
    return Mutant(text[:at] + insert + text[at:], silent, mutant.steps + ["wrap_disabled"])


#: Pages are cut to this size: the parser's own worst cases (thousands of
#: unclosed tags) take minutes on a few MB, in C code no alarm interrupts.
MAX_CHARS = 300_000


def mutate(rng: random.Random, texts: list[str]) -> Mutant:
    """An excerpt of one text (or all of it) with one to four mutations."""
    text = rng.choice(texts)
    if len(text) > 6000 and rng.random() < 0.85:  # mostly excerpts: many small pages
        start = rng.randrange(len(text))
        text = text[start:start + rng.randint(200, 6000)]
    mutant = Mutant(text)
    for _ in range(rng.randint(1, 4)):
        mutation = rng.choices(MUTATIONS, WEIGHTS)[0]
        mutant = Mutant(mutation(rng, mutant.text, texts)[:MAX_CHARS], [],
                        mutant.steps + [mutation.__name__])
    if rng.random() < 0.3:
        mutant = wrap_disabled(rng, mutant, texts)
    return mutant


def mutants(seed: int, texts: list[str]) -> Iterator[Mutant]:
    rng = random.Random(seed)
    while True:
        yield mutate(rng, texts)


# -- generated wikitext ------------------------------------------------------------------

def wikitext():
    """A hypothesis strategy: pages made of the building blocks, text and numbers."""
    from hypothesis import strategies as st

    words = st.text(alphabet=st.sampled_from("abc xyz 戰爭人死亡共其中年月日，。0123456789,.|={}[]<>/-!'\n*#:"),
                    max_size=12)
    numbers = st.integers(min_value=0, max_value=10 ** 30).map(lambda n: f"{n:,}" if n % 2 else str(n))
    dates = st.builds(lambda y, m, d, fmt: fmt.format(y=y, m=m, d=d),
                      st.integers(-50, 3000), st.integers(0, 14), st.integers(0, 33),
                      st.sampled_from(("{y}年{m}月{d}日", "{m}月{d}日", "{d} January {y}",
                                       "* {d} March {y} – ", "{y}-{m:02d}-{d:02d}")))
    piece = st.one_of(st.sampled_from(FRAGMENTS), words, numbers, dates,
                      st.sampled_from(CONTROLS), st.characters())
    return st.lists(piece, max_size=60).map("".join)


# -- checking one page ------------------------------------------------------------------

@dataclass(frozen=True)
class Defect:
    kind: str  # exception, rule-error, span, snippet, disabled, slow
    rule: str
    wiki: str
    detail: str
    lint_s: float = field(default=0.0, compare=False)
    """a slow page: the seconds its linting took (the fewest of the runs)"""
    parse_s: float = field(default=0.0, compare=False)
    """a slow page: the seconds its parse took"""

    def grossly_slow(self, factor: float = 100.0, seconds: float = 2.0) -> bool:
        """Slow beyond any busy machine's doing: over ``factor`` times the
        parse and over ``seconds``."""
        return self.kind == "slow" and self.lint_s > max(factor * self.parse_s, seconds)

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two defects the same (for counting distinct ones)."""
        return self.kind, self.rule, self.detail.split(":")[0][:80]


@dataclass
class Stats:
    inputs: int = 0
    lints: int = 0
    refused: int = 0
    chars: int = 0
    findings: int = 0
    slowest_ratio: float = 0.0
    slowest: str = ""
    slowest_lint_s: float = 0.0
    parser_hangs: int = 0
    """pages whose parse alone outlasted the alarm (not a rule's defect)"""
    defects: Counter = field(default_factory=Counter)


class Fuzzer:
    """Lints pages with every rule of the catalogue, under each profile, and checks the results."""

    def __init__(self, *, time_factor: float = 10.0, time_slack: float = 0.1,
                 hang_after: float = 20.0, wikis: tuple[str, ...] = WIKIS) -> None:
        self.hang_after = hang_after
        self.rule_classes = list(load_catalogue())
        self.engines = {wiki: Engine([rule() for rule in self.rule_classes], wiki=wiki) for wiki in wikis}
        self.time_factor = time_factor
        self.time_slack = time_slack
        self.stats = Stats()
        logging.getLogger("wikilint.engine").setLevel(logging.ERROR)  # cleaned-text warnings
        warm_up = (ROOT / "seeds").glob("*.txt").__next__().read_text("utf-8")
        for wiki, engine in self.engines.items():  # tables and caches loaded on first use
            engine.lint(warm_up, wiki=wiki)

    def check(self, mutant: Mutant | str) -> list[Defect]:
        """Every defect of one input, under every profile."""
        if isinstance(mutant, str):
            mutant = Mutant(mutant)
        self.stats.inputs += 1
        self.stats.chars += len(mutant.text)
        defects = []
        for wiki, engine in self.engines.items():
            defects += self._check_one(engine, wiki, mutant)
        for defect in defects:
            self.stats.defects[defect.key] += 1
        return defects

    def _check_one(self, engine: Engine, wiki: str, mutant: Mutant) -> list[Defect]:
        self.stats.lints += 1
        started = time.perf_counter()
        try:
            with alarm(self.hang_after):
                result = engine.lint(mutant.text, title="fuzz", wiki=wiki)
        except LintError:
            self.stats.refused += 1
            return []
        except PageHangs as error:
            where = rule_in(error.__traceback__)
            if where == "parser":  # the parser's own worst case: the front ends' guard's business
                self.stats.parser_hangs += 1
                return []
            return [Defect("slow", where, wiki,
                           f"still linting after {self.hang_after:.0f} s, {len(mutant.text)} chars",
                           self.hang_after, parse_time(clean(mutant.text), wiki))]
        except Exception as error:  # noqa: BLE001 - what the harness is looking for
            return [Defect("exception", "", wiki, f"{type(error).__name__}: {error}"[:300])]
        elapsed = time.perf_counter() - started
        text = result.document.text
        defects = []
        self.stats.findings += len(result.findings)
        disabled: list[tuple[int, int]] | None = None
        for finding in result.findings:
            if finding.code == INTERNAL_ERROR_CODE:
                evidence = finding.evidence
                defects.append(Defect("rule-error", evidence.get("rule", "parser"), wiki,
                                      f"{evidence.get('exception')}: {evidence.get('detail')}"[:300]))
                continue
            span = finding_span(result.document, finding)
            if span is None:
                defects.append(Defect("span", finding.code, wiki,
                                      f"span {finding.line}:{finding.column}-{finding.end_line}:"
                                      f"{finding.end_column} outside the text"))
                continue
            start, end = span
            expected = text[start:end]
            if len(expected) > SNIPPET_LIMIT:
                expected = expected[: SNIPPET_LIMIT - 1] + "…"
            if finding.snippet != expected:
                defects.append(Defect("snippet", finding.code, wiki,
                                      f"snippet {finding.snippet[:40]!r} is not the text there "
                                      f"{expected[:40]!r}"))
            if disabled is None:
                disabled = Document(text, load_profile(wiki)).disabled_ranges + _shifted(mutant, text)
            if any(s <= start < e for s, e in disabled):
                defects.append(Defect("disabled", finding.code, wiki,
                                      f"finding at {finding.line}:{finding.column} inside a disabled region"))
        defects += self._timing(engine, wiki, text, elapsed)
        return defects

    def _timing(self, engine: Engine, wiki: str, text: str, elapsed: float) -> list[Defect]:
        parse = parse_time(text, wiki)
        ratio = elapsed / max(parse, 1e-4)
        if elapsed > self.stats.slowest_lint_s:
            self.stats.slowest_lint_s = elapsed
        if ratio > self.stats.slowest_ratio and elapsed > self.time_slack / 2:
            self.stats.slowest_ratio, self.stats.slowest = ratio, f"{len(text)} chars, {wiki}"
        allowed = self.time_factor * parse + self.time_slack
        if elapsed <= allowed:
            return []
        if elapsed < 3 * allowed:  # measured again: a busy machine is not a defect
            again = time.perf_counter()
            with alarm(self.hang_after):
                engine.lint(text, wiki=wiki)
            elapsed = min(elapsed, time.perf_counter() - again)
            parse = min(parse, parse_time(text, wiki))
            if elapsed <= self.time_factor * parse + self.time_slack:
                return []
        limit = min(self.hang_after, max(1.0, elapsed))
        slow = [code for code, spent in rule_times(engine, text, wiki, limit).items()
                if spent > self.time_factor * parse / 2 + self.time_slack / 2]
        if not slow:  # no rule is slow alone: the engine itself, or a busy machine
            again = time.perf_counter()
            with alarm(self.hang_after):
                engine.lint(text, wiki=wiki)
            elapsed = min(elapsed, time.perf_counter() - again)
            if elapsed <= self.time_factor * parse + self.time_slack:
                return []
        return [Defect("slow", code, wiki, f"lint {elapsed:.2f} s, parse {parse:.3f} s, "
                       f"{len(text)} chars", elapsed, parse) for code in slow or ["engine"]]


class PageHangs(BaseException):
    """A page took longer than the harness waits (not an ``Exception``: the
    engine's crash isolation must not catch it)."""


@contextmanager
def alarm(seconds: float):
    """Raise :class:`PageHangs` in this (main) thread after ``seconds``."""
    def ring(signum, frame):
        raise PageHangs()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def rule_in(traceback) -> str:
    """The code of the innermost rule whose method was running in a traceback,
    or ``parser`` when the page was being parsed."""
    found = "engine"
    while traceback is not None:
        frame = traceback.tb_frame
        if "mwparserfromhell" in frame.f_code.co_filename:
            return "parser"
        owner = frame.f_locals.get("self")
        if isinstance(owner, Rule):
            found = owner.code
        traceback = traceback.tb_next
    return found


def _shifted(mutant: Mutant, text: str) -> list[tuple[int, int]]:
    """The mutation's own silent regions, when the cleaned text kept their offsets
    and a later mutation left their opening an opening: an unclosed ``<!--``
    put before one ends at the first ``-->``, perhaps the one inside ``<!-->``
    that opened the region, and what follows is live text again."""
    if len(text) != len(mutant.text):
        return []
    return [(start, end) for start, end in mutant.silent if not _inside_comment(text, start)]


def _inside_comment(text: str, offset: int) -> bool:
    """Whether ``offset`` lies in a comment opened before it (MediaWiki ends a
    comment at the first ``-->`` after its ``<!--``)."""
    opening = text.find("<!--")
    while opening != -1 and opening < offset:
        closing = text.find("-->", opening + 4)
        if closing == -1 or closing + 3 > offset:
            return True
        opening = text.find("<!--", closing + 3)
    return False


def finding_span(doc: Document, finding) -> tuple[int, int] | None:
    """The finding's offsets in the text, or None when its positions are not in it."""
    lines = doc.line_starts
    if not (1 <= finding.line <= finding.end_line <= len(lines)):
        return None
    for line, column in ((finding.line, finding.column), (finding.end_line, finding.end_column)):
        if column - 1 > len(doc.line_text(line)):
            return None
    start, end = doc.offset(finding.line, finding.column), doc.offset(finding.end_line, finding.end_column)
    if end < start:
        return None
    return start, end


def parse_time(text: str, wiki: str) -> float:
    """Seconds to parse the page and lay out its nodes, as the engine would."""
    doc = Document(text, load_profile(wiki))
    with collector_paused():
        started = time.perf_counter()
        doc.nodes  # noqa: B018 - the parse and the spans
        return time.perf_counter() - started


def rule_times(engine: Engine, text: str, wiki: str, limit: float = 20.0) -> dict[str, float]:
    """Seconds each triggered rule spends on a parsed page, run alone (at most ``limit``)."""
    times = {}
    for rule in engine.rules:
        doc = Document(text, load_profile(wiki))
        if not rule.applies_to(wiki) or not rule.triggered_by(doc):
            continue
        doc.nodes  # noqa: B018 - parsed first: the rule's own time only
        with collector_paused():
            started = time.perf_counter()
            try:
                with alarm(limit):
                    list(rule.check(doc))
            except (Exception, PageHangs):  # noqa: BLE001 - a rule error is counted elsewhere
                pass
            times[rule.code] = time.perf_counter() - started
    return times


def clean(text: str) -> str:
    """The text as the engine lints it (for reproducing a defect)."""
    return clean_wikitext(text).text
