"""``wikilint bot -fix`` on a real MediaWiki: one edit with the safe fixes, none on a
rerun, another user's concurrent edit kept, nobots and the shutoff page obeyed."""

from __future__ import annotations

import pytest

from wikilint.bot.fixing import fix_text

from tests.bot.helpers import bot_edits, engine
from tests.bot.hooked_bot import ARTICLE_CONFLICT_TEXT
from tests.bot.wiki_pages import SEED_TITLE, SHUTOFF, ZH_PAGES

pytestmark = pytest.mark.wiki


def safe_fixed(text: str, title: str) -> str:
    lint = engine()
    return fix_text(text, lambda t: lint.lint(t, title=title, wiki="zhwiki").findings).text


def test_fix_always_edits_once_and_a_rerun_makes_no_edit(zhwiki, zhbot):
    original = ZH_PAGES[SEED_TITLE]
    expected = safe_fixed(original, SEED_TITLE)
    assert expected != original, "the seed must have a safe fix for this test"

    run = zhbot.run("-fix", "-always", f"-page:{SEED_TITLE}")

    assert run.returncode == 0, run.stderr
    line = run.action(SEED_TITLE)
    assert line["action"] == "fixed" and line["mode"] == "fix"
    assert line["counts"] == {"REF002": 1}
    assert zhwiki.page_text(SEED_TITLE).rstrip("\n") == expected.rstrip("\n")
    edits = bot_edits(zhwiki)
    assert [e["title"] for e in edits] == [SEED_TITLE], "the article only, never its talk page"
    edit = edits[0]
    assert "bot" in edit and "minor" in edit, "a bot edit, marked minor"
    assert "[[User:LintBot/wikilint#REF002|REF002 duplicate-reference]]" in edit["comment"]
    assert "修正 1 项问题" in edit["comment"], "the summary is in the wiki's language"

    again = zhbot.run("-fix", "-always", f"-page:{SEED_TITLE}")
    assert again.action(SEED_TITLE)["action"] == "unchanged"
    assert len(bot_edits(zhwiki)) == 1


def test_simulate_shows_the_diff_and_saves_nothing(zhwiki, zhbot):
    run = zhbot.run("-fix", "-always", "-simulate", f"-page:{SEED_TITLE}")

    assert run.returncode == 0, run.stderr
    assert run.action(SEED_TITLE)["action"] == "dry-run"
    assert '<ref name="ISW" />' in run.stdout + run.stderr, "the diff is shown"
    assert bot_edits(zhwiki) == []
    assert zhwiki.page_text(SEED_TITLE).rstrip("\n") == ZH_PAGES[SEED_TITLE].rstrip("\n")


def test_without_always_the_operators_no_is_kept(zhwiki, zhbot):
    run = zhbot.run("-fix", f"-page:{SEED_TITLE}")  # stdin is empty: no answer is no

    assert bot_edits(zhwiki) == []
    assert run.action(SEED_TITLE)["action"] in ("skipped", "error")


def test_a_concurrent_edit_is_kept(zhwiki, zhbot):
    run = zhbot.run("-fix", "-always", f"-page:{SEED_TITLE}", hook="article-conflict")

    assert run.returncode == 0, run.stderr
    assert run.action(SEED_TITLE)["action"] == "fixed"
    text = zhwiki.page_text(SEED_TITLE)
    assert ARTICLE_CONFLICT_TEXT.strip() in text, "the other user's sentence is still there"
    assert '<ref name="ISW" />' in text, "and the fix is made"
    assert len(bot_edits(zhwiki)) == 1


def test_nobots_on_the_article_stops_it(zhwiki, zhbot):
    zhwiki.edit(SEED_TITLE, "{{nobots}}\n" + ZH_PAGES[SEED_TITLE])

    run = zhbot.run("-fix", "-always", f"-page:{SEED_TITLE}")

    line = run.action(SEED_TITLE)
    assert line["action"] == "skipped" and line["reason"].startswith("nobots on the article")
    assert bot_edits(zhwiki) == []


def test_the_shutoff_page_stops_it(zhwiki, zhbot):
    zhwiki.edit(SHUTOFF, "stop")

    run = zhbot.run("-fix", "-always", f"-page:{SEED_TITLE}")

    assert "says 'stop'" in run.summary["stopped"]
    assert run.pages == []
    assert bot_edits(zhwiki) == []
