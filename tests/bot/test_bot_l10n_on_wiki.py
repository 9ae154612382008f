"""On the real MediaWiki: findings read in Chinese in both scripts, and the
rules' documentation page that every report links to."""

from __future__ import annotations

import re

import pytest

from wikilint.bot.docs import documentation
from wikilint.bot.registry import load_catalogue
from wikilint.rules.messages import render_parts

from tests.bot.helpers import findings_of, visible_text
from tests.bot.wiki_pages import SEED_TITLE, ZH_PAGES

pytestmark = pytest.mark.wiki

DOCPAGE = "User:LintBot/wikilint"


def words(key: str | None, params: dict, lang: str) -> list[str]:
    """The message's own words in ``lang`` (its parameter values left out)."""
    if key is None:
        return []
    return [w.strip() for w in render_parts(key, params, lang)[0::2] if len(w.strip()) > 2]


def test_zh_report_has_no_english_finding_text(zhwiki, zhbot):
    findings = [f for f in findings_of(ZH_PAGES[SEED_TITLE], SEED_TITLE) if f.message_key]
    assert {f.code for f in findings} >= {"CIT001", "CIT002", "CIT003", "REF001", "REF002"}

    run = zhbot.run("-post", "-createtalk", f"-page:{SEED_TITLE}")

    line = run.action(SEED_TITLE)
    assert line["action"] == "posted", run.stderr
    findings = [f for f in findings if f.code in line["counts"]]  # the report's rules only
    shown = {v: visible_text(zhwiki.render(f"Talk:{SEED_TITLE}", v)) for v in ("zh-hans", "zh-hant")}
    for variant, text in shown.items():
        assert "-{" not in text and "}-" not in text, "no variant markup shows"
        assert "序言：" in text and "序言: " not in text, "a full-width colon after Chinese text"
        for finding in findings:
            for key in (finding.message_key, finding.suggestion_key):
                for english in words(key, finding.params, "en"):
                    if not re.search(r"[A-Za-z]{3,}", re.sub(r"<[^>]*>?|\{\{[^}]*\}?\}?", "", english)):
                        continue  # markup such as <ref name="…" /> reads the same in any language
                    assert english not in text, f"{variant}: English {english!r} shown"
                for own in words(key, finding.params, variant):
                    assert own in text, f"{variant}: {own!r} ({key}) missing"
    assert "要求提供来源" in shown["zh-hans"] and "要求提供來源" in shown["zh-hant"]
    assert "无标题的链接" in shown["zh-hans"] and "無標題的連結" in shown["zh-hant"]


def test_documentation_page_has_the_anchors_reports_link_to(zhwiki, zhbot):
    zhwiki.edit(DOCPAGE, documentation(load_catalogue(), "wikitext", "zh"), "wikilint docs")
    parsed = zhwiki.page_links(DOCPAGE)
    assert parsed["templates"] == [] and parsed["categories"] == [], "the examples are inert"
    codes = [rule.code for rule in load_catalogue()]
    assert parsed["sections"] == codes, "one section per rule, headed by its code"
    pages = {v: zhwiki.render(DOCPAGE, v) for v in ("zh-hans", "zh-hant")}
    for variant, page in pages.items():
        for code in codes:
            assert f'id="{code}"' in page, f"{variant}: no anchor {code}"
        assert "-{zh-hans:" not in visible_text(page), "no variant markup shows"
    assert "为什么这是问题" in visible_text(pages["zh-hans"])
    assert "為什麼這是問題" in visible_text(pages["zh-hant"])
    assert "{{來源請求}}" in visible_text(pages["zh-hant"]), "template names shown as text"

    run = zhbot.run("-post", "-createtalk", f"-page:{SEED_TITLE}")
    assert run.action(SEED_TITLE)["action"] == "posted", run.stderr
    talk = zhwiki.page_text(f"Talk:{SEED_TITLE}")
    linked = re.findall(r"\[\[" + re.escape(DOCPAGE) + r"#(\w+)\|", talk)
    assert linked, "the report links its rules to the documentation page"
    for code in linked:
        assert f'id="{code}"' in pages["zh-hant"], f"the report links to #{code}, which is missing"
