"""Linting one dump page into a compact, picklable result.

The result carries the page's findings already serialised as JSON lines
(the :class:`~rules.finding.Finding` fields plus ``page_id``, ``title``,
``revision_id`` and ``wiki``), per-rule counts for the summary, and the
problems met (a rule that crashed, a page the parser could not handle):
workers do the serialising, the parent only writes bytes and adds numbers.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from wikilint.bot.config import load_config
from wikilint.bot.engine import INTERNAL_ERROR_CODE, Engine, LintError, detect_wiki
from wikilint.bot.scan.pages import PageProblem, PageRecord
from wikilint.rules.finding import Severity
from wikilint.rules.messages import localize_all, page_language

#: The page fields added to each finding line, with their types (the Spark columns follow them).
PAGE_FIELDS: tuple[tuple[str, type], ...] = (
    ("page_id", int),
    ("title", str),
    ("revision_id", int),
    ("wiki", str),
)


def page_fields(page: PageRecord, wiki: str) -> dict[str, Any]:
    """The :data:`PAGE_FIELDS` of a page linted with the profile ``wiki``."""
    return {"page_id": page.page_id, "title": page.title, "revision_id": page.revision_id, "wiki": wiki}


class Linter(Protocol):
    """What a scan needs from the engine: findings for one page's text."""

    def __call__(self, text: str, *, title: str | None, wiki: str) -> list[Any]: ...


class PageFailure(Exception):
    """The linter refused the page as a whole (too large...)."""


@dataclass(frozen=True)
class LinterSpec:
    """How every worker builds its linter (picklable, so it crosses processes).

    ``factory`` (``"module:function"``, called with ``options``) replaces the
    wikilint engine, e.g. in tests; by default the engine is built from
    ``config_path``, ``select``, ``ignore`` and ``min_severity`` exactly as
    ``wikilint check`` does.
    """

    config_path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    min_severity: Severity | None = None
    factory: str | None = None
    options: tuple[tuple[str, Any], ...] = ()
    lang: str | None = None
    """language of the findings (``--lang``; None: the configuration's ``lang``)"""
    parse_all: bool = False
    """every rule on every page, each page parsed (``--parse-all``)"""


def build_linter(spec: LinterSpec) -> Linter:
    """The linter a spec describes. Raises ``ConfigError`` for a bad configuration."""
    if spec.factory:
        module, _, name = spec.factory.partition(":")
        factory: Callable[..., Linter] = getattr(importlib.import_module(module), name)
        return factory(**dict(spec.options))
    return engine_linter(spec)


def engine_linter(spec: LinterSpec) -> Linter:
    """The wikilint engine as a :class:`Linter` (findings in ``spec.lang``)."""
    config = load_config(spec.config_path)
    lang = spec.lang or config.lang
    engine = Engine.from_config(
        config,
        select=list(spec.select) if spec.select is not None else None,
        ignore=list(spec.ignore) if spec.ignore is not None else None,
        min_severity=spec.min_severity,
        parse_all=spec.parse_all,
    )

    def lint(text: str, *, title: str | None, wiki: str) -> list[Any]:
        try:
            result = engine.lint(text, title=title, wiki=wiki)
        except LintError as error:
            raise PageFailure(str(error)) from None
        return localize_all(result.findings, page_language(lang, result.document.profile.language, text))

    return lint


@dataclass(slots=True)
class PageResult:
    """What linting one page produced (or why it was not linted)."""

    ordinal: int
    page_id: int | None
    title: str | None
    revision_id: int | None = None
    wiki: str = ""
    text_bytes: int = 0
    linted: bool = False
    skipped: str | None = None
    findings: int = 0
    lines: bytes = b""
    counts: dict[str, int] = field(default_factory=dict)
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)


def problem_record(
    kind: str,
    message: str,
    *,
    page_id: int | None = None,
    title: str | None = None,
    revision_id: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A line of the errors log."""
    record = {
        "kind": kind,
        "message": message,
        "page_id": page_id,
        "title": title,
        "revision_id": revision_id,
    }
    record.update(extra)
    return record


def problem_result(problem: PageProblem) -> PageResult:
    """The result standing for a page that could not be read."""
    return PageResult(
        problem.ordinal,
        problem.page_id,
        problem.title,
        problems=[
            problem_record(problem.kind, problem.message, page_id=problem.page_id, title=problem.title)
        ],
    )


def skipped_result(page: PageRecord, reason: str) -> PageResult:
    """The result standing for a page left out (redirect, other namespace...)."""
    return PageResult(page.ordinal, page.page_id, page.title, page.revision_id, skipped=reason)


def failed_result(page: PageRecord, kind: str, message: str) -> PageResult:
    """The result standing for a page whose linting failed (timeout, crash)."""
    return PageResult(
        page.ordinal,
        page.page_id,
        page.title,
        page.revision_id,
        problems=[
            problem_record(
                kind, message, page_id=page.page_id, title=page.title, revision_id=page.revision_id
            )
        ],
    )


def _finding_dict(finding: Any) -> dict[str, Any]:
    if isinstance(finding, dict):
        return finding
    return finding.model_dump(mode="json")


def lint_page(linter: Linter, page: PageRecord, wiki: str) -> PageResult:
    """Lint one page; a crash of the linter becomes a problem, never an exception.

    ``wiki`` ``auto`` is resolved here, by the page's script, so that the
    result and its findings name the profile the page was linted with.
    """
    if wiki == "auto":
        wiki = detect_wiki(page.text)
    result = PageResult(
        page.ordinal, page.page_id, page.title, page.revision_id, wiki, len(page.text.encode("utf-8"))
    )
    try:
        findings = linter(page.text, title=page.title, wiki=wiki)
    except PageFailure as error:
        result.problems.append(
            problem_record(
                "page-refused",
                str(error),
                page_id=page.page_id,
                title=page.title,
                revision_id=page.revision_id,
            )
        )
        return result
    except MemoryError:
        raise  # the process's own memory limit: its guard reports the page and replaces it
    except Exception as error:  # the engine isolates rules; this is a last line of defence
        result.problems.append(
            problem_record(
                "lint-error",
                f"{type(error).__name__}: {error}",
                page_id=page.page_id,
                title=page.title,
                revision_id=page.revision_id,
            )
        )
        return result
    result.linted = True
    lines = []
    for finding in findings:
        record = _finding_dict(finding)
        if record.get("code") == INTERNAL_ERROR_CODE:
            evidence = record.get("evidence") or {}
            result.problems.append(
                problem_record(
                    "rule-error" if evidence.get("rule") else "parser-error",
                    record.get("message", ""),
                    page_id=page.page_id,
                    title=page.title,
                    revision_id=page.revision_id,
                    rule=evidence.get("rule"),
                )
            )
            continue
        record = {**record, **page_fields(page, wiki)}
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        code = record["code"]
        result.counts[code] = result.counts.get(code, 0) + 1
        if code not in result.rules:
            result.rules[code] = (str(record.get("rule", "")), str(record.get("severity", "")))
    result.findings = len(lines)
    if lines:
        result.lines = ("\n".join(lines) + "\n").encode("utf-8")
    return result
