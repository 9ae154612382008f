"""The web tool's own words (``wikilint-web-*``) in en, zh-hans and zh-hant.

They are kept like the rules' messages, in MediaWiki's JSON format beside
this module (``i18n/<lang>.json``, ``qqq.json`` documenting every key), and
filled by :func:`wikilint.rules.messages.format_message` (plural forms,
numbers). A language missing a key falls back as the rules' messages do.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from wikilint.rules.messages import LANGUAGES, format_message, languages_of

PREFIX = "wikilint-web-"
#: How each language names itself (the language switch).
LANGUAGE_NAMES = {"en": "English", "zh-hans": "中文（简体）", "zh-hant": "中文（繁體）"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every ``wikilint-web-*`` text of ``lang`` (without fallback)."""
    file = resources.files(__package__).joinpath("i18n", f"{lang}.json")
    if not file.is_file():
        return {}
    return {k: v for k, v in json.loads(file.read_text("utf-8")).items() if not k.startswith("@")}


def text(name: str, lang: str, **params: Any) -> str:
    """The text ``wikilint-web-<name>`` in ``lang`` (or its fallback)."""
    key = PREFIX + name
    for candidate in languages_of(lang):
        template = catalogue(candidate).get(key)
        if template is not None:
            return format_message(template, params, candidate)
    raise KeyError(f"no text for {key!r}")


def client_texts(lang: str, names: tuple[str, ...]) -> dict[str, str]:
    """Texts the page's or the user script's JavaScript needs, unfilled."""
    out = {}
    for name in names:
        for candidate in languages_of(lang):
            template = catalogue(candidate).get(PREFIX + name)
            if template is not None:
                out[name] = template
                break
    return out


__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "catalogue", "client_texts", "text"]
