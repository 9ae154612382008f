"""Wiki profiles: what differs between wikis, kept as data.

A profile (``rules/profiles/<wiki>.toml``) names a wiki's template aliases by
group (``citation-needed``, ``citation-template``...), its infobox names and
fields, the date formats its articles use, its namespace names and redirect
words, how ``--wiki auto`` recognises its text, and which rules run there
with what severity. Rules never hard-code template names: they ask the
document for a group (``doc.templates_in("citation-needed")``) and the
profile supplies the names.

A new wiki is one TOML file: the profiles are the ``*.toml`` files of the
:mod:`wikilint.rules.profiles` package, found when first asked for.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.finding import Severity
from wikilint.rules.text.script import han_ratio, kana_ratio


class RuleSettings(BaseModel):
    """Rule selection and severities for one wiki."""

    model_config = ConfigDict(extra="forbid")

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)


class Namespaces(BaseModel):
    """Namespace names a wikilink may start with, in every spelling the wiki accepts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: list[str] = Field(default_factory=lambda: ["File", "Image"])
    category: list[str] = Field(default_factory=lambda: ["Category"])
    media: list[str] = Field(default_factory=lambda: ["Media"])


class Detection(BaseModel):
    """How ``--wiki auto`` recognises the wiki's text: ranges of script shares.

    ``han`` is the share of Han among Han and Latin letters, ``kana`` the
    share of kana among Han and kana (:mod:`wikilint.rules.text.script`).
    The profile marked ``fallback`` (exactly one) takes what no other fits.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    han: tuple[float, float] = (0.0, 1.0)
    kana: tuple[float, float] = (0.0, 1.0)
    fallback: bool = False

    def fits(self, han: float, kana: float) -> bool:
        return self.han[0] <= han <= self.han[1] and self.kana[0] <= kana <= self.kana[1]


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
    namespaces: Namespaces = Field(default_factory=Namespaces)
    redirect: list[str] = Field(
        default_factory=lambda: ["REDIRECT"],
        description="redirect words (#REDIRECT [[…]], #重定向 [[…]])",
    )
    detect: Detection = Field(default_factory=Detection)
    templates: dict[str, list[str]] = Field(
        default_factory=dict, description="template alias groups: group -> names"
    )
    infoboxes: dict[str, list[str]] = Field(
        default_factory=dict, description="infobox kinds: kind -> template names"
    )
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="infobox field groups: group -> parameter names"
    )
    sections: dict[str, list[str]] = Field(
        default_factory=dict,
        description="section heading groups: group -> titles (``appendix``: See also, "
        "References, 參考資料...), matched case- and script-insensitively",
    )
    added_headings: dict[str, dict[str, str]] = Field(
        default_factory=lambda: {"references": {"default": "References"}, "notes": {"default": "Notes"}},
        description="titles of the sections a fix adds: kind (``references``, ``notes``) -> "
        "script (``zh-hant``, ``zh-hans``, or ``default``) -> title",
    )
    date_styles: list[Literal["zh", "en"]] = Field(
        default=["zh", "en"],
        description="how chronology entries write their dates: zh (2014年1月3日) "
        "and/or en (3 January 2014, January 3, 2014)",
    )
    rules: RuleSettings = Field(default_factory=RuleSettings)

    def page_url(self, title: str) -> str:
        return f"{self.site}/wiki/{quote(title.replace(' ', '_'), safe='/:()_,')}"

    @cached_property
    def namespace_keys(self) -> dict[str, frozenset[str]]:
        """Lower-cased namespace names by kind (``file``, ``category``, ``media``)."""
        return {
            kind: frozenset(name.lower() for name in names)
            for kind, names in self.namespaces.model_dump().items()
        }

    def added_heading(self, kind: str, script: str | None) -> str:
        """The title of a section of ``kind`` that a fix adds to a page written in ``script``."""
        titles = self.added_headings.get(kind) or {"default": kind.capitalize()}
        return titles.get(script or "default") or titles.get("default") or next(iter(titles.values()))

    def in_namespace(self, title: str, *kinds: str) -> bool:
        """Whether a link target starts with the name of one of these namespaces."""
        head, colon, _ = title.partition(":")
        if not colon:
            return False
        head = head.strip().lower()
        return any(head in self.namespace_keys[kind] for kind in kinds)


def parse_profile(data: dict) -> WikiProfile:
    """Validate profile data (raises pydantic.ValidationError)."""
    return WikiProfile.model_validate(data)


def _profile_files() -> dict[str, object]:
    folder = resources.files("wikilint.rules.profiles")
    return {
        entry.name.removesuffix(".toml"): entry for entry in folder.iterdir() if entry.name.endswith(".toml")
    }


@lru_cache(maxsize=1)
def profile_names() -> tuple[str, ...]:
    """The built-in profiles: one per ``*.toml`` file of ``rules/profiles``, sorted."""
    return tuple(sorted(_profile_files()))


PROFILE_NAMES = profile_names()


@cache
def load_profile(name: str) -> WikiProfile:
    """Load a built-in profile by name (``zhwiki``, ``enwiki``, ``jawiki``...)."""
    if name not in profile_names():
        raise KeyError(f"unknown wiki profile {name!r} (known: {', '.join(profile_names())})")
    text = _profile_files()[name].read_text("utf-8")  # type: ignore[attr-defined]
    return parse_profile(tomllib.loads(text))


@lru_cache(maxsize=1)
def _detection_order() -> tuple[tuple[WikiProfile, ...], WikiProfile]:
    profiles = [load_profile(name) for name in profile_names()]
    fallbacks = [p for p in profiles if p.detect.fallback]
    if len(fallbacks) != 1:
        raise ValueError(
            "exactly one wiki profile must set detect.fallback "
            f"(found: {', '.join(p.name for p in fallbacks) or 'none'})"
        )
    return tuple(p for p in profiles if not p.detect.fallback), fallbacks[0]


def detect_profile(text: str) -> WikiProfile:
    """The profile whose script shares ``text`` fits (``--wiki auto``)."""
    candidates, fallback = _detection_order()
    han, kana = han_ratio(text), kana_ratio(text)
    for profile in candidates:
        if profile.detect.fits(han, kana):
            return profile
    return fallback


@lru_cache(maxsize=1)
def redirect_pattern() -> re.Pattern[str]:
    """``#REDIRECT``, or a redirect word of any profile, at the start of a page's text."""
    words = sorted(
        {w for name in profile_names() for w in load_profile(name).redirect}, key=len, reverse=True
    )
    return re.compile(r"\s*#\s*(?:%s)\b" % "|".join(map(re.escape, words)), re.IGNORECASE)
