"""Every rule with a message catalogue has it in full: the same keys in en,
zh-hans, zh-hant and qqq, no placeholder the English text lacks, the
summary/what/why keys, and every finding of its fixtures renders in each
language."""

from __future__ import annotations

import json

import pytest

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.bot.registry import load_catalogue
from wikilint.rules import messages
from test_rule_fixtures import FIXTURES, WIKI

LANGUAGES = ("en", "zh-hans", "zh-hant", "qqq")
RULES = [r for r in load_catalogue() if messages.rule_directory(r.__module__, r.code)]


def _texts(rule, lang: str) -> dict[str, str]:
    file = messages.rule_directory(rule.__module__, rule.code).joinpath(f"{lang}.json")
    return {k: v for k, v in json.loads(file.read_text("utf-8")).items() if k != "@metadata"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_language_has_every_key_with_the_same_placeholders(rule) -> None:
    english = _texts(rule, "en")
    prefix = f"wikilint-{rule.code.lower()}-"
    for suffix in ("summary", "what", "why"):
        assert prefix + suffix in english
    for lang in LANGUAGES[1:]:
        texts = _texts(rule, lang)
        assert set(texts) == set(english), lang
        if lang != "qqq":
            for key, text in english.items():
                # a translation may leave out a count it needs no plural for
                assert messages.placeholders(texts[key]) <= messages.placeholders(text), (lang, key)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_fixture_findings_render_in_every_language(rule) -> None:
    folder = FIXTURES / f"{rule.code}_{rule.name}"
    rendered = 0
    for path in sorted(folder.glob("*.wiki")):
        text = path.read_text("utf-8")
        wiki = WIKI.search(text.split("\n", 1)[0])
        engine = Engine.from_config(Config(wiki=wiki.group(1) if wiki else "auto"),
                                    select=[rule.code])
        for finding in engine.lint(text).findings:
            assert finding.message_key, f"{path.name}: a finding with no message key"
            for lang in LANGUAGES[:3]:
                for key in filter(None, (finding.message_key, finding.suggestion_key)):
                    assert messages.render(key, finding.params, lang)
            rendered += 1
    assert rendered
