"""The functions Spark runs inside Python workers: each takes and yields Arrow record batches.

Every one calls the library's own stage functions on a whole batch (``mapInArrow``; no Python UDF
per row); per-worker tables (normalisation, stop words, permutations, compiled kernels) are built
once per Python worker by those modules' caches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reuse.models import AlignParams, SketchConfig
from reuse.spark.environment import worker_environment

if TYPE_CHECKING:
    import pyarrow as pa

    from reuse.docsketch import DedupConfig

I64 = npt.NDArray[np.int64]

WINDOW_BITS = 24
"""Bits of a window id that hold the window's index inside its document (16 M windows)."""


def window_id(rank: I64, index: I64) -> I64:
    """Stable window ids: ordered by document rank, then by window index inside the document.

    >>> window_id(np.array([0, 0, 2]), np.array([0, 5, 1])).tolist()
    [0, 5, 33554433]
    >>> (window_id(np.array([2]), np.array([1])) >> WINDOW_BITS).tolist()  # the rank comes back
    [2]
    """
    return (np.asarray(rank, dtype=np.int64) << WINDOW_BITS) | np.asarray(index, dtype=np.int64)


def rank_rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Partition number and position inside the (sorted) partition of each document."""
    import pyarrow as pa
    from pyspark import TaskContext

    context = TaskContext.get()
    part = context.partitionId() if context is not None else 0
    seen = 0
    for batch in batches:
        n = batch.num_rows
        yield pa.RecordBatch.from_arrays(
            [
                batch.column("id"),
                batch.column("text"),
                pa.array(np.full(n, part, dtype=np.int32)),
                pa.array(np.arange(seen, seen + n, dtype=np.int64)),
            ],
            names=["id", "text", "part", "local"],
        )
        seen += n


def signature_rows(config: SketchConfig, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Window signatures of every scale: (scale, window id, signature as bytes, its document's centre key)."""
    worker_environment()
    import pyarrow as pa

    from reuse.pipeline import sketch
    from reuse.prepare import prepare_batch

    for batch in batches:
        rank = batch.column("rank").to_numpy()
        centre = batch.column("centre").to_numpy()
        prepared = prepare_batch(batch.column("text").to_pylist())
        for s, (_, sketched) in enumerate(sketch(prepared, config)):
            if sketched.doc.size == 0:
                continue
            first = np.searchsorted(sketched.doc, np.arange(len(prepared)))
            index = np.arange(sketched.doc.size) - first[sketched.doc]
            yield pa.RecordBatch.from_arrays(
                [
                    pa.array(np.full(sketched.doc.size, s, dtype=np.int8)),
                    pa.array(window_id(rank[sketched.doc], index)),
                    binary_rows(sketched.signatures),
                    pa.array(centre[sketched.doc]),
                ],
                names=["scale", "wid", "sig", "centre"],
            )


def binary_rows(matrix: npt.NDArray[np.uint32]) -> pa.Array:
    """Each row of a 2-D array as one binary value, without a Python object per row."""
    import pyarrow as pa

    data = np.ascontiguousarray(matrix)
    width = data.shape[1] * data.itemsize
    offsets = np.arange(data.shape[0] + 1, dtype=np.int32) * width
    return pa.Array.from_buffers(
        pa.binary(), data.shape[0], [None, pa.py_buffer(offsets), pa.py_buffer(data.tobytes())]
    )


def matrix(column: pa.Array, num_perm: int) -> npt.NDArray[np.uint32]:
    """The signatures of a binary column as a ``(rows, num_perm)`` array (inverse of :func:`binary_rows`)."""
    column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if len(column) == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[
        column.offset : column.offset + len(column) + 1
    ]
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.view(np.uint32).reshape(len(column), num_perm)


def band_key_rows(config: SketchConfig, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """One row per (window, band): (scale, band key, window id, its document's centre key)."""
    worker_environment()
    import pyarrow as pa

    from reuse.candidates import band_keys

    for batch in batches:
        keys = band_keys(matrix(batch.column("sig"), config.num_perm), config.bands)
        bands = keys.shape[1]
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(np.repeat(batch.column("scale").to_numpy(), bands)),
                pa.array(keys.ravel().view(np.int64)),
                pa.array(np.repeat(batch.column("wid").to_numpy(), bands)),
                pa.array(np.repeat(batch.column("centre").to_numpy(), bands)),
            ],
            names=["scale", "key", "wid", "centre"],
        )


