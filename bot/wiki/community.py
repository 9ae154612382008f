"""The bot as a wiki community runs it: settings on the wiki, a whitelist,
worklists, talk notices within limits, and live mode.

:class:`CommunityBot` extends :class:`~wikilint.bot.wiki.bot.TalkReportBot`:

* ``-settings:PAGE`` (:mod:`.settings`) is read at the start and whenever the
  shutoff page is read; the engine is rebuilt from it. An invalid page stops
  all posting (the run goes on in log mode) until it is valid again.
* ``-whitelist:PAGE`` (:mod:`wikilint.bot.whitelist`) is read at the same
  moments; whitelisted findings are dropped right after linting, so they are
  never posted, listed or counted.
* talk mode posts only the findings of the rules the settings allow there
  (by default the warning-level rules with measured precision, never info),
  creates no talk page without ``-createtalk`` and stops at the settings'
  ``edits_per_day`` (counted in the run log, over every run of the day);
* ``-report:worklist`` gathers the findings (from the page generators or
  from ``-fromscan:DIR``) and publishes the lists at the end (:mod:`.worklist`);
  a run that posts keeps what it published in a state file beside the run log
  (:mod:`.worklist_state`);
* ``-live`` takes its pages from :class:`~.live.LiveFeed`. With
  ``-report:worklist`` each settled article's rows are replaced in the lists
  held by that state file, and between batches of settled articles the pages
  whose text changed are published, once per batch, after the shutoff page,
  the settings and the whitelist were read again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pywikibot
from pywikibot.exceptions import IsRedirectPageError, NoPageError

from wikilint.bot.config import Config
from wikilint.bot.whitelist import Whitelist
from wikilint.bot.wiki.bot import Linter, StopRun, TalkReportBot
from wikilint.bot.wiki.report import ReportContext, counts_by_rule
from wikilint.bot.wiki.runlog import Action, log_records
from wikilint.bot.wiki.settings import (
    DEFAULT_WORKLIST_SIZE,
    BotSettings,
    SettingsError,
    read_settings_page,
    talk_codes,
)
from wikilint.bot.wiki.worklist import (
    ListContext,
    Marker,
    WorklistError,
    WorklistPage,
    Worklists,
    read_marker,
    read_scan,
    render_worklists,
)
from wikilint.bot.wiki.worklist_state import StateError, StateJournal, WorklistState, state_path
from wikilint.rules.finding import Finding, Severity

EDIT_ACTIONS = ("posted", "updated")


class WorklistGuardError(Exception):
    """The bot was about to write a worklist page outside its prefix."""


def edits_on(path: Path, *, site: str, day: str) -> int:
    """The bot's edits on ``site`` logged on the UTC ``day`` (YYYY-MM-DD), every run."""
    return sum(
        1
        for data in log_records(path)
        if data.get("site") == site
        and data.get("action") in EDIT_ACTIONS
        and str(data.get("time", "")).startswith(day)
    )


