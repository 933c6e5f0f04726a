from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.dots import WordIndex, _sparse_dense_clusters, dense_clusters, indexed_word_matches, word_matches

I64 = npt.NDArray[np.int64]


def dense_clusters_reference(i: I64, j: I64, gap: int, min_neighbours: int) -> list[set[int]]:
    """The definition written out: dense dots by neighbourhood count, clusters by touching cells."""
    cells = [(int(x) // gap, int(y) // gap) for x, y in zip(i, j, strict=True)]
    count: dict[tuple[int, int], int] = {}
    for c in cells:
        count[c] = count.get(c, 0) + 1

    def around(c: tuple[int, int]) -> list[tuple[int, int]]:
        return [(c[0] + di, c[1] + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]

    dense = {c for c in count if sum(count.get(n, 0) for n in around(c)) > min_neighbours}
    clusters: list[set[tuple[int, int]]] = []
    for c in sorted(dense):
        touching = [k for k, cl in enumerate(clusters) if any(n in cl for n in around(c))]
        merged = {c}.union(*(clusters[k] for k in touching))
        clusters = [cl for k, cl in enumerate(clusters) if k not in touching] + [merged]
    return sorted(({k for k, c in enumerate(cells) if c in cl} for cl in clusters), key=min)


def partition(labels: I64) -> list[set[int]]:
    groups: dict[int, set[int]] = {}
    for k, label in enumerate(labels.tolist()):
        if label >= 0:
            groups.setdefault(label, set()).add(k)
    return sorted(groups.values(), key=min)


dots = st.integers(0, 120).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 200), min_size=n, max_size=n),
        st.lists(st.integers(-4, 4), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
        st.lists(st.integers(0, 200), min_size=n, max_size=n),
    )
)


@settings(max_examples=150, deadline=None)
@given(dots, st.integers(1, 40), st.integers(0, 8))
def test_dense_clusters_equal_the_definition_on_both_paths(
    drawn: tuple[list[int], list[int], list[bool], list[int]], gap: int, min_neighbours: int
) -> None:
    # Dots near one diagonal (a copy) mixed with scattered ones (chance matches).
    base, jitter, on_diagonal, scatter = drawn
    i = np.asarray(base, dtype=np.int64)
    j = np.where(on_diagonal, i + np.asarray(jitter, dtype=np.int64) + 4, np.asarray(scatter, dtype=np.int64))
    j = j.astype(np.int64)
    grid = dense_clusters(i, j, gap=gap, min_neighbours=min_neighbours)
    sparse = _sparse_dense_clusters(i, j, gap=gap, min_neighbours=min_neighbours)
    assert np.array_equal(grid, sparse)
    assert partition(grid) == dense_clusters_reference(i, j, gap, min_neighbours)


def test_large_grids_take_the_sorted_path_with_the_same_labels() -> None:
    i = np.array([0, 1, 2, 3, 4, 90_000], dtype=np.int64)
    j = np.array([0, 1, 2, 3, 4, 90_000], dtype=np.int64)
    assert dense_clusters(i, j, gap=2, min_neighbours=2).tolist() == [0, 0, 0, 0, 0, -1]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=40), st.lists(st.integers(0, 6), max_size=40), st.integers(1, 12))
def test_indexed_word_matches_equal_brute_force_in_order(
    a_list: list[int], b_list: list[int], cap: int
) -> None:
    a, b = np.asarray(a_list, dtype=np.uint64), np.asarray(b_list, dtype=np.uint64)
    counts_a = np.array([a_list.count(x) for x in a_list], dtype=np.int64)
    i, j = indexed_word_matches(a, counts_a, WordIndex.of(b), max_word_pairs=cap)
    brute = [
        (x, y)
        for x in range(a.size)
        for y in range(b.size)
        if a[x] == b[y] and a_list.count(a_list[x]) * b_list.count(b_list[y]) <= cap
    ]
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == brute
    assert word_matches(a, b, max_word_pairs=cap)[0].tolist() == i.tolist()
