"""reuse.spark.components: the large-star/small-star loop finds exactly union-find's components.

The loop is forced with ``max_driver_edges=0``; the driver path (the library's union-find) is
checked on the same graphs. Expected components are written out by hand for chains, stars and
cliques, and taken from :func:`reuse.dots.connected_components` for random graphs.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import require

from reuse.dots import connected_components as union_find

pytestmark = pytest.mark.spark

Edges = list[tuple[int, int]]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    require(shutil.which("java") is not None, "Java is not installed (Debian: openjdk-17-jre-headless)")
    require(importlib.util.find_spec("pyspark") is not None, "pyspark is not installed (the spark extra)")
    from reuse.spark import session

    spark = session("local[2]", partitions=4, app="reuse-components-tests")
    yield spark
    spark.stop()


def _components(
    spark: Any, edges: Edges, tmp_path: Path, max_driver_edges: int
) -> tuple[dict[int, int], int]:
    from reuse.spark.components import connected_components

    frame = spark.createDataFrame(edges, "src long, dst long")
    found = connected_components(frame, max_driver_edges=max_driver_edges, checkpoint_dir=str(tmp_path))
    members = {r["node"]: r["component"] for r in found.members.collect()}
    assert found.members.count() == len(members)  # one row per node
    return members, found.rounds


def _labelled(groups: list[list[int]]) -> dict[int, int]:
    return {node: min(group) for group in groups for node in group}


def test_chains_stars_cliques_and_their_mix(spark: Any, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    chain = list(range(200))  # 0-1-2-...-199
    shuffled = (1000 + rng.permutation(200)).tolist()  # a 200-node chain whose labels run in no order
    star_leaves = [2000 + k for k in range(30) if k != 17]  # centre 2017: leaves on both sides of it
    clique = [3000 + 7 * k for k in range(12)]
    edges: Edges = [(chain[k], chain[k + 1]) for k in range(199)]
    edges += [(shuffled[k + 1], shuffled[k]) for k in range(199)]
    edges += [(2017, leaf) for leaf in star_leaves] + [(4, 4)]  # a self-loop adds nothing
    edges += [(x, y) for x in clique for y in clique if x != y]  # both directions: repeats
    expected = _labelled([chain, shuffled, [2017, *star_leaves], clique])
    assert (expected[1199], expected[2017], expected[3077]) == (1000, 2000, 3000)
    loop, rounds = _components(spark, edges, tmp_path / "loop", max_driver_edges=0)
    assert loop == expected
    assert rounds >= 3  # a chain needs several rounds: the loop really ran
    driver, none = _components(spark, edges, tmp_path / "driver", max_driver_edges=10_000)
    assert (driver, none) == (expected, 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_graphs_give_union_finds_components(spark: Any, tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    nodes = rng.choice(1 << 40, size=400, replace=False)  # sparse, large ids
    count = int(rng.integers(150, 450))  # from many small components to a giant one
    src, dst = rng.integers(0, 400, size=(2, count))
    component = union_find(400, src, dst)
    touched = np.unique(np.concatenate((src, dst)))
    # union_find labels by smallest index; the expected label is the smallest node id of the component.
    smallest: dict[int, int] = {}
    for k in touched.tolist():
        root = int(component[k])
        smallest[root] = min(smallest.get(root, int(nodes[k])), int(nodes[k]))
    expected = {int(nodes[k]): smallest[int(component[k])] for k in touched.tolist() if _linked(k, src, dst)}
    edges = [(int(nodes[x]), int(nodes[y])) for x, y in zip(src, dst, strict=True)]
    loop, rounds = _components(spark, edges, tmp_path, max_driver_edges=0)
    assert loop == expected
    assert rounds >= 1
    assert len(set(expected.values())) > 1


def _linked(k: int, src: np.ndarray, dst: np.ndarray) -> bool:
    """Whether node ``k`` has an edge to another node (self-loops alone make no component)."""
    other = (src == k) & (dst != k) | (dst == k) & (src != k)
    return bool(other.any())
