"""The bot's safety on a real MediaWiki: exclusions, shutoff, caps, the namespace guard,
escaping, protection, edit conflicts and credentials."""

from __future__ import annotations

import pytest

from tests.bot.conftest import wait_for
from tests.bot.helpers import bot_edits, findings_of, markers, visible_text
from tests.bot.hooked_bot import CONFLICT_SECTION
from tests.bot.wiki_pages import (
    ALLOWED_TITLE,
    ESCAPE_ARTICLE,
    ESCAPE_DANGERS,
    ESCAPE_TITLE,
    EXCLUDED_ARTICLES,
    EXCLUDED_TALKS,
    NON_ARTICLES,
    PROTECTED_TALK,
    RESUME_TITLES,
    SHUTOFF,
    ZH_PAGES,
)

pytestmark = pytest.mark.wiki

EXPECTED_REASONS = {
    "{{nobots}}": "nobots",
    "{{bots|deny=LintBot}}": "bots-deny",
    "{{bots|deny=all}}": "bots-deny",
    "{{bots|optout=wikilint}}": "bots-optout",
    "{{bots|optout=all}}": "bots-optout",
    "{{Wikilint-optout}}": "optout-template",
    "{{wikilint-optout}}": "optout-template",
}


def assert_skipped_for_their_templates(run, exclusions: dict[str, str], where: str) -> None:
    """Each title was skipped, for the reason its exclusion template gives, ``where`` it stands."""
    for title, template in exclusions.items():
        line = run.action(title)
        assert line["action"] == "skipped"
        assert line["reason"].startswith(f"{EXPECTED_REASONS[template.strip()]} {where}")


def test_exclusion_templates_on_the_article(zhwiki, zhbot):
    titles = [*EXCLUDED_ARTICLES, ALLOWED_TITLE]
    for title in titles:
        assert findings_of(ZH_PAGES[title], title), f"{title} needs findings for this test"

    run = zhbot.run("-post", "-createtalk", *(f"-page:{t}" for t in titles))

    assert run.returncode == 0, run.stderr
    assert_skipped_for_their_templates(run, EXCLUDED_ARTICLES, "on the article")
    for title in EXCLUDED_ARTICLES:
        assert zhwiki.page_text(f"Talk:{title}") is None
    assert run.action(ALLOWED_TITLE)["action"] == "posted", "{{bots|allow=LintBot}} allows"
    assert [e["title"] for e in bot_edits(zhwiki)] == [f"Talk:{ALLOWED_TITLE}"]


def test_exclusion_templates_on_the_talk_page(zhwiki, zhbot):
    before = {t: zhwiki.revisions(f"Talk:{t}") for t in EXCLUDED_TALKS}

    run = zhbot.run("-post", "-createtalk", *(f"-page:{t}" for t in EXCLUDED_TALKS))

    assert run.returncode == 0, run.stderr
    assert_skipped_for_their_templates(run, EXCLUDED_TALKS, "on the talk page")
    for title in EXCLUDED_TALKS:
        assert zhwiki.revisions(f"Talk:{title}") == before[title]
    assert bot_edits(zhwiki) == []


def test_redirected_talk_page_is_left_alone(zhwiki, zhbot):
    before = zhwiki.revisions("Talk:討論頁重定向條目")
    run = zhbot.run("-post", "-createtalk", "-page:討論頁重定向條目")
    line = run.action("討論頁重定向條目")
    assert (line["action"], line["reason"]) == ("skipped", "the talk page is a redirect")
    assert zhwiki.revisions("Talk:討論頁重定向條目") == before
    assert bot_edits(zhwiki) == []


def test_shutoff_page_stops_the_run_before_any_edit(zhwiki, zhbot):
    zhwiki.edit(SHUTOFF, "stop: the bot misbehaved")

    run = zhbot.run("-post", "-createtalk", *(f"-page:{t}" for t in RESUME_TITLES[:3]))

    assert run.returncode == 0, run.stderr
    assert "shutoff" in run.summary["stopped"] and "stop: the bot" in run.summary["stopped"]
    assert run.pages == []
    assert bot_edits(zhwiki) == []

    missing = zhbot.run("-post", "-createtalk", "-shutoff:User:LintBot/沒有這頁", f"-page:{RESUME_TITLES[0]}")
    assert "does not exist" in missing.summary["stopped"]
    assert bot_edits(zhwiki) == []


def test_shutoff_page_is_read_again_during_the_run(zhwiki, zhbot):
    zhwiki.admin_session()  # log in now, so that the edit below is quick
    process, directory = zhbot.start(
        "-post", "-createtalk", "-shutoffevery:1", *(f"-page:{t}" for t in RESUME_TITLES),
        put_throttle=3)
    wait_for(lambda: bot_edits(zhwiki), what="the bot's first edit")
    zhwiki.edit(SHUTOFF, "stop")
    run = zhbot.finish(process, directory)

    assert run.returncode == 0, run.stderr
    assert "says 'stop'" in run.summary["stopped"]
    edits = bot_edits(zhwiki)
    # Read after every edit; the page changed right after the first one (the
    # next edit was at least 3 s away), so the run stops after one or two.
    assert 1 <= len(edits) <= 2
    assert run.summary["summary"]["posted"] == len(edits)


def test_maxedits_caps_the_run(zhwiki, zhbot):
    run = zhbot.run("-post", "-createtalk", "-maxedits:2", *(f"-page:{t}" for t in RESUME_TITLES[:4]))

    assert run.returncode == 0, run.stderr
    assert run.summary["stopped"] == "-maxedits:2 reached"
    assert run.summary["summary"]["posted"] == 2
    assert sorted(e["title"] for e in bot_edits(zhwiki)) == [f"Talk:{t}" for t in RESUME_TITLES[:2]]


