"""On-wiki settings, the whitelist and talk notices within limits, on a real MediaWiki."""

from __future__ import annotations

import pytest

from tests.bot.community import HINT, SETTINGS, WHITELIST, write_json_page
from tests.bot.helpers import bot_edits, findings_of, markers
from tests.bot.wiki_pages import RESUME_TITLES, SEED_TITLE, ZH_PAGES

pytestmark = pytest.mark.wiki


def test_valid_settings_choose_what_talk_notices_report(zhwiki, zhbot):
    codes = {f.code for f in findings_of(ZH_PAGES[SEED_TITLE], SEED_TITLE)}
    assert {"REF001", "CIT001", "CIT003"} <= codes
    write_json_page(zhwiki, SETTINGS, {"bot": {"talk_rules": ["REF001", "CIT003"]},
                                       "severity": {"REF001": "error"}})

    run = zhbot.run("-post", "-createtalk", f"-settings:{SETTINGS}", f"-page:{SEED_TITLE}")

    assert run.returncode == 0, run.stderr
    line = run.action(SEED_TITLE)
    assert line["action"] == "posted"
    assert list(line["counts"]) == ["REF001"], "CIT003 is an info rule: never on talk pages"
    talk = zhwiki.page_text(f"Talk:{SEED_TITLE}")
    assert "REF001" in talk and "CIT001" not in talk
    assert any(r.get("status") == "applied" for r in run.records)


def test_invalid_settings_stop_posting_and_name_the_key(zhwiki, zhbot):
    write_json_page(zhwiki, SETTINGS, {"ignore": ["DAT"], "bot": {"talk_rule": ["REF001"]}})

    run = zhbot.run("-post", "-createtalk", f"-settings:{SETTINGS}", "-page:甲條目")

    assert "unknown key 'bot.talk_rule'" in run.stderr
    event = next(r for r in run.records if r.get("status") == "invalid")
    assert "bot.talk_rule" in event["error"]
    line = run.action("甲條目")
    assert (line["mode"], line["action"]) == ("log", "logged"), "the run goes on in log mode"
    assert line["findings"], "and logs the findings"
    assert bot_edits(zhwiki) == [] and zhwiki.page_text("Talk:甲條目") is None

    zhwiki.edit(f"User:{'LintBot'}/設定", '{"bot": {}}')  # a wikitext page, not JSON
    wikitext = zhbot.run("-post", "-createtalk", "-settings:User:LintBot/設定", "-page:甲條目")
    assert "is not a JSON page" in wikitext.stderr and bot_edits(zhwiki) == []
    unknown = zhbot.run("-post", "-createtalk", f"-settings:{SETTINGS}x", "-page:甲條目")
    assert "does not exist" in unknown.stderr and bot_edits(zhwiki) == []


def test_no_talk_page_is_created_without_createtalk(zhwiki, zhbot):
    assert zhwiki.page_text("Talk:甲條目") is None
    run = zhbot.run("-post", "-page:甲條目", "-page:乙條目")
    line = run.action("甲條目")
    assert line["action"] == "skipped" and "-createtalk" in line["reason"]
    assert zhwiki.page_text("Talk:甲條目") is None
    assert run.action("乙條目")["action"] == "posted", "an existing talk page gets its notice"


def test_daily_cap_from_the_settings_holds_across_runs(zhwiki, zhbot):
    write_json_page(zhwiki, SETTINGS, {"bot": {"edits_per_day": 2}})
    pages = [f"-page:{t}" for t in RESUME_TITLES]

    run = zhbot.run("-post", "-createtalk", f"-settings:{SETTINGS}", *pages)

    assert run.returncode == 0, run.stderr
    assert run.summary["summary"]["posted"] == 2
    assert "edits_per_day (2) reached" in run.summary["stopped"]
    again = zhbot.run("-post", "-createtalk", f"-settings:{SETTINGS}", *pages)
    assert again.summary["summary"]["posted"] == 0, "the day's edits are counted in the log"
    assert len(bot_edits(zhwiki)) == 2


def test_whitelisted_finding_leaves_the_notice_and_survives_an_edit_elsewhere(zhwiki, zhbot):
    args = ["-post", "-createtalk", f"-whitelist:{WHITELIST}", "-page:甲條目"]
    first = zhbot.run(*args)
    assert first.action("甲條目")["counts"] == {"CIT001": 2}
    hints = HINT.findall(zhwiki.page_text("Talk:甲條目"))
    assert len(hints) == 2 and hints[0] != hints[1], "each finding shows its whitelist line"
    false_positive, kept = hints
    zhwiki.edit(WHITELIST, "== 誤報 ==\n* [[%s]] %s %s 來源在下一句\n" % false_positive)
    # An edit elsewhere in the article: a paragraph before, a section after.
    text = zhwiki.page_text("甲條目")
    zhwiki.edit("甲條目", "開頭新增一段文字。\n\n" + text + "\n== 延伸閱讀 ==\n一本書。\n")

    second = zhbot.run(*args)

    line = second.action("甲條目")
    assert (line["action"], line["counts"]) == ("updated", {"CIT001": 1})
    talk = zhwiki.page_text("Talk:甲條目")
    assert HINT.findall(talk) == [kept], "the fingerprints did not change with the edit"
    assert len(markers(talk)) == 1
    logged = zhbot.run("-report:log", f"-whitelist:{WHITELIST}", "-page:甲條目")
    assert [f["fingerprint"] for f in logged.action("甲條目")["findings"]] == [kept[2]]
