"""What a lint request may ask, validated: a bad field is one error naming it.

The same model reads the JSON API's body and the page's form or query
string (where lists are comma-separated): ``text`` or ``title`` (or
``oldid``), ``wiki``, ``lang``, ``select``, ``ignore``, ``min_severity``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wikilint.bot.config import WIKI_CHOICES
from wikilint.bot.registry import Catalogue, RegistryError
from wikilint.rules.finding import Severity
from wikilint.rules.messages import LANGUAGES


class OptionError(Exception):
    """An option that cannot be used; ``field`` names it (HTTP 422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class LintOptions(BaseModel):
    """One lint request."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    text: str | None = None
    title: str | None = Field(default=None, max_length=255)
    oldid: int | None = Field(default=None, ge=1)
    wiki: str = "auto"
    lang: Literal["en", "zh-hans", "zh-hant"] = "en"
    select: list[str] | None = None
    ignore: list[str] | None = None
    min_severity: Severity | None = None

    @field_validator("title")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        value = value.strip() if value else None
        if value and any(c in value for c in "<>[]{}|#"):
            raise ValueError("a title cannot contain < > [ ] { } | #")
        return value or None

    @field_validator("text")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    @field_validator("wiki")
    @classmethod
    def _wiki(cls, value: str) -> str:
        if value not in WIKI_CHOICES:
            raise ValueError(f"must be one of {', '.join(WIKI_CHOICES)}")
        return value

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _selectors(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()] or None
        return value

    @field_validator("min_severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Any:
        return value.strip().lower() or None if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_source(self) -> LintOptions:
        given = [name for name in ("text", "title") if getattr(self, name)]
        if len(given) > 1:
            raise ValueError("give either text or title, not both")
        if self.text is None and self.title is None and self.oldid is None:
            raise ValueError("give the wikitext (text) or an article title (title)")
        if self.text is not None and self.oldid is not None:
            raise ValueError("oldid names a revision of the wiki; it does not go with text")
        return self

    def rule_codes(self, catalogue: Catalogue) -> set[str] | None:
        """The codes ``select``/``ignore`` leave (``None``: no selection asked)."""
        if self.select is None and self.ignore is None:
            return None
        try:
            return {rule.code for rule in catalogue.select(self.select or [], self.ignore or [])}
        except RegistryError as error:
            field = "ignore" if self.ignore and any(_unknown(catalogue, s) for s in self.ignore) else "select"
            raise OptionError(field, str(error)) from None


def _unknown(catalogue: Catalogue, selector: str) -> bool:
    try:
        catalogue.select([selector], [])
    except RegistryError:
        return True
    return False


def parse_options(data: Any, *, default_wiki: str) -> LintOptions:
    """``data`` (a JSON object, or a form's fields) as options; raises :class:`OptionError`."""
    if not isinstance(data, dict):
        raise OptionError("body", "expected a JSON object")
    data = {k: v for k, v in data.items() if v not in ("", None)}
    data.setdefault("wiki", default_wiki)
    try:
        return LintOptions.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown field"
        raise OptionError(field, message) from None


__all__ = ["LANGUAGES", "LintOptions", "OptionError", "parse_options"]
