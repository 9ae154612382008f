"""wikilint's benchmark: where the time goes, measured in one run.

    python bench/run.py [--corpus DIR] [--repeat N] [--lazy-pages N] [--full-scan-timeout SECONDS]
                        [--readme | --readme-from FILE]

Texts: the seed article plus ``DIR/zh`` and ``DIR/en`` (the shared corpus, when
present). Every figure is measured in this one process session, the A and B
runs of each comparison alternating, so that ratios hold on a noisy machine:

- ``parse_mbps``: mwparserfromhell's parse alone (``skip_style_tags``, as the document
  model asks for it, and with Python's cycle collector paused per page, as the engine
  runs it), 1 process: the baseline of every ratio;
- ``tree_mbps``: the document model's own parse of the same texts: mwparserfromhell's
  tokenizer and the same tree, built and laid out by ``rules/document/tree.py``;
- ``check_mbps``: ``Engine.lint`` with every rule, as ``wikilint check`` runs it, 1 process;
- ``ratio``: check / parse (1.0 = the rules and the engine cost nothing on top of parsing),
  the median of the per-round ratios;
- ``rule_share``: each rule's share of the linting time (time spent in its ``check``,
  lazily computed views it asks for first included); ``stage_share`` gives the parse,
  the node spans (laid out while the tree is built: nothing left to do) and the engine's
  own share;
- ``scan_mbps_1``/``scan_mbps_2``: ``wikilint scan`` of a multistream dump of the same
  texts with 1 and 2 worker processes (wikitext MB per second of wall time, start-up
  included), ``speedup_2`` their ratio;
- ``scan_mbps_2_parse_all``: the same 2-worker scan with ``--parse-all`` (every rule on
  every page, every page parsed), in the same rounds; ``scan_vs_parse_all`` is
  ``scan_mbps_2 / scan_mbps_2_parse_all``;
- ``read_mbps``: the same dump only decompressed and iterated page by page (no lint), by
  the scan's own partitions and page reader on 2 processes: the floor any scan stands
  on; ``limit_ratio = scan_mbps_2 / read_mbps``;
- ``peak_rss_mb``: the highest resident memory of the whole process tree (parent,
  workers, fork server) while ``wikilint scan --jobs 2`` reads every dump of
  ``DIR/dumps``; the table also shows it for the small benchmark dump, to show
  that memory does not grow with the input;
- ``ratio_dump``: check / parse over real articles, stubs and all (the first
  ``--lazy-pages`` articles of each dump of ``DIR/dumps``), every rule on, rounds
  alternating; ``pages_parsed``: the share of those pages parsed (a page on which no
  rule's pre-parse test, ``Rule.may_find``, says a finding is possible is never parsed);
- ``laziness``: check / parse and the share of pages parsed for each rule alone and
  for every rule, over the same articles: the table of pages parsed per rule.

The last line printed is one JSON object with these figures. ``--readme`` also
saves it as ``bench/last-run.json`` and rewrites the README's performance tables
from it (:mod:`readme`); ``--readme-from FILE`` only rewrites them, from a
saved run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import mwparserfromhell  # noqa: E402
import psutil  # noqa: E402

import readme  # noqa: E402  (bench/readme.py)

from wikilint.bot.config import load_config  # noqa: E402
from wikilint.bot.engine import Engine, collector_paused  # noqa: E402
from wikilint.bot.scan.lint import LinterSpec  # noqa: E402
from wikilint.bot.scan.runner import ScanOptions, scan  # noqa: E402
from wikilint.rules.document import Document  # noqa: E402
from wikilint.rules.document.tree import parse_laid_out  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


# -- inputs -------------------------------------------------------------------------

def load_texts(corpus: Path | None) -> list[tuple[str, str]]:
    texts = [(path.stem, path.read_text("utf-8")) for path in sorted((ROOT / "seeds").glob("*.txt"))]
    if corpus is not None:
        for sub in ("zh", "en"):
            texts += [(path.stem, path.read_text("utf-8")) for path in sorted((corpus / sub).glob("*.wiki"))]
    return texts


def megabytes(texts: list[tuple[str, str]]) -> float:
    return sum(len(text.encode("utf-8")) for _, text in texts) / 1e6


def write_bench_dump(path: Path, texts: list[tuple[str, str]], copies: int, per_stream: int = 10) -> Path:
    """A multistream dump of the texts, as Wikimedia's but with ``per_stream`` pages per bz2
    stream (Wikimedia puts 100): a small dump still splits into enough partitions to keep
    both workers busy to the end, as a full dump's thousands of streams do."""
    import bz2
    from xml.sax.saxutils import escape

    head = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n'
            "  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>benchwiki</dbname>\n"
            "    <base>https://bench.invalid/wiki/Main_Page</base>\n  </siteinfo>\n")
    pages = []
    for copy in range(copies):
        for i, (title, text) in enumerate(texts):
            page_id = copy * len(texts) + i + 1
            pages.append(f"  <page>\n    <title>{escape(title)} {copy}</title>\n    <ns>0</ns>\n"
                         f"    <id>{page_id}</id>\n    <revision>\n      <id>{page_id}</id>\n"
                         f"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
                         f'      <text xml:space="preserve">{escape(text)}</text>\n'
                         f"    </revision>\n  </page>\n")
    random.Random(0).shuffle(pages)  # a dump is in page-id order, not grouped by source or size
    streams = [bz2.compress(head.encode())]
    streams += [bz2.compress("".join(pages[i:i + per_stream]).encode())
                for i in range(0, len(pages), per_stream)]
    streams.append(bz2.compress(b"</mediawiki>\n"))
    path.write_bytes(b"".join(streams))
    return path


