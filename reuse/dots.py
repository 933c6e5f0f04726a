"""Word matches between two documents as dots ``(i, j)``, and the dense clusters among them.

Plotted, copied text is a dense diagonal, shuffled text a dense square, and chance matches are
scattered; this module finds the dense parts, at whatever grid size the caller asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]


def word_matches(a: U64, b: U64, *, max_word_pairs: int) -> tuple[I64, I64]:
    """All ``(i, j)`` with ``a[i] == b[j]``, skipping words that would pair more than ``max_word_pairs``.

    Dots come ordered by ``i``, then ``j``.

    >>> i, j = word_matches(np.array([5, 6, 5], dtype=np.uint64), np.array([5, 7], dtype=np.uint64),
    ...                     max_word_pairs=10)
    >>> i.tolist(), j.tolist()
    ([0, 2], [0, 0])
    """
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    return indexed_word_matches(a, counts[inverse], WordIndex.of(b), max_word_pairs=max_word_pairs)


@dataclass(frozen=True)
class WordIndex:
    """A document's words grouped by value, so that matching it against many others sorts it once.

    ``positions[starts[w] : starts[w] + counts[w]]`` are the indices (ascending) of word ``values[w]``.
    """

    values: U64
    starts: I64
    counts: I64
    positions: I64

    @classmethod
    def of(cls, words: U64) -> WordIndex:
        """Index ``words``.

        >>> WordIndex.of(np.array([7, 3, 7], dtype=np.uint64)).counts.tolist()
        [1, 2]
        """
        order = np.argsort(words, kind="stable")
        values, starts, counts = np.unique(words[order], return_index=True, return_counts=True)
        return cls(values, starts.astype(np.int64), counts.astype(np.int64), order.astype(np.int64))


def indexed_word_matches(a: U64, a_counts: I64, b: WordIndex, *, max_word_pairs: int) -> tuple[I64, I64]:
    """:func:`word_matches` against an indexed ``b``; ``a_counts[i]``: occurrences of ``a[i]`` in ``a``."""
    i, j, _ = _matches(a, a_counts, b, max_word_pairs)
    return i, j


def _matches(
    a: U64, a_counts: I64, b: WordIndex, max_word_pairs: int
) -> tuple[I64, I64, npt.NDArray[np.bool_]]:
    """:func:`indexed_word_matches`, and which words of ``a`` it skipped for pairing too often."""
    if b.values.size == 0 or a.size == 0:
        none = np.zeros(0, dtype=np.int64)
        return none, none, np.zeros(a.size, dtype=bool)
    word = np.minimum(np.searchsorted(b.values, a), b.values.size - 1)
    found = b.values[word] == a
    counts_b = np.where(found, b.counts[word], 0)
    over = a_counts * counts_b > max_word_pairs
    counts = np.where(over, 0, counts_b)
    i = np.repeat(np.arange(a.size, dtype=np.int64), counts)
    # Position of each expanded match within its word's run of b's positions.
    run_start = np.cumsum(counts) - counts
    within = np.arange(i.size, dtype=np.int64) - np.repeat(run_start, counts)
    j = b.positions[np.repeat(b.starts[word], counts) + within]
    return i, j, over


_MIX = np.uint64(0x9E3779B97F4A7C15)
"""Odd 64-bit multiplier (the golden ratio's): ``first * _MIX + second`` keys a word pair, wrapping."""


def word_matches_with_neighbours(
    a: U64, a_counts: I64, b: U64, b_index: WordIndex, *, max_word_pairs: int
) -> tuple[I64, I64]:
    """:func:`indexed_word_matches`, and the words it skips, where the words either side match too.

    A word that would pair more than ``max_word_pairs`` times is skipped there: paired with every
    occurrence, a common word fills the plot with chance dots. But a passage said 21 times in a
    document (a live blog's disclaimer after every entry), or a sentence of a document that holds it
    800 times, is made of such words, and skipping them all lost it. So such a word is matched where
    the words before and after it match too (three words in a row are rarely there by chance; the
    aligner's extension finds a passage's first and last word), and a three-word key that would
    itself pair too often is matched by rank (:func:`_ranked_pairs`): successive copies meet each
    other, and a copy meets the first copies on the other side. ``b`` is ``b_index``'s words.

    Dots come ordered by ``i``, then ``j``.

    >>> a = np.array([1, 2, 3] * 30, dtype=np.uint64)
    >>> b = np.array([9, 1, 2, 3, 8], dtype=np.uint64)
    >>> counts = np.full(a.size, 30, dtype=np.int64)
    >>> indexed_word_matches(a, counts, WordIndex.of(b), max_word_pairs=20)[0].size
    0
    >>> i, j = word_matches_with_neighbours(a, counts, b, WordIndex.of(b), max_word_pairs=20)
    >>> i.size, sorted(set(j.tolist()))  # the middle word of each of the 30 copies meets b's
    (30, [2])
    >>> i, j = word_matches_with_neighbours(a, counts, a, WordIndex.of(a), max_word_pairs=20)
    >>> i.size, sorted(set((j - i).tolist()))  # against itself: each copy meets the copies beside it
    (258, [-3, 0, 3])
    """
    i, j, over = _matches(a, a_counts, b_index, max_word_pairs)
    if not over.any():
        return i, j
    inner = np.flatnonzero(over[1:-1]) + 1
    if inner.size == 0 or b.size < 3:
        return i, j
    a_keys, b_keys = triple_keys(a, inner), triple_keys(b, np.arange(1, b.size - 1))
    b_sorted = np.sort(b_keys)
    met = b_sorted[np.minimum(np.searchsorted(b_sorted, a_keys), b_sorted.size - 1)] == a_keys
    if not met.any():  # no frequent word of a met with both its neighbours: the usual case
        return i, j
    ni, nj = _ranked_pairs(a_keys[met], inner[met], WordIndex.of(b_keys), max_word_pairs)
    all_i, all_j = np.concatenate((i, ni)), np.concatenate((j, nj))
    order = np.lexsort((all_j, all_i))
    return all_i[order], all_j[order]


def triple_keys(words: U64, at: I64) -> U64:
    """A key for each word ``words[at]`` (never the first or last) with the words either side of it."""
    return (words[at - 1] * _MIX + words[at]) * _MIX + words[at + 1]


def _ranked_pairs(a_keys: U64, a_pos: I64, index: WordIndex, max_pairs: int) -> tuple[I64, I64]:
    """Positions of equal keys; a key that would pair more than ``max_pairs`` times pairs by rank.

    The r-th of a key's ``ca`` occurrences in ``a`` pairs with its occurrences in ``b`` around rank
    ``r * cb / ca``, enough of them either side to stay within about ``max_pairs`` for the key.
    """
    runs = WordIndex.of(a_keys)  # a's keys in runs of equal ones, each in a's order
    keys, pos = a_keys[runs.positions], a_pos[runs.positions]
    ca = np.repeat(runs.counts, runs.counts)
    rank = np.arange(keys.size, dtype=np.int64) - np.repeat(runs.starts, runs.counts)
    word = np.minimum(np.searchsorted(index.values, keys), index.values.size - 1)
    cb = np.where(index.values[word] == keys, index.counts[word], 0)
    spread = np.maximum(1, max_pairs // (2 * np.maximum(ca, cb)))
    centre = rank * cb // ca
    ranked = ca * cb > max_pairs
    lo = np.where(ranked, np.maximum(0, centre - spread), 0)
    hi = np.where(ranked, np.minimum(cb, centre + spread + 1), cb)
    # Only a key said more times on a side than a word may pair with itself there: a passage said
    # over and over. Three words a topic repeats now and then (a name and its title) would add dots
    # between two copies of a story, and join them into one loose pair.
    counts = np.where(np.maximum(ca, cb) ** 2 > max_pairs, np.maximum(0, hi - lo), 0)
    i = np.repeat(pos, counts)
    run_first = np.cumsum(counts) - counts
    within = np.arange(i.size, dtype=np.int64) - np.repeat(run_first, counts)
    j = index.positions[np.repeat(index.starts[word] + lo, counts) + within]
    return i, j + 1  # index holds inner words: its position k is word k + 1


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


def find_root(parent: list[int], x: int) -> int:
    """The root of ``x`` in an incremental union-find (``parent[k] == k`` for a root), paths halved.

    For sets joined one pair at a time, where a later step depends on the joins so far;
    :func:`connected_components` joins a whole batch of edges at once.
    """
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def join(parent: list[int], x: int, y: int) -> None:
    """Join the sets of ``x`` and ``y``; the smaller root stays the root, so roots are smallest members.

    >>> parent = list(range(4))
    >>> join(parent, 3, 1); join(parent, 1, 2)
    >>> [find_root(parent, k) for k in range(4)]
    [0, 1, 1, 1]
    """
    rx, ry = find_root(parent, x), find_root(parent, y)
    parent[max(rx, ry)] = min(rx, ry)


_GRID_CELLS = 1 << 12
"""Grids up to this many cells, or 16 per dot, are counted in a dense array; sparser ones sort cells.

A dense count touches every cell, a sort every dot: past 16 cells a dot, sorting is cheaper."""


def dense_clusters(i: I64, j: I64, *, gap: int, min_neighbours: int) -> I64:
    """Cluster label of every dot (its smallest cell's index), or ``-1`` for dots in sparse regions.

    Dots fall into a grid of ``gap``-sized cells; a dot is dense when its cell and the eight around it
    hold more than ``min_neighbours`` dots, and dense cells that touch form one cluster. A cell's
    index is its rank among the occupied cells in row-major order.

    >>> i = np.array([0, 1, 2, 3, 50, 90], dtype=np.int64)
    >>> dense_clusters(i, i + 100, gap=4, min_neighbours=2).tolist()
    [0, 0, 0, 0, -1, -1]
    """
    labels = np.full(i.size, -1, dtype=np.int64)
    if i.size <= min_neighbours:  # no neighbourhood can hold more than min_neighbours dots
        return labels
    row, col = i // gap, j // gap
    rows, cols = int(row.max()) + 3, int(col.max()) + 3  # a margin of one empty cell all round
    if rows * cols > max(_GRID_CELLS, 16 * i.size):
        return _sparse_dense_clusters(i, j, gap=gap, min_neighbours=min_neighbours)
    cell_of_dot = (row + 1) * cols + (col + 1)
    counts = np.bincount(cell_of_dot, minlength=rows * cols)
    grid = counts.reshape(rows, cols)
    # Dots in each cell's 3 x 3 neighbourhood: nine shifted sums over the interior.
    neighbourhood = np.zeros((rows, cols), dtype=np.int64)
    inner = neighbourhood[1:-1, 1:-1]
    for di in (0, 1, 2):
        for dj in (0, 1, 2):
            inner += grid[di : rows - 2 + di, dj : cols - 2 + dj]
    dense = ((neighbourhood > min_neighbours) & (grid > 0)).ravel()
    dense_cells = np.flatnonzero(dense)
    if dense_cells.size == 0:
        return labels
    # Link each dense cell to its dense neighbours right, below-left, below and below-right.
    src_parts, dst_parts = [], []
    for step in (1, cols - 1, cols, cols + 1):
        linked = dense_cells[dense[dense_cells + step]]
        src_parts.append(np.searchsorted(dense_cells, linked))
        dst_parts.append(np.searchsorted(dense_cells, linked + step))
    component = connected_components(dense_cells.size, np.concatenate(src_parts), np.concatenate(dst_parts))
    # Label = rank of the component's first cell among all occupied cells (row-major, as sorted keys).
    occupied = np.flatnonzero(counts)
    cell_label = np.full(rows * cols, -1, dtype=np.int64)
    cell_label[dense_cells] = np.searchsorted(occupied, dense_cells[component])
    return np.asarray(cell_label[cell_of_dot], dtype=np.int64)


def _sparse_dense_clusters(i: I64, j: I64, *, gap: int, min_neighbours: int) -> I64:
    """:func:`dense_clusters` for grids too large to hold: occupied cells sorted and searched.

    Cells are keyed row-major, so a cell's neighbours in one row are consecutive keys: one search
    per neighbouring row finds the first, and the next two are at most two places further on.
    """
    labels = np.full(i.size, -1, dtype=np.int64)
    if i.size == 0:
        return labels
    keys = _cell_keys(i, j, gap)
    cells, cell_of_dot, cell_counts = np.unique(keys, return_inverse=True, return_counts=True)
    last = cells.size - 1
    neighbourhood = np.zeros(cells.size, dtype=np.int64)
    neighbour_index = []
    for di in (-1, 0, 1):
        first = cells + di * np.int64(1 << 31) - 1  # the key of the neighbour at dj = -1
        pos = np.searchsorted(cells, first)
        for dj in (0, 1, 2):
            at = np.minimum(pos, last)
            found = cells[at] == first + dj
            neighbourhood += np.where(found, cell_counts[at], 0)
            neighbour_index.append(np.where(found, at, -1))
            pos = pos + found  # the next key in this row, if any, is one place on
    dense_cell = neighbourhood > min_neighbours
    if not dense_cell.any():
        return labels
    # Link dense cells to their dense neighbours; connected components are the clusters.
    src = np.concatenate([np.flatnonzero(n >= 0) for n in neighbour_index])
    dst = np.concatenate([n[n >= 0] for n in neighbour_index])
    keep = dense_cell[src] & dense_cell[dst]
    component = connected_components(cells.size, src[keep], dst[keep])
    dense_dot = dense_cell[cell_of_dot]
    labels[dense_dot] = component[cell_of_dot[dense_dot]]
    return labels
