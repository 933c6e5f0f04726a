"""Connected components of an edge DataFrame: union-find on the driver, or large-star/small-star.

When the edges fit the driver (at most ``max_driver_edges``), they are collected and joined by the
library's own union-find, :func:`reuse.dots.connected_components`. Beyond, the components are found
by the large-star/small-star loop of Kiveris et al., "Connected Components in MapReduce and Beyond"
(SoCC 2014), in DataFrame operations only (group-by ``min`` and joins: no Python UDF, no
GraphFrames). Edges are kept as ``(a, b)`` with ``a > b``:

* **large-star**: every node ``u`` links each neighbour larger than itself to ``m(u)``, the smallest
  of ``u`` and its neighbours;
* **small-star**: every node ``u`` links each neighbour smaller than itself, and itself, to the
  smallest of those neighbours.

Both keep the components and shrink every node's label towards its component's minimum; the loop
stops when the edges form stars centred on their smallest node (every ``a`` in one edge, no ``b``
also an ``a``), so each node's component is the centre of its star: the smallest node of its
component, as in the driver path. The number of rounds grows as ``O(log² n)`` at worst (a chain of
200 nodes takes a few). The edges are written to Parquet after every round (under a fresh folder of
``checkpoint_dir``, or of the session's checkpoint folder), so the plan does not grow with the
rounds and a failed task recomputes one round, not all.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

MAX_ROUNDS = 200
"""Rounds after which the loop gives up (it needs ``O(log² n)``; 200 is far beyond any graph's need)."""


@dataclass(frozen=True)
class Components:
    """What :func:`connected_components` returns.

    ``members`` has a row ``(node, component)`` for every node of an edge, ``component`` being the
    smallest node of its component. ``rounds`` is the number of large-star/small-star rounds run
    (0: joined on the driver); ``checkpoint`` the folder the rounds were written to (``None`` on the
    driver), which ``members`` reads from: remove it once they are used.
    """

    members: DataFrame
    rounds: int
    checkpoint: str | None = None


def connected_components(
    edges: DataFrame,
    *,
    max_driver_edges: int = 5_000_000,
    checkpoint_dir: str | None = None,
) -> Components:
    """The connected components of an undirected graph given as a DataFrame of ``(src, dst)`` edges.

    Args:
        edges: ``src`` and ``dst`` integer columns (any order, repeats and self-loops allowed).
        max_driver_edges: Up to this many edges they are collected and joined on the driver
            (16 bytes an edge); beyond, by the distributed loop.
        checkpoint_dir: A folder every executor can write and read (on a cluster: HDFS or an object
            store) for the loop's rounds; default the session's checkpoint folder
            (``spark.sparkContext.setCheckpointDir``), else a local temporary folder (local mode).

    Returns:
        Each node's component (its smallest node) and how it was found.
    """
    from pyspark.sql import functions as F

    spark = edges.sparkSession
    oriented = (
        edges.select(
            F.greatest("src", "dst").cast("long").alias("a"), F.least("src", "dst").cast("long").alias("b")
        )
        .where(F.col("a") != F.col("b"))
        .distinct()
    )
    if oriented.limit(max_driver_edges + 1).count() <= max_driver_edges:
        return Components(_on_driver(spark, oriented), 0)
    folder = _round_folder(spark, checkpoint_dir)
    # The edges are written first: each round reads its input several times, and with the edges'
    # own lineage (a whole scan) inlined that many times, even the plan's text fills the driver.
    oriented.write.parquet(f"{folder}/round-000")
    current = spark.read.parquet(f"{folder}/round-000")
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")
        path = f"{folder}/round-{rounds:03d}"
        _small_star(_large_star(current)).write.parquet(path)
        current = spark.read.parquet(path)
        if _is_star_forest(current):
            break
    members = current.select(F.col("a").alias("node"), F.col("b").alias("component")).unionByName(
        current.select(F.col("b").alias("node"), F.col("b").alias("component")).distinct()
    )
    return Components(members, rounds, folder)


def _on_driver(spark: SparkSession, oriented: DataFrame) -> DataFrame:
    """The components by the library's union-find, over the collected edges."""
    import pyarrow as pa

    from reuse.dots import connected_components as union_find

    rows = oriented.collect()
    a = np.array([r["a"] for r in rows], dtype=np.int64)
    b = np.array([r["b"] for r in rows], dtype=np.int64)
    nodes, inverse = np.unique(np.concatenate((a, b)), return_inverse=True)
    # Union-find over dense indices; np.unique sorts, so the smallest index is the smallest node.
    component = union_find(nodes.size, inverse[: a.size], inverse[a.size :])
    table = pa.table(
        {"node": pa.array(nodes, pa.int64()), "component": pa.array(nodes[component], pa.int64())}
    )
    return spark.createDataFrame(table)


def _large_star(edges: DataFrame) -> DataFrame:
    """Each node's larger neighbours linked to the smallest of the node and its neighbours."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("u"), F.col("b").alias("v")).unionByName(
        edges.select(F.col("b").alias("u"), F.col("a").alias("v"))
    )
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return (
        both.where(F.col("v") > F.col("u"))
        .join(smallest, "u")
        .select(F.col("v").alias("a"), F.col("m").alias("b"))
        .distinct()
    )


def _small_star(edges: DataFrame) -> DataFrame:
    """Each node and its smaller neighbours linked to the smallest of those neighbours."""
    from pyspark.sql import functions as F

    smallest = edges.groupBy("a").agg(F.min("b").alias("m"))
    neighbours = (
        edges.join(smallest, "a")
        .where(F.col("b") != F.col("m"))
        .select(F.col("b").alias("a"), F.col("m").alias("b"))
    )
    return neighbours.unionByName(smallest.select("a", F.col("m").alias("b"))).distinct()


def _is_star_forest(edges: DataFrame) -> bool:
    """Whether every ``a`` is in one edge and no ``b`` is also an ``a``: stars on their smallest node."""
    from pyspark.sql import functions as F

    if edges.groupBy("a").count().where(F.col("count") > 1).limit(1).count():
        return False
    centres = edges.select(F.col("b").alias("a")).distinct()
    return centres.join(edges.select("a"), "a", "left_semi").limit(1).count() == 0


def _round_folder(spark: SparkSession, checkpoint_dir: str | None) -> str:
    """A fresh folder for the rounds: under ``checkpoint_dir``, the session's, or a local temporary one."""
    base = checkpoint_dir or spark.sparkContext.getCheckpointDir()
    if base is None:
        base = tempfile.mkdtemp(prefix="reuse-components-")
    return os.path.join(base, f"components-{uuid.uuid4().hex}")
