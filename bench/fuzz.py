"""A long fuzzing run: every rule, both profiles, as many inputs as asked.

    python bench/fuzz.py [--inputs 100000] [--seed 19] [--generated 0.2]
                         [--hang-after 5] [--out DIR] [--memory-every 50]

The harness is ``tests/fuzz/fuzzing.py`` (what is mutated and what is
checked is described there); the CI slice runs a few hundred of these inputs,
this runs ``--inputs`` of them, ``--generated`` of them drawn from the
hypothesis strategy, the rest mutations. Each distinct defect is printed
when first met and its input written to ``--out`` (``<kind>-<rule>-<n>.wiki``)
to reproduce it with ``wikilint check``. Every ``--memory-every``-th input is
linted once more under tracemalloc for the peak memory per page. The last
line is one JSON object with the figures: inputs, lints, refusals, findings,
defects by kind, slowest page time over its parse time, memory per page.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fuzz")]

import fuzzing  # noqa: E402


def generated(seed: int):
    """Texts drawn from the hypothesis strategy, reproducibly."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import StopTest  # noqa: F401 - hypothesis must be importable

    drawn: list[str] = []

    @settings(max_examples=500, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(text=fuzzing.wikitext())
    def draw(text: str) -> None:
        drawn.append(text)

    rng = random.Random(seed)
    while True:
        drawn.clear()
        draw._hypothesis_internal_use_seed = rng.getrandbits(64)  # noqa: SLF001
        draw()
        yield from drawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--generated", type=float, default=0.2,
                        help="share of inputs drawn from the hypothesis strategy")
    parser.add_argument("--hang-after", type=float, default=5.0)
    parser.add_argument("--time-factor", type=float, default=10.0)
    parser.add_argument("--time-slack", type=float, default=0.1)
    parser.add_argument("--memory-every", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path("fuzz-defects"))
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args(argv)

    texts = [text for _, text in fuzzing.seed_texts(corpus=not args.no_corpus)]
    fuzzer = fuzzing.Fuzzer(time_factor=args.time_factor, time_slack=args.time_slack,
                            hang_after=args.hang_after)
    mutants = fuzzing.mutants(args.seed, texts)
    drawn = generated(args.seed)
    pick = random.Random(args.seed)
    first_seen: dict[tuple, int] = {}
    memory: list[float] = []  # peak bytes per character of page
    memory_peak = 0
    started = time.monotonic()
    for index in range(args.inputs):
        mutant = next(drawn) if pick.random() < args.generated else next(mutants)
        text = mutant if isinstance(mutant, str) else mutant.text
        for defect in fuzzer.check(mutant):
            if defect.key not in first_seen:
                first_seen[defect.key] = index
                args.out.mkdir(parents=True, exist_ok=True)
                path = args.out / f"{defect.kind}-{defect.rule or 'engine'}-{index}.wiki"
                path.write_text(text, "utf-8", errors="surrogatepass")
                print(f"input {index}: {defect.kind} {defect.rule} {defect.wiki}: {defect.detail} "
                      f"({path})", flush=True)
        if args.memory_every and index % args.memory_every == 0 and len(text) > 1000:
            peak = traced_peak(fuzzer, text)
            memory.append(peak / len(text))
            memory_peak = max(memory_peak, peak)
        if index and index % 200 == 0:
            rate = index / (time.monotonic() - started)
            print(f"{index} inputs, {rate:.1f}/s, {sum(fuzzer.stats.defects.values())} defects",
                  file=sys.stderr, flush=True)
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "progress.json").write_text(json.dumps(
                figures(fuzzer, sorted(memory), memory_peak, started), ensure_ascii=False))
    print(json.dumps(figures(fuzzer, memory, memory_peak, started), ensure_ascii=False))
    return 1 if fuzzer.stats.defects else 0


def figures(fuzzer: fuzzing.Fuzzer, memory: list[float], memory_peak: int, started: float) -> dict:
    """The run's figures so far."""
    stats = fuzzer.stats
    by_kind: dict[str, int] = {}
    for (kind, _, _), count in stats.defects.items():
        by_kind[kind] = by_kind.get(kind, 0) + count
    memory = sorted(memory)
    return {
        "inputs": stats.inputs, "lints": stats.lints, "refused": stats.refused,
        "mb_linted": round(stats.chars / 1e6, 1), "findings": stats.findings,
        "defects": by_kind, "distinct_defects": [list(k) for k in stats.defects],
        "parser_hangs": stats.parser_hangs,
        "slowest_ratio_lint_over_parse": round(stats.slowest_ratio, 1), "slowest_page": stats.slowest,
        "slowest_lint_s": round(stats.slowest_lint_s, 2),
        "memory_bytes_per_char_median": round(memory[len(memory) // 2], 1) if memory else None,
        "memory_peak_mb": round(memory_peak / 1e6, 1),
        "seconds": round(time.monotonic() - started),
    }


def traced_peak(fuzzer: fuzzing.Fuzzer, text: str) -> int:
    """Peak bytes Python allocates while one page is linted (zhwiki profile)."""
    engine = fuzzer.engines["zhwiki"]
    tracemalloc.start()
    try:
        try:
            with fuzzing.alarm(fuzzer.hang_after * 4):
                engine.lint(text, wiki="zhwiki")
        except (Exception, fuzzing.PageHangs):  # noqa: BLE001 - counted by the check
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


if __name__ == "__main__":
    sys.exit(main())
