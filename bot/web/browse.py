"""Browsing a whole-wiki scan (``wikilint serve --scan DIR``) with DuckDB.

``DIR`` holds the output of ``wikilint scan`` (``findings.jsonl``, JSON
lines) or of ``wikilint spark`` (``findings/…/part-*.parquet``, or
``part-*.txt`` JSON lines). DuckDB reads them in place, once, into a
compressed columnar table in a database file of its own (nothing passes
through Python objects), with one aggregate per page and rule beside it; every
question of the browser (rules → pages → findings, filtered by rule,
severity, section words or title, sorted by the number of findings or by the
oldest tag, paged) is one SQL query over them, measured under a second on 5
million findings.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

PAGE_SIZE = 50
SORTS = ("findings", "oldest", "title")
SEVERITIES = ("error", "warning", "info")
#: The columns of a finding as the browser reads them, with DuckDB types.
COLUMNS = {
    "code": "VARCHAR",
    "rule": "VARCHAR",
    "severity": "VARCHAR",
    "message": "VARCHAR",
    "message_key": "VARCHAR",
    "line": "BIGINT",
    "column": "BIGINT",
    "end_line": "BIGINT",
    "end_column": "BIGINT",
    "offset": "BIGINT",
    "end_offset": "BIGINT",
    "section": "VARCHAR",
    "snippet": "VARCHAR",
    "suggestion": "VARCHAR",
    "evidence": "JSON",
    "params": "JSON",
    "page_id": "BIGINT",
    "title": "VARCHAR",
    "revision_id": "BIGINT",
    "wiki": "VARCHAR",
}


class BrowseError(Exception):
    """A scan directory that cannot be browsed."""


@dataclass(frozen=True)
class Filters:
    """What the browser's lists are narrowed to."""

    code: str | None = None
    severity: str | None = None
    title: str | None = None
    section: str | None = None
    wiki: str | None = None

    def where(self, *, use_code: bool = True) -> tuple[str, list[Any]]:
        clauses, params = ["TRUE"], []
        if use_code and self.code:
            clauses.append("code = ?")
            params.append(self.code)
        if self.severity in SEVERITIES:
            clauses.append("severity = ?")
            params.append(self.severity)
        if self.wiki:
            clauses.append("wiki = ?")
            params.append(self.wiki)
        if self.title:
            clauses.append("title ILIKE ? ESCAPE '\\'")
            params.append(f"%{_like(self.title)}%")
        for word in (self.section or "").split():
            clauses.append("section ILIKE ? ESCAPE '\\'")
            params.append(f"%{_like(word)}%")
        return " AND ".join(clauses), params

    @property
    def finding_level(self) -> bool:
        """Whether the per-page aggregate cannot answer (section words asked)."""
        return bool(self.section)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sources(directory: Path) -> tuple[str, list[str]]:
    """``("parquet"|"json", files)`` of a scan's findings under ``directory``."""
    parquet, lines = [], []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d != "errors")
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(".parquet"):
                parquet.append(path)
            elif (name.endswith(".jsonl") and name.startswith("findings")) or (
                name.startswith("part-") and name.endswith(".txt")
            ):
                lines.append(path)
    if parquet:
        return "parquet", parquet
    if lines:
        return "json", lines
    raise BrowseError(
        f"{directory}: no findings (findings.jsonl from `wikilint scan`, or "
        f"findings/ with Parquet or JSON lines from `wikilint spark`)"
    )


