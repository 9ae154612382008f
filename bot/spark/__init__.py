"""The dump scan on Apache Spark (``wikilint spark``; needs ``wikilint[spark]``).

The same engine, rules, page reading and filtering as ``wikilint scan``
(:mod:`wikilint.bot.scan`), spread over a cluster:

- :mod:`wikilint.bot.spark.cli`: the command line (no pyspark import until it runs);
- :mod:`wikilint.bot.spark.job`: the driver — plans dumps and reads tables, runs the
  tasks, writes findings (Parquet or JSON lines) and the errors log, builds
  the summary and the local scan's HTML report;
- :mod:`wikilint.bot.spark.tasks`: what runs on the executors — units of a dump or
  table rows in, one result row per page out;
- :mod:`wikilint.bot.spark.guard`: the per-worker child process that lints with a
  time limit per page, so that no page can stall or kill the job;
- :mod:`wikilint.bot.spark.rows` and :mod:`wikilint.bot.spark.schema`: the rows and their
  Spark types; :mod:`wikilint.bot.spark.summary`: the summary as Spark aggregations.

Importing this package does not import pyspark.
"""

from __future__ import annotations
