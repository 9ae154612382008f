"""Spark types of the rows in :mod:`wikilint.bot.spark.rows`."""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DataType,
    IntegerType,
    LongType,
    MapType,
    StringType,
    StructField,
    StructType,
)

from wikilint.bot.spark.rows import FINDING_COLUMNS, JSON_COLUMN, RESULT_COLUMNS

#: Columns that hold identifiers or byte counts (64 bits); other integers are 32 bits.
LONG_COLUMNS = frozenset({"page_id", "revision_id", "ordinal", "text_bytes", "xml_bytes"})


def _scalar(name: str, kind: type) -> DataType:
    if kind is bool:
        return BooleanType()
    if kind is int:
        return LongType() if name in LONG_COLUMNS else IntegerType()
    return StringType()  # str, and dict kept as JSON text


FINDING_TYPE = StructType(
    [StructField(name, _scalar(name, kind)) for name, kind in FINDING_COLUMNS]
    + [StructField(JSON_COLUMN, StringType())]
)


def _result_field(name: str, kind: type) -> StructField:
    if name == "counts":
        return StructField(name, MapType(StringType(), IntegerType()))
    if name == "finding_rows":
        return StructField(name, ArrayType(FINDING_TYPE))
    if name == "problems":
        return StructField(name, ArrayType(StringType()))
    return StructField(name, _scalar(name, kind))


RESULT_TYPE = StructType([_result_field(name, kind) for name, kind in RESULT_COLUMNS])
