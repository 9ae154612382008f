"""Each rule's docstring is its documentation, and its example is real."""

from __future__ import annotations

import pytest

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.bot.registry import load_catalogue
from wikilint.rules.rule import DOC_HEADINGS

RULES = list(load_catalogue())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documentation_has_the_headings(rule) -> None:
    doc = rule.documentation()
    for heading in DOC_HEADINGS:
        assert heading in doc, f"{rule.code}: docstring lacks {heading!r}"
    assert rule.summary and len(rule.summary) < 100


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_is_flagged_and_fix_is_clean(rule) -> None:
    bad, good = rule.examples()
    assert bad, f"{rule.code}: the Example has no wikitext block"
    engine = Engine.from_config(Config(), select=[rule.code])
    assert any(f.code == rule.code for f in engine.lint(bad).findings), \
        f"{rule.code}: its own Example is not flagged"
    if good is not None:
        assert not engine.lint(good).findings, f"{rule.code}: its 'Use instead' is flagged"
