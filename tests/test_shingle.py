from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.normalize import NormalizedText, code_points, normalize
from reuse.shingle import fmix64, ngram_hashes, to_uint32, token_hashes
from reuse.tokenize import tokenize

MASK = (1 << 64) - 1
BASE = 0x100000001B3
NGRAM_BASE = 0x9E3779B97F4A7C15


def fmix64_reference(x: int) -> int:
    """MurmurHash3's fmix64 on Python integers."""
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & MASK
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & MASK
    return x ^ (x >> 33)


def token_hash_reference(word: str) -> int:
    """The documented token hash: fmix64(Σ c[i]·B^i + len·G mod 2^64)."""
    total = sum(ord(c) * pow(BASE, i, 1 << 64) for i, c in enumerate(word))
    return fmix64_reference((total + len(word) * NGRAM_BASE) & MASK)


def ngram_reference(hashes: list[int], n: int) -> list[int]:
    if n <= 1 or not hashes:
        return list(hashes)
    width = min(n, len(hashes))
    out = []
    for s in range(max(1, len(hashes) - n + 1)):
        combined = 0
        for h in hashes[s : s + width]:
            combined = (combined * NGRAM_BASE + h) & MASK
        out.append(fmix64_reference(combined))
    return out


def u64(values: list[int]) -> npt.NDArray[np.uint64]:
    return np.array(values, dtype=np.uint64)


@pytest.mark.parametrize(
    "value", [0, 1, 2, 0xFFFFFFFF, 1 << 63, MASK, 0x0123456789ABCDEF], ids=lambda v: hex(v)
)
def test_fmix64_equals_reference(value: int) -> None:
    assert int(fmix64(u64([value]))[0]) == fmix64_reference(value)


def test_fmix64_leaves_its_input_alone() -> None:
    values = u64([1, 2, 3])
    fmix64(values)
    assert values.tolist() == [1, 2, 3]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("...", id="no-tokens"),
        pytest.param("a", id="one-letter"),
        pytest.param("the cat and the hat", id="english"),
        pytest.param("قال الوزير إن الوزير قال", id="arabic"),
        pytest.param("2015 ٢٠١٥ COVID-19 東京", id="digits-and-scripts"),
    ],
)
def test_token_hashes_equal_reference(text: str) -> None:
    normalized = normalize(text).text
    tokens = tokenize(normalized)
    got = token_hashes(code_points(normalized), tokens).tolist()
    assert got == [token_hash_reference(w) for w in tokens.words(normalized)]


def test_token_hash_does_not_depend_on_position_or_text_length() -> None:
    word = NormalizedText("مدرسه")
    alone = token_hashes(code_points(word), tokenize(word))
    long_text = NormalizedText("x " * 50_000 + word)  # grows the cached power tables
    far = token_hashes(code_points(long_text), tokenize(long_text))
    assert int(far[-1]) == int(alone[0]) == token_hash_reference(word)
    short = NormalizedText("a " + word)  # reuses the (now longer) tables
    assert int(token_hashes(code_points(short), tokenize(short))[-1]) == int(alone[0])


@pytest.mark.parametrize("n", [1, 2, 3, 5])
@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 10])
def test_ngram_hashes_equal_reference(n: int, size: int) -> None:
    hashes = np.random.default_rng(size).integers(0, 1 << 63, size, dtype=np.uint64)
    assert ngram_hashes(hashes, n).tolist() == ngram_reference(hashes.tolist(), n)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, MASK), max_size=40), st.integers(1, 6))
def test_ngram_hashes_property(values: list[int], n: int) -> None:
    assert ngram_hashes(u64(values), n).tolist() == ngram_reference(values, n)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, MASK), max_size=40))
def test_to_uint32_folds_halves(values: list[int]) -> None:
    got = to_uint32(u64(values))
    assert got.dtype == np.uint32
    assert got.tolist() == [(v >> 32) ^ (v & 0xFFFFFFFF) for v in values]


def test_to_uint32_of_a_strided_view() -> None:
    values = u64([(7 << 32) | 1, 0, (3 << 32) | 3, 0])
    assert to_uint32(values[::2]).tolist() == [6, 0]


def test_token_hashes_beyond_the_power_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    import reuse.shingle as shingle

    monkeypatch.setattr(shingle, "_POWER_CACHE", 8)
    monkeypatch.setattr(shingle, "_POWERS", shingle._PowerTables())
    text = NormalizedText("the quick brown fox jumps over the lazy dog")
    got = token_hashes(code_points(text), tokenize(text)).tolist()
    assert got == [token_hash_reference(w) for w in text.split()]
