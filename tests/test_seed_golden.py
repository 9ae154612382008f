"""The seed article's complete findings, pinned.

Two layers: the counts and lines the rules are specified to find on the seed
(written out below, from the rule specifications), and the full rendered
findings in ``tests/golden/seed.jsonl``, and the text output of ``wikilint
check --lang LANG`` in each language (``tests/golden/seed.<lang>.txt``). After
an intended change, regenerate them with ``pytest tests/test_seed_golden.py
--snapshot-update`` (or ``WIKILINT_UPDATE_GOLDEN=1``) and review the diff.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.bot.registry import load_catalogue
from wikilint.bot.emitters import Totals, summary_line
from wikilint.bot.emitters.text import format_text
from wikilint.rules.messages import LANGUAGES, localize_all
from snapshots import assert_snapshot
from support import SEED



GOLDEN = Path(__file__).parent / "golden" / "seed.jsonl"
AS_OF = "2026-01-01"  # tag ages are counted from a fixed day

SPECIFIED_LINES = {
    "CIT001": [39, 39, 39, 39, 69],
    "CIT002": [44, 45, 47, 89],
    "CIT003": [56],
    "REF001": [48] * 8 + [49] * 4,
    "REF002": [12, 49, 50, 50, 71, 75],
    "DAT001": [81],
    "DAT002": [],
    "DAT003": [],
    "DAT005": [6],
    "DAT006": [],
    "NUM001": [],
    "NUM002": [50],
    "REF003": [],
    "REF004": [55],
    "REF005": [],
    "REF006": [],
    "TPL001": [],
}


def seed_result():
    catalogue = load_catalogue()
    options = {r.code: {"as_of": AS_OF} for r in catalogue if "as_of" in r.Options.model_fields}
    engine = Engine.from_config(Config(rules=options))
    return engine.lint(SEED.read_text("utf-8"), title=SEED.name)


def seed_findings() -> list[dict]:
    return [f.model_dump(mode="json") for f in seed_result().findings]


def test_seed_findings_are_the_specified_ones() -> None:
    installed = {r.code for r in load_catalogue()}
    lines: dict[str, list[int]] = defaultdict(list)
    for finding in seed_findings():
        lines[finding["code"]].append(finding["line"])
    for code, expected in SPECIFIED_LINES.items():
        if code in installed:
            assert sorted(lines.get(code, [])) == expected, code
    unexpected = set(lines) - set(SPECIFIED_LINES)
    assert not unexpected, f"findings of rules with no specified seed result: {unexpected}"


def test_seed_golden_file(request) -> None:
    findings = seed_findings()
    if os.environ.get("WIKILINT_UPDATE_GOLDEN") or request.config.getoption("--snapshot-update"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("".join(json.dumps(f, ensure_ascii=False, sort_keys=True) + "\n"
                                  for f in findings), "utf-8")
    golden = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines()]
    assert findings == golden


@pytest.mark.parametrize("lang", LANGUAGES)
def test_seed_golden_text_in_each_language(request, lang: str) -> None:
    """``wikilint check --lang LANG`` on the seed, as a reader sees it."""
    result = seed_result()
    name = f"seeds/{SEED.name}"
    out = [format_text(name, f, result.document.text, lang) for f in localize_all(result.findings, lang)]
    out.append(summary_line(Totals(findings=len(result.findings), files=1, lang=lang)) + "\n")
    assert_snapshot(request, GOLDEN.parent / f"seed.{lang}.txt", "".join(out))
