"""``wikilint spark`` on a real standalone cluster, submitted as the README says.

A master and two workers (one core each) run on loopback, each its own
process; the job is submitted with ``spark-submit --master spark://…`` and
the environment packed by venv-pack. Its findings must be the local scan's,
line for line; then a worker is killed mid-job (with its executor and Python
workers): Spark runs the lost tasks again on the other worker, and the
findings are still the local scan's — nothing lost, nothing twice.

Skipped when Java or pyspark is missing, unless ``WIKILINT_REQUIRE_SPARK`` is
set (then that is a failure).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scan_dumps import Page
from spark_cluster import StandaloneCluster, java_available, pack_environment, submit_command
from spark_pages import multistream_file, wiki_pages

ROOT = Path(__file__).resolve().parents[2]
#: Small partitions: the dump is cut into some twenty tasks.
PARTITION_MB = "0.004"
JOB_TIMEOUT = 300


def _require_cluster() -> None:
    required = bool(os.environ.get("WIKILINT_REQUIRE_SPARK"))
    try:
        import pyspark  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("pyspark is not installed - WIKILINT_REQUIRE_SPARK is set", pytrace=False)
        pytest.skip("pyspark is not installed (pip install -e '.[spark]')")
    if not java_available():
        if required:
            pytest.fail("java is not installed - WIKILINT_REQUIRE_SPARK is set", pytrace=False)
        pytest.skip("java is not installed")


def _slow_page(n: int) -> Page:
    """A page whose parse takes about a second (unclosed references): so that each
    task lasts long enough for a worker to die in the middle of the job."""
    lines = "\n".join(f"第{i}行。<ref>來源{i}" for i in range(800))
    return Page(500_000 + n, f"慢條目{n}", f"{{{{Citation needed|date=2020年1月}}}}\n{lines}")


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    articles = wiki_pages()["zhwiki"]
    pages = []
    for copy in range(2):
        for n, page in enumerate(articles):
            pages.append(Page(page.page_id + copy * 1_000_000, f"{page.title} {copy}", page.text,
                              page.namespace, page.redirect, page.model))
            if n % 16 == 0:
                pages.append(_slow_page(len(pages)))
    return multistream_file(tmp_path_factory.mktemp("cluster-dump"), "zhwiki", pages)


@pytest.fixture(scope="module")
def local_findings(dump, tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("local-scan")
    result = subprocess.run([sys.executable, "-m", "wikilint.bot", "scan", str(dump),
                             "--report", str(out)], capture_output=True, text=True,
                            timeout=JOB_TIMEOUT)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return sorted((out / "findings.jsonl").read_text("utf-8").split("\n")[:-1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    _require_cluster()
    root = tmp_path_factory.mktemp("cluster")
    env, archive = pack_environment(root)
    cluster = StandaloneCluster(root / "spark")
    try:
        cluster.start()
        yield cluster, env, archive
    finally:
        cluster.stop()


def _spark_findings(out: Path) -> list[str]:
    return sorted(line for path in (out / "findings").rglob("part-*")
                  for line in path.read_text("utf-8").split("\n")[:-1])


def _submit(cluster, env, archive, dump: Path, out: Path) -> subprocess.Popen:
    command, environment = submit_command(env, archive, cluster, str(dump), "--out", str(out),
                                          "--format", "jsonl", "--partition-mb", PARTITION_MB)
    return subprocess.Popen(command, env=environment, cwd=cluster.root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    """The exit status and the output (spark-submit passes the driver's stderr to stdout)."""
    try:
        stdout, stderr = process.communicate(timeout=JOB_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        pytest.fail(f"the job did not finish within {JOB_TIMEOUT} s:\n{stderr[-3000:]}")
    return process.returncode, stdout + stderr


def test_a_job_submitted_to_the_cluster_finds_what_the_local_scan_finds(
        cluster, dump, local_findings, tmp_path):
    cluster, env, archive = cluster
    out = tmp_path / "out"
    code, stderr = _finish(_submit(cluster, env, archive, dump, out))

    assert code == 0, stderr[-3000:]
    assert "spark scan complete" in stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["options"]["master"] == cluster.url, "it ran on the cluster, not locally"
    assert len(local_findings) > 100
    assert _spark_findings(out) == local_findings


def test_a_worker_killed_mid_job_loses_nothing_and_doubles_nothing(
        cluster, dump, local_findings, tmp_path):
    cluster, env, archive = cluster
    assert cluster.alive_workers() == 2
    out = tmp_path / "out"
    process = _submit(cluster, env, archive, dump, out)
    results = out / "_work" / "results"
    deadline = time.monotonic() + JOB_TIMEOUT
    while len(list(results.glob("part=*"))) < 3:  # a few partitions done, most still to do
        assert process.poll() is None, "".join(process.communicate())[-3000:]
        assert time.monotonic() < deadline, "no partition committed in time"
        time.sleep(0.1)
    done_at_kill = len(list(results.glob("part=*")))
    cluster.kill_worker(1)
    plan = json.loads((out / "_work" / "plan.json").read_text("utf-8"))
    partitions = len(plan["plan"]["units"])
    code, stderr = _finish(process)

    assert code == 0, stderr[-3000:]
    assert re.search(r"[Ll]ost executor|ExecutorLost|worker lost|Executor .* (removed|lost)",
                     stderr), "the job lost an executor mid-way"
    assert done_at_kill < partitions, "the worker died while partitions were left to lint"
    assert _spark_findings(out) == local_findings, "nothing lost, nothing twice"
    assert cluster.alive_workers() == 1
