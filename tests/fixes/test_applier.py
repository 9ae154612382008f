"""The fix model (rules.fix) and the applier (bot.fixing): one pass, conflicts, passes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wikilint.bot.fixing import apply_fixes, fix_text
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.fix import Edit, Fix


def finding(fix: Fix | None, code: str = "TST001", offset: int = 0) -> Finding:
    return Finding(code=code, rule="test", severity=Severity.WARNING, message="m", line=1,
                   column=1, end_line=1, end_column=1, offset=offset, end_offset=offset, fix=fix)


def test_edits_of_one_fix_are_sorted_and_never_overlap() -> None:
    fix = Fix.safe(Edit.replace(5, 6, "X"), Edit.insert(0, "<"))
    assert [e.start for e in fix.edits] == [0, 5]
    assert fix.apply("abcdefg") == "<abcdeXg"
    with pytest.raises(ValidationError):
        Fix.safe(Edit.replace(0, 3, "a"), Edit.replace(2, 4, "b"))
    with pytest.raises(ValidationError):
        Edit(start=4, end=2)
    with pytest.raises(ValidationError):
        Fix.safe()


def test_a_fix_touching_an_applied_one_waits_for_the_next_pass() -> None:
    first = finding(Fix.safe(Edit.delete(1, 2)))
    touching = finding(Fix.safe(Edit.delete(2, 3)))
    apart = finding(Fix.safe(Edit.replace(5, 6, "F"), Edit.insert(0, ">")))
    step = apply_fixes("abcdefg", [touching, apart, first])
    # "apart" starts earliest (its insertion at 0), "first" does not touch it,
    # "touching" meets "first" at offset 2.
    assert step.applied == [apart, first]
    assert step.deferred == 1
    assert step.text == ">acdeFg"


def test_unsafe_fixes_only_when_asked() -> None:
    unsafe = finding(Fix.unsafe(Edit.delete(0, 1)))
    assert apply_fixes("ab", [unsafe]).text == "ab"
    assert apply_fixes("ab", [unsafe], unsafe=True).text == "b"


def test_passes_until_nothing_applies() -> None:
    # A toy linter: every "xx" is a finding whose fix deletes one x.
    def lint(text: str) -> list[Finding]:
        return [finding(Fix.safe(Edit.delete(i, i + 1)), offset=i)
                for i in range(len(text) - 1) if text[i:i + 2] == "xx"]

    outcome = fix_text("axxxxb", lint)
    assert outcome.text == "axb"
    assert outcome.passes == 2  # the deletions touch each other: two per pass at most
    assert outcome.fixed_count == 3
    assert outcome.converged and outcome.remaining == []


def test_fixes_that_undo_each_other_stop() -> None:
    def lint(text: str) -> list[Finding]:
        return [finding(Fix.safe(Edit.replace(0, 1, "b" if text[0] == "a" else "a")))]

    outcome = fix_text("a", lint, max_passes=5)
    assert not outcome.converged
    assert outcome.passes == 1  # "a" -> "b", then back to "a": a circle, stopped


def test_passes_are_bounded() -> None:
    def lint(text: str) -> list[Finding]:
        return [finding(Fix.safe(Edit.insert(0, "a")))]

    outcome = fix_text("", lint, max_passes=4)
    assert outcome.text == "aaaa" and outcome.passes == 4 and not outcome.converged
