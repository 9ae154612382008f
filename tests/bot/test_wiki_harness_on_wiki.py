"""The test wikis themselves: how they are made and how they fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mediawiki import harness
from tests.mediawiki.harness import MediaWiki, MediaWikiError, free_port


def test_passwords_never_begin_as_an_option() -> None:
    assert all(harness._password()[0].isalpha() for _ in range(2000))


def test_an_account_whose_password_begins_with_a_dash_is_refused(zhwiki: MediaWiki) -> None:
    """Why the passwords above begin with a letter: the real script's answer."""
    with pytest.raises(MediaWikiError, match=r"createAndPromote\.php failed"):
        zhwiki.maintenance("createAndPromote", "Dashed", "-" + harness._password())
    zhwiki.maintenance("createAndPromote", "Lettered", harness._password())


def test_a_wiki_that_does_not_answer_says_what_its_server_wrote(tmp_path: Path, zh_wiki_session: MediaWiki) -> None:
    broken = MediaWiki(tmp_path / "broken", lang="zh", port=free_port())
    broken.root.mkdir()
    broken.settings_file.write_text("<?php\nthrow new Exception('no wiki here');\n", encoding="utf-8")
    with pytest.raises(MediaWikiError, match=r"did not answer within 3 s: .*/api\.php"):
        broken.start(timeout=3)
    assert not broken.running
