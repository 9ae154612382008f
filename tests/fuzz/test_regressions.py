"""Defects the fuzzing harness found, kept as regression tests.

Those in rules being rewritten for issue 19 are strict expected failures:
when the rewrite lands they pass, and the mark (and the entry in
test_fuzz.KNOWN) must go.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import fuzzing
from wikilint.bot.registry import load_catalogue
from wikilint.rules.document import Document
from wikilint.rules.profile import load_profile


def rule_seconds(code: str, text: str, wiki: str) -> float:
    rule = load_catalogue().find(code)()
    doc = Document(text, load_profile(wiki))
    doc.nodes  # noqa: B018 - parsed first: the rule's own time
    started = time.perf_counter()
    with fuzzing.alarm(30):
        list(rule.check(doc))
    return time.perf_counter() - started


def totals_paragraph(lines: int) -> str:
    """One paragraph (no blank line) of sentences each stating a total and its parts."""
    return "\n".join(f"共{i + 1005}人死亡，其中士兵{i + 1000}人，平民5人。" for i in range(lines))


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="NUM001 is quadratic in a paragraph's sentences "
                   "(fuzzing, repeat_line); NUM001 is being rewritten for issue 19")
def test_num001_grows_linearly_with_a_paragraph_of_totals() -> None:
    small, large = (rule_seconds("NUM001", totals_paragraph(n), "zhwiki") for n in (300, 1200))
    assert large < 6 * max(small, 0.01)  # linear: 4×; quadratic: 16× (measured 11×)



@pytest.mark.xfail(strict=True, raises=AssertionError, reason="DAT006 spends about 200 µs on each run of digits "
                   "(rules.text.dates._digit_dates): 2,500 '|page=46' lines cost 400× the parse; "
                   "found by fuzzing, for the dates rules' owner")
def test_dat006_costs_a_small_multiple_of_the_parse_on_lines_of_digits() -> None:
    text = (Path(__file__).parent / "regressions" / "DAT006_digit_runs.wiki").read_text("utf-8")
    parse = min(fuzzing.parse_time(text, "zhwiki") for _ in range(3))
    spent = min(rule_seconds("DAT006", text, "zhwiki") for _ in range(2))
    assert spent < 10 * parse + 0.1