# -- measurements -----------------------------------------------------------------------

def time_parse(texts: list[tuple[str, str]]) -> float:
    """mwparserfromhell's parse of each text, as the engine runs it: with the
    cycle collector paused for the page (:func:`bot.engine.collector_paused`)."""
    started = time.perf_counter()
    for _, text in texts:
        with collector_paused():
            mwparserfromhell.parse(text, skip_style_tags=True)
    return time.perf_counter() - started


def time_tree(texts: list[tuple[str, str]]) -> float:
    """wikilint's own parse of each text, as the document model runs it: the
    same tokenizer and the same tree, built and laid out by
    :mod:`wikilint.rules.document.tree` (cycle collector paused)."""
    started = time.perf_counter()
    for _, text in texts:
        with collector_paused():
            parse_laid_out(text, skip_style_tags=True)
    return time.perf_counter() - started


def time_check(engine: Engine, texts: list[tuple[str, str]]) -> float:
    started = time.perf_counter()
    for title, text in texts:
        engine.lint(text, title=title)
    return time.perf_counter() - started


def rule_shares(engine: Engine, texts: list[tuple[str, str]]) -> tuple[dict, dict, float]:
    """One instrumented pass: seconds in each rule, in the parse, the spans and the rest."""
    spent: dict[str, float] = {rule.code: 0.0 for rule in engine.rules}
    originals = {}
    for rule in engine.rules:
        originals[rule.code] = rule.check

        def timed(doc, _rule=rule, _check=rule.check):
            started = time.perf_counter()
            found = list(_check(doc))
            spent[_rule.code] += time.perf_counter() - started
            return iter(found)

        rule.check = timed
    stages = {"parse": 0.0, "spans": 0.0, "engine": 0.0}
    total_started = time.perf_counter()
    try:
        for title, text in texts:
            doc = Document(text, engine.profile_for(text), title)
            before = sum(spent.values())
            started = time.perf_counter()
            if engine.rules_for(doc):
                with collector_paused():
                    t = time.perf_counter()
                    _ = doc.code
                    stages["parse"] += time.perf_counter() - t
                    t = time.perf_counter()
                    _ = doc.nodes
                    stages["spans"] += time.perf_counter() - t
            engine.lint_document(doc)
            elapsed = time.perf_counter() - started
            stages["engine"] += elapsed - (sum(spent.values()) - before)
        total = time.perf_counter() - total_started
    finally:
        for rule in engine.rules:
            rule.check = originals[rule.code]
    stages["engine"] -= stages["parse"] + stages["spans"]
    return ({code: round(seconds / total, 4) for code, seconds in spent.items()},
            {stage: round(seconds / total, 4) for stage, seconds in stages.items()}, total)


