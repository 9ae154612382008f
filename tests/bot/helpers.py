"""Helpers shared by the real-wiki tests."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from wikilint.bot.config import load_config
from wikilint.bot.engine import Engine
from wikilint.rules.finding import Finding

from tests.bot.wiki_pages import BOT

MARKER = re.compile(r"<!-- wikilint-report bot=(\S*) rev=(\d+) digest=([0-9a-f]+) -->")
END = "<!-- /wikilint-report -->"


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine.from_config(load_config(None))


def findings_of(text: str, title: str, wiki: str = "zhwiki") -> list[Finding]:
    """What the engine finds, minus internal errors (which reports leave out)."""
    return [f for f in engine().lint(text, title=title, wiki=wiki).findings if f.code != "WL000"]


def talk_findings_of(text: str, title: str, wiki: str = "zhwiki") -> list[Finding]:
    """What a talk notice reports by default: the findings of the rules allowed on talk
    pages (warning or error, never info)."""
    from wikilint.bot.wiki.settings import DEFAULT_TALK_RULES

    return [f for f in findings_of(text, title, wiki)
            if f.code in DEFAULT_TALK_RULES and f.severity.rank >= 1]


def markers(text: str | None) -> list[tuple[str, int, str]]:
    """The report markers in a talk page: (bot, revision, digest)."""
    return [(m[1], int(m[2]), m[3]) for m in MARKER.finditer(text or "")]


def report_block(text: str) -> tuple[int, int]:
    """Start and end offsets of the one report block (heading to end marker)."""
    match = MARKER.search(text)
    assert match, "no report on the page"
    start = text.rfind("\n==", 0, match.start()) + 1
    end = text.index(END, match.end()) + len(END)
    return start, end


def bot_edits(wiki, title: str | None = None) -> list[dict]:
    """Edits by the bot account, newest first (optionally on one page)."""
    changes = wiki.recent_changes(user=BOT)
    return [c for c in changes if title is None or c["title"] == title]


def revision_id(wiki, title: str) -> int:
    return wiki.revisions(title)[-1]["revid"]


def visible_text(page_html: str) -> str:
    """What a reader sees of rendered HTML: tags removed, entities decoded."""
    without_comments = re.sub(r"<!--.*?-->", "", page_html, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", without_comments))
