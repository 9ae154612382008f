"""Worklists on a real MediaWiki: created, split, updated in place, untouched on a rerun,
built from a scan's output; a page the bot did not create is left alone."""

from __future__ import annotations

import pytest

from tests.bot.community import HINT, PREFIX, WHITELIST, rows, scan
from tests.bot.helpers import bot_edits, findings_of
from tests.bot.wiki_pages import RESUME_TITLES, SEED_TITLE, ZH_PAGES, zh_article

pytestmark = pytest.mark.wiki

TAGGED = ["甲條目", "乙條目", *RESUME_TITLES]
HUMAN_PAGE = "人工維護的清單，不是機器人寫的。"


def cit001_pages(wiki) -> list[str | None]:
    return [wiki.page_text(t) for t in (f"{PREFIX}/CIT001", f"{PREFIX}/CIT001/2",
                                         f"{PREFIX}/CIT001/3", f"{PREFIX}/CIT001/4")]


def test_worklists_split_updated_in_place_and_left_alone_when_unchanged(zhwiki, zhbot):
    for title in [SEED_TITLE, *TAGGED]:
        assert any(f.code == "CIT001" for f in findings_of(ZH_PAGES[title], title)), title
    assert any(f.code == "REF001" for f in findings_of(ZH_PAGES[SEED_TITLE], SEED_TITLE))
    zhwiki.edit(f"{PREFIX}/REF001", HUMAN_PAGE)
    args = ["-report:worklist", f"-worklist:{PREFIX}", "-worklistsize:3", "-post",
            f"-page:{SEED_TITLE}", *(f"-page:{t}" for t in TAGGED)]

    run = zhbot.run(*args)

    assert run.returncode == 0, run.stderr
    index = zhwiki.page_text(PREFIX)
    assert index.startswith("<!-- wikilint-worklist bot=LintBot ")
    assert f"[[{PREFIX}/CIT001|CIT001]]" in index and 'class="wikitable sortable"' in index
    first, second, third, fourth = cit001_pages(zhwiki)
    assert fourth is None, "9 articles in pages of 3"
    listed = rows(first) + rows(second) + rows(third)
    assert [len(rows(p)) for p in (first, second, third)] == [3, 3, 3]
    # Oldest tag first (the seed's are from 2014), then the most findings (甲條目 has two).
    assert listed[:2] == [SEED_TITLE, "甲條目"]
    assert sorted(listed) == sorted([SEED_TITLE, *TAGGED])
    assert 'data-sort-value="' in first and "2014年1月" in first, "the tag's date and age"
    assert f"[[{PREFIX}/CIT001/2|2]]" in first, "pages link to each other"
    # The bot did not create PREFIX/REF001: it leaves it alone.
    assert zhwiki.page_text(f"{PREFIX}/REF001") == HUMAN_PAGE
    line = run.action(f"{PREFIX}/REF001")
    assert line["action"] == "skipped" and "not written by the bot" in line["reason"]
    simplified, traditional = (zhwiki.render(f"{PREFIX}/CIT001", v) for v in ("zh-hans", "zh-hant"))
    assert "条目" in simplified and "條目" not in simplified.split("<table")[1][:400]
    assert "條目" in traditional and "-{" not in simplified + traditional
    edits = len(bot_edits(zhwiki))

    rerun = zhbot.run(*args)

    assert {p["action"] for p in rerun.pages if p["title"].startswith(PREFIX)} == \
        {"unchanged", "skipped"}, "no edit when nothing changed"
    assert len(bot_edits(zhwiki)) == edits

    zhwiki.edit("乙條目", zh_article("乙", tags=3))
    changed = zhbot.run(*args)

    assert changed.action(f"{PREFIX}/CIT001")["action"] == "updated"
    assert changed.action(f"{PREFIX}/CIT001/3")["action"] == "updated", "乙條目 moved up"
    assert changed.action(PREFIX)["action"] == "updated", "the index counts one more"
    assert rows(zhwiki.page_text(f"{PREFIX}/CIT001"))[:3] == [SEED_TITLE, "乙條目", "甲條目"]
    assert len(bot_edits(zhwiki, f"{PREFIX}/CIT001")) == 2, "updated in place: one page, edited again"


def test_worklists_from_a_scan_with_a_whitelist(zhwiki, zhbot, tmp_path):
    pages = {title: ZH_PAGES[title] for title in (SEED_TITLE, "甲條目", "乙條目")}
    out = scan(tmp_path, pages)
    # 甲條目's first tag is a false positive, marked once in the whitelist.
    first = next(f for f in findings_of(ZH_PAGES["甲條目"], "甲條目") if f.code == "CIT001")
    zhwiki.edit(WHITELIST, f"* [[甲條目]] CIT001 {first.fingerprint} 已有來源\n")
    changes = len(zhwiki.recent_changes())

    run = zhbot.run("-report:worklist", f"-worklist:{PREFIX}", f"-fromscan:{out}",
                    f"-whitelist:{WHITELIST}", "-post")

    assert run.returncode == 0, run.stderr
    assert all(p["title"].startswith(PREFIX) for p in run.pages), "no article read"
    listing = zhwiki.page_text(f"{PREFIX}/CIT001")
    assert sorted(rows(listing)) == sorted(pages)
    hints = HINT.findall(listing)
    assert ("甲條目", "CIT001", first.fingerprint) not in hints, "whitelisted: not listed"
    assert [h for h in hints if h[0] == "甲條目"], "the other tag of 甲條目 is listed"
    assert f"[[{WHITELIST}]]" in listing, "links to the whitelist"
    index = zhwiki.page_text(PREFIX)
    assert "dump.xml" in index and "3" in index
    expected = sum(1 for t, text in pages.items() for f in findings_of(text, t)
                   if f.code == "CIT001") - 1
    assert f"\n| {expected}\n" in index, "the whitelisted finding is not counted"
    assert len(zhwiki.recent_changes()) > changes
