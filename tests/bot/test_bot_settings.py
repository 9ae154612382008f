"""The on-wiki settings model: the README's example page, and errors that name the key."""

from __future__ import annotations

import json
import re

import pytest

from wikilint.bot.config import load_config
from wikilint.bot.wiki.settings import (DEFAULT_TALK_RULES, SettingsError, parse_settings,
                                        talk_codes)

from tests.bot.conftest import ROOT

BASE = load_config(None).model_dump(mode="json")


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    return re.search(r"The community's example page:\n\n```json\n(.*?)```", readme, re.S)[1]


def test_the_readme_example_page_is_valid() -> None:
    settings = parse_settings(readme_example(), BASE, "example")
    assert settings.ignore == ["DAT002"]
    assert settings.templates == {"citation-needed": ["需要來源"]}
    assert settings.bot.edits_per_day == 100
    assert talk_codes(settings.bot) == {"CIT001", "REF002"}


@pytest.mark.parametrize("page, fragment", [
    ({"selct": ["CIT"]}, "unknown key 'selct'"),
    ({"bot": {"talk_rule": ["CIT"]}}, "unknown key 'bot.talk_rule'"),
    ({"bot": {"edits_per_day": -1}}, "bad value for 'bot.edits_per_day'"),
    ({"severity": {"CIT001": "fatal"}}, "bad value for 'severity.CIT001'"),
    ({"severity": {"NOPE999": "error"}}, "unknown rule 'NOPE999'"),
    ({"bot": {"talk_rules": ["NOPE"]}}, "bot.talk_rules"),
    ([1, 2], "must be a JSON object"),
])
def test_invalid_pages_name_the_bad_key(page, fragment) -> None:
    with pytest.raises(SettingsError, match=re.escape(fragment)):
        parse_settings(json.dumps(page), BASE, "settings page User:B/wikilint.json")


def test_default_talk_rules_are_warning_rules_never_info() -> None:
    from wikilint.bot.registry import load_catalogue

    catalogue = {rule.code: rule for rule in load_catalogue()}
    codes = talk_codes(parse_settings("{}", BASE, "s").bot)
    assert codes == set(DEFAULT_TALK_RULES) & set(catalogue)
    assert all(catalogue[c].severity.value == "warning" for c in codes)
