"""Tests for rules.text.urls: comparison keys, domains and archive URLs."""

from __future__ import annotations

import pytest

from wikilint.rules.text.urls import (
    archived_original,
    is_archive_url,
    is_site_home,
    is_web_url,
    linked_url,
    normalize_url,
    url_domain,
)

SAME_PAGE = [
    # scheme, www., trailing slash and #fragment are ignored
    ("http://www.dailystar.com.lb/News/2014/Jan-05/243195.ashx#axzz2oNa3sbT8",
     "https://dailystar.com.lb/News/2014/Jan-05/243195.ashx"),
    ("http://www.foxnews.com/world/2014/01/04/iraq/", "http://foxnews.com/world/2014/01/04/iraq"),
    ("//example.org/a", "https://example.org/a"),
    # host case, default ports, percent-encoding of the path, HTML entities
    ("http://EXAMPLE.org:80/a", "https://example.org:443/a"),
    ("https://zh.wikipedia.org/wiki/%E5%AE%89%E5%B7%B4%E7%88%BE", "https://zh.wikipedia.org/wiki/安巴爾"),
    ("http://example.org/a?x=1&amp;y=2", "http://example.org/a?x=1&y=2"),
    ("  http://example.org/a  ", "http://example.org/a"),
    ("http://例子.中国/a", "http://xn--fsqu00a.xn--fiqs8s/a"),
]

DIFFERENT_PAGES = [
    # the query often selects the article
    ("http://example.org/view?id=1", "http://example.org/view?id=2"),
    ("http://example.org/a", "http://example.org/b"),
    ("http://example.org/a", "http://example.org:8080/a"),
    ("http://news.example.org/a", "http://example.org/a"),
    # path case matters on most servers
    ("http://example.org/Page", "http://example.org/page"),
    # an archived copy is not the page it preserves
    ("https://web.archive.org/web/20140106031838/http://au.news.yahoo.com/world/a/20602866/",
     "http://au.news.yahoo.com/world/a/20602866/"),
    # two snapshots of one page are two URLs
    ("https://web.archive.org/web/2014/http://example.org/", "https://web.archive.org/web/2015/http://example.org/"),
]


@pytest.mark.parametrize(("left", "right"), SAME_PAGE)
def test_normalize_url_folds_spellings_of_one_page(left: str, right: str) -> None:
    assert normalize_url(left) == normalize_url(right)


@pytest.mark.parametrize(("left", "right"), DIFFERENT_PAGES)
def test_normalize_url_keeps_different_pages_apart(left: str, right: str) -> None:
    assert normalize_url(left) != normalize_url(right)


def test_normalize_url_key_shape() -> None:
    assert normalize_url("HTTPS://WWW.Example.ORG/Path/?q=1#top") == "example.org/Path?q=1"


@pytest.mark.parametrize("text", ["not a url", "http://[::1", "http://example.org:99999/"])
def test_normalize_url_tolerates_text_that_is_not_a_url(text: str) -> None:
    assert normalize_url(text) == text


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://www.militarytimes.com/article/20140103/NEWS08/301030005", "militarytimes.com"),
        ("https://english.ahram.org.eg/NewsContent/2/8/90825/", "english.ahram.org.eg"),
        ("//WWW.BBC.co.uk/news", "bbc.co.uk"),
        ("http://user@example.org:8080/", "example.org"),
        ("http://例子.中国/a", "例子.中国"),
        ("example.org/no-scheme", ""),
        ("http://[::1", ""),
    ],
)
def test_url_domain(url: str, domain: str) -> None:
    assert url_domain(url) == domain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://example.org", True),
        ("HTTPS://example.org/a", True),
        ("ftp://ftp.example.org/file", True),
        ("//example.org/a", True),
        ("mailto:someone@example.org", False),
        ("example.org", False),
        ("http://", False),
        ("javascript://x", False),
        ("", False),
    ],
)
def test_is_web_url(text: str, expected: bool) -> None:
    assert is_web_url(text) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://web.archive.org/web/20140705054624/http://mideastafrica.foreignpolicy.com/posts/", True),
        ("http://archive.org/web/20140101000000/http://example.org/", True),
        ("https://archive.org/details/historyofiraq00tripp", False),
        ("https://archive.ph/AbCd1", True),
        ("http://www.webcitation.org/6MjZ0fqSk", True),
        ("https://wayback.archive-it.org/all/20140101/http://example.org/", True),
        ("http://www.dailystar.com.lb/News/Middle-East/2014/Jan-05/243195.ashx", False),
        ("http://notarchive.org/web/2014/http://example.org/", False),
    ],
)
def test_is_archive_url(url: str, expected: bool) -> None:
    assert is_archive_url(url) is expected


