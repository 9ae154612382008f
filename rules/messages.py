"""Messages in the reader's language: keys, parameters and their catalogue.

A rule never writes a sentence itself. It names a message key and gives its
parameters::

    yield self.finding(doc, start, end,
                       self.message("dated", template=name, month="2014-01", age=4717),
                       suggestion=self.message("fix"))

``self.message("dated", ...)`` is the key ``wikilint-cit001-dated`` (the
rule's code, lower-cased, then the suffix). The texts live in MediaWiki's
JSON format, one directory per rule beside the rule's package::

    rules/builtin/i18n/cit001/en.json        {"wikilint-cit001-dated": "..."}
    rules/builtin/i18n/cit001/zh-hans.json
    rules/builtin/i18n/cit001/zh-hant.json
    rules/builtin/i18n/cit001/qqq.json       documentation of every key

A plugin ships the same directory in its own package (``i18n/<code>/``
beside the module its entry point names); a language it lacks falls back to
English. Besides a rule's messages, the same files hold its documentation in
each language: ``wikilint-<code>-summary``, ``-what`` and ``-why``.
Other parts of wikilint keep their texts the same way under a namespace of
their own (``wikilint-output-...``, :func:`register_directory`).

Placeholders name a parameter and, optionally, how it is written in the
reader's language:

``{name}``          the value as it is (a template name, quoted text)
``{name:number}``   an integer or decimal with digit grouping (``1,234``)
``{name:month}``    ``"2014-01"`` → ``January 2014`` / ``2014年1月``
``{name:date}``     ``"2014-01-09"`` → ``9 January 2014`` / ``2014年1月9日``
                    (a ``YYYY-MM`` or ``YYYY`` value is written as a month or year)
``{name:list}``     a list of strings → ``a, b and c`` / ``a、b和c``

and ``{{PLURAL:{name}|one|other}}`` chooses a form by a number, as in
MediaWiki. Parameters are JSON values (strings, numbers, lists of them), so a
finding's ``params`` can be stored and rendered again in another language:
:func:`localize` re-renders a finding's message and suggestion, and
:func:`page_language` says which language ``auto`` means for a page.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.finding import Finding
from wikilint.rules.text.lexicon import EN_MONTHS
from wikilint.rules.text.script import zh_variant

#: Languages every built-in message is written in (``qqq`` documents them).
LANGUAGES = ("en", "zh-hans", "zh-hant")
DEFAULT_LANGUAGE = "en"
#: What ``--lang`` accepts: a language, or ``auto`` (see :func:`page_language`).
LANGUAGE_CHOICES = ("auto", *LANGUAGES)
#: Where a missing translation is looked for next.
FALLBACK = {"zh-hant": ("zh-hans", "en"), "zh-hans": ("zh-hant", "en"), "zh": ("zh-hans", "en")}

_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
_PLURAL = re.compile(r"\{\{PLURAL:\{(\w+)\}\|([^{}]*)\}\}")
_KEY = re.compile(r"^wikilint-([a-z]{2,4}\d{3})-[a-z0-9-]+$")
_NAMESPACED_KEY = re.compile(r"^wikilint-([a-z][a-z0-9]*)-[a-z0-9-]+$")


class MessageError(Exception):
    """A key with no text, or a text that does not fit its parameters."""


class Message(BaseModel):
    """A message key and its parameters (JSON values)."""

    model_config = ConfigDict(frozen=True)

    key: str
    params: dict[str, Any] = Field(default_factory=dict)


def rule_code_of(key: str) -> str | None:
    """``CIT001`` for ``wikilint-cit001-dated``; None for another key."""
    match = _KEY.match(key)
    return match.group(1).upper() if match else None


def namespace_of(key: str) -> str | None:
    """Whose texts hold ``key``: ``CIT001`` for ``wikilint-cit001-dated``,
    ``OUTPUT`` for ``wikilint-output-found``; None for another key."""
    match = _NAMESPACED_KEY.match(key)
    return match.group(1).upper() if match else None


# -- where the texts are -------------------------------------------------------

_DIRECTORIES: dict[str, Traversable] = {}


def register_directory(code: str, directory: Traversable) -> None:
    """Make ``directory`` (holding ``<lang>.json``) the texts of rule ``code``
    (or of another namespace: ``output`` for ``wikilint-output-*``)."""
    _DIRECTORIES[code.upper()] = directory
    _texts.cache_clear()


def rule_directory(module: str, code: str) -> Traversable | None:
    """``<package of module>/i18n/<code>/``, if the package has it."""
    package = module.rpartition(".")[0] or module
    try:
        directory = resources.files(package).joinpath("i18n", code.lower())
    except (ModuleNotFoundError, TypeError):
        return None
    if not directory.is_dir() and package == module:  # a plugin that is one module file
        file = getattr(sys.modules.get(module), "__file__", None)
        if file:
            directory = Path(file).parent.joinpath("i18n", code.lower())
    return directory if directory.is_dir() else None


#: The entry-point group rules are installed under (read by wikilint's registry too).
RULES_ENTRY_POINTS = "wikilint.rules"
_discovered = False


def _discover() -> None:
    """Load the installed rules, whose classes register their texts: a
    finding's key can be rendered in a process that has not run its rule."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    from importlib.metadata import entry_points

    for entry in entry_points(group=RULES_ENTRY_POINTS):
        try:
            entry.load()
        except Exception:  # a broken plugin is reported by the registry, not here
            continue


