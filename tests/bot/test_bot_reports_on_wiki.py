"""The bot on a real MediaWiki: dry runs, posting, idempotence, in-place updates."""

from __future__ import annotations

import pytest

from wikilint.bot.wiki.report import counts_by_rule, findings_digest

from tests.bot.helpers import (bot_edits, findings_of, markers, report_block, revision_id,
                               talk_findings_of)
from tests.bot.wiki_pages import (
    EN_PAGES,
    EN_TITLE,
    SEED_TITLE,
    ZH_PAGES,
    zh_article,
)

pytestmark = pytest.mark.wiki


def test_dry_run_writes_nothing_and_prints_the_reports(zhwiki, zhbot):
    titles = [SEED_TITLE, "甲條目", "乙條目"]
    changes_before = zhwiki.recent_changes()
    talk_before = {t: zhwiki.page_text(f"Talk:{t}") for t in titles}

    run = zhbot.run("-createtalk", *(f"-page:{t}" for t in titles))

    assert run.returncode == 0, run.stderr
    for title in titles:
        line = run.action(title)
        assert line["action"] == "dry-run"
        assert line["mode"] == "talk-dry-run"
        assert markers(line["report"]), "the log holds the report that would be posted"
        assert line["report"] in run.stdout, "and the report is printed"
        assert zhwiki.page_text(f"Talk:{title}") == talk_before[title]
    assert zhwiki.recent_changes() == changes_before
    assert bot_edits(zhwiki) == []
    assert "Logging in" not in run.stderr, "a dry run does not even log in"
    assert run.summary["summary"]["dry-run"] == 3


def test_post_reports_the_engines_findings(zhwiki, zhbot):
    titles = [SEED_TITLE, "甲條目"]
    run = zhbot.run("-post", "-createtalk", *(f"-page:{t}" for t in titles))

    assert run.returncode == 0, run.stderr
    for title in titles:
        findings = talk_findings_of(ZH_PAGES[title], title)
        assert findings, f"test article {title} must have findings"
        assert len(findings) < len(findings_of(ZH_PAGES[title], title)) or title != SEED_TITLE, \
            "the seed also has findings that talk notices leave out (info rules)"
        revision = revision_id(zhwiki, title)
        line = run.action(title)
        assert line["action"] == "posted"
        assert line["counts"] == counts_by_rule(findings)
        assert line["revision"] == revision
        talk = zhwiki.page_text(f"Talk:{title}")
        assert markers(talk) == [("LintBot", revision, findings_digest(findings))]
        for code in counts_by_rule(findings):
            assert f"[[User:LintBot/wikilint#{code}|{code} " in talk, "rule links to its docs"
        assert "[[User:LintBot|LintBot]]" in talk, "signed (~~~~ expanded by the wiki)"
        edits = bot_edits(zhwiki, f"Talk:{title}")
        assert len(edits) == 1
        assert edits[0]["bot"], "marked as a bot edit"
        assert "wikilint" in edits[0]["comment"] and "User:LintBot/wikilint" in edits[0]["comment"]
    assert run.summary["summary"]["posted"] == 2


def test_report_reads_correctly_in_both_scripts(zhwiki, zhbot):
    run = zhbot.run("-post", "-createtalk", f"-page:{SEED_TITLE}")
    assert run.action(SEED_TITLE)["action"] == "posted"
    simplified = zhwiki.render(f"Talk:{SEED_TITLE}", "zh-hans")
    traditional = zhwiki.render(f"Talk:{SEED_TITLE}", "zh-hant")
    assert "wikilint 检查报告" in simplified and "wikilint 檢查報告" not in simplified
    assert "wikilint 檢查報告" in traditional and "wikilint 检查报告" not in traditional
    assert "项问题" in simplified and "項問題" in traditional
    assert "-{" not in simplified and "-{" not in traditional, "no variant markup shows"


def test_english_wiki_gets_an_english_report(enwiki, enbot):
    findings = talk_findings_of(EN_PAGES[EN_TITLE], EN_TITLE, wiki="enwiki")
    assert findings
    run = enbot.run("-post", "-createtalk", f"-page:{EN_TITLE}")
    assert run.action(EN_TITLE)["action"] == "posted", run.stderr
    talk = enwiki.page_text(f"Talk:{EN_TITLE}")
    assert talk.startswith("== wikilint report ==\n")
    assert f"has {len(findings)} findings" in talk
    assert "-{" not in talk


def test_rerun_on_unchanged_article_makes_no_edit(zhwiki, zhbot):
    first = zhbot.run("-post", "-createtalk", "-page:甲條目", "-page:乙條目")
    assert [first.action(t)["action"] for t in ("甲條目", "乙條目")] == ["posted", "posted"]
    revisions = {t: zhwiki.revisions(f"Talk:{t}") for t in ("甲條目", "乙條目")}

    second = zhbot.run("-post", "-createtalk", "-page:甲條目", "-page:乙條目")

    assert second.returncode == 0
    assert [second.action(t)["action"] for t in ("甲條目", "乙條目")] == ["unchanged"] * 2
    assert {t: zhwiki.revisions(f"Talk:{t}") for t in ("甲條目", "乙條目")} == revisions
    assert len(bot_edits(zhwiki)) == 2


