"""Faults on a real MediaWiki: the faults a long run meets (maxlag, HTTP 503,
an expired session, an abuse filter, read timeouts, the server dying mid-run)
and bad page selections.

The faults are the wiki's own answers where MediaWiki has them (its maxlag
check, AbuseFilter, its session store); ``tests/mediawiki/faults.php`` makes
them happen on chosen requests. Whatever the fault, no edit is lost and none
is made twice: each test ends with exactly one report and one edit by the bot
on every talk page it was meant to post on.
"""

from __future__ import annotations

import pytest

from tests.bot.conftest import wait_for
from tests.bot.helpers import bot_edits, markers
from tests.bot.wiki_pages import BOT, RESUME_TITLES

pytestmark = pytest.mark.wiki

POST = ("-post", "-createtalk")
# pywikibot's own waiting and retrying, set through its global options.
RETRIES = ("-max_retries:3", "-retry_wait:1")


def pages(titles) -> list[str]:
    return [f"-page:{title}" for title in titles]


def assert_each_report_posted_once(wiki, titles) -> None:
    for title in titles:
        talk = wiki.page_text(f"Talk:{title}")
        assert len(markers(talk)) == 1, f"exactly one report on Talk:{title}"
        assert len(bot_edits(wiki, f"Talk:{title}")) == 1, f"one edit on Talk:{title}"


def waits_after_faults(wiki) -> list[float]:
    """For each request that met a fault, the seconds until the same request came again."""
    log = wiki.fault_log()
    waits = []
    for n, entry in enumerate(log):
        if entry["fault"]:
            again = next(later for later in log[n + 1:]
                         if (later["action"], later["title"]) == (entry["action"], entry["title"]))
            waits.append(again["time"] - entry["time"])
    return waits


def test_maxlag_answers_make_the_bot_wait_as_asked_then_post(zhwiki, zhbot):
    titles = RESUME_TITLES[:3]
    # MediaWiki's own maxlag check, told of 7 s of replication lag, refuses
    # the second and third edit requests with Retry-After: 5.
    zhwiki.inject_faults({"kind": "maxlag", "when": {"action": "edit"}, "skip": 1, "times": 2,
                          "lag": 7})
    run = zhbot.run(*POST, *pages(titles), "-maxlag:5", *RETRIES, "-retry_max:8")

    assert run.returncode == 0, run.stderr
    assert [r["action"] for r in run.pages] == ["posted"] * 3
    assert [e["fault"] for e in zhwiki.fault_log()] == [None, "maxlag", "maxlag", None, None]
    assert all(wait >= 5 for wait in waits_after_faults(zhwiki)), "waited as Retry-After asks"
    assert_each_report_posted_once(zhwiki, titles)


def test_lag_that_does_not_end_stops_the_run_cleanly_and_resume_posts_the_rest(zhwiki, zhbot):
    titles = RESUME_TITLES[:4]
    zhwiki.inject_faults({"kind": "maxlag", "when": {"action": "edit"}, "skip": 1, "times": 99,
                          "lag": 30})
    lagged = zhbot.run(*POST, *pages(titles), "-maxlag:5", "-max_retries:1",
                       "-retry_max:1")

    assert lagged.returncode == 1
    assert "did not answer for 3 pages in a row" in lagged.summary["stopped"]
    assert "Traceback" not in lagged.stderr
    assert [r["action"] for r in lagged.pages] == ["posted", "error", "error", "error"]
    assert all("maxlag" in r["error"] for r in lagged.pages[1:])
    assert len(bot_edits(zhwiki)) == 1, "no edit went through the lag"

    zhwiki.clear_faults()
    resumed = zhbot.run(*POST, "-resume", *pages(titles))
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.summary["resumed"] == 1
    assert resumed.summary["summary"]["posted"] == len(titles) - 1
    assert_each_report_posted_once(zhwiki, titles)


def test_http_503_with_retry_after_makes_the_bot_wait_then_post(zhwiki, zhbot):
    titles = RESUME_TITLES[:3]
    zhwiki.inject_faults({"kind": "http503", "when": {"action": "edit"}, "skip": 1, "times": 2,
                          "retry_after": 2})
    run = zhbot.run(*POST, *pages(titles), *RETRIES, "-retry_max:4")

    assert run.returncode == 0, run.stderr
    assert [r["action"] for r in run.pages] == ["posted"] * 3
    assert [e["fault"] for e in zhwiki.fault_log()] == [None, "http503", "http503", None, None]
    assert all(wait >= 2 for wait in waits_after_faults(zhwiki)), "waited as Retry-After asks"
    assert run.stderr.count("the wiki is busy (HTTP 503): waiting 2 s") == 2
    assert "Traceback" not in run.stderr
    assert_each_report_posted_once(zhwiki, titles)


