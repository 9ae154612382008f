"""Applying the fixes findings carry (:mod:`wikilint.rules.fix`) to a page's text.

As ruff does: one *pass* applies, in text order, every fix whose edits do not
touch the edits already taken in that pass; a fix that would is left for the
next pass. After each pass the text is linted again (positions have moved, and
a fix may have made another finding moot or possible), until no fix applies,
the text comes back to one seen before, or :data:`MAX_PASSES` is reached.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from wikilint.rules.finding import Finding
from wikilint.rules.fix import Edit

#: Lint-and-fix passes over one page at most.
MAX_PASSES = 10

Linter = Callable[[str], Sequence[Finding]]
"""``text -> findings`` (already filtered: suppressed and unselected findings are
not there, so their fixes are never applied)"""


def applicable(finding: Finding, unsafe: bool = False) -> bool:
    """Whether ``finding`` has a fix that runs with these options."""
    return finding.fix is not None and (unsafe or finding.fix.is_safe)


def _edits(finding: Finding) -> tuple[Edit, ...]:
    """The edits of a finding that :func:`applicable` took."""
    assert finding.fix is not None
    return finding.fix.edits


@dataclass
class Pass:
    """What one pass did."""

    text: str
    applied: list[Finding]
    """the findings whose fixes were applied, in text order"""
    deferred: int = 0
    """applicable fixes left for the next pass (they touched an applied one)"""


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> Pass:
    """One pass: apply the applicable fixes of ``findings`` that touch no other
    applied fix, earliest first."""
    candidates = sorted(
        (f for f in findings if applicable(f, unsafe)),
        key=lambda f: (_edits(f)[0].start, _edits(f)[-1].end, f.code),
    )
    taken: list[Edit] = []  # sorted by start, pairwise disjoint
    applied: list[Finding] = []
    deferred = 0
    for finding in candidates:
        edits = _edits(finding)
        if edits[-1].end > len(text) or any(_touches_any(taken, edit) for edit in edits):
            deferred += 1
            continue
        for edit in edits:
            bisect.insort(taken, edit, key=lambda e: (e.start, e.end))
        applied.append(finding)
    pieces, position = [], 0
    for edit in taken:
        pieces += [text[position : edit.start], edit.content]
        position = edit.end
    pieces.append(text[position:])
    return Pass("".join(pieces), applied, deferred)


def _touches_any(taken: list[Edit], edit: Edit) -> bool:
    index = bisect.bisect_left(taken, (edit.start, edit.end), key=lambda e: (e.start, e.end))
    return any(other.touches(edit) for other in taken[max(index - 1, 0) : index + 1])


@dataclass
class FixOutcome:
    """A page after its fixes: the text, what was fixed, what remains."""

    original: str
    text: str
    remaining: list[Finding]
    """the findings of the fixed text"""
    fixed: Counter[tuple[str, str]] = field(default_factory=Counter)
    """fixes applied per ``(code, rule name)``"""
    passes: int = 0
    converged: bool = True
    """False when :data:`MAX_PASSES` ran out, or the fixes went round in a circle"""

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def fixed_count(self) -> int:
        return sum(self.fixed.values())


def fix_text(
    text: str,
    lint: Linter,
    *,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
    findings: Sequence[Finding] | None = None,
) -> FixOutcome:
    """Lint ``text``, apply its fixes, lint again... (see the module docstring).

    ``findings``: those of ``text`` when already known (saves the first lint).
    """
    current = list(lint(text) if findings is None else findings)
    outcome = FixOutcome(text, text, current)
    seen = {text}
    while True:
        if not any(applicable(f, unsafe) for f in current):
            break
        if outcome.passes >= max_passes:
            outcome.converged = False
            break
        step = apply_fixes(outcome.text, current, unsafe=unsafe)
        if not step.applied or step.text == outcome.text:
            break
        if step.text in seen:
            outcome.converged = False
            break
        seen.add(step.text)
        outcome.passes += 1
        outcome.text = step.text
        outcome.fixed.update((f.code, f.rule) for f in step.applied)
        current = list(lint(step.text))
    outcome.remaining = current
    return outcome
