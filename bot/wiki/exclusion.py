"""The bot-exclusion protocol: ``{{nobots}}``, ``{{bots}}`` and an opt-out template.

Read from the wikitext itself, so that it works on any revision and does not
depend on the wiki's link tables (pywikibot's ``botMayEdit`` reads those,
and ignores ``optout``). The rules are those of en.wikipedia's Template:Bots,
as pywikibot applies them:

* ``{{nobots}}`` excludes every bot; ``{{nobots|A,B}}`` excludes bots A and B
  (or all, with ``all``);
* ``{{bots|allow=A,B}}`` excludes every bot not listed (``all`` allows all,
  ``none`` none);
* ``{{bots|deny=A,B}}`` excludes the bots listed (``all``: every bot);
* ``{{bots|optout=T1,T2}}`` excludes the message types listed (``all``: every
  type); this bot's messages are of one type, ``wikilint`` by default;
* the bot's own opt-out template (``{{Wikilint-optout}}`` by default)
  excludes this bot.

Templates inside comments, ``<nowiki>`` or ``<pre>`` do not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.nodes import Template

DEFAULT_MESSAGE_TYPE = "wikilint"
DEFAULT_OPTOUT_TEMPLATE = "Wikilint-optout"


@dataclass(frozen=True)
class Exclusion:
    """Why the bot must leave a page alone."""

    reason: str
    """``nobots``, ``bots-allow``, ``bots-deny``, ``bots-optout`` or ``optout-template``"""
    template: str
    """the template as written in the page"""


def normalize_name(name: str, prefixes: Iterable[str] = ("Template",)) -> str:
    """A page or user name as MediaWiki compares it: trimmed, ``_`` as space,
    one space between words, first letter upper case, no namespace prefix."""
    name = " ".join(name.replace("_", " ").split())
    for prefix in prefixes:
        head, sep, rest = name.partition(":")
        if sep and head.strip().casefold() == prefix.casefold():
            name = rest.strip()
            break
    return name[:1].upper() + name[1:]


def _names(value: str) -> set[str]:
    return {normalize_name(part, ()) for part in value.split(",") if part.strip()}


def _contains(names: set[str], wanted: str) -> bool:
    return normalize_name(wanted, ()) in names or "All" in names


class ExclusionPolicy:
    """Decides whether a page's wikitext excludes this bot."""

    def __init__(
        self,
        bot_user: str,
        *,
        message_type: str = DEFAULT_MESSAGE_TYPE,
        optout_templates: Iterable[str] = (DEFAULT_OPTOUT_TEMPLATE,),
        template_prefixes: Iterable[str] = ("Template",),
    ) -> None:
        self.bot_user = normalize_name(bot_user, ())
        self.message_type = message_type
        self.prefixes = tuple(template_prefixes)
        self.optout_templates = {normalize_name(t, self.prefixes) for t in optout_templates}

    def check(self, text: str) -> Exclusion | None:
        """The first exclusion found in ``text``, or None when the bot may post."""
        code = mwparserfromhell.parse(text)
        for template in code.filter_templates(recursive=True):
            exclusion = self._template(template)
            if exclusion is not None:
                return exclusion
        return None

    def _template(self, template: Template) -> Exclusion | None:
        name = normalize_name(str(template.name), self.prefixes)
        written = str(template)
        if name in self.optout_templates:
            return Exclusion("optout-template", written)
        if name == "Nobots":
            if not template.params:
                return Exclusion("nobots", written)
            names = _names(str(template.params[0].value))
            if _contains(names, self.bot_user):
                return Exclusion("nobots", written)
            return None
        if name != "Bots":
            return None
        for param in template.params:
            key = str(param.name).strip().lower()
            names = _names(str(param.value))
            if key == "allow":
                if "None" in names or not _contains(names, self.bot_user):
                    return Exclusion("bots-allow", written)
            elif key == "deny":
                if _contains(names, self.bot_user):
                    return Exclusion("bots-deny", written)
            elif key == "optout":
                if "All" in names or normalize_name(self.message_type, ()) in names:
                    return Exclusion("bots-optout", written)
        return None
