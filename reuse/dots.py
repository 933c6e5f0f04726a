"""Word matches between two documents as dots ``(i, j)``, and the dense clusters among them.

Plotted, copied text is a dense diagonal, shuffled text a dense square, and chance matches are
scattered; this module finds the dense parts, at whatever grid size the caller asks for.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]


def word_matches(a: U64, b: U64, *, max_word_pairs: int) -> tuple[I64, I64]:
    """All ``(i, j)`` with ``a[i] == b[j]``, skipping words that would pair more than ``max_word_pairs``.

    >>> i, j = word_matches(np.array([5, 6, 5], dtype=np.uint64), np.array([5, 7], dtype=np.uint64),
    ...                     max_word_pairs=10)
    >>> i.tolist(), j.tolist()
    ([0, 2], [0, 0])
    """
    order_b = np.argsort(b, kind="stable")
    sorted_b = b[order_b]
    lo = np.searchsorted(sorted_b, a, side="left")
    counts_b = np.searchsorted(sorted_b, a, side="right") - lo
    _, inverse, counts_a = np.unique(a, return_inverse=True, return_counts=True)
    counts = np.where(counts_a[inverse] * counts_b <= max_word_pairs, counts_b, 0)
    i = np.repeat(np.arange(a.size, dtype=np.int64), counts)
    # Position of each expanded match within its word's run in sorted b.
    run_start = np.cumsum(counts) - counts
    within = np.arange(i.size, dtype=np.int64) - np.repeat(run_start, counts)
    j = order_b[np.repeat(lo, counts) + within].astype(np.int64)
    return i, j


def _cell_keys(i: I64, j: I64, size: int) -> I64:
    return (i // size) * np.int64(1 << 31) + (j // size)


def connected_components(n: int, src: I64, dst: I64) -> I64:
    """Component of each of ``n`` nodes given undirected edges, as its smallest member's index.

    Hook every edge's larger root onto its smaller one, then jump pointers until each node points at
    its root; repeat until no edge joins two roots. A few vectorised rounds, no Python loop per edge.

    >>> connected_components(5, np.array([0, 3]), np.array([1, 4])).tolist()
    [0, 0, 2, 3, 3]
    """
    parent = np.arange(n, dtype=np.int64)
    while True:
        root_src, root_dst = parent[src], parent[dst]
        differ = root_src != root_dst
        if not differ.any():
            return parent
        low = np.minimum(root_src, root_dst)[differ]
        high = np.maximum(root_src, root_dst)[differ]
        np.minimum.at(parent, high, low)
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def dense_clusters(i: I64, j: I64, *, gap: int, min_neighbours: int) -> I64:
    """Cluster label of every dot (its smallest cell's index), or ``-1`` for dots in sparse regions.

    Dots fall into a grid of ``gap``-sized cells; a dot is dense when its cell and the eight around it
    hold more than ``min_neighbours`` dots, and dense cells that touch form one cluster.

    >>> i = np.array([0, 1, 2, 3, 50, 90], dtype=np.int64)
    >>> dense_clusters(i, i + 100, gap=4, min_neighbours=2).tolist()
    [0, 0, 0, 0, -1, -1]
    """
    labels = np.full(i.size, -1, dtype=np.int64)
    if i.size == 0:
        return labels
    keys = _cell_keys(i, j, gap)
    cells, cell_of_dot, cell_counts = np.unique(keys, return_inverse=True, return_counts=True)
    neighbourhood = np.zeros(cells.size, dtype=np.int64)
    offsets = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
    neighbour_index = []
    for di, dj in offsets:
        target = cells + di * np.int64(1 << 31) + dj
        pos = np.clip(np.searchsorted(cells, target), 0, cells.size - 1)
        found = cells[pos] == target
        neighbourhood += np.where(found, cell_counts[pos], 0)
        neighbour_index.append(np.where(found, pos, -1))
    dense_cell = neighbourhood > min_neighbours
    if not dense_cell.any():
        return labels
    # Link dense cells to their dense neighbours; connected components are the clusters.
    src = np.concatenate([np.arange(cells.size)[(n >= 0)] for n in neighbour_index])
    dst = np.concatenate([n[n >= 0] for n in neighbour_index])
    keep = dense_cell[src] & dense_cell[dst]
    component = connected_components(cells.size, src[keep], dst[keep])
    dense_dot = dense_cell[cell_of_dot]
    labels[dense_dot] = component[cell_of_dot[dense_dot]]
    return labels
