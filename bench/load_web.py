"""Load test of ``wikilint serve``: concurrent clients, every answer checked.

Starts ``wikilint serve`` on a free loopback port (its own process, its
linting children), then runs ``--clients`` threads that each send
``--requests`` requests in turn, a mix of what editors and gadgets send:

- ``POST /api/v1/lint`` with the seed article (30-odd findings), in a language;
- ``POST /api/v1/lint`` with a short paragraph and a rule selection;
- ``GET /api/v1/rules``;
- ``POST /`` (the form) with a short paragraph: the HTML result page.

Every answer is compared with the answer to the same request sent alone
before the load (status, findings, message keys); a lost, failed or
different answer is counted and printed. Prints p50/p95/max latency per kind
and overall, requests per second, and a JSON line. Not a test: a measurement
(``python bench/load_web.py``; about a minute on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt")).read_text("utf-8")
SHORT = ("The town had 1,200 people.<ref>http://example.org/census</ref> "
         "It grew.{{citation needed|date=March 2015}}\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def requests_mix() -> list[tuple[str, str, str, dict | None]]:
    """(kind, method, path, JSON body or form) in the order each client cycles through."""
    return [
        ("lint-seed", "POST", "/api/v1/lint", {"text": SEED, "lang": "en"}),
        ("lint-short", "POST", "/api/v1/lint", {"text": SHORT, "select": "CIT,REF", "wiki": "enwiki"}),
        ("lint-seed", "POST", "/api/v1/lint", {"text": SEED, "lang": "zh-hant"}),
        ("rules", "GET", "/api/v1/rules", None),
        ("page", "POST", "/", {"text": SHORT, "wiki": "enwiki", "lang": "en"}),
    ]


def send(session: requests.Session, base: str, method: str, path: str, body: dict | None,
         kind: str) -> requests.Response:
    if method == "GET":
        return session.get(base + path, timeout=120)
    if kind == "page":
        return session.post(base + path, data=body, timeout=120)
    return session.post(base + path, json=body, timeout=120)


def signature(kind: str, response: requests.Response):
    """What must be the same under load as alone."""
    if kind == "page":
        return response.status_code, response.text.count('class="finding ')
    data = response.json()
    if kind == "rules":
        return response.status_code, [r["code"] for r in data["rules"]]
    return response.status_code, [(f["code"], f["offset"], f["end_offset"], f["message"])
                                  for f in data["findings"]]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10, help="requests per client")
    parser.add_argument("--workers", type=int, default=2, help="linting processes of the server")
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "wikilint.bot", "serve", "--port", str(port),
                               "--workers", str(args.workers), "--time-limit", "60"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/api/v1/rules", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print(server.stderr.read().decode()[-2000:], file=sys.stderr)
                return 2
            time.sleep(0.2)

        mix = requests_mix()
        with requests.Session() as session:
            expected = [signature(kind, send(session, base, method, path, body, kind))
                        for kind, method, path, body in mix]  # also warms the children up
        assert all(status == 200 for status, _ in expected), expected

        latencies: dict[str, list[float]] = {kind: [] for kind, *_ in mix}
        problems: list[str] = []
        lock = threading.Lock()
        start_line = threading.Barrier(args.clients)

        def client(number: int) -> None:
            session = requests.Session()
            start_line.wait()
            for i in range(args.requests):
                index = (number + i) % len(mix)
                kind, method, path, body = mix[index]
                began = time.perf_counter()
                try:
                    response = send(session, base, method, path, body, kind)
                    got = signature(kind, response)
                    error = None if got == expected[index] else \
                        f"{kind}: status {response.status_code}, answer differs"
                except Exception as exc:  # a lost answer
                    error = f"{kind}: {type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - began
                with lock:
                    latencies[kind].append(elapsed)
                    if error:
                        problems.append(error)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    every = [v for values in latencies.values() for v in values]
    total = args.clients * args.requests
    print(f"{args.clients} clients x {args.requests} requests = {total}; server linting "
          f"processes: {args.workers}; {os.cpu_count()} cores")
    print(f"{'kind':<11} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in latencies.items():
        print(f"{kind:<11} {len(values):>5} {statistics.median(values) * 1000:>8.0f} "
              f"{percentile(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
    print(f"{'all':<11} {len(every):>5} {statistics.median(every) * 1000:>8.0f} "
          f"{percentile(every, 0.95) * 1000:>8.0f} {max(every) * 1000:>8.0f}")
    print(f"{total / wall:.1f} requests/s over {wall:.1f} s; answered {len(every)}/{total}, "
          f"wrong or lost: {len(problems)}")
    for problem in problems[:10]:
        print("  " + problem)
    print(json.dumps({"clients": args.clients, "requests": total, "answered": len(every),
                      "wrong_or_lost": len(problems), "wall_s": round(wall, 2),
                      "requests_per_s": round(total / wall, 1),
                      "p50_ms": round(statistics.median(every) * 1000),
                      "p95_ms": round(percentile(every, 0.95) * 1000)}))
    return 0 if not problems and len(every) == total else 1


if __name__ == "__main__":
    sys.exit(main())
