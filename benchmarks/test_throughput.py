"""Throughput of the scan's candidate path, stage by stage, and of datasketch signing the same windows.

Run with ``pytest benchmarks/ --benchmark-only``; the ratio table is printed at the end.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import stages
from conftest import TextSet, record

from reuse.models import SketchConfig
from reuse.normalize import normalize
from reuse.prepare import PreparedDoc, prepare
from reuse.sketch import WindowSignatures, permutations, segment_minhash, window_signatures
from reuse.tokenize import tokenize, tokenize_regex

FAST_ROUNDS = 10
SLOW_ROUNDS = 2

U32 = np.ndarray[Any, np.dtype[np.uint32]]

_PREPARED: dict[str, list[PreparedDoc]] = {}


def _prepared(text_set: TextSet) -> list[PreparedDoc]:
    if text_set.name not in _PREPARED:
        _PREPARED[text_set.name] = stages.prepare(text_set.texts)
    return _PREPARED[text_set.name]


def _shingles(text_set: TextSet) -> list[U32]:
    return stages.shingle(_prepared(text_set))


def _windows(text_set: TextSet) -> list[WindowSignatures]:
    return stages.sign(_shingles(text_set))


def _words(text_set: TextSet) -> int:
    return sum(len(d.tokens) for d in _prepared(text_set))


def _count(text_set: TextSet) -> int:
    """Shingles hashed into window signatures, over every window of every scale (the hashing work)."""
    return sum(int((w.end - w.start).sum()) for w in _windows(text_set))


def _check_signatures(windows: list[WindowSignatures], text_set: TextSet) -> None:
    """Every tenth window's signature equals datasketch's for the same 32-bit shingle hashes."""
    shingles = _shingles(text_set)
    for w in windows:
        for k in range(0, w.doc.size, 10):
            hashes = shingles[int(w.doc[k])][int(w.start[k]) : int(w.end[k])]
            assert np.array_equal(w.signatures[k], stages.datasketch_reference(hashes)), k


def test_tokenizer_regex_reference(benchmark: Any, text_set: TextSet) -> None:
    """The regex reference tokenizer alone, on normalised text (compare: tokenizer-vectorised)."""
    normalized = [normalize(t).text for t in text_set.texts]
    result = benchmark.pedantic(lambda: [tokenize_regex(t) for t in normalized], rounds=3, warmup_rounds=1)
    tokens = sum(len(t) for t in result)
    record(benchmark, text_set.name, "tokenise-regex", megabytes=text_set.megabytes, shingles=tokens)


def test_tokenizer_vectorised(benchmark: Any, text_set: TextSet) -> None:
    """The vectorised tokenizer alone, on the same normalised text; asserts the same tokens."""
    normalized = [normalize(t).text for t in text_set.texts]
    result = benchmark.pedantic(
        lambda: [tokenize(t) for t in normalized], rounds=FAST_ROUNDS, warmup_rounds=1
    )
    for text, tokens in list(zip(normalized, result, strict=True))[:20]:
        assert np.array_equal(tokens.starts, tokenize_regex(text).starts)
    tokens = sum(len(t) for t in result)
    record(benchmark, text_set.name, "tokenise-vectorised", megabytes=text_set.megabytes, shingles=tokens)


def test_prepare_one_by_one(benchmark: Any, text_set: TextSet) -> None:
    """``prepare`` called once per text (compare: stage-1-prepare, the batch the scan runs)."""
    benchmark.pedantic(lambda: [prepare(t) for t in text_set.texts], rounds=FAST_ROUNDS, warmup_rounds=1)
    words = _words(text_set)
    record(benchmark, text_set.name, "prepare-one-by-one", megabytes=text_set.megabytes, shingles=words)


def test_stage_prepare(benchmark: Any, text_set: TextSet) -> None:
    """Raw texts → prepared documents, batch by batch; asserts what preparing each alone gives."""
    result = benchmark.pedantic(stages.prepare, args=(text_set.texts,), rounds=FAST_ROUNDS, warmup_rounds=1)
    for text, doc in list(zip(text_set.texts, result, strict=True))[:20]:
        alone = prepare(text)
        assert np.array_equal(doc.tokens.starts, alone.tokens.starts)
        assert np.array_equal(doc.tokens.ends, alone.tokens.ends)
        assert np.array_equal(doc.hashes, alone.hashes)
        assert np.array_equal(doc.content, alone.content)
    record(
        benchmark, text_set.name, "stage-1-prepare", megabytes=text_set.megabytes, shingles=_words(text_set)
    )


def test_stage_shingle(benchmark: Any, text_set: TextSet) -> None:
    """Prepared documents → each one's window shingles (n-grams of its content words, 32 bits)."""
    prepared = _prepared(text_set)
    result = benchmark.pedantic(stages.shingle, args=(prepared,), rounds=FAST_ROUNDS, warmup_rounds=1)
    shingles = sum(s.size for s in result)
    record(benchmark, text_set.name, "stage-2-shingle", megabytes=text_set.megabytes, shingles=shingles)


def test_stage_sign(benchmark: Any, text_set: TextSet) -> None:
    """Shingles → 128-permutation signatures of every window at every scale, in one call per scale."""
    shingles = _shingles(text_set)
    result = benchmark.pedantic(stages.sign, args=(shingles,), rounds=FAST_ROUNDS, warmup_rounds=1)
    _check_signatures(result, text_set)
    count = _count(text_set)
    best = benchmark.stats.stats.min if benchmark.stats else 1.0
    record(
        benchmark,
        text_set.name,
        "stage-3-sign",
        megabytes=text_set.megabytes,
        shingles=count,
        windows=float(sum(w.doc.size for w in result)),
        shingle_perms_per_s=count * stages.NUM_PERM / best,
    )


