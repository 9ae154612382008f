"""Quoting article text inside a talk-page report so that it stays inert.

Everything a report shows from an article (snippets, section titles, rule
messages that quote the article) goes through :func:`quote`: the text is put
in ``<nowiki>`` with ``&``, ``<`` and ``>`` written as entities, so that

* nothing in it is parsed as wikitext: no template is transcluded, no
  category added, no link made (so no user is pinged), no table opened;
* ``</nowiki>`` in the text cannot close the quotation early;
* ``~~~~`` is not replaced by a signature (the pre-save transform skips
  ``<nowiki>``), nor is ``{{subst:...}}`` expanded;
* line breaks cannot end the list item the quotation stands in.

Readers still see the text exactly as it is in the article.
"""

from __future__ import annotations

import re

#: Every kind of line break, shown as a visible mark instead.
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
LINE_BREAK_MARK = " ↵ "
ELLIPSIS = "…"


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, marked with an ellipsis."""
    if limit < 1:
        raise ValueError("limit must be positive")
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def quote(text: str, limit: int | None = None) -> str:
    """``text`` as inert wikitext that displays exactly as ``text``.

    ``limit`` cuts long text first (before escaping, so that no entity is cut
    in half). Empty text gives an empty string.
    """
    if limit is not None:
        text = truncate(text, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LINE_BREAKS.sub(LINE_BREAK_MARK, text)
    return f"<nowiki>{text}</nowiki>" if text else ""


def link(title: str, label: str | None = None) -> str:
    """A wikilink to a page title (a colon first, so that ``Category:`` and
    ``File:`` titles link rather than categorise or embed).

    Titles cannot contain ``[]{}|<>``, so a valid title needs no escaping;
    anything else is refused rather than written into a page.
    """
    if not title or any(char in title for char in "[]{}|<>\n"):
        raise ValueError(f"not a valid page title: {title!r}")
    if label is None:
        return f"[[:{title}]]"
    return f"[[:{title}|{label}]]"


#: Where MediaWiki splits a ``-{…}-`` block: a ``;`` followed by a variant
#: code and a colon (a ``;`` elsewhere, as in ``&lt;``, is text), or ``=>``.
_QUOTED = re.compile(r"<nowiki>.*?</nowiki>", re.S)
_VARIANT_SEPARATOR = re.compile(r";\s*[a-z]{2,3}(?:-[a-z]+)*\s*:|=>", re.IGNORECASE)


def variant_markup(texts: dict[str, str]) -> str:
    """Text per language variant as ``-{zh-hans:...;zh-hant:...;}-``.

    Only for translated messages (never for article text): readers see the
    variant they chose, whatever the automatic conversion would have made of
    it. One variant, or identical texts, need no markup. A text that could
    end the block or split it (``}-``, ``;zh-hant:``) is refused.
    """
    distinct = set(texts.values())
    if len(distinct) <= 1:
        return next(iter(distinct), "")
    for text in texts.values():
        markup = _QUOTED.sub("", text)  # the converter never sees inside <nowiki>
        if (
            "-{" in markup
            or "}-" in markup
            or _VARIANT_SEPARATOR.search(markup)
            or markup.rstrip().endswith(";")
        ):
            raise ValueError(f"message cannot go inside variant markup: {text!r}")
    inner = "".join(f"{variant}:{text};" for variant, text in texts.items())
    return f"-{{{inner}}}-"
