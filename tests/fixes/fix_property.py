"""The property every page must have under ``--fix`` (safe fixes only):

- a pass changes no character outside the edits it applied;
- afterwards no finding is left that a safe fix would remove (the fixes
  settled), and no rule has more findings than before less those it fixed;
- fixing the fixed text again changes nothing (idempotent).

Also the corpus measurement (``python -m tests.fixes.fix_property``): safe
and unsafe fixes per rule over the whole shared corpus, dumps included, and
the diffs of a sample of the safe ones to read.
"""

from __future__ import annotations

import bz2
import lzma
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from wikilint.bot.config import Config
from wikilint.bot.engine import Engine, LintError
from wikilint.bot.fixfiles import unified_diff
from wikilint.bot.fixing import FixOutcome, Pass, apply_fixes, applicable, fix_text


def unchanged_outside(before: str, step: Pass) -> bool:
    """Whether ``step.text`` is ``before`` with only the applied edits made."""
    edits = sorted((e for f in step.applied for e in f.fix.edits), key=lambda e: e.start)
    position, shifted = 0, 0
    for edit in edits:
        gap = before[position:edit.start]
        if step.text[position + shifted:edit.start + shifted] != gap:
            return False
        if step.text[edit.start + shifted:edit.start + shifted + len(edit.content)] != edit.content:
            return False
        shifted += len(edit.content) - (edit.end - edit.start)
        position = edit.end
    return step.text[position + shifted:] == before[position:]


def check_page(engine: Engine, text: str, title: str) -> tuple[FixOutcome, list[str]]:
    """Fix ``text`` (safe fixes) and return what the property finds wrong with it."""
    first = engine.lint(text, title=title)
    wiki = first.wiki
    problems: list[str] = []

    def lint(current: str):
        return engine.lint(current, title=title, wiki=wiki).findings

    def checked(current: str):
        findings = lint(current)
        step = apply_fixes(current, findings)
        if step.applied and not unchanged_outside(current, step):
            problems.append("a pass changed text outside its edits")
        return findings

    outcome = fix_text(text, checked, findings=first.findings)
    if not outcome.converged:
        problems.append(f"the fixes did not settle in {outcome.passes} passes")
    left = [f for f in outcome.remaining if applicable(f)]
    if left:
        problems.append(f"safe fixes left: {[(f.code, f.line) for f in left]}")
    before = Counter(f.code for f in first.findings)
    after = Counter(f.code for f in outcome.remaining)
    fixed = Counter()
    for (code, _), count in outcome.fixed.items():
        fixed[code] += count
    for code, count in after.items():
        allowed = before[code] - fixed[code]
        if count > allowed:
            problems.append(f"{code}: {count} findings after fixing, at most {allowed} expected")
    if outcome.changed and fix_text(outcome.text, lint).changed:
        problems.append("a second --fix changes the text again")
    return outcome, problems


# -- the corpus ----------------------------------------------------------------------

def dump_articles(path: Path) -> Iterator[tuple[str, str]]:
    """``(title, text)`` of the articles (namespace 0, no redirects) of a dump;
    a truncated or unreadable dump gives what it can."""
    import mwxml

    opener = {".bz2": bz2.open, ".xz": lzma.open}.get(path.suffix, open)
    try:
        with opener(path, "rb") as raw:
            for page in mwxml.Dump.from_file(raw):
                if page.namespace != 0 or page.redirect:
                    continue
                for revision in page:
                    if revision.text:
                        yield page.title, revision.text
    except Exception as error:  # truncated dumps end in an XML error
        print(f"{path.name}: stopped reading: {type(error).__name__}", file=sys.stderr)


def corpus_pages(corpus: Path, *, dumps: bool) -> Iterator[tuple[str, str]]:
    for folder in ("zh", "en", "other"):
        for file in sorted((corpus / folder).glob("*.wiki")):
            yield f"{folder}/{file.name}", file.read_text("utf-8")
    if dumps:
        for file in sorted((corpus / "dumps").iterdir()):
            if file.name.endswith((".xml", ".bz2", ".xz")):
                for title, text in dump_articles(file):
                    yield f"dumps/{file.name}:{title}", text


def measure(corpus: Path, sample_size: int = 50, out: Path | None = None) -> None:
    engine = Engine.from_config(Config())
    safe: Counter[str] = Counter()
    unsafe: Counter[str] = Counter()
    pages = pages_fixed = 0
    diffs: list[tuple[str, str]] = []
    failures: list[tuple[str, list[str]]] = []
    for title, text in corpus_pages(corpus, dumps=True):
        try:
            result = engine.lint(text, title=title)
        except LintError:
            continue
        pages += 1
        for finding in result.findings:
            if finding.fix is not None:
                (safe if finding.fix.is_safe else unsafe)[finding.code] += 1
        if not any(applicable(f) for f in result.findings):
            continue
        outcome, problems = check_page(engine, text, title)
        if problems:
            failures.append((title, problems))
        if outcome.changed:
            pages_fixed += 1
            diffs.append((title, unified_diff(title, text, outcome.text)))
    print(f"pages linted: {pages}; pages changed by safe fixes: {pages_fixed}")
    for code in sorted(set(safe) | set(unsafe)):
        print(f"{code}: {safe[code]} safe, {unsafe[code]} unsafe")
    print(f"property failures: {len(failures)}")
    for title, problems in failures:
        print(f"  {title}: {problems}")
    sample = random.Random(17).sample(diffs, min(sample_size, len(diffs)))
    if out is not None:
        out.write_text("".join(f"### {title}\n{diff}\n" for title, diff in sample), "utf-8")
        print(f"{len(sample)} sampled diffs in {out}")


if __name__ == "__main__":
    from tests.support import CORPUS

    measure(CORPUS, out=Path(sys.argv[1]) if len(sys.argv) > 1 else None)
