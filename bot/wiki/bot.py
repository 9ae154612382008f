"""The bot: lint articles, report on their talk pages or in the log.

:class:`TalkReportBot` is a pywikibot ``SingleSiteBot`` + ``ExistingPageBot``:
pywikibot's ``run()`` drives it through the generator, one page at a time,
``skip_page()`` then ``treat_page()``. For each article it

1. honours the exclusion templates of the article (talk mode);
2. lints the current revision with wikilint's engine;
3. in ``-report:log`` mode, logs every finding and stops there;
4. reads the talk page, honours its exclusion templates, finds the bot's own
   section (:mod:`wikilint.bot.wiki.talkpage`) and compares the digest of the
   findings: equal means *unchanged*, no edit;
5. renders the report (:mod:`wikilint.bot.wiki.report`) and either prints it (dry
   run, the default) or saves the talk page (``-post``), rewriting its own
   section in place or adding it at the end; on an edit conflict it reads
   the talk page again and starts over from step 4.

Safety: every write goes through :meth:`TalkReportBot.save_talk_page`, which
refuses any page that is not the article's talk page (the namespace guard);
an emergency shutoff page is read at the start and every N edits;
``-maxedits`` caps a run; edits are bot edits, throttled by pywikibot's
``put_throttle`` and ``maxlag``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Sequence
from typing import Any, ClassVar

import pywikibot
import requests
from pywikibot.bot import ExistingPageBot, SingleSiteBot
from pywikibot.exceptions import (
    AbuseFilterDisallowedError,
    APIError,
    ApiTimeoutError,
    EditConflictError,
    IsRedirectPageError,
    LockedPageError,
    NoCreateError,
    NoPageError,
    OtherPageSaveError,
    PageDeletedConflictError,
    ServerError,
    SpamblacklistError,
    TitleblacklistError,
)

from wikilint.bot.wiki.exclusion import DEFAULT_MESSAGE_TYPE, DEFAULT_OPTOUT_TEMPLATE, ExclusionPolicy
from wikilint.bot.wiki.messages import Messages
from wikilint.bot.wiki.report import ReportContext, counts_by_rule, findings_digest, render_report
from wikilint.bot.wiki.runlog import Action, PageRecord, RunLog
from wikilint.bot.wiki.talkpage import DamagedReportError, find_report, place_report
from wikilint.rules.finding import Finding

#: Consecutive pages that failed to reach the server before the run stops.
MAX_CONSECUTIVE_SERVER_FAULTS = 3
SHUTOFF_RUN = "run"

Linter = Callable[[str, str], tuple[list[Finding], list[Finding]]]
"""``(text, title) -> (findings to report, internal errors)``"""


class NamespaceGuardError(Exception):
    """The bot was about to write to a page that is not the article's talk page."""


class StopRun(Exception):
    """Raised inside the bot to end the run cleanly."""


def guard_talk_page(article: pywikibot.Page, target: pywikibot.Page) -> None:
    """Refuse any write target that is not the talk page of ``article``.

    A talk namespace has an odd, positive number; the target must be in the
    talk namespace that pairs with the article's and carry the same title.
    """
    article_ns = int(article.namespace())
    target_ns = int(target.namespace())
    if (
        target_ns < 1
        or target_ns % 2 != 1
        or target_ns != article_ns + 1
        or target.title(with_ns=False) != article.title(with_ns=False)
        or target.site != article.site
    ):
        raise NamespaceGuardError(
            f"refusing to edit {target.title()!r} (namespace {target_ns}): "
            f"the bot only edits the talk page of {article.title()!r}"
        )


