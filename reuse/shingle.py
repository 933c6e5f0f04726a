"""Hash word tokens and word n-grams to integers, all in numpy.

A token's hash depends only on its normalised characters, so the same word hashes the same in every
document and every run (no Python ``hash``, which ``PYTHONHASHSEED`` randomises). The hash of the
token ``t[0..m)`` is the polynomial ``Σ t[k]·B^k mod 2^64``, computed for all tokens at once from one
prefix sum over the text, then passed through the MurmurHash3 64-bit finaliser to spread the bits.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from reuse.normalize import code_points, normalize_code_points
from reuse.tokenize import Tokens, tokenize_code_points

_BASE = np.uint64(0x100000001B3)  # odd, so it is invertible modulo 2^64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 1 << 64))
_NGRAM_BASE = np.uint64(0x9E3779B97F4A7C15)

_TEXT_BATCH = 1 << 20  # characters per batch in text_shingles: about 40 MiB of temporaries
_POWER_CACHE = 1 << 21  # longest text whose power tables are cached (32 MiB)

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def fmix64_inplace(values: U64, scratch: U64) -> None:
    """MurmurHash3's 64-bit finaliser, in place (``scratch`` is a same-shaped work array).

    x ^= x >> 33; x *= C1; x ^= x >> 33; x *= C2; x ^= x >> 33, all modulo 2^64 (integer
    multiplication wraps around, which is the modulo).
    """
    for multiplier in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53):
        np.bitwise_xor(values, np.right_shift(values, np.uint64(33), out=scratch), out=values)
        np.multiply(values, np.uint64(multiplier), out=values)
    np.bitwise_xor(values, np.right_shift(values, np.uint64(33), out=scratch), out=values)


def fmix64(values: U64) -> U64:
    """MurmurHash3's 64-bit finaliser: a bijection that mixes every input bit into every output bit.

    >>> int(fmix64(np.array([1], dtype=np.uint64))[0])
    12994781566227106604
    """
    out = np.array(values, dtype=np.uint64)  # a copy: the input is left as it is
    fmix64_inplace(out, np.empty_like(out))
    return out


def _powers(base: np.uint64, count: int) -> U64:
    """``base**0 .. base**(count-1)`` modulo 2^64 (``cumprod`` wraps around, which is the modulo)."""
    powers = np.full(count, base, dtype=np.uint64)
    if count:
        powers[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(powers, dtype=np.uint64)


class _PowerTables:
    """``B^i`` and ``B^-i`` modulo 2^64 for ``i < size``, grown (doubling) as longer texts arrive.

    Every text needs the same prefix of both tables, so computing them once saves two ``cumprod``
    passes per document. The cache costs 16 bytes per character of the longest text it has served
    and stops at ``_POWER_CACHE`` characters; a longer text gets tables of its own.
    """

    def __init__(self) -> None:
        self.forward = np.zeros(0, dtype=np.uint64)
        self.inverse = np.zeros(0, dtype=np.uint64)

    def get(self, count: int) -> tuple[U64, U64]:
        if count > _POWER_CACHE:
            return _powers(_BASE, count), _powers(_BASE_INV, count)
        if count > self.forward.size:
            size = min(_POWER_CACHE, max(count, 2 * self.forward.size, 1 << 16))
            self.forward, self.inverse = _powers(_BASE, size), _powers(_BASE_INV, size)
        return self.forward[:count], self.inverse[:count]


_POWERS = _PowerTables()


def token_hashes(code_points: npt.NDArray[np.uint32], tokens: Tokens) -> U64:
    """64-bit hash of every token, independent of where the token stands in the text.

    Args:
        code_points: The normalised text as code points.
        tokens: Token ranges in that text.

    Returns:
        One ``uint64`` per token; equal tokens get equal hashes.

    >>> from reuse.normalize import code_points, NormalizedText
    >>> from reuse.tokenize import tokenize
    >>> text = NormalizedText("sun and sun")
    >>> h = token_hashes(code_points(text), tokenize(text))
    >>> bool(h[0] == h[2]), bool(h[0] == h[1])
    (True, False)
    """
    if len(tokens) == 0:
        return np.zeros(0, dtype=np.uint64)
    n = code_points.size
    forward, inverse = _POWERS.get(n)
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    with np.errstate(over="ignore"):
        # prefix[k] = Σ_{i<k} c[i]·B^i; a token's sum Σ c[i]·B^i over [s, e) is then shifted back
        # to start at B^0 by multiplying with B^-s, so position drops out.
        np.multiply(code_points, forward, out=prefix[1:])
        np.cumsum(prefix[1:], out=prefix[1:])
        raw = prefix[tokens.ends] - prefix[tokens.starts]
        raw *= inverse[tokens.starts]
        # Mix in the length so that different-length tokens with equal sums stay apart.
        raw += (tokens.ends - tokens.starts).astype(np.uint64) * _NGRAM_BASE
    return fmix64(raw)


def ngram_hashes(hashes: U64, n: int) -> U64:
    """Hash of every run of ``n`` consecutive token hashes (``len(hashes) - n + 1`` of them).

    A text shorter than ``n`` tokens gets one shingle of all its tokens, so short documents still match.

    >>> h = np.array([1, 2, 3, 1, 2], dtype=np.uint64)
    >>> g = ngram_hashes(h, 2)
    >>> len(g), bool(g[0] == g[3]), bool(g[0] == g[1])
    (4, True, False)
    """
    if n <= 1 or hashes.size == 0:
        return hashes.copy()
    m = max(1, hashes.size - n + 1)
    width = min(n, hashes.size)
    combined = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(width):  # n is small (2-5): one vectorised pass per position in the n-gram
            combined = combined * _NGRAM_BASE + hashes[k : k + m]
    return fmix64(combined)


def ngram_hashes_batch(hashes: U64, bounds: I64, n: int) -> tuple[U64, I64]:
    """:func:`ngram_hashes` of many documents at once; n-grams never span two documents.

    Args:
        hashes: Token hashes of all documents, concatenated.
        bounds: Document ``d`` owns ``hashes[bounds[d]:bounds[d + 1]]`` (``documents + 1`` entries).
        n: Tokens per n-gram.

    Returns:
        The n-gram hashes of all documents, concatenated, and their bounds in the same form; each
        document's run equals ``ngram_hashes(its hashes, n)``.

    >>> h = np.array([1, 2, 3, 4, 5, 6], dtype=np.uint64)
    >>> grams, at = ngram_hashes_batch(h, np.array([0, 4, 4, 5, 6]), 3)
    >>> at.tolist(), bool(grams[0] == ngram_hashes(h[:4], 3)[0]), bool(grams[2] == ngram_hashes(h[4:5], 3)[0])
    ([0, 2, 2, 3, 4], True, True)
    """
    bounds = np.asarray(bounds, dtype=np.int64)
    if n <= 1:
        return hashes.copy(), bounds.copy()
    sizes = np.diff(bounds)
    # A document of m >= n tokens has m - n + 1 n-grams, a shorter non-empty one a single n-gram of
    # all its tokens, an empty one none (as in ngram_hashes).
    counts = np.where(sizes >= n, sizes - n + 1, np.minimum(sizes, 1))
    out_bounds = np.zeros(bounds.size, dtype=np.int64)
    np.cumsum(counts, out=out_bounds[1:])
    out = np.empty(int(out_bounds[-1]), dtype=np.uint64)
    full = sizes >= n
    with np.errstate(over="ignore"):
        if hashes.size >= n:
            # Every run of n consecutive hashes, across document edges too (those are dropped below):
            # combined[s] = Σ_k hashes[s + k]·G^(n-1-k) mod 2^64, by Horner's rule.
            combined = np.zeros(hashes.size - n + 1, dtype=np.uint64)
            for k in range(n):
                combined *= _NGRAM_BASE
                combined += hashes[k : k + combined.size]
            # Drop the runs that cross the end e of their document: those starting at e - 1 .. e - n + 1.
            valid = np.ones(combined.size, dtype=np.bool_)
            for k in range(1, n):
                start = bounds[1:] - k
                valid[start[(start >= bounds[:-1]) & (start < combined.size)]] = False
            # What is left, in order, is exactly the n-grams of the documents with n tokens or more.
            slots = np.ones(out.size, dtype=np.bool_)
            slots[out_bounds[:-1][~full & (sizes > 0)]] = False
            out[slots] = combined[valid]
        short = np.flatnonzero(~full & (sizes > 0))
        if short.size:
            # Fewer than n tokens: one n-gram of all of them, Horner's rule over their own length.
            value = np.zeros(short.size, dtype=np.uint64)
            for k in range(n - 1):
                take = k < sizes[short]
                at = np.minimum(bounds[short] + k, hashes.size - 1)
                value = np.where(take, value * _NGRAM_BASE + hashes[at], value)
            out[out_bounds[short]] = value
    return fmix64(out), out_bounds


def text_shingles(texts: Sequence[str], ngram: int) -> tuple[U32, I64]:
    """32-bit word n-gram hashes of many raw texts in one vectorised pass.

    Equivalent to, for each text, ``to_uint32(ngram_hashes(token_hashes(cps, tokenize(cps)), ngram))``
    with ``cps`` the code points of ``normalize(text).text``, but with a fixed number of numpy calls
    per batch of texts instead of per text, and no offset maps.

    Args:
        texts: Raw (un-normalised) texts.
        ngram: Words per shingle.

    Returns:
        All shingle hashes, concatenated, and ``len(texts) + 1`` bounds: text ``d`` owns
        ``hashes[bounds[d]:bounds[d + 1]]``.

    >>> hashes, bounds = text_shingles(["The cat sat on the mat.", "", "قال الوزير"], ngram=3)
    >>> bounds.tolist()
    [0, 4, 4, 5]
    """
    parts_h: list[U32] = []
    parts_b: list[I64] = [np.zeros(1, dtype=np.int64)]
    done = 0
    first = 0
    while first < len(texts):
        # Batches of about _TEXT_BATCH characters bound the temporaries.
        last, size = first, 0
        while last < len(texts) and (last == first or size + len(texts[last]) <= _TEXT_BATCH):
            size += len(texts[last]) + 1
            last += 1
        batch = texts[first:last]
        lengths = np.array([len(t) for t in batch], dtype=np.int64) + 1
        starts = np.cumsum(lengths) - lengths
        # "\n" separates texts: normalisation keeps it and it is no word character, so no token
        # spans two texts.
        cps, at = normalize_code_points(code_points("\n".join(batch)), starts)
        tokens = tokenize_code_points(cps)
        token_bounds = np.append(np.searchsorted(tokens.starts, at), np.int64(len(tokens)))
        grams, gram_bounds = ngram_hashes_batch(token_hashes(cps, tokens), token_bounds, ngram)
        parts_h.append(to_uint32(grams))
        parts_b.append(gram_bounds[1:] + done)
        done += grams.size
        first = last
    hashes = np.concatenate(parts_h) if parts_h else np.zeros(0, dtype=np.uint32)
    return hashes, np.concatenate(parts_b)


def to_uint32(hashes: U64) -> U32:
    """Fold 64-bit hashes to the 32 bits a MinHash of scheme ``affine32`` takes.

    >>> to_uint32(np.array([(1 << 32) + 5], dtype=np.uint64)).tolist()
    [4]
    """
    if sys.byteorder == "little":
        # The high and low halves of each uint64, side by side in memory: XOR them without shifts.
        halves = np.ascontiguousarray(hashes, dtype=np.uint64).view(np.uint32).reshape(-1, 2)
        return np.bitwise_xor(halves[:, 0], halves[:, 1])
    return ((hashes >> np.uint64(32)) ^ (hashes & np.uint64(0xFFFFFFFF))).astype(np.uint32)