class CommunityBot(TalkReportBot):
    """:class:`TalkReportBot` with on-wiki settings, a whitelist, worklists and live mode."""

    stop_reason: str | None  # TalkReportBot's; stop() below sets it too

    update_options: ClassVar[dict[str, Any]] = {
        **TalkReportBot.update_options,
        "worklist": "",  # worklist prefix (or the settings' worklist_prefix)
        "worklistsize": 0,  # rows per list page (0: the settings', else 500)
        "fromscan": "",  # build the worklists from a scan's output
        "settings": "",  # JSON settings page
        "whitelist": "",  # whitelist page
        "createtalk": False,  # create a talk page that does not exist
        "live": "",  # "", "auto", "poll" or "stream"
        "settle": 30.0,  # live: minutes without an edit before linting
        "pollevery": 10,  # live: seconds between polls / idle checks
        "streamurl": "",  # live: an EventStreams URL of one's own
    }

    def __init__(
        self, *, linter_for: Callable[[Config | None], Linter], base_config: dict[str, Any], **kwargs: Any
    ) -> None:
        self.linter_for = linter_for
        self.base_config = base_config
        engine = linter_for(None)
        super().__init__(linter=engine, **kwargs)
        self.engine_linter = engine
        self.linter = self.lint
        self.settings = BotSettings()
        self.settings_error: str | None = None
        self._settings_text: str | None = None
        self.whitelist = Whitelist()
        self.lists = Worklists()
        self.feed: Any = None
        self.report_mode = self.opt.report
        self.whitelisted = 0
        self.revisions: dict[str, int] = {}  # the articles read for the lists
        self.worklist_state: WorklistState | None = None  # live mode's lists
        self.journal: StateJournal | None = None
        self.changed_rules: set[str] = set()  # live: lists whose pages may need an edit
        self.index_stale = False  # live: the index failed to publish
        self.left_alone: dict[str, str] = {}  # live: pages not the bot's -> the text refused there
        self._whitelist_text: str | None = None

    # -- modes ----------------------------------------------------------------

    @property
    def mode(self) -> str:
        if self.opt.report == "worklist":
            return "worklist-post" if self.opt.post else "worklist-dry-run"
        return super().mode

    def setup(self) -> None:
        self._talk_codes = talk_codes(self.settings)
        super().setup()  # reads the shutoff page, hence the settings and the whitelist
        if self.stop_reason is None:
            self.edits_today = edits_on(self.runlog.path, site=self.site_name, day=self.today)
            self.check_daily_cap()
        if self.stop_reason is None and self.opt.fromscan:
            self.load_scan()
        if self.stop_reason is None and self.opt.live and self.report_mode == "worklist":
            self.start_live_worklists()
        if self.stop_reason is None and self.opt.live:
            self.start_live()

    @property
    def today(self) -> str:
        return datetime.now(UTC).strftime("%Y-%m-%d")

    def stop(self, reason: str, *, fault: bool = False) -> None:
        if self.feed is None:
            super().stop(reason, fault=fault)
            return
        if self.stop_reason is None:  # the live feed ends itself, after the current page
            self.stop_reason = reason
            self.fault_stop = fault
            pywikibot.warning(f"wikilint: stopping: {reason}")
        self.feed.stopper.requested.set()

    def teardown(self) -> None:
        try:
            if self.report_mode == "worklist" and self.stop_reason is None:
                if self.worklist_state is not None:
                    self.publish_changes()
                else:
                    self.publish_worklists()
        finally:
            try:
                if self.journal is not None and self.worklist_state is not None:
                    self.journal.snapshot(self.worklist_state)
            except OSError as error:
                pywikibot.error(f"wikilint: worklist state not saved: {error}")
            super().teardown()

    # -- settings and whitelist ----------------------------------------------------

    def check_shutoff(self) -> None:
        super().check_shutoff()
        if self.stop_reason is None:
            self.reload_settings()
            self.reload_whitelist()

    def reload_settings(self) -> None:
        if not self.opt.settings:
            return
        page = pywikibot.Page(self.site, self.opt.settings)
        try:
            settings = read_settings_page(page, self.base_config)
            linter = self.linter_for(settings)
        except SettingsError as error:
            self.settings_failed(str(error))
            return
        except Exception as error:  # the wiki did not answer: keep what we have
            pywikibot.warning(f"wikilint: settings page {page.title()} cannot be read: {error}")
            if self._settings_text is None:
                self.settings_failed(f"settings page {page.title()} cannot be read: {error}")
            return
        text = settings.model_dump_json()
        if text != self._settings_text or self.settings_error:
            self.engine_linter = linter
            self.settings = settings.bot
            self._talk_codes = talk_codes(settings.bot)
            self._settings_text = text
            if self.settings_error:
                pywikibot.info(f"wikilint: settings page {page.title()} is valid again: posting resumes")
            self.settings_error = None
            self.opt.report = self.report_mode
            self.runlog.event(site=self.site_name, mode=self.mode, settings=page.title(), status="applied")
            if self.worklist_state is not None:
                self.follow_settings_in_rows()

    def settings_failed(self, message: str) -> None:
        """Invalid settings: stop posting, go on in log mode, say which key is bad."""
        if message != self.settings_error:
            pywikibot.error(f"wikilint: {message}; posting stops, the run goes on in log mode")
            self.runlog.event(
                site=self.site_name, mode="log", settings=self.opt.settings, status="invalid", error=message
            )
        self.settings_error = message
        self.opt.report = "log"

    def reload_whitelist(self) -> None:
        if not self.opt.whitelist:
            return
        page = pywikibot.Page(self.site, self.opt.whitelist)
        try:
            text = page.get(force=True)
        except (NoPageError, IsRedirectPageError):
            text = ""
        except Exception as error:  # keep the whitelist read before
            pywikibot.warning(f"wikilint: whitelist {page.title()} cannot be read: {error}")
            return
        self.whitelist = Whitelist.parse(text)
        for problem in self.whitelist.problems:
            pywikibot.warning(f"wikilint: whitelist {page.title()}: {problem}")
        if self.worklist_state is not None and text != self._whitelist_text:
            self.whitelist_rows()
        self._whitelist_text = text

    # -- linting ------------------------------------------------------------------

    def lint(self, text: str, title: str) -> tuple[list[Finding], list[Finding]]:
        """The engine's findings less the whitelisted ones (and, in talk mode, only
        those the settings allow on talk pages)."""
        findings, internal = self.engine_linter(text, title)
        kept = self.whitelist.keep(title, findings)
        self.whitelisted += len(findings) - len(kept)
        if self.opt.report == "talk":
            lowest = max(self.settings.talk_min_severity.rank, Severity.WARNING.rank)
            kept = [f for f in kept if f.code in self._talk_codes and f.severity.rank >= lowest]
        return kept, internal

    def treat_article(self, article: pywikibot.Page) -> None:
        if self.opt.report != "worklist":
            super().treat_article(article)
            return
        findings, internal = self.linter(article.text, article.title())
        if internal:
            pywikibot.warning(f"{article.title()}: " + "; ".join(f.message for f in internal))
        revision = article.latest_revision_id
        if self.worklist_state is not None:
            self.update_rows(article.title(), revision, findings)
        else:
            self.lists.add(article.title(), findings)
            self.revisions[article.title()] = revision
        self.record(
            article,
            "logged",
            reason="for the worklists",
            revision=revision,
            counts=counts_by_rule(findings),
        )

    def skip_page(self, page: pywikibot.Page) -> bool:
        """TalkReportBot's, and in live mode a listed article deleted or made a
        redirect loses its rows."""
        skipped = super().skip_page(page)
        if skipped and self.worklist_state is not None and self.lists.findings_of(page.title()):
            try:
                gone = not page.exists() or page.isRedirectPage()
            except Exception:  # the wiki did not answer: keep the rows
                gone = False
            if gone:
                self.update_rows(page.title(), None, [])
        return skipped

    # -- talk pages -------------------------------------------------------------

    def report_on_talk_page(
        self,
        article: pywikibot.Page,
        talk: pywikibot.Page,
        findings: Sequence[Finding],
        revision: int,
        base: dict[str, Any],
    ) -> bool:
        if not self.opt.createtalk and not talk.exists():
            reason = (
                "no findings"
                if not findings
                else "the talk page does not exist (give -createtalk to create it)"
            )
            self.record(article, "skipped", reason=reason, **base)
            return True
        return super().report_on_talk_page(article, talk, findings, revision, base)

    def save_talk_page(
        self, article: pywikibot.Page, talk: pywikibot.Page, text: str, summary: str, *, existed: bool
    ) -> None:
        self.check_daily_cap()
        if self.stop_reason is not None:
            raise StopRun(self.stop_reason)
        super().save_talk_page(article, talk, text, summary, existed=existed)

    def after_edit(self) -> None:
        self.edits_today += 1
        super().after_edit()
        self.check_daily_cap()

    def check_daily_cap(self) -> None:
        cap = self.settings.edits_per_day
        if cap and self.edits_today >= cap:
            self.stop(f"edits_per_day ({cap}) reached for {self.today}")

    # -- worklists ----------------------------------------------------------------

    @property
    def worklist_prefix(self) -> str:
        return self.opt.worklist or self.settings.worklist_prefix or ""

    def selected_codes(self) -> frozenset[str]:
        """The codes of the rules the configuration (the settings', else the operator's) runs."""
        from wikilint.bot.registry import load_catalogue

        config = self.base_config if self._settings_text is None else json.loads(self._settings_text)
        chosen = load_catalogue().select(config.get("select") or [], config.get("ignore") or [])
        return frozenset(rule.code for rule in chosen)

    def load_scan(self) -> None:
        try:
            codes = self.selected_codes()
            self.lists, warnings = read_scan(Path(self.opt.fromscan), self.whitelist, codes=codes)
        except (WorklistError, OSError) as error:
            self.stop(str(error), fault=True)
            return
        except Exception as error:
            self.stop(f"-fromscan: {type(error).__name__}: {error}", fault=True)
            return
        for warning in warnings:
            pywikibot.warning(f"wikilint: {warning}")
        pywikibot.info(
            f"wikilint: {self.lists.total} findings in {self.lists.articles} "
            f"articles read from {self.opt.fromscan}"
        )

    def guard_worklist_page(self, target: pywikibot.Page) -> None:
        prefix = pywikibot.Page(self.site, self.worklist_prefix)
        namespace = prefix.namespace()
        title = target.title()
        if (
            getattr(namespace, "content", int(namespace) == 0)
            or int(namespace) % 2 == 1
            or not (title == prefix.title() or title.startswith(prefix.title() + "/"))
        ):
            raise WorklistGuardError(
                f"refusing to edit {title!r}: worklists live under {prefix.title()!r}, "
                "outside the content and talk namespaces"
            )

    def previous_pages(self) -> dict[str, int]:
        """The rules the index listed, with their number of pages (from the markers)."""
        index = pywikibot.Page(self.site, self.worklist_prefix)
        if not index.exists():
            return {}
        marker = read_marker(index.text)
        if marker is None or marker.bot != self.marker_bot:
            return {}
        previous = {}
        for code in marker.rules:
            page = pywikibot.Page(self.site, f"{self.worklist_prefix}/{code}")
            found = read_marker(page.text) if page.exists() else None
            previous[code] = found.pages if found and found.bot == self.marker_bot else 1
        return previous

    @property
    def marker_bot(self) -> str:
        marker = read_marker(Marker(self.bot_user, "0", 0).render())
        assert marker is not None  # a rendered marker reads back
        return marker.bot

    def publish_worklists(self) -> None:
        if not self.worklist_prefix:
            pywikibot.error(
                "wikilint: no worklist prefix (-worklist:PREFIX or the settings' "
                "worklist_prefix): nothing published"
            )
            return
        context = self.list_context()
        try:
            previous = self.previous_pages()
            pages = list(render_worklists(self.lists, context, self.messages, previous))
        except Exception as error:
            self.runlog.event(
                site=self.site_name,
                mode=self.mode,
                worklist=self.worklist_prefix,
                error=f"{type(error).__name__}: {error}",
            )
            pywikibot.error(f"wikilint: worklists not published: {error}")
            return
        published: dict[str, str] = {}
        for page in pages:
            if self.stop_reason is not None:
                break
            try:
                if self.publish(page):
                    published[page.title] = page.marker.digest
            except StopRun:
                break
            except Exception as error:
                self.fault(pywikibot.Page(self.site, page.title), error)
        if self.opt.post and published:
            self.save_published_lists(published)

    def save_published_lists(self, published: dict[str, str]) -> None:
        """The state of the lists just published, for a later ``-live`` run to go on from."""
        state = WorklistState(
            self.site_name, self.worklist_prefix, self.lists, dict(self.revisions), published
        )
        try:
            StateJournal(state_path(self.runlog.path, self.site_name, self.worklist_prefix)).snapshot(state)
        except OSError as error:
            pywikibot.error(f"wikilint: worklist state not saved: {error}")

    def list_context(self) -> ListContext:
        return ListContext(
            prefix=self.worklist_prefix,
            size=self.opt.worklistsize or self.settings.worklist_size or DEFAULT_WORKLIST_SIZE,
            bot_user=self.bot_user,
            docpage=self.opt.docpage,
            whitelist=self.opt.whitelist or None,
            date=self.today,
            live_settle=self.opt.settle if self.worklist_state is not None else None,
        )

    def publish(self, page: WorklistPage) -> bool:
        """Bring one page up to date; whether it now holds ``page`` (or would, in a dry run)."""
        target = pywikibot.Page(self.site, page.title)
        self.guard_worklist_page(target)
        existed = target.exists()
        fields: dict[str, Any] = {"digest": page.marker.digest}
        if existed:
            marker = read_marker(target.text)
            if marker is None or marker.bot != self.marker_bot:
                self.record(
                    target,
                    "skipped",
                    reason="the page exists and was not written by the bot (no worklist marker): left alone",
                    **fields,
                )
                return False
            if marker.digest == page.marker.digest:
                self.record(target, "unchanged", **fields)
                return True
        action: Action = "updated" if existed else "posted"
        if not self.opt.post:
            pywikibot.stdout(f"--- {page.title} ---\n{page.text}\n")
            self.record(target, "dry-run", reason=f"would be {action}", report=page.text, **fields)
            return True
        self.check_daily_cap()
        if self.stop_reason is not None:
            raise StopRun(self.stop_reason)
        count = page.text.count("\n|-")
        target.text = page.text
        target.save(
            summary=self.messages.plain("worklist-summary", count=count, docpage=self.opt.docpage),
            minor=False,
            bot=True,
            quiet=True,
            nocreate=existed,
            createonly=not existed,
        )
        self.record(target, action, edit_revision=target.latest_revision_id, **fields)
        self.after_edit()
        return True

    # -- live mode ----------------------------------------------------------------

    def start_live(self) -> None:
        from wikilint.bot.wiki.live import Edit, LiveFeed, done_revisions, last_checkpoint, parse_time

        source = self.opt.live
        if source in ("auto", "stream") and not self.opt.streamurl:
            try:
                self.site.eventstreams_host()
            except (NotImplementedError, AttributeError, KeyError):
                if source == "stream":
                    self.stop(
                        "-live:stream: this wiki has no EventStreams (give -streamurl:URL or use -live:poll)",
                        fault=True,
                    )
                    return
                source = "poll"
        if source == "auto":
            source = "stream"
        # The mode the run is for, even while invalid settings hold it in log mode.
        self.live_mode = (
            "log"
            if self.report_mode == "log"
            else f"{self.report_mode}-{'post' if self.opt.post else 'dry-run'}"
        )
        if self.worklist_state is not None:  # the lists hold what their state holds
            done = dict(self.worklist_state.revisions)
        else:
            done = done_revisions(self.runlog.path, site=self.site_name, mode=self.live_mode)
        checkpoint = last_checkpoint(self.runlog.path, site=self.site_name, mode=self.live_mode)
        since = datetime.now(UTC)
        waiting: dict[str, Edit] = {}
        if checkpoint:
            since = min(since, parse_time(checkpoint["since"]))
            for item in checkpoint.get("waiting", []):
                if item["revision"] > done.get(item["title"], 0):
                    waiting[item["title"]] = Edit(item["title"], item["revision"], parse_time(item["time"]))
        self.feed = LiveFeed(
            self.site,
            settle=timedelta(minutes=self.opt.settle),
            poll_seconds=self.opt.pollevery,
            source=source,
            stream_url=self.opt.streamurl or None,
            done=done,
            since=since,
            waiting=waiting,
            on_idle=self.idle,
            checkpoint=self.save_checkpoint,
        )
        self.generator = iter(self.feed)

    def report_context(self, article: pywikibot.Page, revision: int) -> ReportContext:
        return replace(super().report_context(article, revision), whitelist=self.opt.whitelist or None)

    def idle(self) -> None:
        """Between pages in live mode: the shutoff page, the settings, the whitelist;
        then the worklists' changed pages."""
        self.check_shutoff()
        if self.worklist_state is not None:
            self.publish_changes()

    def save_checkpoint(self, state: dict[str, Any]) -> None:
        self.runlog.event(site=self.site_name, mode=self.live_mode, live=state)

    # -- live worklists -------------------------------------------------------------

    def start_live_worklists(self) -> None:
        """The lists as last published (:mod:`.worklist_state`), checked against the index."""
        prefix = self.worklist_prefix
        if not prefix:
            self.stop(
                "-live -report:worklist needs -worklist:PREFIX (or the settings' worklist_prefix)", fault=True
            )
            return
        self.opt.worklist = prefix  # kept for the run, whatever the settings say later
        journal = StateJournal(state_path(self.runlog.path, self.site_name, prefix))
        try:
            state = journal.load(self.site_name, prefix)
            index = self.own_marker(prefix)
        except StateError as error:
            self.stop(str(error), fault=True)
            return
        except Exception as error:  # the wiki did not answer
            self.stop(f"worklist index {prefix} cannot be read: {error}", fault=True)
            return
        if index is not None and (state is None or not state.knows_index(index.digest)):
            self.stop(
                f"the worklists under {prefix} were published by a run whose state this bot does not "
                f"have ({journal.path}): going on would drop their rows. Rebuild them once without -live "
                "(-report:worklist -post with a page selection or -fromscan, and the same -jsonlog), "
                "then start -live again",
                fault=True,
            )
            return
        self.worklist_state = state or WorklistState(self.site_name, prefix)
        self.lists = self.worklist_state.lists
        if self.opt.post:  # a dry run publishes nothing, so it keeps no state
            self.journal = journal
            journal.snapshot(self.worklist_state)
        self.follow_settings_in_rows()
        self.whitelist_rows()
        pywikibot.info(
            f"wikilint: worklists under {prefix}: {self.lists.total} findings in "
            f"{self.lists.articles} articles, kept up to date as articles settle"
        )

    def own_marker(self, title: str) -> Marker | None:
        """The marker of a page the bot wrote, or None."""
        page = pywikibot.Page(self.site, title)
        if not page.exists():
            return None
        marker = read_marker(page.text)
        return marker if marker is not None and marker.bot == self.marker_bot else None

    def update_rows(self, title: str, revision: int | None, findings: Sequence[Finding]) -> None:
        """Live mode: an article's rows replaced, and the change journaled."""
        assert self.worklist_state is not None
        self.changed_rules |= self.worklist_state.update_article(title, revision, findings)
        if self.journal is not None:
            self.journal.article(self.worklist_state, title)

    def whitelist_rows(self) -> None:
        """Live mode: listed findings whitelisted since they were listed leave the lists."""
        if not self.whitelist.entries:
            return
        for title in sorted(self.lists.titles_of(list(self.lists.by_rule))):
            findings = self.lists.findings_of(title)
            kept = self.whitelist.keep(title, findings)
            if len(kept) != len(findings):
                self.update_rows(title, None, kept)

    def follow_settings_in_rows(self) -> None:
        """Live mode, new settings: the rules no longer run leave the lists, and every
        list is rendered again (its size may have changed)."""
        assert self.worklist_state is not None
        try:
            codes = self.selected_codes()
        except Exception as error:  # settings that passed validation select; keep the rows
            pywikibot.warning(f"wikilint: worklists: rule selection unreadable: {error}")
            codes = frozenset(self.lists.by_rule)
        for title in sorted(self.lists.titles_of([c for c in self.lists.by_rule if c not in codes])):
            self.update_rows(title, None, [f for f in self.lists.findings_of(title) if f.code in codes])
        self.changed_rules |= set(self.lists.by_rule) | self.worklist_state.published_rules()
        self.index_stale = True

    def publish_changes(self) -> None:
        """Live mode, after a batch of settled articles: publish the pages whose text
        changed since the bot last published them; nothing else is read or edited."""
        state = self.worklist_state
        if state is None or not (self.changed_rules or self.index_stale):
            return
        if self.stop_reason is not None or self.opt.report != "worklist":  # stopped, or invalid settings
            return
        rules = {c for c in self.changed_rules if c in self.lists.by_rule or c in state.published_rules()}
        previous = {code: state.pages_of(code) for code in rules}
        pages = render_worklists(self.lists, self.list_context(), self.messages, previous, only=rules)
        failed: set[str] = set()
        for page in pages:
            if page.marker.digest in (state.published.get(page.title), self.left_alone.get(page.title)):
                continue
            if self.stop_reason is not None or not self.publish_live_page(page):
                failed.add(page.title)
        self.changed_rules = {self.rule_of(title) for title in failed} - {""}
        self.index_stale = state.prefix in failed
        if self.journal is not None and self.journal.wants_snapshot:
            self.journal.snapshot(state)

    def rule_of(self, title: str) -> str:
        """The rule code of a list page's title (empty for the index)."""
        return title[len(self.worklist_prefix) + 1 :].split("/")[0]

    def publish_live_page(self, page: WorklistPage) -> bool:
        """Publish one page, journaled before and after; False when it is to be tried
        again (the wiki failed, or the run stops). A page the bot did not write is
        left alone until the text for it changes."""
        assert self.worklist_state is not None
        digest = page.marker.digest
        if self.journal is not None and self.opt.post:
            self.journal.publishing(page.title, digest)
        try:
            done = self.publish(page)
        except StopRun:
            return False
        except Exception as error:
            self.fault(pywikibot.Page(self.site, page.title), error)
            return False
        if not done:
            self.left_alone[page.title] = digest
            return True
        self.worklist_state.published[page.title] = digest
        self.worklist_state.publishing.pop(page.title, None)
        if self.journal is not None and self.opt.post:
            self.journal.published(page.title, digest)
        return True
