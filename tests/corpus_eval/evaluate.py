"""Score the mission rules against hand labels on real articles of the shared corpus.

The labels (``labels.toml``) name, for each article and each rule, the lines
where a true finding starts. A finding of wikilint matches a label of the same
rule on the same line; several findings on one line match as a multiset. A
finding on a line marked ``ambiguous`` for its rule is set aside: it counts
neither as right nor as wrong. Precision is right / reported, recall is right /
labelled.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine

#: The rules of the mission, in the order the table shows them.
RULES: tuple[str, ...] = ("CIT001", "CIT002", "CIT003", "REF001", "REF002",
                          "DAT001", "DAT002", "DAT003", "DAT005", "DAT006", "NUM001", "NUM002",
                          "REF003", "REF005", "REF006", "TPL001", "SYN001", "SYN003")
#: Rules an article of ``labels.toml`` must be labelled for; files named
#: ``labels_*.toml`` add articles and rules (an article is scored only for the
#: rules it is labelled for).
CORE_RULES: tuple[str, ...] = ("CIT001", "CIT002", "CIT003", "REF001", "REF002",
                               "DAT001", "DAT002", "NUM001", "NUM002")
#: The day ages are counted to, for rules that count them (DAT005).
AS_OF = "2026-01-01"
#: Below this many labelled positives a rule's figures are reported, not held to the bar.
MIN_POSITIVES = 5
MIN_PRECISION = 0.95
MIN_RECALL = 0.9
LABELS = Path(__file__).with_name("labels.toml")
EXTRA_LABELS = sorted(Path(__file__).parent.glob("labels_*.toml"))


@dataclass(frozen=True)
class Label:
    """One true finding (or one ambiguous place) of a rule in an article."""

    code: str
    line: int
    note: str


@dataclass
class Article:
    """A labelled corpus file: where it is, how to lint it, what is in it."""

    path: str
    wiki: str
    sha256: str
    labels: list[Label]
    ambiguous: list[Label]
    rules: tuple[str, ...] = RULES
    """the rules the article was labelled for (findings of others are not scored)"""


@dataclass(frozen=True)
class Outcome:
    """One finding or one label after matching."""

    kind: str  # "right", "false" (reported, not labelled), "missed", "set aside"
    path: str
    code: str
    line: int
    text: str  # the finding's message, or the label's note


@dataclass
class RuleScore:
    """Counts of one rule over all articles."""

    code: str
    right: int = 0
    false: int = 0
    missed: int = 0
    set_aside: int = 0

    @property
    def positives(self) -> int:
        return self.right + self.missed

    @property
    def reported(self) -> int:
        return self.right + self.false

    @property
    def precision(self) -> float | None:
        return self.right / self.reported if self.reported else None

    @property
    def recall(self) -> float | None:
        return self.right / self.positives if self.positives else None

    @property
    def held_to_bar(self) -> bool:
        return self.positives >= MIN_POSITIVES

    def shortfalls(self) -> list[str]:
        """What keeps a rule held to the bar from meeting it (empty when it does)."""
        problems = []
        if not self.held_to_bar:
            return problems
        if self.precision is not None and self.precision < MIN_PRECISION:
            problems.append(f"{self.code} precision {self.precision:.3f} < {MIN_PRECISION}")
        if self.recall is not None and self.recall < MIN_RECALL:
            problems.append(f"{self.code} recall {self.recall:.3f} < {MIN_RECALL}")
        return problems


@dataclass
class Evaluation:
    """The result of linting every labelled article."""

    scores: dict[str, RuleScore]
    outcomes: list[Outcome] = field(default_factory=list)
    internal_errors: list[Outcome] = field(default_factory=list)


class LabelError(ValueError):
    """labels.toml is malformed; the message names the article and key."""


def load_labels(path: Path = LABELS, extra: list[Path] | None = None) -> list[Article]:
    """Read and check the labels files: ``path`` (every article labelled for
    every core rule) and the ``extra`` files, whose tables add rules to an
    article or add articles labelled for some rules only."""
    with path.open("rb") as handle:
        tables = tomllib.load(handle)
    for name, table in tables.items():
        missing = [key for key in ("wiki", "sha256", *CORE_RULES) if key not in table]
        if missing:
            raise LabelError(f"{name}: missing {', '.join(missing)} (an empty list means none)")
    for more in EXTRA_LABELS if extra is None else extra:
        with more.open("rb") as handle:
            for name, table in tomllib.load(handle).items():
                tables[name] = _merge(name, tables.get(name), table)
    articles = []
    for name, table in tables.items():
        unknown = set(table) - {"wiki", "sha256", "ambiguous", *RULES}
        if unknown:
            raise LabelError(f"{name}: unknown keys {', '.join(sorted(unknown))}")
        rules = tuple(code for code in RULES if code in table)
        labels = [_label(name, code, entry) for code in rules for entry in table[code]]
        ambiguous = [_label(name, entry.get("code", ""), entry) for entry in table.get("ambiguous", [])]
        articles.append(Article(name, table["wiki"], table["sha256"], labels, ambiguous, rules))
    return articles


def _merge(name: str, table: dict | None, more: dict) -> dict:
    """One article's labels from two files (same file, distinct rules)."""
    if table is None:
        return dict(more)
    for key in ("wiki", "sha256"):
        if table.get(key) != more.get(key):
            raise LabelError(f"{name}: {key} differs between the labels files")
    overlap = set(table) & set(more) - {"wiki", "sha256", "ambiguous"}
    if overlap:
        raise LabelError(f"{name}: {', '.join(sorted(overlap))} labelled twice")
    merged = {**table, **more}
    merged["ambiguous"] = table.get("ambiguous", []) + more.get("ambiguous", [])
    return merged


