"""The document model: views, names, disabled regions, positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.rules.document import Document


def test_parse_is_lazy_and_done_once(zh_profile, monkeypatch) -> None:
    from wikilint.rules.document import document

    calls = []
    real = document.parse_laid_out
    monkeypatch.setattr(document, "parse_laid_out", lambda *a, **k: calls.append(1) or real(*a, **k))
    doc = Document("a {{cn}} b <ref>x</ref>", zh_profile)
    assert calls == []
    doc.templates, doc.refs, doc.sections, doc.blocks, doc.disabled_ranges
    assert calls == [1]


def test_positions_are_one_based(zh_profile) -> None:
    doc = Document("ab\ncd\n\nef", zh_profile)
    assert doc.position(0) == (1, 1)
    assert doc.position(4) == (2, 2)
    assert doc.position(7) == (4, 1)
    assert doc.offset(4, 1) == 7
    assert doc.line_text(2) == "cd"


def test_template_names_fold_case_space_prefix_and_script(zh_profile) -> None:
    text = "{{來源請求}} {{来源请求}} {{Template:來源請求}} {{模板:来源请求}} {{citation_needed}} {{ Citation  needed <!--x--> }}"
    doc = Document(text, zh_profile)
    keys = [t.key for t in doc.templates]
    assert len(set(keys[:4])) == 1
    assert keys[4] == keys[5] == "Citation needed"
    assert len(doc.templates_in("citation-needed")) == 6


def test_template_names_are_case_sensitive_after_first_letter(en_profile) -> None:
    doc = Document("{{cn}} {{CN}}", en_profile)
    assert [t.key for t in doc.templates] == ["Cn", "CN"]


def test_disabled_regions(zh_profile) -> None:
    text = "a <!-- {{cn}} --> b <nowiki>{{cn}}</nowiki> <pre>x</pre> <math>y</math> <syntaxhighlight>z</syntaxhighlight> c"
    doc = Document(text, zh_profile)
    for needle in ("{{cn}} -->", "{{cn}}</nowiki>", "x</pre>", "y</math>", "z</syn"):
        assert doc.is_disabled(text.index(needle)), needle
    assert not doc.is_disabled(text.index("a"))
    assert not doc.is_disabled(text.index(" c"))


def test_sections_and_lead(zh_profile) -> None:
    text = "lead\n== 背景 ==\nbody\n=== 參與 ===\nmore\n== 反應 ==\nend"
    doc = Document(text, zh_profile)
    assert [(s.index, s.title, s.level) for s in doc.sections] == [
        (0, "", 0), (1, "背景", 2), (2, "參與", 3), (3, "反應", 2)]
    assert doc.section_at(text.index("more")).title == "參與"
    assert doc.section_at(0).index == 0


def test_blocks_skip_templates_and_split_lists(zh_profile) -> None:
    text = ("{{Infobox military conflict\n|date=2014年\n|result=x\n}}\n"
            "第一段\n同一段\n\n* 項目一\n** 項目二\n\n{{Reflist}}\n[[Category:X]]\n")
    doc = Document(text, zh_profile)
    kinds = [(b.kind, b.text, b.marker) for b in doc.blocks]
    assert kinds == [("paragraph", "第一段\n同一段", ""), ("list_item", "* 項目一", "*"),
                     ("list_item", "** 項目二", "**")]


def test_refs_definitions_and_reuses(zh_profile) -> None:
    text = ('a<ref name="x">{{cite web|url=http://a.org}}</ref> b<ref name=x /> '
            "c<ref>http://b.org</ref> <!-- <ref>http://hidden.org</ref> --> d<ref name='y' group=n>z</ref>")
    doc = Document(text, zh_profile)
    refs = [(r.name, r.group, r.is_reuse, r.content) for r in doc.refs]
    assert refs == [("x", None, False, "{{cite web|url=http://a.org}}"), ("x", None, True, ""),
                    (None, None, False, "http://b.org"), ("y", "n", False, "z")]
    first = doc.refs[0]
    assert text[first.content_start:first.content_end] == first.content


def test_external_links(zh_profile) -> None:
    text = "see [http://a.org] and [http://b.org Title] and http://c.org/x. <!-- http://d.org -->"
    doc = Document(text, zh_profile)
    links = [(link.url, link.title, link.brackets) for link in doc.external_links]
    assert links == [("http://a.org", None, True), ("http://b.org", "Title", True),
                     ("http://c.org/x", None, False)]


def test_seed_views(seed_text, zh_profile) -> None:
    doc = Document(seed_text, zh_profile)
    assert [s.title for s in doc.sections] == ["", "背景", "參與組織", "衝突過程", "反應", "參考資料"]
    assert doc.infoboxes("military-conflict")[0].start == 0
    # The refs commented out in the infobox (lines 25-38) are not refs.
    assert all(not 25 <= doc.position(r.start)[0] <= 38 for r in doc.refs)
    dated = [b for b in doc.blocks if doc.sections[b.section].title == "衝突過程"]
    assert doc.position(dated[0].start)[0] == 67


def test_tag_names_read_from_the_source_match_the_parsed_names(seed_text, zh_profile) -> None:
    text = seed_text + (
        "\n<REF Name=a>x</REF> <ref\nname=b/> <nowiki >y</nowiki> </ref> <br/>"
        "\n* item\n{|\n| cell\n|}\n<Syntaxhighlight lang=py>z</Syntaxhighlight>\n")
    doc = Document(text, zh_profile)
    names = [name for _, name in doc._tag_names]
    assert names == [str(span.node.tag).strip().lower() for span, _ in doc._tag_names]
    assert {"ref", "nowiki", "br", "li", "table", "td", "syntaxhighlight"} <= set(names)


def test_release_drops_the_parse_and_keeps_text_and_positions(seed_text, zh_profile) -> None:
    doc = Document(seed_text, zh_profile)
    templates = len(doc.templates)
    position = doc.position(len(seed_text) - 1)
    doc.release()
    assert "code" not in vars(doc) and "templates" not in vars(doc) and "_layout" not in vars(doc)
    assert doc.position(len(seed_text) - 1) == position
    assert len(doc.templates) == templates, "a view asked for again is computed again"


@pytest.mark.parametrize(("text", "expected"), [
    ("Text.{{citation needed|date=May 2020}}", True),
    ("Text.{{ Citation_needed }}", True),
    ("Text.{{Template:Citation needed\n|date=May 2020}}", True),
    ("Text.{{cn}}", True),
    ("Text.{{cite web|url=http://e.org|title=Citation needed}}", False),
    ("Text. [citation needed] {{reflist}}", False),
    ("Text. No templates at all.", False),
    ("Text.{{citation needed<!-- dated later -->}}", True),  # a comment in a name: parse to be sure
    ("Text.{{{{tl|x}}|y}}", True),  # a name built by a template
])
def test_may_transclude_reads_template_names_without_parsing(en_profile, text, expected) -> None:
    doc = Document(text, en_profile)
    assert doc.may_transclude("citation-needed") is expected
    assert not doc.is_parsed


@pytest.mark.parametrize("text", ["文字{{來源請求|time=2019-01-18}}", "文字{{来源请求}}", "文字{{Template:Citation needed}}"])
def test_may_transclude_folds_script_and_prefix(zh_profile, text) -> None:
    assert Document(text, zh_profile).may_transclude("citation-needed")


def test_may_transclude_ignores_braces_that_open_no_name(en_profile) -> None:
    doc = Document("Text {{ " + "never closed " * 100 + "\n{{citation needed}}", en_profile)
    assert doc.may_transclude("citation-needed")
    assert not Document("Text {{ " + "never closed " * 100, en_profile).may_transclude("citation-needed")


# -- the bracket scan's leaf shortcut ----------------------------------------------

_BRACKET_PIECES = ["{{", "}}", "{{{", "}}}", "[[", "]]", "[[[", "]]]", "{", "}", "[", "]", "-{", "}-", "|", "a",
                   "文", " ", "\n", "<ref>", "</ref>", "<ref name=a/>", "<nowiki>", "</nowiki>", "<!--", "-->",
                   "<br>", "<gallery>", "</gallery>", "<pre>", "</pre>"]


def _scan_without_leaves(text: str, variants: bool):
    import re

    from wikilint.rules.document import brackets

    never = re.compile(r"(?!)")
    saved = dict(brackets._LEAF)
    brackets._LEAF.update({"[": never, "{": never})
    try:
        return brackets.scan_brackets(text, variants=variants)
    finally:
        brackets._LEAF.update(saved)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_BRACKET_PIECES), max_size=40).map("".join), st.booleans())
def test_skipping_leaf_links_and_templates_changes_no_scan(text: str, variants: bool) -> None:
    """A link or template with no bracket or tag inside is skipped whole by
    the bracket scan; the scan says exactly what pairing it by hand says."""
    from wikilint.rules.document.brackets import scan_brackets

    assert scan_brackets(text, variants=variants) == _scan_without_leaves(text, variants)


def test_the_leaf_shortcut_is_taken() -> None:
    from wikilint.rules.document import brackets

    calls = []
    real = brackets._run
    brackets._run = lambda *a, **k: calls.append(1) or real(*a, **k)
    try:
        brackets.scan_brackets("[[a]] {{b|c}} " * 10)
    finally:
        brackets._run = real
    assert calls == []


def test_containment_answers_as_reading_every_span() -> None:
    """The max-end tree finds exactly the spans that hold a stretch, for any number of spans."""
    import random

    from wikilint.rules.document.document import _Containment
    from wikilint.rules.document.spans import NodeSpan

    rng = random.Random(5)
    for count in [*range(40), 1000]:
        spans, at = [], 0
        for _ in range(count):
            at += rng.randint(0, 3)
            spans.append(NodeSpan(None, at, at + rng.randint(0, 50), 0))
        containment = _Containment(spans)
        for _ in range(50):
            start = rng.randint(0, at + 5)
            end = start + rng.randint(0, 20)
            expected = [i for i, s in enumerate(spans) if s.start <= start and end <= s.end]
            assert containment.containing(start, end) == expected, (count, start, end)
