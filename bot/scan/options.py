"""What a dump scan is asked to do: the options ``wikilint scan`` and ``wikilint spark`` share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikilint.bot.scan.child import PAGE_MEMORY_MB, PAGE_TIMEOUT_S
from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.scan.partition import CHUNK_BYTES


@dataclass(kw_only=True)
class DumpScanOptions:
    """The options of every dump scan, local or on Spark."""

    dumps: list[Path] = field(default_factory=list)
    report: Path | None = None
    namespaces: frozenset[int] | None = frozenset({0})
    wiki: str | None = None
    """the profile for every page (``--wiki``); ``None``: from each dump's header"""
    spec: LinterSpec = field(default_factory=LinterSpec)
    page_timeout: float = PAGE_TIMEOUT_S
    page_memory_mb: int = PAGE_MEMORY_MB
    """the address-space limit of each process that lints pages, in MB (0: none)"""
    chunk_bytes: int = CHUNK_BYTES
    partition_bytes: int | None = None

    def public(self) -> dict[str, Any]:
        """The options as the summary shows them."""
        return {
            "namespaces": sorted(self.namespaces) if self.namespaces is not None else "all",
            "wiki": self.wiki or "from the dump",
            "select": list(self.spec.select) if self.spec.select is not None else None,
            "ignore": list(self.spec.ignore) if self.spec.ignore is not None else None,
            "limit": None,
            "page_timeout_s": self.page_timeout,
            "page_memory_mb": self.page_memory_mb,
        }
