"""Shared fixtures: the seed text and the wiki profiles."""

from __future__ import annotations

import pytest

from support import SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def zh_profile():
    from wikilint.rules.profile import load_profile

    return load_profile("zhwiki")


@pytest.fixture(scope="session")
def en_profile():
    from wikilint.rules.profile import load_profile

    return load_profile("enwiki")


def pytest_addoption(parser: pytest.Parser) -> None:
    from snapshots import UPDATE_OPTION

    parser.addoption(UPDATE_OPTION, action="store_true",
                     help="rewrite the snapshot files (fixture outputs, seed golden) instead of comparing")
