"""Findings and near-duplicate groups assembled on the driver from collected span pairs.

The near-duplicate groups are completed as the embedded scan completes them
(:func:`reuse.docsketch.complete_groups`): every document's whole-document sketch is computed on
the executors and collected, :func:`reuse.docsketch.completion_pairs` proposes the pairs the window
stage did not align, and :func:`reuse.docsketch.check_pairs` aligns them on the driver. Memory on
the driver: ``4 * num_perm + 8`` bytes per document (520 with the default: 1 GB per 2 million
documents), the candidate pairs (16 bytes each), and the words of the documents it checks. A
collected result is small by definition; for one that is not, the pairs the window stage aligned
and those :func:`completion_edges` adds, checked on the driver the same way (up to
``max_driver_sketches`` documents), are grouped by :func:`reuse.spark.groups.near_duplicate_members`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from reuse.models import AlignParams, Finding, NearDuplicateGroup, NearDuplicateParams, Overlap

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

    from reuse.docsketch import DedupConfig

I64 = npt.NDArray[np.int64]


def completion_candidates(ranked: DataFrame, aligned: DataFrame, config: DedupConfig) -> I64:
    """The pairs (by rank) the document sketch proposes beyond those ``aligned``, sketched on executors."""
    from functools import partial

    from pyspark.sql import functions as F

    from reuse.docsketch import completion_pairs
    from reuse.spark._rows import document_sketch_rows, matrix

    sketches = (
        ranked.select("rank", "text")
        .mapInArrow(partial(document_sketch_rows, config), "rank long, sig binary, size long")
        .orderBy("rank")
        .toArrow()
    )
    # Ranks run 0..n-1 (rank_documents), so row k of the sorted sketches is document k.
    signatures = matrix(sketches.column("sig").combine_chunks(), config.num_perm)
    sizes = sketches.column("size").to_numpy().astype(np.int64)
    done = aligned.select(F.least("x", "y").alias("x"), F.greatest("x", "y").alias("y")).toArrow()
    pairs = np.stack((done.column("x").to_numpy(), done.column("y").to_numpy()), axis=1).astype(np.int64)
    return completion_pairs(signatures, sizes, pairs.reshape(-1, 2), config)


def assemble(
    ranked: DataFrame,
    spans: DataFrame,
    params: AlignParams,
    near_duplicates: NearDuplicateParams,
    more: I64,
) -> tuple[tuple[Finding, ...], tuple[NearDuplicateGroup, ...], int, int]:
    """Findings and near-duplicate groups by the library's stages, from the collected span pairs.

    ``more`` are the document sketch's pairs to check (:func:`completion_candidates`), by rank.

    Returns:
        The findings, the groups, how many of ``more`` were aligned, and the near-duplicate pairs
        found (a roundup's briefs are near-duplicates of it in none of its groups).
    """
    from pyspark.sql import functions as F

    from reuse.docsketch import check_pairs
    from reuse.findings import Link, repeat_findings, shared_findings
    from reuse.neardup import NearPair, overlap, version_groups
    from reuse.prepare import prepare_batch
    from reuse.spans import SpanPair, TokenSpan

    rows = spans.where(F.col("seq") >= 0).orderBy("x", "y", "seq").collect()
    involved = sorted({r["x"] for r in rows} | {r["y"] for r in rows} | set(more.ravel().tolist()))
    if not involved:
        return (), (), 0, 0
    spark = ranked.sparkSession
    wanted = spark.createDataFrame([(r,) for r in involved], "rank long")
    docs = ranked.join(F.broadcast(wanted), "rank").orderBy("rank").collect()
    compact = {r["rank"]: k for k, r in enumerate(docs)}
    ids = [r["id"] for r in docs]
    prepared = prepare_batch([r["text"] for r in docs])
    links: list[Link] = []
    repeats: dict[int, list[SpanPair]] = {}
    for r in rows:
        pair = SpanPair(
            TokenSpan(r["a_start"], r["a_end"]), TokenSpan(r["b_start"], r["b_end"]), r["similarity"]
        )
        if r["x"] == r["y"]:
            repeats.setdefault(compact[r["x"]], []).append(pair)
        else:
            links.append(Link(compact[r["x"]], compact[r["y"]], pair))
    findings: list[Finding] = []
    for k, pairs in sorted(repeats.items()):
        findings += repeat_findings(ids[k], prepared[k], pairs)
    findings += shared_findings(ids, prepared, links, params)
    findings.sort(key=Finding.sort_key)
    by_pair: dict[tuple[int, int], list[SpanPair]] = {}
    for link in links:
        by_pair.setdefault((link.x, link.y), []).append(link.pair)
    minimum = near_duplicates.min_containment
    near: list[NearPair] = []
    for (x, y), pairs in sorted(by_pair.items()):
        both = overlap(len(prepared[x].tokens), len(prepared[y].tokens), pairs)
        if both.near_duplicate(minimum):
            near.append((x, y, both, pairs))
    # Ranks map to compact indices in order, so the check makes the embedded scan's choices.
    to_compact = np.array([compact[r] for r in more.ravel().tolist()], dtype=np.int64).reshape(-1, 2)
    found, checked = check_pairs(
        prepared,
        to_compact,
        params,
        minimum,
        workers=1,
        joined=[(x, y) for x, y, both, _ in near if both.versions(minimum)],
    )
    return tuple(findings), version_groups(ids, prepared, near + found, minimum), checked, len(near + found)


def completion_edges(
    ranked: DataFrame,
    more: I64,
    joined: list[tuple[int, int]],
    params: AlignParams,
    near_duplicates: NearDuplicateParams,
) -> tuple[list[tuple[int, int, Overlap]], int]:
    """The near-duplicate pairs (by rank) among the document sketch's pairs ``more``, for an uncollected scan.

    Only the documents of ``more`` are collected and prepared; ``joined`` (pairs by rank that are
    versions of one story, those the window stage found, when they fit the driver) spares aligning
    pairs already joined. The groups of these pairs with the window stage's are those of aligning
    every pair, as :func:`reuse.docsketch.check_pairs` says, whatever ``joined`` holds.

    Returns:
        The near-duplicate pairs found with their overlaps, and how many pairs were aligned.
    """
    from pyspark.sql import functions as F

    from reuse.docsketch import check_pairs
    from reuse.prepare import prepare_batch

    involved = sorted(set(more.ravel().tolist()))
    if not involved:
        return [], 0
    wanted = ranked.sparkSession.createDataFrame([(r,) for r in involved], "rank long")
    docs = ranked.join(F.broadcast(wanted), "rank").orderBy("rank").collect()
    compact = {r["rank"]: k for k, r in enumerate(docs)}
    prepared = prepare_batch([r["text"] for r in docs])
    pairs = np.array([compact[r] for r in more.ravel().tolist()], dtype=np.int64).reshape(-1, 2)
    known = [(compact[x], compact[y]) for x, y in joined if x in compact and y in compact]
    found, checked = check_pairs(
        prepared, pairs, params, near_duplicates.min_containment, workers=1, joined=known
    )
    return [(involved[x], involved[y], both) for x, y, both, _ in found], checked
