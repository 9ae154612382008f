"""What the published worklists hold, kept beside the run log so that live mode
can replace one article's rows without losing the others.

``-live -report:worklist`` changes the lists one article at a time, so it must
know every row already published. It keeps them in a *state file* beside the
run log (``wikilint-bot.worklists-<key>.jsonl``, one per wiki and prefix)
rather than reading them back from the pages, because the pages are a lossy
rendering: ten findings per row, evidence quoted and cut, both scripts at
once on a Chinese wiki. Rows read back could not be rebuilt into findings, so
a newly whitelisted finding or a re-sort could not be applied to them, and a
hand edit inside a page would be taken for data. The state file holds the
findings themselves (less their fixes and messages, which the lists do not
show) and the digest of every page the bot published.

It is a journal, safe against a crash at any moment: a snapshot (a header
line, then one line per listed article), then one line appended and synced
per change (an article's new findings and revision, a page about to be
published, a page published). Reading it replays the lines; a line cut short
by a crash is ignored. It is rewritten as a snapshot (written aside, then
renamed over the old one) at the start and the end of a run and whenever the
appended lines outgrow the snapshot.

A non-live worklist run that posts writes the snapshot of what it published,
so ``-live`` can go on from a full run or a ``-fromscan``. At the start, live
mode compares the index page's marker with the digests the state knows: a
bot-written index the state does not know (state file lost, or lists
published with another ``-jsonlog``) stops the run rather than overwrite the
rows it cannot see.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from wikilint.bot.wiki.worklist import Worklists
from wikilint.rules.finding import Finding

STATE_FORMAT = 1
#: Finding fields the lists never show, left out of the state.
UNSHOWN_FIELDS = frozenset(
    {"message", "message_key", "params", "suggestion", "suggestion_key", "fix", "offset", "end_offset"}
)
#: Appended bytes past which the journal is rewritten as a snapshot (at least).
MIN_COMPACT_BYTES = 1 << 20


class StateError(Exception):
    """A state file that cannot be used."""


def state_path(log_path: Path, site: str, prefix: str) -> Path:
    """The state file of the worklists under ``prefix`` on ``site``, beside the run log."""
    key = hashlib.sha256(f"{site}\x1f{prefix}".encode()).hexdigest()[:12]
    return log_path.with_name(f"{log_path.stem}.worklists-{key}.jsonl")


def finding_data(finding: Finding) -> dict[str, Any]:
    return finding.model_dump(mode="json", exclude=set(UNSHOWN_FIELDS), exclude_defaults=True)


def finding_from(data: dict[str, Any]) -> Finding:
    return Finding.model_validate({"message": "", **data})


@dataclass
class WorklistState:
    """The lists as published, with the revision each article's rows come from."""

    site: str
    prefix: str
    lists: Worklists = field(default_factory=Worklists)
    revisions: dict[str, int] = field(default_factory=dict)
    """article -> the revision its rows were read from"""
    published: dict[str, str] = field(default_factory=dict)
    """page title -> digest of the text the bot published there"""
    publishing: dict[str, str] = field(default_factory=dict)
    """page title -> digest of the text being published (a crash may leave either)"""

    def knows_index(self, digest: str) -> bool:
        """Whether the index's marker ``digest`` is one this state published or was publishing."""
        return digest in (self.published.get(self.prefix), self.publishing.get(self.prefix))

    def update_article(self, title: str, revision: int | None, findings: Sequence[Finding]) -> set[str]:
        """An article checked: its rows replaced, the pages count kept. The rules changed."""
        if revision is not None and title not in self.revisions:
            self.lists.pages_checked += 1
        if revision is not None:
            self.revisions[title] = revision
        return self.lists.replace(title, findings)

    def published_rules(self) -> set[str]:
        """The rules the bot published a list page of."""
        start = self.prefix + "/"
        return {t[len(start) :].split("/")[0] for t in self.published if t.startswith(start)}

    def pages_of(self, code: str) -> int:
        """How many pages the bot published for the list of ``code``."""
        base = f"{self.prefix}/{code}"
        numbers = [1 if title == base else _page_number(title, base) for title in self.published]
        return max([n for n in numbers if n], default=1)


def _page_number(title: str, base: str) -> int:
    rest = title[len(base) + 1 :] if title.startswith(base + "/") else ""
    return int(rest) if rest.isdigit() else 0