def dump_articles(dumps: list[Path], per_dump: int) -> list[tuple[str, str]]:
    """The first ``per_dump`` article pages (namespace 0, no redirects) of
    each dump, read by ``wikilint scan``'s own reader (which also reads dumps
    whose header has no ``<siteinfo>``): real pages of every size, stubs
    included. A dump cut short gives the pages before the cut."""
    from wikilint.bot.scan.pages import PageRecord, parse_chunk
    from wikilint.bot.scan.source import DumpStream, PageChunker, clean_header

    found: list[tuple[str, str]] = []
    for path in dumps:
        taken = 0
        try:
            with DumpStream(path) as stream:
                chunker = PageChunker(stream.blocks(), 1 << 20)
                header = clean_header(chunker.header)
                for chunk in chunker:
                    for record in parse_chunk(header, chunk):
                        if taken < per_dump and isinstance(record, PageRecord) and record.namespace == 0 \
                                and not record.redirect and record.text:
                            found.append((record.title, record.text))
                            taken += 1
                    if taken >= per_dump:
                        break
        except Exception as error:  # a dump cut mid-page: keep what was read, and say so
            print(f"  {path.name}: read {taken} articles, then: {error}", flush=True)
    return found


def dump_ratio(engine: Engine, texts: list[tuple[str, str]], rounds: int) -> tuple[float, float, list[float]]:
    """check / parse over ``texts`` (median of alternating rounds), and the share of
    pages the engine parses."""
    ratios = []
    for round_ in range(rounds):
        order = ("parse", "check") if round_ % 2 == 0 else ("check", "parse")
        seconds = {what: time_parse(texts) if what == "parse" else time_check(engine, texts)
                   for what in order}
        ratios.append(seconds["parse"] / seconds["check"])
    parsed = sum(engine.lint(text, title=title).parsed for title, text in texts)
    return statistics.median(ratios), parsed / len(texts), ratios


class _KnowingEngine(Engine):
    """An engine whose pre-parse tests know the answer and cost nothing: on
    each page it runs exactly the rules that find something there (read
    beforehand by linting with ``--parse-all``; no test is asked), and parses
    only the pages with a finding. No real test can do better: it bounds what the tests
    can give."""

    finders: dict[str, frozenset[str]]
    """the codes of the rules that find something, by page title"""

    def rules_for(self, doc):  # type: ignore[no-untyped-def]
        wanted = self.finders.get(doc.title, frozenset())
        return [rule for rule in super().rules_for(doc) if rule.code in wanted]


def perfect_tests(texts: list[tuple[str, str]], rounds: int) -> dict:
    """What perfect pre-parse tests would give over ``texts``: the share of
    pages with a finding (the fewest pages any test must parse), and check /
    parse and parse-all / check for an engine that runs only the rules that
    find something (:class:`_KnowingEngine`), median of alternating rounds."""
    config = load_config(None)
    every = Engine.from_config(config, parse_all=True)
    finders: dict[str, frozenset[str]] = {}
    for title, text in texts:  # (two dumps may hold one title)
        finders[title] = finders.get(title, frozenset()) | {f.code for f in every.lint(text, title=title).findings}
    knowing = _KnowingEngine.from_config(config, parse_all=True)  # no test is asked
    knowing.finders = finders
    ratios, versus = [], []
    for round_ in range(rounds):
        order = ("parse", "all", "perfect") if round_ % 2 == 0 else ("perfect", "all", "parse")
        seconds = {}
        for what in order:
            if what == "parse":
                seconds[what] = time_parse(texts)
            else:
                seconds[what] = time_check(every if what == "all" else knowing, texts)
        ratios.append(seconds["parse"] / seconds["perfect"])
        versus.append(seconds["all"] / seconds["perfect"])
    return {"pages_with_findings": round(sum(bool(codes) for codes in finders.values()) / len(finders), 3),
            "ratio_dump": round(statistics.median(ratios), 3),
            "vs_parse_all": round(statistics.median(versus), 3)}


