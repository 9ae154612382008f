"""``wikilint bot -fix``: apply the safe fixes to the articles themselves.

:class:`ArticleFixBot` goes through pywikibot's standard flow for editing
bots: for each article it lints the current revision, applies the *safe*
fixes in passes (:func:`wikilint.bot.fixing.fix_text`), shows the diff and
asks the operator (``userPut``: yes / no / all / quit); ``-always`` skips the
question and pywikibot's ``-simulate`` shows without saving. The edit summary
is in the wiki's language and names each rule that fixed something, linked to
its section of the task's documentation page.

It honours what the talk-page reports honour (it is the reporting bot,
:class:`~wikilint.bot.wiki.community.CommunityBot`, writing elsewhere: its
on-wiki settings and whitelist apply too): exclusion templates on the article (``{{nobots}}``,
``{{bots|deny=…}}``, ``{{bots|optout=…}}``, the bot's own opt-out template),
the shutoff page (read at the start and every N edits), ``-maxedits``,
pywikibot's throttle and maxlag; a protected article is skipped; on an edit
conflict the article is read again, linted and fixed again, so that another
user's edit is never overwritten. Edits are marked bot (with the bot right)
and minor (with the ``minoredit`` right).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pywikibot
from pywikibot.exceptions import EditConflictError, LockedPageError, OtherPageSaveError

from wikilint.bot.fixing import FixOutcome, fix_text
from wikilint.bot.wiki.bot import NamespaceGuardError, StopRun
from wikilint.bot.wiki.community import CommunityBot


def guard_article(article: pywikibot.Page, target: pywikibot.Page) -> None:
    """Refuse any write target that is not the article being fixed (a content page)."""
    namespace = target.namespace()
    if (
        target.title() != article.title()
        or target.site != article.site
        or not getattr(namespace, "content", int(namespace) == 0)
    ):
        raise NamespaceGuardError(
            f"refusing to edit {target.title()!r}: the bot only fixes the article {article.title()!r}"
        )


class ArticleFixBot(CommunityBot):
    """Applies the safe fixes of wikilint's findings to each article, with the
    operator's yes (or ``-always``)."""

    def fix(self, text: str, title: str) -> FixOutcome:
        """``text`` with the safe fixes of the findings the bot reports (its
        rules, minimum severity, settings and whitelist) applied."""
        return fix_text(text, lambda current: self.linter(current, title)[0])

    @property
    def mode(self) -> str:
        return "fix"

    def treat_article(self, article: pywikibot.Page) -> None:
        for attempt in range(self.opt.conflictretries + 1):
            if attempt:
                article = pywikibot.Page(self.site, article.title())  # read it again
            if self.fix_article(article):
                return
        raise EditConflictError(article)

    def fix_article(self, article: pywikibot.Page) -> bool:
        """Fix the current revision of ``article``; False after an edit conflict."""
        text = article.text
        base: dict[str, Any] = {"revision": article.latest_revision_id}
        exclusion = self.exclusions.check(text)
        if exclusion is not None:
            self.record(
                article,
                "skipped",
                reason=f"{exclusion.reason} on the article: {exclusion.template[:80]}",
                **base,
            )
            return True
        outcome = self.fix(text, article.title())
        base["counts"] = {code: n for (code, _), n in sorted(outcome.fixed.items())}
        if not outcome.changed:
            self.record(article, "unchanged", reason="nothing to fix", **base)
            return True
        if not outcome.converged:
            pywikibot.warning(
                f"{article.title()}: the fixes did not settle; the text of the last pass is proposed"
            )
        guard_article(self.current_page, article)
        if self.stop_reason is not None:
            raise StopRun(self.stop_reason)
        summary = self.fix_summary(outcome.fixed)
        try:
            saved = self.userPut(
                article,
                text,
                outcome.text,
                summary=summary,
                asynchronous=False,
                nocreate=True,
                bot=self.site.has_right("bot"),
                minor=self.site.has_right("minoredit"),
            )
        except EditConflictError:
            self._retries += 1
            pywikibot.warning(f"{article.title()}: edit conflict, reading it again")
            return False
        except LockedPageError:
            self.record(article, "skipped", reason="the article is protected", **base)
            return True
        except OtherPageSaveError as error:
            if "{{bots}}" in str(error):
                self.record(article, "skipped", reason="pywikibot: the article excludes bots", **base)
                return True
            raise
        if not saved:
            self.record(article, "skipped", reason="the operator declined", **base)
            return True
        if pywikibot.config.simulate:
            self.record(article, "dry-run", reason="would be fixed (-simulate)", **base)
            return True
        self.record(
            article, "fixed", edit_revision=article.latest_revision_id, retries=self._retries or None, **base
        )
        self.after_fix()
        return True

    def fix_summary(self, fixed: Counter[tuple[str, str]]) -> str:
        """The edit summary: how many findings, by rule, each rule linked to its
        documentation."""
        rules = [
            self.messages.plain(
                "summary-fix-rule", count=count, rule=f"[[{self.opt.docpage}#{code}|{code} {name}]]"
            )
            for (code, name), count in sorted(fixed.items())
        ]
        separator = self.messages.plain("summary-fix-separator")
        return self.messages.plain(
            "summary-fix", count=sum(fixed.values()), rules=separator.join(rules), docpage=self.opt.docpage
        )

    def after_fix(self) -> None:
        """After a saved edit (pywikibot counted it): the caps and the shutoff page."""
        self.edits += 1
        if self.opt.maxedits and self.edits >= self.opt.maxedits:
            self.stop(f"-maxedits:{self.opt.maxedits} reached")
        elif self.opt.shutoffevery and self.edits % self.opt.shutoffevery == 0:
            self.check_shutoff()
