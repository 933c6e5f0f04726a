"""The driver: :func:`scan_spark` moves Arrow batches between the library's stages and Spark's shuffles."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from reuse.docsketch import DedupConfig
from reuse.models import (
    AlignParams,
    CandidateParams,
    DuplicateIdError,
    Finding,
    NearDuplicateGroup,
    NearDuplicateParams,
    Overlap,
    SketchConfig,
)
from reuse.spark._assemble import assemble, completion_candidates, completion_edges
from reuse.spark._candidates import BoilerplateKey, find_candidates
from reuse.spark._rows import (
    SPAN_COLUMNS,
    align_rows,
    rank_rows,
)
from reuse.spark.environment import shuffle_bytes
from reuse.spark.groups import near_duplicate_members, version_pairs
from reuse.spark.io import span_pair_rows

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True)
class SparkScan:
    """What :func:`scan_spark` returns.

    ``findings`` are ``None`` when the result was not collected (``collect=False``); ``span_pairs``
    is then the DataFrame of aligned span pairs (:func:`span_pair_rows`) to write, and
    ``group_members`` one row ``(id, group)`` per document in a near-duplicate group, ``group``
    being the id of its first document (grouped by :func:`reuse.spark.groups.near_duplicate_members`).
    ``groups`` are the near-duplicate groups of a collected result, completed by the document
    sketch as in the embedded scan (an uncollected one's are those of the pairs aligned).
    """

    findings: tuple[Finding, ...] | None
    word_counts: dict[str, int]
    figures: dict[str, int]
    timings: dict[str, float]
    boilerplate: tuple[BoilerplateKey, ...]
    parameters: dict[str, object] = field(default_factory=dict)
    span_pairs: Any = None
    groups: tuple[NearDuplicateGroup, ...] = ()
    group_members: Any = None


def rank_documents(documents: DataFrame) -> DataFrame:
    """(rank, id, text, centre): documents numbered in id order, without a single-partition step.

    Id order, as the embedded scan takes documents (:func:`reuse.pipeline.scan`), so the findings
    do not depend on the order the documents came in. The sort is Spark's range partitioning (by
    the id's UTF-8 bytes, which order as its code points do: Python's string order); each
    partition numbers its rows and the driver adds the counts of the partitions before it.

    Raises:
        DuplicateIdError: Two documents share an id (the smallest such id is named).
    """
    from pyspark.sql import functions as F

    spark = documents.sparkSession
    duplicate = (
        documents.groupBy(F.col("id").cast("string").alias("id"))
        .count()
        .where(F.col("count") > 1)
        .agg(F.min("id").alias("id"))
        .first()
    )
    if duplicate is not None and duplicate["id"] is not None:
        raise DuplicateIdError(duplicate["id"])
    ordered = documents.select(
        F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text")
    ).orderBy("id")
    local = ordered.mapInArrow(rank_rows, "id string, text string, part int, local long").persist()
    counts = local.groupBy("part").agg(F.count("*").alias("n")).collect()
    offsets, total = [], 0
    for row in sorted(counts, key=lambda r: r["part"]):
        offsets.append((row["part"], total))
        total += row["n"]
    table = spark.createDataFrame(offsets or [(0, 0)], "part int, offset long")
    # The embedded scan's centre key (reuse.pipeline.centre_order): length, then the first 32 bits of
    # the text's sha256, as one number; ties go to the rank, as the embedded key's to the id order.
    sha32 = F.conv(F.substring(F.sha2("text", 256), 1, 8), 16, 10).cast("long")
    return local.join(F.broadcast(table), "part").select(
        (F.col("local") + F.col("offset")).alias("rank"),
        "id",
        "text",
        F.shiftleft(F.length("text").cast("long"), 32).bitwiseOR(sha32).alias("centre"),
    )


def scan_spark(
    spark: SparkSession,
    documents: DataFrame,
    config: SketchConfig | None = None,
    candidates: CandidateParams | None = None,
    params: AlignParams | None = None,
    *,
    near_duplicates: NearDuplicateParams | None = None,
    partitions: int | None = None,
    collect: bool = True,
    max_driver_edges: int = 5_000_000,
    max_driver_sketches: int = 2_000_000,
    checkpoint_dir: str | None = None,
) -> SparkScan:
    """The scan of :func:`reuse.pipeline.scan` on Spark: the same findings for the same documents.

    Args:
        spark: The session.
        documents: A DataFrame with ``id`` and ``text`` columns (ids unique); an ``ordinal``
            column (the input order) may be there and is not used: the stages take documents in
            id order, as the embedded scan does, so their order changes no finding.
        config: Sketch and LSH settings.
        candidates: Candidate-stage knobs (``max_bucket`` is also the skew guard's cap). Collections
            of at most ``exhaustive_up_to`` documents compare every pair, as the embedded scan does.
        params: Aligner settings.
        near_duplicates: When two documents are near-duplicates (:mod:`reuse.neardup`).
        partitions: Partitions of the bucket reduce and the alignment (default: the session's
            ``spark.sql.shuffle.partitions``).
        collect: Assemble findings on the driver (small results); without, ``span_pairs`` is the
            DataFrame of aligned span pairs to write (:func:`write_span_pairs`).
        max_driver_edges: Near-duplicate pairs up to which an uncollected result's groups are
            made on the driver, by :func:`reuse.neardup.groups`; beyond, by distributed connected
            components (:mod:`reuse.spark.groups`).
        max_driver_sketches: Documents up to which an uncollected result's groups are completed as
            the embedded scan's are, by the document sketch (collected, 520 bytes a document: 1 GB at
            the default) and checks on the driver; beyond, they are those of the pairs aligned.
        checkpoint_dir: Where that loop writes its rounds (default: the session's checkpoint folder).

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
    near_duplicates = near_duplicates or NearDuplicateParams()
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

    found = find_candidates(ranked, count, config, candidates, parts, lap)
    pairs, boilerplate = found.pairs, found.boilerplate
    figures: dict[str, int] = {"documents": count} | found.figures
    persisted: list[DataFrame] = [ranked, *found.persisted]

    texts = ranked.select("rank", "text")
    jobs = (
        pairs.join(texts.withColumnRenamed("rank", "x").withColumnRenamed("text", "text_x"), "x")
        .join(texts.withColumnRenamed("rank", "y").withColumnRenamed("text", "text_y"), "y")
        .repartition(parts, "x", "y")
    )
    containment = near_duplicates.min_containment
    links = jobs.mapInArrow(partial(align_rows, params, containment, False), SPAN_COLUMNS)
    repeats = ranked.mapInArrow(partial(align_rows, params, containment, True), SPAN_COLUMNS)
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
        "near_duplicates": asdict(near_duplicates),
    }
    findings: tuple[Finding, ...] | None = None
    groups: tuple[NearDuplicateGroup, ...] = ()
    members = None
    if collect:
        more = np.zeros((0, 2), dtype=np.int64)
        if count > candidates.exhaustive_up_to:  # as the embedded scan: its document sketch's pairs
            more = completion_candidates(ranked, pairs, DedupConfig())
        findings, groups, checked, near_pairs = assemble(ranked, spans, params, near_duplicates, more)
        figures["findings"] = len(findings)
        figures["near_duplicate_checks"] = checked
        # Every near-duplicate pair, as the embedded scan counts them: a roundup's briefs are in none
        # of its groups' pairs.
        figures["near_duplicate_pairs"] = near_pairs
        figures["near_duplicate_groups"] = len(groups)
        lap("findings")
        for frame in persisted:
            frame.unpersist()
        persisted = []
    else:
        more_pairs: list[tuple[int, int, Overlap]] = []
        if candidates.exhaustive_up_to < count <= max_driver_sketches:  # as the collected result
            more = completion_candidates(ranked, pairs, DedupConfig())
            more_pairs, figures["near_duplicate_checks"] = completion_edges(
                ranked, more, version_pairs(spans, containment, max_driver_edges), params, near_duplicates
            )
        members = near_duplicate_members(
            ranked, spans, figures, containment, max_driver_edges, checkpoint_dir, more_pairs
        )
        lap("near-duplicates")
    shuffled = shuffle_bytes(spark)
    if shuffled is not None and shuffled_before is not None:
        figures["shuffle_bytes"] = shuffled - shuffled_before
    rows = None if collect else span_pair_rows(ranked, spans)
    return SparkScan(findings, word_counts, figures, timings, boilerplate, parameters, rows, groups, members)
