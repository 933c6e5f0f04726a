"""The sorted bucket reduce: the embedded bucket rule over band-key rows sorted by key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reuse.spark._rows import WINDOW_BITS
from reuse.spark.environment import worker_environment

if TYPE_CHECKING:
    import pyarrow as pa

I64 = npt.NDArray[np.int64]

PAIR, STAR, STATS = 0, 1, 2
"""Row kinds of the bucket reduce: a window pair, a representative offered, a partition's row count."""


def bucket_rows(
    scale: npt.NDArray[np.int8], key: I64, wid: I64, max_bucket: int, star_from: int
) -> tuple[I64, I64, I64, I64]:
    """The embedded bucket rule over complete buckets, rows sorted by (scale, key, window id).

    The rule of :func:`reuse.candidates.candidate_pairs` per bucket: one of more than
    ``8 * max_bucket`` windows or more than ``max_bucket`` documents is skipped; one of more than
    ``star_from`` documents offers its lowest window to the others as representative; a smaller one
    pairs its windows of different documents.

    Returns:
        ``(kind, scale, a, b)`` rows: ``PAIR`` rows are window pairs ``a < b``, ``STAR`` rows
        offer representative ``a`` to window ``b``.

    >>> kind, _, a, b = bucket_rows(np.zeros(4, np.int8), np.array([7, 7, 7, 9]),
    ...                             np.array([1, 2 << 24, 3 << 24, 5]), 1000, 1)
    >>> kind.tolist(), a.tolist(), (b >> 24).tolist()
    ([1, 1], [1, 1], [2, 3])
    """
    n = key.size
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return empty, empty, empty, empty
    change = np.flatnonzero((key[1:] != key[:-1]) | (scale[1:] != scale[:-1])) + 1
    starts = np.concatenate(([0], change)).astype(np.int64)
    sizes = np.diff(np.append(starts, n))
    rank = wid >> WINDOW_BITS
    new_doc = np.ones(n, dtype=np.int64)
    new_doc[1:] = rank[1:] != rank[:-1]
    new_doc[starts] = 1
    documents = np.add.reduceat(new_doc, starts)
    checked = sizes > min(star_from, max_bucket)
    skip = (sizes < 2) | (sizes > 8 * max_bucket) | (checked & (documents > max_bucket))
    star = ~skip & checked & (documents > star_from)
    bucket = np.repeat(np.arange(starts.size), sizes)
    first = starts[bucket]
    offered = star[bucket] & (np.arange(n) != first)
    kinds, scales, lefts, rights = [np.full(int(offered.sum()), STAR, dtype=np.int64)], [], [], []
    scales.append(scale[offered].astype(np.int64))
    lefts.append(wid[first[offered]])
    rights.append(wid[offered])
    for b in np.flatnonzero(~skip & ~star).tolist():
        members = wid[starts[b] : starts[b] + sizes[b]]
        left, right = np.triu_indices(members.size, k=1)
        keep = (members[left] >> WINDOW_BITS) != (members[right] >> WINDOW_BITS)
        kinds.append(np.full(int(keep.sum()), PAIR, dtype=np.int64))
        scales.append(np.full(int(keep.sum()), scale[starts[b]], dtype=np.int64))
        lefts.append(members[left][keep])
        rights.append(members[right][keep])
    return tuple(np.concatenate(x).astype(np.int64) for x in (kinds, scales, lefts, rights))  # type: ignore[return-value]


def bucket_reduce(
    max_bucket: int, star_from: int, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """The sorted reduce: buckets in key order, the last key's rows carried into the next batch."""
    worker_environment()
    import pyarrow as pa
    from pyspark import TaskContext

    names = ["kind", "scale", "a", "b"]

    def rows(columns: tuple[I64, I64, I64, I64]) -> pa.RecordBatch:
        kind, scale, a, b = columns
        return pa.RecordBatch.from_arrays(
            [pa.array(kind.astype(np.int8)), pa.array(scale.astype(np.int8)), pa.array(a), pa.array(b)],
            names=names,
        )

    carried: list[npt.NDArray[Any]] = [np.zeros(0, np.int8), np.zeros(0, np.int64), np.zeros(0, np.int64)]
    seen = 0
    for batch in batches:
        scale, key, wid = (
            np.concatenate((held, batch.column(name).to_numpy()))
            for held, name in zip(carried, ("scale", "key", "wid"), strict=True)
        )
        seen += batch.num_rows
        if key.size == 0:
            continue
        # The last key may go on in the next batch: hold its rows back.
        last = np.flatnonzero((key != key[-1]) | (scale != scale[-1]))
        cut = int(last[-1]) + 1 if last.size else 0
        carried = [scale[cut:], key[cut:], wid[cut:]]
        if cut:
            yield rows(bucket_rows(scale[:cut], key[:cut], wid[:cut], max_bucket, star_from))
    yield rows(bucket_rows(carried[0], carried[1], carried[2], max_bucket, star_from))
    context = TaskContext.get()
    part = context.partitionId() if context is not None else 0
    stats = np.array([STATS]), np.array([0]), np.array([part]), np.array([seen])
    yield rows(stats)
