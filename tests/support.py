"""Paths shared by the tests: the repository, the seed, the optional shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

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