class ScanBrowser:
    """The findings of one scan, loaded once into DuckDB and queried there."""

    def __init__(self, directory: str | os.PathLike, database: str | None = None) -> None:
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise BrowseError(f"{directory}: not a directory")
        self.kind, files = _sources(self.directory)
        self._tempdir = None
        if database is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="wikilint-browse-")
            database = os.path.join(self._tempdir.name, "scan.duckdb")
        self._con = duckdb.connect(database)
        self._local = threading.local()
        started = time.perf_counter()
        self._load(files)
        self.load_seconds = time.perf_counter() - started
        self.total = self._one("SELECT count(*) FROM findings")[0]

    def _load(self, files: list[str]) -> None:
        if self.kind == "parquet":
            source = "read_parquet(?, hive_partitioning = true, union_by_name = true)"
        else:
            columns = ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items())
            source = (
                f"read_json(?, format = 'newline_delimited', columns = {{{columns}}}, "
                f"ignore_errors = true, hive_partitioning = true)"
            )
        con = self._con
        con.execute("DROP TABLE IF EXISTS findings")
        con.execute(
            f"""
            CREATE TABLE findings AS
            SELECT row_number() OVER () AS id,
                   code, rule, severity, message, message_key, line, "column", end_line,
                   end_column, "offset", end_offset, coalesce(section, '') AS section,
                   snippet, suggestion, CAST(evidence AS VARCHAR) AS evidence,
                   page_id, coalesce(title, '') AS title, revision_id,
                   coalesce(wiki, '') AS wiki,
                   coalesce(json_extract_string(CAST(evidence AS VARCHAR), '$.date_parsed'),
                            json_extract_string(CAST(evidence AS VARCHAR), '$.date'))
                       AS tag_date,
                   hash(coalesce(wiki, ''), coalesce(title, '')) AS page_key
            FROM {source}
            ORDER BY wiki, title, line, "column" """,
            [files],
        )  # a page's rows together
        con.execute("""
            CREATE TABLE page_rules AS
            SELECT page_key, wiki, title, code, severity, any_value(rule) AS rule,
                   any_value(page_id) AS page_id, max(revision_id) AS revision_id,
                   count(*) AS findings, min(tag_date) AS oldest
            FROM findings GROUP BY page_key, wiki, title, code, severity""")
        con.execute("""
            CREATE TABLE page_totals AS
            SELECT page_key, any_value(wiki) AS wiki, any_value(title) AS title,
                   any_value(page_id) AS page_id, max(revision_id) AS revision_id,
                   sum(findings) AS findings, min(oldest) AS oldest
            FROM page_rules GROUP BY page_key""")
        con.execute("""
            CREATE TABLE rule_totals AS
            SELECT code, any_value(rule) AS rule, any_value(severity) AS severity,
                   sum(findings) AS findings, count(DISTINCT page_key) AS pages
            FROM page_rules GROUP BY code""")

    # -- connections: one cursor per thread ------------------------------------------

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._con.cursor()
        return cursor

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self._cursor().execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _one(self, sql: str, params: list[Any] | None = None) -> tuple:
        row = self._cursor().execute(sql, params or []).fetchone()
        assert row is not None  # the queries are aggregates: one row, always
        return row

    # -- the questions ------------------------------------------------------------------

    def rules(self, filters: Filters) -> list[dict[str, Any]]:
        """Per rule: findings and pages, most findings first."""
        if filters == Filters():
            return self._rows("SELECT * FROM rule_totals ORDER BY findings DESC, code")
        table = "findings" if filters.finding_level else "page_rules"
        count = "count(*)" if filters.finding_level else "sum(findings)"
        where, params = filters.where(use_code=False)
        return self._rows(
            f"""
            SELECT code, any_value(rule) AS rule, any_value(severity) AS severity,
                   {count} AS findings, count(DISTINCT page_key) AS pages
            FROM {table} WHERE {where} GROUP BY code ORDER BY findings DESC, code""",
            params,
        )

    def pages(
        self, filters: Filters, sort: str = "findings", page: int = 1, size: int = PAGE_SIZE
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the pages with findings (and how many there are in all)."""
        order = {
            "findings": "findings DESC, title",
            "oldest": "oldest ASC NULLS LAST, title",
            "title": "title, wiki",
        }[sort if sort in SORTS else "findings"]
        table = "findings" if filters.finding_level else "page_rules"
        count = "count(*)" if filters.finding_level else "sum(findings)"
        oldest = "min(tag_date)" if filters.finding_level else "min(oldest)"
        where, params = filters.where()
        if not (filters.code or filters.severity or filters.section):  # one row a page already
            rows = self._rows(
                f"""
                SELECT *, count(*) OVER () AS total FROM page_totals WHERE {where}
                ORDER BY {order} LIMIT ? OFFSET ?""",
                params + [size, (max(page, 1) - 1) * size],
            )
            return rows, rows[0]["total"] if rows else 0
        rows = self._rows(
            f"""
            SELECT any_value(wiki) AS wiki, any_value(title) AS title,
                   any_value(page_id) AS page_id, max(revision_id) AS revision_id,
                   {count} AS findings, {oldest} AS oldest,
                   count(*) OVER () AS total
            FROM {table} WHERE {where} GROUP BY page_key
            ORDER BY {order} LIMIT ? OFFSET ?""",
            params + [size, (max(page, 1) - 1) * size],
        )
        total = rows[0]["total"] if rows else self._total_pages(table, where, params)
        return rows, total

    def _total_pages(self, table: str, where: str, params: list[Any]) -> int:
        return self._one(f"SELECT count(DISTINCT page_key) FROM {table} WHERE {where}", params)[0]

    def findings(self, wiki: str, title: str, filters: Filters) -> list[dict[str, Any]]:
        """The findings of one page, in the order of its text."""
        where, params = filters.where()
        return self._rows(
            f"""
            SELECT * FROM findings WHERE wiki = ? AND title = ? AND {where}
            ORDER BY line, "column", code""",
            [wiki, title, *params],
        )

    def finding(self, finding_id: int) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM findings WHERE id = ?", [finding_id])
        return rows[0] if rows else None

    def wikis(self) -> list[str]:
        return [row["wiki"] for row in self._rows("SELECT DISTINCT wiki FROM page_rules ORDER BY wiki")]

    def close(self) -> None:
        self._con.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()
