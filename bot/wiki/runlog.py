"""The bot's JSON-lines log: one line per page, a summary line per run.

Each page line says what the bot did with the page (``action``) and why::

    {"time": "2025-01-02T03:04:05Z", "site": "wikipedia:zh", "mode": "talk",
     "title": "安巴爾衝突", "talk": "Talk:安巴爾衝突", "revision": 123,
     "counts": {"CIT001": 2}, "action": "posted", "edit_revision": 456}

Actions: ``posted``, ``updated``, ``unchanged``, ``skipped`` (with a
``reason``), ``dry-run`` (with the ``report`` that would be posted),
``logged`` (``-report:log``: with all ``findings``) and ``error`` (with the
``error``). The log is appended to and flushed line by line, so a run that
dies keeps every line written before; ``-resume`` reads it back and skips the
pages already done in the same mode (pages that ended in ``error`` are tried
again). Credentials never reach it: nothing of pywikibot's configuration is
logged.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field

Action = Literal["posted", "updated", "fixed", "unchanged", "skipped", "dry-run", "logged", "error"]
#: Actions after which ``-resume`` does not process the page again.
FINAL_ACTIONS = frozenset({"posted", "updated", "fixed", "unchanged", "skipped", "dry-run", "logged"})
SUMMARY_KEYS = ("read", "posted", "updated", "fixed", "unchanged", "skipped", "dry-run", "logged", "error")


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PageRecord(BaseModel):
    """What happened to one page."""

    model_config = ConfigDict(extra="forbid")

    time: str = Field(default_factory=utc_now)
    site: str
    mode: str
    title: str
    action: Action
    talk: str | None = None
    revision: int | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    digest: str | None = None
    reason: str | None = None
    error: str | None = None
    edit_revision: int | None = None
    retries: int | None = None
    report: str | None = None
    findings: list[dict[str, Any]] | None = None


class RunLog:
    """Appends page records and a run summary to a JSON-lines file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.totals: Counter[str] = Counter()
        self._file: TextIO | None = None

    def _write(self, data: dict[str, Any]) -> None:
        if self._file is None:
            if self.path.parent != Path(""):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def page(self, record: PageRecord) -> None:
        """Log one page and count its action."""
        self.totals["read"] += 1
        self.totals[record.action] += 1
        self._write(record.model_dump(exclude_none=True))

    def event(self, **data: Any) -> None:
        """Log a line about the run rather than a page (settings read, live checkpoint...)."""
        self._write({"time": utc_now(), **data})

    def summary(self, *, site: str, mode: str, stopped: str | None, resumed: int) -> dict[str, Any]:
        """Log and return the run's summary."""
        counts = {key: self.totals.get(key, 0) for key in SUMMARY_KEYS}
        data: dict[str, Any] = {
            "time": utc_now(),
            "site": site,
            "mode": mode,
            "summary": counts,
            "resumed": resumed,
        }
        if stopped:
            data["stopped"] = stopped
        self._write(data)
        return data

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def completed_titles(path: Path, *, site: str, mode: str) -> set[str]:
    """Titles the log shows as done on ``site`` in ``mode`` (for ``-resume``).

    A page counts as done when its last line has a final action; a page whose
    last line is an ``error`` is not. Lines cut short by a crash are ignored.
    """
    last: dict[str, str] = {}
    for data in log_records(path):
        if "title" in data and data.get("site") == site and data.get("mode") == mode:
            last[data["title"]] = data.get("action", "")
    return {title for title, action in last.items() if action in FINAL_ACTIONS}


def log_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON-lines log, in order: lines cut short by a crash and
    lines that are not objects are skipped; a missing log has none."""
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        return
    with handle:
        for line in handle:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                yield data
