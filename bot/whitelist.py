"""False positives marked once: the whitelist.

A whitelist is a wiki page (``-whitelist:PAGE``) or a local file
(``wikilint check --whitelist FILE``) with one entry per line::

    * [[安巴爾衝突]] REF002 1f3a9c0e77b2 the two references cite different pages
    * [[Some article]] CIT001

An entry names an article, a rule code and, optionally, a finding's
fingerprint (:func:`wikilint.rules.finding.fingerprint_of`) followed by a
free reason. With a fingerprint it hides that finding of that article; without
one, every finding of the rule on the article. The leading ``*`` is optional;
lines that are not entries (headings, prose, comments) are ignored, and lines
that begin like an entry but cannot be read are reported, never guessed at.
Titles compare as MediaWiki compares them (``_`` or space, first letter case)
and across Traditional and Simplified script.

A whitelisted finding is never posted, listed or counted: callers filter
findings through :meth:`Whitelist.keep` before anything else sees them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wikilint.rules.document.names import normalize_title
from wikilint.rules.finding import Finding

_ENTRY = re.compile(
    r"^\*?[ \t]*\[\[:?(?P<title>[^\[\]|{}<>\n]+?)(?:\|[^\[\]\n]*)?\]\]"
    r"[ \t]+(?P<code>[A-Za-z]{2,4}\d{3})"
    r"(?:[ \t]+(?P<fingerprint>[0-9a-f]{12})\b)?"
    r"(?P<reason>[^\n]*)$"
)
_LOOKS_LIKE_ENTRY = re.compile(r"^\*?[ \t]*\[\[")


def title_key(title: str) -> str:
    """The key under which two spellings of one title compare equal."""
    return normalize_title(title.strip().lstrip(":"))


@dataclass(frozen=True)
class Entry:
    """One line of a whitelist."""

    title: str
    code: str
    fingerprint: str | None = None
    reason: str = ""


@dataclass
class Whitelist:
    """The entries of one whitelist, indexed by title."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """lines that look like entries but cannot be read (``line N: ...``)"""

    def __post_init__(self) -> None:
        self._rules: set[tuple[str, str]] = set()
        self._findings: set[tuple[str, str, str]] = set()
        for entry in self.entries:
            key = title_key(entry.title)
            if entry.fingerprint is None:
                self._rules.add((key, entry.code))
            else:
                self._findings.add((key, entry.code, entry.fingerprint))

    @classmethod
    def parse(cls, text: str) -> Whitelist:
        entries: list[Entry] = []
        problems: list[str] = []
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            match = _ENTRY.match(line)
            if match:
                entries.append(
                    Entry(
                        match["title"].strip(),
                        match["code"].upper(),
                        match["fingerprint"],
                        match["reason"].strip(),
                    )
                )
            elif _LOOKS_LIKE_ENTRY.match(line):
                problems.append(
                    f"line {number}: not a whitelist entry "
                    f"('* [[Article]] CODE fingerprint reason'): {line[:80]!r}"
                )
        return cls(entries, problems)

    def __len__(self) -> int:
        return len(self.entries)

    def hides(self, titles: str | Iterable[str], finding: Finding) -> bool:
        """Whether an entry covers ``finding`` of the article (any of ``titles``)."""
        keys = {title_key(titles)} if isinstance(titles, str) else {title_key(t) for t in titles}
        for key in keys:
            if (key, finding.code) in self._rules:
                return True
            if finding.fingerprint and (key, finding.code, finding.fingerprint) in self._findings:
                return True
        return False

    def keep(self, titles: str | Iterable[str], findings: Sequence[Finding]) -> list[Finding]:
        """``findings`` of the article without the whitelisted ones."""
        if not self.entries:
            return list(findings)
        titles = [titles] if isinstance(titles, str) else list(titles)
        return [f for f in findings if not self.hides(titles, f)]


def entry_line(title: str, finding: Finding) -> str:
    """The line to add to a whitelist to hide ``finding`` of ``title``."""
    fingerprint = f" {finding.fingerprint}" if finding.fingerprint else ""
    return f"* [[{title}]] {finding.code}{fingerprint}"
