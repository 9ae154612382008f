"""What a Spark scan is asked to do (no pyspark here, so the command line can check it first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wikilint.bot.scan.options import DumpScanOptions

FORMATS = ("parquet", "jsonl")


@dataclass(kw_only=True)
class SparkScanOptions(DumpScanOptions):
    """Everything ``wikilint spark`` was asked to do: a dump scan's options, and its tables."""

    out: str
    parquet: list[str] = field(default_factory=list)
    table: str | None = None
    where: str | None = None
    wiki_column: str | None = None
    wiki_db: str | None = None
    format: str = "parquet"
    partitions: int | None = None
    resume: bool = False
    """skip the input partitions whose results an interrupted run committed"""

    def public(self) -> dict[str, Any]:
        return {
            **super().public(),
            "engine": "spark",
            "format": self.format,
            "table": self.table,
            "where": self.where,
        }
