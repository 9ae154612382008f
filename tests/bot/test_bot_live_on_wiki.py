"""Live mode on a real MediaWiki: polling the recent changes, and EventStreams from a
server-sent-events stream served on loopback; settle delay, settings changed during the
run, the shutoff page edited during the run, restart without linting twice, SIGTERM."""

from __future__ import annotations

import signal
import time

import pytest

from tests.bot.community import SETTINGS, EventStream, wait_until, wiki_time, write_json_page
from tests.bot.conftest import read_log
from tests.bot.helpers import bot_edits
from tests.bot.wiki_pages import RESUME_TITLES, SHUTOFF, zh_article

pytestmark = pytest.mark.wiki

SETTLE_MINUTES = 0.05  # 3 seconds
SETTLE_S = SETTLE_MINUTES * 60


def records(bot, title=None):
    return [r for r in read_log(bot.log_path)
            if "title" in r and (title is None or r["title"] == title)]


def live_started(bot, count: int = 1):
    """Wait until ``count`` live runs have written their first checkpoint."""
    wait_until(lambda: sum(1 for r in read_log(bot.log_path)
                           if "live" in r and not r["live"]["waiting"]) >= count, timeout=60)


def stop(process, directory, bot):
    process.send_signal(signal.SIGTERM)
    return bot.finish(process, directory)


def assert_linted_once_after_settling(bot, wiki, title: str) -> dict:
    lines = records(bot, title)
    assert len(lines) == 1, lines
    last_edit = wiki_time([r for r in wiki.revisions(title) if r["user"] == "Admin"][-1]["timestamp"])
    # The log's time has whole seconds: the lint began at least SETTLE_S after the edit.
    assert wiki_time(lines[0]["time"]) >= last_edit + SETTLE_S - 1
    return lines[0]


def test_live_polling_settles_follows_settings_and_restarts_without_repeating(zhwiki, zhbot):
    write_json_page(zhwiki, SETTINGS, {"bot": {"talk_rules": ["CIT"]}})
    args = ["-live:poll", f"-settle:{SETTLE_MINUTES}", "-pollevery:1", "-post", "-createtalk",
            f"-settings:{SETTINGS}"]
    process, directory = zhbot.start(*args)
    try:
        live_started(zhbot)
        zhwiki.edit("甲條目", zh_article("甲", tags=2) + "\n補充。\n")
        time.sleep(1.5)
        zhwiki.edit("甲條目", zh_article("甲", tags=3))  # edited again: its clock restarts
        zhwiki.edit("乙條目", zh_article("乙", tags=2))
        wait_until(lambda: records(zhbot, "甲條目") and records(zhbot, "乙條目"), timeout=60)
        first = assert_linted_once_after_settling(zhbot, zhwiki, "甲條目")
        assert (first["action"], first["counts"]) == ("posted", {"CIT001": 3})
        assert_linted_once_after_settling(zhbot, zhwiki, "乙條目")
        talk_edit = bot_edits(zhwiki, "Talk:甲條目")[0]
        assert wiki_time(talk_edit["timestamp"]) >= wiki_time(
            zhwiki.revisions("甲條目")[-1]["timestamp"]) + SETTLE_S

        # The settings page breaks during the run: posting stops, the run goes on.
        write_json_page(zhwiki, SETTINGS, {"bot": {"talk_rules": ["CIT"], "edits_a_day": 5}})
        zhwiki.edit(RESUME_TITLES[0], zh_article(RESUME_TITLES[0], tags=2))
        wait_until(lambda: records(zhbot, RESUME_TITLES[0]), timeout=60)
        line = records(zhbot, RESUME_TITLES[0])[0]
        assert (line["mode"], line["action"]) == ("log", "logged")
        assert any("bot.edits_a_day" in r.get("error", "") for r in read_log(zhbot.log_path))
        assert zhwiki.page_text(f"Talk:{RESUME_TITLES[0]}") is None
    finally:
        run = stop(process, directory, zhbot)
    assert run.returncode == 0, run.stderr
    assert "SIGTERM received" in run.stderr
    assert run.summary["summary"]["posted"] == 2

    # While the bot is down: valid settings again, and one more article edited.
    write_json_page(zhwiki, SETTINGS, {"bot": {"talk_rules": ["CIT"]}})
    zhwiki.edit(RESUME_TITLES[1], zh_article(RESUME_TITLES[1], tags=2))
    process, directory = zhbot.start(*args)
    try:
        wait_until(lambda: records(zhbot, RESUME_TITLES[1]), timeout=60)
        time.sleep(2)
    finally:
        again = stop(process, directory, zhbot)
    assert again.returncode == 0, again.stderr
    assert records(zhbot, RESUME_TITLES[1])[0]["action"] == "posted", "picked up after the restart"
    assert len(records(zhbot, "甲條目")) == 1 and len(records(zhbot, "乙條目")) == 1, \
        "nothing linted twice"
    assert len(bot_edits(zhwiki, "Talk:甲條目")) == 1


def test_live_eventstreams_from_a_local_stream(zhwiki, zhbot):
    stream = EventStream()
    try:
        process, directory = zhbot.start("-live", f"-streamurl:{stream.url}",
                                         f"-settle:{SETTLE_MINUTES}", "-pollevery:1", "-post",
                                         "-createtalk")
        try:
            live_started(zhbot)
            wait_until(lambda: stream.clients, timeout=30)
            zhwiki.edit("甲條目", zh_article("甲", tags=3))
            stream.send_edit(zhwiki, "甲條目")
            zhwiki.edit("User:Admin/草稿", zh_article("草稿", tags=2))
            stream.send_edit(zhwiki, "User:Admin/草稿", namespace=2)  # not an article
            zhwiki.edit("乙條目", zh_article("乙", tags=2))
            stream.send_edit(zhwiki, "乙條目", dbname="otherwiki")  # another wiki's event
            wait_until(lambda: records(zhbot, "甲條目"), timeout=60)
            time.sleep(2)
        finally:
            run = stop(process, directory, zhbot)
    finally:
        stream.close()
    assert run.returncode == 0, run.stderr
    line = assert_linted_once_after_settling(zhbot, zhwiki, "甲條目")
    assert (line["action"], line["counts"]) == ("posted", {"CIT001": 3})
    assert [r["title"] for r in records(zhbot)] == ["甲條目"], "only this wiki's articles"
    assert "live mode (stream)" in run.stderr


def test_live_mode_stops_when_the_shutoff_page_is_edited_during_the_run(zhwiki, zhbot):
    process, directory = zhbot.start("-live:poll", f"-settle:{SETTLE_MINUTES}", "-pollevery:1",
                                     "-post", "-createtalk", "-shutoffevery:1")
    try:
        live_started(zhbot)
        zhwiki.edit(RESUME_TITLES[0], zh_article(RESUME_TITLES[0], tags=2))
        wait_until(lambda: records(zhbot, RESUME_TITLES[0]), timeout=60)
        zhwiki.edit(SHUTOFF, "stop: live test")
        zhwiki.edit(RESUME_TITLES[1], zh_article(RESUME_TITLES[1], tags=2))
        run = zhbot.finish(process, directory)  # it ends by itself, no signal
    finally:
        if process.poll() is None:
            stop(process, directory, zhbot)
    assert run.returncode == 0, run.stderr
    assert "stop: live test" in run.summary["stopped"]
    assert records(zhbot, RESUME_TITLES[0])[0]["action"] == "posted"
    assert not records(zhbot, RESUME_TITLES[1]), "nothing linted after the shutoff page changed"
    assert bot_edits(zhwiki, f"Talk:{RESUME_TITLES[1]}") == []
