"""Each rule's fixes pinned: ``cases/<CODE>/NAME.wiki`` becomes ``NAME.fixed.wiki``
with the safe fixes (the file unchanged when there is none) and
``NAME.unsafe.wiki`` with the unsafe ones too (the safe result when there is none)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.bot.fixing import fix_text

CASES = Path(__file__).parent / "cases"
WIKI = re.compile(r"<!--\s*wiki:\s*(\w+)\s*-->")


def cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*.wiki") if p.name.count(".") == 1)


def fixed(path: Path, *, unsafe: bool) -> str:
    text = path.read_text("utf-8")
    wiki = WIKI.search(text.split("\n", 1)[0])
    engine = Engine.from_config(Config(wiki=wiki.group(1) if wiki else "auto"),
                                select=[path.parent.name])
    return fix_text(text, lambda t: engine.lint(t, title=path.name).findings, unsafe=unsafe).text


def expected(path: Path, suffix: str, fallback: str) -> str:
    pinned = path.with_name(path.stem + suffix)
    return pinned.read_text("utf-8") if pinned.exists() else fallback


@pytest.mark.parametrize("path", cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_safe_and_unsafe_fixes_give_the_pinned_text(path: Path) -> None:
    original = path.read_text("utf-8")
    safe = expected(path, ".fixed.wiki", original)
    assert fixed(path, unsafe=False) == safe
    assert fixed(path, unsafe=True) == expected(path, ".unsafe.wiki", safe)


def test_every_rule_with_fixes_has_positive_and_negative_cases() -> None:
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        inputs = [p for p in folder.glob("*.wiki") if p.name.count(".") == 1]
        changed = [p for p in inputs if p.with_name(p.stem + ".fixed.wiki").exists()
                   or p.with_name(p.stem + ".unsafe.wiki").exists()]
        assert changed and len(changed) < len(inputs), folder.name
