"""Run ``wikilint bot`` with a test hook: ``python hooked_bot.py HOOK ARGS...``.

Hooks make the rare things of a real run happen at a known moment, on the
real wiki:

* ``conflict`` - just before the bot's first save, another user (the wiki's
  administrator) appends a section to the same talk page, so the bot's save
  meets a genuine edit conflict;
* ``article-conflict`` - in ``-fix`` mode, just before the bot's first save
  of an article, another user (the administrator) adds a sentence to the
  article's end, so the bot's save meets that edit;
* ``delete-talk`` - just before the bot's first save, an administrator
  deletes that talk page;
* ``misdirect-self``, ``misdirect-user``, ``misdirect-other-talk`` - the
  bot's talk-page lookup is broken on purpose (it returns the article
  itself, a user page, or another article's talk page), and the namespace
  guard must refuse to write.

The wiki's address and the administrator's BotPassword come in the
``WIKILINT_TEST_WIKI`` environment variable (JSON).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.mediawiki.harness import Account, MediaWiki  # noqa: E402

CONFLICT_SECTION = "\n\n== 同時留言 ==\n有人同時留言。--[[User:Admin|Admin]]\n"


def test_wiki() -> MediaWiki:
    spec = json.loads(os.environ["WIKILINT_TEST_WIKI"])
    return MediaWiki(Path(spec["root"]), lang=spec["lang"], port=spec["port"],
                     admin=Account(**spec["admin"]))


def install_conflict() -> None:
    from wikilint.bot.wiki.bot import TalkReportBot

    original = TalkReportBot.save_talk_page
    state = {"done": False}

    def save_talk_page(self, article, talk, text, summary, *, existed):
        if not state["done"]:
            state["done"] = True
            wiki = test_wiki()
            current = wiki.page_text(talk.title()) or ""
            wiki.edit(talk.title(), current + CONFLICT_SECTION, summary="concurrent edit")
        return original(self, article, talk, text, summary, existed=existed)

    TalkReportBot.save_talk_page = save_talk_page


ARTICLE_CONFLICT_TEXT = "\n\n另一位編者同時加入的句子。\n"


def install_article_conflict() -> None:
    from wikilint.bot.wiki.fixmode import ArticleFixBot

    original = ArticleFixBot.userPut
    state = {"done": False}

    def user_put(self, page, oldtext, newtext, **kwargs):
        if not state["done"]:
            state["done"] = True
            wiki = test_wiki()
            wiki.edit(page.title(), (wiki.page_text(page.title()) or "") + ARTICLE_CONFLICT_TEXT,
                      summary="concurrent edit")
        return original(self, page, oldtext, newtext, **kwargs)

    ArticleFixBot.userPut = user_put


def install_delete_talk() -> None:
    from wikilint.bot.wiki.bot import TalkReportBot

    original = TalkReportBot.save_talk_page
    state = {"done": False}

    def save_talk_page(self, article, talk, text, summary, *, existed):
        if not state["done"]:
            state["done"] = True
            test_wiki().admin_post(action="delete", title=talk.title(), reason="test")
        return original(self, article, talk, text, summary, existed=existed)

    TalkReportBot.save_talk_page = save_talk_page


def install_misdirect(kind: str) -> None:
    import pywikibot

    original = pywikibot.Page.toggleTalkPage

    def toggle(self):
        if self.isTalkPage():
            return original(self)
        if kind == "self":
            return self
        if kind == "user":
            return pywikibot.Page(self.site, "User:Admin/草稿")
        return pywikibot.Page(self.site, "Talk:乙條目")

    pywikibot.Page.toggleTalkPage = toggle


def main() -> int:
    hook, args = sys.argv[1], sys.argv[2:]
    if hook == "conflict":
        install_conflict()
    elif hook == "article-conflict":
        install_article_conflict()
    elif hook == "delete-talk":
        install_delete_talk()
    elif hook.startswith("misdirect-"):
        install_misdirect(hook.removeprefix("misdirect-"))
    else:
        raise SystemExit(f"unknown hook {hook!r}")
    from wikilint.bot.wiki.cli import main as bot_main

    return bot_main(args)


if __name__ == "__main__":
    sys.exit(main())
