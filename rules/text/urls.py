"""URL helpers shared by the reference rules.

Wikitext cites the same page under many spellings: ``http`` or ``https``,
with or without ``www.``, with a trailing slash, with a tracking
``#fragment`` or with HTML entities such as ``&amp;``.  :func:`normalize_url`
folds these into one comparison key.  An archived copy
(``https://web.archive.org/web/2014…/http://example.com/``) is a different
URL from the page it preserves: it is never unwrapped into the original, and
:func:`is_archive_url` says whether a URL belongs to an archive service.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import SplitResult, unquote, urlsplit

__all__ = [
    "WEB_SCHEMES",
    "archived_original",
    "is_archive_url",
    "is_site_home",
    "is_web_url",
    "linked_url",
    "normalize_url",
    "url_domain",
]

#: Schemes of links that point at a web resource (protocol-relative ``//host``
#: links are web links too).
WEB_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})

#: Hosts (and their subdomains) that only serve archived copies of other pages.
_ARCHIVE_HOSTS = frozenset(
    {
        "web.archive.org",
        "wayback.archive.org",
        "wayback.archive-it.org",
        "archive.today",
        "archive.is",
        "archive.ph",
        "archive.li",
        "archive.fo",
        "archive.md",
        "archive.vn",
        "webcitation.org",
        "webarchive.org.uk",
        "webarchive.nla.gov.au",
        "webarchive.loc.gov",
        "webarchive.nationalarchives.gov.uk",
        "arquivo.pt",
        "perma.cc",
        "ghostarchive.org",
        "freezepage.com",
        "webcache.googleusercontent.com",
    }
)
#: Hosts that are archives only below some path (archive.org also hosts books).
_ARCHIVE_PATH_PREFIXES = {"archive.org": ("/web/",)}

_DEFAULT_PORTS = frozenset({80, 443})
#: File names (without extension) of a site's front page.
_HOME_STEMS = frozenset({"index", "default", "home", "main", "start", "welcome"})
#: The original URL embedded in a Wayback-style path: ``/web/<timestamp>[id_]/<url>``.
_EMBEDDED_URL = re.compile(r"^/(?:web/)?[0-9.*-]{1,20}[a-z_]*/((?:https?|ftp)://.+)$", re.I)


#: Where MediaWiki ends the URL of a link although a parser may keep going: a
#: template (it expands to markup), a tag, an escaped ``<``/``>``, ``&nbsp;``.
_URL_STOPS = ("{{", "<", "&lt;", "&gt;", "&nbsp;")
#: Punctuation MediaWiki leaves out at the end of a plain URL.
_TRAILING_PUNCTUATION = ",;.:!?"


def linked_url(written: str, *, bracketed: bool = True) -> str:
    """The URL MediaWiki makes a link of, from the URL part as written.

    It ends where a template, a tag, ``&lt;``/``&gt;`` or ``&nbsp;`` begins
    (``http://a.org/b{{dead link}}`` links ``http://a.org/b``). A plain
    (unbracketed) URL also loses trailing ``,;.:!?`` and a trailing ``)``
    unless it holds a ``(``: in ``(see http://a.org/b).`` the link is
    ``http://a.org/b``.
    """
    url = written
    for stop in _URL_STOPS:
        at = url.find(stop)
        if at != -1:
            url = url[:at]
    url = url.strip()
    if not bracketed:
        trailing = _TRAILING_PUNCTUATION if "(" in url else _TRAILING_PUNCTUATION + ")"
        url = url.rstrip(trailing)
    return url


@lru_cache(maxsize=8192)
def _split(url: str) -> SplitResult | None:
    """Split ``url`` after unescaping HTML entities; ``None`` when unparsable.

    Cached: the rules ask about one URL several times (is it a web URL, its
    key, is it an archive)."""
    text = html.unescape(url).strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return parts


#: The longest label of a host name (RFC 1035), in its ASCII form or before it.
_MAX_LABEL = 63


def _host(parts: SplitResult) -> str:
    """Lower-case host name without a leading ``www.``, in its ASCII (IDNA) form."""
    host = (parts.hostname or "").rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host.isascii() and all(len(label) <= _MAX_LABEL for label in host.split(".")):
        # (a longer label is no host name, and the codec's work on it grows as its square)
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    return host.lower()


def is_web_url(text: str) -> bool:
    """True when ``text`` is an absolute ``http``/``https``/``ftp`` or ``//host`` URL."""
    parts = _split(text)
    if parts is None or not parts.netloc:
        return False
    return parts.scheme.lower() in WEB_SCHEMES or (not parts.scheme and text.lstrip().startswith("//"))


def normalize_url(url: str) -> str:
    """Comparison key for ``url``.

    Ignores the scheme, letter case of the host, a leading ``www.``, default
    ports, a trailing slash, the ``#fragment`` and percent-encoding of the
    path; keeps the query string (it often selects the article).  Archive
    URLs stay archive URLs.  Text that is not a URL is returned stripped.
    """
    parts = _split(url)
    if parts is None or not parts.netloc:
        return html.unescape(url).strip()
    host = _host(parts)
    port = parts.port
    netloc = host if port is None or port in _DEFAULT_PORTS else f"{host}:{port}"
    path = unquote(parts.path).rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{netloc}{path}{query}"


def url_domain(url: str) -> str:
    """Host name of ``url`` in lower case without ``www.`` (``""`` when it has none)."""
    parts = _split(url)
    if parts is None:
        return ""
    host = (parts.hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


def is_archive_url(url: str) -> bool:
    """True when ``url`` points into a web archive (Wayback Machine, archive.today…)."""
    parts = _split(url)
    if parts is None:
        return False
    host = _host(parts)
    if any(host == known or host.endswith("." + known) for known in _ARCHIVE_HOSTS):
        return True
    prefixes = _ARCHIVE_PATH_PREFIXES.get(host, ())
    return any(parts.path.startswith(prefix) for prefix in prefixes)


def archived_original(url: str) -> str | None:
    """The page preserved by a Wayback-style archive URL, if the URL names it.

    ``https://web.archive.org/web/20140106031838/http://example.com/a`` gives
    ``http://example.com/a``; archive URLs that hide the original behind an
    opaque id (``https://archive.ph/AbCd1``) and non-archive URLs give ``None``.
    """
    if not is_archive_url(url):
        return None
    parts = _split(url)
    if parts is None:
        return None
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    match = _EMBEDDED_URL.search(tail)
    if match is None:
        return None
    return match.group(1)


def is_site_home(url: str, page: str) -> bool:
    """True when ``url`` is a front page of the site that publishes ``page``.

    The sites must match (``www.`` ignored; a subdomain matches its parent,
    ``en.uefa.com`` and ``uefa.com``) and ``url`` must be the root, a section
    above ``page`` (``/news`` above ``/news/2014/a.html``), or an index or
    home page (``/english/index.asp``, ``/home/0,3305,00.html``). A URL is
    not the home of itself.
    """
    home, other = _split(url), _split(page)
    if home is None or other is None or not home.netloc or not other.netloc:
        return False
    home_host, other_host = _host(home), _host(other)
    if not (
        home_host == other_host
        or other_host.endswith("." + home_host)
        or home_host.endswith("." + other_host)
    ):
        return False
    if normalize_url(url) == normalize_url(page):
        return False
    home_path = unquote(home.path).rstrip("/")
    if not home_path:
        return not home.query
    if unquote(other.path).startswith(home_path + "/"):
        return True
    segments = [segment.rsplit(".", 1)[0].lower() for segment in home_path.split("/") if segment]
    return any(segment in _HOME_STEMS for segment in segments)
