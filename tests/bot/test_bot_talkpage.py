"""Finding and replacing the bot's own section (no wiki needed)."""

from __future__ import annotations

import pytest

from wikilint.bot.wiki.talkpage import (
    END_MARKER,
    DamagedReportError,
    begin_marker,
    find_report,
    place_report,
)

BLOCK = f"== wikilint report ==\n{begin_marker('LintBot', 7, 'ab12')}\nbody ~~~~\n{END_MARKER}"
TALK = f"== Old ==\nhello\n\n{BLOCK}\n:reply under the report\n\n== Later ==\nlater\n"


def test_finds_the_block_from_heading_to_end_marker():
    posted = find_report(TALK)
    assert TALK[posted.start:posted.end] == BLOCK
    assert (posted.bot, posted.revision, posted.digest) == ("LintBot", 7, "ab12")


def test_replacing_keeps_every_other_byte():
    posted = find_report(TALK)
    new = place_report(TALK, "NEW", posted)
    assert new == TALK.replace(BLOCK, "NEW")
    assert ":reply under the report" in new and "== Later ==" in new


def test_adding_appends_after_a_blank_line():
    assert place_report("== Old ==\nhi\n\n\n", "NEW", None) == "== Old ==\nhi\n\nNEW"
    assert place_report("", "NEW", None) == "NEW"
    assert find_report("== Old ==\nhi\n") is None


def test_missing_end_marker_is_damage():
    with pytest.raises(DamagedReportError):
        find_report(TALK.replace(END_MARKER, ""))


def test_marker_without_heading_line():
    text = f"intro\n{begin_marker('LintBot', 1, 'ff')}\nx\n{END_MARKER}\n"
    posted = find_report(text)
    assert text[posted.start:].startswith("<!-- wikilint-report")


def test_begin_marker_cannot_be_broken_by_a_user_name():
    marker = begin_marker("Lint Bot-->x", 3, "00")
    assert marker.count("-->") == 1 and find_report(marker + END_MARKER).revision == 3
