"""The translation files: complete, consistent, safe in variant markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wikilint.bot.wiki.messages import Messages, variants_for

I18N = Path(__file__).resolve().parents[2] / "bot" / "wiki" / "i18n" / "wikilint"
LANGUAGES = ("en", "zh-hans", "zh-hant", "qqq")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def bundle(lang: str) -> dict[str, str]:
    data = json.loads((I18N / f"{lang}.json").read_text("utf-8"))
    data.pop("@metadata")
    return data


def test_every_language_has_every_message():
    keys = {lang: set(bundle(lang)) for lang in LANGUAGES}
    assert keys["zh-hans"] == keys["zh-hant"] == keys["en"] == keys["qqq"]


@pytest.mark.parametrize("key", sorted(bundle("en")))
def test_translations_take_the_same_parameters(key):
    wanted = set(PLACEHOLDER.findall(bundle("en")[key]))
    for lang in ("zh-hans", "zh-hant"):
        assert set(PLACEHOLDER.findall(bundle(lang)[key])) == wanted, lang
    hans, hant = (PLACEHOLDER.findall(bundle(lang)[key]) for lang in ("zh-hans", "zh-hant"))
    assert hans == hant, "both scripts put the parameters in the same order"


def test_chinese_messages_render_in_both_scripts():
    messages = Messages("zh")
    assert messages.variants == ("zh-hans", "zh-hant")
    text = messages.wikitext("location", line=3, section="<nowiki>A;B</nowiki>")
    assert text == "第 3-{zh-hans: 行，章节 ;zh-hant: 行，章節 ;}-<nowiki>A;B</nowiki>"
    assert messages.plain("heading") == "wikilint 检查报告"


def test_other_languages_fall_back_to_english():
    assert variants_for("fr") == ("fr",)
    assert Messages("fr").wikitext("heading") == "wikilint report"
    assert Messages("en").plain("summary-post", count=1, docpage="User:B/w") == \
        "wikilint: article quality report (1 finding), see [[User:B/w]]"
