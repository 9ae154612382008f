"""Translated messages for reports and edit summaries.

The texts live in ``bot/wiki/i18n/wikilint/<lang>.json`` and are read with
pywikibot's :func:`~pywikibot.i18n.twtranslate` (fallback languages, plural
rules). A rule's message is rendered from its key and parameters
(:meth:`Messages.rule_text`, the rules' own catalogue). On a Chinese wiki
each message is written for both scripts at once,
as ``-{zh-hans:...;zh-hant:...;}-``, so that a report reads correctly in
either. Parameters (links, quoted article text) are put *between* the
variant blocks, never inside them, so nothing from an article can end up in
conversion markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pywikibot import i18n

from wikilint.bot.wiki.wikitext import quote, variant_markup
from wikilint.rules import messages as rule_messages

MESSAGES_PACKAGE = "wikilint.bot.wiki.i18n"
BUNDLE = "wikilint"
#: Written for both scripts at once, in this order.
CHINESE_VARIANTS = ("zh-hans", "zh-hant")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


class MessageError(Exception):
    """A translation is missing or does not fit the message's parameters."""


def variants_for(lang: str) -> tuple[str, ...]:
    """The language codes a report on a wiki of language ``lang`` uses."""
    if lang == "zh" or lang.startswith(
        ("zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk", "zh-sg", "zh-mo", "zh-my")
    ):
        return CHINESE_VARIANTS
    return (lang,)


class Messages:
    """The bot's messages in the language of one wiki."""

    def __init__(self, lang: str) -> None:
        i18n.set_messages_package(MESSAGES_PACKAGE)
        self.lang = lang
        self.variants = variants_for(lang)

    def _template(self, variant: str, key: str, params: Mapping[str, Any]) -> str:
        try:
            text = i18n.twtranslate(variant, f"{BUNDLE}-{key}", dict(params), only_plural=True)
        except Exception as error:  # TranslationError, or a bad plural
            raise MessageError(f"message {key!r} ({variant}): {error}") from None
        if text is None:
            raise MessageError(f"message {key!r} has no translation for {variant}")
        return text

    def wikitext(self, key: str, **params: Any) -> str:
        """Message ``key`` as wikitext, with variant markup where needed.

        Parameter values are inserted as they are: pass wikitext that is
        already safe (links made here, :func:`~bot.wiki.wikitext.quote`).
        """
        templates = {v: self._template(v, key, params) for v in self.variants}
        split = {v: _PLACEHOLDER.split(t) for v, t in templates.items()}
        shapes = {tuple(parts[1::2]) for parts in split.values()}
        if len(shapes) != 1:
            raise MessageError(f"message {key!r}: the variants use different parameters")
        names = next(iter(shapes))
        pieces: list[str] = []
        for index in range(len(names) + 1):
            pieces.append(variant_markup({v: parts[2 * index] for v, parts in split.items()}))
            if index < len(names):
                name = names[index]
                if name not in params:
                    raise MessageError(f"message {key!r} needs parameter {name!r}")
                pieces.append(str(params[name]))
        return "".join(pieces)

    def plain(self, key: str, **params: Any) -> str:
        """Message ``key`` as plain text in the wiki's main variant (edit summaries)."""
        template = self._template(self.variants[0], key, params)
        return _PLACEHOLDER.sub(lambda m: str(params[m.group(1)]), template)

    def rule_text(
        self, key: str | None, params: Mapping[str, Any], rendered: str, limit: int | None = None
    ) -> str:
        """A finding's message (or suggestion) as inert wikitext in the wiki's
        language, both scripts at once on a Chinese wiki: the message's own
        words in variant markup, its parameter values (article text) quoted
        between the blocks. ``rendered`` (the finding's English text) stands
        in for a finding without a key, such as an internal error."""
        if not key:
            return quote(rendered, limit)
        pieces = {}
        for variant in self.variants:
            try:
                pieces[variant] = rule_messages.render_parts(key, params, variant)
            except rule_messages.MessageError as error:
                raise MessageError(str(error)) from None
        first = pieces[self.variants[0]]
        if len({len(p) for p in pieces.values()}) != 1 or any(
            p[1::2] != first[1::2] for p in pieces.values()
        ):
            raise MessageError(f"message {key!r}: the variants place the parameters differently")
        out = []
        for index, piece in enumerate(first):
            if index % 2:
                out.append(quote(piece, limit))
            else:
                out.append(variant_markup({v: quote(p[index]) for v, p in pieces.items()}))
        # quoted pieces side by side are one quotation (a quoted text holds no "<")
        return "".join(out).replace("</nowiki><nowiki>", "")
