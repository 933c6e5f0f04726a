"""The candidate stage on Spark: band keys, the skew guard, the sorted bucket reduce, verification."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from reuse.models import CandidateParams, SketchConfig
from reuse.spark._buckets import OPENER, PAIR, STAR, STATS, bucket_reduce, cap_rows
from reuse.spark._rows import WINDOW_BITS, band_key_rows, signature_rows, verify_rows

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


@dataclass(frozen=True)
class BoilerplateKey:
    """A band key dropped by the skew guard: text shared by too many documents to pair them."""

    scale: int
    band_key: int
    windows: int
    documents: int


@dataclass(frozen=True)
class Candidates:
    """The stage's answer: candidate document pairs ``(x, y)`` by rank, and what it took.

    ``persisted`` are the DataFrames the stage cached, for the driver to release when done.
    """

    pairs: DataFrame
    figures: dict[str, int]
    boilerplate: tuple[BoilerplateKey, ...]
    persisted: list[DataFrame]


def find_candidates(
    ranked: DataFrame,
    count: int,
    config: SketchConfig,
    candidates: CandidateParams,
    parts: int,
    lap: Callable[[str], None],
) -> Candidates:
    """Candidate pairs of ``ranked`` (``rank``, ``text``), as :func:`reuse.pipeline.candidate_doc_pairs`.

    Args:
        ranked: The documents with their ranks.
        count: How many there are (at most ``exhaustive_up_to``: every pair).
        config: Sketch and LSH settings.
        candidates: Candidate-stage knobs; ``max_bucket`` is the skew guard's cap.
        parts: Partitions of the bucket reduce.
        lap: Called with each sub-stage's name when it is done, for the timings.

    Returns:
        The pairs (persisted), the stage's figures and the boilerplate keys the skew guard dropped.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = ranked.sparkSession
    figures: dict[str, int] = {}
    boilerplate: tuple[BoilerplateKey, ...] = ()
    persisted: list[DataFrame] = []
    if count <= candidates.exhaustive_up_to:
        pairs = (
            ranked.select(F.col("rank").alias("x"))
            .crossJoin(ranked.select(F.col("rank").alias("y")))
            .where("x < y")
        )
        figures |= {"windows": 0, "window_pairs": 0, "colliding_pairs": 0, "capped_pairs": 0}
    else:
        signatures = ranked.mapInArrow(
            partial(signature_rows, config), "scale byte, wid long, sig binary, centre long"
        ).persist(StorageLevel.MEMORY_AND_DISK)
        persisted.append(signatures)
        figures["windows"] = signatures.count()
        lap("sketch")
        keys = signatures.mapInArrow(
            partial(band_key_rows, config), "scale byte, key long, wid long, centre long"
        )
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
            .sortWithinPartitions("scale", "key", "centre", "wid")
            .mapInArrow(
                partial(bucket_reduce, cap, candidates.star_from),
                "kind byte, scale byte, a long, b long, ca long",
            )
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        persisted.append(reduced)
        stats = reduced.where(F.col("kind") == STATS).select("a", "b").collect()
        figures["reduce_partitions"] = sum(1 for r in stats if r["b"] > 0)
        figures["band_key_rows"] = sum(r["b"] for r in stats)

        def lowest_offered(offers: DataFrame) -> DataFrame:
            """Each window's lowest offer: first in centre order (``ca``), then by window id.

            Two plain minimums and a join: a minimum of ``struct(ca, a)`` ran out of aggregation memory
            in local test sessions.
            """
            least = offers.groupBy("scale", "b").agg(F.min("ca").alias("least"))
            return (
                offers.join(least, ["scale", "b"])
                .where(F.col("ca") == F.col("least"))
                .groupBy("scale", "b")
                .agg(F.min("a").alias("a"))
                .select("scale", "a", "b")
            )

        offers = reduced.where(F.col("kind") == STAR).groupBy("scale", "b", "a", "ca").count()
        lowest = lowest_offered(offers)
        twice = lowest_offered(offers.where(F.col("count") >= 2))  # reuse.candidates._met_twice
        opened = lowest_offered(  # the lowest opening window offered in two bands or more
            reduced.where(F.col("kind") == OPENER)
            .groupBy("scale", "b", "a", "ca")
            .count()
            .where(F.col("count") >= 2)
        )
        starred = (
            lowest.unionByName(twice)
            .unionByName(opened)
            .where(F.shiftright("a", WINDOW_BITS) != F.shiftright("b", WINDOW_BITS))
            .select("scale", F.least("a", "b").alias("a"), F.greatest("a", "b").alias("b"))
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
        verified = evidence.where(F.col("best") >= candidates.min_jaccard)
        pairs, figures["capped_pairs"] = cap_pairs(verified, candidates.max_pairs_per_doc, parts)
    pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK)
    persisted.append(pairs)
    figures["candidate_pairs"] = pairs.count()
    lap("verify")
    return Candidates(pairs, figures, boilerplate, persisted)


def cap_pairs(verified: DataFrame, cap: int, parts: int) -> tuple[DataFrame, int]:
    """Verified pairs ``(x, y, best)`` capped at ``cap`` per document, and how many were dropped.

    As :func:`reuse.candidates.cap_per_document`: each pair is a row for both its documents, rows
    are partitioned and sorted by document, each document keeps its ``cap`` best
    (:func:`reuse.spark._buckets.cap_rows`), and a pair stays when both its rows do. When no
    document has more than ``cap`` pairs (a count per document shows it), nothing is shuffled.
    """
    from pyspark.sql import functions as F

    rows = verified.select(F.col("x").alias("doc"), F.col("y").alias("other"), "best").unionByName(
        verified.select(F.col("y").alias("doc"), F.col("x").alias("other"), "best")
    )
    if not rows.groupBy("doc").count().where(F.col("count") > cap).limit(1).count():
        return verified.select("x", "y"), 0
    kept = (
        rows.repartition(parts, "doc")
        .sortWithinPartitions("doc")
        .mapInArrow(partial(cap_rows, cap), "doc long, other long")
        .select(F.least("doc", "other").alias("x"), F.greatest("doc", "other").alias("y"))
        .groupBy("x", "y")
        .count()
        .where(F.col("count") == 2)
        .select("x", "y")
    )
    return kept, verified.count() - kept.count()
