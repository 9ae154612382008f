"""What the rules' pre-parse tests ask of a page, read once from its text.

Before a page is parsed, each rule says whether it may find anything on it
(:meth:`Rule.may_find`). The facts those tests ask for — where ``<ref`` tags,
URLs, template names and date-led lines occur — are read here once per page,
on first use, and shared by every rule (``doc.facts``), instead of each rule
searching the text again.

Every fact is read from the *live* text: the page with its disabled regions
(closed comments and the tags whose content is not wikitext, ``<nowiki>``,
``<pre>``, ``<math>``...) blanked out, same length, so that what lies in them
starts no test. Only regions the parser certainly disables are blanked: a
comment never closed, or a ``<nowiki>`` never closed, is left as text.
A fact may over-state what the parse will find (a test then says "maybe"),
never under-state it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from wikilint.rules.document.brackets import OPAQUE_TAGS
from wikilint.rules.text.dates import lines_leading_with_a_date

if TYPE_CHECKING:
    from wikilint.rules.document import Document

#: Tags whose content is not wikitext (``DISABLED_TAGS`` of the document model).
_OPAQUE = (
    "nowiki|pre|syntaxhighlight|source|math|chem|ce|score|timeline|graph|templatedata"
    "|mapframe|maplink|inputbox"
)
_DISABLED = re.compile(r"<!--.*?-->|<(" + _OPAQUE + r")(?:\s[^<>]*)?(?<!/)>.*?</\1\s*>", re.S | re.I)
_MAY_DISABLE = re.compile(r"<!--|<(?:" + _OPAQUE + r")\b", re.I)
#: A ``<ref`` tag opening, its attributes, and whether it closes itself.
_REF_OPEN = re.compile(r"<ref(?=[\s>/])([^<>]*?)(/?)>", re.I)
_REF_CLOSE = re.compile(r"</ref\s*>", re.I)
_REF_NAME = re.compile(r"""\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'/>]+))""", re.I)
#: A web URL: a scheme MediaWiki links (or ``//`` right after ``[``) and what
#: follows up to a character that ends a URL everywhere.
_URL = re.compile(r"(?:\b(?:https?|ftp):)?//[^\s\[\]<>\"{}|]*", re.I)
#: Brackets, pipes, equals signs and ref tags: what the URL context walk reads.
_STRUCTURE = re.compile(
    r"\{\{|\}\}|\[\[|\]\]|\||=|<ref(?=[\s>/])[^<>]*?/?>|</ref\s*>|</?[A-Za-z][^<>]*>", re.I
)
_TEMPLATE_NAME = re.compile(r"\{\{([^{}|<>\[\]]*)(?=\||\}\})")


@dataclass(frozen=True, slots=True)
class RefSpan:
    """A ``<ref>`` as written: the tag's offsets, its ``name=``, its content's offsets."""

    start: int
    end: int
    name: str | None
    """``name=`` as written, quotes and surrounding space dropped"""
    reuse: bool
    content_start: int
    content_end: int


@dataclass(frozen=True, slots=True)
class UrlSpan:
    """A URL as written, with what stands around it."""

    start: int
    end: int
    bracketed: bool
    """right after a single ``[``"""
    titled: bool
    """bracketed, followed on its line by a plain title (no markup, no URL) and ``]``"""