def test_namespace_guard_keeps_the_bot_on_article_talk_pages(zhwiki, zhbot):
    talks = ["User talk:Admin/草稿", "Template talk:測試模板", "Category talk:測試分類",
             "Help talk:測試說明"]
    pages = [*NON_ARTICLES, *talks, "Talk:甲條目"]
    for title in NON_ARTICLES:
        assert findings_of(ZH_PAGES[title], title)

    run = zhbot.run("-post", "-createtalk", *(f"-page:{t}" for t in pages), "-ns:0,1,2,3,10,11,12,13,14,15")

    assert run.returncode == 0, run.stderr
    for title in NON_ARTICLES:
        line = run.action(title)
        assert line["action"] == "skipped" and line["reason"].startswith("not an article")
    assert run.action("甲條目")["action"] == "posted", "a talk page given stands for its article"
    assert [(e["ns"], e["title"]) for e in bot_edits(zhwiki)] == [(1, "Talk:甲條目")]


@pytest.mark.parametrize("hook", ["misdirect-self", "misdirect-user", "misdirect-other-talk"])
def test_namespace_guard_refuses_a_wrong_target(zhwiki, zhbot, hook):
    watched = ["甲條目", "User:Admin/草稿", "Talk:乙條目"]
    before = {t: zhwiki.revisions(t) for t in watched}

    run = zhbot.run("-post", "-createtalk", "-page:甲條目", hook=hook)

    line = run.action("甲條目")
    assert line["action"] == "error"
    assert "refusing to edit" in line["error"]
    assert run.returncode == 1
    assert bot_edits(zhwiki) == []
    assert {t: zhwiki.revisions(t) for t in watched} == before


def test_escaping_makes_a_harmless_report(zhwiki, zhbot):
    findings = findings_of(ESCAPE_ARTICLE, ESCAPE_TITLE)
    quoted = " ".join(f.snippet + " " + f.section + " " + f.message for f in findings)
    for danger in ESCAPE_DANGERS:
        assert danger in quoted, f"the article must put {danger!r} into the report"

    run = zhbot.run("-post", "-createtalk", f"-page:{ESCAPE_TITLE}")

    assert run.action(ESCAPE_TITLE)["action"] == "posted", run.stderr
    talk = f"Talk:{ESCAPE_TITLE}"
    parsed = zhwiki.page_links(talk)
    assert parsed["categories"] == []
    assert parsed["templates"] == []
    assert parsed["externallinks"] == []
    assert set(parsed["links"]) <= {ESCAPE_TITLE, "User:LintBot/wikilint", "User:LintBot",
                                    "User talk:LintBot"}
    assert len(parsed["sections"]) == 1, "no heading injected"
    html = zhwiki.render(talk, "zh-hant")
    assert "<table" not in html
    text = visible_text(html)
    for danger in ESCAPE_DANGERS:
        assert danger in text, f"{danger!r} is shown as text"
    source = zhwiki.page_text(talk)
    assert source.count("~~~~") == sum(f.snippet.count("~~~~") for f in findings[:1]), \
        "the quoted ~~~~ was not turned into a signature"
    assert "[[User:LintBot|LintBot]]" in source, "the bot's own ~~~~ was"


def test_protected_talk_page_is_skipped_and_the_run_goes_on(zhwiki, zhbot):
    before = zhwiki.revisions(PROTECTED_TALK)

    run = zhbot.run("-post", "-createtalk", "-page:保護條目", "-page:甲條目")

    assert run.returncode == 0, run.stderr
    line = run.action("保護條目")
    assert line["action"] == "skipped" and line["reason"] == "the talk page is protected"
    assert zhwiki.revisions(PROTECTED_TALK) == before
    assert run.action("甲條目")["action"] == "posted"


def test_edit_conflict_reads_the_talk_page_again_and_retries(zhwiki, zhbot):
    run = zhbot.run("-post", "-createtalk", "-page:衝突條目", hook="conflict")

    assert run.returncode == 0, run.stderr
    line = run.action("衝突條目")
    assert line["action"] == "posted"
    assert line["retries"] == 1, "the first save met the other user's edit"
    talk = zhwiki.page_text("Talk:衝突條目")
    assert CONFLICT_SECTION.strip() in talk, "the other user's text is kept"
    assert len(markers(talk)) == 1
    revisions = zhwiki.revisions("Talk:衝突條目")
    assert [r["user"] for r in revisions[-2:]] == ["Admin", "LintBot"]


def test_credentials_never_reach_logs_or_output(zhwiki, zhbot):
    run = zhbot.run("-post", "-createtalk", "-log", "-page:甲條目", "-page:乙條目")
    assert run.action("甲條目")["action"] == "posted", run.stderr

    secrets = {zhwiki.bot.bot_password, zhwiki.bot.password, zhwiki.admin.bot_password,
               zhwiki.admin.password}
    written = {"stdout": run.stdout, "stderr": run.stderr,
               "json log": run.log_path.read_text("utf-8")}
    logs = [p for p in (run.pywikibot_dir / "logs").rglob("*") if p.is_file()]
    assert logs, "pywikibot's -log wrote its log"
    for path in logs:
        written[str(path)] = path.read_text("utf-8", errors="replace")
    for name, text in written.items():
        for secret in secrets:
            assert secret not in text, f"a password appears in {name}"
        assert "BotPassword" not in text