def verify_rows(num_perm: int, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Estimated Jaccard of each window pair, reduced to the best per document pair of the batch."""
    worker_environment()
    import pyarrow as pa

    from reuse.candidates import doc_pair_evidence, estimated_jaccard

    for batch in batches:
        n = batch.num_rows
        if n == 0:
            continue
        signatures = np.concatenate(
            (matrix(batch.column("sig_a"), num_perm), matrix(batch.column("sig_b"), num_perm))
        )
        jaccard = estimated_jaccard(signatures, np.stack((np.arange(n), np.arange(n, 2 * n)), axis=1))
        docs = np.stack((batch.column("a").to_numpy(), batch.column("b").to_numpy()), axis=1) >> WINDOW_BITS
        pairs, best = doc_pair_evidence(docs, jaccard)
        yield pa.RecordBatch.from_arrays(
            [pa.array(pairs[:, 0]), pa.array(pairs[:, 1]), pa.array(best)], names=["x", "y", "best"]
        )


SPAN_COLUMNS = (
    "x long, y long, seq int, a_start int, a_end int, b_start int, b_end int, similarity double, "
    "a_char_start long, a_char_end long, b_char_start long, b_char_end long, words int, near boolean, "
    "a_words int, b_words int, a_aligned int, b_aligned int"
)
"""Aligned span pairs in token (``a_start``...) and character (``a_char_start``...) offsets.

``x == y`` rows are repeats inside a document; a row with ``seq == -1`` carries a document's word
count in ``words`` (the report's per-document figure). ``near``: the two documents are
near-duplicates, and ``a_words`` ... ``b_aligned`` their :class:`~reuse.models.Overlap` (of all
their span pairs, :func:`reuse.neardup.overlap`), on every row of the pair.
"""


def span_batch(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    import pyarrow as pa

    names = [c.split()[0] for c in SPAN_COLUMNS.split(", ")]
    types = [pa.int64(), pa.int64(), pa.int32(), pa.int32(), pa.int32(), pa.int32(), pa.int32()]
    types += [pa.float64(), pa.int64(), pa.int64(), pa.int64(), pa.int64(), pa.int32(), pa.bool_()]
    types += [pa.int32()] * 4
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.RecordBatch.from_arrays(
        [pa.array(list(c), type=t) for c, t in zip(columns, types, strict=True)], names=names
    )


def align_rows(
    params: AlignParams, min_containment: float, repeats: bool, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """Align each pair ``(x, y)`` of a batch (``repeats``: each document with itself, and its words).

    A pair is marked ``near`` when its documents are near-duplicates at ``min_containment``.
    """
    worker_environment()
    from reuse.align import align_pair
    from reuse.neardup import overlap
    from reuse.prepare import prepare_batch

    for batch in batches:
        if repeats:
            xs = ys = batch.column("rank").to_pylist()
            texts = batch.column("text").to_pylist()
            prepared = prepare_batch(texts)
            firsts, seconds = prepared, prepared
        else:
            xs, ys = batch.column("x").to_pylist(), batch.column("y").to_pylist()
            both = prepare_batch(batch.column("text_x").to_pylist() + batch.column("text_y").to_pylist())
            firsts, seconds = both[: len(xs)], both[len(xs) :]
        rows: list[tuple[Any, ...]] = []
        for x, y, a, b in zip(xs, ys, firsts, seconds, strict=True):
            if repeats:
                rows.append((x, y, -1, 0, 0, 0, 0, 0.0, 0, 0, 0, 0, len(a.tokens), False, 0, 0, 0, 0))
            pairs = align_pair(a, b, params, same=repeats)
            held = overlap(len(a.tokens), len(b.tokens), pairs)
            near = bool(pairs) and not repeats and held.near_duplicate(min_containment)
            for seq, pair in enumerate(pairs):
                rows.append(
                    (
                        *(x, y, seq, pair.a.start, pair.a.end, pair.b.start, pair.b.end, pair.similarity),
                        *a.char_span(pair.a.start, pair.a.end),
                        *b.char_span(pair.b.start, pair.b.end),
                        min(len(pair.a), len(pair.b)),
                        near,
                        *(held.a_words, held.b_words, held.a_aligned, held.b_aligned),
                    )
                )
        yield span_batch(rows)


def document_sketch_rows(config: DedupConfig, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Each document's whole-document signature and distinct shingles: (rank, sig as bytes, size).

    :func:`reuse.docsketch.document_sketches` over the batch (each document's sketch is its own).
    """
    worker_environment()
    import pyarrow as pa

    from reuse.docsketch import document_sketches
    from reuse.prepare import prepare_batch

    for batch in batches:
        if batch.num_rows == 0:
            continue
        signatures, sizes = document_sketches(prepare_batch(batch.column("text").to_pylist()), config)
        yield pa.RecordBatch.from_arrays(
            [batch.column("rank"), binary_rows(signatures), pa.array(sizes)], names=["rank", "sig", "size"]
        )
