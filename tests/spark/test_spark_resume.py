"""``wikilint spark --resume``: a job killed mid-way, then resumed, gives exactly what
an uninterrupted job gives, and the resumed job lints only what was not committed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spark_job_process import options
from spark_pages import multistream_file, wiki_pages

HERE = Path(__file__).resolve().parent
RUN_FIELDS = ("started_at", "finished_at", "elapsed_s", "throughput", "options", "outputs",
              "jobs", "status")


def _lines(folder: Path) -> list[str]:
    return sorted(line for path in folder.rglob("part-*")
                  for line in path.read_text("utf-8").split("\n")[:-1])


def _comparable(summary: dict) -> dict:
    return {key: value for key, value in summary.items() if key not in RUN_FIELDS}


def _committed(out: Path) -> list[Path]:
    return sorted((out / "_work" / "results").glob("part=*/part-*"))


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    pages = wiki_pages()
    folder = tmp_path_factory.mktemp("resume-dump")
    return multistream_file(folder, "enwiki", pages["enwiki"] * 1, per_stream=2)


def test_a_job_killed_mid_way_then_resumed_gives_what_an_uninterrupted_one_gives(
        spark, dump, tmp_path):
    from wikilint.bot.spark.job import run_job

    reference = run_job(spark, options(dump, tmp_path / "whole", tmp_path / "whole.calls",
                                       sleep=0.0))
    assert not (tmp_path / "whole" / "_work").exists(), "a complete job leaves no work behind"
    linted = len((tmp_path / "whole.calls").read_text("utf-8").splitlines())

    out, calls = tmp_path / "killed", tmp_path / "calls"
    process = subprocess.Popen(
        [sys.executable, str(HERE / "spark_job_process.py"), str(dump), str(out), str(calls),
         "0.25"], cwd=HERE.parents[1], start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while len({p.parent for p in _committed(out)}) < 3:
            assert process.poll() is None, process.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "no partition committed in time"
            time.sleep(0.1)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the driver and its JVM, as abruptly as a crash
        process.wait()
    committed = {p.parent.name for p in _committed(out)}
    units = {p.name for p in (out / "_work" / "results").glob("part=*")}
    assert not (out / "findings").exists(), "killed before any output was written"
    done_rows = spark.read.parquet(str(out / "_work" / "results"))
    done_pages = done_rows.where("linted").count()
    assert 0 < done_pages < linted, "killed mid-way"

    calls.write_text("", "utf-8")
    resumed = run_job(spark, options(dump, out, calls, sleep=0.25, resume=True))

    # A partition's file is moved into place by one rename, but its directory may
    # appear a moment before it: a kill can catch one empty, and it is not committed.
    assert resumed.resumed == len(committed) and committed <= units
    relinted = calls.read_text("utf-8").splitlines()
    assert len(relinted) == linted - done_pages, "committed partitions are not linted again"
    assert len(set(relinted)) == len(relinted)
    assert _lines(out / "findings") == _lines(tmp_path / "whole" / "findings")
    assert _lines(out / "findings"), "a comparison that means something"
    assert _lines(out / "errors") == _lines(tmp_path / "whole" / "errors")
    assert _comparable(resumed.summary) == _comparable(reference.summary)
    assert resumed.exit_code == reference.exit_code
    assert not (out / "_work").exists()


def test_resume_refuses_work_left_by_another_job(spark, dump, tmp_path):
    from wikilint.bot.spark.commit import WorkDir
    from wikilint.bot.spark.job import JobError, run_job

    out = tmp_path / "out"
    WorkDir(spark, str(out)).write_plan('{"digest": "another job"}\n')
    with pytest.raises(JobError, match="other inputs or options"):
        run_job(spark, options(dump, out, tmp_path / "calls", sleep=0.0, resume=True))


def test_resume_without_work_left_runs_the_whole_job(spark, dump, tmp_path):
    from wikilint.bot.spark.job import run_job

    outcome = run_job(spark, options(dump, tmp_path / "out", tmp_path / "calls", sleep=0.0,
                                     resume=True))
    assert outcome.resumed == 0
    assert json.loads(_lines(tmp_path / "out" / "findings")[0])["title"]
