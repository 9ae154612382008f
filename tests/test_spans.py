"""Every node's span is exact: ``text[start:end] == str(node)``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import SEED, corpus_files
from wikilint.rules.document import Document
from wikilint.rules.profile import load_profile

PROFILE = load_profile("zhwiki")


def assert_exact_spans(text: str) -> int:
    doc = Document(text, PROFILE)
    assert len(doc.parsed_text) == len(text)
    for span in doc.nodes:
        assert doc.parsed_text[span.start:span.end] == str(span.node), (
            f"span {span.start}:{span.end} of {type(span.node).__name__}")
        assert doc.span(span.node) == (span.start, span.end)
    # Every node of the tree, the text inside other nodes included.
    count = 0
    for node in doc.code.ifilter(recursive=True):
        start, end = doc.span(node)
        assert doc.parsed_text[start:end] == str(node), f"span {start}:{end} of {type(node).__name__}"
        count += 1
    return count


def test_seed_spans() -> None:
    count = assert_exact_spans(SEED.read_text("utf-8"))
    assert count > 1000


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("zh", "en"), ids=lambda p: p.name)
def test_corpus_spans(path) -> None:
    assert_exact_spans(path.read_text("utf-8"))


def test_value_made_of_equals_signs() -> None:
    text = "x {{foo|a==}} y {{foo|a==}} {{foo|==|b= =}}"
    doc = Document(text, PROFILE)
    values = [node for node in doc.code.ifilter_text(recursive=True) if str(node) == "="]
    assert all(doc.source(*doc.span(node)) == "=" for node in values)
    assert values, "the parameter values are laid out"
    assert_exact_spans(text)


def test_variant_markup_cannot_split_parameters() -> None:
    text = "{{Infobox military conflict|casualties1=-{H|1,234}-人|strength1=5}}"
    doc = Document(text, PROFILE)
    template = doc.templates[0]
    assert [str(p.name) for p in template.node.params] == ["casualties1", "strength1"]
    start, end = doc.span(template.node.get("casualties1").value.nodes[0])
    assert doc.source(start, end).startswith("-{H|1,234}-")


WIKI_PIECES = st.sampled_from([
    "{{", "}}", "|", "=", "[[", "]]", "[", "]", "<ref>", "</ref>", "<ref name=a/>", "<!--", "-->",
    "''", "'''", "==", "\n", "\n\n", "*", "#", ":", "{|", "|}", "|-", "http://e.org/x", " ",
    "<nowiki>", "</nowiki>", "-{", "}-", "&amp;", "{{{", "}}}", "<br/>", "<div class=\"x\">",
    "</div>", "text", "文字", "1月9日", "x=y", "<pre>", "</pre>", "~~~~", "__TOC__",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WIKI_PIECES, max_size=40).map("".join))
def test_generated_wikitext_spans(text: str) -> None:
    assert_exact_spans(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_spans(text: str) -> None:
    assert_exact_spans(text)


@pytest.mark.parametrize(("opening", "closing"), [
    ("{{a|", "}}"), ("[[a|", "]]"), ("<span>", "</span>"), ("{{{a|", "}}}"), ("[http://e.org ", "]"),
])
def test_deeply_nested_markup_is_laid_out(opening: str, closing: str) -> None:
    """The parser stops nesting at a fixed depth, so the recursive layout
    never nears Python's recursion limit, however deep the markup."""
    text = opening * 3000 + "x" + closing * 3000
    assert assert_exact_spans(text) > 1
