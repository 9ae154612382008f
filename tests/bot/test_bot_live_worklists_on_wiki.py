"""Live worklists on a real MediaWiki: lists built by a full run, then kept up to date by
``-live -report:worklist`` as a test user edits articles during the run (a shortened
settle delay): a new article is listed once it settles, never before; an article whose
findings are removed leaves the lists; a restart keeps the published rows and makes no
edit; lists the bot's state does not know stop the run."""

from __future__ import annotations

import re
import signal
import time

import pytest

from tests.bot.community import PREFIX, rows, wait_until, wiki_time
from tests.bot.conftest import read_log
from tests.bot.helpers import bot_edits, findings_of
from tests.bot.wiki_pages import zh_article

pytestmark = pytest.mark.wiki

SETTLE_MINUTES = 0.05  # 3 seconds
SETTLE_S = SETTLE_MINUTES * 60
NEW_TITLE = "新建條目"
LIST_PAGES = (f"{PREFIX}/CIT001", f"{PREFIX}/CIT001/2", f"{PREFIX}/CIT001/3")
LIVE = ["-live:poll", "-report:worklist", f"-worklist:{PREFIX}", "-worklistsize:2", "-post",
        f"-settle:{SETTLE_MINUTES}", "-pollevery:1"]


def listed(wiki) -> list[str]:
    """The articles of the CIT001 list, over its pages, in order."""
    return [title for page in LIST_PAGES for title in rows(wiki.page_text(page))]


def listed_counts(wiki) -> dict[str, int]:
    """Article -> findings, as the CIT001 list's rows say."""
    text = "\n".join(wiki.page_text(page) or "" for page in LIST_PAGES)
    return {m[1]: int(m[2]) for m in re.finditer(r"^\| \[\[:([^\]|]+)\]\]\n\| (\d+)$", text, re.M)}


def cit001(title: str, text: str) -> int:
    return sum(1 for f in findings_of(text, title) if f.code == "CIT001")


def list_edits(wiki) -> list[dict]:
    return [e for e in bot_edits(wiki) if e["title"] == PREFIX or e["title"].startswith(PREFIX + "/")]


def live_started(bot, count: int) -> None:
    wait_until(lambda: sum(1 for r in read_log(bot.log_path)
                           if "live" in r and not r["live"]["waiting"]) >= count, timeout=60)


def stop(process, directory, bot):
    process.send_signal(signal.SIGTERM)
    return bot.finish(process, directory)


def test_live_worklists_follow_settled_edits_and_keep_their_rows_over_a_restart(zhwiki, zhbot):
    new_text = zh_article("新建", tags=3)
    assert cit001("甲條目", zh_article("甲", tags=2)) == 2 and cit001(NEW_TITLE, new_text) == 3
    assert cit001("甲條目", zh_article("甲", tags=0)) == 0
    full = zhbot.run("-report:worklist", f"-worklist:{PREFIX}", "-worklistsize:2", "-post",
                     "-page:甲條目", "-page:乙條目")
    assert full.returncode == 0, full.stderr
    assert listed(zhwiki) == ["甲條目", "乙條目"]
    full_edits = len(list_edits(zhwiki))

    process, directory = zhbot.start(*LIVE)
    try:
        live_started(zhbot, 1)
        # The index now says that the lists follow the wiki (the settle delay, 0.05 min).
        wait_until(lambda: "0.05" in zhwiki.page_text(PREFIX), timeout=30)
        time.sleep(1)
        before = len(list_edits(zhwiki))
        assert [e["title"] for e in list_edits(zhwiki)[: before - full_edits]] == [PREFIX], \
            "the rows as the full run left them: only the index edited"
        zhwiki.edit(NEW_TITLE, new_text)
        edited = wiki_time(zhwiki.revisions(NEW_TITLE)[-1]["timestamp"])
        # Most findings first, pages of two rows: the new article leads, 乙條目 moves to page 2.
        wait_until(lambda: listed(zhwiki) == [NEW_TITLE, "甲條目", "乙條目"], timeout=60)
        newest = list_edits(zhwiki)  # newest first
        live_edits = newest[: len(newest) - before]
        assert live_edits, "the lists were edited"
        # The log's and the wiki's times have whole seconds.
        assert min(wiki_time(e["timestamp"]) for e in live_edits) >= edited + SETTLE_S - 1, \
            "listed only once the article settled"
        assert rows(zhwiki.page_text(f"{PREFIX}/CIT001/2")) == ["乙條目"]
        wait_until(lambda: "\n| 6\n| 3\n" in zhwiki.page_text(PREFIX), timeout=30)  # the index's counts

        zhwiki.edit("甲條目", zh_article("甲", tags=0))  # its findings removed
        wait_until(lambda: listed(zhwiki) == [NEW_TITLE, "乙條目"], timeout=60)
        time.sleep(1)  # the last page of the batch
        emptied = zhwiki.page_text(f"{PREFIX}/CIT001/2")
        assert emptied is not None and rows(emptied) == [] and "列出" in emptied, \
            "the former second page is emptied, not left stale"
        settled = len(list_edits(zhwiki))
        time.sleep(SETTLE_S + 2)
        assert len(list_edits(zhwiki)) == settled, "no edit while nothing changes"
    finally:
        run = stop(process, directory, zhbot)
    assert run.returncode == 0, run.stderr
    assert "SIGTERM received" in run.stderr
    published = len(list_edits(zhwiki))

    # Restarted: the rows it published are kept, and nothing is edited until an article settles.
    process, directory = zhbot.start(*LIVE)
    try:
        live_started(zhbot, 2)
        time.sleep(2)
        assert len(list_edits(zhwiki)) == published, "a restart with nothing new makes no edit"
        zhwiki.edit("乙條目", zh_article("乙", tags=4))
        wait_until(lambda: listed_counts(zhwiki).get("乙條目") == 4, timeout=60)
        time.sleep(1)  # the last page of the batch
        assert listed_counts(zhwiki) == {"乙條目": 4, NEW_TITLE: 3}, "the rows of the first run kept"
    finally:
        again = stop(process, directory, zhbot)
    assert again.returncode == 0, again.stderr
    assert "\n| 7\n| 2\n" in zhwiki.page_text(PREFIX)
    linted = [r["title"] for r in read_log(zhbot.log_path)
              if r.get("mode") == "worklist-post" and r.get("reason") == "for the worklists"]
    assert sorted(linted) == sorted(["甲條目", "乙條目", NEW_TITLE, "甲條目", "乙條目"]), \
        "each settled article linted once, nothing twice over the restart"


def test_live_worklists_refuse_lists_they_have_no_state_of(zhwiki, zhbot):
    full = zhbot.run("-report:worklist", f"-worklist:{PREFIX}", "-post", "-page:甲條目")
    assert full.returncode == 0, full.stderr
    states = list(zhbot.log_path.parent.glob("*.worklists-*.jsonl"))
    assert len(states) == 1, "the full run keeps what it published beside its log"
    states[0].unlink()
    edits = len(list_edits(zhwiki))

    run = zhbot.run(*LIVE)

    assert run.returncode == 1
    assert "published by a run whose state this bot does not have" in run.stderr
    assert "Traceback" not in run.stderr
    assert len(list_edits(zhwiki)) == edits
    assert rows(zhwiki.page_text(f"{PREFIX}/CIT001")) == ["甲條目"]
