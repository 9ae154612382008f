"""Articles read anonymously, read-only, from a wiki's action API.

One GET per article (``prop=revisions`` of the title, or of one revision
with ``oldid``), following redirects and, on zh wikis, the script
conversion of titles (``converttitles``), as the wiki's search box does.
The site's own links (the article, its history, a revision) are built from
its ``siteinfo``, read once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests

from wikilint.bot import __version__

#: The action API of each wiki profile's Wikipedia.
DEFAULT_APIS = {
    "zhwiki": "https://zh.wikipedia.org/w/api.php",
    "enwiki": "https://en.wikipedia.org/w/api.php",
}
USER_AGENT = f"wikilint/{__version__} (web tool; https://github.com/wikilint/wikilint)"
TIMEOUT = 15.0


class SourceError(Exception):
    """The article cannot be read; :attr:`status` is the HTTP status to answer with."""

    status = 502


class ArticleNotFound(SourceError):
    status = 404


def default_api(wiki: str) -> str | None:
    """The action API of ``wiki``'s Wikipedia (``xxwiki`` → ``https://xx.wikipedia.org``)."""
    if wiki in DEFAULT_APIS:
        return DEFAULT_APIS[wiki]
    if wiki.endswith("wiki") and len(wiki) > 4 and wiki[:-4].isalpha():
        return f"https://{wiki[:-4]}.wikipedia.org/w/api.php"
    return None


def origin_of(url: str) -> str:
    """``https://zh.wikipedia.org`` of any URL on it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    revision_id: int
    timestamp: str


class WikiSite:
    """One wiki, read through its action API."""

    def __init__(self, api_url: str) -> None:
        self.api_url = api_url
        self.origin = origin_of(api_url)
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self._lock = threading.Lock()
        self._general: dict[str, Any] | None = None

    def _get(self, **params: Any) -> dict[str, Any]:
        params.update(format="json", formatversion=2)
        try:
            answer = self._session.get(self.api_url, params=params, timeout=TIMEOUT)
            answer.raise_for_status()
            data = answer.json()
        except requests.RequestException as error:
            raise SourceError(f"the wiki did not answer ({type(error).__name__})") from None
        except ValueError:
            raise SourceError("the wiki's answer is not JSON") from None
        if "error" in data:
            info = data["error"].get("info") or data["error"].get("code", "")
            raise SourceError(f"the wiki refused the request: {info}")
        return data

    def fetch(self, title: str | None = None, oldid: int | None = None) -> Article:
        """The current text of ``title`` (or the text of revision ``oldid``)."""
        query: dict[str, Any] = {
            "action": "query",
            "prop": "revisions",
            "rvprop": "ids|timestamp|content",
            "rvslots": "main",
        }
        if oldid is not None:
            query["revids"] = oldid
        else:
            query.update(titles=title, redirects=1, converttitles=1)
        data = self._get(**query).get("query", {})
        if data.get("badrevids"):
            raise ArticleNotFound(f"no revision {oldid} on this wiki")
        pages = data.get("pages") or []
        page = pages[0] if pages else {}
        if not page or page.get("missing") or page.get("invalid") or not page.get("revisions"):
            name = page.get("title") or title
            raise ArticleNotFound(
                f"no page titled {name!r} on this wiki"
                if not page.get("invalid")
                else f"invalid title {title!r}"
            )
        revision = page["revisions"][0]
        main = revision.get("slots", {}).get("main", {})
        if main.get("texthidden") or "content" not in main:
            raise ArticleNotFound("the text of this revision is hidden")
        return Article(page["title"], main["content"], int(revision["revid"]), revision.get("timestamp", ""))

    # -- links ------------------------------------------------------------------

    def general(self) -> dict[str, Any]:
        """The wiki's ``siteinfo`` (server, article path, script), read once;
        Wikipedia's layout when the wiki cannot be asked."""
        with self._lock:
            if self._general is None:
                try:
                    self._general = self._get(action="query", meta="siteinfo")["query"]["general"]
                except (SourceError, KeyError):
                    return {"server": self.origin, "articlepath": "/wiki/$1", "script": "/w/index.php"}
            return self._general

    def _server(self) -> str:
        server = self.general().get("server", self.origin)
        return "https:" + server if server.startswith("//") else server

    def article_url(self, title: str) -> str:
        path = self.general().get("articlepath", "/wiki/$1")
        return self._server() + path.replace("$1", quote(title.replace(" ", "_"), safe="/:()_,"))

    def index_url(self, **params: Any) -> str:
        return f"{self._server()}{self.general().get('script', '/w/index.php')}?{urlencode(params)}"

    def history_url(self, title: str) -> str:
        return self.index_url(title=title, action="history")

    def revision_url(self, title: str, revision_id: int) -> str:
        return self.index_url(title=title, oldid=revision_id)
