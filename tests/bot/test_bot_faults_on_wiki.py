"""Faults on a real MediaWiki: the server dies mid-run, bad page selections."""

from __future__ import annotations

import pytest

from tests.bot.conftest import wait_for
from tests.bot.helpers import bot_edits, markers
from tests.bot.wiki_pages import RESUME_TITLES

pytestmark = pytest.mark.wiki


def test_server_killed_mid_run_then_resume_posts_each_report_once(zhwiki, zhbot):
    pages = [f"-page:{t}" for t in RESUME_TITLES]
    process, directory = zhbot.start("-post", "-createtalk", *pages, put_throttle=2)
    wait_for(lambda: len(bot_edits(zhwiki)) >= 2, what="two edits by the bot")
    zhwiki.kill()  # as abruptly as a crash or a cut cable
    crashed = zhbot.finish(process, directory)

    assert crashed.returncode == 1, "a run cut off from its wiki fails"
    assert "did not answer" in crashed.summary["stopped"]
    assert "Traceback" not in crashed.stderr
    posted = {r["title"] for r in crashed.pages if r["action"] == "posted"}
    failed = [r for r in crashed.pages if r["action"] == "error"]
    assert posted, "edits before the crash are logged"
    assert failed and all(r["error"] for r in failed), "later pages are logged with the error"

    zhwiki.start()
    edited = {e["title"].removeprefix("Talk:") for e in bot_edits(zhwiki)}
    assert len(edited) >= 2 and posted <= edited
    # An edit can reach the wiki while its answer is lost with the server:
    # then the log says "error", and only the report's marker prevents a
    # second post.
    in_doubt = edited - posted
    resumed = zhbot.run("-post", "-createtalk", "-resume", *pages)

    assert resumed.returncode == 0, resumed.stderr
    assert resumed.summary["resumed"] == len(posted), "pages logged as done are not read again"
    assert {r["title"] for r in resumed.pages} == set(RESUME_TITLES) - posted
    for title in in_doubt:
        assert resumed.action(title)["action"] == "unchanged"
    for title in set(RESUME_TITLES) - edited:
        assert resumed.action(title)["action"] == "posted"
    for title in RESUME_TITLES:
        talk = zhwiki.page_text(f"Talk:{title}")
        assert len(markers(talk)) == 1, f"exactly one report on Talk:{title}"
        assert len(bot_edits(zhwiki, f"Talk:{title}")) == 1, f"one edit on Talk:{title}"


def test_talk_page_deleted_while_editing_is_not_recreated(zhwiki, zhbot):
    run = zhbot.run("-post", "-createtalk", "-page:乙條目", "-page:甲條目", hook="delete-talk")

    line = run.action("乙條目")
    assert line["action"] == "error"
    assert line["error"] == "the talk page was deleted while the bot was editing it"
    assert zhwiki.page_text("Talk:乙條目") is None, "not recreated"
    assert run.action("甲條目")["action"] == "posted", "the run goes on"
    assert run.returncode == 1


def test_a_bad_page_selection_fails_with_one_line(zhwiki, zhbot):
    run = zhbot.run("-page:Talk:User:Admin/草稿", "-ns:1")
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("wikilint bot: error")]
    assert len(errors) == 1 and "InvalidTitleError" in errors[0]
    assert "Traceback" not in run.stderr


def test_usage_errors_exit_2_with_one_line(zhbot):
    for args, message in [
        (("-page:甲條目", "-maxedits:many"), "-maxedits needs a whole number"),
        (("-page:甲條目", "-report:mail"), "-report must be talk, log or worklist"),
        (("-page:甲條目", "-frobnicate"), "unknown or incomplete option '-frobnicate'"),
        (("-post",), "no pages selected"),
        (("-page:甲條目", "-select:NOPE999"), "NOPE999"),
    ]:
        run = zhbot.run(*args)
        assert run.returncode == 2, (args, run.stderr)
        assert message in run.stderr
        assert "Traceback" not in run.stderr
