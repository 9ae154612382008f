"""The README's performance tables, written from a benchmark run's JSON.

``python bench/run.py --readme`` saves the run's JSON as ``bench/last-run.json``
and rewrites the blocks of README.md between ``<!-- bench:figures -->`` and
``<!-- /bench:figures -->`` (and ``bench:laziness``) from it;
``python bench/run.py --readme-from FILE`` rewrites them from a saved JSON
(a file whose last line is the run's JSON object), without running.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LAST_RUN = ROOT / "bench" / "last-run.json"


def figures_table(run: dict) -> str:
    rounds = run.get("ratio_rounds")
    rounds_note = f" (rounds: {', '.join(f'{r:.2f}' for r in rounds)})" if rounds else ""
    rows = []
    if run.get("ratio_dump") is not None:
        dump_rounds = run.get("ratio_dump_rounds")
        dump_note = f" (rounds: {', '.join(f'{r:.2f}' for r in dump_rounds)})" if dump_rounds else ""
        rows += [
            ("check / parse over dump articles, stubs and all (`ratio_dump`; target ≥ 1.5)",
             f"**{run['ratio_dump']:.3f}**{dump_note}"),
            ("dump articles parsed, every rule on (`pages_parsed`)", f"{100 * run['pages_parsed']:.0f}%"),
        ]
    perfect = run.get("perfect_tests")
    if perfect:
        rows += [
            ("dump articles with a finding: the fewest pages any pre-parse test must parse "
             "(`perfect_tests.pages_with_findings`)", f"{100 * perfect['pages_with_findings']:.0f}%"),
            ("check / parse over the same articles with perfect pre-parse tests, that know which rules "
             "find something and cost nothing (`perfect_tests.ratio_dump`: a bound, not a mode)",
             f"{perfect['ratio_dump']:.3f}"),
            ("check `--parse-all` / check with perfect tests, same articles "
             "(`perfect_tests.vs_parse_all`: the bound of `scan_vs_parse_all`)", f"{perfect['vs_parse_all']:.2f}"),
        ]
    rows += [
        ("mwparserfromhell parse alone, 1 process (`parse_mbps`)", f"{run['parse_mbps']:.2f} MB/s"),
    ]
    if run.get("tree_mbps") is not None:
        rows.append(("wikilint's own parse: the same tree, built and laid out by "
                     "`rules/document/tree.py` (`tree_mbps`)",
                     f"{run['tree_mbps']:.2f} MB/s ({run['tree_mbps'] / run['parse_mbps']:.2f}×)"))
    rows += [
        ("`wikilint check`, every rule, 1 process (`check_mbps`)", f"{run['check_mbps']:.2f} MB/s"),
        ("check / parse, long articles (`ratio`; target ≥ 1.0)", f"**{run['ratio']:.3f}**{rounds_note}"),
        ("`wikilint scan`, 1 worker (`scan_mbps_1`; start-up included)",
         f"{run['scan_mbps_1']:.2f} MB/s"),
        ("`wikilint scan`, 2 workers (`scan_mbps_2`)", f"{run['scan_mbps_2']:.2f} MB/s"),
        ("speedup with 2 workers (`speedup_2`; target ≥ 1.7)", f"**{run['speedup_2']:.2f}**"),
    ]
    if run.get("scan_mbps_2_parse_all") is not None:
        rows += [
            ("`wikilint scan --parse-all`, 2 workers, same dump, same rounds (`scan_mbps_2_parse_all`)",
             f"{run['scan_mbps_2_parse_all']:.2f} MB/s"),
            ("scan / scan `--parse-all` (`scan_vs_parse_all`; target ≥ 2)",
             f"**{run['scan_vs_parse_all']:.2f}**"),
            ("same dump only decompressed and read page by page, 2 processes (`read_mbps`)",
             f"{run['read_mbps']:.1f} MB/s"),
            ("scan / read (`limit_ratio`; 1 would be linting for free)", f"{run['limit_ratio']:.3f}"),
        ]
    rows += [
        ("peak memory of the whole process tree (parent, 2 workers, fork server), scanning "
         "every shared dump (`peak_rss_mb`; target < 500)", f"**{run['peak_rss_mb']:.0f} MB**"),
        ("load average when the run ended", f"{run['load_average']:.1f}" if "load_average" in run else "–"),
    ]
    return "| figure | value |\n|---|---|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)


def laziness_table(run: dict) -> str:
    lazy = run.get("laziness") or {}
    alone = sorted(((k, v) for k, v in lazy.items() if k != "all"), key=lambda kv: -kv[1]["ratio"])
    rows = [(f"{code} alone", v) for code, v in alone]
    if "all" in lazy:
        rows.append(("every rule", lazy["all"]))
    return ("| selection | check / parse | pages parsed |\n|---|---|---|\n"
            + "".join(f"| {name} | {v['ratio']:.2f} | {100 * v['pages_parsed']:.0f}% |\n"
                      for name, v in rows))


BLOCKS = {"bench:figures": figures_table, "bench:laziness": laziness_table}


def rewrite(text: str, run: dict) -> str:
    """``text`` with every benchmark block rewritten from ``run``."""
    for name, render in BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(<!-- /{name} -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"README.md has no <!-- {name} --> block")
        text = pattern.sub(lambda m: m.group(1) + render(run) + m.group(2), text)
    return text


def read_run(path: Path) -> dict:
    """The run's JSON: the last line of ``path`` that is a JSON object."""
    for line in reversed(path.read_text("utf-8").splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError(f"{path}: no JSON line")


def write(run: dict, *, readme: Path = README, save: Path | None = LAST_RUN) -> None:
    if save is not None:
        save.write_text(json.dumps(run, ensure_ascii=False) + "\n", "utf-8")
    readme.write_text(rewrite(readme.read_text("utf-8"), run), "utf-8")