def test_first_post_keeps_the_rest_of_the_talk_page(zhwiki, zhbot):
    before = zhwiki.page_text("Talk:乙條目")
    run = zhbot.run("-post", "-createtalk", "-page:乙條目")
    assert run.action("乙條目")["action"] == "posted"
    after = zhwiki.page_text("Talk:乙條目")
    start, end = report_block(after)
    assert after[:start].rstrip() == before.rstrip(), "every earlier byte is kept"
    assert after[end:].strip() == ""


def test_changed_article_updates_the_section_in_place(zhwiki, zhbot):
    assert zhbot.run("-post", "-createtalk", "-page:乙條目").action("乙條目")["action"] == "posted"
    posted = zhwiki.page_text("Talk:乙條目")
    # A human replies under the report, then someone starts a new section.
    reply = "\n:謝謝，會補上來源。--[[User:Admin|Admin]] 2024年2月1日 (四) 00:00 (UTC)"
    later = "\n\n== 後來的討論 ==\n後來的話題。--[[User:Admin|Admin]] 2024年2月2日 (五) 00:00 (UTC)"
    zhwiki.edit("Talk:乙條目", posted + reply + later)
    with_replies = zhwiki.page_text("Talk:乙條目")
    old_start, old_end = report_block(with_replies)
    new_article = zh_article("乙", tags=3)
    new_revision = zhwiki.edit("乙條目", new_article)

    run = zhbot.run("-post", "-createtalk", "-page:乙條目")

    line = run.action("乙條目")
    assert line["action"] == "updated"
    assert line["counts"] == counts_by_rule(talk_findings_of(new_article, "乙條目")) == {"CIT001": 3}
    updated = zhwiki.page_text("Talk:乙條目")
    assert markers(updated) == [("LintBot", new_revision, line["digest"])], "one section only"
    start, end = report_block(updated)
    assert start == old_start, "rewritten where it was, not moved"
    assert updated[:start] == with_replies[:old_start], "text before the section untouched"
    assert updated[end:] == with_replies[old_end:], "replies and later sections untouched"
    assert len(bot_edits(zhwiki, "Talk:乙條目")) == 2


def test_article_without_findings_left_says_so(zhwiki, zhbot):
    assert zhbot.run("-post", "-createtalk", "-page:甲條目").action("甲條目")["action"] == "posted"
    clean_revision = zhwiki.edit("甲條目", "'''甲'''已經補上了來源。\n")

    run = zhbot.run("-post", "-createtalk", "-page:甲條目")

    assert run.action("甲條目")["action"] == "updated"
    assert run.action("甲條目")["counts"] == {}
    talk = zhwiki.page_text("Talk:甲條目")
    assert markers(talk) == [("LintBot", clean_revision, findings_digest([]))]
    assert "已没有问题" in zhwiki.render("Talk:甲條目", "zh-hans")
    assert zhbot.run("-post", "-createtalk", "-page:甲條目").action("甲條目")["action"] == "unchanged"


def test_clean_article_gets_no_report(zhwiki, zhbot):
    assert findings_of(ZH_PAGES["潔淨條目"], "潔淨條目") == []
    run = zhbot.run("-post", "-createtalk", "-page:潔淨條目", "-page:重定向條目", "-page:不存在的條目")
    assert run.action("潔淨條目")["action"] == "skipped"
    assert run.action("潔淨條目")["reason"] == "no findings"
    assert run.action("重定向條目")["reason"] == "the article is a redirect"
    assert run.action("不存在的條目")["reason"] == "the article does not exist"
    assert zhwiki.page_text("Talk:潔淨條目") is None
    assert bot_edits(zhwiki) == []


def test_log_mode_logs_every_finding_and_never_edits(zhwiki, zhbot):
    run = zhbot.run("-report:log", f"-page:{SEED_TITLE}", "-page:甲條目")
    assert run.returncode == 0
    for title in (SEED_TITLE, "甲條目"):
        findings = findings_of(ZH_PAGES[title], title)
        line = run.action(title)
        assert line["action"] == "logged"
        logged = [{k: v for k, v in f.items() if k not in ("message", "evidence")}
                  for f in line["findings"]]
        expected = [{k: v for k, v in f.model_dump(mode="json").items()
                     if k not in ("message", "evidence")} for f in findings]
        assert logged == expected
    assert bot_edits(zhwiki) == []

    refused = zhbot.run("-report:log", "-post", "-page:甲條目")
    assert refused.returncode == 2
    assert "-post has no effect with -report:log" in refused.stderr
