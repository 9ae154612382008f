"""Shared test helpers: the seed, the optional shared corpus, engines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("*.txt"))
CORPUS = Path(os.environ.get("WIKILINT_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_files(*subdirs: str) -> list[Path]:
    """Wikitext files of the shared corpus (empty when it is absent)."""
    files: list[Path] = []
    for sub in subdirs or ("zh", "en"):
        folder = CORPUS / sub
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.wiki")))
    return files


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def zh_profile():
    from rules.profile import load_profile

    return load_profile("zhwiki")


@pytest.fixture(scope="session")
def en_profile():
    from rules.profile import load_profile

    return load_profile("enwiki")
