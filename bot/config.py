"""wikilint's configuration: the embedded defaults plus an optional TOML file."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wikilint.rules.finding import Severity
from wikilint.rules.messages import LANGUAGE_CHOICES
from wikilint.rules.profile import profile_names

WIKI_CHOICES = ("auto", *profile_names())


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the bad key."""


class Config(BaseModel):
    """A validated wikilint configuration."""

    model_config = ConfigDict(extra="forbid")

    wiki: str = "auto"
    lang: str = "en"
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    max_page_mb: float = Field(default=4.0, gt=0)
    severity: dict[str, Severity] = Field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    templates: dict[str, list[str]] = Field(default_factory=dict)
    """template names added to the wiki profile's alias groups (group -> names)"""

    @field_validator("wiki")
    @classmethod
    def _known_wiki(cls, value: str) -> str:
        if value not in WIKI_CHOICES:
            raise ValueError(f"must be one of {', '.join(WIKI_CHOICES)}")
        return value

    @field_validator("lang")
    @classmethod
    def _known_lang(cls, value: str) -> str:
        if value not in LANGUAGE_CHOICES:
            raise ValueError(f"must be one of {', '.join(LANGUAGE_CHOICES)}")
        return value

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with command-line values (``None`` means "not given") applied."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return Config.model_validate({**self.model_dump(), **given})


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def describe_validation_error(error: ValidationError, source: str) -> str:
    """One line naming the first bad key of a pydantic error."""
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    if first["type"] == "extra_forbidden":
        return f"{source}: unknown key {key!r}"
    return f"{source}: bad value for {key!r}: {first['msg']}"


def default_config_data() -> dict[str, Any]:
    text = resources.files("wikilint.bot").joinpath("default.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_config(path: str | Path | None = None) -> Config:
    """The embedded defaults, with the TOML file at ``path`` on top."""
    data = default_config_data()
    source = "default configuration"
    if path is not None:
        source = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise ConfigError(f"{path}: cannot read config: {error.strerror or error}") from None
        try:
            user = tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: config is not UTF-8 text") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        data = _merge(data, user)
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(error, source)) from None
