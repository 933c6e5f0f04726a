"""MinHash signatures of passage windows, bit-identical to ``datasketch.MinHash`` (scheme ``affine32``).

datasketch 2.x computes, for a 32-bit input hash ``h`` and permutation ``k``::

    h' = fmix32(h)                      # MurmurHash3 32-bit finaliser, once per input
    value_k = (a_k * h' + b_k) mod 2^32  # a_k odd, so each permutation is a bijection
    signature_k = min over inputs of value_k

with ``a``/``b`` drawn from ``numpy.random.RandomState(seed)``. We compute the same thing for a whole
batch of windows at once: permute a chunk of shingles as a ``(shingles, num_perm)`` array, reduce it to
per-block minima with ``np.minimum.reduceat``, then take the minimum over the blocks of each window.
Memory is bounded by the chunk size, not the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reuse.models import SketchConfig

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

EMPTY = np.uint32(0xFFFFFFFF)
"""Signature value of an empty set (datasketch's ``_max_hash`` for affine32)."""

_CHUNK = 4096  # shingles permuted at once: 4096 x 128 x 4 bytes = 2 MiB


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


def block_minhash(hashes: U32, block_starts: I64, a: U32, b: U32) -> U32:
    """MinHash of each block ``hashes[block_starts[i]:block_starts[i+1]]`` (the last runs to the end).

    Blocks must be non-empty and ``block_starts`` increasing from 0.

    >>> a, b = permutations(2, seed=1)
    >>> sig = block_minhash(np.array([5, 6, 7], dtype=np.uint32), np.array([0, 2]), a, b)
    >>> sig.shape
    (2, 2)
    """
    out = np.empty((block_starts.size, a.size), dtype=np.uint32)
    mixed = fmix32(hashes)
    n = hashes.size
    # Walk the shingles in chunks whose edges fall on block edges, so each chunk holds whole blocks.
    first_block = 0
    while first_block < block_starts.size:
        lo = int(block_starts[first_block])
        last_block = int(np.searchsorted(block_starts, lo + _CHUNK, side="right")) - 1
        last_block = max(last_block, first_block)
        hi = int(block_starts[last_block + 1]) if last_block + 1 < block_starts.size else n
        with np.errstate(over="ignore"):
            # (shingles, 1) * (num_perm,) + (num_perm,): every permutation of every shingle, mod 2^32.
            permuted = mixed[lo:hi, None] * a[None, :] + b[None, :]
        out[first_block : last_block + 1] = np.minimum.reduceat(
            permuted, block_starts[first_block : last_block + 1] - lo, axis=0
        )
        first_block = last_block + 1
    return out


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


def window_signatures(shingles: list[U32], config: SketchConfig) -> WindowSignatures:
    """Signatures of windows of ``config.window`` shingles every ``config.stride`` shingles.

    A document shorter than one window gets a single window over all of it; a document with no
    shingles gets none. The last window of a document always reaches its last shingle.

    >>> cfg = SketchConfig(num_perm=8, window=4, stride=2, bands=4)
    >>> ws = window_signatures([np.arange(7, dtype=np.uint32)], cfg)
    >>> list(zip(ws.start.tolist(), ws.end.tolist()))
    [(0, 4), (2, 6), (4, 7)]
    """
    if config.window % config.stride:
        raise ValueError("window must be a multiple of stride")
    a, b = permutations(config.num_perm, config.seed)
    per_window = config.window // config.stride
    lengths = np.array([s.size for s in shingles], dtype=np.int64)
    doc_offsets = np.concatenate(([0], np.cumsum(lengths)))
    blocks_per_doc = -(-lengths // config.stride)  # ceil
    block_doc = np.repeat(np.arange(len(shingles), dtype=np.int64), blocks_per_doc)
    block_first = np.concatenate(([0], np.cumsum(blocks_per_doc)))
    block_local = np.arange(block_doc.size, dtype=np.int64) - block_first[block_doc]
    block_starts = doc_offsets[block_doc] + block_local * config.stride
    if block_starts.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return WindowSignatures(np.zeros((0, config.num_perm), dtype=np.uint32), empty, empty, empty)
    blocks = block_minhash(np.concatenate(shingles).astype(np.uint32), block_starts, a, b)

    # Windows start at every block; drop those whose end is already covered by an earlier window.
    windows_per_doc = np.maximum(blocks_per_doc - per_window + 1, np.minimum(blocks_per_doc, 1))
    win_doc = np.repeat(np.arange(len(shingles), dtype=np.int64), windows_per_doc)
    win_first = np.concatenate(([0], np.cumsum(windows_per_doc)))
    win_local = np.arange(win_doc.size, dtype=np.int64) - win_first[win_doc]
    first = block_first[win_doc] + win_local
    last_block = block_first[win_doc + 1] - 1
    signatures = blocks[first].copy()
    for step in range(1, per_window):
        nxt = np.minimum(first + step, last_block)
        np.minimum(signatures, blocks[nxt], out=signatures)
    start = win_local * config.stride
    end = np.minimum(start + config.window, lengths[win_doc])
    return WindowSignatures(signatures, win_doc, start, end)
