"""The aligner's per-cluster steps compiled with numba: the same answers as :mod:`reuse.align`.

A pair of documents holds a few dozen dot clusters, each a few to a few hundred dots; in numpy every
step on such a small array costs more in call overhead than in work. These loops do the same
arithmetic in the same order (the chain score is floating point: the same sums, so the same ties),
and :mod:`reuse.align` falls back to its numpy code without numba (``REUSE_KERNEL=numpy`` forces it).
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]


@numba.njit(cache=True, nogil=True)
def increasing_chain(i: I64, j: I64) -> I64:
    """:func:`reuse.align.increasing_chain`: patience sorting by ``i``, larger ``j`` first on ties."""
    n = i.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    top = j.max() + 1
    order = np.argsort(i * top + (top - 1 - j))  # dots are distinct, so the order has no ties
    tails = np.empty(n, dtype=np.int64)
    tail_index = np.empty(n, dtype=np.int64)
    previous = np.full(n, -1, dtype=np.int64)
    length = 0
    for k in order:
        value = j[k]
        lo, hi = 0, length
        while lo < hi:  # bisect_left over the tails
            mid = (lo + hi) // 2
            if tails[mid] < value:
                lo = mid + 1
            else:
                hi = mid
        if lo:
            previous[k] = tail_index[lo - 1]
        tails[lo] = value
        tail_index[lo] = k
        if lo == length:
            length += 1
    chain = np.empty(length, dtype=np.int64)
    k = tail_index[length - 1]
    for at in range(length - 1, -1, -1):
        chain[at] = k
        k = previous[k]
    return chain


@numba.njit(cache=True, nogil=True)
def trim_chain(i: I64, j: I64, substitution_cost: float, indel_cost: float) -> tuple[I64, I64]:
    """:func:`reuse.align.trim_chain`: the best-scoring stretch, by the same floating-point sums."""
    n = i.size
    if n < 2:
        return i, j
    cost = np.empty(n, dtype=np.float64)
    cost[0] = 0.0
    for t in range(1, n):
        di = i[t] - i[t - 1] - 1
        dj = j[t] - j[t - 1] - 1
        cost[t] = cost[t - 1] + (substitution_cost * min(di, dj) + indel_cost * abs(di - dj))
    best_gain, end, lowest = -np.inf, 1, np.inf
    for e in range(1, n + 1):
        lowest = min(lowest, 2.0 * (e - 1) - cost[e - 1])  # best start s <= e - 1
        gain = (2.0 * e - cost[e - 1]) - lowest
        if gain > best_gain:
            best_gain, end = gain, e
    lowest = np.inf
    for s in range(end):
        lowest = min(lowest, 2.0 * s - cost[s])
    start = 0
    for s in range(end):
        if 2.0 * s - cost[s] == lowest:
            start = s
    return i[start:end], j[start:end]


@numba.njit(cache=True, nogil=True)
def snap_ends(chain_i: I64, chain_j: I64, i: I64, j: I64) -> tuple[I64, I64]:
    """:func:`reuse.align.snap_ends`."""
    if chain_i.size < 2:
        return chain_i, chain_j
    chain_i, chain_j = chain_i.copy(), chain_j.copy()
    last = chain_i.size - 1
    for end, neighbour in ((0, 1), (last, last - 1)):
        offset = chain_j[neighbour] - chain_i[neighbour]
        snapped = False
        for k in range(i.size):
            if i[k] == chain_i[end] and j[k] == chain_i[end] + offset:
                chain_j[end] = chain_i[end] + offset
                snapped = True
                break
        if snapped:
            continue
        for k in range(i.size):
            if j[k] == chain_j[end] and i[k] == chain_j[end] - offset:
                chain_i[end] = chain_j[end] - offset
                break
    return chain_i, chain_j


@numba.njit(cache=True, nogil=True)
def _best_run(matched: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """:func:`reuse.align._best_run`: maximum subarray of +1 (matched) / -1, first maximum."""
    n = matched.size
    prefix = np.zeros(n + 1, dtype=np.int64)
    for t in range(n):
        prefix[t + 1] = prefix[t] + (1 if matched[t] else -1)
    lowest = prefix[0]
    best, hi, lowest_at_hi = prefix[0] - lowest, 0, lowest
    for t in range(1, n + 1):
        lowest = min(lowest, prefix[t])
        if prefix[t] - lowest > best:
            best, hi, lowest_at_hi = prefix[t] - lowest, t, lowest
    lo = 0
    for t in range(hi + 1):
        if prefix[t] == lowest_at_hi:
            lo = t
    return lo, hi


@numba.njit(cache=True, nogil=True)
def dense_core(i: I64, j: I64, all_i: I64, all_j: I64) -> tuple[I64, I64]:
    """The dense-core branch of :func:`reuse.align.tighten`."""
    box = np.array([i.min(), i.max() + 1, j.min(), j.max() + 1], dtype=np.int64)
    for _ in range(2):
        for side in range(2):
            lo, hi = box[2 * side], box[2 * side + 1]
            olo, ohi = box[2 - 2 * side], box[3 - 2 * side]
            matched = np.zeros(hi - lo, dtype=np.bool_)
            for k in range(all_i.size):
                this, other = (all_i[k], all_j[k]) if side == 0 else (all_j[k], all_i[k])
                if lo <= this < hi and olo <= other < ohi:
                    matched[this - lo] = True
            run_lo, run_hi = _best_run(matched)
            box[2 * side], box[2 * side + 1] = lo + run_lo, lo + run_hi
    keep = (i >= box[0]) & (i < box[1]) & (j >= box[2]) & (j < box[3])
    return i[keep], j[keep]


@numba.njit(cache=True, nogil=True)
def tighten(
    i: I64,
    j: I64,
    all_i: I64,
    all_j: I64,
    ordered: bool,
    words: int,
    substitution_cost: float,
    indel_cost: float,
) -> tuple[I64, I64]:
    """:func:`reuse.align.tighten` (``words`` distinct values in ``i``; the costs of ``AlignParams``)."""
    if ordered:
        chain = increasing_chain(i, j)
        if chain.size * 2 >= words:
            ti, tj = trim_chain(i[chain], j[chain], substitution_cost, indel_cost)
            return snap_ends(ti, tj, i, j)
    return dense_core(i, j, all_i, all_j)


@numba.njit(cache=True, nogil=True)
def similarity(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    """:func:`reuse.align.similarity`: both spans sorted, shared words counted in one merge."""
    if a.size == 0 or b.size == 0:
        return 0.0
    x, y = np.sort(a), np.sort(b)
    shared, p, q = 0, 0, 0
    while p < x.size and q < y.size:
        if x[p] == y[q]:
            shared += 1
            p += 1
            q += 1
        elif x[p] < y[q]:
            p += 1
        else:
            q += 1
    return shared / max(a.size, b.size)
