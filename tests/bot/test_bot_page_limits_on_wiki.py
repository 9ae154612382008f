"""The bot's page limits on a real MediaWiki: a page that takes too long to lint
is logged as an error naming the limit, and the run goes on."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.wiki

SLOW_TITLE = "慢條目"
#: Unclosed references: mwparserfromhell's tokenizer backtracks over them
#: (about 8 s for these 4,000 lines here), with a tag for CIT001 to report.
SLOW_TEXT = "{{Citation needed|date=2020年1月}}\n" + "\n".join(
    f"第{n}行。<ref>來源{n}" for n in range(4000))


def test_a_page_over_the_time_limit_is_an_error_and_the_run_goes_on(zhwiki, zhbot):
    zhwiki.edit(SLOW_TITLE, SLOW_TEXT)
    started = time.monotonic()
    run = zhbot.run("-page:甲條目", f"-page:{SLOW_TITLE}", "-page:乙條目", "-pagetimeout:1",
                    "-createtalk")
    elapsed = time.monotonic() - started

    slow = run.action(SLOW_TITLE)
    assert slow["action"] == "error"
    assert "not linted: it took longer than the time limit of 1 s per page" in slow["error"]
    assert not slow["counts"] and not slow.get("report"), "no findings for the stopped page"
    assert run.action("甲條目")["action"] == "dry-run"
    assert run.action("乙條目")["action"] == "dry-run", "the run goes on after it"
    assert run.returncode == 1, "a page failed"
    assert "Traceback" not in run.stderr
    assert run.summary["summary"]["error"] == 1
    assert elapsed < 60


def test_without_a_limit_the_slow_page_is_linted(zhwiki, zhbot):
    zhwiki.edit(SLOW_TITLE, SLOW_TEXT)
    run = zhbot.run(f"-page:{SLOW_TITLE}", "-pagetimeout:0", "-pagememory:0", "-createtalk")
    line = run.action(SLOW_TITLE)
    assert line["action"] == "dry-run", run.stderr[-2000:]
    assert line["counts"] == {"CIT001": 1}


def test_a_bad_limit_is_a_usage_error(zhwiki, zhbot):
    run = zhbot.run("-page:甲條目", "-pagetimeout:soon")
    assert run.returncode == 2
    assert "-pagetimeout needs a number, not 'soon'" in run.stderr
