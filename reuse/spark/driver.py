"""The driver: :func:`scan_spark` moves Arrow batches between the library's stages and Spark's shuffles."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from reuse.models import (
    AlignParams,
    CandidateParams,
    DuplicateIdError,
    Finding,
    NearDuplicateGroup,
    NearDuplicateParams,
    SketchConfig,
)
from reuse.spark._assemble import assemble
from reuse.spark._buckets import PAIR, STAR, STATS, bucket_reduce
from reuse.spark._rows import (
    SPAN_COLUMNS,
    WINDOW_BITS,
    align_rows,
    band_key_rows,
    rank_rows,
    signature_rows,
    verify_rows,
)
from reuse.spark.environment import shuffle_bytes
from reuse.spark.io import span_pair_rows

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True)
class BoilerplateKey:
    """A band key dropped by the skew guard: text shared by too many documents to pair them."""

    scale: int
    band_key: int
    windows: int
    documents: int


@dataclass(frozen=True)
class SparkScan:
    """What :func:`scan_spark` returns.

    ``findings`` are ``None`` when the result was not collected (``collect=False``); ``span_pairs``
    is then the DataFrame of aligned span pairs (:func:`span_pair_rows`) to write. ``groups`` are
    the near-duplicate groups among the pairs aligned (the embedded scan also asks its document
    sketch for pairs its windows did not propose; Spark does not yet).
    """

    findings: tuple[Finding, ...] | None
    word_counts: dict[str, int]
    figures: dict[str, int]
    timings: dict[str, float]
    boilerplate: tuple[BoilerplateKey, ...]
    parameters: dict[str, object] = field(default_factory=dict)
    span_pairs: Any = None
    groups: tuple[NearDuplicateGroup, ...] = ()


def rank_documents(documents: DataFrame) -> DataFrame:
    """(rank, id, text): documents numbered in id order, without a single-partition step."""
    from pyspark.sql import functions as F

    spark = documents.sparkSession
    ordered = documents.select(F.col("id").cast("string"), F.col("text").cast("string")).orderBy("id")
    local = ordered.mapInArrow(
        rank_rows, "id string, text string, part int, local long, duplicate boolean"
    ).persist()
    counts = local.groupBy("part").agg(F.count("*").alias("n"), F.max("duplicate").alias("dup")).collect()
    if any(row["dup"] for row in counts):
        duplicate = local.where("duplicate").select("id").first()
        local.unpersist()
        raise DuplicateIdError(duplicate["id"] if duplicate else "?")
    offsets, total = [], 0
    for row in sorted(counts, key=lambda r: r["part"]):
        offsets.append((row["part"], total))
        total += row["n"]
    table = spark.createDataFrame(offsets or [(0, 0)], "part int, offset long")
    return local.join(F.broadcast(table), "part").select(
        (F.col("local") + F.col("offset")).alias("rank"), "id", "text"
    )


def scan_spark(
    spark: SparkSession,
    documents: DataFrame,
    config: SketchConfig | None = None,
    candidates: CandidateParams | None = None,
    params: AlignParams | None = None,
    *,
    partitions: int | None = None,
    collect: bool = True,
) -> SparkScan:
    """The scan of :func:`reuse.pipeline.scan` on Spark, for ``documents`` sorted by id.

    Args:
        spark: The session.
        documents: A DataFrame with ``id`` and ``text`` columns (ids unique).
        config: Sketch and LSH settings.
        candidates: Candidate-stage knobs (``max_bucket`` is also the skew guard's cap). Collections
            of at most ``exhaustive_up_to`` documents compare every pair, as the embedded scan does.
        params: Aligner settings.
        partitions: Partitions of the bucket reduce and the alignment (default: the session's
            ``spark.sql.shuffle.partitions``).
        collect: Assemble findings on the driver (small results); without, ``span_pairs`` is the
            DataFrame of aligned span pairs to write (:func:`write_span_pairs`).

    Returns:
        Findings (when collected), word counts, figures (the embedded scan's, plus the skew guard's
        and the shuffle's), timings and the boilerplate keys the skew guard dropped.

    Raises:
        DuplicateIdError: Two documents share an id.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    config = config or SketchConfig()
    candidates = candidates or CandidateParams()
    params = params or AlignParams()
    parts = partitions or int(spark.conf.get("spark.sql.shuffle.partitions") or 8)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    shuffled_before = shuffle_bytes(spark)

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    ranked = rank_documents(documents).persist(StorageLevel.MEMORY_AND_DISK)
    count = ranked.count()
    lap("rank")

    figures: dict[str, int] = {"documents": count}
    boilerplate: tuple[BoilerplateKey, ...] = ()
    persisted: list[DataFrame] = [ranked]
    if count <= candidates.exhaustive_up_to:
        pairs = (
            ranked.select(F.col("rank").alias("x"))
            .crossJoin(ranked.select(F.col("rank").alias("y")))
            .where("x < y")
        )
        figures |= {"windows": 0, "window_pairs": 0, "colliding_pairs": 0}
    else:
        signatures = ranked.mapInArrow(
            partial(signature_rows, config), "scale byte, wid long, sig binary"
        ).persist(StorageLevel.MEMORY_AND_DISK)
        persisted.append(signatures)
        figures["windows"] = signatures.count()
        lap("sketch")
        keys = signatures.mapInArrow(partial(band_key_rows, config), "scale byte, key long, wid long")
        cap = candidates.max_bucket
        heavy = (
            keys.groupBy("scale", "key").agg(F.count("*").alias("windows")).where(F.col("windows") > cap)
        ).persist()
        persisted.append(heavy)
        dropped = (
            keys.join(F.broadcast(heavy), ["scale", "key"])
            .groupBy("scale", "key")
            .agg(
                F.first("windows").alias("windows"),
                F.countDistinct(F.shiftright("wid", WINDOW_BITS)).alias("documents"),
            )
            .where((F.col("documents") > cap) | (F.col("windows") > 8 * cap))
            .collect()
        )
        boilerplate = tuple(
            sorted(
                (BoilerplateKey(r["scale"], r["key"], r["windows"], r["documents"]) for r in dropped),
                key=lambda k: (-k.documents, k.scale, k.band_key),
            )
        )
        if dropped:
            guard = spark.createDataFrame(
                [(k.scale, k.band_key) for k in boilerplate], "scale byte, key long"
            )
            keys = keys.join(F.broadcast(guard), ["scale", "key"], "left_anti")
        figures["boilerplate_keys"] = len(boilerplate)
        lap("skew guard")
        reduced = (
            keys.repartition(parts, "scale", "key")
            .sortWithinPartitions("scale", "key", "wid")
            .mapInArrow(
                partial(bucket_reduce, cap, candidates.star_from), "kind byte, scale byte, a long, b long"
            )
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        persisted.append(reduced)
        stats = reduced.where(F.col("kind") == STATS).select("a", "b").collect()
        figures["reduce_partitions"] = sum(1 for r in stats if r["b"] > 0)
        figures["band_key_rows"] = sum(r["b"] for r in stats)
        starred = (
            reduced.where(F.col("kind") == STAR)
            .groupBy("scale", F.col("b"))
            .agg(F.min("a").alias("a"))
            .where(F.shiftright("a", WINDOW_BITS) != F.shiftright("b", WINDOW_BITS))
        )
        window_pairs = (
            reduced.where(F.col("kind") == PAIR)
            .select("scale", "a", "b")
            .unionByName(starred.select("scale", "a", "b"))
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        persisted.append(window_pairs)
        figures["window_pairs"] = window_pairs.count()
        lap("buckets")
        sig_a = signatures.select("scale", F.col("wid").alias("a"), F.col("sig").alias("sig_a"))
        sig_b = signatures.select("scale", F.col("wid").alias("b"), F.col("sig").alias("sig_b"))
        evidence = (
            window_pairs.join(sig_a, ["scale", "a"])
            .join(sig_b, ["scale", "b"])
            .mapInArrow(partial(verify_rows, config.num_perm), "x long, y long, best double")
            .groupBy("x", "y")
            .agg(F.max("best").alias("best"))
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        persisted.append(evidence)
        figures["colliding_pairs"] = evidence.count()
        pairs = evidence.where(F.col("best") >= candidates.min_jaccard).select("x", "y")
    pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK)
    persisted.append(pairs)
    figures["candidate_pairs"] = pairs.count()
    lap("verify")

    texts = ranked.select("rank", "text")
    jobs = (
        pairs.join(texts.withColumnRenamed("rank", "x").withColumnRenamed("text", "text_x"), "x")
        .join(texts.withColumnRenamed("rank", "y").withColumnRenamed("text", "text_y"), "y")
        .repartition(parts, "x", "y")
    )
    links = jobs.mapInArrow(partial(align_rows, params, False), SPAN_COLUMNS)
    repeats = ranked.mapInArrow(partial(align_rows, params, True), SPAN_COLUMNS)
    spans = links.unionByName(repeats).persist(StorageLevel.MEMORY_AND_DISK)
    persisted.append(spans)
    words = spans.where(F.col("seq") == -1).join(ranked.select(F.col("rank").alias("x"), "id"), "x")
    word_rows = words.select("id", "words").collect()
    word_counts = {r["id"]: r["words"] for r in word_rows}
    figures["words"] = sum(word_counts.values())
    figures["pairs_with_findings"] = spans.where("seq = 0 AND x != y").count()
    lap("align")

    parameters: dict[str, object] = {
        "sketch": asdict(config),
        "candidates": asdict(candidates),
        "align": asdict(params),
        "near_duplicates": asdict(NearDuplicateParams()),
    }
    findings: tuple[Finding, ...] | None = None
    groups: tuple[NearDuplicateGroup, ...] = ()
    if collect:
        findings, groups = assemble(ranked, spans, params)
        figures["findings"] = len(findings)
        lap("findings")
        for frame in persisted:
            frame.unpersist()
        persisted = []
    shuffled = shuffle_bytes(spark)
    if shuffled is not None and shuffled_before is not None:
        figures["shuffle_bytes"] = shuffled - shuffled_before
    rows = None if collect else span_pair_rows(ranked, spans)
    return SparkScan(findings, word_counts, figures, timings, boilerplate, parameters, rows, groups)
