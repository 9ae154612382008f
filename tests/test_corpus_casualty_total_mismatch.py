"""NUM001 on real articles of the shared corpus, against hand-made labels.

Each label lists the lines where a stated total really disagrees with its
parts or its note (checked by hand); every other total statement in these
articles adds up or is not a sum (breakdowns after a total, a crew count after
a count of aircraft...) and must stay silent. Skipped when the corpus is absent.
"""

from __future__ import annotations

import pytest

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from support import CORPUS, SEED

#: path under the corpus -> (wiki, lines of the real mismatches)
LABELS: dict[str, tuple[str, tuple[int, ...]]] = {
    # casualties2: 210,000–280,000 + 80,000–100,000 is 290,000–380,000, not 290,000 - 350,000;
    # casualties1 adds up (405,000 - 450,000, the ships line being of another kind)
    "en/giamo_Thirty_Years_War_EXCERPT.wiki": ("enwiki", (164,)),
    # several casualty figures, none stated as the total of others
    "en/gensim_American_Revolutionary_War.wiki": ("enwiki", ()),
    # five "Total N. Syd …; Mel …" lines: each total is followed by its own breakdown, which adds up
    "en/sweble_Talk_Australian_rules_football_Archive_1.wiki": ("enwiki", ()),
    "zh/chinapedia_霧台抗日事件.wiki": ("zhwiki", ()),  # 共收繳獵槍543支、槍身89支; 共有11名警察
    "zh/chinapedia_頓巴斯戰爭與人道主義危機.wiki": ("zhwiki", ()),  # 共有115個國家… 3個國家… 55個國家
    "zh/chinapedia_衡宝战役.wiki": ("zhwiki", ()),
    "zh/chinapedia_淞滬戰鬥.wiki": ("zhwiki", ()),
    "zh/dbpedia_柏林.wiki": ("zhwiki", ()),  # 一共…13次…其中9次; 共有9条线，174个车站
}


@pytest.mark.corpus
@pytest.mark.parametrize("path", sorted(LABELS))
def test_labelled_article(path: str) -> None:
    file = CORPUS / path
    if not file.is_file():
        pytest.skip(f"corpus file {path} is absent")
    wiki, expected = LABELS[path]
    engine = Engine.from_config(Config(wiki=wiki), select=["NUM001"])
    found = [f.line for f in engine.lint(file.read_text("utf-8"), title=path).findings]
    assert sorted(found) == sorted(expected)


def test_seed_adds_up() -> None:
    """casualties1 222–288 = 35 + (71–137) + 55 + 36 + 25; casualties2 76 = 42 + 2 + 10 + 22."""
    engine = Engine.from_config(Config(wiki="zhwiki"), select=["NUM001"])
    assert engine.lint(SEED.read_text("utf-8")).findings == []