@pytest.mark.parametrize(
    ("url", "original"),
    [
        ("https://web.archive.org/web/20140106031838/http://au.news.yahoo.com/world/a/20602866/",
         "http://au.news.yahoo.com/world/a/20602866/"),
        ("https://web.archive.org/web/20151208060712id_/http://www.presstv.ir/detail/2014/?a=1",
         "http://www.presstv.ir/detail/2014/?a=1"),
        ("https://archive.ph/2019.01.01-000000/https://example.org/page", "https://example.org/page"),
        ("https://archive.ph/AbCd1", None),
        ("http://www.presstv.ir/detail/2014/01/16/345872/", None),
    ],
)
def test_archived_original(url: str, original: str | None) -> None:
    assert archived_original(url) == original


@pytest.mark.parametrize(
    ("written", "bracketed", "linked"),
    [
        ("http://a.org/b{{dead link|date=2018年5月}}", False, "http://a.org/b"),
        ("http://a.org/b<!-- note -->", True, "http://a.org/b"),
        ("http://a.org/b&lt;/ref&gt;", False, "http://a.org/b"),
        ("http://a.org/b&nbsp;", False, "http://a.org/b"),
        ("http://a.org/b).", False, "http://a.org/b"),
        ("http://a.org/wiki/Foo_(bar)", False, "http://a.org/wiki/Foo_(bar)"),
        ("http://a.org/b.", True, "http://a.org/b."),
        ("http://a.org/view?a=1&amp;b=2", False, "http://a.org/view?a=1&amp;b=2"),
    ],
)
def test_linked_url(written: str, bracketed: bool, linked: str) -> None:
    assert linked_url(written, bracketed=bracketed) == linked


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("http://en.uefa.com/", "http://www.uefa.com/uefaeuro2012/history/season=2000/index.html", True),
        ("http://www.assemblee-nationale.fr/english/index.asp",
         "http://www.assemblee-nationale.fr/english/election.asp#election", True),
        ("http://www.oecd.org/home/0,3305,en_2649_201185_1_1_1_1_1,00.html",
         "http://www.oecd.org/document/8/0,3343,en_2649_201185_1956607_1_1_1_1,00.html", True),
        ("http://www.unesco.org/new/en/unesco/",
         "http://www.unesco.org/new/en/unesco/about-us/who-we-are/history/paris-headquarters/", True),
        ("http://news.bbc.co.uk/", "http://news.bbc.co.uk/2/hi/europe/7132108.stm", True),
        # other sites, other pages of one site, the page itself
        ("http://www.uefa.com/", "http://www.fifa.com/news/1.html", False),
        ("http://www.presstv.ir/detail/2014/01/03/343517/", "http://www.presstv.ir/detail/2014/01/05/343880/", False),
        ("http://example.org/a", "https://www.example.org/a/", False),
        ("http://example.org/?page=2", "http://example.org/news/1", False),
        ("not a url", "http://example.org/", False),
    ],
)
def test_is_site_home(url: str, page: str, expected: bool) -> None:
    assert is_site_home(url, page) is expected
