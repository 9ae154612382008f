"""Defects the fuzzing harness found, kept as regression tests.

Speed is checked by growth, not by seconds: a rule's time on a shape of
``8 n`` lines over its time on ``n`` lines, both measured here, in one process
(the fewest seconds of a few runs). A linear rule takes about 8 times as long,
a quadratic one 64 times; a busy machine slows both sizes alike.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import pytest

import fuzzing
from wikilint.bot.config import Config
from wikilint.bot.engine import INTERNAL_ERROR_CODE, Engine, collector_paused
from wikilint.bot.registry import load_catalogue
from wikilint.rules.document import Document
from wikilint.rules.profile import load_profile

#: Eight times the input may take at most this many times as long.
GROWTH_LIMIT = 24
REPEATS = 3


def rule_seconds(code: str, text: str, wiki: str) -> float:
    """The rule's own seconds on a parsed page (the fewest of a few runs)."""
    rule = load_catalogue().find(code)()
    best = float("inf")
    for _ in range(REPEATS):
        doc = Document(text, load_profile(wiki))
        doc.nodes  # noqa: B018 - parsed first: the rule's own time
        with collector_paused():
            started = time.perf_counter()
            with fuzzing.alarm(60):
                list(rule.check(doc))
            best = min(best, time.perf_counter() - started)
    return best


def growth(code: str, wiki: str, shape: Callable[[int], str], n: int) -> tuple[float, float]:
    """Seconds of ``code`` on ``shape(n)`` and on ``shape(8 n)``."""
    return rule_seconds(code, shape(n), wiki), rule_seconds(code, shape(8 * n), wiki)


def totals_paragraph(lines: int) -> str:
    """One paragraph (no blank line) of sentences each stating a total and its parts."""
    return "\n".join(f"共{i + 1005}人死亡，其中士兵{i + 1000}人，平民5人。" for i in range(lines))


def mismatched_totals_paragraph(lines: int) -> str:
    """The same paragraph with every total short of its parts: a finding on each line."""
    return "\n".join(f"共{i + 1}人死亡，其中士兵{i + 1}人，平民5人。" for i in range(lines))


def ref_name_digit_run(digits: int) -> str:
    """A reused name, then a ``<ref name=`` followed by a long run of digits and no ``>``."""
    return (f"Intro.<ref name=a/> More.<ref name={'9' * digits} and more text\n\n"
            "== References ==\n{{reflist}}\n")


def long_han_host(chars: int) -> str:
    """Two references to a URL whose host is a long run of Han characters."""
    url = f"http://{'例' * chars}.com/a"
    return f"Fact.<ref>{url}</ref>\nMore.<ref>{url}</ref>\n\n== References ==\n{{{{reflist}}}}\n"


def _day(i: int) -> date:
    return date(1900, 1, 1) + timedelta(days=i)


def zh_chronology(entries: int) -> str:
    """One section of paragraphs led by dates on consecutive days."""
    return "== 經過 ==\n" + "".join(f"{_day(i).year}年{_day(i).month}月{_day(i).day}日，事件{i}。\n\n"
                                   for i in range(entries))


def en_chronology(entries: int) -> str:
    """One section listing events on consecutive days."""
    return "== Timeline ==\n" + "".join(f"* {_day(i).day} {_day(i):%B} {_day(i).year} – Event {i}.\n"
                                        for i in range(entries))


def references_to_one_url(references: int) -> str:
    """References citing one URL, each at another page."""
    return "".join(f"Fact {i}.<ref>{{{{cite web|url=http://example.org/report|title=Report|page={i}}}}}</ref>\n"
                   for i in range(references)) + "== References ==\n{{reflist}}\n"


