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
from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from wikilint.rules import messages
from wikilint.rules.document import Document
from wikilint.rules.finding import Finding, Severity, fingerprint_of
from wikilint.rules.fix import Fix
from wikilint.rules.messages import Message

CODE_PATTERN = re.compile(r"^[A-Z]{2,4}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_HEADINGS = ("What it does", "Why is this bad?", "Example")
#: The parts of a rule's documentation that are translated (keys
#: ``wikilint-<code>-summary``, ``-what``, ``-why``), and where the English
#: source of each is.
DOC_PARTS = ("summary", "what", "why")
#: Parts of the documentation a rule's docstring may have (``## Fix``: what
#: its fix does), translated like the others where the docstring has them.
OPTIONAL_DOC_PARTS = ("fixing",)
#: The docstring heading of each part read from the docstring.
PART_HEADINGS = {"what": "What it does", "why": "Why is this bad?", "fixing": "Fix"}
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
    occurs in the page text (empty: always run); :meth:`may_find` may say
    more precisely where a finding is possible"""
    template_triggers: ClassVar[tuple[str, ...]] = ()
    """profile alias groups (``citation-needed``...): the rule is skipped, and
    the page left unparsed, unless the text may transclude a template of one
    of them (:meth:`Document.may_transclude`). With ``triggers`` as well,
    either is enough."""
    costly_test: ClassVar[bool] = False
    """True when, on a page parsed anyway, asking :meth:`may_find` costs more
    than it saves (the test costs more than the check, or says "maybe" where
    the check costs as much as on any page; ``bench/`` measures it). The
    engine then asks it last, and only while no other rule has claimed the
    page: on a page parsed anyway the rule simply runs (its check is the
    authority, so the findings are the same; the test is saved)."""
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if isinstance(code, str):
            directory = messages.rule_directory(cls.__module__, code)
            if directory is not None:
                messages.register_directory(code, directory)

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

    def may_find(self, doc: Document) -> bool:
        """Whether ``check`` may report anything on ``doc``, decided without parsing.

        The engine runs the rule, and parses the page for it, only where this
        says True: a page no rule may find anything on is never parsed. A rule
        makes it as precise as it safely can from the text and the page's
        :attr:`Document.facts` (where ``<ref``, URLs, template names and
        date-led lines occur, read once per page and shared), but it must never
        say False where ``check`` reports a finding the engine keeps: linting
        with ``--parse-all`` (every rule on every page) gives the same findings,
        byte for byte (``tests/test_parse_all_equality.py``). By default it is
        :meth:`triggered_by`.
        """
        return self.triggered_by(doc)

    def triggered_by(self, doc: Document) -> bool:
        """Whether the rule's ``triggers`` or ``template_triggers`` occur in
        ``doc`` (read without parsing)."""
        if not self.triggers and not self.template_triggers:
            return True
        text = doc.text
        if any(t in text for t in self.triggers):
            return True
        return bool(self.template_triggers) and doc.may_transclude(*self.template_triggers)

    @classmethod
    def message(cls, name: str, /, **params: Any) -> Message:
        """The message ``wikilint-<code>-<name>`` of this rule with ``params``.

        Its texts are in ``i18n/<code>/<lang>.json`` beside the rule's package
        (see :mod:`wikilint.rules.messages`).
        """
        return Message(key=f"wikilint-{cls.code.lower()}-{name}", params=params)

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: Message | str,
        *,
        suggestion: Message | str | None = None,
        evidence: dict[str, Any] | None = None,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of this rule over ``doc.text[start:end]``, repaired by ``fix``
        when given (:mod:`wikilint.rules.fix`)."""
        end = max(end, start)
        line, column = doc.position(start)
        end_line, end_column = doc.position(end)
        snippet = doc.text[start:end]
        params: dict[str, Any] = {}
        message_key = suggestion_key = None
        if isinstance(message, Message):
            message_key, params = message.key, dict(message.params)
            message = messages.render_message(message)
        if isinstance(suggestion, Message):
            suggestion_key = suggestion.key
            for name, value in suggestion.params.items():
                if params.get(name, value) != value:
                    raise messages.MessageError(
                        f"{suggestion.key}: parameter {name!r} differs from the message's"
                    )
                params[name] = value
            # rendered with the message's parameters too, as localize() does
            suggestion = messages.render(suggestion.key, params)
        if len(snippet) > SNIPPET_LIMIT:
            snippet = snippet[: SNIPPET_LIMIT - 1] + "…"
        return Finding(
            code=self.code,
            rule=self.name,
            severity=severity or self.severity,
            message=message,
            message_key=message_key,
            params=params,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            offset=start,
            end_offset=end,
            section=doc.section_at(start).title,
            snippet=snippet,
            suggestion=suggestion,
            suggestion_key=suggestion_key,
            evidence=evidence or {},
            fingerprint=fingerprint_of(self.code, doc.text, start, end),
            fix=fix,
        )

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation: its class docstring, dedented."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc(cls, part: str, lang: str = messages.DEFAULT_LANGUAGE) -> str:
        """A part of the rule's documentation (``summary``, ``what`` or
        ``why``) in ``lang``: its translation (``wikilint-<code>-<part>``),
        or else the English of the class (``summary`` and the docstring's
        What it does / Why is this bad?)."""
        if part not in DOC_PARTS + OPTIONAL_DOC_PARTS:
            raise ValueError(f"unknown documentation part {part!r} (one of {DOC_PARTS + OPTIONAL_DOC_PARTS})")
        key = f"wikilint-{cls.code.lower()}-{part}"
        if messages.has_text(key, lang):
            return messages.template(key, lang)
        return cls.source_doc(part)

    @classmethod
    def source_doc(cls, part: str) -> str:
        """The English source of a documentation part: ``summary`` or the
        docstring's What it does / Why is this bad?"""
        if part == "summary":
            return cls.summary
        return _docstring_part(cls.documentation(), PART_HEADINGS[part])

    @classmethod
    def examples(cls) -> tuple[str | None, str | None]:
        """The wikitext of the docstring's ``Example`` and of its ``Use instead``.

        Each is the first fenced (```) or indented block after its heading.
        """
        doc = cls.documentation()
        example = _section(doc, r"Example")
        instead = _section(doc, r"Use instead")
        if example is not None and instead is not None and instead in example:
            example = example[: example.index(instead)]
        return _first_block(example), _first_block(instead)


def _section(doc: str, name: str) -> str | None:
    match = re.search(r"^(?:#+\s*)?" + name + r"\s*:{0,2}\s*$", doc, re.M | re.I)
    if not match:
        return None
    rest = doc[match.end() :]
    following = re.search(
        r"^(?:#+\s*)?(?:What it does|Why is this bad\?|Options|References|Fix)\b.*$", rest, re.M
    )
    return rest[: following.start()] if following else rest


def _docstring_part(doc: str, heading: str) -> str:
    """The text under a ``## heading`` of a docstring, up to the next heading."""
    match = re.search(r"^#+\s*" + re.escape(heading) + r"\s*$(.*?)(?=^#+\s|\Z)", doc, re.M | re.S)
    return match.group(1).strip() if match else ""


def _first_block(text: str | None) -> str | None:
    if not text:
        return None
    fenced = re.search(r"^\s*```[^\n]*\n(.*?)^\s*```", text, re.M | re.S)
    if fenced:
        block = fenced.group(1)
    else:
        lines = text.splitlines()
        block_lines: list[str] = []
        for line in lines:
            if line.startswith(("    ", "\t")) or (block_lines and not line.strip()):
                block_lines.append(line)
            elif block_lines:
                break
        block = "\n".join(block_lines)
    lines = block.splitlines()
    body = [ln for ln in lines if ln.strip()]
    if not body:
        return None
    indent = min(len(ln) - len(ln.lstrip()) for ln in body)
    return "\n".join(ln[indent:] for ln in lines).strip("\n") + "\n"
