"""Live mode: follow the wiki's recent changes, lint each article once it has settled.

``-live`` follows edits in the content namespaces through pywikibot's
EventStreams (the wiki's server-sent events; ``-streamurl:URL`` names another
stream) where the wiki has them, else by polling the recent-changes API
(``-live:poll``, every ``-pollevery`` seconds). An article is linted once it
has been left unedited for ``-settle:MINUTES`` (default 30): each new edit
restarts its clock. :class:`LiveFeed` is the bot's page generator: it yields
an article when it is due, and between events it lets the bot read its
shutoff page and settings (``on_idle``).

Nothing is linted twice: the feed skips a revision the run log already shows
as done in the same mode, and it writes a checkpoint line to the log (the
edits still waiting to settle) so that a restarted bot picks them up again
from the recent changes. SIGTERM (and SIGINT) end the feed after the current
page; the run then writes its summary and exits 0.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pywikibot

from wikilint.bot.wiki.runlog import log_records

DEFAULT_SETTLE_MINUTES = 30.0
DEFAULT_POLL_SECONDS = 10


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Edit:
    """The last edit seen of one article."""

    title: str
    revision: int
    time: datetime


def done_revisions(path: Path, *, site: str, mode: str) -> dict[str, int]:
    """The newest revision of each article the log shows as handled (not ``error``)."""
    done: dict[str, int] = {}
    for data in log_records(path):
        if (
            data.get("site") == site
            and data.get("mode") == mode
            and "title" in data
            and data.get("action") != "error"
            and isinstance(data.get("revision"), int)
        ):
            done[data["title"]] = max(done.get(data["title"], 0), data["revision"])
    return done


def last_checkpoint(path: Path, *, site: str, mode: str) -> dict[str, Any] | None:
    """The last live checkpoint of ``site`` and ``mode`` in the log."""
    found = None
    for data in log_records(path):
        if "live" in data and data.get("site") == site and data.get("mode") == mode:
            found = data["live"]
    return found


class Stopper:
    """SIGTERM and SIGINT ask the feed to stop; the run then ends cleanly."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.signal: str | None = None

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, number: int, frame: Any) -> None:
        self.signal = signal.Signals(number).name
        self.requested.set()


class LiveFeed:
    """The articles to lint, as they settle."""

    def __init__(
        self,
        site: Any,
        *,
        settle: timedelta,
        poll_seconds: float,
        source: str,
        stream_url: str | None,
        done: dict[str, int],
        since: datetime,
        waiting: dict[str, Edit] | None = None,
        on_idle: Callable[[], None] = lambda: None,
        checkpoint: Callable[[dict[str, Any]], None] = lambda data: None,
        stopper: Stopper | None = None,
    ) -> None:
        self.site = site
        self.settle = settle
        self.poll_seconds = poll_seconds
        self.source = source
        self.stream_url = stream_url
        self.done = done
        self.since = since
        self.pending: dict[str, Edit] = dict(waiting or {})
        self.on_idle = on_idle
        self.checkpoint = checkpoint
        self.stopper = stopper or Stopper()
        self.namespaces = [
            int(ns) for ns in site.namespaces.values() if getattr(ns, "content", int(ns) == 0)
        ] or [0]
        self._seen_rc: set[int] = set()
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._last_checkpoint: Any = None

    # -- sources -------------------------------------------------------------

    def note(self, title: str, revision: int, when: datetime) -> None:
        """An edit of an article: (re)start its clock."""
        if revision <= self.done.get(title, 0):
            return
        current = self.pending.get(title)
        if current is None or revision >= current.revision:
            self.pending[title] = Edit(title, revision, max(when, current.time) if current else when)

    def poll(self) -> None:
        """Read the recent changes since the last poll."""
        changes = self.site.recentchanges(
            start=pywikibot.Timestamp.fromISOformat(format_time(self.since)),
            reverse=True,
            namespaces=self.namespaces,
            changetype="edit|new",
            total=5000,
        )
        for change in changes:
            rcid = change.get("rcid")
            if rcid in self._seen_rc:
                continue
            self._seen_rc.add(rcid)
            when = parse_time(change["timestamp"])
            self.since = max(self.since, when)
            self.note(change["title"], int(change.get("revid") or 0), when)

    def start_stream(self) -> None:
        """Read the EventStreams stream in a thread of its own."""
        from pywikibot.comms.eventstreams import EventStreams

        kwargs: dict[str, Any] = {"site": self.site}
        if self.stream_url:
            kwargs["url"] = self.stream_url
        else:
            kwargs["streams"] = "recentchange"
            kwargs["since"] = format_time(self.since)
        stream = EventStreams(**kwargs)
        stream.register_filter(type=("edit", "new"), namespace=self.namespaces)
        wiki = self.site.dbName()
        stream.register_filter(lambda data: data.get("wiki") in (None, wiki))

        def read() -> None:
            try:
                for event in stream:
                    self._events.put(event)
            except Exception as error:  # the stream broke: say so, the feed goes on polling
                self._events.put({"_error": f"{type(error).__name__}: {error}"})

        threading.Thread(target=read, name="wikilint-eventstreams", daemon=True).start()

    def drain_events(self, timeout: float) -> None:
        try:
            event = self._events.get(timeout=timeout)
        except queue.Empty:
            return
        while True:
            if "_error" in event:
                pywikibot.warning(f"wikilint: EventStreams: {event['_error']}; polling instead")
                self.source = "poll"
            else:
                revision = (event.get("revision") or {}).get("new") or 0
                when = datetime.fromtimestamp(int(event.get("timestamp") or time.time()), UTC)
                self.since = max(self.since, when)
                self.note(event["title"], int(revision), when)
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return

    # -- the generator --------------------------------------------------------

    def due(self, now: datetime) -> list[Edit]:
        ready = [e for e in self.pending.values() if now - e.time >= self.settle]
        return sorted(ready, key=lambda e: e.time)

    def save_checkpoint(self) -> None:
        state = {
            "since": format_time(self.since),
            "waiting": [
                {"title": e.title, "revision": e.revision, "time": format_time(e.time)}
                for e in sorted(self.pending.values(), key=lambda e: e.title)
            ],
        }
        if state != self._last_checkpoint:
            self._last_checkpoint = state
            self.checkpoint(state)

    def __iter__(self) -> Iterator[Any]:
        self.stopper.install()
        if self.source == "stream":
            self.start_stream()
        pywikibot.info(
            f"wikilint: live mode ({self.source}); articles are linted after "
            f"{self.settle.total_seconds() / 60:g} minutes without an edit"
        )
        while not self.stopper.requested.is_set():
            if self.source == "poll":
                try:
                    self.poll()
                except Exception as error:  # the wiki did not answer: try again later
                    pywikibot.warning(f"wikilint: recent changes: {type(error).__name__}: {error}")
            for edit in self.due(datetime.now(UTC)):
                if self.stopper.requested.is_set():
                    break
                del self.pending[edit.title]
                self.done[edit.title] = edit.revision
                yield pywikibot.Page(self.site, edit.title)
            self.save_checkpoint()
            self.on_idle()
            if self.stopper.requested.is_set():
                break
            wait = self.poll_seconds
            if self.pending:
                soonest = min(e.time for e in self.pending.values()) + self.settle
                wait = max(0.2, min(wait, (soonest - datetime.now(UTC)).total_seconds() + 0.1))
            if self.source == "stream":
                self.drain_events(wait)
            else:
                self.stopper.requested.wait(wait)
        self.save_checkpoint()
        if self.stopper.signal:
            pywikibot.info(f"wikilint: {self.stopper.signal} received: live mode stops")
