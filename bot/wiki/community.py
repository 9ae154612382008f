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
* ``-live`` takes its pages from :class:`~.live.LiveFeed`.
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
                self.publish_worklists()
        finally:
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
        self.lists.add(article.title(), findings)
        self.record(
            article,
            "logged",
            reason="for the worklists",
            revision=article.latest_revision_id,
            counts=counts_by_rule(findings),
        )

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

    def load_scan(self) -> None:
        codes = None
        config = self.base_config if self._settings_text is None else json.loads(self._settings_text)
        try:
            from wikilint.bot.registry import load_catalogue

            chosen = load_catalogue().select(config.get("select") or [], config.get("ignore") or [])
            codes = frozenset(rule.code for rule in chosen)
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
        size = self.opt.worklistsize or self.settings.worklist_size or DEFAULT_WORKLIST_SIZE
        context = ListContext(
            prefix=self.worklist_prefix,
            size=size,
            bot_user=self.bot_user,
            docpage=self.opt.docpage,
            whitelist=self.opt.whitelist or None,
            date=self.today,
        )
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
        for page in pages:
            if self.stop_reason is not None:
                break
            try:
                self.publish(page)
            except StopRun:
                break
            except Exception as error:
                self.fault(pywikibot.Page(self.site, page.title), error)

    def publish(self, page: WorklistPage) -> None:
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
                return
            if marker.digest == page.marker.digest:
                self.record(target, "unchanged", **fields)
                return
        action: Action = "updated" if existed else "posted"
        if not self.opt.post:
            pywikibot.stdout(f"--- {page.title} ---\n{page.text}\n")
            self.record(target, "dry-run", reason=f"would be {action}", report=page.text, **fields)
            return
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
            "log" if self.report_mode == "log" else ("talk-post" if self.opt.post else "talk-dry-run")
        )
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
        """Between pages in live mode: the shutoff page, the settings, the whitelist."""
        self.check_shutoff()

    def save_checkpoint(self, state: dict[str, Any]) -> None:
        self.runlog.event(site=self.site_name, mode=self.live_mode, live=state)