def _read_partition(job: tuple[bytes, object]) -> int:
    from wikilint.bot.scan.partition import partition_pages
    from wikilint.bot.scan.pages import PageRecord

    header, partition = job
    return sum(len(record.text.encode("utf-8")) for record in partition_pages(header, partition)
               if isinstance(record, PageRecord))


def time_read(dump: Path, pool) -> float:
    """Seconds to decompress ``dump`` and iterate its pages (no lint), by the
    scan's partitions and page reader, on the ``pool``'s processes."""
    from wikilint.bot.scan.partition import plan_dump

    started = time.perf_counter()
    plan = plan_dump(dump)
    jobs = [(plan.header, partition) for partition in plan.partitions()]
    pool.map(_read_partition, jobs, chunksize=1)
    return time.perf_counter() - started


def laziness(texts: list[tuple[str, str]], codes: list[str]) -> dict:
    """check / parse for each rule alone and for every rule, over ``texts``,
    with the share of pages each selection parses: a page on which no
    selected rule's triggers occur is never parsed, so a ratio can pass 1.0."""
    config = load_config(None)
    result = {}
    for selection in [[code] for code in codes] + [codes]:
        engine = Engine.from_config(config, select=selection)
        parse_s = time_parse(texts)
        started = time.perf_counter()
        parsed = sum(engine.lint(text, title=title).parsed for title, text in texts)
        check_s = time.perf_counter() - started
        name = selection[0] if len(selection) == 1 else "all"
        result[name] = {"ratio": round(parse_s / check_s, 3), "pages_parsed": round(parsed / len(texts), 3)}
    return result


class TreeMemory:
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.root = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        started = time.monotonic()
        while not self._stop.is_set():
            total = 0
            try:
                processes = [self.root] + self.root.children(recursive=True)
            except psutil.Error:
                break
            for process in processes:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.samples.append((time.monotonic() - started, total))
            self._stop.wait(self.every)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def timed_scan(dump: Path, jobs: int, out: Path, text_mb: float, parse_all: bool = False) -> float:
    """Text MB/s of one scan of ``dump`` (wall time, worker start-up included)."""
    started = time.perf_counter()
    outcome = scan(ScanOptions(dumps=[dump], jobs=jobs, out=out, spec=LinterSpec(parse_all=parse_all),
                               progress=False))
    elapsed = time.perf_counter() - started
    if outcome.status != "complete":
        raise SystemExit(f"bench: the scan did not complete: {outcome.status}")
    return text_mb / elapsed


