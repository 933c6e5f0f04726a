"""Documents into Spark and span pairs out: DataFrames from memory or Parquet, Parquet written."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from reuse.spark.driver import SparkScan


def span_pair_rows(ranked: DataFrame, spans: DataFrame) -> DataFrame:
    """One row per aligned span pair: kind, both documents' ids, character offsets, similarity, words."""
    from pyspark.sql import functions as F

    ids = ranked.select("rank", "id")
    return (
        spans.where(F.col("seq") >= 0)
        .join(ids.select(F.col("rank").alias("x"), F.col("id").alias("doc_a")), "x")
        .join(ids.select(F.col("rank").alias("y"), F.col("id").alias("doc_b")), "y")
        .select(
            F.when(F.col("x") == F.col("y"), F.lit("repeat")).otherwise(F.lit("reuse")).alias("kind"),
            "doc_a",
            F.col("a_char_start").alias("a_start"),
            F.col("a_char_end").alias("a_end"),
            "doc_b",
            F.col("b_char_start").alias("b_start"),
            F.col("b_char_end").alias("b_end"),
            "similarity",
            "words",
        )
    )


def groups_path(path: str) -> str:
    """Where :func:`write_span_pairs` puts the near-duplicate groups beside span pairs at ``path``.

    >>> groups_path("out/findings.parquet"), groups_path("out/pairs")
    ('out/findings.groups.parquet', 'out/pairs.groups.parquet')
    """
    stem = path.rstrip("/")
    stem = stem[: -len(".parquet")] if stem.endswith(".parquet") else stem
    return f"{stem}.groups.parquet"


def write_span_pairs(result: SparkScan, path: str) -> None:
    """Write an uncollected scan's span pairs and its near-duplicate groups as Parquet datasets.

    The span pairs go to ``path`` (a folder of part files), the groups, one row ``(id, group)`` per
    member, beside it (:func:`groups_path`).
    """
    if result.span_pairs is None:
        raise ValueError("the scan was collected: write its findings as a report instead")
    result.span_pairs.write.mode("overwrite").parquet(path)
    if result.group_members is not None:
        result.group_members.write.mode("overwrite").parquet(groups_path(path))


def read_parquet(spark: SparkSession, paths: Sequence[str], id_field: str, text_field: str) -> DataFrame:
    """Documents from Parquet files or folders, read by Spark: their id and text, and their order.

    The ``ordinal`` is (file path, row inside the file), from Spark's ``_metadata`` columns: files
    in path order, each file's rows in their order, as the embedded reader reads one file or files
    named in sorted order.
    """
    from pyspark.sql import functions as F

    return spark.read.parquet(*paths).select(
        F.col(id_field).cast("string").alias("id"),
        F.col(text_field).cast("string").alias("text"),
        F.struct(F.col("_metadata.file_path"), F.col("_metadata.row_index")).alias("ordinal"),
    )


def _fragment_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Each batch with its ``text`` read as HTML (:func:`reuse.markup.fragment_text`; none is empty)."""
    import pyarrow as pa

    from reuse.markup import fragment_text

    for batch in batches:
        at = batch.schema.get_field_index("text")
        texts = [fragment_text(text) if text else "" for text in batch.column(at).to_pylist()]
        yield batch.set_column(at, "text", pa.array(texts, pa.string()))


def html_texts(documents: DataFrame) -> DataFrame:
    """``documents`` with each text read as HTML on the executors, as the embedded reader reads it.

    That is :mod:`reuse.markup`'s reading (the executors need the formats extra's lxml). A text with
    none once read (markup only, or null) is empty: the caller names and drops those.
    """
    return documents.mapInArrow(_fragment_batches, documents.schema)


def without_empty_texts(documents: DataFrame, named: int = 3) -> tuple[DataFrame, int, list[str]]:
    """``documents`` less its empty texts, with their count and the first ``named`` ids, in order.

    ``documents`` is persisted first, so texts read by :func:`html_texts` are read once, not once
    for the count and again for the scan. The embedded reader names each record left with no text.
    """
    from pyspark import StorageLevel

    documents = documents.persist(StorageLevel.MEMORY_AND_DISK)
    empty = documents.where("text = ''")
    count = empty.count()
    first = [row["id"] for row in empty.orderBy("ordinal").limit(named).collect()] if count else []
    return documents.where("text != ''"), count, first


def documents_frame(spark: SparkSession, ids: Sequence[str], texts: Sequence[str], slices: int) -> DataFrame:
    """A documents DataFrame from texts in memory, spread over ``slices`` partitions.

    Each document's position in ``ids`` is its ``ordinal``, so the scan keeps this order.
    """
    import pyarrow as pa

    table = pa.table(
        {
            "id": pa.array(list(ids), pa.string()),
            "text": pa.array(list(texts), pa.string()),
            "ordinal": pa.array(range(len(ids)), pa.int64()),
        }
    )
    return spark.createDataFrame(table).repartition(slices)
