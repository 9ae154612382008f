"""wikilint's tree builder builds exactly mwparserfromhell's tree: every node,
every attribute, over the seed, every fixture, the shared corpus (skipped
when absent) and generated wikitext, with and without style tags."""

from __future__ import annotations

import logging
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, SEED, corpus_files

from wikilint.rules.document import Document, DocumentError, tree
from wikilint.rules.document.spans import layout
from wikilint.rules.profile import load_profile

FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*/*.wiki"))


def assert_same_tree(text: str, skip_style_tags: bool = True) -> None:
    built = tree.parse(text, skip_style_tags=skip_style_tags)
    expected = mwparserfromhell.parse(text, skip_style_tags=skip_style_tags)
    assert tree.tree_shape(built) == tree.tree_shape(expected)
    assert str(built) == str(expected)


def test_the_sample_has_every_kind_of_node() -> None:
    kinds = {type(node).__name__ for node in mwparserfromhell.parse(tree.SAMPLE).ifilter(recursive=True)}
    assert kinds >= {"Argument", "Comment", "ExternalLink", "Heading", "HTMLEntity", "Tag", "Template",
                     "Text", "Wikilink"}
    assert tree.builder_agrees()


def test_tree_shape_tells_trees_apart() -> None:
    """The comparison sees a difference in any attribute, however deep."""
    same = tree.tree_shape(mwparserfromhell.parse("{{a|b=[[c|d]]}}"))
    assert same == tree.tree_shape(mwparserfromhell.parse("{{a|b=[[c|d]]}}"))
    changed = mwparserfromhell.parse("{{a|b=[[c|d]]}}")
    changed.filter_wikilinks()[0].text = "e"
    assert tree.tree_shape(changed) != same
    spaced = mwparserfromhell.parse("[http://a.org b]")
    spaced.filter_external_links()[0].suppress_space = True
    assert tree.tree_shape(spaced) != tree.tree_shape(mwparserfromhell.parse("[http://a.org b]"))


def test_seed() -> None:
    text = SEED.read_text("utf-8")
    assert_same_tree(text)
    assert_same_tree(text, skip_style_tags=False)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path: Path) -> None:
    assert_same_tree(path.read_text("utf-8"))


@pytest.mark.corpus
def test_corpus() -> None:
    """The tree and its layout, on every article of the shared corpus."""
    files = corpus_files("zh", "en", "other")
    if not files:
        pytest.skip("the shared corpus is absent")
    for path in files:
        text = path.read_text("utf-8")
        for skip_style_tags in (True, False):
            assert_same_tree(text, skip_style_tags)
            assert_same_layout(text, skip_style_tags)


PIECES = st.sampled_from([
    "{{", "}}", "{{{", "}}}", "|", "=", "[[", "]]", "[", "]", "<ref>", "</ref>", "<ref name=a/>",
    '<ref name="a b">', "<ref group=n name='x'>", "<!--", "-->", "''", "'''", "==", "\n", "\n\n", "*", "#",
    ":", ";", "{|", "|}", "|-", "|+", "!", "!!", "||", "----", "http://e.org/x", "[http://e.org x]", " ",
    "<nowiki>", "</nowiki>", "-{", "}-", "&amp;", "&#91;", "&#x5B;", "&bogus;", "<br>", "<br/>", "</br>",
    '<div class="x" id=y>', "</div>", "<span>", "</span >", "<pre>", "</pre>", "<math>", "</math>",
    "text", "文字", "1月9日", "x=y", "~~~~", "__TOC__", "<gallery>", "</gallery>", "<", ">", "/>",
])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=50).map("".join), st.booleans())
def test_generated_wikitext(text: str, skip_style_tags: bool) -> None:
    assert_same_tree(text, skip_style_tags)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    assert_same_tree(text)


def test_a_builder_that_disagrees_falls_back_to_mwparserfromhell(monkeypatch, caplog) -> None:
    """Should mwparserfromhell store its nodes differently, the page is still
    parsed, by mwparserfromhell's own builder, and the log says so."""
    monkeypatch.setattr(tree, "_use_tree_builder", None)
    monkeypatch.setattr(tree, "builder_agrees", lambda: False)

    def refuse(*args, **kwargs):
        raise AssertionError("the disagreeing builder was used")

    monkeypatch.setattr(tree.TreeBuilder, "build", refuse)
    with caplog.at_level(logging.WARNING, logger=tree.__name__):
        code = tree.parse("{{a|b}} [[c]]")
    assert [str(t.name) for t in code.filter_templates()] == ["a"]
    assert "slower builder" in caplog.text


def test_a_broken_token_stream_is_a_document_error(monkeypatch) -> None:
    """A token stream that ends inside a node is the parser's error, which
    the document model reports as a page it could not parse."""
    from mwparserfromhell.parser import tokens

    monkeypatch.setattr(tree, "_use_tree_builder", True)
    broken = [tokens.TemplateOpen(), tokens.Text(text="a")]  # no TemplateClose
    monkeypatch.setattr(tree._TreeParser, "parse_laid_out", lambda self, text, context=0, skip_style_tags=False:
                        (tree.TreeBuilder(list(broken)).build(), None))
    doc = Document("{{a}}", load_profile("enwiki"))
    with pytest.raises(DocumentError, match="could not be parsed"):
        _ = doc.code


# -- the layout made while building --------------------------------------------------


def assert_same_layout(text: str, skip_style_tags: bool = True) -> None:
    code, built = tree.parse_laid_out(text, skip_style_tags=skip_style_tags)
    assert tree.layout_shape(built) == tree.layout_shape(layout(code))


def test_layout_of_the_seed_and_fixtures() -> None:
    assert_same_layout(SEED.read_text("utf-8"))
    for path in FIXTURES:
        assert_same_layout(path.read_text("utf-8"))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=50).map("".join), st.booleans())
def test_layout_of_generated_wikitext(text: str, skip_style_tags: bool) -> None:
    assert_same_layout(text, skip_style_tags)


def test_layout_shape_tells_layouts_apart() -> None:
    code, built = tree.parse_laid_out("{{a|[[b]]}} <ref>c</ref>")
    assert tree.layout_shape(built) == tree.layout_shape(layout(code))
    built.spans[1].end += 1
    assert tree.layout_shape(built) != tree.layout_shape(layout(code))