def full_scan(dumps: list[Path], out: Path, timeout: float) -> dict:
    """``wikilint scan --jobs 2`` over every dump, as a separate process, memory sampled."""
    command = [sys.executable, "-m", "wikilint.bot", "scan", *map(str, dumps), "--jobs", "2", "--report", str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with TreeMemory(process.pid, every=0.1) as memory:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.send_signal(2)  # SIGINT: the scan stops cleanly and says how far it got
            _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    summary = json.loads((out / "summary.json").read_text("utf-8")) if (out / "summary.json").exists() else {}
    samples = memory.samples
    quarter = [rss for t, rss in samples if t <= elapsed / 4]
    return {
        "status": summary.get("status", f"exit {process.returncode}"),
        "exit_code": process.returncode,
        "seconds": round(elapsed, 1),
        "pages_linted": summary.get("pages", {}).get("linted"),
        "pages_skipped_on_errors": summary.get("problems", {}).get("total"),
        "problems_by_kind": summary.get("problems", {}).get("by_kind"),
        "xml_mb_per_s": summary.get("throughput", {}).get("xml_mb_per_s"),
        "peak_rss_mb": memory.peak_mb(),
        "peak_rss_mb_first_quarter": round(max(quarter) / 2**20, 1) if quarter else None,
        "last_line": stderr.strip().splitlines()[-1] if stderr.strip() else "",
    }


def _spin(n: int) -> float:
    started = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - started


def machine_parallelism(pool, n: int = 4_000_000) -> float:
    """How many cores this session really gets: 2.0 when two busy processes run side by side.

    The machine is shared: when other processes hold a core, no scan can show a speedup,
    so each scan round reports this next to its figures.
    """
    one = pool.apply(_spin, (n,))
    started = time.perf_counter()
    pool.map(_spin, [n, n], chunksize=1)
    both = time.perf_counter() - started
    return round(2 * one / both, 2)


def wait_until_quiet(budget: float, busy_below: float = 15.0) -> float:
    """Wait (at most ``budget`` seconds) until other processes leave the cores idle.

    A 2-worker run cannot show its speedup while something else holds a core, so each
    scan round starts when the machine has been idle for a second. Returns the CPU use
    (percent of all cores) measured just before starting.
    """
    deadline = time.monotonic() + budget
    while True:
        busy = psutil.cpu_percent(interval=1.0)
        if busy < busy_below or time.monotonic() >= deadline:
            return busy
        time.sleep(2.0)


# -- the run ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None,
                        help="shared corpus folder (zh/, en/, dumps/); default: ../shared/corpus if present")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each A/B comparison (default 3)")
    parser.add_argument("--copies", type=int, default=3, help="copies of the texts in the scan dump (default 3)")
    parser.add_argument("--full-scan-timeout", type=float, default=900.0,
                        help="stop the scan of every corpus dump after this many seconds (default 900)")
    parser.add_argument("--lazy-pages", type=int, default=10, metavar="N",
                        help="articles from each corpus dump for the laziness figures (default 10)")
    parser.add_argument("--no-full-scan", action="store_true", help="skip the scan of the corpus dumps")
    parser.add_argument("--wait-quiet", type=float, default=300.0, metavar="SECONDS",
                        help="before each scan round, wait up to this long for idle cores (default 300)")
    parser.add_argument("--readme", action="store_true",
                        help="save the run as bench/last-run.json and rewrite README.md's tables")
    parser.add_argument("--readme-from", type=Path, metavar="FILE",
                        help="rewrite README.md's tables from a saved run (no run)")
    args = parser.parse_args(argv)
    if args.readme_from:
        readme.write(readme.read_run(args.readme_from), save=None)
        return 0
    return run(args)