class PageFacts:
    """The facts of one page's text the pre-parse tests ask for, each read on first use."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self.text = doc.text

    @cached_property
    def disabled(self) -> list[tuple[int, int]]:
        """Closed comments and closed tags whose content is not wikitext."""
        if not _MAY_DISABLE.search(self.text):
            return []
        return [m.span() for m in _DISABLED.finditer(self.text)]

    @cached_property
    def live(self) -> str:
        """The text with :attr:`disabled` regions blanked (spaces, newlines kept)."""
        if not self.disabled:
            return self.text
        parts, at = [], 0
        for start, end in self.disabled:
            parts.append(self.text[at:start])
            parts.append(re.sub(r"[^\n]", " ", self.text[start:end]))
            at = end
        parts.append(self.text[at:])
        return "".join(parts)

    # -- references -----------------------------------------------------------

    @cached_property
    def refs(self) -> list[RefSpan]:
        """Every ``<ref …>`` opening of the live text, in order; a ref never
        closed runs to the end of the page (its content over-stated)."""
        live, found = self.live, []  # type: tuple[str, list[RefSpan]]
        if "<ref" not in live and "<REF" not in live and "<Ref" not in live:
            return found
        for match in _REF_OPEN.finditer(live):
            attributes, closes = match.group(1), bool(match.group(2))
            named = _REF_NAME.search(attributes)
            name = next((g for g in named.groups() if g is not None), "") if named else None
            name = name.strip().strip("\"'") or None if name is not None else None
            if closes:
                found.append(RefSpan(match.start(), match.end(), name, True, match.end(), match.end()))
                continue
            close = _REF_CLOSE.search(live, match.end())
            content_end = close.start() if close else len(live)
            found.append(
                RefSpan(
                    match.start(), close.end() if close else len(live), name, False, match.end(), content_end
                )
            )
        return found

    # -- URLs -----------------------------------------------------------------

    @cached_property
    def urls(self) -> list[UrlSpan]:
        """Every web URL of the live text (``http://``, ``https://``, ``ftp://``,
        and ``//host`` right after ``[``)."""
        live, found = self.live, []  # type: tuple[str, list[UrlSpan]]
        if "//" not in live:
            return found
        match = _URL.search(live)
        while match is not None:
            start, end = match.span()
            scheme = live[start] != "/"
            bracketed = start > 0 and live[start - 1] == "[" and live[start - 2 : start] != "[["
            if not scheme and not bracketed:  # no link: a URL may begin inside it
                match = _URL.search(live, start + 2)
                continue
            found.append(UrlSpan(start, end, bracketed, bracketed and _titled(live, end)))
            match = _URL.search(live, max(end, start + 2))
        return found

    def url_contexts(self) -> list[tuple[UrlSpan, tuple[str, ...] | None]]:
        """Each URL with the frames that hold it, outermost first: ``"ref"``,
        ``"link"`` (a wikilink) or a template frame ``"template:<key>:<named|positional>"``; None when the page's
        brackets are not well formed (then the parse may pair them otherwise)."""
        urls = self.urls
        if not urls:
            return []
        if not _walkable(self):
            # the parse may pair brackets otherwise, or read ``|`` and ``=`` in -{…}- as text
            return [(url, None) for url in urls]
        live = self.live
        stack: list[list[str]] = []  # [kind, key, state]
        result: list[tuple[UrlSpan, tuple[str, ...] | None]] = []
        tokens = _STRUCTURE.finditer(live)
        token = next(tokens, None)
        for url in urls:
            while token is not None and token.start() < url.start:
                _step(stack, token, self._doc)
                token = next(tokens, None)
            frames = tuple(f[0] if f[0] != "template" else f"template:{f[1]}:{f[2]}" for f in stack)
            result.append((url, None if "?" in frames else frames))
        return result

    @cached_property
    def repeated_parameter(self) -> bool:
        """Whether some template call may give one parameter twice: a name
        written twice at the top level of one call (comments dropped), or a
        numbered name that a positional parameter also fills; True as well
        where the calls cannot be read surely from the text."""
        live = self.live
        if "{{" not in live:
            return False
        if not _walkable(self):
            return True
        stack: list[_Call | None] = []  # None: a frame that is not a template call
        for token in _STRUCTURE.finditer(live):
            value = token.group()
            if value in ("{{", "[["):
                stack.append(_Call() if value == "{{" else None)
            elif value in ("}}", "]]"):
                if stack:
                    call = stack.pop()
                    if call is not None and call.finish(self.text, token.start()):
                        return True
            elif value == "|":
                if stack and stack[-1] is not None:
                    if stack[-1].finish(self.text, token.start()):
                        return True
                    stack[-1].open(token.end())
            elif value == "=":
                if stack and stack[-1] is not None:
                    stack[-1].equals(token.start())
            elif value[:4].lower() == "<ref" and not value.endswith("/>"):
                stack.append(None)
            elif value[:5].lower() == "</ref":
                if stack and stack[-1] is None:
                    stack.pop()
        return False

    # -- templates and dates --------------------------------------------------

    @cached_property
    def template_keys(self) -> frozenset[str] | None:
        """Normalised names of every ``{{`` of the live text, read without
        parsing; None when some name cannot be read that way."""

        return written_template_keys(self.live, self._doc.normalize_template_name)

    @cached_property
    def date_led_lines(self) -> int:
        """How many lines may begin with a date, counted up to two (see
        :func:`~wikilint.rules.text.dates.lines_leading_with_a_date`); read
        from the whole text, as the chronologies are."""
        return lines_leading_with_a_date(self.text, 2)


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


class _Call:
    """The parameters of one template call, as the text is walked."""

    __slots__ = ("key_end", "keys", "positional", "start")

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.positional = 0
        self.start: int | None = None  # where the parameter being read begins (None: the name)
        self.key_end: int | None = None  # where its first top-level "=" is

    def open(self, start: int) -> None:
        self.start, self.key_end = start, None

    def equals(self, at: int) -> None:
        if self.start is not None and self.key_end is None:
            self.key_end = at

    def finish(self, text: str, end: int) -> bool:
        """Close the parameter being read at ``end``; True when its name was given before."""
        if self.start is None:
            return False
        if self.key_end is None:
            self.positional += 1
            key = str(self.positional)
        else:
            key = _COMMENT.sub("", text[self.start : self.key_end]).strip()
            if not key:
                return False
        repeated = key in self.keys
        self.keys.add(key)
        self.start = None
        return repeated


#: Tags the bracket scan skips whole that the live text keeps: braces in them may not pair.
_SKIPPED_TAG = re.compile(r"<(?:" + "|".join(sorted(OPAQUE_TAGS - set(_OPAQUE.split("|")))) + r")\b", re.I)


def _walkable(facts: PageFacts) -> bool:
    """Whether the page's templates can be walked from the text: brackets that
    pair, no comment left open, no ``{{{`` (``}}}`` may close a table and a
    template), no ``-{…}-`` (the parse reads ``|`` and ``=`` in it as text),
    no tag whose content the bracket scan skipped."""
    scan = facts._doc.brackets
    return not (
        scan.unclosed
        or scan.stray
        or scan.unclosed_comment is not None
        or "{{{" in facts.live
        or "-{" in facts.live
        or _SKIPPED_TAG.search(facts.live) is not None
    )


def _titled(live: str, end: int) -> bool:
    """Whether the bracketed link whose URL ends at ``end`` has a plain title:
    a space, then text with no markup and no URL, then ``]`` on the same line."""
    if end >= len(live) or live[end] not in " \t":
        return False
    close = live.find("]", end)
    line_end = live.find("\n", end)
    if close == -1 or (line_end != -1 and line_end < close):
        return False
    title = live[end:close]
    return (
        bool(title.strip())
        and not any(c in title for c in "[{}<>&")
        and "//" not in title
        and "-{" not in title
    )


def _step(stack: list[list[str]], token: re.Match[str], doc: Document) -> None:
    """Move the URL context walk over one structural token."""
    value = token.group()
    if value == "{{":
        name = _TEMPLATE_NAME.match(token.string, token.start())
        if name is None or doc.text[name.start(1) : name.end(1)] != name.group(1):
            stack.append(["?", "", ""])  # a name built of markup, or holding a comment
        else:
            stack.append(["template", doc.normalize_template_name(name.group(1)), "name"])
    elif value in ("}}", "]]"):
        if stack:
            stack.pop()
    elif value == "[[":
        stack.append(["link", "", ""])
    elif value == "|":
        if stack and stack[-1][0] == "template":
            stack[-1][2] = "positional"
    elif value == "=":
        if stack and stack[-1][0] == "template" and stack[-1][2] == "positional":
            stack[-1][2] = "named"
    elif value[:5].lower() == "</ref":
        if stack and stack[-1][0] == "ref":
            stack.pop()
        else:
            stack.append(["?", "", ""])
    elif value[:4].lower() == "<ref" and not value.endswith("/>"):
        stack.append(["ref", "", ""])
    # any other tag: its attributes hold no ``|`` or ``=`` of a template


#: Template names longer than this are not names (MediaWiki caps titles at 255 bytes).
_NAME_LIMIT = 256
_TEMPLATE_OPENING = re.compile(r"\{\{([^{}|]{0,%d})(.?)" % _NAME_LIMIT, re.S)


def written_template_keys(text: str, normalize: Callable[[str], str]) -> frozenset[str] | None:
    """Normalised names of every ``{{`` of ``text``, read without parsing;
    None when some name cannot be read that way (markup in it)."""
    keys = set()
    for match in _TEMPLATE_OPENING.finditer(text):
        name, follows = match.group(1), match.group(2)
        if follows == "{" or "<" in name or "-{" in name:
            return None  # a name built by a template, or holding a comment or a tag
        if len(name) < _NAME_LIMIT:
            keys.add(normalize(name))
    return frozenset(keys)
