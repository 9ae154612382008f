"""The bounded fuzzing slice CI runs: fixed seed, a couple of minutes.

Mutations of the seed, the rule fixtures and the shared corpus, and
hypothesis-generated wikitext, through every rule of the catalogue under both
profiles (see ``fuzzing.py`` for what is checked). Long runs: ``make fuzz``.

Speed is measured in benchmarks, not timed tests: a page linted more slowly
than the harness allows is reported (a warning) and fails the slice only when
it is grossly slow (over 100 times its parse and over 2 s), which no busy
machine explains. How a rule's time grows is tested in
``test_regressions.py``, as a ratio within one process.
"""

from __future__ import annotations

import itertools
import warnings

import pytest
from hypothesis import HealthCheck, given, settings

import fuzzing

SEED = 19
MUTANTS = 300
#: ``(kind, rule)`` of defects known and recorded in an issue, on which the
#: slice does not fail (each kept in view by a strict xfail in
#: test_regressions.py); none at present.
KNOWN: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def fuzzer() -> fuzzing.Fuzzer:
    return fuzzing.Fuzzer(time_factor=10, time_slack=0.3, hang_after=5)


def unknown(defects: list[fuzzing.Defect]) -> list[fuzzing.Defect]:
    """The defects that fail the slice; a slow page that is not grossly slow is
    only reported."""
    failing = []
    for defect in defects:
        if (defect.kind, defect.rule) in KNOWN:
            continue
        if defect.kind == "slow" and not defect.grossly_slow():
            warnings.warn(f"slow page ({defect.rule}, {defect.wiki}): {defect.detail}", stacklevel=2)
            continue
        failing.append(defect)
    return failing


def test_mutations_break_nothing(fuzzer, tmp_path) -> None:
    texts = [text for _, text in fuzzing.seed_texts()]
    failures = []
    for index, mutant in enumerate(itertools.islice(fuzzing.mutants(SEED, texts), MUTANTS)):
        found = unknown(fuzzer.check(mutant))
        if found:
            path = tmp_path / f"mutant-{index}.wiki"
            path.write_text(mutant.text, "utf-8", errors="surrogatepass")
            failures.append(f"input {index} ({'+'.join(mutant.steps)}, {path}): {found}")
    assert fuzzer.stats.inputs == MUTANTS and fuzzer.stats.findings > 0
    assert not failures, "\n".join(failures)


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(text=fuzzing.wikitext())
def test_generated_wikitext_breaks_nothing(fuzzer, text) -> None:
    assert unknown(fuzzer.check(text)) == []


def test_the_checks_catch_what_they_look_for(fuzzer, monkeypatch) -> None:
    """A rule that crashes, reports outside the text or a wrong snippet, or
    inside a comment, is caught (the harness can fail)."""
    from wikilint.rules.builtin.citation_needed import CitationNeeded

    def bad(self, doc):
        yield self.finding(doc, 0, 3, "x").model_copy(update={"snippet": "not the text"})
        yield self.finding(doc, 0, 3, "x").model_copy(update={"column": 500, "end_column": 503})
        raise RuntimeError("boom")

    monkeypatch.setattr(CitationNeeded, "check", bad)
    found = fuzzer.check("A.{{cn}}\n<!-- {{cn}} -->\n")
    assert {(d.kind, d.rule) for d in found} == {("snippet", "CIT001"), ("rule-error", "CIT001")}
    # the finding outside the text is made the rule's error by the engine
    assert {d.detail.split(":")[0] for d in found if d.kind == "rule-error"} == {"RuntimeError", "PositionError"}

    def misplaced(self, doc):
        start = doc.text.index("<!--") + 5
        yield self.finding(doc, start, start + 6, "x")
        yield self.finding(doc, 0, 3, "x").model_copy(update={"column": 500, "end_column": 503})

    monkeypatch.setattr(CitationNeeded, "check", misplaced)
    monkeypatch.setattr(fuzzing.Engine, "_visible", staticmethod(lambda doc, findings, *rest: findings))
    kinds = {(d.kind, d.rule) for d in fuzzer.check("A.{{cn}}\n<!-- {{cn}} -->\n")}
    assert {("disabled", "CIT001"), ("span", "CIT001")} <= kinds


def test_only_a_grossly_slow_page_fails_the_slice() -> None:
    slow = fuzzing.Defect("slow", "X001", "zhwiki", "lint 3.00 s, parse 0.100 s", 3.0, 0.1)
    with pytest.warns(UserWarning, match="X001"):
        assert unknown([slow]) == []
    gross = fuzzing.Defect("slow", "X001", "zhwiki", "lint 30.00 s, parse 0.100 s", 30.0, 0.1)
    assert unknown([gross]) == [gross]
    quick_page = fuzzing.Defect("slow", "X001", "zhwiki", "lint 1.50 s, parse 0.001 s", 1.5, 0.001)
    with pytest.warns(UserWarning):
        assert unknown([quick_page]) == []


def test_a_silent_region_whose_opening_a_later_mutation_closed_is_live_again() -> None:
    """Found by the long run: ``<!--`` inserted before a wrapped ``<!-->…-->`` ends
    at that ``-->`` inside ``<!-->``; the lines after it are live, not disabled."""
    wrapped = "<!-->\n'''柏林'''是-{Berlin}的名称。\n-->"
    for before, silent in (("Intro.\n", True), ("Intro. <!--open\n", False)):
        text = before + wrapped + "\n"
        region = (len(before), len(before) + len(wrapped))
        kept = fuzzing._shifted(fuzzing.Mutant(text, [region]), text)
        assert kept == ([region] if silent else [])
