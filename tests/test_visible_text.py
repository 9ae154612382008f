"""The visible-text view: markup blanked, offsets kept."""

from __future__ import annotations

import pytest

from wikilint.rules.document import Document
from wikilint.rules.document.visible import visible_text


def visible(text: str, profile) -> str:
    doc = Document(text, profile)
    shown = visible_text(doc, 0, len(text))
    assert len(shown) == len(text)
    return shown


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_offsets_are_those_of_the_source(en_profile) -> None:
    text = "'''Total:''' 290,000{{ndash}}350,000<ref>note 12</ref> men"
    shown = visible(text, en_profile)
    at = shown.index("290,000")
    assert text[at:at + 7] == "290,000"
    assert squeeze(shown) == "Total: 290,000– 350,000 men"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35 [http://example.com/a]–137 [http://example.com/b title] killed", "35 –137 title killed"),
        ("[[伊拉克|伊拉克政府軍]]與[[ISIL]]", "伊拉克政府軍 與 ISIL"),
        ("a<!-- hidden 12 -->b", "a b"),
        ("1,200 killed<br />3,400 wounded", "1,200 killed 3,400 wounded"),
        ("{{Flagicon|Sweden|1562}} 150,000 soldiers", "150,000 soldiers"),
        ("{{nowrap|1,234 men}} and {{efn|a note of 12}}", "1,234 men and"),
        ("{{formatnum:1234}} men", "1234 men"),
        ("12&nbsp;men&ndash;13", "12 men– 13"),
        ("[[File:Map.svg|thumb|300 px]] 40 men", "40 men"),
        ("x<small>(1632)</small>", "x (1632)"),
    ],
)
def test_what_is_kept_and_what_is_blanked(text: str, expected: str, en_profile) -> None:
    assert squeeze(visible(text, en_profile)) == expected


def test_line_breaks_and_list_templates(en_profile) -> None:
    text = "{{plainlist|\n* 12,000 infantry\n* 3,000 cavalry\n}}<br>'''Total: 15,000'''"
    lines = [squeeze(line) for line in visible(text, en_profile).split("\n") if line.strip()]
    assert lines == ["12,000 infantry", "3,000 cavalry", "Total: 15,000"]


def test_a_stretch_inside_the_page(zh_profile) -> None:
    text = "前文'''粗體'''。\n| casualties1 = 76人陣亡<ref>總計76人陣亡</ref>\n"
    doc = Document(text, zh_profile)
    start = text.index("粗")
    shown = visible_text(doc, start, text.index("\n"))
    assert squeeze(shown) == "粗體 。"
