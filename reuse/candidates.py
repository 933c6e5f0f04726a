"""LSH banding: pairs of windows whose signatures agree on at least one whole band.

The same rule as ``datasketch.MinHashLSH`` with ``b`` bands of ``r`` rows, done for a whole batch at
once: each band of each signature is hashed to one 64-bit key, and windows that share a key in the
same band become candidates. Keys are exact band contents up to 64-bit hash collisions (probability
about ``windows² / 2⁶⁴`` per band).

A bucket holding windows of many documents is a passage they share (a wire story, a footer): past
``star_from`` documents its windows are not paired with each other but each with two
representatives, the lowest window it shares such a bucket with in any band and the lowest it
shares such buckets with in two bands or more, so the cost follows the number of documents; past
``max_bucket`` documents it is skipped. Where such buckets hold a document's opening window, each
window is also paired with the lowest opening window it shares them with in two bands or more: a
story's opening lines are its own, and the pages that repeat them (fronts' teasers, a copy) must meet
the story, not only whichever of them comes first (a front, by its address).

Bands are processed one at a time, so besides the result the memory is a few ``uint64`` per window.

A shared band is weak evidence on its own: windows of one topic share a few words, and with
single-word shingles two windows of Jaccard 0.1 still meet in one of 32 bands now and then, more
often the larger the collection. So each colliding window pair is *verified* from the signatures
already computed (:func:`estimated_jaccard`), and a document pair is worth aligning only when its
best window pair looks like shared text (:func:`doc_pair_evidence`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from reuse.shingle import fmix64_inplace

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

_GOLDEN = 0x9E3779B97F4A7C15
_KEY_CHUNK = 1 << 15  # windows per chunk in band_key: 256 KiB work arrays
_MAX_FILTER_BITS = 24  # prefilter table of at most 16 MiB (see _maybe_repeated)


def band_key(signatures: U32, band: int, rows: int, first_perm: int = 0) -> U64:
    """The 64-bit key of one band of every signature: shape ``(windows,)``.

    The key chains the band's ``rows`` values through ``fmix64`` and then mixes in the band number,
    so equal keys in different bands never mean equal contents. ``signatures`` may hold only the
    permutations from ``first_perm`` on (a group of bands sketched at a time).

    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9]], dtype=np.uint32)
    >>> k0, k1 = band_key(sig, 0, 2), band_key(sig, 1, 2)
    >>> bool(k0[0] == k0[1]), bool(k1[0] == k1[1])
    (True, False)
    """
    count = signatures.shape[0]
    keys = np.zeros(count, dtype=np.uint64)
    scratch = np.empty(min(count, _KEY_CHUNK), dtype=np.uint64)
    salt = np.uint64(band * _GOLDEN % (1 << 64))
    # Chunks of windows, so that the work arrays stay in cache.
    for c0 in range(0, count, _KEY_CHUNK):
        key = keys[c0 : c0 + _KEY_CHUNK]
        work = scratch[: key.size]
        # The band's columns of these windows, copied in one pass over their (row-major) signatures.
        column = band * rows - first_perm
        values = signatures[c0 : c0 + _KEY_CHUNK, column : column + rows].astype(np.uint64)
        with np.errstate(over="ignore"):
            for r in range(rows):
                # key <- fmix64(key XOR value) + (r + 1): order-sensitive, every bit of every row mixed in.
                np.bitwise_xor(key, values[:, r], out=key)
                fmix64_inplace(key, work)
                np.add(key, np.uint64(r + 1), out=key)
            # Different bands must never collide with each other: mix the band number in.
            np.bitwise_xor(key, salt, out=key)
            fmix64_inplace(key, work)
    return keys


def band_keys(signatures: U32, bands: int) -> U64:
    """One 64-bit key per (window, band): shape ``(windows, bands)``.

    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9]], dtype=np.uint32)
    >>> k = band_keys(sig, 2)
    >>> bool(k[0, 0] == k[1, 0]), bool(k[0, 1] == k[1, 1])
    (True, False)
    """
    rows = signatures.shape[1] // bands
    keys = np.empty((signatures.shape[0], bands), dtype=np.uint64)
    for band in range(bands):
        keys[:, band] = band_key(signatures, band, rows)
    return keys


def _maybe_repeated(keys: U64) -> I64:
    """Indices (ascending) of every window whose key another window may share: a superset.

    Sorting keys alone is several times faster than ``argsort``. A direct-mapped bit table on the low
    bits of the repeated keys then rules out most windows with a unique key; the few that pass by a
    low-bit collision form buckets of one later and drop out there.
    """
    ordered = np.sort(keys)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if repeated.size == 0:
        return np.zeros(0, dtype=np.int64)
    bits = min(_MAX_FILTER_BITS, max(16, int(repeated.size).bit_length() + 4))
    mask = np.uint64((1 << bits) - 1)
    table = np.zeros(1 << bits, dtype=np.bool_)
    table[(repeated & mask).astype(np.intp)] = True
    return np.flatnonzero(table[(keys & mask).astype(np.intp)])


def _sorted_unique(values: I64) -> I64:
    """``np.unique`` for a 1-D integer array, by sorting (faster than numpy's hash-based unique here).

    >>> _sorted_unique(np.array([5, 1, 5, 3])).tolist()
    [1, 3, 5]
    """
    ordered = np.sort(values)
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=np.bool_)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _distinct_per_row(values: I64) -> I64:
    """Number of distinct values in each row of a 2-D array.

    >>> _distinct_per_row(np.array([[3, 1, 3], [2, 2, 2]])).tolist()
    [2, 1]
    """
    ordered = np.sort(values, axis=1)
    changes = np.count_nonzero(ordered[:, 1:] != ordered[:, :-1], axis=1)
    return np.asarray(changes, dtype=np.int64) + 1


def _tally(offered: I64, times: I64, offers: list[I64]) -> tuple[I64, I64]:
    """Distinct offers (``first * windows + window``) and how many bands made each, with one band's added.

    >>> [x.tolist() for x in _tally(np.array([5, 9]), np.array([2, 1]), [np.array([9, 7])])]
    [[5, 7, 9], [2, 1, 2]]
    """
    if not any(offer.size for offer in offers):
        return offered, times
    codes = np.concatenate((offered, *offers))
    weights = np.concatenate((times, np.ones(codes.size - offered.size, dtype=np.int64)))
    order = np.argsort(codes, kind="stable")
    codes, weights = codes[order], weights[order]
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    return codes[starts], np.add.reduceat(weights, starts)


def _met_twice(offered: I64, times: I64, count: int) -> I64:
    """Each window's pair with the lowest window offered to it in two bands or more, encoded.

    A representative is the lowest window a window met in any band; a window of another text that
    met a source and its copy by chance in one band, and is lower than both, is both their
    representative, and the copy never met its source (a scan of 10,000 documents found half of its
    planted copies). The source is offered to the copy in every band they share: the copy is
    paired with it too. Each window costs at most two pairs, so a passage in k documents about 2k.
    The lowest of those met twice, not the most met: a draft's windows come first in ``reuse check``,
    so the partner is a draft window there whenever it is one in the scan (the check stays exact).

    >>> _met_twice(np.array([0 * 9 + 5, 3 * 9 + 5, 3 * 9 + 6]), np.array([1, 4, 2]), 9).tolist()
    [32, 33]
    """
    twice = times >= 2
    window, first = offered[twice] % count, offered[twice] // count
    order = np.lexsort((first, window))
    ranked = window[order]
    lowest = order[np.concatenate(([True], ranked[1:] != ranked[:-1]))] if ranked.size else order
    return offered[twice][lowest]


def _bucket_pairs(
    keys: U64,
    doc: I64,
    max_bucket: int,
    star_from: int,
    same_doc: bool,
    representative: I64,
    offers: list[I64],
    opening: npt.NDArray[np.bool_] | None,
    opened: list[I64],
) -> I64:
    """Pairs from one band's buckets, each encoded as ``i * windows + j`` with ``i < j``.

    A bucket with windows of more than ``star_from`` documents is not paired: each of its windows
    lowers its ``representative`` to the bucket's first window (the lowest index) instead, and is
    offered that window (appended to ``offers``, encoded as a pair); :func:`candidate_pairs` pairs
    every window with its representative and with the lowest window offered to it in two bands.
    Such a bucket's lowest ``opening`` window, a document's first, where it holds one, is offered to
    its other windows too (appended to ``opened``). One of more than ``max_bucket`` documents is
    skipped.
    """
    count = keys.size
    windows = _maybe_repeated(keys)
    order = np.argsort(keys[windows])
    windows = windows[order]
    sorted_keys = keys[windows]
    # Buckets are runs of equal keys.
    starts = np.concatenate(([0], np.flatnonzero(np.diff(sorted_keys)) + 1)).astype(np.int64)
    sizes = np.diff(np.append(starts, np.int64(sorted_keys.size)))
    pairs: list[I64] = []
    for size in np.unique(sizes[sizes > 1]).tolist():
        if size > 8 * max_bucket:
            continue  # text common to the whole collection
        group_starts = starts[sizes == size]
        members = np.sort(windows[group_starts[:, None] + np.arange(size)], axis=1)  # (buckets, size)
        star = np.zeros(members.shape[0], dtype=np.bool_)
        if size > min(star_from, max_bucket):
            documents = _distinct_per_row(doc[members])
            members = members[documents <= max_bucket]
            star = documents[documents <= max_bucket] > star_from
        if star.any():
            np.minimum.at(representative, members[star].ravel(), np.repeat(members[star, 0], size))
            offers.append(np.repeat(members[star, 0], size - 1) * count + members[star, 1:].ravel())
            if opening is not None:
                opened.append(_opening_offers(members[star], opening, count))
        left, right = np.triu_indices(size, k=1)
        i, j = members[~star][:, left].ravel(), members[~star][:, right].ravel()
        keep = same_doc | (doc[i] != doc[j])
        i, j = i[keep], j[keep]
        pairs.append(np.minimum(i, j) * count + np.maximum(i, j))
    if not pairs:
        return np.zeros(0, dtype=np.int64)
    return _sorted_unique(np.concatenate(pairs))


def _opening_offers(members: I64, opening: npt.NDArray[np.bool_], count: int) -> I64:
    """Each star bucket's lowest opening window offered to its other windows, encoded as in ``offers``.

    ``members`` are the buckets' windows, one bucket a row, each row ascending; a bucket without an
    opening window offers nothing.

    >>> _opening_offers(np.array([[1, 4, 6], [2, 3, 5]]), np.array([0, 0, 0, 0, 1, 0, 1], bool), 10).tolist()
    [41, 46]
    """
    held = opening[members]
    rows = np.flatnonzero(held.any(axis=1))
    lowest = members[rows, held[rows].argmax(axis=1)]  # the first True of an ascending row
    first, window = np.repeat(lowest, members.shape[1]), members[rows].ravel()
    codes: I64 = (first * count + window)[first != window]
    return codes


def candidate_pairs(
    signatures: U32,
    doc: I64,
    bands: int,
    *,
    max_bucket: int = 1000,
    star_from: int = 1,
    same_doc: bool = False,
) -> npt.NDArray[np.int64]:
    """Window index pairs ``(i, j)``, ``i < j``, that share a band, as a sorted ``(pairs, 2)`` array.

    Args:
        signatures: ``(windows, num_perm)`` MinHash values.
        doc: The document of each window.
        bands: Number of LSH bands (``num_perm // bands`` rows each).
        max_bucket: Skip a bucket whose windows come from more than this many documents.
        star_from: A bucket whose windows come from more documents than this is a passage many
            documents share: rather than every pair of its windows, each window is paired with the
            lowest window it shares any such bucket with (over all bands) and with the lowest it
            shares such buckets with in two bands or more (:func:`_met_twice`), so a passage in k documents
            costs about 2k pairs, not k²/2, and every pair is still a band collision.
        same_doc: Also pair windows of the same document.

    Returns:
        Unique pairs, sorted.

    >>> sig = np.array([[1, 2], [1, 2], [1, 3], [5, 6]], dtype=np.uint32)
    >>> candidate_pairs(sig, np.array([0, 1, 2, 3]), bands=2, star_from=10).tolist()  # every pair
    [[0, 1], [0, 2], [1, 2]]
    >>> candidate_pairs(sig, np.array([0, 1, 2, 3]), bands=2).tolist()  # each with its representative
    [[0, 1], [0, 2]]
    """
    rows = signatures.shape[1] // bands
    keys = (band_key(signatures, band, rows) for band in range(bands))
    return band_pairs(keys, doc, max_bucket=max_bucket, star_from=star_from, same_doc=same_doc)


def band_pairs(
    keys: Iterable[U64],
    doc: I64,
    *,
    max_bucket: int = 1000,
    star_from: int = 1,
    same_doc: bool = False,
    opening: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int64]:
    """:func:`candidate_pairs` from each band's keys of every window, band after band.

    So that a caller can compute the keys a few bands at a time and never hold every signature.
    ``opening`` marks each document's first window: each window is also paired with the lowest
    opening window it shares star buckets with in two bands or more (see the module's docstring).

    >>> keys = [np.array([1, 1, 2], dtype=np.uint64), np.array([3, 4, 4], dtype=np.uint64)]
    >>> band_pairs(keys, np.array([0, 1, 2]), star_from=10).tolist()
    [[0, 1], [1, 2]]
    """
    doc = np.asarray(doc, dtype=np.int64)
    count = doc.size
    found: list[I64] = [np.zeros(0, dtype=np.int64)]
    representative = np.arange(count, dtype=np.int64)
    offered, times = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    opened, opened_times = offered, times  # opening windows offered, and in how many bands
    pending = 0
    for band in keys:
        offers: list[I64] = []
        openers: list[I64] = []
        found.append(
            _bucket_pairs(
                band, doc, max_bucket, star_from, same_doc, representative, offers, opening, openers
            )
        )
        offered, times = _tally(offered, times, offers)
        opened, opened_times = _tally(opened, opened_times, openers)
        pending += found[-1].size
        if pending > 2 * found[0].size + (1 << 20):  # copies of one pair recur across bands: merge
            found, pending = [_sorted_unique(np.concatenate(found))], 0
    starred = np.flatnonzero(representative != np.arange(count))
    found.append(representative[starred] * count + starred)
    first_met, window = np.divmod(_met_twice(opened, opened_times, count), max(count, 1))
    found.append(np.minimum(first_met, window) * count + np.maximum(first_met, window))
    found.append(_met_twice(offered, times, count))
    codes = _sorted_unique(np.concatenate(found))
    keep = same_doc | (doc[codes // max(count, 1)] != doc[codes % max(count, 1)])
    codes = codes[keep]
    return np.stack((codes // max(count, 1), codes % max(count, 1)), axis=1)


_VERIFY_CHUNK = 1 << 14  # window pairs compared per numpy call: 2 x 8 MiB of signature rows


def estimated_jaccard(signatures: U32, pairs: I64) -> F64:
    """Estimated Jaccard similarity of each window pair: the share of equal signature values.

    The estimate datasketch's ``MinHash.jaccard`` gives, for many pairs at once, in chunks so that
    memory stays bounded.

    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [5, 6, 7, 8]], dtype=np.uint32)
    >>> estimated_jaccard(sig, np.array([[0, 1], [0, 2]])).tolist()
    [0.5, 0.0]
    """
    out = np.empty(pairs.shape[0], dtype=np.float64)
    for c0 in range(0, pairs.shape[0], _VERIFY_CHUNK):
        chunk = pairs[c0 : c0 + _VERIFY_CHUNK]
        equal = signatures[chunk[:, 0]] == signatures[chunk[:, 1]]
        out[c0 : c0 + chunk.shape[0]] = np.count_nonzero(equal, axis=1) / signatures.shape[1]
    return out


def doc_pair_evidence(doc_pairs: I64, jaccard: F64) -> tuple[I64, F64]:
    """The best window-pair evidence of each document pair.

    Args:
        doc_pairs: ``(n, 2)`` documents of each colliding window pair, ``x < y``.
        jaccard: Estimated Jaccard of each window pair.

    Returns:
        The distinct document pairs (sorted) and the best estimate of each.

    >>> pairs, best = doc_pair_evidence(np.array([[0, 2], [0, 1], [0, 2]]), np.array([.1, .3, .4]))
    >>> pairs.tolist(), best.tolist()
    ([[0, 1], [0, 2]], [0.3, 0.4])
    """
    if doc_pairs.shape[0] == 0:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0)
    code = doc_pairs[:, 0] * (int(doc_pairs.max()) + 1) + doc_pairs[:, 1]
    order = np.lexsort((-jaccard, code))  # by pair, best window pair first
    code = code[order]
    first = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
    return doc_pairs[order[first]], jaccard[order[first]]


def best_per_document(doc: I64, other: I64, score: F64, cap: int) -> npt.NDArray[np.bool_]:
    """Which rows ``(doc, other, score)`` are among their document's ``cap`` best.

    Best is the highest score, ties broken by the lower ``other`` (a document's index or rank), so
    the choice never depends on the rows' order.

    >>> best_per_document(np.array([0, 0, 0, 1]), np.array([5, 3, 4, 0]),
    ...                   np.array([0.5, 0.5, 0.9, 0.1]), cap=2).tolist()
    [False, True, True, True]
    """
    n = doc.size
    order = np.lexsort((other, -score, doc))  # by document, best first, ties by the other's index
    ranked = doc[order]
    starts = np.flatnonzero(np.concatenate(([n > 0], ranked[1:] != ranked[:-1])))
    # Position of each row inside its document's run: its index minus the index where the run starts.
    position = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
    keep = np.zeros(n, dtype=np.bool_)
    keep[order] = position < cap
    return keep


def cap_per_document(pairs: I64, score: F64, cap: int) -> npt.NDArray[np.bool_]:
    """Which document pairs to keep so that no document is in more than ``cap`` of them.

    A document in more than ``cap`` pairs keeps its ``cap`` best (:func:`best_per_document`); a pair
    stays only when both its documents keep it, so a document may end with fewer than ``cap``.

    Args:
        pairs: ``(n, 2)`` document pairs.
        score: The estimated Jaccard of each (:func:`doc_pair_evidence`).
        cap: Pairs a document may keep.

    Returns:
        A mask over ``pairs``.

    >>> pairs = np.array([[0, 1], [0, 2], [0, 3], [1, 2]])
    >>> cap_per_document(pairs, np.array([0.2, 0.9, 0.2, 0.5]), cap=2).tolist()  # 0 drops 0-3
    [True, True, False, True]
    """
    n = pairs.shape[0]
    keep = best_per_document(
        np.concatenate((pairs[:, 0], pairs[:, 1])),
        np.concatenate((pairs[:, 1], pairs[:, 0])),
        np.concatenate((score, score)),
        cap,
    )
    return keep[:n] & keep[n:]
