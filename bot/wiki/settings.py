"""On-wiki settings: the community tunes the bot on a JSON page.

``-settings:User:ExampleLintBot/wikilint.json`` names a page of the JSON
content model holding the keys of the TOML configuration (``select``,
``ignore``, ``severity``, ``rules``, ``templates``...) plus the bot's own, under
``bot``::

    {
      "ignore": ["DAT002"],
      "severity": {"CIT001": "error"},
      "templates": {"citation-needed": ["需要來源"]},
      "bot": {"talk_rules": ["CIT001", "REF002"], "talk_min_severity": "warning",
              "worklist_prefix": "Wikipedia:维基百科工程/wikilint", "worklist_size": 500,
              "edits_per_day": 100}
    }

The page is read on top of the operator's configuration (the embedded
defaults and ``-lintconfig``) and validated whole with the same pydantic model
as the TOML file (:class:`wikilint.bot.config.Config`), then by building the
engine it describes (so an unknown rule is caught too). Nothing is
half-applied: a page that fails validation is a :class:`SettingsError`
naming the bad key, and the bot stops posting until the page is valid again.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wikilint.bot.config import Config, ConfigError, _merge, describe_validation_error
from wikilint.rules.finding import Severity

#: The rules that may post on talk pages unless the settings say otherwise:
#: warning-level rules whose precision is measured on the labelled corpus
#: (tests/corpus_eval). Info-level rules never post there.
DEFAULT_TALK_RULES = ("CIT001", "CIT002", "DAT001", "DAT002", "NUM001", "NUM002", "REF001", "REF002")
DEFAULT_WORKLIST_SIZE = 500


class SettingsError(Exception):
    """Settings that cannot be used; the message names the bad key."""


class BotSettings(BaseModel):
    """The bot's own keys (``bot`` in the settings page)."""

    model_config = ConfigDict(extra="forbid")

    talk_rules: list[str] | None = None
    """rules (codes, prefixes, names) that may post on talk pages (default:
    :data:`DEFAULT_TALK_RULES`)"""
    talk_min_severity: Severity = Severity.WARNING
    """the lowest severity posted on talk pages (``info`` findings never are)"""
    worklist_prefix: str | None = None
    worklist_size: int = Field(default=DEFAULT_WORKLIST_SIZE, ge=1, le=5000)
    edits_per_day: int = Field(default=0, ge=0)
    """at most this many edits per UTC day (0: no cap besides ``-maxedits``)"""


class WikiSettings(Config):
    """The TOML configuration's keys, validated by the same model, plus ``bot``."""

    bot: BotSettings = Field(default_factory=BotSettings)


def parse_settings(text: str, base: dict[str, Any], source: str) -> WikiSettings:
    """Validate a settings page's JSON ``text`` on top of ``base`` (the operator's
    configuration data). Raises :class:`SettingsError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingsError(f"{source}: invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{source}: must be a JSON object, not {type(data).__name__}")
    try:
        settings = WikiSettings.model_validate(_merge(base, data))
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error, source)) from None
    check_rules(settings, source)
    return settings


def check_rules(settings: WikiSettings, source: str) -> None:
    """Build the engine the settings describe, and read ``bot.talk_rules``."""
    from wikilint.bot.engine import Engine
    from wikilint.bot.registry import RegistryError, load_catalogue

    try:
        Engine.from_config(settings)
    except ConfigError as error:
        raise SettingsError(f"{source}: {error}") from None
    if settings.bot.talk_rules is not None:
        try:
            load_catalogue().select(settings.bot.talk_rules, [])
        except RegistryError as error:
            raise SettingsError(f"{source}: bad value for 'bot.talk_rules': {error}") from None


def talk_codes(settings: BotSettings) -> frozenset[str]:
    """The codes of the rules that may post on talk pages."""
    from wikilint.bot.registry import load_catalogue

    selectors = DEFAULT_TALK_RULES if settings.talk_rules is None else settings.talk_rules
    if not selectors:
        return frozenset()
    return frozenset(rule.code for rule in load_catalogue().select(list(selectors), []))


def read_settings_page(page: Any, base: dict[str, Any]) -> WikiSettings:
    """Read and validate the settings page (a ``pywikibot.Page``)."""
    from pywikibot.exceptions import IsRedirectPageError, NoPageError

    source = f"settings page {page.title()}"
    try:
        text = page.get(force=True)
    except NoPageError:
        raise SettingsError(f"{source} does not exist") from None
    except IsRedirectPageError:
        raise SettingsError(f"{source} is a redirect") from None
    model = getattr(page, "content_model", "json")
    if model != "json":
        raise SettingsError(
            f"{source} is not a JSON page (content model {model}); give it a title ending in .json"
        )
    return parse_settings(text, base, source)
