"""The rows the Spark job works with, as plain Python (no pyspark here).

Executors turn each :class:`~bot.scan.lint.PageResult` into one *result
row* (:data:`RESULT_COLUMNS`), carrying the page's findings twice: as the
very JSON lines the local scan writes, and as structured *finding rows*
(:data:`FINDING_COLUMNS`) for Parquet. The finding columns follow
:class:`~rules.finding.Finding`'s fields, then the page's; ``evidence``
(free-form data) is kept as a JSON string. :mod:`wikilint.bot.spark.schema` gives the
matching Spark types.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from wikilint.bot.scan.lint import PAGE_FIELDS, PageResult
from wikilint.rules.finding import Finding


def _column_type(annotation: Any) -> type:
    """``int`` or ``str`` for a field's annotation; ``dict`` for anything else (kept as JSON)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):  # X | None
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = options[0] if len(options) == 1 else dict
    if annotation is int:
        return int
    if isinstance(annotation, type) and issubclass(annotation, str):  # str, str enums (Severity)
        return str
    return dict


#: (name, python type) of each column of a finding row; ``dict`` columns hold JSON text.
FINDING_COLUMNS: tuple[tuple[str, type], ...] = (
    tuple((name, _column_type(field.annotation)) for name, field in Finding.model_fields.items())
    + PAGE_FIELDS
)
#: The finding line exactly as the local scan writes it (JSON lines output).
JSON_COLUMN = "json"

#: (name, python type) of a result row: one per page, plus one "trailer" per unit of work.
RESULT_COLUMNS: tuple[tuple[str, type], ...] = (
    ("source", int),  # index of the dump (or of the wiki in a table)
    ("unit", int),  # partition or chunk of the dump; 0 for a table
    ("ordinal", int),  # page within the unit (the page id for a table); -1: not a page
    ("trailer", bool),  # the row that closes a unit (carries xml_bytes)
    ("page_id", int),
    ("title", str),
    ("revision_id", int),
    ("wiki", str),  # the profile the page was linted with
    ("wiki_db", str),  # the wiki the page belongs to (dump dbname or table column)
    ("text_bytes", int),
    ("xml_bytes", int),
    ("linted", bool),
    ("skipped", str),
    ("findings", int),
    ("counts", dict),  # findings per rule code
    ("finding_rows", list),
    ("problems", list),  # lines of the errors log, as the local scan writes them
)


def finding_row(line: str) -> tuple:
    """A finding line of the local scan as a finding row (the line itself last)."""
    record = json.loads(line)
    values = []
    for name, kind in FINDING_COLUMNS:
        value = record.get(name)
        if kind is dict:
            value = (
                json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value is not None else None
            )
        values.append(value)
    values.append(line)
    return tuple(values)


def result_row(source: int, unit: int, wiki_db: str, name: str, result: PageResult) -> tuple:
    """The result row of one page (``name``: the dump's, for the errors log)."""
    # "\n" only: findings may hold U+2028, U+0085..., which str.splitlines() also splits on
    lines = result.lines.decode("utf-8").split("\n")[:-1] if result.lines else []
    return (
        source,
        unit,
        result.ordinal,
        False,
        result.page_id,
        result.title,
        result.revision_id,
        result.wiki or None,
        wiki_db,
        result.text_bytes,
        0,
        result.linted,
        result.skipped,
        result.findings,
        dict(result.counts),
        [finding_row(line) for line in lines],
        [json.dumps({"dump": name, **problem}, ensure_ascii=False) for problem in result.problems],
    )


def trailer_row(source: int, unit: int, wiki_db: str, xml_bytes: int) -> tuple:
    """The row that closes a unit of work: how much XML it read."""
    return (source, unit, -1, True, None, None, None, None, wiki_db, 0, xml_bytes, False, None, 0, {}, [], [])


def finding_record(row: Any) -> dict[str, Any]:
    """A finding row (a Spark ``Row`` or a dict) back as the local scan's JSON record."""
    data = row.asDict() if hasattr(row, "asDict") else dict(row)
    record = {}
    for name, kind in FINDING_COLUMNS:
        value = data.get(name)
        record[name] = json.loads(value) if kind is dict and value is not None else value
    return record
