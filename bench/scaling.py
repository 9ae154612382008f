"""How each rule's time grows with the page: time per MB as the input doubles.

    python bench/scaling.py [--min-kb 10] [--max-mb 5] [--shapes seed,dates-zh,...]
                            [--rules NUM001,DAT001,...] [--budget SECONDS] [--factor 3]

For each shape of text, a page is built at 10 KB, 20 KB, … 2.56 MB and 5 MB
(one page, doubled each time, then the largest size) and measured: the parse (mwparserfromhell and the
node spans, as the document model does it) and every rule that the page
triggers, each alone on a freshly parsed copy, so that a view shared by
several rules is paid by each. Shapes:

- repeated real text: the seed article, and a zh and an en article of the
  shared corpus (``../shared/corpus``, skipped when absent);
- pathological shapes: thousands of date-led lines with distinct dates (zh
  ``{m}月{d}日，…`` paragraphs, en ``* 3 January 1990 – …`` lists), of references
  citing one URL with different ``page=``, of numbers (totals and their
  parts), of nested templates.

Time per MB should stay flat as the page grows. A rule (or the parse) whose
time per MB at the largest size passes ``--factor`` times its lowest time
per MB from 40 KB on is flagged as super-linear, unless it costs less than a
tenth of the parse there or under 50 ms (timer noise on a busy machine). A rule that takes longer
than ``--budget`` seconds at one size is not measured at larger ones (and
is flagged if its growth is already over the factor). The table goes to
stdout, each row with the machine's load average (on a shared machine,
compare figures measured under a like load); the last line is one JSON
object with every figure.

Not part of the test suite: run it by hand (a full run takes some minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wikilint.bot.engine import collector_paused  # noqa: E402
from wikilint.bot.inputs import clean_wikitext  # noqa: E402
from wikilint.bot.registry import load_catalogue  # noqa: E402
from wikilint.rules.document import Document  # noqa: E402
from wikilint.rules.profile import load_profile  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
NOISE_FLOOR_KB = 40
#: A rule costing less than this share of the parse is not flagged (timer noise).
NEGLIGIBLE = 0.1
#: Nor one taking less than this many seconds at its largest size.
MIN_SECONDS = 0.05


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated up to ``size`` bytes of UTF-8 (whole lines)."""
    per = max(1, len(unit.encode("utf-8")))
    text = unit * (size // per + 1)
    out = text.encode("utf-8")[:size].decode("utf-8", "ignore")
    return out[: out.rfind("\n") + 1] or out


def _lines(make: Callable[[int], str], size: int, head: str = "") -> str:
    parts, total, i = [head], len(head.encode("utf-8")), 0
    while total < size:
        line = make(i) + "\n"
        parts.append(line)
        total += len(line.encode("utf-8"))
        i += 1
    return "".join(parts)


def _day(i: int) -> tuple[int, int, int]:
    """The i-th day from 1 January 1900 (distinct for every i)."""
    year, day = 1900 + i // 336, i % 336
    return year, 1 + day // 28, 1 + day % 28


EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def _corpus_article(language: str, name: str) -> str | None:
    path = CORPUS / language / name
    return path.read_text("utf-8") if path.is_file() else None


def shapes() -> dict[str, tuple[str, Callable[[int], str]]]:
    """``name -> (wiki, size in bytes -> text)``."""
    seed = next((ROOT / "seeds").glob("*.txt")).read_text("utf-8")
    found: dict[str, tuple[str, Callable[[int], str]]] = {
        "seed": ("zhwiki", lambda size: _repeat(seed, size)),
    }
    for key, wiki, language, name in (
            ("corpus-zh", "zhwiki", "zh", "chinapedia_頓巴斯戰爭與人道主義危機.wiki"),
            ("corpus-en", "enwiki", "en", "gensim_American_Revolutionary_War.wiki")):
        text = _corpus_article(language, name)
        if text:
            found[key] = (wiki, lambda size, text=text: _repeat(text, size))
    found.update({
        "dates-zh": ("zhwiki", lambda size: _lines(
            lambda i: "{1}年{2}月{3}日，事件{0}。\n".format(i, *_day(i)), size, "== 年表 ==\n")),
        "dates-en": ("enwiki", lambda size: _lines(
            lambda i: (lambda y, m, d: f"* {d} {EN_MONTHS[m - 1]} {y} – Event {i}.")(*_day(i)),
            size, "== Timeline ==\n")),
        "refs-one-url": ("enwiki", lambda size: _lines(
            lambda i: f"Fact {i}.<ref>{{{{cite web|url=http://example.org/report|title=Report|page={i}}}}}</ref>",
            size, "== Text ==\n") + "== References ==\n{{reflist}}\n"),
        "numbers-zh": ("zhwiki", lambda size: _lines(
            lambda i: f"第{i}次戰鬥共{i + 1005}人死亡，其中士兵{i + 1000}人，平民5人。", size)),
        "numbers-en": ("enwiki", lambda size: _lines(
            lambda i: f"Battle {i} cost {i + 505} casualties: {i + 100} killed and 405 wounded.", size)),
        "nested-templates": ("enwiki", lambda size: _lines(
            lambda i: f"Claim {i}.{{{{cn|date={{{{date|{{{{year|{1900 + i % 120}}}}}|{{{{m|{1 + i % 12}}}}}}}}}}}}}"
                      f"{{{{a|{{{{b|{{{{c|{i}}}}}}}}}}}}}", size)),
    })
    return found


def measure(text: str, wiki: str, rules: list, skip: set[str]) -> tuple[float, dict[str, float]]:
    """The parse's seconds, and each triggered rule's seconds alone on a parsed page."""
    profile = load_profile(wiki)
    text = clean_wikitext(text).text
    doc = Document(text, profile)
    with collector_paused():
        started = time.perf_counter()
        doc.nodes  # noqa: B018 - the parse and the node spans
        parse = time.perf_counter() - started
    times: dict[str, float] = {}
    for rule in rules:
        if rule.code in skip or not rule.applies_to(wiki):
            continue
        doc = Document(text, profile)
        if not rule.triggered_by(doc):
            continue
        doc.nodes  # noqa: B018
        best = float("inf")
        for attempt in range(2):  # a quick rule twice, the faster run counts (a busy machine)
            with collector_paused():
                started = time.perf_counter()
                list(rule.check(doc))
                best = min(best, time.perf_counter() - started)
            if best > 1.0:
                break
            doc = Document(text, profile)
            doc.nodes  # noqa: B018
        times[rule.code] = best
    return parse, times


def growth(per_mb: dict[int, float]) -> float:
    """Time per MB at the largest size over the lowest from the noise floor on."""
    sizes = sorted(per_mb)
    floor = [per_mb[s] for s in sizes if s >= NOISE_FLOOR_KB * 1000] or [per_mb[sizes[0]]]
    return per_mb[sizes[-1]] / max(min(floor), 1e-9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-kb", type=float, default=10)
    parser.add_argument("--max-mb", type=float, default=5)
    parser.add_argument("--shapes", default="", help="comma-separated (default: all)")
    parser.add_argument("--rules", default="", help="codes, comma-separated (default: every rule)")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds: a rule slower than this at one size is not run larger")
    parser.add_argument("--factor", type=float, default=3.0,
                        help="growth of time per MB that flags a rule as super-linear")
    args = parser.parse_args(argv)
    available = shapes()
    chosen = [s for s in args.shapes.split(",") if s] or list(available)
    unknown = set(chosen) - set(available)
    if unknown:
        parser.error(f"unknown shapes {sorted(unknown)}; known: {', '.join(available)}")
    codes = {c.strip().upper() for c in args.rules.split(",") if c.strip()}
    rules = [rule() for rule in load_catalogue() if not codes or rule.code in codes]
    sizes = []
    size = int(args.min_kb * 1000)
    largest = int(args.max_mb * 1_000_000)
    while size <= largest * 1.0001:
        sizes.append(size)
        size *= 2
    if sizes and sizes[-1] < largest * 0.9999:
        sizes.append(largest)  # 10 KB doubled stops at 2.56 MB: 5 MB is measured too
    for wiki in ("zhwiki", "enwiki"):  # tables and caches loaded on first use, not measured
        measure(available["seed"][1](20_000), wiki, rules, set())
    results: dict[str, dict] = {}
    loads: dict[str, dict[int, float]] = {}  # the machine's load average as each size was measured
    flagged: list[str] = []
    for name in chosen:
        wiki, build = available[name]
        per_mb: dict[str, dict[int, float]] = {}
        stopped: set[str] = set()
        print(f"\n## {name} ({wiki}): seconds per MB", flush=True)
        for size in sizes:
            text = build(size)
            mb = len(text.encode("utf-8")) / 1e6
            parse, times = measure(text, wiki, rules, stopped)
            per_mb.setdefault("parse", {})[size] = parse / mb
            for code, spent in times.items():
                per_mb.setdefault(code, {})[size] = spent / mb
                if spent > args.budget:
                    stopped.add(code)
            row = "  ".join(f"{code} {times[code] / mb:.3f}" for code in sorted(times))
            load = os.getloadavg()[0]
            loads.setdefault(name, {})[size // 1000] = round(load, 1)
            print(f"{size / 1000:>7.0f} KB  load {load:4.1f}  parse {parse / mb:.3f}  {row}"
                  f"{'  (not run: ' + ','.join(sorted(stopped - set(times))) + ')' if stopped - set(times) else ''}",
                  flush=True)
        shape = {}
        for code, series in per_mb.items():
            grew = growth(series)
            largest = max(series)
            shape[code] = {"s_per_mb": {str(k): round(v, 4) for k, v in series.items()},
                           "growth": round(grew, 2), "largest_kb": largest // 1000,
                           "stopped": code in stopped}
            negligible = (series[largest] < NEGLIGIBLE * per_mb["parse"].get(largest, 0)
                          or series[largest] * largest / 1e6 < MIN_SECONDS)
            if (grew > args.factor and not negligible) or (code in stopped and largest < sizes[-1]):
                flagged.append(f"{name}:{code}")
        results[name] = shape
        print("growth (s/MB at the largest size / lowest from "
              f"{NOISE_FLOOR_KB} KB): " + "  ".join(f"{c} {v['growth']}×" for c, v in shape.items()))
    print("\nsuper-linear (growth over " f"{args.factor}×): {', '.join(flagged) or 'none'}")
    print(json.dumps({"sizes_kb": [s // 1000 for s in sizes], "factor": args.factor,
                      "flagged": flagged, "shapes": results, "load": loads}, ensure_ascii=False))
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