def seed_copies(copies: int) -> str:
    """The seed article, again and again: its references cite the same URLs."""
    seed = next((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")).read_text("utf-8")
    return seed * copies


def digit_lines(lines: int) -> str:
    """Template parameters that are runs of digits and no date."""
    return "{{cite book\n" + " |page=46\n" * lines + "}}\n"


SHAPES = [
    # found by fuzzing (repeat_line): NUM001 read a paragraph from its start for each total
    ("NUM001", "zhwiki", totals_paragraph, 250),
    # found by the long fuzzing run (repeat_line): thousands of totals that do not add up,
    # 0.1-0.8 s on 20-130 KB pages whose parse takes a few ms; linear, 0.14 ms a total
    ("NUM001", "zhwiki", mismatched_totals_paragraph, 250),
    # issue 19: each chronology entry compared with every earlier one
    ("DAT001", "zhwiki", zh_chronology, 400),
    ("DAT001", "enwiki", en_chronology, 400),
    ("DAT002", "zhwiki", zh_chronology, 400),
    ("DAT002", "enwiki", en_chronology, 400),
    # issue 19: references citing one URL with different page=
    ("REF002", "enwiki", references_to_one_url, 250),
    # scaling bench: the fix of each duplicate looked for the nodes around it among all the page's
    ("REF002", "zhwiki", seed_copies, 2),
    # found by the long fuzzing run: the name in REF006's definitions gave back digits one by one
    ("REF006", "zhwiki", ref_name_digit_run, 1000),
    # found by fuzzing: DAT006 tried every date form around each run of digits
    ("DAT006", "zhwiki", digit_lines, 1000),
]


@pytest.mark.parametrize(("code", "wiki", "shape", "n"), SHAPES,
                         ids=[f"{code}-{shape.__name__}-{wiki}" for code, wiki, shape, _ in SHAPES])
def test_rule_grows_linearly(code: str, wiki: str, shape: Callable[[int], str], n: int) -> None:
    small, large = growth(code, wiki, shape, n)
    assert large < GROWTH_LIMIT * max(small, 1e-3), \
        f"{code}: {shape.__name__}({n}) {small:.3f} s, ({8 * n}) {large:.3f} s ({large / max(small, 1e-9):.0f}×)"


def test_dat006_costs_a_small_multiple_of_the_parse_on_lines_of_digits() -> None:
    """DAT006 spent about 200 µs on each run of digits (a search of every date
    form at once): 2,500 ``|page=46`` lines cost 400 times their parse."""
    text = (Path(__file__).parent / "regressions" / "DAT006_digit_runs.wiki").read_text("utf-8")
    parse = min(fuzzing.parse_time(text, "zhwiki") for _ in range(5))
    spent = rule_seconds("DAT006", text, "zhwiki")
    assert spent < 50 * max(parse, 1e-3), f"DAT006 {spent:.3f} s, parse {parse:.4f} s"


@pytest.mark.parametrize("shift", [{"line": 99, "end_line": 99, "offset": None},
                                   {"column": 500, "end_column": 503, "offset": None},
                                   {"offset": 10_000, "end_offset": 10_003},
                                   {"line": 2, "end_line": 1}])
def test_a_finding_outside_the_text_is_its_rules_error(monkeypatch, shift) -> None:
    """A finding whose line lay past the end of the text made an IndexError
    escape ``Engine.lint``; it is the rule's WL000 now, and the others' findings stay."""
    from wikilint.rules.builtin.citation_needed import CitationNeeded

    def misplaced(self, doc):
        yield self.finding(doc, 0, 3, "x").model_copy(update=shift)

    monkeypatch.setattr(CitationNeeded, "check", misplaced)
    engine = Engine([CitationNeeded(), load_catalogue().find("DAT001")()], wiki="zhwiki")
    result = engine.lint("{{cn}}\n== 經過 ==\n1月3日，甲。\n\n1月3日，乙。\n")
    (error,) = result.errors
    assert error.code == INTERNAL_ERROR_CODE and error.evidence["rule"] == "CIT001"
    assert error.evidence["exception"] == "PositionError"
    assert [f.code for f in result.findings if f.code != INTERNAL_ERROR_CODE] == ["DAT001"]


@pytest.mark.parametrize("wiki", ["zhwiki", "enwiki"])
def test_nowiki_and_comments_in_a_gallery_are_disabled_for_every_selection(wiki: str) -> None:
    """Found by the long fuzzing run: the parse leaves a gallery's content as
    text, so a ``<nowiki>`` in it was disabled for REF006's pre-parse test but
    not for its check: the page gave REF006 findings with every rule on and none
    with ``--select REF006``. Both now read the gallery's ``<nowiki>`` and
    comments as MediaWiki does: disabled."""
    text = (Path(__file__).parent / "regressions" / "REF006_nowiki_in_gallery.wiki").read_text("utf-8")
    every = Engine.from_config(Config(wiki=wiki)).lint(text, wiki=wiki)
    alone = Engine.from_config(Config(wiki=wiki), select=["REF006"]).lint(text, wiki=wiki)
    forced = Engine.from_config(Config(wiki=wiki), select=["REF006"], parse_all=True).lint(text, wiki=wiki)
    codes = [[f.code for f in r.findings if f.code == "REF006"] for r in (every, alone, forced)]
    assert codes == [[], [], []]
    gallery_start = text.index("<gallery>")
    assert every.document.is_disabled(text.index("<ref>", gallery_start))


def test_a_comment_the_parse_reads_as_tag_attributes_is_still_disabled() -> None:
    """Found by the long fuzzing run: after an unclosed ``<ref `` the parse reads
    the page up to a later ``>`` as the tag's attributes, a comment included, so
    CIT001 reported a tag inside ``<!-- -->``. MediaWiki drops every comment
    before it parses: so does the document model now."""
    text = (Path(__file__).parent / "regressions" / "CIT001_comment_in_tag_attributes.wiki").read_text("utf-8")
    result = Engine.from_config(Config(wiki="enwiki")).lint(text, wiki="enwiki")
    comment = text.index("<!--")
    assert result.document.is_disabled(text.index("{{Citation needed}}", comment))
    assert not [f for f in result.findings if f.code == "CIT001"]


def test_ref002_costs_a_small_multiple_of_the_parse_on_a_long_non_ascii_host() -> None:
    """Found by the long fuzzing run: the IDNA codec prepared every character of
    a 40,000-character host before refusing it (0.27 s for a page whose parse takes
    1 ms); a label over 63 characters is no host name and is not encoded now."""
    text = long_han_host(16_000)
    parse = min(fuzzing.parse_time(text, "zhwiki") for _ in range(5))
    spent = rule_seconds("REF002", text, "zhwiki")
    assert spent < 50 * max(parse, 1e-3), f"REF002 {spent:.3f} s, parse {parse:.4f} s"


def unclosed_citing_references(references: int) -> str:
    """References never closed, each holding a citation template and no kind word."""
    return "".join(f"Fact {i}.<ref>{{{{cite web|title=Report {i}|url=http://example.org/{i}}}}}\n"
                   for i in range(references))


def test_num002_pre_parse_test_grows_linearly_with_unclosed_references() -> None:
    """Found by the long fuzzing run: NUM002's test read each unclosed reference
    to the page's end (1,000 of them on 133 KB: 8 s); references that run to the
    same end are read once now."""
    rule = load_catalogue().find("NUM002")()

    def test_seconds(text: str) -> float:
        best = float("inf")
        for _ in range(REPEATS):
            doc = Document(text, load_profile("zhwiki"))
            doc.facts.refs  # noqa: B018 - the shared facts first: the test's own time
            with collector_paused():
                started = time.perf_counter()
                assert not rule.may_find(doc)
                best = min(best, time.perf_counter() - started)
        return best

    small, large = (test_seconds(unclosed_citing_references(n)) for n in (250, 2000))
    assert large < GROWTH_LIMIT * max(small, 1e-3), f"250 refs {small:.4f} s, 2,000 refs {large:.4f} s"
