"""The engine: crash isolation, suppression comments, ordering, severities."""

from __future__ import annotations

import pytest

from wikilint.bot.config import Config, ConfigError
from wikilint.rules import Document, Severity, load_profile
from wikilint.bot.engine import INTERNAL_ERROR_NAME, Engine, LintError, detect_wiki
from wikilint.bot.registry import RegistryError, build_catalogue
from rules_for_tests import Crashing, DuplicateCode, TodoMarker

CATALOGUE = build_catalogue([("tests", [TodoMarker, Crashing])])


def engine(**config) -> Engine:
    return Engine.from_config(Config(wiki="enwiki", **config), catalogue=CATALOGUE)


def test_crashing_rule_becomes_a_finding_and_others_still_run() -> None:
    result = engine().lint("TODO here")
    names = [f.rule for f in result.findings]
    assert names.count("todo-marker") == 1
    crash = next(f for f in result.findings if f.rule == INTERNAL_ERROR_NAME)
    assert "TST002" in crash.message and "RuntimeError: boom" in crash.message
    assert crash.evidence["rule"] == "TST002"


def test_findings_sorted_by_position() -> None:
    result = engine(select=["TST001"]).lint("x\nTODO b TODO\nTODO")
    assert [(f.line, f.column) for f in result.findings] == [(2, 1), (2, 8), (3, 1)]


def test_trigger_skips_rule_and_parse() -> None:
    result = engine(select=["TST001"]).lint("nothing to see")
    assert result.rules_run == [] and result.findings == []
    assert "code" not in vars(result.document), "no rule ran, so nothing was parsed"


@pytest.mark.parametrize("text, expected_lines", [
    ("TODO\n<!-- wikilint-disable-next-line TST001 -->\nTODO\nTODO", [1, 4]),
    ("TODO\n<!-- wikilint-disable-next-line todo-marker -->\nTODO", [1]),
    ("TODO\n<!-- wikilint-disable-next-line other-rule -->\nTODO", [1, 3]),
    ("TODO\n<!-- wikilint-disable TST001 -->\nTODO\nTODO\n<!-- wikilint-enable TST001 -->\nTODO", [1, 6]),
    ("TODO\n<!-- wikilint-disable -->\nTODO\n<!-- wikilint-enable -->\nTODO", [1, 5]),
    ("TODO\n<!-- wikilint-disable TST001 -->\nTODO", [1]),
    ("TODO\n<!-- wikilint-disable-file todo-marker -->\nTODO", []),
    ("<!-- wikilint-disable-file TST002 -->\nTODO", [2]),
    ("<nowiki>TODO</nowiki> <!-- TODO --> TODO", [1]),
])
def test_suppression_comments(text, expected_lines) -> None:
    result = engine(select=["TST001"]).lint(text)
    assert [f.line for f in result.findings] == expected_lines


def test_disabled_region_findings_are_dropped() -> None:
    result = engine(select=["TST001"]).lint("<pre>TODO</pre>\n<math>TODO</math>")
    assert result.findings == []


def test_severity_override_from_config() -> None:
    result = engine(select=["todo-marker"], severity={"TST001": "error"}).lint("TODO")
    assert result.findings[0].severity == "error"


def test_rule_options_validated() -> None:
    with pytest.raises(ConfigError, match="rules.todo-marker"):
        engine(rules={"TST001": {"no_such_option": 1}})


def test_unknown_selector_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule selector 'NOPE'"):
        engine(select=["NOPE"])


def test_select_by_prefix_and_ignore() -> None:
    assert [r.code for r in engine(select=["TST"]).rules] == ["TST001", "TST002"]
    assert [r.code for r in engine(select=["TST"], ignore=["always-crashes"]).rules] == ["TST001"]


def test_duplicate_code_fails_loudly() -> None:
    with pytest.raises(RegistryError, match="duplicate rule code TST001"):
        build_catalogue([("a", TodoMarker), ("b", DuplicateCode)])


def test_page_too_large() -> None:
    small = Engine.from_config(Config(wiki="enwiki", max_page_mb=0.001), catalogue=CATALOGUE)
    with pytest.raises(LintError, match="page too large"):
        small.lint("x" * 5000)


def test_auto_wiki_by_script(seed_text) -> None:
    assert detect_wiki(seed_text) == "zhwiki"
    assert detect_wiki("The '''Anbar clashes''' were fought in 2014.") == "enwiki"
    assert detect_wiki("") == "enwiki"
    assert detect_wiki("人工知能は、人間の知的能力をコンピュータ上で実現する技術である。") == "jawiki"
    assert detect_wiki("The Japanese word ひらがな names the syllabary.") == "enwiki"


def test_a_linted_page_leaves_no_reference_cycles(seed_text) -> None:
    """The page's tree, spans and views are freed by reference counting as
    soon as the result is dropped, not left for the cycle collector (which
    would keep tens of thousands of objects alive per page and slow it down)."""
    import gc

    engine = Engine.from_config(Config())
    engine.lint(seed_text)  # first-use caches
    gc.collect()
    gc.disable()
    try:
        result = engine.lint(seed_text)
        assert result.findings
        del result
        assert gc.collect() == 0
    finally:
        gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_paused_per_page_and_restored(seed_text, enabled: bool) -> None:
    import gc

    from wikilint.bot.engine import collector_paused

    seen = []

    class Probe(TodoMarker):
        triggers = ()

        def check(self, doc):
            assert doc.templates
            seen.append(gc.isenabled())
            return iter(())

    engine = Engine([Probe()])
    (gc.enable if enabled else gc.disable)()
    try:
        result = engine.lint(seed_text)
        assert seen == [False] and gc.isenabled() is enabled
        assert "code" not in vars(result.document), "the parse is released after the rules"
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_errors_are_listed_apart_and_stay_among_the_findings() -> None:
    result = engine().lint("TODO here")
    assert [f.evidence["rule"] for f in result.errors] == ["TST002"]
    assert result.errors[0] in result.findings
    assert [f.code for f in result.findings if f not in result.errors] == ["TST001"]
    assert engine(select=["TST001"]).lint("TODO").errors == []


