"""The fix property (see fix_property.py) on every fixture and every article file of
the shared corpus (the dumps are measured by ``python -m tests.fixes.fix_property``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine

from support import CORPUS
from tests.fixes.fix_property import check_page, corpus_pages

FIXTURES = Path(__file__).parents[1] / "fixtures"
CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_config(Config())


@pytest.mark.parametrize("path", sorted([*FIXTURES.glob("*/*.wiki"), *CASES.glob("*/*.wiki")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures(engine: Engine, path: Path) -> None:
    _, problems = check_page(engine, path.read_text("utf-8"), path.name)
    assert problems == []


@pytest.mark.corpus
def test_corpus_articles(engine: Engine) -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is absent")
    failures = {}
    fixed = 0
    for title, text in corpus_pages(CORPUS, dumps=False):
        outcome, problems = check_page(engine, text, title)
        fixed += outcome.fixed_count
        if problems:
            failures[title] = problems
    assert failures == {}
    assert fixed > 0, "the corpus has safe fixes: the property was exercised"
