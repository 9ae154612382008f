"""What a Spark scan is asked to do (no pyspark here, so the command line can check it first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.scan.partition import CHUNK_BYTES

FORMATS = ("parquet", "jsonl")


@dataclass
class SparkScanOptions:
    """Everything ``wikilint spark`` was asked to do."""

    out: str
    dumps: list[Path] = field(default_factory=list)
    parquet: list[str] = field(default_factory=list)
    table: str | None = None
    where: str | None = None
    wiki_column: str | None = None
    wiki_db: str | None = None
    format: str = "parquet"
    report: Path | None = None
    namespaces: frozenset[int] | None = frozenset({0})
    wiki: str | None = None
    spec: LinterSpec = field(default_factory=LinterSpec)
    page_timeout: float = 30.0
    partitions: int | None = None
    partition_bytes: int | None = None
    chunk_bytes: int = CHUNK_BYTES
