"""REF006 malformed-reference: a <ref> that MediaWiki's Cite cannot use."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from wikilint.rules.document import Document
from wikilint.rules.document.references import defined_names, name_key
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule

#: An opening ``<ref …>`` or ``<ref …/>`` tag as written (not ``<references>``).
_OPENING = re.compile(r"<ref(?=[\s/>])([^<>]*?)(/?)>", re.IGNORECASE)
_CLOSING = re.compile(r"</ref\s*>", re.IGNORECASE)
#: A quoted attribute value, and an attribute whose value opens a quote it never closes.
_QUOTED = re.compile(r"=\s*(\"[^\"]*\"|'[^']*')")
_NAME_ATTRIBUTE = re.compile(r"\bname\s*=\s*(\S*)", re.IGNORECASE)


class MalformedReference(Rule):
    """
    ## What it does
    Reports a `<ref>` that MediaWiki's Cite extension cannot use:

    - an empty reference with no name (`<ref></ref>`, `<ref/>`): an empty
      *named* `<ref name="x"></ref>` is a reuse, and fine when `x` is
      defined elsewhere;
    - a reuse `<ref name="x"/>` of a name no reference defines (neither a
      `<ref name="x">…</ref>`, nor `{{#tag:ref|…|name=x}}`, nor a note
      template such as `{{efn|name=x|…}}`);
    - a `<ref>` that is never closed: another `<ref>` opens before its
      `</ref>` (it swallows the text up to there), or no `</ref>` follows at
      all (the tag shows as text);
    - a `name=` (or `group=`) with unbalanced quotes, `name="x` or `name=x"`
      (CheckWiki #104).

    The evidence names the problem, the name and where the swallowed text
    ends.

    ## Why is this bad?
    Each is a Cite error in the rendered page: a red error message in place
    of the footnote or the reference list, a source that is lost, or text of
    the article that disappears into a footnote.

    ## Example
        Ramadi was contested.<ref name="isw" />
        Fallujah fell.<ref>{{cite news |title=Iraq loses Fallujah |work=Reuters}}
        The army shelled the city.<ref>{{cite news |title=Shelling |work=AP}}</ref>

    Use instead:
        Ramadi was contested.<ref name="isw">{{cite web |title=Iraq Update #41 |publisher=ISW}}</ref>
        Fallujah fell.<ref>{{cite news |title=Iraq loses Fallujah |work=Reuters}}</ref>
        The army shelled the city.<ref>{{cite news |title=Shelling |work=AP}}</ref>
    """

    code = "REF006"
    name = "malformed-reference"
    summary = "Empty, undefined, unclosed or badly quoted <ref>"
    severity = Severity.WARNING
    triggers = ("<ref", "<REF", "<Ref")

    def may_find(self, doc: Document) -> bool:
        """Only where a ``<ref>`` is left open, quotes an attribute badly, is
        empty, or reuses a name no reference with content is given (read from
        the text; a comment left open makes anything possible)."""
        facts = doc.facts
        live = facts.live
        if not facts.refs:
            return False
        if doc.brackets.unclosed_comment is not None:
            return True
        openings = list(_OPENING.finditer(live))
        closings = [m.start() for m in _CLOSING.finditer(live)]
        pairs = [m.start() for m in openings if not m.group(2)]
        for match in openings:
            if _unbalanced_quote(match.group(1)) is not None:
                return True
            if match.group(2):
                continue
            i = bisect.bisect_left(closings, match.end())
            j = bisect.bisect_left(pairs, match.end())
            if i == len(closings) or (j < len(pairs) and pairs[j] < closings[i]):
                return True
        defined = {
            name_key(ref.name)
            for ref in facts.refs
            if ref.name and doc.text[ref.content_start : ref.content_end].strip()
        }
        for ref in facts.refs:
            if doc.text[ref.content_start : ref.content_end].strip():
                continue
            name = name_key(ref.name)
            if name is None or name not in defined:
                return True
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        found = list(self._written(doc))
        found += self._parsed(doc)
        found.sort(key=lambda f: (f.line, f.column))
        yield from found

    def _parsed(self, doc: Document) -> list[Finding]:
        """Empty references and reuses of undefined names, from the parse."""
        found = []
        names = None
        for ref in doc.refs:
            if ref.content.strip():
                continue
            name = name_key(ref.name)
            if name is None:
                found.append(
                    self.finding(
                        doc,
                        ref.start,
                        ref.end,
                        self.message("empty"),
                        suggestion=self.message("fix-empty"),
                        evidence={"problem": "empty", "name": None, "group": ref.group},
                    )
                )
                continue
            if "{{" in name or "{{{" in name:
                continue  # a name built by a template
            names = defined_names(doc) if names is None else names
            if name not in names:
                found.append(
                    self.finding(
                        doc,
                        ref.start,
                        ref.end,
                        self.message("undefined", ref=name),
                        suggestion=self.message("fix-undefined", ref=name),
                        evidence={"problem": "undefined", "name": name, "group": ref.group},
                    )
                )
        return found

    def _written(self, doc: Document) -> Iterator[Finding]:
        """Unclosed references and unbalanced quotes, read from the text
        itself (the parser reads an unclosed ``<ref>`` as plain text)."""
        text = doc.text
        openings = [m for m in _OPENING.finditer(text) if not doc.is_disabled(m.start())]
        closings = [m.start() for m in _CLOSING.finditer(text) if not doc.is_disabled(m.start())]
        pairs = [m.start() for m in openings if not m.group(2)]
        for match in openings:
            start, end = match.span()
            attributes = match.group(1)
            quote = _unbalanced_quote(attributes)
            if quote is not None:
                yield self.finding(
                    doc,
                    start,
                    end,
                    self.message("quotes", attribute=quote),
                    suggestion=self.message("fix-quotes"),
                    evidence={"problem": "unbalanced-quotes", "attribute": quote},
                )
            if match.group(2):
                continue  # <ref … />: closes itself
            i = bisect.bisect_left(closings, end)
            closing = closings[i] if i < len(closings) else None
            j = bisect.bisect_left(pairs, end)
            next_opening = pairs[j] if j < len(pairs) else None
            if closing is not None and (next_opening is None or closing < next_opening):
                continue
            line = doc.position(closing)[0] if closing is not None else None
            if closing is None:
                message = self.message("unclosed-end")
            else:
                message = self.message("unclosed", line=line)
            yield self.finding(
                doc,
                start,
                end,
                message,
                suggestion=self.message("fix-unclosed"),
                severity=Severity.ERROR if closing is not None else None,
                evidence={
                    "problem": "unclosed",
                    "next_ref": next_opening is not None,
                    "swallowed_to_line": line,
                },
            )


def _unbalanced_quote(attributes: str) -> str | None:
    """The ``name=`` or ``group=`` attribute, as written, whose quotes do not pair."""
    rest = _QUOTED.sub("=", attributes)
    for attribute in re.finditer(r"\b(name|group)\s*=\s*(\S*)", rest, re.IGNORECASE):
        value = attribute.group(2)
        if (value[:1] in "\"'" and value) or (value[-1:] in "\"'" and value):
            return attribute.group(0).strip()
    return None
