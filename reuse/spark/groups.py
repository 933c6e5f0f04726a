"""Near-duplicate groups of an uncollected scan: :func:`reuse.neardup.groups`, where the pairs are many.

Versions of one story (:meth:`~reuse.models.Overlap.versions`) are one group through any chain of
them; a smaller text held whole inside longer ones (a statement two stories quote) joins the group
of the document holding most of it, so it never makes two stories one group. Versions holding smaller
parts of three or more different stories (:data:`reuse.neardup.ROUNDUP_STORIES`) are a roundup of
them, not their version, and hold none.

Up to ``max_driver_edges`` near-duplicate pairs, they are collected (as Arrow, six integers a pair)
and grouped on the driver by :func:`reuse.neardup.groups` itself, the embedded scan's function.
Beyond, in three distributed steps: the versions' connected components
(:func:`reuse.spark.components.connected_components`); the components holding texts of
``roundup_stories`` other components or more (roundups), left out as holders; for each component,
the pair whose longer document, in another component and no roundup, holds the largest share of
one of its texts (ties: the longer holder, then the first); and the components of the versions with
those links. That is
:func:`reuse.neardup.groups` but for one order effect: there, groups attach longest first, and a
group whose best holder has by then joined it through a third links to the next best holder; here,
to none.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from reuse.models import Overlap
from reuse.neardup import ROUNDUP_STORIES
from reuse.spark.components import connected_components

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

OVERLAP_COLUMNS = ("x", "y", "a_words", "b_words", "a_aligned", "b_aligned")
"""A near-duplicate pair by rank and its :class:`~reuse.models.Overlap`, as the span rows carry it."""

ROLE_COLUMNS = "x long, y long, version boolean, short long, holder long, share double, holder_words int"


def pair_roles(min_containment: float, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Each near-duplicate pair as a version pair, or as the shorter document held by the longer.

    Run in the Python workers; the decision is the library's (:meth:`Overlap.versions`,
    :attr:`Overlap.a_is_shorter`, :attr:`Overlap.containment`).
    """
    import pyarrow as pa

    for batch in batches:
        rows = zip(*(batch.column(c).to_pylist() for c in OVERLAP_COLUMNS), strict=True)
        out: list[tuple[int, int, bool, int, int, float, int]] = []
        for x, y, *counts in rows:
            both = Overlap(*counts)
            short, holder = (x, y) if both.a_is_shorter else (y, x)
            holder_words = both.b_words if both.a_is_shorter else both.a_words
            out.append((x, y, both.versions(min_containment), short, holder, both.containment, holder_words))
        columns = list(zip(*out, strict=True)) if out else [()] * 7
        types = [pa.int64(), pa.int64(), pa.bool_(), pa.int64(), pa.int64(), pa.float64(), pa.int32()]
        names = [c.split()[0] for c in ROLE_COLUMNS.split(", ")]
        yield pa.RecordBatch.from_arrays(
            [pa.array(list(c), type=t) for c, t in zip(columns, types, strict=True)], names=names
        )


def _near_pairs(spans: DataFrame) -> DataFrame:
    """One row per near-duplicate pair the aligner marked, with its overlap (:data:`OVERLAP_COLUMNS`)."""
    return spans.where("near AND seq = 0 AND x != y").select(*OVERLAP_COLUMNS)


def version_pairs(spans: DataFrame, min_containment: float, max_pairs: int) -> list[tuple[int, int]]:
    """The pairs (by rank) the aligner found to be versions of one story, when at most ``max_pairs``.

    What :func:`reuse.docsketch.check_pairs` may take as joined already; beyond ``max_pairs``, none.
    """
    pairs = _near_pairs(spans)
    if pairs.limit(max_pairs + 1).count() > max_pairs:
        return []
    table = pairs.toArrow()
    rows = zip(*(table.column(c).to_pylist() for c in OVERLAP_COLUMNS), strict=True)
    return [(x, y) for x, y, *counts in rows if Overlap(*counts).versions(min_containment)]


