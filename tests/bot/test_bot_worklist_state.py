"""The worklists' state file (no wiki needed): rows replaced per article, the journal
replayed after a restart or a crash, a state of other lists refused."""

from __future__ import annotations

import pytest

from wikilint.bot.wiki.worklist_state import StateError, StateJournal, WorklistState, state_path
from wikilint.rules.finding import Finding, Severity

SITE, PREFIX = "wikipedia:zh", "User:LintBot/清單"


def finding(code: str, line: int, **extra) -> Finding:
    return Finding(code=code, rule=code.lower(), severity=Severity.WARNING, message="m", line=line,
                   column=1, end_line=line, end_column=5, snippet="{{cn}}", fingerprint=f"fp{line}",
                   evidence={"age_days": line}, params={"p": 1}, **extra)


def test_an_article_checked_again_replaces_its_rows_of_every_rule():
    state = WorklistState(SITE, PREFIX)
    assert state.update_article("甲", 1, [finding("CIT001", 1), finding("REF001", 2)]) == {"CIT001", "REF001"}
    assert state.update_article("乙", 1, [finding("CIT001", 3)]) == {"CIT001"}
    assert state.update_article("甲", 2, [finding("CIT001", 1), finding("REF001", 2)]) == set(), "the same"
    assert state.update_article("甲", 3, [finding("REF001", 4)]) == {"CIT001", "REF001"}
    assert set(state.lists.by_rule["CIT001"]) == {"乙"}
    assert state.update_article("乙", None, []) == {"CIT001"}, "gone: its rows leave"
    assert set(state.lists.by_rule) == {"REF001"}
    assert (state.lists.pages_checked, state.revisions) == (2, {"甲": 3, "乙": 1})


def test_the_journal_replays_after_a_restart_and_ignores_a_line_cut_by_a_crash(tmp_path):
    path = state_path(tmp_path / "wikilint-bot.jsonl", SITE, PREFIX)
    journal = StateJournal(path)
    state = WorklistState(SITE, PREFIX)
    state.update_article("甲", 1, [finding("CIT001", 1)])
    state.published[PREFIX] = "aaaa"
    journal.snapshot(state)
    for title, revision, findings in (("乙", 5, [finding("CIT001", 2)]), ("甲", 2, [])):
        state.update_article(title, revision, findings)
        journal.article(state, title)
    journal.publishing(PREFIX, "bbbb")
    journal.close()
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"published": "User:LintBot/清單", "dig')  # the crash

    loaded = StateJournal(path).load(SITE, PREFIX)

    assert loaded is not None
    assert {c: set(rows) for c, rows in loaded.lists.by_rule.items()} == {"CIT001": {"乙"}}
    assert loaded.lists.by_rule["CIT001"]["乙"][0].evidence == {"age_days": 2}
    assert loaded.lists.by_rule["CIT001"]["乙"][0].fingerprint == "fp2"
    assert loaded.revisions == {"甲": 2, "乙": 5} and loaded.lists.pages_checked == 2
    assert loaded.knows_index("aaaa") and loaded.knows_index("bbbb") and not loaded.knows_index("cccc")


def test_a_state_of_other_lists_or_a_broken_one_is_refused(tmp_path):
    path = tmp_path / "state.jsonl"
    assert StateJournal(path).load(SITE, PREFIX) is None, "no state yet"
    StateJournal(path).snapshot(WorklistState(SITE, "User:Other/lists"))
    with pytest.raises(StateError, match="is for User:Other/lists"):
        StateJournal(path).load(SITE, PREFIX)
    path.write_text("not json\n")
    with pytest.raises(StateError, match="not a state file"):
        StateJournal(path).load(SITE, PREFIX)
    assert state_path(path, SITE, PREFIX) != state_path(path, SITE, "User:Other/lists")
