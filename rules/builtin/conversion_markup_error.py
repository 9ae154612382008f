"""ZH001 conversion-markup-error: broken ``-{…}-`` language conversion markup."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.rules.document import Document
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule

#: The variants of zh.wikipedia (LanguageConverter's zh variants).
VARIANTS = frozenset({"zh", "zh-hans", "zh-hant", "zh-cn", "zh-hk", "zh-mo", "zh-my", "zh-sg", "zh-tw"})
_VARIANT = r"zh(?:-(?:hans|hant|cn|hk|mo|my|sg|tw))?"
#: What an editor writes as a variant code: ``zh-hans``, ``zh_TW``, ``zh-han``, ``cn``.
_CODE_LIKE = re.compile(r"(?i:zh(?:[-_][a-z]{1,8})?|hans|hant|cn|tw|hk|sg|mo|my)")
#: A rule of the markup: ``zh-hans:…`` or ``from=>zh-cn:…``, at a segment start.
_SEGMENT = re.compile(r"^\s*(?:[^;:=]*?=>\s*)?([A-Za-z_-]{2,12})\s*:")
#: A valid variant code with its colon, anywhere (to find a missing ``;``).
_CODE_ANYWHERE = re.compile(r"(?<![A-Za-z0-9_-])(" + _VARIANT + r")\s*:(?!//)")
#: Nested markup whose ``;`` and ``:`` are not the rule's own.
_NESTED = re.compile(r"\{\{[^{}]*\}\}|\[\[[^\[\]]*\]\]|-\{[^{}]*\}-|<[^<>]*>|&#?\w+;")
_FLAGS = re.compile(r"^\s*[A-Za-z;\s-]{0,20}$")


class ConversionMarkupError(Rule):
    """
    ## What it does
    On zh.wikipedia, reports language conversion markup `-{…}-` that
    MediaWiki cannot read as the editor meant:

    - a `-{` that is never closed with `}-`, or that is closed only after
      the end of the template parameter or link it starts in (the
      template's `}}` or the link's `]]` comes first), so that the template
      or the link is broken;
    - a rule with a variant code that does not exist (`zh-han:`, `zh_TW:`,
      `zh-tw :` written as `zh-TW:`): MediaWiki does not split the rules
      there and shows the code and the text of both variants to readers;
    - two variant rules with no `;` between them
      (`-{zh-hans:鼠标zh-hant:滑鼠}-`): the first variant shows both.

    The valid codes are `zh`, `zh-hans`, `zh-hant`, `zh-cn`, `zh-tw`,
    `zh-hk`, `zh-mo`, `zh-sg` and `zh-my`. Nothing in comments, `<nowiki>`,
    `<pre>`, `<math>` or `<syntaxhighlight>` is reported. The evidence
    gives the markup, the code and its position.

    ## Why is this bad?
    Broken conversion markup is shown to readers as it is — with its
    braces, codes and the text meant for the other variants — or it
    swallows the template or link around it.

    ## Example
        美國在二戰後成為超級大國，-{zh-hans:互联网;zh-han:網際網路;}-隨之普及。
        使用-{zh-hans:鼠标zh-hant:滑鼠}-操作。

    Use instead:
        美國在二戰後成為超級大國，-{zh-hans:互联网;zh-hant:網際網路;}-隨之普及。
        使用-{zh-hans:鼠标;zh-hant:滑鼠}-操作。
    """

    code = "ZH001"
    name = "conversion-markup-error"
    summary = "Broken -{…}- conversion markup: unclosed, unknown variant code or a missing ';'"
    severity = Severity.WARNING
    wikis = frozenset({"zhwiki"})
    triggers = ("-{",)

    def may_find(self, doc: Document) -> bool:
        """Only where a ``-{`` is left open or some ``-{…}-`` is closed (read without parsing)."""
        if "-{" not in doc.text:
            return False
        scan = doc.brackets
        return bool(scan.variants) or any(bracket.kind == "-{" for bracket in scan.unclosed)

    def check(self, doc: Document) -> Iterator[Finding]:
        scan = doc.brackets
        for bracket in scan.unclosed:
            if bracket.kind != "-{":
                continue
            evidence = {
                "markup": doc.text[bracket.start : bracket.start + 40],
                "line": doc.position(bracket.start)[0],
                "column": doc.position(bracket.start)[1],
            }
            if bracket.swallowed is None:
                message = self.message("unclosed", open="-{", close="}-")
            else:
                line = doc.position(bracket.swallowed.start)[0]
                outer = bracket.swallowed.kind
                message = self.message("crosses", open="-{", outer=outer, line=line)
                evidence["breaks"] = {"bracket": outer, "line": line}
            yield self.finding(
                doc,
                bracket.start,
                bracket.end,
                message,
                suggestion=self.message("fix-unclosed", close="}-"),
                evidence=evidence,
            )
        for start, end in scan.variants:
            yield from self._rules(doc, start, end)

    def _rules(self, doc: Document, start: int, end: int) -> Iterator[Finding]:
        inner_start = start + 2
        inner = _masked(doc.text[inner_start : end - 2])
        bar = inner.find("|")
        if bar != -1 and _FLAGS.match(inner[:bar]):
            inner_start += bar + 1
            inner = inner[bar + 1 :]
        markup = doc.text[start:end]
        segments = _segments(inner)
        codes = [(offset, match) for offset, segment in segments if (match := _SEGMENT.match(segment))]
        is_rule = any(m.group(1) in VARIANTS for _, m in codes)
        for offset, match in codes:
            code = match.group(1)
            if code in VARIANTS or not _CODE_LIKE.fullmatch(code):
                continue
            if not is_rule and not code.lower().startswith("zh"):
                continue  # "cn:" in plain text is no rule
            at = inner_start + offset + match.start(1)
            yield self.finding(
                doc,
                at,
                at + len(code),
                self.message("unknown-variant", code=code),
                suggestion=self.message("fix-variant"),
                evidence={"code": code, "markup": markup[:120], "valid": sorted(VARIANTS)},
            )
        if not is_rule:
            return
        for offset, segment in segments:
            head = _SEGMENT.match(segment)
            for match in _CODE_ANYWHERE.finditer(segment, head.end() if head else 0):
                before = segment[: match.start()].rstrip()
                if not before or before.endswith("=>"):
                    continue
                at = inner_start + offset + match.start(1)
                yield self.finding(
                    doc,
                    at,
                    at + len(match.group(1)),
                    self.message("missing-semicolon", code=match.group(1)),
                    suggestion=self.message("fix-semicolon", code=match.group(1)),
                    evidence={"code": match.group(1), "markup": markup[:120]},
                )


def _masked(text: str) -> str:
    """``text`` with nested templates, links, tags and entities blanked (same length)."""
    while True:
        masked = _NESTED.sub(lambda m: " " * len(m.group()), text)
        if masked == text:
            return masked
        text = masked


def _segments(rules: str) -> list[tuple[int, str]]:
    """The ``;``-separated parts of a rule text, each with its offset."""
    parts, offset = [], 0
    for part in rules.split(";"):
        parts.append((offset, part))
        offset += len(part) + 1
    return parts