def test_stage_band(benchmark: Any, text_set: TextSet) -> None:
    """Window signatures → candidate window pairs (32 LSH bands), every scale."""
    windows = _windows(text_set)
    benchmark.pedantic(stages.band, args=(windows,), rounds=FAST_ROUNDS, warmup_rounds=1)
    record(benchmark, text_set.name, "stage-4-band", megabytes=text_set.megabytes, shingles=_count(text_set))


def test_ours_end_to_end(benchmark: Any, text_set: TextSet) -> None:
    """Raw text → candidate document pairs: what the scan runs before it aligns."""
    result = benchmark.pedantic(stages.pipeline, args=(text_set.texts,), rounds=FAST_ROUNDS, warmup_rounds=1)
    pairs = [tuple(p) for p in result.tolist()]
    assert pairs == sorted(set(pairs))
    assert all(0 <= x < y < len(text_set.texts) for x, y in pairs)
    _check_signatures(_windows(text_set), text_set)
    record(
        benchmark,
        text_set.name,
        "ours-end-to-end",
        megabytes=text_set.megabytes,
        shingles=_count(text_set),
        candidate_doc_pairs=float(len(result)),
    )


def _encoded(text_set: TextSet) -> list[list[bytes]]:
    strings = stages.shingle_strings(text_set.texts, _prepared(text_set))
    assert [len(s) for s in strings] == [s.size for s in _shingles(text_set)]  # the same shingles as ours
    return stages.window_strings(strings, _windows(text_set))


def test_datasketch_update(benchmark: Any, text_set: TextSet) -> None:
    """Baseline (a): ``MinHash.update`` per shingle of each window, default SHA-1 hash function."""
    encoded = _encoded(text_set)
    assert sum(map(len, encoded)) == _count(text_set)
    benchmark.pedantic(stages.datasketch_update, args=(encoded,), rounds=SLOW_ROUNDS, warmup_rounds=0)
    record(
        benchmark, text_set.name, "datasketch-update", megabytes=text_set.megabytes, shingles=_count(text_set)
    )


def test_datasketch_update_batch(benchmark: Any, text_set: TextSet) -> None:
    """Baseline (b): ``MinHash.update_batch`` per window on the same shingle strings."""
    encoded = _encoded(text_set)
    result = benchmark.pedantic(stages.datasketch_update_batch, args=(encoded,), rounds=3, warmup_rounds=1)
    assert np.array_equal(result[0].hashvalues, stages.datasketch_update(encoded[:1])[0].hashvalues)
    record(
        benchmark,
        text_set.name,
        "datasketch-update_batch",
        megabytes=text_set.megabytes,
        shingles=_count(text_set),
    )


def _kernel_input() -> tuple[np.ndarray[Any, np.dtype[np.uint32]], np.ndarray[Any, np.dtype[np.int64]]]:
    """2 M random 32-bit shingle hashes and the starts of documents of 600."""
    hashes = np.random.default_rng(0).integers(0, 1 << 32, 2_000_000, dtype=np.uint32)
    return hashes, np.arange(0, hashes.size, 600)


def test_datasketch_kernel_reference(benchmark: Any) -> None:
    """datasketch's ``update_batch`` fed the same 32-bit hashes as the kernel (identity hashfunc)."""
    hashes, starts = _kernel_input()
    docs = [hashes[s : s + 600].tolist() for s in starts.tolist()]
    benchmark.pedantic(lambda: [stages.datasketch_minhash_of_hashes(d) for d in docs], rounds=2)
    record(benchmark, "kernel", "datasketch-update_batch-hashes", megabytes=0.0, shingles=hashes.size)


@pytest.mark.parametrize("lanes", [8, 64])
def test_minhash_kernel(benchmark: Any, lanes: int) -> None:
    """The kernel alone: 2 M random shingle hashes, documents of 600, 128 permutations."""
    hashes, starts = _kernel_input()
    ends = np.minimum(starts + 600, hashes.size)
    a, b = permutations(stages.NUM_PERM, stages.SEED)
    result = benchmark.pedantic(
        segment_minhash, args=(hashes, starts, ends, a, b), kwargs={"lanes": lanes}, rounds=5, warmup_rounds=1
    )
    assert np.array_equal(result[-1], stages.datasketch_reference(hashes[starts[-1] :]))
    record(
        benchmark,
        "kernel",
        f"minhash-kernel-lanes-{lanes}",
        megabytes=0.0,
        shingles=hashes.size,
        shingle_perms_per_s=hashes.size * stages.NUM_PERM / benchmark.stats.stats.min
        if benchmark.stats
        else 0.0,
    )


def test_window_kernel(benchmark: Any) -> None:
    """Window signatures (24 shingles every 8) of 2 M random shingle hashes in documents of 250."""
    rng = np.random.default_rng(1)
    docs = list(rng.integers(0, 1 << 32, (8000, 250), dtype=np.uint32))
    result = benchmark.pedantic(window_signatures, args=(docs, SketchConfig()), rounds=5, warmup_rounds=1)
    w = result.doc.size // 2
    window = docs[int(result.doc[w])][int(result.start[w]) : int(result.end[w])]
    assert np.array_equal(result.signatures[w], stages.datasketch_reference(window))
    record(
        benchmark,
        "kernel",
        "window-signatures",
        megabytes=0.0,
        shingles=8000 * 250,
        windows=float(result.doc.size),
        shingle_perms_per_s=8000 * 250 * 128 / benchmark.stats.stats.min if benchmark.stats else 0.0,
    )
