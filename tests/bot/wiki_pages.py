"""The pages imported into the test wikis (title -> wikitext).

Articles with findings carry dated ``{{Citation needed}}`` tags, which every
wiki profile reports; each test checks that the engine really finds
something in the articles it relies on, so a change of rules cannot make a
test pass vacuously.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = ROOT / "seeds" / "000_305d23f0459226b6.txt"
SEED_TITLE = "安巴爾衝突"
BOT = "LintBot"
SHUTOFF = f"User:{BOT}/shutoff"


def zh_article(topic: str, tags: int = 1) -> str:
    """A short zh article with ``tags`` statements tagged as needing a source."""
    lines = [f"'''{topic}'''是維基百科測試用的條目。", ""]
    lines += [f"第{n}句話沒有來源。{{{{Citation needed|date=2020年1月}}}}" for n in range(1, tags + 1)]
    lines += ["", "== 參考資料 ==", "<references />", ""]
    return "\n".join(lines)


def zh_talk(topic: str) -> str:
    """A talk page with two human discussions."""
    return (
        f"{{{{Talk header}}}}\n== 關於{topic}的來源 ==\n請補充來源。"
        "--[[User:Admin|Admin]] 2024年1月1日 (一) 00:00 (UTC)\n"
        ":同意。--[[User:Admin|Admin]] 2024年1月2日 (二) 00:00 (UTC)\n\n"
        "== 其他討論 ==\n另一個話題。--[[User:Admin|Admin]] 2024年1月3日 (三) 00:00 (UTC)\n"
    )


#: Snippets of this article hold everything that must stay inert in a report.
ESCAPE_TITLE = "轉義條目"
ESCAPE_ARTICLE = (
    "'''轉義條目'''測試報告中的引用。\n\n"
    "引用一。{{Citation needed|reason={{嵌入模板}}[[Category:注入分類]]~~~~{|[[User:Admin]]"
    "</nowiki>-{注入}-|date=2020年1月}}\n\n"
    "== 標題{{嵌入模板}}[[Category:標題注入]] ==\n"
    "引用二。{{Citation needed|date=2020年1月}}\n"
)
ESCAPE_DANGERS = ("{{嵌入模板}}", "[[Category:注入分類]]", "~~~~", "{|", "[[User:Admin]]",
                  "</nowiki>", "-{注入}-")

PROTECTED_TALK = "Talk:保護條目"
RESUME_TITLES = [f"續跑條目{n}" for n in range(1, 7)]
EXCLUDED_ARTICLES = {
    "無機器人條目": "{{nobots}}\n",
    "拒絕條目": "{{bots|deny=LintBot}}\n",
    "退訂條目": "{{bots|optout=wikilint}}\n",
    "自訂退出條目": "{{Wikilint-optout}}\n",
}
EXCLUDED_TALKS = {
    "討論頁無機器人條目": "{{nobots}}\n",
    "討論頁拒絕條目": "{{bots|deny=all}}\n",
    "討論頁退訂條目": "{{bots|optout=all}}\n",
    "討論頁自訂退出條目": "{{wikilint-optout}}\n",
}
ALLOWED_TITLE = "允許條目"  # {{bots|allow=LintBot}}: the bot may post
NON_ARTICLES = ["User:Admin/草稿", "Template:測試模板", "Category:測試分類", "Help:測試說明"]


def _zh_pages() -> dict[str, str]:
    pages = {
        SEED_TITLE: SEED_PATH.read_text("utf-8"),
        SHUTOFF: "run",
        "Template:Nobots": "<includeonly></includeonly>",
        "Template:Bots": "<includeonly></includeonly>",
        "Template:Wikilint-optout": "本頁不接受 wikilint 報告。",
        "甲條目": zh_article("甲", tags=2),
        "乙條目": zh_article("乙"),
        "Talk:乙條目": zh_talk("乙"),
        "潔淨條目": "'''潔淨條目'''沒有任何問題。\n",
        "重定向條目": "#REDIRECT [[甲條目]]\n",
        ALLOWED_TITLE: "{{bots|allow=LintBot}}\n" + zh_article("允許"),
        "保護條目": zh_article("保護"),
        PROTECTED_TALK: zh_talk("保護"),
        "衝突條目": zh_article("衝突"),
        "Talk:衝突條目": zh_talk("衝突"),
        ESCAPE_TITLE: ESCAPE_ARTICLE,
        "討論頁重定向條目": zh_article("討論頁重定向"),
        "Talk:討論頁重定向條目": "#REDIRECT [[Talk:乙條目]]\n",
    }
    for title, header in EXCLUDED_ARTICLES.items():
        pages[title] = header + zh_article(title)
    for title, header in EXCLUDED_TALKS.items():
        pages[title] = zh_article(title)
        pages[f"Talk:{title}"] = header + zh_talk(title)
    for title in RESUME_TITLES:
        pages[title] = zh_article(title)
    for title in NON_ARTICLES:
        pages[title] = zh_article(title)
    return pages


ZH_PAGES = _zh_pages()

EN_TITLE = "Test article"
EN_PAGES = {
    SHUTOFF: "run",
    EN_TITLE: (
        "'''Test article''' is an article for testing.\n\n"
        "This claim has no source.{{Citation needed|date=January 2020}}\n\n"
        "== History ==\nSo does this one.{{Citation needed|date=February 2020}}\n"
    ),
}
