"""A Spark job in a process of its own (``local[2]``), for the kill-and-resume test.

``python spark_job_process.py DUMP OUT CALLS [--resume]`` scans DUMP into OUT
with :func:`slow` (the real engine, a pause per page, each page's title
appended to the file CALLS) and exits with the job's exit status.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PATHS = [str(HERE.parents[1]), str(HERE), str(HERE.parent), str(HERE.parent / "scan")]
PARTITION_BYTES = 4096


def slow(calls: str, sleep: float = 0.0):
    """The engine, ``sleep`` seconds per page, and a line per page in the file ``calls``."""
    from wikilint.bot.scan.lint import LinterSpec, engine_linter

    lint = engine_linter(LinterSpec())

    def linter(text: str, *, title: str | None, wiki: str) -> list[Any]:
        with open(calls, "a", encoding="utf-8") as log:
            log.write(f"{title}\n")
        time.sleep(sleep)
        return lint(text, title=title, wiki=wiki)

    return linter


def options(dump: Path, out: Path, calls: Path, *, sleep: float, resume: bool = False):
    from wikilint.bot.scan.lint import LinterSpec
    from wikilint.bot.spark.options import SparkScanOptions

    spec = LinterSpec(factory="spark_job_process:slow",
                      options=(("calls", str(calls)), ("sleep", sleep)))
    return SparkScanOptions(out=str(out), dumps=[dump], format="jsonl", spec=spec,
                            partition_bytes=PARTITION_BYTES, resume=resume)


def main() -> None:
    for path in PATHS:
        if path not in sys.path:
            sys.path.append(path)
    from pyspark.sql import SparkSession

    from wikilint.bot.spark.job import run_job

    dump, out, calls = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    sleep = float(sys.argv[4])
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("wikilint-resume-test")
             .config("spark.executorEnv.PYTHONPATH", os.pathsep.join(PATHS))
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.local.dir", str(out.parent / "spark-local"))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    outcome = run_job(spark, options(dump, out, calls, sleep=sleep,
                                     resume="--resume" in sys.argv))
    spark.stop()
    sys.exit(outcome.exit_code)


if __name__ == "__main__":
    main()
