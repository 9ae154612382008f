"""Wiki profiles: what differs between wikis, kept as data.

A profile (``rules/profiles/<wiki>.toml``) names a wiki's template aliases by
group (``citation-needed``, ``citation-template``...), its infobox names and
fields, the date formats its articles use, and which rules run there with what
severity. Rules never hard-code template names: they ask the document for a
group (``doc.templates_in("citation-needed")``) and the profile supplies the
names.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.finding import Severity

PROFILE_NAMES = ("zhwiki", "enwiki")


class RuleSettings(BaseModel):
    """Rule selection and severities for one wiki."""

    model_config = ConfigDict(extra="forbid")

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)


class WikiProfile(BaseModel):
    """Everything wikilint needs to know about one wiki."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    language: str
    script: Literal["han", "latin"]
    site: str = Field(description="base URL, e.g. https://zh.wikipedia.org")
    template_prefixes: list[str] = Field(
        default_factory=list,
        description="namespace prefixes stripped from template names (Template:, 模板:)",
    )
    templates: dict[str, list[str]] = Field(
        default_factory=dict, description="template alias groups: group -> names"
    )
    infoboxes: dict[str, list[str]] = Field(
        default_factory=dict, description="infobox kinds: kind -> template names"
    )
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="infobox field groups: group -> parameter names"
    )
    date_styles: list[Literal["zh", "en"]] = Field(
        default_factory=lambda: ["zh", "en"],
        description="how chronology entries write their dates: zh (2014年1月3日) "
                    "and/or en (3 January 2014, January 3, 2014)",
    )
    rules: RuleSettings = Field(default_factory=RuleSettings)

    def page_url(self, title: str) -> str:
        from urllib.parse import quote

        return f"{self.site}/wiki/{quote(title.replace(' ', '_'), safe='/:()_,')}"


def parse_profile(data: dict) -> WikiProfile:
    """Validate profile data (raises pydantic.ValidationError)."""
    return WikiProfile.model_validate(data)


@lru_cache(maxsize=None)
def load_profile(name: str) -> WikiProfile:
    """Load a built-in profile by name (``zhwiki``, ``enwiki``)."""
    if name not in PROFILE_NAMES:
        raise KeyError(f"unknown wiki profile {name!r} (known: {', '.join(PROFILE_NAMES)})")
    text = resources.files("wikilint.rules.profiles").joinpath(f"{name}.toml").read_text("utf-8")
    return parse_profile(tomllib.loads(text))
