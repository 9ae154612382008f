"""REF002 stays linear: the first earlier definition a reference duplicates
is found through an index, not by comparing with every earlier one."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.rules.builtin import duplicate_reference
from wikilint.rules.builtin.duplicate_reference import _Citing, _Definition, _duplicates
from wikilint.rules.document import RefTag

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


class _CountedPlaces(dict):
    """A definition's places that count how often they are looked up."""

    lookups = 0

    def __getitem__(self, key):
        type(self).lookups += 1
        return super().__getitem__(key)


@dataclass
class _CountedDefinition(duplicate_reference._Definition):
    places: dict = field(default_factory=_CountedPlaces)


def _place_lookups(engine: Engine, references: int) -> int:
    """How often REF002 looks at where a definition points, on a page of
    ``references`` citations of one book at different pages."""
    text = "".join(f"Fact {i}.<ref>{{{{cite book |title=Big Book |url=http://example.com/book "
                   f"|page={i}}}}}</ref>\n" for i in range(references))
    _CountedPlaces.lookups = 0
    result = engine.lint(text)
    assert not result.findings  # different pages of one book: no duplicates
    return _CountedPlaces.lookups


def test_many_references_to_one_url_cost_linear_time(monkeypatch) -> None:
    # Counted, not timed: comparing each definition with every earlier one
    # looks up places n (n - 1) times; the index looks each one up twice.
    monkeypatch.setattr(duplicate_reference, "_Definition", _CountedDefinition)
    engine = Engine.from_config(Config(wiki="enwiki"), select=["REF002"])
    for references in (250, 2000):
        lookups = _place_lookups(engine, references)
        assert 0 < lookups <= 2 * references, f"{references} references: {lookups} lookups"