def _label(article: str, code: str, entry: dict) -> Label:
    if code not in RULES:
        raise LabelError(f"{article}: unknown rule {code!r}")
    line, note = entry.get("line"), entry.get("note")
    if not isinstance(line, int) or line < 1 or not isinstance(note, str) or not note.strip():
        raise LabelError(f"{article}: {code} entry needs a positive line and a note: {entry!r}")
    return Label(code, line, note)


def sha256_of(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def stale_articles(corpus: Path, articles: list[Article]) -> list[str]:
    """Labelled files that are missing or changed since they were labelled."""
    stale = []
    for article in articles:
        file = corpus / article.path
        if not file.is_file():
            stale.append(f"{article.path}: missing")
        elif sha256_of(file) != article.sha256:
            stale.append(f"{article.path}: sha256 {sha256_of(file)} differs from the labelled file")
    return stale


def score_article(article: Article, found: list[tuple[str, int, str]],
                  scores: dict[str, RuleScore]) -> list[Outcome]:
    """Match one article's findings ``(code, line, message)`` against its labels."""
    outcomes = []
    expected = Counter((label.code, label.line) for label in article.labels)
    notes: dict[tuple[str, int], list[str]] = {}
    for label in article.labels:
        notes.setdefault((label.code, label.line), []).append(label.note)
    aside = {(label.code, label.line) for label in article.ambiguous}
    for code, line, message in found:
        key = (code, line)
        if expected[key] > 0:
            expected[key] -= 1
            kind = "right"
            scores[code].right += 1
        elif key in aside:
            kind = "set aside"
            scores[code].set_aside += 1
        else:
            kind = "false"
            scores[code].false += 1
        outcomes.append(Outcome(kind, article.path, code, line, message))
    for (code, line), count in expected.items():
        for note in notes[(code, line)][len(notes[(code, line)]) - count:]:
            scores[code].missed += 1
            outcomes.append(Outcome("missed", article.path, code, line, note))
    return outcomes


def lint(corpus: Path, article: Article, engines: dict[str, Engine]) -> list:
    """wikilint's findings for one labelled article, mission rules only."""
    if article.wiki not in engines:
        ages = {"DAT005": {"as_of": AS_OF}}
        engines[article.wiki] = Engine.from_config(Config(wiki=article.wiki, rules=ages), select=list(RULES))
    text = (corpus / article.path).read_text("utf-8")
    return engines[article.wiki].lint(text, title=Path(article.path).stem).findings


def evaluate(corpus: Path, articles: list[Article] | None = None) -> Evaluation:
    """Lint every labelled article and score each rule."""
    articles = load_labels() if articles is None else articles
    evaluation = Evaluation({code: RuleScore(code) for code in RULES})
    engines: dict[str, Engine] = {}
    for article in articles:
        found = []
        for finding in lint(corpus, article, engines):
            if finding.code in RULES and finding.code not in article.rules:
                continue  # not labelled for this rule
            if finding.code in RULES:
                found.append((finding.code, finding.line, finding.message))
            else:
                evaluation.internal_errors.append(
                    Outcome("error", article.path, finding.code, finding.line, finding.message))
        evaluation.outcomes.extend(score_article(article, found, evaluation.scores))
    return evaluation


def _ratio(value: float | None) -> str:
    return "   -" if value is None else f"{value:.3f}"


def format_table(evaluation: Evaluation, articles: int) -> str:
    """Per-rule precision and recall as a plain-text table."""
    rows = [f"Corpus evaluation: {articles} labelled articles",
            f"{'rule':8} {'labelled':>8} {'reported':>8} {'right':>6} {'false':>6} {'missed':>6} "
            f"{'aside':>6} {'precision':>9} {'recall':>7}  bar"]
    for score in evaluation.scores.values():
        if not score.held_to_bar:
            bar = f"reported only (< {MIN_POSITIVES} labelled)"
        else:
            bar = "FAILS" if score.shortfalls() else "meets"
        rows.append(f"{score.code:8} {score.positives:8} {score.reported:8} {score.right:6} "
                    f"{score.false:6} {score.missed:6} {score.set_aside:6} "
                    f"{_ratio(score.precision):>9} {_ratio(score.recall):>7}  {bar}")
    return "\n".join(rows)


def format_details(evaluation: Evaluation) -> str:
    """Every false, missed and set-aside finding, one per line."""
    lines = []
    for outcome in sorted(evaluation.outcomes + evaluation.internal_errors,
                          key=lambda o: (o.code, o.path, o.line)):
        if outcome.kind != "right":
            lines.append(f"{outcome.kind:9} {outcome.code} {outcome.path}:{outcome.line}  {outcome.text}")
    return "\n".join(lines) if lines else "no false, missed or set-aside findings"
