"""``--format concise``: one line per finding, and the summary."""

from __future__ import annotations

from wikilint.bot.emitters.base import Page
from wikilint.bot.emitters.text import TextEmitter, headline


class ConciseEmitter(TextEmitter):
    name = "concise"
    help = "one line per finding: path:line:col: CODE rule message"

    def render(self, page: Page) -> str:
        return "".join(headline(page.path, f, self.unsafe_fixes) + "\n" for f in page.findings)
