"""LSH banding: pairs of windows whose signatures agree on at least one whole band.

The same rule as ``datasketch.MinHashLSH`` with ``b`` bands of ``r`` rows, done for a whole batch at
once: each band of each signature is hashed to one 64-bit key, keys are sorted, and windows that share
a key become candidates. Keys are exact band contents up to 64-bit hash collisions (probability about
``windows² / 2⁶⁴`` per band).

A bucket holding windows of more than ``max_bucket`` documents is passage text common to many
documents (datelines, agency credits, footers): it is skipped rather than paired quadratically.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from reuse.shingle import fmix64

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def band_keys(signatures: U32, bands: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per (window, band): shape ``(windows, bands)``.

    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9]], dtype=np.uint32)
    >>> k = band_keys(sig, 2)
    >>> bool(k[0, 0] == k[1, 0]), bool(k[0, 1] == k[1, 1])
    (True, False)
    """
    n, num_perm = signatures.shape
    rows = num_perm // bands
    banded = signatures[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    key = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = fmix64(key ^ banded[:, :, r]) + np.uint64(r + 1)
        # Different bands must never collide with each other: mix the band number in.
        key = fmix64(key ^ (np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)))
    return key


def candidate_pairs(
    signatures: U32, doc: I64, bands: int, *, max_bucket: int = 64, same_doc: bool = False
) -> npt.NDArray[np.int64]:
    """Window index pairs ``(i, j)``, ``i < j``, that share a band, as a sorted ``(pairs, 2)`` array.

    Args:
        signatures: ``(windows, num_perm)`` MinHash values.
        doc: The document of each window.
        bands: Number of LSH bands (``num_perm // bands`` rows each).
        max_bucket: Skip a bucket whose windows come from more than this many documents.
        same_doc: Also pair windows of the same document.

    Returns:
        Unique pairs, sorted.

    >>> sig = np.array([[1, 2], [1, 2], [1, 3], [5, 6]], dtype=np.uint32)
    >>> candidate_pairs(sig, np.array([0, 1, 2, 3]), bands=2).tolist()
    [[0, 1], [0, 2], [1, 2]]
    """
    keys = band_keys(signatures, bands).ravel()
    windows = np.repeat(np.arange(signatures.shape[0], dtype=np.int64), bands)
    order = np.argsort(keys, kind="stable")
    keys, windows = keys[order], windows[order]
    # Buckets are runs of equal keys.
    bounds = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate(([0], bounds))
    sizes = np.diff(np.concatenate((starts, [keys.size])))
    pairs: list[npt.NDArray[np.int64]] = []
    for size in np.unique(sizes[sizes > 1]).tolist():
        group_starts = starts[sizes == size]
        members = windows[group_starts[:, None] + np.arange(size)]  # (buckets, size)
        if size > max_bucket:
            if size > 8 * max_bucket:
                continue  # text common to the whole collection: pairing it would cost size² pairs
            spread = np.array([np.unique(row).size for row in doc[members]])
            members = members[spread <= max_bucket]
        left, right = np.triu_indices(size, k=1)
        i, j = members[:, left].ravel(), members[:, right].ravel()
        keep = same_doc | (doc[i] != doc[j])
        lo, hi = np.minimum(i, j)[keep], np.maximum(i, j)[keep]
        pairs.append(np.stack((lo, hi), axis=1))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(pairs), axis=0)
