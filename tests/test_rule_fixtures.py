"""Fixture-driven rule tests.

Each directory ``tests/fixtures/<CODE>_<rule-name>/`` holds ``*.wiki`` files.
A marker comment ``<!-- expect: CODE -->`` on a line expects one finding of
that rule starting on that line (repeat the marker for several). A file
without markers is a negative case: the rule must find nothing in it. The
first line may name the wiki: ``<!-- wiki: zhwiki -->``.

Beside each fixture, ``<name>.snap`` pins its whole output: the text output
with its carets, then the JSON of every finding (message, key, parameters,
columns, suggestion, evidence). Tag ages are counted from a fixed day.
``pytest tests/test_rule_fixtures.py --snapshot-update`` rewrites them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.bot.emitters.text import format_text
from wikilint.bot.registry import load_catalogue
from snapshots import assert_snapshot

FIXTURES = Path(__file__).parent / "fixtures"
EXPECT = re.compile(r"<!--\s*expect:\s*([A-Z]+\d+)\s*-->")
WIKI = re.compile(r"<!--\s*wiki:\s*(\w+)\s*-->")
AS_OF = "2026-01-01"  # tag ages in the snapshots are counted from this day


def fixture_cases() -> list[tuple[str, Path]]:
    cases = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []:
        code = folder.name.split("_", 1)[0]
        cases.extend((code, f) for f in sorted(folder.glob("*.wiki")))
    return cases


def expected_findings(text: str) -> Counter:
    expected: Counter = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        for code in EXPECT.findall(line):
            expected[(number, code)] += 1
    return expected


@pytest.mark.parametrize(("code", "path"), fixture_cases(),
                         ids=lambda v: v if isinstance(v, str) else f"{v.parent.name}/{v.name}")
def test_fixture(code: str, path: Path) -> None:
    rule = load_catalogue().find(code)
    assert rule is not None, f"{path.parent.name}: no rule {code} installed"
    assert path.parent.name == f"{rule.code}_{rule.name}", "fixture folder must be CODE_rule-name"
    text = path.read_text("utf-8")
    wiki = WIKI.search(text.split("\n", 1)[0])
    engine = Engine.from_config(Config(wiki=wiki.group(1) if wiki else "auto"), select=[code])
    result = engine.lint(text, title=path.name)
    found = Counter((f.line, f.code) for f in result.findings)
    expected = expected_findings(text)
    details = "\n".join(f"  {f.line}:{f.column} {f.code} {f.message}" for f in result.findings)
    assert found == expected, f"{path.name}: expected {sorted(expected.elements())}, got:\n{details}"


def test_every_rule_has_fixtures() -> None:
    folders = {p.name for p in FIXTURES.iterdir()} if FIXTURES.is_dir() else set()
    missing = [f"{r.code}_{r.name}" for r in load_catalogue() if f"{r.code}_{r.name}" not in folders]
    assert not missing, f"rules without fixtures: {missing}"


@pytest.mark.parametrize("folder", sorted(p for p in FIXTURES.iterdir() if p.is_dir())
                         if FIXTURES.is_dir() else [], ids=lambda p: p.name)
def test_fixtures_have_positives_and_negatives(folder: Path) -> None:
    texts = [p.read_text("utf-8") for p in folder.glob("*.wiki")]
    positives = sum(len(EXPECT.findall(t)) for t in texts)
    negatives = sum(1 for t in texts if not EXPECT.search(t))
    assert positives >= 1 and negatives >= 1, f"{folder.name}: needs positive and negative cases"


def snapshot_text(path: Path, code: str) -> str:
    """What the snapshot of a fixture holds (its findings rendered in English)."""
    rule = load_catalogue().find(code)
    text = path.read_text("utf-8")
    wiki = WIKI.search(text.split("\n", 1)[0])
    options = {rule.code: {"as_of": AS_OF}} if "as_of" in rule.Options.model_fields else {}
    engine = Engine.from_config(Config(wiki=wiki.group(1) if wiki else "auto", rules=options),
                                select=[code])
    result = engine.lint(text, title=path.name)
    name = f"{path.parent.name}/{path.name}"
    lines = [f"# wikilint check --select {code} {name}  (ages as of {AS_OF})", ""]
    for finding in result.findings:
        lines.append(format_text(name, finding, text))
    lines.append(f"# {len(result.findings)} findings, as JSON:")
    lines += [json.dumps(f.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)
              for f in result.findings]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("code", "path"), fixture_cases(),
                         ids=lambda v: v if isinstance(v, str) else f"{v.parent.name}/{v.name}")
def test_fixture_snapshot(request, code: str, path: Path) -> None:
    assert_snapshot(request, path.with_suffix(".snap"), snapshot_text(path, code))


@pytest.mark.parametrize(("code", "path"), fixture_cases(),
                         ids=lambda v: v if isinstance(v, str) else f"{v.parent.name}/{v.name}")
def test_findings_give_exactly_the_parameters_their_messages_use(code: str, path: Path) -> None:
    from wikilint.rules import messages

    text = path.read_text("utf-8")
    wiki = WIKI.search(text.split("\n", 1)[0])
    engine = Engine.from_config(Config(wiki=wiki.group(1) if wiki else "auto"), select=[code])
    for finding in engine.lint(text, title=path.name).findings:
        if finding.message_key is None:
            continue  # a rule not converted to message keys yet
        used = messages.placeholders(messages.template(finding.message_key))
        if finding.suggestion_key:
            used |= messages.placeholders(messages.template(finding.suggestion_key))
        assert set(finding.params) == used, f"{finding.message_key}: params {sorted(finding.params)}"
        for lang in messages.LANGUAGES:
            assert messages.localize(finding, lang).message
