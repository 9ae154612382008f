"""Precision and recall of the mission rules on hand-labelled corpus articles.

The labels live in ``tests/corpus_eval/labels.toml`` (lines and short notes,
never article text). Each rule with at least ``MIN_POSITIVES`` labelled
findings must reach precision ``MIN_PRECISION`` and recall ``MIN_RECALL``; the
others are reported in the skip reason. The full table:
``python -m tests.corpus_eval --details``. Skipped when the corpus is absent.
"""

from __future__ import annotations

from collections import Counter

import pytest

from support import CORPUS
from tests.corpus_eval.evaluate import (
    MIN_POSITIVES, RULES, Article, Evaluation, Label, RuleScore, evaluate, format_details,
    format_table, load_labels, score_article, stale_articles,
)


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return load_labels()


@pytest.fixture(scope="module")
def evaluation(articles: list[Article]) -> Evaluation:
    if not (CORPUS / "zh").is_dir() or not (CORPUS / "en").is_dir():
        pytest.skip(f"shared corpus absent ({CORPUS})")
    stale = stale_articles(CORPUS, articles)
    assert not stale, "labelled corpus files changed; label them again:\n" + "\n".join(stale)
    result = evaluate(CORPUS, articles)
    print("\n" + format_table(result, len(articles)) + "\n\n" + format_details(result))
    return result


def test_labels_cover_both_wikis_and_every_rule(articles: list[Article]) -> None:
    wikis = Counter(article.wiki for article in articles)
    assert wikis["zhwiki"] >= 3 and wikis["enwiki"] >= 4, wikis
    for article in articles:
        assert article.path.startswith(("zh/", "en/")), article.path
        assert article.wiki == ("zhwiki" if article.path.startswith("zh/") else "enwiki"), article.path
        for label in article.ambiguous:  # ambiguous beside a label: one more finding there is
            assert label.code in article.rules, label  # set aside, never scored as false


@pytest.mark.corpus
def test_labelled_lines_exist(articles: list[Article]) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus absent ({CORPUS})")
    for article in articles:
        file = CORPUS / article.path
        if file.is_file():
            lines = file.read_text("utf-8").count("\n") + 1
            assert all(label.line <= lines for label in article.labels + article.ambiguous), article.path


@pytest.mark.corpus
def test_no_rule_crashes_on_the_corpus(evaluation: Evaluation) -> None:
    assert not evaluation.internal_errors, format_details(evaluation)


@pytest.mark.corpus
@pytest.mark.parametrize("code", RULES)
def test_precision_and_recall(evaluation: Evaluation, code: str) -> None:
    score = evaluation.scores[code]
    details = "\n".join(line for line in format_details(evaluation).splitlines() if f" {code} " in line)
    if not score.held_to_bar:
        # Too few labelled findings for a recall figure: still, nothing false.
        assert score.false == 0, f"{code}: {score.false} false findings\n{details}"
        return
    problems = score.shortfalls()
    assert not problems, "; ".join(problems) + "\n" + details


def test_scoring_matches_code_and_line_as_a_multiset() -> None:
    article = Article("en/example.wiki", "enwiki", "0" * 64,
                      labels=[Label("REF001", 3, "a"), Label("REF001", 3, "b"), Label("CIT001", 7, "c")],
                      ambiguous=[Label("REF002", 9, "open question")])
    scores = {code: RuleScore(code) for code in RULES}
    found = [("REF001", 3, "m"), ("REF001", 4, "m"), ("CIT001", 7, "m"), ("CIT001", 7, "m"),
             ("REF002", 9, "m")]
    outcomes = score_article(article, found, scores)
    assert (scores["REF001"].right, scores["REF001"].false, scores["REF001"].missed) == (1, 1, 1)
    assert (scores["CIT001"].right, scores["CIT001"].false, scores["CIT001"].missed) == (1, 1, 0)
    assert (scores["REF002"].set_aside, scores["REF002"].false) == (1, 0)
    assert scores["REF001"].precision == 0.5 and scores["REF001"].recall == 0.5
    assert scores["DAT001"].precision is None and scores["DAT001"].recall is None
    assert [o.text for o in outcomes if o.kind == "missed"] == ["b"]
