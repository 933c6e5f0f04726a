"""Sorted reduces: the embedded bucket rule over band-key rows, and the per-document cap over pairs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reuse.spark._rows import WINDOW_BITS
from reuse.spark.environment import worker_environment

if TYPE_CHECKING:
    import pyarrow as pa

I64 = npt.NDArray[np.int64]

PAIR, STAR, STATS, OPENER = 0, 1, 2, 3
"""Row kinds of the bucket reduce: a window pair, a representative offered, a partition's row count,
an opening window offered (:func:`reuse.candidates.band_pairs`)."""


def bucket_rows(
    scale: npt.NDArray[np.int8],
    key: I64,
    wid: I64,
    max_bucket: int,
    star_from: int,
    centre: I64 | None = None,
) -> tuple[I64, I64, I64, I64, I64]:
    """The embedded bucket rule over complete buckets, rows sorted by (scale, key, centre, window id).

    ``centre`` is each window's document's centre key (:func:`reuse.pipeline.centre_order`; none:
    the window ids' order), so a bucket's first row is the window the embedded scan makes its centre.

    The rule of :func:`reuse.candidates.candidate_pairs` per bucket: one of more than
    ``8 * max_bucket`` windows or more than ``max_bucket`` documents is skipped; one of more than
    ``star_from`` documents offers its lowest window to the others as representative, and its lowest
    opening window (a document's first: index 0) where it holds one; a smaller one pairs its windows
    of different documents.

    Returns:
        ``(kind, scale, a, b, ca)`` rows: ``PAIR`` rows are window pairs ``a < b``, ``STAR`` rows
        offer representative ``a`` to window ``b``, ``OPENER`` rows opening window ``a`` to ``b``;
        ``ca`` is ``a``'s centre key, by which (then by ``a``) the lowest offer is taken.

    >>> kind, _, a, b, _ = bucket_rows(np.zeros(4, np.int8), np.array([7, 7, 7, 9]),
    ...                                np.array([1, 2 << 24, 3 << 24, 5]), 1000, 1)
    >>> kind.tolist(), (a >> 24).tolist(), (b >> 24).tolist()  # document 2's opening window offered too
    ([1, 1, 3, 3], [0, 0, 2, 2], [2, 3, 0, 3])
    """
    n = key.size
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return empty, empty, empty, empty, empty
    centre = np.zeros(n, dtype=np.int64) if centre is None else centre
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
    centres = [centre[first[offered]]]
    scales.append(scale[offered].astype(np.int64))
    lefts.append(wid[first[offered]])
    rights.append(wid[offered])
    opening = (wid & ((1 << WINDOW_BITS) - 1)) == 0
    lowest_opening = np.full(starts.size, n, dtype=np.int64)  # each bucket's first opening row, n: none
    rows = np.flatnonzero(opening & star[bucket])
    np.minimum.at(lowest_opening, bucket[rows], rows)
    opened = star[bucket] & (lowest_opening[bucket] < n)
    opened[lowest_opening[lowest_opening < n]] = False
    kinds.append(np.full(int(opened.sum()), OPENER, dtype=np.int64))
    scales.append(scale[opened].astype(np.int64))
    lefts.append(wid[lowest_opening[bucket[opened]]])
    rights.append(wid[opened])
    centres.append(centre[lowest_opening[bucket[opened]]])
    for b in np.flatnonzero(~skip & ~star).tolist():
        members = wid[starts[b] : starts[b] + sizes[b]]
        left, right = np.triu_indices(members.size, k=1)
        keep = (members[left] >> WINDOW_BITS) != (members[right] >> WINDOW_BITS)
        kinds.append(np.full(int(keep.sum()), PAIR, dtype=np.int64))
        scales.append(np.full(int(keep.sum()), scale[starts[b]], dtype=np.int64))
        i, j = members[left][keep], members[right][keep]  # in centre order: a pair is (lower, higher)
        lefts.append(np.minimum(i, j))
        rights.append(np.maximum(i, j))
        centres.append(np.zeros(i.size, dtype=np.int64))
    columns = (kinds, scales, lefts, rights, centres)
    return tuple(np.concatenate(x).astype(np.int64) for x in columns)  # type: ignore[return-value]


def whole_groups(
    batches: Iterator[pa.RecordBatch], names: Sequence[str], keys: Sequence[str]
) -> Iterator[dict[str, npt.NDArray[Any]]]:
    """Columns of rows sorted by ``keys``, re-cut so that no key's rows are split between two chunks.

    The rows of the last key of a batch may go on in the next one: they are held back and put in
    front of it. The chunks hold every row once, in order.
    """
    carried: dict[str, npt.NDArray[Any]] | None = None
    for batch in batches:
        columns = {name: batch.column(name).to_numpy() for name in names}
        if carried is not None:
            columns = {name: np.concatenate((carried[name], columns[name])) for name in names}
        size = columns[names[0]].size
        if size == 0:
            continue
        differs = np.zeros(size, dtype=np.bool_)
        for key in keys:
            differs |= columns[key] != columns[key][-1]
        last = np.flatnonzero(differs)
        cut = int(last[-1]) + 1 if last.size else 0  # where the last key's rows start
        carried = {name: column[cut:] for name, column in columns.items()}
        if cut:
            yield {name: column[:cut] for name, column in columns.items()}
    if carried is not None and carried[names[0]].size:
        yield carried


def bucket_reduce(
    max_bucket: int, star_from: int, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """The sorted reduce: buckets in key order, whole across batch boundaries (:func:`whole_groups`)."""
    worker_environment()
    import pyarrow as pa
    from pyspark import TaskContext

    names = ["kind", "scale", "a", "b", "ca"]

    def rows(columns: tuple[I64, I64, I64, I64, I64]) -> pa.RecordBatch:
        kind, scale, a, b, ca = columns
        return pa.RecordBatch.from_arrays(
            [
                pa.array(kind.astype(np.int8)),
                pa.array(scale.astype(np.int8)),
                pa.array(a),
                pa.array(b),
                pa.array(ca),
            ],
            names=names,
        )

    seen = 0
    for bucket in whole_groups(batches, ("scale", "key", "wid", "centre"), ("scale", "key")):
        seen += bucket["key"].size
        yield rows(
            bucket_rows(
                bucket["scale"], bucket["key"], bucket["wid"], max_bucket, star_from, bucket["centre"]
            )
        )
    context = TaskContext.get()
    part = context.partitionId() if context is not None else 0
    stats = np.array([STATS]), np.array([0]), np.array([part]), np.array([seen]), np.array([0])
    yield rows(stats)


def cap_rows(cap: int, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Rows ``(doc, other, best)`` sorted by ``doc``: those among their document's ``cap`` best.

    :func:`reuse.candidates.best_per_document` over every document's whole set of rows.
    """
    worker_environment()
    import pyarrow as pa

    from reuse.candidates import best_per_document

    for rows in whole_groups(batches, ("doc", "other", "best"), ("doc",)):
        keep = best_per_document(rows["doc"], rows["other"], rows["best"], cap)
        yield pa.RecordBatch.from_arrays(
            [pa.array(rows["doc"][keep]), pa.array(rows["other"][keep])], names=["doc", "other"]
        )