@cache
def _texts(code: str, lang: str) -> Mapping[str, str]:
    directory = _DIRECTORIES.get(code)
    if directory is None and not _discovered:
        _discover()
        directory = _DIRECTORIES.get(code)
    if directory is None:
        return {}
    file = directory.joinpath(f"{lang}.json")
    if not file.is_file():
        return {}
    data = json.loads(file.read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("@")}


def languages_of(lang: str) -> tuple[str, ...]:
    """``lang`` followed by the languages it falls back to."""
    return (lang, *FALLBACK.get(lang, ("en",) if lang != "en" else ()))


def template(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text of ``key`` in ``lang`` (or its fallback)."""
    return _found(key, lang)[0]


def _found(key: str, lang: str) -> tuple[str, str]:
    """The text of ``key`` and the language it was found in (``lang`` or a fallback)."""
    code = namespace_of(key)
    if code is None:
        raise MessageError(f"{key!r} is not a wikilint message key (wikilint-<code>-<name>)")
    for candidate in languages_of(lang):
        text = _texts(code, candidate).get(key)
        if text is not None:
            return text, candidate
    raise MessageError(f"message {key!r} has no text (looked in {', '.join(languages_of(lang))})")


def _placeholders(text: str) -> Iterator[re.Match[str]]:
    """The placeholders of ``text``; ``{{cn}}`` is a template name, not one
    (while ``{{{template}}}`` is the placeholder ``{template}`` in braces)."""
    for match in _PLACEHOLDER.finditer(text):
        start, end = match.span()
        if (
            text[start - 1 : start] == "{"
            and text[end : end + 1] == "}"
            and not (text[start - 2 : start] == "{{" and text[end : end + 2] == "}}")
        ):
            continue
        yield match


def placeholders(text: str) -> set[str]:
    """The parameter names a message text uses."""
    return {m.group(1) for m in _placeholders(_PLURAL.sub(r"{\1}", text))}


def placeholder_sequence(text: str) -> list[str]:
    """The parameter names of ``text`` in the order the text uses them
    (PLURAL choices excluded: they write no value)."""
    return [m.group(1) for m in _placeholders(_PLURAL.sub("", text))]


# -- writing values in a language ----------------------------------------------


def _is_zh(lang: str) -> bool:
    return lang.startswith("zh")


def format_number(value: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """``1,234`` (both languages group digits by three on the wikis)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        if value.bit_length() > 3000:  # over ~900 digits: Python refuses 4,300
            return f"{'-' if value < 0 else ''}~10^{int(value.bit_length() * 0.30103)}"
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_date(value: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the language writes it."""
    match = re.fullmatch(r"(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?", str(value))
    if not match:
        return str(value)
    year, month, day = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
    if _is_zh(lang):
        text = f"前{-year}年" if year < 0 else f"{year}年"
        if month:
            text += f"{month}月"
            if day:
                text += f"{day}日"
        return text
    written_year = f"{-year} BC" if year < 0 else str(year)
    if not month or not 1 <= month <= 12:
        return written_year
    if day:
        return f"{day} {EN_MONTHS[month - 1]} {written_year}"
    return f"{EN_MONTHS[month - 1]} {written_year}"


def format_list(value: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """``a, b and c`` / ``a、b和c``."""
    items = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    if len(items) <= 1:
        return "".join(items)
    if _is_zh(lang):
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


_FORMATS = {"number": format_number, "month": format_date, "date": format_date, "list": format_list}


def _plural(lang: str, count: Any, forms: list[str]) -> str:
    try:
        number = abs(float(count))
    except (TypeError, ValueError):
        number = 2
    if _is_zh(lang) or len(forms) == 1:
        return forms[-1] if _is_zh(lang) else forms[0]
    return forms[0] if number == 1 else forms[1]


def format_parts(text: str, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """``text`` with its placeholders filled, as alternating pieces: the
    message's own words (even indexes) and the parameter values written for
    ``lang`` (odd indexes). A wiki report puts the words in variant markup and
    quotes the values."""

    def plural(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise MessageError(f"missing parameter {name!r} in {text!r}")
        return _plural(lang, params[name], match.group(2).split("|"))

    pieces: list[str] = []
    words = _PLURAL.sub(plural, text)
    at = 0
    for match in _placeholders(words):
        name, kind = match.group(1), match.group(2)
        if name not in params:
            raise MessageError(f"missing parameter {name!r} in {text!r}")
        value = params[name]
        if kind is None:
            written = format_list(value, lang) if isinstance(value, (list, tuple)) else str(value)
        else:
            formatter = _FORMATS.get(kind)
            if formatter is None:
                raise MessageError(f"unknown format {kind!r} in {text!r}")
            written = formatter(value, lang)
        pieces += [words[at : match.start()], written]
        at = match.end()
    pieces.append(words[at:])
    return pieces


def format_message(text: str, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """Fill the placeholders of ``text`` for ``lang``."""
    return "".join(format_parts(text, params, lang))


def render(key: str, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """Message ``key`` with ``params``, in ``lang`` (a text found in a fallback
    language is written by that language's rules: plurals, months)."""
    return "".join(render_parts(key, params, lang))


def render_message(message: Message, lang: str = DEFAULT_LANGUAGE) -> str:
    return render(message.key, message.params, lang)


def known_keys(code: str, lang: str = DEFAULT_LANGUAGE) -> Iterable[str]:
    """Every key of rule ``code`` in the ``lang`` file."""
    return _texts(code.upper(), lang).keys()


def render_parts(key: str, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Message ``key`` in ``lang`` as :func:`format_parts` pieces."""
    text, found = _found(key, lang)
    return format_parts(text, params, found)


def has_text(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether ``key`` has a text in ``lang`` or a language it falls back to."""
    try:
        template(key, lang)
    except MessageError:
        return False
    return True


# -- findings in the reader's language -----------------------------------------


def page_language(lang: str, profile_language: str, text: str = "") -> str:
    """The language a page's findings are written in.

    ``lang`` itself unless it is ``auto``: then the language of the wiki
    profile, and on a Chinese wiki the script the page is written in (the
    seed, in Traditional script, gets ``zh-hant``; a page with no telling
    character gets ``zh-hans``)."""
    if lang != "auto":
        return lang
    if profile_language.startswith("zh"):
        return zh_variant(text) or "zh-hans"
    return profile_language if profile_language in LANGUAGES else DEFAULT_LANGUAGE


def localize(finding: Finding, lang: str) -> Finding:
    """``finding`` with its message and suggestion rendered in ``lang`` from
    ``message_key``, ``suggestion_key`` and ``params`` (a finding without a
    key, such as an internal error, is returned as it is)."""
    update: dict[str, str] = {}
    if finding.message_key:
        update["message"] = render(finding.message_key, finding.params, lang)
    if finding.suggestion_key:
        update["suggestion"] = render(finding.suggestion_key, finding.params, lang)
    return finding.model_copy(update=update) if update else finding


def localize_all(findings: Iterable[Finding], lang: str) -> list[Finding]:
    """:func:`localize` for each finding (a no-op list copy for English)."""
    if lang == DEFAULT_LANGUAGE:
        return list(findings)
    return [localize(f, lang) for f in findings]