def run(args: argparse.Namespace) -> int:
    texts = load_texts(args.corpus)
    text_mb = megabytes(texts)
    engine = Engine.from_config(load_config(None))
    rules = [rule.code for rule in engine.rules]
    print(f"texts: {len(texts)} pages, {text_mb:.2f} MB of wikitext; rules: {', '.join(rules)}", flush=True)
    print(f"mwparserfromhell {mwparserfromhell.__version__}, C tokenizer: {mwparserfromhell.parser.use_c}; "
          f"cores: {len(os.sched_getaffinity(0))}; load average: {os.getloadavg()[0]:.1f}", flush=True)

    # One untimed pass over every text first: the rounds measure the steady state, not
    # what a process pays once (lazy imports such as cn2an's 0.1 s on the first Chinese
    # numeral, compiled patterns); `scan_mbps_1` below includes start-up.
    time_parse(texts), time_check(engine, texts)
    parse_s, check_s, tree_s = [], [], []
    for round_ in range(args.repeat):
        order = (("parse", "tree", "check") if round_ % 2 == 0 else ("check", "tree", "parse"))
        for what in order:
            if what == "parse":
                parse_s.append(time_parse(texts))
            elif what == "tree":
                tree_s.append(time_tree(texts))
            else:
                check_s.append(time_check(engine, texts))
        print(f"  round {round_ + 1}: parse {parse_s[-1]:.2f} s, wikilint's tree {tree_s[-1]:.2f} s, "
              f"check {check_s[-1]:.2f} s", flush=True)
    shares, stages, _ = rule_shares(engine, texts)
    lazy, lazy_pages, perfect = None, [], None
    ratio_dump = pages_parsed = None
    dump_rounds: list[float] = []
    if args.corpus is not None and (args.corpus / "dumps").is_dir():
        lazy_pages = dump_articles(sorted(p for p in (args.corpus / "dumps").iterdir() if p.is_file()),
                                   args.lazy_pages)
        ratio_dump, pages_parsed, dump_rounds = dump_ratio(engine, lazy_pages, args.repeat)
        print(f"  dump articles: check / parse {ratio_dump:.2f} (rounds "
              f"{', '.join(f'{r:.2f}' for r in dump_rounds)}), {100 * pages_parsed:.0f}% parsed", flush=True)
        perfect = perfect_tests(lazy_pages, args.repeat)
        print(f"  perfect pre-parse tests over the dump articles: {100 * perfect['pages_with_findings']:.0f}% of "
              f"pages have a finding; check / parse {perfect['ratio_dump']:.2f}, parse-all / check "
              f"{perfect['vs_parse_all']:.2f}", flush=True)
        lazy = laziness(lazy_pages, rules)
        print(f"  laziness over {len(lazy_pages)} dump articles ({megabytes(lazy_pages):.2f} MB): "
              + ", ".join(f"{name} {v['ratio']:.2f} ({100 * v['pages_parsed']:.0f}% parsed)"
                          for name, v in lazy.items()), flush=True)

    with tempfile.TemporaryDirectory(prefix="wikilint-bench-") as folder:
        tmp = Path(folder)
        dump = write_bench_dump(tmp / "bench-pages-articles-multistream.xml.bz2", texts, args.copies)
        dump_mb = text_mb * args.copies
        scans: dict[int | str, list[float]] = {1: [], 2: [], "parse_all": [], "read": []}
        scan(ScanOptions(dumps=[dump], jobs=1, out=tmp / "warm.jsonl", spec=LinterSpec(),
                         progress=False, limit=3))  # start the fork server outside the timings
        busy_before: list[float] = []
        parallelism: list[float] = []
        with multiprocessing.get_context("spawn").Pool(2) as spinners:
            for round_ in range(max(2, args.repeat - 1)):
                busy_before.append(wait_until_quiet(args.wait_quiet))
                runs = (1, 2, "parse_all", "read")
                for what in (runs if round_ % 2 == 0 else runs[::-1]):
                    if what == "read":
                        scans["read"].append(dump_mb / time_read(dump, spinners))
                    elif what == "parse_all":
                        scans[what].append(timed_scan(dump, 2, tmp / "scan-all.jsonl", dump_mb, parse_all=True))
                    else:
                        scans[what].append(timed_scan(dump, what, tmp / f"scan{what}.jsonl", dump_mb))
                parallelism.append(machine_parallelism(spinners))
                print(f"  scan round {round_ + 1} (cores {busy_before[-1]:.0f}% busy before, "
                      f"{parallelism[-1]:.2f} cores available after): 1 worker {scans[1][-1]:.3f} MB/s, "
                      f"2 workers {scans[2][-1]:.3f} MB/s, 2 workers --parse-all "
                      f"{scans['parse_all'][-1]:.3f} MB/s, read only {scans['read'][-1]:.2f} MB/s", flush=True)
        small = full_scan([dump], tmp / "small", args.full_scan_timeout)
        rss_small = small["peak_rss_mb"]
        full = None
        dumps_dir = args.corpus / "dumps" if args.corpus else None
        if not args.no_full_scan and dumps_dir and dumps_dir.is_dir():
            print(f"  scanning every dump of {dumps_dir} with 2 workers "
                  f"(at most {args.full_scan_timeout:g} s)...", flush=True)
            full = full_scan(sorted(p for p in dumps_dir.iterdir() if p.is_file()),
                             tmp / "full", args.full_scan_timeout)

    parse_mbps = statistics.median(text_mb / s for s in parse_s)
    tree_mbps = statistics.median(text_mb / s for s in tree_s)
    check_mbps = statistics.median(text_mb / s for s in check_s)
    ratio = statistics.median(p / c for p, c in zip(parse_s, check_s))
    scan_1, scan_2 = statistics.median(scans[1]), statistics.median(scans[2])
    speedup = statistics.median(b / a for a, b in zip(scans[1], scans[2]))
    scan_all = statistics.median(scans["parse_all"])
    vs_parse_all = statistics.median(a / b for a, b in zip(scans[2], scans["parse_all"]))
    read_mbps = statistics.median(scans["read"])
    limit_ratio = statistics.median(a / b for a, b in zip(scans[2], scans["read"]))
    peak_rss = full["peak_rss_mb"] if full else rss_small

    rows = []
    if ratio_dump is not None:
        rows.append(("check / parse, dump articles", f"{ratio_dump:.3f}",
                     f"target >= 1.5; {100 * pages_parsed:.0f}% of pages parsed"))
    if perfect is not None:
        rows.append(("check / parse, dump articles, perfect tests", f"{perfect['ratio_dump']:.3f}",
                     f"{100 * perfect['pages_with_findings']:.0f}% of pages have a finding; "
                     f"parse-all / check {perfect['vs_parse_all']:.2f}"))
    rows += [
        ("parse only, 1 process", f"{parse_mbps:.3f} MB/s", f"median of {len(parse_s)}"),
        ("wikilint's tree (same tree, laid out), 1 process", f"{tree_mbps:.3f} MB/s",
         f"{tree_mbps / parse_mbps:.2f}x mwparserfromhell's parse"),
        ("check, every rule, 1 process", f"{check_mbps:.3f} MB/s", f"ratio {ratio:.3f} (target >= 1.0)"),
        ("scan, 1 worker", f"{scan_1:.3f} MB/s", f"dump of {dump_mb:.1f} MB wikitext"),
        ("scan, 2 workers", f"{scan_2:.3f} MB/s", f"speedup {speedup:.2f} (target >= 1.7); cores "
         f"really available: {statistics.median(parallelism):.2f} (2 busy processes side by side)"),
        ("scan, 2 workers, --parse-all", f"{scan_all:.3f} MB/s",
         f"scan / parse-all {vs_parse_all:.2f} (target >= 2)"),
        ("read only, 2 processes", f"{read_mbps:.2f} MB/s",
         f"decompress + iterate pages; limit_ratio {limit_ratio:.3f}"),
        ("peak RSS, scan of the bench dump", f"{rss_small:.0f} MB",
         f"wikilint scan --jobs 2 process tree, {small['seconds']} s"),
    ]
    if full:
        rows.append(("peak RSS, scan of every corpus dump", f"{full['peak_rss_mb']:.0f} MB",
                     f"{full['status']}, {full['seconds']} s, first quarter "
                     f"{full['peak_rss_mb_first_quarter']} MB (target < 500)"))
    for stage, share in stages.items():
        rows.append((f"share: {stage}", f"{100 * share:.1f} %", "of linting time"))
    for code, share in sorted(shares.items(), key=lambda kv: -kv[1]):
        rows.append((f"share: rule {code}", f"{100 * share:.1f} %", "of linting time"))
    width = max(len(r[0]) for r in rows)
    print()
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")
    if full:
        print(f"full scan: {full['last_line']}")
    result = {
        "parse_mbps": round(parse_mbps, 3), "tree_mbps": round(tree_mbps, 3),
        "check_mbps": round(check_mbps, 3), "ratio": round(ratio, 3),
        "ratio_rounds": [round(p / c, 3) for p, c in zip(parse_s, check_s)],
        "rule_share": shares, "stage_share": stages,
        "ratio_dump": round(ratio_dump, 3) if ratio_dump is not None else None,
        "ratio_dump_rounds": [round(r, 3) for r in dump_rounds],
        "pages_parsed": round(pages_parsed, 3) if pages_parsed is not None else None,
        "perfect_tests": perfect,
        "scan_mbps_1": round(scan_1, 3), "scan_mbps_2": round(scan_2, 3), "speedup_2": round(speedup, 3),
        "scan_mbps_2_parse_all": round(scan_all, 3), "scan_vs_parse_all": round(vs_parse_all, 3),
        "read_mbps": round(read_mbps, 2), "limit_ratio": round(limit_ratio, 4),
        "peak_rss_mb": peak_rss, "peak_rss_mb_bench_dump": rss_small,
        "full_scan": full, "texts_mb": round(text_mb, 3), "pages": len(texts), "rules": rules,
        "laziness": lazy, "laziness_pages": len(lazy_pages),
        "laziness_mb": round(megabytes(lazy_pages), 3) if lazy_pages else None,
        "load_average": round(os.getloadavg()[0], 2),
        "cpu_busy_before_scan_rounds": busy_before,
        "cores_available_in_scan_rounds": parallelism,
    }
    print(json.dumps(result, ensure_ascii=False))
    if args.readme:
        readme.write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
