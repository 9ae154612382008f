"""One local Spark session (``local[2]``) for all the Spark tests.

The tests are skipped when pyspark is not installed, unless
``WIKILINT_REQUIRE_SPARK`` is set (``make test`` sets it): then a missing
pyspark is a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCAN_TESTS = HERE.parent / "scan"
if str(SCAN_TESTS) not in sys.path:  # the scan tests' dump writer serves these tests too
    sys.path.append(str(SCAN_TESTS))


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    if os.environ.get("WIKILINT_REQUIRE_SPARK"):
        import pyspark  # noqa: F401  (an ImportError fails the tests)
    else:
        pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
    from pyspark.sql import SparkSession

    # Python workers run this interpreter and can import the test linters (their path is
    # set in Spark's configuration, not in os.environ: other tests' subprocesses keep theirs).
    # The repository comes first: tests/bot must never pass for the bot package.
    paths = [str(HERE.parents[1]), str(HERE), str(HERE.parent)]
    for path in paths[1:]:
        if path not in sys.path:
            sys.path.append(path)
    os.environ["PYSPARK_PYTHON"] = sys.executable  # read by Spark only
    session = (SparkSession.builder.master("local[2]").appName("wikilint-tests")
               .config("spark.executorEnv.PYTHONPATH", os.pathsep.join(paths))
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.default.parallelism", "2")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.local.dir", str(tmp_path_factory.mktemp("spark-local")))
               .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("warehouse")))
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
