"""The job's committed work, so that an interrupted job can be resumed (``--resume``).

The pages' result rows are not kept in memory until the end: each input
partition's rows are written under ``OUT/_work/results/part=KEY/`` (KEY:
``SOURCE.UNIT`` for a unit of a dump, ``tPARTITION`` for a partition of a
table) as its task ends. Tasks are committed one by one (Hadoop's
``FileOutputCommitter``, algorithm 2: a task's files are moved into place
when the task commits, not when the job does), so a job killed mid-way
leaves the partitions that were done and nothing of the others: a
partition's file appears whole, by one rename, or not at all (its directory
may appear a moment before it, empty; only a file commits a partition). The
outputs (findings, errors, summary) are then computed from every committed
partition, this run's and an interrupted run's alike, so a resumed job
gives what an uninterrupted one gives.

``OUT/_work/plan.json`` holds what the partitions are (the inputs, the plan
of each dump, the options); ``--resume`` refuses to mix partitions of two
different plans. The work directory is removed when the job completes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StringType, StructField, StructType

from wikilint.bot.spark.schema import RESULT_TYPE

WORK = "_work"
KEY_COLUMN = "part"
KEYED_RESULT_TYPE = StructType([*RESULT_TYPE.fields, StructField(KEY_COLUMN, StringType())])
#: Task commits that move each task's files into place as it ends.
COMMIT_OPTIONS = {
    "mapreduce.fileoutputcommitter.algorithm.version": "2",
    "mapreduce.fileoutputcommitter.cleanup-failures.ignored": "true",
}


def plan_signature(description: dict[str, Any]) -> str:
    """The plan as stored: canonical JSON and its digest."""
    text = json.dumps(description, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (
        json.dumps({"digest": digest, "plan": json.loads(text)}, ensure_ascii=False, indent=1, sort_keys=True)
        + "\n"
    )


class WorkDir:
    """``OUT/_work`` on whatever file system OUT is (local, HDFS, S3...)."""

    def __init__(self, spark: SparkSession, out: str) -> None:
        self.spark = spark
        self.path = f"{out.rstrip('/')}/{WORK}"
        self.results = f"{self.path}/results"
        self.plan = f"{self.path}/plan.json"
        jvm = spark.sparkContext._jvm
        assert jvm is not None, "a SparkContext on the driver"
        self._jvm = jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        self._fs = self._Path(self.path).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())

    def clear(self) -> None:
        self._fs.delete(self._Path(self.path), True)

    def read_plan(self) -> str | None:
        """The stored plan, or None when no interrupted run left one."""
        if not self._fs.exists(self._Path(self.plan)):
            return None
        stream = self._fs.open(self._Path(self.plan))
        try:
            reader = self._jvm.java.io.BufferedReader(self._jvm.java.io.InputStreamReader(stream, "UTF-8"))
            lines = []
            line = reader.readLine()
            while line is not None:
                lines.append(line)
                line = reader.readLine()
            return "\n".join(lines) + "\n"
        finally:
            stream.close()

    def write_plan(self, text: str) -> None:
        stream = self._fs.create(self._Path(self.plan), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def committed(self) -> frozenset[str]:
        """The keys of the partitions whose rows were committed."""
        statuses = self._fs.globStatus(self._Path(f"{self.results}/{KEY_COLUMN}=*/part-*"))
        prefix = f"{KEY_COLUMN}="
        return frozenset(status.getPath().getParent().getName()[len(prefix) :] for status in statuses or [])

    def append(self, rows: DataFrame) -> None:
        """Lint and commit: each task's partitions land as the task ends."""
        (rows.write.mode("append").options(**COMMIT_OPTIONS).partitionBy(KEY_COLUMN).parquet(self.results))

    def read(self) -> DataFrame:
        """Every committed result row, in :data:`RESULT_TYPE`'s columns."""
        if not self._fs.exists(self._Path(self.results)):
            return self.spark.createDataFrame([], RESULT_TYPE)
        frame = self.spark.read.schema(KEYED_RESULT_TYPE).parquet(self.results)
        return frame.select(*RESULT_TYPE.fieldNames())
