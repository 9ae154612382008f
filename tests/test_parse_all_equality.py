"""The rules' pre-parse tests lose nothing: linting with them gives the same
findings, byte for byte, as ``--parse-all`` (every rule run on every page,
every page parsed), over the seed, every fixture, the whole shared corpus
(its articles and the article pages of its dumps; skipped when absent) and
generated wikitext.

The tests must also skip something: over the corpus, fewer pages are parsed
than with ``--parse-all``. The dump pages are checked with one lint each
(:func:`assert_covered`), the rest with both.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import CORPUS, ROOT, SEED, corpus_files
from wikilint.bot.config import load_config
from wikilint.bot.engine import Engine
from wikilint.bot.scan.dumps import header_profile
from wikilint.bot.scan.pages import PageRecord, parse_chunk, read_siteinfo
from wikilint.bot.scan.source import DumpStream, PageChunker, clean_header

FIXTURES = ROOT / "tests" / "fixtures"
WIKI = re.compile(r"<!--\s*wiki:\s*(\w+)\s*-->")


@lru_cache(maxsize=None)
def engines() -> tuple[Engine, Engine]:
    config = load_config(None)
    return Engine.from_config(config), Engine.from_config(config, parse_all=True)


def lint_both(text: str, wiki: str | None = None) -> tuple[list[str], list[str], bool]:
    """The findings (as JSON) with the pre-parse tests and with ``--parse-all``,
    and whether the pre-parse tests let the page be parsed."""
    precise, everything = engines()
    found = precise.lint(text, title="page", wiki=wiki)
    forced = everything.lint(text, title="page", wiki=wiki)
    return ([f.model_dump_json() for f in found.findings],
            [f.model_dump_json() for f in forced.findings], found.parsed)


def assert_same(text: str, wiki: str | None = None, where: str = "") -> bool:
    found, forced, parsed = lint_both(text, wiki)
    missed = [f for f in forced if f not in found]
    assert found == forced, f"{where}: the pre-parse tests lose {len(missed)} finding(s): {missed[:3]}"
    return parsed


def assert_covered(text: str, wiki: str | None, where: str) -> bool:
    """The same as :func:`assert_same` for the price of one lint: the engine
    runs each rule on its own, so the findings are identical exactly when every
    finding of ``--parse-all`` comes from a rule whose pre-parse test let it
    run (a crash or an unreadable page too). Returns whether the page was
    parsed for the tests."""
    from wikilint.bot.engine import INTERNAL_ERROR_CODE
    from wikilint.rules.document import Document

    precise, everything = engines()
    doc = Document(text, precise.profile_for(text, wiki), "page")
    may = {rule.code for rule in precise.rules_for(doc)}
    for finding in everything.lint(text, title="page", wiki=wiki).findings:
        code = finding.evidence.get("rule") if finding.code == INTERNAL_ERROR_CODE else finding.code
        assert (code in may) if code else bool(may), \
            f"{where}: the pre-parse test of {code} loses {finding.model_dump_json()}"
    return bool(may)


def test_seed() -> None:
    assert_same(SEED.read_text("utf-8"), "zhwiki", SEED.name)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/*.wiki")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path: Path) -> None:
    text = path.read_text("utf-8")
    marker = WIKI.search(text.split("\n", 1)[0])
    assert_same(text, marker.group(1) if marker else None, str(path))


@pytest.mark.corpus
def test_corpus_articles() -> None:
    files = corpus_files("zh", "en", "other")
    if not files:
        pytest.skip("the shared corpus is absent")
    for path in files:
        assert_same(path.read_text("utf-8"), None, path.name)


def dump_articles(path: Path):
    """The article pages (namespace 0, no redirects) of one dump, with the
    profile its header names (as ``wikilint scan`` reads them)."""
    with DumpStream(path) as stream:
        chunker = PageChunker(stream.blocks(), 1 << 20)
        try:
            header = clean_header(chunker.header)
        except Exception:
            return
        wiki = header_profile(read_siteinfo(header))
        for chunk in chunker:
            for record in parse_chunk(header, chunk):
                if isinstance(record, PageRecord) and record.namespace == 0 \
                        and not record.redirect and record.text:
                    yield record.title, record.text, wiki


def corpus_dumps() -> list[Path]:
    folder = CORPUS / "dumps"
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_dumps(), ids=lambda p: p.name)
def test_corpus_dump(path: Path) -> None:
    pages = parsed = 0
    for title, text, wiki in dump_articles(path):
        parsed += assert_covered(text, wiki, f"{path.name}: {title}")
        pages += 1
    if pages >= 100:  # the tests skip something on real articles
        assert parsed < pages, f"{path.name}: every one of {pages} pages parsed"


# -- generated wikitext ---------------------------------------------------------------

PIECES = [
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[", "]", "|", "=", " ", " ", "\n", "\n", "\n\n", "''", "'''",
    "<ref>", "</ref>", '<ref name="a">', '<ref name="b">', '<ref name="a" />', "<ref group=n>",
    "<references />", "<!--", "-->", "<nowiki>", "</nowiki>", "<pre>", "</pre>", "<math>", "</math>",
    "<small>", "</small>", "<span style=\"x\">", "</span>", "<gallery>", "</gallery>", "-{", "}-",
    "http://a.org/x", "https://a.org/x", "http://www.a.org/x/", "//a.org/x", "ftp://b.net/", "http://b.net",
    "https://web.archive.org/web/20140105000000/http://a.org/x", "p. 12", "page=3",
    "cite web", "Cite news", "cite web|url=", "url=", "title=", "|date=", "|access-date=", "|archive-date=",
    "|archive-url=", "efn", "small", "URL", "Webarchive", "dead link", "Infobox military conflict",
    "citation needed", "來源請求", "[citation needed]", "[來源請求]", "fact", "who", "Refimprove",
    "Multiple issues", "Start date", "End date", "birth date", "death date",
    "2014年1月3日", "1月3日", "2013年12月30日", "January 3, 2014", "3 January 2014", "On 3 January 2014,",
    "2014-01-03", "2012-05-01", "2015", "至今", "ongoing", "至", "–", " to ", "-",
    "== A ==", "=== B ===", "==== C ====", "== A ==", "* ", "# ", ": ",
    "共", "死亡", "總計", "killed", "wounded", "total", "12", "1,234", "35",
    "\u200b", "\u00ad", "\ufeff", "zh-hans:", "zh-tw:", "zh-xx:", ";", "H|",
    "text", "文字", "File:a.jpg", "thumb", "link=", "{|", "|}", "|-", "!", "<templatestyles>",
]


def _wikitext() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_wikitext(), wiki=st.sampled_from(["zhwiki", "enwiki"]))
def test_generated(text: str, wiki: str) -> None:
    assert_same(text, wiki, repr(text))


#: What a citation's title may be written with: figures of a kind, and the
#: markup that makes the parse read a title otherwise than as written.
TITLE_PIECES = [
    "65,000", "140,000", "7", "Seven", "七", "三百", " ", " people ", "displaced", "killed", "dead", "wounded",
    "死亡", "受傷", "人", "kill", "ed", "[[", "]]", "[[a|", "{{lang|en|", "{{!}}", "}}", "&amp;", "&#107;",
    "<!--", "-->", "<span>", "</span>", "\n", "\n\n\n", "http://a.org/7-killed", "[http://a.org ", "]",
    "|", "=", "''", "-{", "}-", "title=", "|title=", "|quote=",
]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.lists(st.sampled_from(TITLE_PIECES), min_size=1, max_size=12).map("".join),
       article=st.sampled_from(["140,000 people were displaced", "Seven people were killed",
                                "聯合國稱140,000人流離失所", "衝突造成三百人死亡"]))
def test_generated_citation_titles(title: str, article: str) -> None:
    """NUM002 reads a citation's title from the text where it is plain, and
    says "maybe" where markup may make the parse read it otherwise."""
    text = f"{article}<ref>{{{{cite web|url=http://x.org/a|title={title}|date=2014-01-24}}}}</ref>.\n"
    assert_same(text, "enwiki", repr(text))


def test_parse_all_option_of_check_and_scan(tmp_path: Path) -> None:
    """``--parse-all`` reaches the engine from ``check`` and ``scan`` (and the
    findings stay the same)."""
    import subprocess
    import sys

    from wikilint.bot.scan.lint import LinterSpec, engine_linter

    def check(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "wikilint.bot", "check", "--format", "jsonl",
                               str(SEED), *extra], capture_output=True, text=True, cwd=ROOT)

    plain, forced = check(), check("--parse-all")
    assert forced.returncode == plain.returncode == 1, forced.stderr
    assert forced.stdout == plain.stdout and plain.stdout.count("\n") > 10
    stub = "A stub with no reference and no template."
    assert not engines()[0].lint(stub).parsed and engines()[1].lint(stub).parsed
    linter = engine_linter(LinterSpec(parse_all=True))
    assert linter(SEED.read_text("utf-8"), title="seed", wiki="zhwiki")


def test_a_test_that_says_no_wrongly_is_caught(monkeypatch) -> None:
    """Both checks fail when a rule's pre-parse test hides a finding."""
    precise, _ = engines()
    rule = next(r for r in precise.rules if r.code == "REF002")
    monkeypatch.setattr(rule, "may_find", lambda doc: False)
    text = SEED.read_text("utf-8")
    with pytest.raises(AssertionError, match="REF002"):
        assert_same(text, "zhwiki", "seed")
    with pytest.raises(AssertionError, match="REF002"):
        assert_covered(text, "zhwiki", "seed")
