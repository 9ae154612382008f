"""What the page guard costs ``wikilint check``, and what one page takes in memory.

    python bench/guard.py [--rounds 5] [FILES…]

Without FILES: the seed and the shared corpus (``../shared/corpus/zh`` and
``en``). Each round runs ``wikilint check`` over all of them twice, in turn
guarded (the defaults: a child with a 30 s and 2,048 MB limit per page) and
unguarded (``--page-timeout 0 --page-memory 0``: linted in the process, as
before the guard), and the medians are compared. Then every page is linted
in a forked process of its own, and its peak resident memory above the
process's own is reported. The last line of the output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def default_files() -> list[Path]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    for sub in ("zh", "en"):
        files += sorted((CORPUS / sub).glob("*.wiki"))
    return files


def check_seconds(files: list[Path], *extra: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "wikilint.bot", "check", "--format", "concise",
                             *extra, *map(str, files)], capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr.decode()[-2000:])
    return elapsed


def status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def page_memory_mb(files: list[Path]) -> list[tuple[str, float, float]]:
    """(file, MB of text, peak MB above the process's own) per page, each in a fork."""
    from wikilint.bot.config import load_config
    from wikilint.bot.engine import Engine

    engine = Engine.from_config(load_config(None))
    rows = []
    for path in files:
        text = path.read_text("utf-8")
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: lint, report the peak
            os.close(read)
            before = status_kb("VmRSS")
            engine.lint(text, title=path.name)
            os.write(write, str(status_kb("VmHWM") - before).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as answer:
            peak_kb = int(answer.read() or 0)
        os.waitpid(pid, 0)
        rows.append((path.name, len(text.encode("utf-8")) / 1e6, peak_kb / 1024))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = args.files or default_files()
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    guarded, unguarded = [], []
    check_seconds(files[:1])  # warm the file cache and the bytecode
    for _ in range(args.rounds):
        unguarded.append(check_seconds(files, "--page-timeout", "0", "--page-memory", "0"))
        guarded.append(check_seconds(files))
    g, u = statistics.median(guarded), statistics.median(unguarded)
    print(f"{len(files)} files, {megabytes:.2f} MB; {args.rounds} alternating rounds")
    print(f"check unguarded {u:.2f} s (rounds {', '.join(f'{x:.2f}' for x in unguarded)})")
    print(f"check guarded   {g:.2f} s (rounds {', '.join(f'{x:.2f}' for x in guarded)})")
    print(f"guard cost {g - u:+.2f} s ({(g / u - 1) * 100:+.1f}%)")
    rows = page_memory_mb(files)
    peaks = sorted(peak for _, _, peak in rows)
    largest = max(rows, key=lambda row: row[1])
    hungriest = max(rows, key=lambda row: row[2])
    print(f"memory per page above the process: median {statistics.median(peaks):.1f} MB, "
          f"max {hungriest[2]:.1f} MB ({hungriest[0]}, {hungriest[1]:.2f} MB of text); "
          f"largest page {largest[0]} {largest[1]:.2f} MB: {largest[2]:.1f} MB")
    print(json.dumps({
        "files": len(files), "mb": round(megabytes, 2), "rounds": args.rounds,
        "check_unguarded_s": round(u, 3), "check_guarded_s": round(g, 3),
        "guard_cost_s": round(g - u, 3), "guard_cost_pct": round((g / u - 1) * 100, 1),
        "page_memory_median_mb": round(statistics.median(peaks), 1),
        "page_memory_max_mb": round(hungriest[2], 1), "page_memory_max_page": hungriest[0],
        "page_memory_max_page_mb": round(hungriest[1], 2)}))


if __name__ == "__main__":
    main()
