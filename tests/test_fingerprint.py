"""Finding fingerprints: stable across edits elsewhere in the article, changed by edits of
the finding itself."""

from __future__ import annotations

from collections import Counter

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine
from wikilint.rules.finding import fingerprint_of
from support import SEED

ENGINE = Engine.from_config(Config())


def fingerprints(text: str) -> Counter[tuple[str, str]]:
    return Counter((f.code, f.fingerprint) for f in ENGINE.lint(text, wiki="zhwiki").findings)


def test_every_finding_has_a_fingerprint() -> None:
    findings = ENGINE.lint(SEED.read_text("utf-8"), wiki="zhwiki").findings
    assert len(findings) > 20
    assert all(f.fingerprint and len(f.fingerprint) == 12 for f in findings)
    assert len({f.fingerprint for f in findings}) > len(findings) * 0.8, "they tell findings apart"


def test_fingerprints_survive_edits_elsewhere_in_the_article() -> None:
    text = SEED.read_text("utf-8")
    before = ENGINE.lint(text, wiki="zhwiki").findings
    # A new paragraph at the top (every line number and offset moves), a new section at
    # the end, and a sentence rewritten on a line with no finding.
    lines = text.splitlines(keepends=True)
    flagged = {f.line for f in before}
    plain = next(i for i, line in enumerate(lines)
                 if i + 1 not in flagged and len(line) > 20 and not line.startswith(("=", "{", "|")))
    lines[plain] = "這一句在編輯中被改寫了。\n"
    edited = ("'''新增的開頭段落'''，補充了背景。\n\n另一段新增的文字。\n\n"
              + "".join(lines) + "\n== 新章節 ==\n新的內容。\n")
    after = ENGINE.lint(edited, wiki="zhwiki").findings
    assert [f.line for f in after] != [f.line for f in before], "the findings moved"
    assert fingerprints(edited) == fingerprints(text)


def test_editing_the_flagged_text_changes_the_fingerprint() -> None:
    text = "第一句。{{Citation needed|date=2020年1月}}\n\n第二句。{{Citation needed|date=2021年3月}}\n"
    first, second = ENGINE.lint(text, wiki="zhwiki").findings
    retagged = text.replace("2020年1月", "2019年5月")
    changed, kept = ENGINE.lint(retagged, wiki="zhwiki").findings
    assert kept.fingerprint == second.fingerprint
    assert changed.fingerprint != first.fingerprint


def test_fingerprint_ignores_whitespace_and_reads_only_its_line() -> None:
    text = "前文。\n甲乙  丙{{cn}}丁\n後文。"
    start = text.index("{{cn}}")
    base = fingerprint_of("CIT001", text, start, start + 6)
    spaced = "完全不同的前文。\n甲乙 丙{{cn}}丁\n完全不同的後文。"
    start2 = spaced.index("{{cn}}")
    assert fingerprint_of("CIT001", spaced, start2, start2 + 6) == base
    assert fingerprint_of("CIT002", text, start, start + 6) != base, "the rule is part of it"
