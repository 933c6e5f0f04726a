"""MinHash signatures of passage windows, bit-identical to ``datasketch.MinHash`` (scheme ``affine32``).

datasketch 2.x computes, for a 32-bit input hash ``h`` and permutation ``k``::

    h' = fmix32(h)                      # MurmurHash3 32-bit finaliser, once per input
    value_k = (a_k * h' + b_k) mod 2^32  # a_k odd, so each permutation is a bijection
    signature_k = min over inputs of value_k

with ``a``/``b`` drawn from ``numpy.random.RandomState(seed)``. We compute the same thing for a whole
batch of segments (windows, blocks or documents) at once, with no Python loop over shingles:

1. Every segment is cut into *sub-blocks* of exactly ``lanes`` slots. A sub-block that runs past the
   end of its segment repeats the segment's last shingle; a repeated element never changes a
   minimum, so ragged segment ends cost no masking.
2. A chunk of sub-blocks is gathered slot-major into one flat array ``m`` (slot ``t`` of every
   sub-block, then slot ``t + 1``, …), so that for each permutation ``k`` the work is three long,
   contiguous numpy passes: ``m * a_k``, ``+ b_k`` (uint32 arithmetic wraps modulo 2^32, which *is*
   affine32) and a minimum over the ``lanes`` axis. Sliding window minima over consecutive
   sub-blocks are taken in the same loop, while the row is still in cache.
3. Results are kept permutation-major, ``(num_perm, sub_blocks)``, where combining sub-blocks
   (``reduceat``) is again a contiguous pass, and are transposed to ``(segments, num_perm)`` in
   cache-sized tiles at the end.

In numpy it runs at about 10-20 M shingles × 128 permutations per second on one core (see
``benchmarks/RESULTS.md``), about ten times datasketch's own ``update_batch`` fed the same hashes.
With the ``fast`` extra (numba) the same values come from a compiled loop at about 65 M/s
(:mod:`reuse._kernel_numba`); ``REUSE_KERNEL=numpy`` forces the numpy path.

Memory is bounded by the chunk (about ``_CHUNK`` permuted values) and, in :func:`window_signatures`,
by a batch of documents at a time; the result itself is ``4 · num_perm`` bytes per window.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reuse.models import SketchConfig

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

EMPTY = np.uint32(0xFFFFFFFF)
"""Signature value of an empty set (datasketch's ``_max_hash`` for affine32)."""

_CHUNK = 1 << 17  # permuted values per numpy call (512 KiB): larger calls amortise numpy overhead
_BATCH = 1 << 18  # shingles per batch of documents in window_signatures: bounds the temporaries
_TILE = 2000  # columns per transposed tile; not a power of two, so tile rows spread over cache sets


Kernel = Callable[[U32, I64, I64, U32, U32, U32], None]


_COMPILED_FROM_SHINGLES = 1_000_000
"""Shingles to sketch from which the numba kernel pays for itself: importing and loading it costs
about 0.5 s in a fresh process, more than the numpy kernel (the same signatures, bit for bit)
spends on fewer shingles. 20,000 news-like documents (4.4 M shingles) sketch in about the same time
either way, load included."""


def compiled_kernel(shingles: int | None = None) -> Kernel | None:
    """The numba kernel where it is there and worth loading; None: the numpy kernel.

    None when numba is missing, ``REUSE_KERNEL=numpy`` asks for numpy, or the work (``shingles``)
    is under :data:`_COMPILED_FROM_SHINGLES` and the kernel is not loaded yet.

    >>> compiled_kernel() is None or callable(compiled_kernel())
    True
    >>> compiled_kernel(shingles=10) is None or "reuse._kernel_numba" in sys.modules
    True
    """
    if os.environ.get("REUSE_KERNEL", "").lower() == "numpy":
        return None
    if (
        shingles is not None
        and shingles < _COMPILED_FROM_SHINGLES
        and "reuse._kernel_numba" not in sys.modules
    ):
        return None
    try:
        from reuse._kernel_numba import segment_minima
    except ImportError:
        return None
    kernel: Kernel = segment_minima
    return kernel


def permutations(num_perm: int, seed: int) -> tuple[U32, U32]:
    """The ``(a, b)`` coefficients datasketch draws for scheme ``affine32``.

    >>> a, b = permutations(4, seed=1)
    >>> bool((a % 2 == 1).all()), a.dtype.name
    (True, 'uint32')
    """
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b


def fmix32(values: U32) -> U32:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before permuting.

    >>> fmix32(np.array([0, 1], dtype=np.uint32)).tolist()
    [0, 1364076727]
    """
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint32(16))
        values = values * np.uint32(0x85EBCA6B)
        values = values ^ (values >> np.uint32(13))
        values = values * np.uint32(0xC2B2AE35)
        return values ^ (values >> np.uint32(16))


def _transpose(values: U32, columns: I64 | None = None, out: U32 | None = None) -> U32:
    """``values[:, columns].T`` (all columns by default) as a C-contiguous array, tile by tile."""
    count = values.shape[1] if columns is None else columns.size
    if out is None:
        out = np.empty((count, values.shape[0]), dtype=values.dtype)
    for c0 in range(0, count, _TILE):
        c1 = min(count, c0 + _TILE)
        tile = values[:, c0:c1] if columns is None else values[:, columns[c0:c1]]
        out[c0:c1] = tile.T
    return out


def _padded(rows: int, cols: int) -> U32:
    """An uninitialised ``(rows, cols)`` array whose rows are an odd number of 64-byte lines apart.

    With a power-of-two row length, the column reads of a later transpose would all fall into the
    same cache sets and run several times slower.
    """
    return np.empty((rows, (cols + 15) // 32 * 32 + 16), dtype=np.uint32)[:, :cols]


def _lane_minima(
    mixed: U32, sub_start: I64, sub_last: I64, lanes: int, a: U32, b: U32, *, span: int = 1
) -> U32:
    """Permutation-major MinHash of runs of sub-blocks.

    Sub-block ``j`` holds ``mixed[min(sub_start[j] + t, sub_last[j])]`` for ``t < lanes``; its MinHash
    under permutation ``k`` is ``B[k, j] = min_t (a_k · mixed[…] + b_k) mod 2^32``. The result is
    ``out[k, j] = min(B[k, j : j + span])``, the runs clamped at the last sub-block.
    """
    num_perm, count = a.size, sub_start.size
    out = _padded(num_perm, count)
    lane = np.arange(lanes, dtype=np.int64)[:, None]
    a_list, b_list = list(a), list(b)  # numpy scalars, for the one-permutation-per-call path
    per_chunk = max(1, _CHUNK // lanes)
    with np.errstate(over="ignore"):
        for c0 in range(0, count, per_chunk):
            c1 = min(count, c0 + per_chunk)
            # The chunk's sub-blocks plus the span - 1 after it that its last runs reach into.
            blocks = np.minimum(np.arange(c0, c1 + span - 1), count - 1)
            width = blocks.size
            # Slot-major gather: row t holds slot t of every sub-block, clamped to the last shingle
            # (a repeat, which leaves the minimum unchanged).
            index = np.minimum(lane + sub_start[None, blocks], sub_last[None, blocks])
            m = mixed[index].ravel()
            # Permutations per numpy call: enough that each call sees about _CHUNK values.
            group = max(1, min(num_perm, _CHUNK // m.size))
            buf = np.empty((group, m.size), dtype=np.uint32)
            scratch = np.empty((group, width), dtype=np.uint32)
            for k0 in range(0, num_perm, group):
                k1 = min(num_perm, k0 + group)
                permuted = buf[: k1 - k0]
                target = out[k0:k1, c0:c1]
                minima = target if span == 1 else scratch[: k1 - k0]
                if k1 - k0 == 1:  # one permutation: plain 1-D calls with scalars, the least overhead
                    row = permuted[0]
                    # (a_k · h' + b_k) mod 2^32 for every slot.
                    np.multiply(m, a_list[k0], out=row)
                    np.add(row, b_list[k0], out=row)
                    # Minimum over the lanes of each sub-block: (lanes, width) -> (width,).
                    np.minimum.reduce(row.reshape(lanes, width), axis=0, out=minima[0])
                else:
                    # The same for a group of permutations at once (small inputs).
                    np.multiply(m[None, :], a[k0:k1, None], out=permuted)
                    np.add(permuted, b[k0:k1, None], out=permuted)
                    np.minimum.reduce(permuted.reshape(k1 - k0, lanes, width), axis=1, out=minima)
                if span > 1:
                    # Minimum over span consecutive sub-blocks: span - 1 shifted contiguous passes.
                    np.minimum(minima[:, : c1 - c0], minima[:, 1 : c1 - c0 + 1], out=target)
                    for step in range(2, span):
                        np.minimum(target, minima[:, step : c1 - c0 + step], out=target)
    return out


def _sub_blocks(starts: I64, ends: I64, lanes: int) -> tuple[I64, I64, I64]:
    """Cut each non-empty segment ``[starts[i], ends[i])`` into sub-blocks of ``lanes`` slots.

    Returns each sub-block's first shingle, its segment's last shingle, and the offsets of each
    segment's first sub-block (``len(starts) + 1`` of them).
    """
    per_segment = -(-(ends - starts) // lanes)  # ceil
    first = np.zeros(starts.size + 1, dtype=np.int64)
    np.cumsum(per_segment, out=first[1:])
    segment = np.repeat(np.arange(starts.size, dtype=np.int64), per_segment)
    local = np.arange(segment.size, dtype=np.int64) - first[segment]
    return starts[segment] + local * lanes, ends[segment] - 1, first


def _default_lanes(lengths: I64) -> int:
    """Sub-block width for segments of these lengths: a power of two near the median, 8 to 64."""
    if lengths.size == 0:
        return 8
    median = int(np.median(lengths))
    return int(min(64, max(8, 1 << max(0, median.bit_length() - 2))))


def segment_minhash(hashes: U32, starts: I64, ends: I64, a: U32, b: U32, *, lanes: int | None = None) -> U32:
    """MinHash of each segment ``hashes[starts[i]:ends[i]]``, as ``datasketch.MinHash`` would give it.

    Args:
        hashes: 32-bit shingle hashes of all segments, concatenated (the values datasketch's
            ``hashfunc`` would return).
        starts: First index of each segment.
        ends: One past the last index of each segment; ``ends >= starts``. Segments may overlap.
        a: Permutation multipliers (see :func:`permutations`).
        b: Permutation offsets.
        lanes: Sub-block width (a tuning knob; the result does not depend on it).

    Returns:
        ``(segments, num_perm)`` uint32 signatures; an empty segment gets :data:`EMPTY` throughout,
        like an empty ``datasketch.MinHash``.

    >>> a, b = permutations(128, seed=1)
    >>> h = np.array([11, 22, 33, 44], dtype=np.uint32)
    >>> sig = segment_minhash(h, np.array([0, 1, 4]), np.array([3, 4, 4]), a, b)
    >>> sig.shape, bool((sig[2] == EMPTY).all())
    ((3, 128), True)
    >>> from datasketch import MinHash
    >>> m = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)
    >>> m.update_batch(h[:3].tolist())
    >>> bool((m.hashvalues == sig[0]).all())
    True
    """
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    out = np.full((starts.size, a.size), EMPTY, dtype=np.uint32)
    filled = np.flatnonzero(ends > starts)
    if filled.size == 0:
        return out
    kernel = compiled_kernel(int(hashes.size))
    if kernel is not None:
        kernel(fmix32(np.asarray(hashes, dtype=np.uint32)), starts, ends, a, b, out)
        return out
    lanes = lanes or _default_lanes(ends[filled] - starts[filled])
    sub_start, sub_last, first = _sub_blocks(starts[filled], ends[filled], lanes)
    minima = _lane_minima(fmix32(np.asarray(hashes, dtype=np.uint32)), sub_start, sub_last, lanes, a, b)
    if sub_start.size != filled.size:  # some segments span several sub-blocks: combine them
        minima = np.minimum.reduceat(minima, first[:-1], axis=1)
    out[filled] = _transpose(minima)
    return out


def signatures(shingles: list[U32], num_perm: int = 128, seed: int = 1) -> U32:
    """One MinHash signature per document (scheme ``affine32``), all documents in one call.

    Args:
        shingles: Each document's 32-bit shingle hashes.
        num_perm: Number of permutations.
        seed: Permutation seed, as datasketch's ``seed``.

    Returns:
        ``(documents, num_perm)`` uint32, row ``i`` equal to ``datasketch.MinHash(num_perm, seed,
        scheme="affine32")`` updated with the values of ``shingles[i]``.

    >>> sig = signatures([np.array([7, 8], dtype=np.uint32), np.zeros(0, dtype=np.uint32)], 4)
    >>> sig.shape, sig[1].tolist()
    ((2, 4), [4294967295, 4294967295, 4294967295, 4294967295])
    """
    a, b = permutations(num_perm, seed)
    lengths = np.array([s.size for s in shingles], dtype=np.int64)
    ends = np.cumsum(lengths)
    hashes = np.concatenate(shingles) if shingles else np.zeros(0, dtype=np.uint32)
    return segment_minhash(hashes.astype(np.uint32, copy=False), ends - lengths, ends, a, b)


@dataclass(frozen=True)
class WindowSignatures:
    """MinHash signatures of overlapping windows over a batch of documents.

    Window ``w`` belongs to document ``doc[w]`` and covers that document's shingles
    ``[start[w], end[w])`` (indices into the document's own shingle array).
    """

    signatures: U32
    doc: I64
    start: I64
    end: I64


def _windows_of(blocks_per_doc: I64, per_window: int) -> tuple[I64, I64]:
    """Each window's document and the index of its first block within that document.

    A document of ``b`` blocks has ``b - per_window + 1`` windows, at least one if it has any block.

    >>> doc, first = _windows_of(np.array([4, 1, 0, 2]), per_window=3)
    >>> doc.tolist(), first.tolist()
    ([0, 0, 1, 3], [0, 1, 0, 0])
    """
    windows_per_doc = np.maximum(blocks_per_doc - per_window + 1, np.minimum(blocks_per_doc, 1))
    win_doc = np.repeat(np.arange(blocks_per_doc.size, dtype=np.int64), windows_per_doc)
    win_first = np.concatenate(([0], np.cumsum(windows_per_doc)))
    return win_doc, np.arange(win_doc.size, dtype=np.int64) - win_first[win_doc]


def _window_minima(hashes: U32, lengths: I64, stride: int, per_window: int, a: U32, b: U32, out: U32) -> None:
    """Write the signatures ``(windows, num_perm)`` of one batch of documents into ``out``.

    Blocks of ``stride`` shingles are permuted once each (one sub-block per block); a window is the
    minimum of ``per_window`` consecutive blocks of its document. A document with fewer blocks than
    that has one window over all its shingles, hashed directly.
    """
    doc_end = np.cumsum(lengths)
    # Sub-blocks of width stride are exactly the blocks (clamping to the document's last shingle
    # only ever bites in its final block).
    block_start, doc_last, block_first = _sub_blocks(doc_end - lengths, doc_end, stride)
    blocks_per_doc = np.diff(block_first)
    win_doc, local = _windows_of(blocks_per_doc, per_window)
    first = block_first[win_doc] + local
    full = blocks_per_doc[win_doc] >= per_window
    # runs[:, j] = min over blocks j .. j + per_window - 1: exact for every window of a document
    # with at least per_window blocks, since that document's blocks are consecutive.
    runs = _lane_minima(fmix32(hashes), block_start, doc_last, stride, a, b, span=per_window)
    _transpose(runs, np.where(full, first, 0), out)
    short = np.flatnonzero(~full)
    if short.size:
        docs = win_doc[short]
        out[short] = segment_minhash(hashes, doc_end[docs] - lengths[docs], doc_end[docs], a, b)


def _window_minima_compiled(
    kernel: Kernel, hashes: U32, lengths: I64, stride: int, per_window: int, a: U32, b: U32, out: U32
) -> None:
    """:func:`_window_minima` with the compiled kernel: block minima, then each window's minimum."""
    doc_end = np.cumsum(lengths)
    block_start, _, block_first = _sub_blocks(doc_end - lengths, doc_end, stride)
    block_doc = np.repeat(np.arange(lengths.size, dtype=np.int64), np.diff(block_first))
    blocks = np.full((block_start.size, a.size), EMPTY, dtype=np.uint32)
    kernel(fmix32(hashes), block_start, np.minimum(block_start + stride, doc_end[block_doc]), a, b, blocks)
    win_doc, local = _windows_of(np.diff(block_first), per_window)
    first = block_first[win_doc] + local
    last = block_first[win_doc + 1] - 1
    out[:] = blocks[first]
    for step in range(1, per_window):  # a window is the minimum of its (up to) per_window blocks
        np.minimum(out, blocks[np.minimum(first + step, last)], out=out)


def window_layout(lengths: I64, config: SketchConfig) -> tuple[I64, I64, I64]:
    """Each window's document, first shingle and end, for documents of ``lengths`` shingles.

    Windows of ``config.window`` shingles every ``config.stride``; a document shorter than one
    window gets a single window over all of it, one with no shingles none, and the last window of
    a document always reaches its last shingle.

    >>> doc, start, end = window_layout(np.array([7, 0, 3]), SketchConfig(window=4, stride=2))
    >>> doc.tolist(), start.tolist(), end.tolist()
    ([0, 0, 0, 2], [0, 2, 4, 0], [4, 6, 7, 3])
    """
    win_doc, local = _windows_of(-(-lengths // config.stride), config.window // config.stride)  # ceil
    start = local * config.stride
    return win_doc, start, np.minimum(start + config.window, lengths[win_doc])


def window_signatures(
    shingles: list[U32], config: SketchConfig, perms: slice | None = None
) -> WindowSignatures:
    """Signatures of windows of ``config.window`` shingles every ``config.stride`` (:func:`window_layout`).

    Each signature equals ``datasketch.MinHash`` fed the window's shingles (:func:`segment_minhash`).
    ``perms`` keeps only those permutations' columns (a few bands at a time, for memory).

    >>> cfg = SketchConfig(num_perm=8, window=4, stride=2, bands=4)
    >>> ws = window_signatures([np.arange(7, dtype=np.uint32)], cfg)
    >>> list(zip(ws.start.tolist(), ws.end.tolist()))
    [(0, 4), (2, 6), (4, 7)]
    >>> bool((window_signatures([np.arange(7, dtype=np.uint32)], cfg, slice(2, 4)).signatures
    ...       == ws.signatures[:, 2:4]).all())
    True
    """
    a, b = permutations(config.num_perm, config.seed)
    if perms is not None:
        a, b = a[perms], b[perms]
    per_window = config.window // config.stride
    lengths = np.array([s.size for s in shingles], dtype=np.int64)
    win_doc, start, end = window_layout(lengths, config)
    win_first = np.searchsorted(win_doc, np.arange(len(shingles) + 1))  # each document's first window
    out = np.empty((win_doc.size, a.size), dtype=np.uint32)
    # Documents in batches of about _BATCH shingles, so temporaries stay bounded whatever the corpus.
    doc_ends = np.cumsum(lengths)
    kernel = compiled_kernel(int(lengths.sum()))
    d0 = 0
    while d0 < len(shingles):
        d1 = max(d0 + 1, int(np.searchsorted(doc_ends, doc_ends[d0] - lengths[d0] + _BATCH, "right")))
        batch = np.concatenate(shingles[d0:d1]).astype(np.uint32, copy=False)
        if batch.size:
            target = out[win_first[d0] : win_first[d1]]
            if kernel is not None:
                _window_minima_compiled(
                    kernel, batch, lengths[d0:d1], config.stride, per_window, a, b, target
                )
            else:
                _window_minima(batch, lengths[d0:d1], config.stride, per_window, a, b, target)
        d0 = d1
    return WindowSignatures(out, win_doc, start, end)


def signatures_of_windows(shingles: list[U32], doc: I64, start: I64, end: I64, config: SketchConfig) -> U32:
    """Signatures of the windows ``shingles[doc[i]][start[i]:end[i]]``: rows of :func:`window_signatures`.

    Each window is hashed on its own (no blocks shared with its neighbours), which pays for a few
    windows (those whose band keys collided) where keeping every window's signature would not.

    >>> cfg = SketchConfig(num_perm=8, window=4, stride=2, bands=4)
    >>> docs = [np.arange(7, dtype=np.uint32), np.arange(5, 8, dtype=np.uint32)]
    >>> ws = window_signatures(docs, cfg)
    >>> rows = np.array([3, 1])
    >>> again = signatures_of_windows(docs, ws.doc[rows], ws.start[rows], ws.end[rows], cfg)
    >>> bool((again == ws.signatures[rows]).all())
    True
    """
    a, b = permutations(config.num_perm, config.seed)
    docs, at = np.unique(doc, return_inverse=True)
    lengths = np.array([shingles[d].size for d in docs.tolist()], dtype=np.int64)
    offset = np.cumsum(lengths) - lengths
    hashes = np.concatenate([shingles[d] for d in docs.tolist()]) if docs.size else np.zeros(0, np.uint32)
    return segment_minhash(hashes.astype(np.uint32, copy=False), offset[at] + start, offset[at] + end, a, b)
