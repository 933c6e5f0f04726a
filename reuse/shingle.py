"""Hash word tokens and word n-grams to integers, all in numpy.

A token's hash depends only on its normalised characters, so the same word hashes the same in every
document and every run (no Python ``hash``, which ``PYTHONHASHSEED`` randomises). The hash of the
token ``t[0..m)`` is the polynomial ``Σ t[k]·B^k mod 2^64``, computed for all tokens at once from one
prefix sum over the text, then passed through the MurmurHash3 64-bit finaliser to spread the bits.
"""

from __future__ import annotations

import sys

import numpy as np
import numpy.typing as npt

from reuse.tokenize import Tokens

_BASE = np.uint64(0x100000001B3)  # odd, so it is invertible modulo 2^64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 1 << 64))
_NGRAM_BASE = np.uint64(0x9E3779B97F4A7C15)

_POWER_CACHE = 1 << 21  # longest text whose power tables are cached (32 MiB)

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]


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
