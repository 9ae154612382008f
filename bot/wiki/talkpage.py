"""The bot's own section on a talk page: find it, replace it, or add it.

A report is one block of wikitext::

    == wikilint report ==
    <!-- wikilint-report bot=LintBot rev=123 digest=0123456789abcdef -->
    ...
    <!-- /wikilint-report -->

The begin marker says which bot wrote it, which article revision it
describes and the digest of its findings; the end marker closes it, so that
replies written below the report (in the same section) are kept when the
report is rewritten. Only the block is ever replaced; every other byte of
the page stays as it was. A begin marker without its end marker means that
someone edited the report by hand: the bot then leaves the page alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

END_MARKER = "<!-- /wikilint-report -->"
_BEGIN = re.compile(
    r"<!-- wikilint-report bot=(?P<bot>\S*) rev=(?P<revision>\d+) "
    r"digest=(?P<digest>[0-9a-f]+) -->"
)
_HEADING_LINE = re.compile(r"^(=+)[^\n]*\1[ \t]*$")


class DamagedReportError(Exception):
    """The bot's section lost its end marker; the bot will not touch it."""


def begin_marker(bot_user: str, revision: int, digest: str) -> str:
    """The hidden comment that opens a report."""
    bot = re.sub(r"[^\w.@-]", "_", bot_user.replace(" ", "_")).replace("--", "__")
    return f"<!-- wikilint-report bot={bot} rev={revision} digest={digest} -->"


@dataclass(frozen=True)
class PostedReport:
    """A report found on a talk page: where it is and what its marker says."""

    start: int
    end: int
    bot: str
    revision: int
    digest: str


def find_report(text: str) -> PostedReport | None:
    """The (first) report in ``text``, or None.

    Raises :class:`DamagedReportError` when its end marker is missing.
    """
    match = _BEGIN.search(text)
    if match is None:
        return None
    end = text.find(END_MARKER, match.end())
    if end < 0:
        raise DamagedReportError("the report's end marker was removed")
    start = match.start()
    line_start = text.rfind("\n", 0, start) + 1
    if line_start > 0 and not text[line_start:start].strip():
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        if _HEADING_LINE.match(text[previous_start : line_start - 1]):
            start = previous_start
    return PostedReport(
        start=start,
        end=end + len(END_MARKER),
        bot=match["bot"],
        revision=int(match["revision"]),
        digest=match["digest"],
    )


def place_report(text: str, block: str, posted: PostedReport | None) -> str:
    """``text`` with ``block`` in place of the posted report, or added at the end."""
    if posted is not None:
        return text[: posted.start] + block + text[posted.end :]
    if not text.strip():
        return block
    return text.rstrip() + "\n\n" + block