def test_session_expired_mid_run_logs_in_again_and_loses_no_edit(zhwiki, zhbot):
    titles = [RESUME_TITLES[0], "乙條目", RESUME_TITLES[1]]
    # Every session vanishes from the store as the second edit comes in (and
    # again at a later read): MediaWiki sees a logged-out client.
    zhwiki.inject_faults({"kind": "expire-sessions", "when": {"action": "edit"}, "skip": 1},
                         {"kind": "expire-sessions", "when": {"action": "query",
                                                              "titles": f"Talk:{titles[2]}"}})
    run = zhbot.run(*POST, *pages(titles))

    assert run.returncode == 0, run.stderr
    assert [e["fault"] for e in zhwiki.fault_log() if e["fault"]] == ["expire-sessions"] * 2
    assert [r["action"] for r in run.pages] == ["posted"] * 3
    edits = zhwiki.recent_changes()
    assert {e["user"] for e in edits if e["title"].startswith("Talk:")} == {BOT}, \
        "no edit as a logged-out client"
    assert_each_report_posted_once(zhwiki, titles)


def test_abuse_filter_refusal_is_logged_as_skipped_and_the_run_goes_on(zhwiki, zhbot):
    titles = RESUME_TITLES[:3]
    refused = titles[1]
    number = zhwiki.add_abuse_filter(
        f'page_namespace == 1 & page_title == "{refused}"', "test: no bot reports on this page")
    run = zhbot.run(*POST, *pages(titles))

    assert run.returncode == 0, run.stderr
    line = run.action(refused)
    assert line["action"] == "skipped"
    assert line["reason"] == (f"abuse filter {number} refused the edit: "
                              "test: no bot reports on this page")
    assert [run.action(t)["action"] for t in (titles[0], titles[2])] == ["posted", "posted"]
    hits = zhwiki.abuse_log()
    assert [(h["user"], h["title"], h["result"]) for h in hits] == [
        (BOT, f"Talk:{refused}", "disallow")]
    assert zhwiki.page_text(f"Talk:{refused}") is None
    assert_each_report_posted_once(zhwiki, [titles[0], titles[2]])


def test_read_timeout_on_an_edit_is_retried_without_a_second_post(zhwiki, zhbot):
    titles = [RESUME_TITLES[0], RESUME_TITLES[1], "乙條目"]
    # The answers to two edit requests come after the bot stopped waiting
    # (read timeout 4 s): the edit is carried out all the same, and the
    # bot's retry must not post a second report.
    zhwiki.inject_faults({"kind": "slow", "when": {"action": "edit", "title": f"Talk:{titles[1]}"},
                          "seconds": 6},
                         {"kind": "slow", "when": {"action": "edit", "title": "Talk:乙條目"},
                          "seconds": 6})
    run = zhbot.run(*POST, *pages(titles), *RETRIES, "-retry_max:1",
                    config="socket_timeout = (5, 4)\n")

    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.count(": timed out") >= 2, "each timeout is said"
    assert [r["action"] for r in run.pages] == ["posted"] * 3
    # A new talk page: the retry meets the page created by the first request,
    # and the bot finds its own report there.
    assert run.action(titles[1])["reason"] == "the edit went through although its answer was lost"
    assert run.summary["summary"]["posted"] == 3
    assert_each_report_posted_once(zhwiki, titles)


def test_read_timeouts_that_persist_fail_one_page_and_the_run_goes_on(zhwiki, zhbot):
    titles = RESUME_TITLES[:3]
    # Both attempts (max_retries 1) to read one talk page time out.
    zhwiki.inject_faults({"kind": "slow", "times": 2, "seconds": 6,
                          "when": {"action": "query", "titles": f"Talk:{titles[1]}"}})
    run = zhbot.run(*POST, *pages(titles), "-max_retries:1", "-retry_wait:1",
                    config="socket_timeout = (5, 4)\n")

    assert run.returncode == 1, "a page failed"
    assert "Traceback" not in run.stderr
    assert [e["fault"] for e in zhwiki.fault_log()] == ["slow", "slow"]
    line = run.action(titles[1])
    assert line["action"] == "error" and "Maximum retries" in line["error"]
    assert [run.action(t)["action"] for t in (titles[0], titles[2])] == ["posted", "posted"]
    assert zhwiki.page_text(f"Talk:{titles[1]}") is None
    assert_each_report_posted_once(zhwiki, [titles[0], titles[2]])


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
