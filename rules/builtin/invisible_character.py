"""SYN002 invisible-character: zero-width, bidi and other format characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from wikilint.rules.document import Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.fix import Edit, Fix
from wikilint.rules.rule import Rule
from wikilint.rules.text.script import script_needs

#: Characters that show nothing, and why each is there at all.
INVISIBLE = {
    "\u00ad": "soft hyphen",
    "\u061c": "bidi mark",
    "\u180e": "separator",
    "\u200b": "zero-width space",
    "\u200c": "joiner",
    "\u200d": "joiner",
    "\u200e": "bidi mark",
    "\u200f": "bidi mark",
    "\u2028": "separator",
    "\u2029": "separator",
    "\u202a": "bidi mark",
    "\u202b": "bidi mark",
    "\u202c": "bidi mark",
    "\u202d": "bidi mark",
    "\u202e": "bidi mark",
    "\u2060": "joiner",
    "\u2061": "invisible operator",
    "\u2062": "invisible operator",
    "\u2063": "invisible operator",
    "\u2064": "invisible operator",
    "\u2066": "bidi mark",
    "\u2067": "bidi mark",
    "\u2068": "bidi mark",
    "\u2069": "bidi mark",
    "\ufeff": "byte order mark",
    "\ufff9": "annotation",
    "\ufffa": "annotation",
    "\ufffb": "annotation",
}
#: One of them. A run of them is found a character at a time: ``re`` skips
#: ahead with its fast class scan only for a lone class, not for ``[…]+``
#: (on a long page, 0.025 s against 0.0004 s).
_ANY = re.compile("[" + "".join(INVISIBLE) + "]")
_CONTEXT = 12
_WORD_LIMIT = 40
_SPACE = re.compile(r"\s")


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}"


class InvisibleCharacter(Rule):
    """
    ## What it does
    Reports invisible format characters in the text, the citations and the
    template parameters of an article: zero-width spaces (U+200B), soft
    hyphens (U+00AD), byte order marks (U+FEFF), word joiners, line and
    paragraph separators, invisible operators and bidi marks and overrides
    (U+200E, U+202A–U+202E, U+2066–U+2069). The characters of one word
    are one finding; the evidence gives each one's code point and Unicode
    name and the text around them.

    Characters a script needs are left alone: a zero-width joiner inside an
    emoji sequence, a zero-width joiner or non-joiner beside Persian,
    Arabic-script or Indic letters, a bidi mark beside right-to-left text.
    Nothing in comments, `<nowiki>`, `<pre>`, `<math>` or
    `<syntaxhighlight>` is reported.

    ## Why is this bad?
    Nobody sees these characters, yet they break things: a zero-width
    space in a URL or a template parameter makes the link dead or the
    parameter unknown, a soft hyphen stops a search from finding the word,
    and a stray bidi override reverses the text after it. They come from
    copying text out of web pages and word processors (CheckWiki error 16;
    in 2020 over 600,000 zh.wikipedia pages had them in citations).

    ## Example
        Fallujah fell.<ref>{{cite news |url=http://www.example.com/news/2014/01/04/fallujah\u200b |title=Fallujah}}</ref>

    Use instead:
        Fallujah fell.<ref>{{cite news |url=http://www.example.com/news/2014/01/04/fallujah |title=Fallujah}}</ref>
    """

    code = "SYN002"
    name = "invisible-character"
    summary = "Invisible format character (zero-width space, soft hyphen, bidi mark, BOM) in the text"
    severity = Severity.WARNING
    triggers = tuple(INVISIBLE)

    def may_find(self, doc: Document) -> bool:
        """Only where a format character is written: one search for them all."""
        return _ANY.search(doc.text) is not None

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for group in _words(
            text,
            (match.start() for match in _ANY.finditer(text) if not script_needs(text, match.start())),
        ):
            first, last = group[0], group[-1] + 1
            characters = [describe(text[i]) for i in group]
            count = len(characters)
            yield self.finding(
                doc,
                first,
                last,
                self.message("found", count=count, characters=_distinct(characters)),
                suggestion=self.message("fix", count=count),
                evidence={
                    "characters": [
                        {
                            "code_point": f"U+{ord(text[i]):04X}",
                            "name": unicodedata.name(text[i], "UNNAMED"),
                            "kind": INVISIBLE[text[i]],
                            "offset": i,
                        }
                        for i in group
                    ],
                    "before": text[max(0, first - _CONTEXT) : first],
                    "after": text[last : last + _CONTEXT],
                },
                fix=_removal(text, group),
            )


def _words(text: str, offsets: Iterator[int]) -> Iterator[list[int]]:
    """The offsets grouped by word: characters with no space between them
    (``Staats\u00adbib\u00adli\u00adothek``) are one finding."""
    group: list[int] = []
    for offset in offsets:
        if group and (offset - group[-1] > _WORD_LIMIT or _SPACE.search(text, group[-1] + 1, offset)):
            yield group
            group = []
        group.append(offset)
    if group:
        yield group


def _removal(text: str, group: list[int]) -> Fix:
    """Remove the characters: safe, except line and paragraph separators, which
    become a space (they may stand between two words: unsafe)."""
    edits: list[Edit] = []
    separator = False
    for offset in group:
        replacement = " " if INVISIBLE[text[offset]] == "separator" else ""
        separator = separator or bool(replacement)
        if edits and edits[-1].end == offset and not replacement and not edits[-1].content:
            edits[-1] = Edit.delete(edits[-1].start, offset + 1)
        elif edits and edits[-1].end == offset:
            edits[-1] = Edit.replace(edits[-1].start, offset + 1, edits[-1].content + replacement)
        else:
            edits.append(Edit.replace(offset, offset + 1, replacement))
    return Fix.unsafe(*edits) if separator else Fix.safe(*edits)


def _distinct(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