def test_offsets_travel_with_a_finding() -> None:
    text = "x\n汉字 TODO\nTODO"
    found = engine(select=["TST001"]).lint(text).findings
    assert [(f.offset, f.end_offset) for f in found] == [(5, 9), (10, 14)]
    assert all(text[f.offset:f.end_offset] == "TODO" for f in found)
    assert [(f.line, f.column) for f in found] == [(2, 4), (3, 1)]


def test_min_severity_leaves_out_lower_findings_but_not_errors() -> None:
    strict = Engine.from_config(Config(wiki="enwiki"), catalogue=CATALOGUE,
                                min_severity=Severity.WARNING)
    assert [f.code for f in strict.lint("TODO").findings] == ["WL000"]
    assert {f.code for f in engine().lint("TODO").findings} == {"TST001", "WL000"}


@pytest.mark.parametrize("comment, warned", [
    ("<!-- wikilint-disable-next-line FOO999 -->", ["FOO999"]),
    ("<!-- wikilint-disable-next-line TST001, nope-rule -->", ["nope-rule"]),
    ("<!-- wikilint-disable-file tst -->", []),
    ("<!-- wikilint-disable -->", []),
    ("<!-- wikilint-disable always-crashes -->", []),  # known, though not selected
])
def test_unknown_rule_in_a_suppression_comment_is_a_warning(comment, warned) -> None:
    result = engine(select=["TST001"]).lint(f"Text.\n{comment}\nMore text.")
    assert [w.line for w in result.warnings] == [2] * len(warned)
    for warning, key in zip(result.warnings, warned):
        assert repr(key) in warning.message and "unknown rule" in warning.message


# One table for every place a rule selector is read: --select/--ignore (the
# catalogue), a profile's selection, and wikilint-disable comments.
@pytest.mark.parametrize("selector, selected", [
    ("TST001", {"TST001"}),
    ("tst001", {"TST001"}),
    (" TST001 ", {"TST001"}),
    ("TST", {"TST001", "TST002"}),
    ("tst00", {"TST001", "TST002"}),
    ("T", {"TST001", "TST002"}),
    ("todo-marker", {"TST001"}),
    ("Todo-Marker", {"TST001"}),
    ("always-crashes", {"TST002"}),
    ("ALL", {"TST001", "TST002"}),
    ("all", {"TST001", "TST002"}),
    ("TST003", set()),
    ("todo", set()),          # neither a name nor the start of a code
    ("marker", set()),        # part of a name is not a name
    ("ST001", set()),         # a code's middle is not its prefix
])
def test_one_meaning_for_a_selector(selector, selected) -> None:
    codes = {"TST001", "TST002"}
    # --select and --ignore
    if selected:
        assert {r.code for r in CATALOGUE.select([selector])} == selected
        assert {r.code for r in CATALOGUE.select([], [selector])} == codes - selected
    else:
        with pytest.raises(RegistryError, match="unknown rule selector"):
            CATALOGUE.select([selector])
    # a profile's selection
    profile = load_profile("enwiki")
    narrowed = profile.model_copy(update={"rules": profile.rules.model_copy(
        update={"select": [selector], "ignore": []})})
    result = engine().lint_document(Document("TODO", narrowed))
    assert set(result.rules_run) == selected
    # a wikilint-disable comment
    result = engine(select=["TST001"]).lint(f"<!-- wikilint-disable-next-line {selector} -->\nTODO")
    hidden = not [f for f in result.findings if f.code == "TST001"]
    assert hidden == ("TST001" in selected)
    assert bool(result.warnings) == (not selected)


def test_a_costly_test_is_asked_only_while_no_other_rule_has_claimed_the_page() -> None:
    """A rule whose ``may_find`` costs more than its check simply runs where
    another rule has the page parsed, and is tested only where none has."""
    from wikilint.rules.builtin.bare_url import BareUrl
    from wikilint.rules.builtin.citation_needed import CitationNeeded

    asked: list[str] = []

    class CountedBareUrl(BareUrl):
        def may_find(self, doc: Document) -> bool:
            asked.append(doc.text)
            return super().may_find(doc)

    assert CountedBareUrl.costly_test
    lint = Engine([CitationNeeded(), CountedBareUrl()], wiki="enwiki").lint
    claimed = "Fact.{{citation needed}} See [http://example.org Example]."
    assert lint(claimed).rules_run == ["CIT001", "REF001"] and asked == []
    unclaimed = "See [http://example.org Example]."
    assert lint(unclaimed).rules_run == [] and asked == [unclaimed]
    assert lint("No link here.").rules_run == [] and asked == [unclaimed, "No link here."]
    no_link = "Fact.{{citation needed}}"
    assert lint(no_link).rules_run == ["CIT001", "REF001"] and len(asked) == 2