def is_server_fault(error: BaseException) -> bool:
    """Whether an error means the wiki could not be reached or did not answer."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(
            current,
            (
                ServerError,
                ApiTimeoutError,
                requests.exceptions.RequestException,
                ConnectionError,
                TimeoutError,
            ),
        ):
            return True
        if "Maximum retries attempted" in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False


#: API error codes that refuse an edit because the session is gone; the edit
#: was not made, and can be made again once logged in with a fresh token.
SESSION_LOST_CODES = frozenset({"badtoken", "assertuserfailed", "assertbotfailed", "notloggedin"})


def session_lost(error: BaseException) -> str | None:
    """The API error code when a save failed because the wiki no longer knew
    the bot's session, else None.

    pywikibot logs in again by itself when a session expires, but then
    retries the edit with a token of the wrong kind (it asks for the kind of
    token it fetched last, the login token), so the edit fails with
    ``badtoken`` although the bot is logged in again.
    """
    reason = getattr(error, "reason", None) if isinstance(error, OtherPageSaveError) else error
    if isinstance(reason, APIError) and reason.code in SESSION_LOST_CODES:
        return reason.code
    return None


def refusal_reason(error: BaseException) -> str | None:
    """Why the wiki's edit filters refused an edit (AbuseFilter, the spam or
    title blacklists), or None for any other error."""
    if isinstance(error, AbuseFilterDisallowedError):
        # pywikibot keeps only the message; the API's answer, which it raised
        # from, names the filter.
        answer = error.__context__
        details = answer.other.get("abusefilter") if isinstance(answer, APIError) else None
        if isinstance(details, dict) and details.get("description"):
            number = details.get("id", "?")
            return f"abuse filter {number} refused the edit: {details['description']}"
        return f"an abuse filter refused the edit: {error.info}"
    if isinstance(error, SpamblacklistError):
        return f"the spam blacklist refused the edit: {error.url}"
    if isinstance(error, TitleblacklistError):
        return "the title blacklist refused the edit"
    return None


class TalkReportBot(SingleSiteBot, ExistingPageBot):
    """Posts (or logs) one wikilint report per article on its talk page."""

    update_options: ClassVar[dict[str, Any]] = {
        "report": "talk",  # "talk": the article's talk page; "log": the JSON log only
        "post": False,  # write to the wiki; without it, a dry run
        "maxedits": 0,  # stop after this many edits (0: no cap)
        "shutoff": "",  # emergency shutoff page (default User:<bot>/shutoff)
        "shutoffevery": 10,  # read the shutoff page again every N edits
        "docpage": "",  # the task's documentation page (default User:<bot>/wikilint)
        "optouttemplate": DEFAULT_OPTOUT_TEMPLATE,
        "optouttype": DEFAULT_MESSAGE_TYPE,
        "conflictretries": 3,
    }

    def __init__(
        self,
        *,
        linter: Linter,
        runlog: RunLog,
        done: Collection[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.linter: Linter = linter
        self.runlog = runlog
        self.done = frozenset(done)
        self.edits = 0
        self.stop_reason: str | None = None
        self.fault_stop = False
        self._server_faults = 0
        self._retries = 0
        self._attempted: Action | None = None  # the edit tried on the current page

    # -- set-up and tear-down --------------------------------------------------

    @property
    def mode(self) -> str:
        """``log``, ``talk-post`` or ``talk-dry-run``: the kind of run, for the log."""
        if self.opt.report == "log":
            return "log"
        return "talk-post" if self.opt.post else "talk-dry-run"

    @property
    def site_name(self) -> str:
        return f"{self.site.family.name}:{self.site.code}"

    def setup(self) -> None:
        """Read the site's settings and the shutoff page before the first page."""
        self.bot_user = self.site.username() or "wikilint"
        self.opt.docpage = self.opt.docpage or f"User:{self.bot_user}/wikilint"
        self.opt.shutoff = self.opt.shutoff or f"User:{self.bot_user}/shutoff"
        self.messages = Messages(self.site.lang)
        template_ns = self.site.namespaces[10]
        self.exclusions = ExclusionPolicy(
            self.bot_user,
            message_type=self.opt.optouttype,
            optout_templates=[self.opt.optouttemplate],
            template_prefixes={template_ns.canonical_name, template_ns.custom_name, *template_ns.aliases},
        )
        self.check_shutoff()

    def teardown(self) -> None:
        """Write the run's summary to the log and to the console."""
        summary = self.runlog.summary(
            site=self.site_name,
            mode=self.mode,
            stopped=self.stop_reason,
            resumed=self.counter["resumed"],
        )
        self.runlog.close()
        counts = ", ".join(f"{n} {key}" for key, n in summary["summary"].items())
        pywikibot.info(f"wikilint: {counts}; {summary['resumed']} already done (resume)")
        if self.stop_reason:
            pywikibot.info(f"wikilint: run stopped: {self.stop_reason}")

    def stop(self, reason: str, *, fault: bool = False) -> None:
        """End the run after the current page."""
        if self.stop_reason is None:
            self.stop_reason = reason
            self.fault_stop = fault
            pywikibot.warning(f"wikilint: stopping: {reason}")
        generator = getattr(self, "generator", None)
        if isinstance(generator, Generator):
            generator.close()
        else:
            self.generator = iter(())

    @property
    def exit_code(self) -> int:
        """0: every page handled; 1: some page failed, or a fault stopped the run."""
        return 1 if self.runlog.totals["error"] or self.fault_stop else 0

    # -- the shutoff page ------------------------------------------------------

    def check_shutoff(self) -> None:
        """Stop unless the shutoff page holds exactly ``run``."""
        page = pywikibot.Page(self.site, self.opt.shutoff)
        try:
            content = page.get(force=True).strip()
        except NoPageError:
            self.stop(f"shutoff page {page.title()} does not exist (create it with the text '{SHUTOFF_RUN}')")
            return
        except IsRedirectPageError:
            self.stop(f"shutoff page {page.title()} is a redirect")
            return
        except Exception as error:  # the wiki is unreachable: do not run blind
            self.stop(f"shutoff page {page.title()} cannot be read: {error}", fault=True)
            return
        if content.lower() != SHUTOFF_RUN:
            self.stop(f"shutoff page {page.title()} says {content[:60]!r}")

    # -- which pages ------------------------------------------------------------

    def record(self, page: pywikibot.Page, action: Action, **fields: Any) -> None:
        """Log one page (JSON line) and say it on the console."""
        record = PageRecord(site=self.site_name, mode=self.mode, title=page.title(), action=action, **fields)
        self.runlog.page(record)
        detail = fields.get("reason") or fields.get("error") or ""
        pywikibot.info(f"{page.title()}: {action}{': ' + detail if detail else ''}")

    def skip_page(self, page: pywikibot.Page) -> bool:
        """Skip pages done in an earlier run (``-resume``) and non-articles."""
        if page.title() in self.done:
            self.counter["resumed"] += 1
            return True
        namespace = page.namespace()
        if not getattr(namespace, "content", int(namespace) == 0):
            self.record(page, "skipped", reason=f"not an article (namespace {int(namespace)})")
            return True
        try:
            if not page.exists():
                self.record(page, "skipped", reason="the article does not exist")
                return True
            if page.isRedirectPage():
                self.record(page, "skipped", reason="the article is a redirect")
                return True
        except Exception as error:
            self.fault(page, error)
            return True
        return super().skip_page(page)

    # -- one page -------------------------------------------------------------

    def treat_page(self) -> None:
        """Lint the current article and report on it; never let one page end the run."""
        page = self.current_page
        self._retries = 0
        self._attempted = None
        try:
            self.treat_article(page)
        except StopRun:
            pass
        except Exception as error:
            self.fault(page, error)
        else:
            self._server_faults = 0

    def treat_article(self, article: pywikibot.Page) -> None:
        text = article.text
        revision = article.latest_revision_id
        base: dict[str, Any] = {"revision": revision}
        if self.opt.report != "log":
            exclusion = self.exclusions.check(text)
            if exclusion is not None:
                self.record(
                    article,
                    "skipped",
                    reason=f"{exclusion.reason} on the article: {exclusion.template[:80]}",
                    **base,
                )
                return
        findings, internal = self.linter(text, article.title())
        base["counts"] = counts_by_rule(findings)
        base["digest"] = findings_digest(findings)
        if internal:
            pywikibot.warning(f"{article.title()}: " + "; ".join(f.message for f in internal))
        if self.opt.report == "log":
            self.record(
                article,
                "logged",
                findings=[f.model_dump(mode="json") for f in [*findings, *internal]],
                **base,
            )
            return
        talk = article.toggleTalkPage()
        guard_talk_page(article, talk)
        base["talk"] = talk.title()
        for attempt in range(self.opt.conflictretries + 1):
            if attempt:
                talk = pywikibot.Page(self.site, talk.title())  # read it again
            if self.report_on_talk_page(article, talk, findings, revision, base):
                return
        raise EditConflictError(talk)

    def report_on_talk_page(
        self,
        article: pywikibot.Page,
        talk: pywikibot.Page,
        findings: Sequence[Finding],
        revision: int,
        base: dict[str, Any],
    ) -> bool:
        """Bring the report on ``talk`` up to date; False after an edit conflict."""
        existed = talk.exists()
        if existed and talk.isRedirectPage():
            self.record(article, "skipped", reason="the talk page is a redirect", **base)
            return True
        talk_text = talk.text if existed else ""
        exclusion = self.exclusions.check(talk_text)
        if exclusion is not None:
            self.record(
                article,
                "skipped",
                reason=f"{exclusion.reason} on the talk page: {exclusion.template[:80]}",
                **base,
            )
            return True
        try:
            posted = find_report(talk_text)
        except DamagedReportError as error:
            self.record(article, "skipped", reason=f"report section edited by hand ({error})", **base)
            return True
        if posted is not None and posted.digest == base["digest"]:
            if self._attempted is not None:
                # This run's save went through, though its answer was lost
                # (a timeout, a dropped connection) and it was sent again.
                self.record(
                    article,
                    self._attempted,
                    retries=self._retries or None,
                    reason="the edit went through although its answer was lost",
                    **base,
                )
                self.after_edit()
            else:
                self.record(article, "unchanged", **base)
            return True
        if posted is None and not findings:
            self.record(article, "skipped", reason="no findings", **base)
            return True
        block = render_report(findings, self.report_context(article, revision), self.messages)
        new_text = place_report(talk_text, block, posted)
        action: Action = "updated" if posted is not None else "posted"
        if not self.opt.post:
            pywikibot.stdout(f"--- {talk.title()} ({'update' if posted else 'new section'}) ---\n{block}\n")
            self.record(article, "dry-run", reason=f"would be {action}", report=block, **base)
            return True
        summary = self.messages.plain(
            "summary-update" if posted else "summary-post", count=len(findings), docpage=self.opt.docpage
        )
        self._attempted = action
        try:
            self.save_talk_page(article, talk, new_text, summary, existed=existed)
        except PageDeletedConflictError:
            raise
        except EditConflictError:
            self._retries += 1
            pywikibot.warning(f"{talk.title()}: edit conflict, reading it again")
            return False
        except (OtherPageSaveError, APIError) as error:
            code = session_lost(error)
            if code is None:
                raise
            self._retries += 1
            pywikibot.warning(
                f"{talk.title()}: the session was lost ({code}): logging in "
                "again, then reading the talk page again"
            )
            self.site.tokens.clear()
            self.site.login()
            return False
        self.record(
            article, action, edit_revision=talk.latest_revision_id, retries=self._retries or None, **base
        )
        self.after_edit()
        return True

    def report_context(self, article: pywikibot.Page, revision: int) -> ReportContext:
        return ReportContext(
            article=article.title(),
            revision=revision,
            bot_user=self.bot_user,
            docpage=self.opt.docpage,
            optout_template=self.opt.optouttemplate,
        )

    def save_talk_page(
        self, article: pywikibot.Page, talk: pywikibot.Page, text: str, summary: str, *, existed: bool
    ) -> None:
        """The only place where the bot writes to the wiki."""
        guard_talk_page(article, talk)
        if self.stop_reason is not None:
            raise StopRun(self.stop_reason)
        talk.text = text
        # nocreate: a talk page deleted meanwhile is not recreated;
        # createonly: one created meanwhile is read again (edit conflict).
        talk.save(
            summary=summary, minor=False, bot=True, quiet=True, nocreate=existed, createonly=not existed
        )

    def after_edit(self) -> None:
        self.edits += 1
        self.counter["write"] += 1
        if self.opt.maxedits and self.edits >= self.opt.maxedits:
            self.stop(f"-maxedits:{self.opt.maxedits} reached")
        elif self.opt.shutoffevery and self.edits % self.opt.shutoffevery == 0:
            self.check_shutoff()

    # -- faults --------------------------------------------------------------

    def fault(self, page: pywikibot.Page, error: BaseException) -> None:
        """Log what went wrong with a page; stop when the wiki seems gone."""
        fields: dict[str, Any] = {}
        if self._retries:
            fields["retries"] = self._retries
        if isinstance(error, LockedPageError):
            self.record(page, "skipped", reason="the talk page is protected", **fields)
            return
        refusal = refusal_reason(error)
        if refusal is not None:  # the wiki answered: not a server fault
            self._server_faults = 0
            self.record(page, "skipped", reason=refusal[:500], **fields)
            return
        if isinstance(error, OtherPageSaveError) and "{{bots}}" in str(error):
            self.record(page, "skipped", reason="pywikibot: the talk page excludes bots", **fields)
            return
        if isinstance(error, (NoCreateError, PageDeletedConflictError)):
            message = "the talk page was deleted while the bot was editing it"
        elif isinstance(error, EditConflictError):
            message = f"edit conflict on the talk page {self.opt.conflictretries + 1} times in a row"
        else:
            message = f"{type(error).__name__}: {error}".strip()
        self.record(page, "error", error=message[:500], **fields)
        if isinstance(error, NamespaceGuardError):
            return
        if is_server_fault(error):
            self._server_faults += 1
            if self._server_faults >= MAX_CONSECUTIVE_SERVER_FAULTS:
                self.stop(f"the wiki did not answer for {self._server_faults} pages in a row", fault=True)
        else:
            self._server_faults = 0
