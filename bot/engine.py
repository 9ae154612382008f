"""The engine: run the selected rules over one document.

One parse per page, shared by every rule (the :class:`~rules.Document` is
lazy, and a rule whose pre-parse test, :meth:`Rule.may_find`, says that no
finding is possible on the page is not run at all, so a page no rule wants is
never parsed; ``parse_all`` runs every rule on every page instead, and gives
the same findings). The
cycle collector is paused while a page is linted, and the page's parse is
released when the rules are done. A rule that raises does not stop the
others: it becomes an ``internal-error`` finding naming the rule and the
exception; :attr:`LintResult.errors` lists those apart as well. Findings in
disabled regions (comments, ``<nowiki>``...), findings suppressed by
``wikilint-disable`` comments and findings below the minimum severity are
dropped; the rest are sorted by position.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import mwparserfromhell
from pydantic import ValidationError

from wikilint.bot.config import Config, ConfigError, describe_validation_error
from wikilint.bot.inputs import InputError, clean_wikitext
from wikilint.bot.registry import Catalogue, RegistryError, load_catalogue
from wikilint.bot.selector import Named, Selection
from wikilint.bot.suppression import Suppressions
from wikilint.rules.document import Document, DocumentError
from wikilint.rules.finding import Finding, Severity, fingerprint_of
from wikilint.rules.profile import WikiProfile, detect_profile, load_profile
from wikilint.rules.rule import Rule

log = logging.getLogger("wikilint.engine")

INTERNAL_ERROR_CODE = "WL000"
INTERNAL_ERROR_NAME = "internal-error"


class LintError(Exception):
    """A page that cannot be linted at all (too large, not text...)."""


@dataclass(frozen=True)
class LintWarning:
    """Something in the page the engine could not use, e.g. a suppression
    comment naming an unknown rule."""

    line: int
    message: str


@dataclass
class LintResult:
    """The findings of one page and what produced them."""

    findings: list[Finding]
    wiki: str
    document: Document
    rules_run: list[str] = field(default_factory=list)
    parsed: bool = False
    """whether the page was parsed (no rule may find anything: no parse)"""
    errors: list[Finding] = field(default_factory=list)
    """the ``internal-error`` findings (a rule or the parser that crashed), also
    among :attr:`findings`"""
    warnings: list[LintWarning] = field(default_factory=list)


def warn_if_slow_tokenizer() -> None:
    """mwparserfromhell's pure-Python tokenizer is many times slower: say so."""
    if not mwparserfromhell.parser.use_c:
        log.warning(
            "mwparserfromhell's C tokenizer is not available; linting will be slow "
            "(reinstall mwparserfromhell from a wheel for this platform)"
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while one page is linted.

    Parsing and linting a page allocate a few hundred thousand objects, each
    of which counts towards the collector's next run, and every run walks
    the page's whole tree; yet linting leaves no reference cycles behind
    (tests/test_engine.py checks it), so reference counting frees the page
    and those runs find nothing. Pausing them makes the parse 15% and a
    whole lint about 10% faster. The collector's state is restored
    afterwards, whatever it was.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def detect_wiki(text: str) -> str:
    """The profile whose script the text is written in (each profile's ``detect``:
    Han without kana is zhwiki, Han with kana jawiki, anything else enwiki)."""
    return detect_profile(text).name


class Engine:
    """Runs a fixed set of rule instances over documents."""

    def __init__(
        self,
        rules: list[Rule],
        *,
        wiki: str = "auto",
        severity: dict[str, Severity] | None = None,
        max_page_chars: int = 4_000_000,
        min_severity: Severity | None = None,
        known: list[Named] | None = None,
        templates: dict[str, list[str]] | None = None,
        parse_all: bool = False,
    ) -> None:
        """``known``: every rule a suppression comment may name (default: ``rules``);
        ``templates``: names added to the profiles' template alias groups;
        ``parse_all``: run every rule on every page and parse each page, whatever
        the rules' pre-parse tests say (the findings are the same: it is there
        to prove it, and to measure what the tests save)."""
        self.rules = rules
        self.wiki = wiki
        self.severity = severity or {}
        self.max_page_chars = max_page_chars
        self.min_rank = min_severity.rank if min_severity else Severity.INFO.rank
        self.known = list(known) if known is not None else list(rules)
        self.parse_all = parse_all
        self._selections: dict[str, Selection] = {}
        self.templates = templates or {}
        self._profiles: dict[str, WikiProfile] = {}
        warn_if_slow_tokenizer()

    @classmethod
    def from_config(
        cls,
        config: Config,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        min_severity: Severity | None = None,
        catalogue: Catalogue | None = None,
        parse_all: bool = False,
    ) -> Engine:
        """Build the engine a configuration describes.

        ``select``/``ignore`` (e.g. from the command line) replace the
        configuration's lists when given; ``min_severity`` leaves out the
        findings below it. Raises :class:`ConfigError`.
        """
        try:
            catalogue = catalogue or load_catalogue()
            chosen = catalogue.select(
                config.select if select is None else select, config.ignore if ignore is None else ignore
            )
        except RegistryError as error:
            raise ConfigError(str(error)) from None
        severity = _by_code(catalogue, config.severity, "severity")
        options = _by_code(catalogue, config.rules, "rules")
        instances = []
        for rule_class in chosen:
            try:
                instances.append(rule_class(options.get(rule_class.code)))
            except ValidationError as error:
                raise ConfigError(describe_validation_error(error, f"rules.{rule_class.name}")) from None
        return cls(
            instances,
            wiki=config.wiki,
            severity=severity,
            max_page_chars=int(config.max_page_mb * 1_000_000),
            min_severity=min_severity,
            known=list(catalogue),
            templates=config.templates,
            parse_all=parse_all,
        )

    # -- linting ------------------------------------------------------------

    def profile_for(self, text: str, wiki: str | None = None) -> WikiProfile:
        name = wiki or self.wiki
        if name == "auto":
            name = detect_wiki(text)
        if not self.templates:
            return load_profile(name)
        profile = self._profiles.get(name)
        if profile is None:
            base = load_profile(name)
            groups = {
                group: [*base.templates.get(group, ()), *names] for group, names in self.templates.items()
            }
            profile = self._profiles[name] = base.model_copy(
                update={"templates": {**base.templates, **groups}}
            )
        return profile

    def lint(self, text: str, *, title: str | None = None, wiki: str | None = None) -> LintResult:
        """Lint one page, its text first cleaned as MediaWiki stores it
        (:func:`~wikilint.bot.inputs.clean_wikitext`: the same on every front
        end). Raises :class:`LintError` for a page that is too large or not text."""
        if len(text) > self.max_page_chars:
            raise LintError(
                f"page too large: {len(text) / 1e6:.1f} M characters "
                f"(limit {self.max_page_chars / 1e6:.1f} M; MediaWiki stores at most 2 MB)"
            )
        try:
            clean = clean_wikitext(text)
        except InputError as error:
            raise LintError(str(error)) from None
        doc = Document(clean.text, self.profile_for(clean.text, wiki), title)
        result = self.lint_document(doc)
        if clean.warning and clean.first:
            result.warnings.insert(0, LintWarning(clean.first[0], clean.warning))
        return result

    def rules_for(self, doc: Document) -> list[Rule]:
        """The engine's rules that apply to this document's wiki and text."""
        wiki = doc.profile.name
        selection = self._selections.get(wiki)
        if selection is None:
            settings = doc.profile.rules
            selection = self._selections[wiki] = Selection.of(settings.select, settings.ignore)
        admitted = [
            rule for rule in self.rules if rule.applies_to(wiki) and selection.admits(rule.code, rule.name)
        ]
        if self.parse_all:
            return admitted
        chosen = [rule for rule in admitted if not rule.costly_test and rule.may_find(doc)]
        claimed = bool(chosen)  # the page is parsed: a costly test would cost more than its rule
        chosen += [rule for rule in admitted if rule.costly_test and (claimed or rule.may_find(doc))]
        return sorted(chosen, key=admitted.index)

    def lint_document(self, doc: Document) -> LintResult:
        """Run the rules over ``doc``; its parse is released afterwards
        (:meth:`Document.release`)."""
        with collector_paused():
            try:
                result = self._lint(doc)
                result.parsed = doc.is_parsed
                return result
            finally:
                doc.release()

    def _lint(self, doc: Document) -> LintResult:
        rules = self.rules_for(doc)
        findings: list[Finding] = []
        warnings: list[LintWarning] = []
        if self.parse_all and rules:
            try:
                _ = doc.code  # the parse every page goes through
            except DocumentError as error:
                rules, findings = [], [internal_error(None, error)]
        for rule in rules:
            try:
                findings.extend(self._severity(rule, doc, f) for f in rule.check(doc))
            except DocumentError as error:
                findings = [internal_error(None, error)]
                break
            except MemoryError:
                raise  # the page, not the rule: the guard's memory limit (bot.guard)
            except Exception as error:  # crash isolation: one rule, one finding
                log.debug("rule %s crashed on %s", rule.code, doc.title, exc_info=True)
                findings.append(internal_error(rule, error))
        suppressions = self._suppressions(doc, warnings)
        if findings and rules:
            findings = self._visible(doc, findings, suppressions)
        findings = [_fingerprinted(doc, f) for f in findings if f.severity.rank >= self.min_rank]
        findings.sort(key=lambda f: f.sort_key)
        errors = [f for f in findings if f.code == INTERNAL_ERROR_CODE]
        return LintResult(
            findings, doc.profile.name, doc, [r.code for r in rules], errors=errors, warnings=warnings
        )

    def _severity(self, rule: Rule, doc: Document, finding: Finding) -> Finding:
        override = (
            self.severity.get(rule.code)
            or doc.profile.rules.severity.get(rule.code)
            or doc.profile.rules.severity.get(rule.name)
        )
        if override and override != finding.severity:
            return finding.model_copy(update={"severity": override})
        return finding

    def _suppressions(self, doc: Document, warnings: list[LintWarning]) -> Suppressions | None:
        """The page's suppression comments (``None``: unreadable); a warning for each
        rule they name that does not exist."""
        try:
            suppressions = Suppressions.of(doc, self.known)
        except DocumentError:
            return None
        warnings.extend(
            LintWarning(
                line, f"wikilint-disable comment names an unknown rule {key!r} (see `wikilint rules`)"
            )
            for line, key in suppressions.unknown
        )
        return suppressions

    @staticmethod
    def _visible(doc: Document, findings: list[Finding], suppressions: Suppressions | None) -> list[Finding]:
        """Drop findings in disabled regions or hidden by suppression comments.
        A finding placed outside the text becomes its rule's internal error."""
        kept = []
        for finding in findings:
            if finding.code == INTERNAL_ERROR_CODE:
                kept.append(finding)
                continue
            misplaced = _misplaced(doc, finding)
            if misplaced is not None:
                kept.append(internal_error(_Reporter(finding.code, finding.rule), misplaced))
                continue
            offset = (
                finding.offset if finding.offset is not None else doc.offset(finding.line, finding.column)
            )
            if doc.is_disabled(offset) or (suppressions and suppressions.hides(finding, offset)):
                continue
            kept.append(finding)
        return kept


def _fingerprinted(doc: Document, finding: Finding) -> Finding:
    """``finding`` with its fingerprint (rules that build findings by hand get one here)."""
    if finding.fingerprint is not None:
        return finding
    start = finding.offset if finding.offset is not None else doc.offset(finding.line, finding.column)
    end = finding.end_offset if finding.end_offset is not None else start
    return finding.model_copy(update={"fingerprint": fingerprint_of(finding.code, doc.text, start, end)})


class PositionError(ValueError):
    """A rule reported a finding at a place that is not in the page's text."""


@dataclass(frozen=True)
class _Reporter:
    """The rule that reported a finding, as :func:`internal_error` names it."""

    code: str
    name: str


def _misplaced(doc: Document, finding: Finding) -> PositionError | None:
    """Why the finding's lines, columns or offsets are not places in the text, or None."""
    lines = doc.line_starts
    size = len(doc.text)
    for line, column in ((finding.line, finding.column), (finding.end_line, finding.end_column)):
        if not 1 <= line <= len(lines) or column - 1 > len(doc.line_text(line)):
            return PositionError(f"line {line}, column {column} is not in the text ({len(lines)} lines)")
    if (finding.line, finding.column) > (finding.end_line, finding.end_column):
        return PositionError(
            f"the finding ends (line {finding.end_line}, column {finding.end_column}) "
            f"before it starts (line {finding.line}, column {finding.column})"
        )
    for offset in (finding.offset, finding.end_offset):
        if offset is not None and offset > size:
            return PositionError(f"offset {offset} is past the end of the text ({size} characters)")
    return None


def _by_code(catalogue: Catalogue, settings: dict, section: str) -> dict:
    """Per-rule settings keyed by code or name, re-keyed by code (unknown rule: ConfigError)."""
    keyed = {}
    for key, value in settings.items():
        rule = catalogue.find(key)
        if rule is None:
            raise ConfigError(f"{section}: unknown rule {key!r}")
        keyed[rule.code] = value
    return keyed


def internal_error(rule: Rule | _Reporter | None, error: Exception) -> Finding:
    """The finding that stands for a rule (or the parser) that crashed."""
    if rule is None:
        message = f"page could not be parsed: {error}"
        evidence = {"exception": type(error).__name__, "detail": str(error)}
    else:
        message = f"rule {rule.code} ({rule.name}) crashed: {type(error).__name__}: {error}"
        evidence = {
            "rule": rule.code,
            "rule_name": rule.name,
            "exception": type(error).__name__,
            "detail": str(error),
        }
    return Finding(
        code=INTERNAL_ERROR_CODE,
        rule=INTERNAL_ERROR_NAME,
        severity=Severity.ERROR,
        message=message,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        offset=0,
        end_offset=0,
        evidence=evidence,
    )