def _header(state: WorklistState) -> dict[str, Any]:
    lists = state.lists
    return {
        "format": STATE_FORMAT,
        "site": state.site,
        "prefix": state.prefix,
        "pages_checked": lists.pages_checked,
        "source": lists.source,
        "rule_names": lists.rule_names,
        "published": state.published,
        "publishing": state.publishing,
    }


def _article_line(title: str, revision: int | None, findings: Sequence[Finding]) -> dict[str, Any]:
    return {"article": title, "revision": revision, "findings": [finding_data(f) for f in findings]}


def _snapshot_lines(state: WorklistState) -> Iterator[dict[str, Any]]:
    yield _header(state)
    titles = {title for rows in state.lists.by_rule.values() for title in rows}
    for title in sorted(titles | set(state.revisions)):
        yield _article_line(title, state.revisions.get(title), state.lists.findings_of(title))


class StateJournal:
    """The state file of one wiki's worklists under one prefix."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = None
        self._snapshot_bytes = 0
        self._appended_bytes = 0

    # -- reading -----------------------------------------------------------------

    def load(self, site: str, prefix: str) -> WorklistState | None:
        """The state in the file, or None when there is none. Raises :class:`StateError`."""
        try:
            handle = self.path.open(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StateError(f"worklist state {self.path} cannot be read: {error}") from None
        with handle:
            lines = iter(handle)
            state = self._read_header(next(lines, ""), site, prefix)
            for number, line in enumerate(lines, 2):
                try:
                    self._replay(state, json.loads(line))
                except (ValueError, KeyError, TypeError) as error:
                    if line.endswith("\n"):  # not the last line, cut short by a crash
                        raise StateError(f"worklist state {self.path}:{number}: {error}") from None
        self._snapshot_bytes = self.path.stat().st_size
        return state

    def _read_header(self, line: str, site: str, prefix: str) -> WorklistState:
        try:
            header = json.loads(line)
            if header.get("format") != STATE_FORMAT:
                raise ValueError(f"format {header.get('format')!r}, not {STATE_FORMAT}")
            state = WorklistState(site=header["site"], prefix=header["prefix"])
            state.lists.pages_checked = int(header["pages_checked"])
            state.lists.source = str(header.get("source") or "")
            state.lists.rule_names = dict(header["rule_names"])
            state.published = dict(header["published"])
            state.publishing = dict(header.get("publishing") or {})
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise StateError(f"worklist state {self.path}: not a state file ({error})") from None
        if (state.site, state.prefix) != (site, prefix):
            raise StateError(
                f"worklist state {self.path} is for {state.prefix} on {state.site}, not {prefix} on {site}"
            )
        return state

    @staticmethod
    def _replay(state: WorklistState, data: dict[str, Any]) -> None:
        if "article" in data:
            findings = [finding_from(f) for f in data["findings"]]
            state.lists.replace(data["article"], findings)
            if data.get("revision") is not None:
                state.revisions[data["article"]] = int(data["revision"])
            if "pages_checked" in data:
                state.lists.pages_checked = int(data["pages_checked"])
        elif "published" in data:
            state.published[data["published"]] = data["digest"]
            state.publishing.pop(data["published"], None)
        elif "publishing" in data:
            state.publishing[data["publishing"]] = data["digest"]
        else:
            raise ValueError("not a state line")

    # -- writing -----------------------------------------------------------------

    def snapshot(self, state: WorklistState) -> None:
        """Rewrite the file as one snapshot of ``state`` (aside, then renamed over it)."""
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        aside = self.path.with_name(self.path.name + ".new")
        with aside.open("w", encoding="utf-8") as handle:
            for data in _snapshot_lines(state):
                handle.write(_line(data))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(aside, self.path)
        self._snapshot_bytes = self.path.stat().st_size
        self._appended_bytes = 0

    def article(self, state: WorklistState, title: str) -> None:
        """Journal the rows of ``title`` as ``state`` now holds them."""
        line = _article_line(title, state.revisions.get(title), state.lists.findings_of(title))
        self._append({**line, "pages_checked": state.lists.pages_checked})

    def publishing(self, title: str, digest: str) -> None:
        self._append({"publishing": title, "digest": digest})

    def published(self, title: str, digest: str) -> None:
        self._append({"published": title, "digest": digest})

    @property
    def wants_snapshot(self) -> bool:
        return self._appended_bytes > max(self._snapshot_bytes, MIN_COMPACT_BYTES)

    def _append(self, data: dict[str, Any]) -> None:
        if self._file is None:
            self._file = self.path.open("a", encoding="utf-8")
        text = _line(data)
        self._file.write(text)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._appended_bytes += len(text.encode("utf-8"))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