def near_duplicate_members(
    ranked: DataFrame,
    spans: DataFrame,
    figures: dict[str, int],
    min_containment: float,
    max_driver_edges: int,
    checkpoint_dir: str | None,
    more: Sequence[tuple[int, int, Overlap]] = (),
    roundup_stories: int = ROUNDUP_STORIES,
) -> DataFrame:
    """``(id, group)`` for every document in a near-duplicate group; ``group`` is its first document's id.

    The groups of the pairs the aligner marked ``near`` and of ``more`` (the document sketch's,
    by rank, with their overlaps). Counts go into ``figures``. ``roundup_stories``: as
    :func:`reuse.neardup.groups`'.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = ranked.sparkSession
    pairs = _near_pairs(spans)
    if more:
        extra = [(x, y, o.a_words, o.b_words, o.a_aligned, o.b_aligned) for x, y, o in more]
        schema = "x long, y long, a_words int, b_words int, a_aligned int, b_aligned int"
        pairs = pairs.unionByName(spark.createDataFrame(extra, schema))
    pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK)
    count = pairs.count()
    figures["near_duplicate_pairs"] = count
    if count <= max_driver_edges:
        found, rounds = _on_driver(pairs, min_containment, roundup_stories), 0
    else:
        found, rounds = _distributed(
            pairs, min_containment, max_driver_edges, checkpoint_dir, roundup_stories
        )
    ids = ranked.select("rank", "id")
    members = (
        found.join(ids.select(F.col("rank").alias("node"), "id"), "node")
        .join(ids.select(F.col("rank").alias("component"), F.col("id").alias("group")), "component")
        .select("id", "group")
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    figures["near_duplicate_groups"] = members.select("group").distinct().count()
    figures["component_rounds"] = rounds
    pairs.unpersist()
    return members


def _on_driver(pairs: DataFrame, min_containment: float, roundup_stories: int = ROUNDUP_STORIES) -> DataFrame:
    """``(node, component)`` by :func:`reuse.neardup.groups` over the collected pairs."""
    import pyarrow as pa

    from reuse.neardup import groups

    table = pairs.toArrow()
    columns = [table.column(c).to_numpy().astype(np.int64) for c in OVERLAP_COLUMNS]
    xs, ys, *counts = columns
    # Dense indices in rank order, so groups() breaks ties and orders members as on the ranks.
    nodes, inverse = np.unique(np.concatenate((xs, ys)), return_inverse=True)
    dense = zip(
        inverse[: xs.size].tolist(), inverse[xs.size :].tolist(), *(c.tolist() for c in counts), strict=True
    )
    found = groups([(x, y, Overlap(*rest)) for x, y, *rest in dense], min_containment, roundup_stories)
    node = [int(nodes[k]) for members in found for k in members]
    component = [int(nodes[members[0]]) for members in found for _ in members]
    table = pa.table({"node": pa.array(node, pa.int64()), "component": pa.array(component, pa.int64())})
    return pairs.sparkSession.createDataFrame(table)


def _distributed(
    pairs: DataFrame,
    min_containment: float,
    max_driver_edges: int,
    checkpoint_dir: str | None,
    roundup_stories: int = ROUNDUP_STORIES,
) -> tuple[DataFrame, int]:
    """``(node, component)`` and the rounds, by the versions' components and one link per component."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    roles = pairs.mapInArrow(partial(pair_roles, min_containment), ROLE_COLUMNS)
    roles = roles.persist(StorageLevel.MEMORY_AND_DISK)
    versions = roles.where("version").select(F.col("x").alias("src"), F.col("y").alias("dst"))
    first = connected_components(versions, max_driver_edges=max_driver_edges, checkpoint_dir=checkpoint_dir)
    of = first.members
    held = (
        roles.where("NOT version")
        .join(
            of.select(F.col("node").alias("short"), F.col("component").alias("short_group")), "short", "left"
        )
        .join(
            of.select(F.col("node").alias("holder"), F.col("component").alias("holder_group")),
            "holder",
            "left",
        )
        .select(
            F.coalesce("short_group", "short").alias("src"),
            F.coalesce("holder_group", "holder").alias("dst"),
            "share",
            "holder_words",
            (-F.col("holder")).alias("first"),
        )
        .where(F.col("src") != F.col("dst"))
    )
    # A component holding texts of roundup_stories other components or more is a roundup: no holder.
    roundups = (
        held.groupBy("dst")
        .agg(F.countDistinct("src").alias("stories"))
        .where(F.col("stories") >= roundup_stories)
    )
    held = held.join(roundups.select("dst"), "dst", "left_anti")
    best = held.groupBy("src").agg(F.max(F.struct("share", "holder_words", "first", "dst")).alias("best"))
    links = best.select("src", F.col("best.dst").alias("dst"))
    final = connected_components(
        versions.unionByName(links), max_driver_edges=max_driver_edges, checkpoint_dir=checkpoint_dir
    )
    roles.unpersist()
    return final.members, first.rounds + final.rounds
