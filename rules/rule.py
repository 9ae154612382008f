"""The rule SDK: subclass :class:`Rule`, yield findings from ``check``.

A rule is small: metadata, an optional options model, and ``check(doc)``::

    class BareUrl(Rule):
        \"\"\"What it does / Why is this bad? / Example ...\"\"\"

        code = "REF001"
        name = "bare-url"
        summary = "Reference or link whose only text is its URL"
        severity = Severity.WARNING
        triggers = ("http", "//")

        def check(self, doc):
            for link in doc.external_links:
                ...
                yield self.finding(doc, link.start, link.end, "Bare URL ...")

The class docstring is the rule's documentation, under the headings
``What it does``, ``Why is this bad?`` and ``Example``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Iterator

from pydantic import BaseModel, ConfigDict

from rules.document import Document
from rules.finding import Finding, Severity

CODE_PATTERN = re.compile(r"^[A-Z]{2,4}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_HEADINGS = ("What it does", "Why is this bad?", "Example")
SNIPPET_LIMIT = 200


class NoOptions(BaseModel):
    """Options of a rule that takes none."""

    model_config = ConfigDict(extra="forbid")


class Rule:
    """Base class of every wikilint rule (built-in or from a plugin)."""

    code: ClassVar[str]
    """stable code, e.g. ``CIT001``; never reused"""
    name: ClassVar[str]
    """kebab-case name of the bad pattern, e.g. ``citation-needed``"""
    summary: ClassVar[str]
    """one line for the catalogue"""
    severity: ClassVar[Severity] = Severity.WARNING
    """default severity; profiles and configs may override it"""
    wikis: ClassVar[frozenset[str]] = frozenset()
    """wiki profiles the rule applies to; empty means every wiki"""
    triggers: ClassVar[tuple[str, ...]] = ()
    """cheap pre-filter: the rule is skipped unless one of these substrings
    occurs in the page text (empty: always run)"""
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, options: BaseModel | dict[str, Any] | None = None) -> None:
        if isinstance(options, BaseModel):
            self.options = options
        else:
            self.options = self.Options.model_validate(options or {})

    def check(self, doc: Document) -> Iterator[Finding]:
        """Yield the findings of this rule on ``doc``."""
        raise NotImplementedError

    def applies_to(self, wiki: str) -> bool:
        return not self.wikis or wiki in self.wikis

    def triggered_by(self, text: str) -> bool:
        return not self.triggers or any(t in text for t in self.triggers)

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        evidence: dict[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule over ``doc.text[start:end]``."""
        line, column = doc.position(start)
        end_line, end_column = doc.position(max(end, start))
        snippet = doc.text[start:end]
        if len(snippet) > SNIPPET_LIMIT:
            snippet = snippet[: SNIPPET_LIMIT - 1] + "…"
        return Finding(
            code=self.code,
            rule=self.name,
            severity=severity or self.severity,
            message=message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            section=doc.section_at(start).title,
            snippet=snippet,
            suggestion=suggestion,
            evidence=evidence or {},
        )

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation: its class docstring, dedented."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def example(cls) -> str | None:
        """The wikitext of the docstring's ``Example`` (first indented block after it)."""
        doc = cls.documentation()
        match = re.search(r"^Example:?\s*\n(.*?)(?=^\S|\Z)", doc, re.M | re.S)
        if not match:
            return None
        lines = [ln for ln in match.group(1).splitlines()]
        body = [ln for ln in lines if ln.strip() and not ln.strip().startswith("```")]
        if not body:
            return None
        indent = min(len(ln) - len(ln.lstrip()) for ln in body)
        return "\n".join(ln[indent:] for ln in lines if not ln.strip().startswith("```")).strip("\n")
