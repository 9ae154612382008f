"""Every rule message directory has the same keys in en, zh-hans, zh-hant and
qqq, with the same placeholders, and the rule's -summary/-what/-why keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikilint.rules import messages

I18N = Path(__file__).parent.parent / "rules" / "builtin" / "i18n"
DIRECTORIES = sorted(p for p in I18N.iterdir() if p.is_dir()) if I18N.is_dir() else []


def _keys(directory: Path, lang: str) -> dict[str, str]:
    data = json.loads((directory / f"{lang}.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("@")}


@pytest.mark.parametrize("directory", DIRECTORIES, ids=lambda p: p.name)
def test_languages_have_the_same_keys_and_placeholders(directory: Path) -> None:
    english = _keys(directory, "en")
    for suffix in ("summary", "what", "why"):
        assert f"wikilint-{directory.name}-{suffix}" in english
    assert set(_keys(directory, "qqq")) == set(english)
    for lang in ("zh-hans", "zh-hant"):
        texts = _keys(directory, lang)
        assert set(texts) == set(english), lang
        for key, text in texts.items():
            assert messages.placeholders(text) == messages.placeholders(english[key]), (lang, key)


@pytest.mark.parametrize("directory", DIRECTORIES, ids=lambda p: p.name)
def test_every_placeholder_is_documented(directory: Path) -> None:
    """A placeholder qqq does not document is a mistake, such as ``{{Reflist}}``
    read as the placeholder ``{Reflist}``."""
    documentation = _keys(directory, "qqq")
    for key, text in _keys(directory, "en").items():
        for name in messages.placeholders(text):
            assert "{" + name + "}" in documentation[key], (key, name)
        rendered = messages.format_message(
            text, {name: 2 for name in messages.placeholders(text)}, "en")
        assert rendered.strip(), key
