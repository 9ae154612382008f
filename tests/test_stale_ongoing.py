"""DAT005 counts the age of the newest date to a day (``as_of``)."""

from __future__ import annotations

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine

ARTICLE = """{{Infobox military conflict
| date = 12 May 2011 – present
}}
The insurgency began in May 2011.<ref>{{cite news|title=Attacks|date=13 May 2011|access-date=20 May 2011}}</ref>

== Timeline ==
On 1 June 2012, rebels reached the capital.

On 3 June 2012, rebels seized the capital.
"""


def _lines(text: str, as_of: str, years: float = 2) -> list[int]:
    engine = Engine.from_config(Config(wiki="enwiki", rules={"DAT005": {"as_of": as_of, "years": years}}),
                                select=["DAT005"])
    return [f.line for f in engine.lint(text).findings]


def test_a_claim_is_stale_only_once_the_newest_date_is_old() -> None:
    assert _lines(ARTICLE, "2014-06-02") == []  # newest date 2012-06-03: under two years
    assert _lines(ARTICLE, "2014-06-04") == [2]
    assert _lines(ARTICLE, "2014-06-04", years=5) == []


def test_a_recent_as_of_or_access_date_keeps_the_claim_fresh() -> None:
    as_of = ARTICLE + "\n{{As of|2014|5}}, fighting continues.\n"
    assert _lines(as_of, "2015-01-01") == []
    accessed = ARTICLE.replace("access-date=20 May 2011", "access-date=20 May 2014")
    assert _lines(accessed, "2015-01-01") == []
    assert _lines(accessed, "2017-01-01") == [2]


def test_the_finding_names_every_claim_and_the_newest_date() -> None:
    engine = Engine.from_config(Config(wiki="enwiki", rules={"DAT005": {"as_of": "2026-01-01"}}),
                                select=["DAT005"])
    text = ARTICLE.replace("in May 2011.", "in May 2011. The insurgency is still ongoing.")
    (finding,) = engine.lint(text).findings
    assert [c["kind"] for c in finding.evidence["claims"]] == ["infobox-date", "prose"]
    assert finding.evidence["newest_date"] == "2012-06-03"
    assert finding.evidence["newest_line"] == 9
    assert finding.params["years"] == 13


def test_prose_below_the_lead_and_ages_outside_the_infobox_claim_nothing() -> None:
    body = ("'''Apollo 11''' landed on the Moon.\n\n== Legacy ==\nThe landing was {{age|1969|7|20}} "
            "years ago. Research on the samples is ongoing.<ref>{{cite news|title=Samples|date=2012-06-03}}</ref>\n")
    assert _lines(body, "2026-01-01") == []
    lead = body.replace("landed on the Moon.", "landed on the Moon. The mission is ongoing.")
    assert _lines(lead, "2026-01-01") == [1]
