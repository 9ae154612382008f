"""REF002 stays linear: the first earlier definition a reference duplicates
is found through an index, not by comparing with every earlier one."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.rules.builtin.duplicate_reference import _Citing, _Definition, _duplicates
from wikilint.rules.document import Document, RefTag

KEY = "example.com/book"
_definition_specs = st.lists(
    st.tuples(st.sampled_from([None, "a", "b"]),           # name
              st.sampled_from(["", "page=1", "page=2"]),  # pinpoint
              st.sampled_from(["", "quote=x", "quote=y"])),  # quotation
    max_size=12)


def _definitions(specs) -> list[_Definition]:
    found = []
    for name, pinpoint, quote in specs:
        ref = RefTag(None, 0, 0, name, None, "…", 0, 0)
        found.append(_Definition(ref, {KEY: "http://example.com/book"}, {KEY: (pinpoint, quote)}))
    return found


@settings(max_examples=400, deadline=None)
@given(_definition_specs)
def test_the_index_finds_what_comparing_with_every_earlier_one_finds(specs) -> None:
    definitions = _definitions(specs)
    citing = _Citing()
    for order, later in enumerate(definitions):
        expected = next((e for e in definitions[:order] if _duplicates(e, later, KEY)), None)
        assert citing.first_duplicated_by(later, KEY) is expected
        citing.add(order, later, KEY)


def _rule_seconds(engine: Engine, references: int) -> float:
    text = "".join(f"Fact {i}.<ref>{{{{cite book |title=Big Book |url=http://example.com/book "
                   f"|page={i}}}}}</ref>\n" for i in range(references))
    result = engine.lint(text)  # warms the caches; the parse is timed apart below
    assert not result.findings  # different pages of one book: no duplicates
    doc = Document(text, result.document.profile)
    doc.refs  # parse outside the timing
    rule = engine.rules[0]
    start = time.perf_counter()
    list(rule.check(doc))
    return time.perf_counter() - start


def test_many_references_to_one_url_cost_linear_time() -> None:
    engine = Engine.from_config(Config(wiki="enwiki"), select=["REF002"])
    small = min(_rule_seconds(engine, 250) for _ in range(2))
    large = _rule_seconds(engine, 2000)
    # 8 times the references: about 8 times the time (comparing each with
    # every earlier one took about 60 times as long).
    assert large < 24 * small, f"250 refs {small:.3f} s, 2,000 refs {large:.3f} s"
