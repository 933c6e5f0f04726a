"""Throughput of every hashing stage and of the datasketch baselines, on the same texts in one run.

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
from reuse.sketch import permutations, segment_minhash, window_signatures
from reuse.tokenize import tokenize, tokenize_regex

FAST_ROUNDS = 10
SLOW_ROUNDS = 2


def _shingles(
    text_set: TextSet,
) -> tuple[np.ndarray[Any, np.dtype[np.uint32]], np.ndarray[Any, np.dtype[np.int64]]]:
    return stages.shingle_hash(stages.tokenise(text_set.texts))


def _count(text_set: TextSet) -> int:
    return int(_shingles(text_set)[0].size)


def _check_signatures(sigs: np.ndarray[Any, np.dtype[np.uint32]], text_set: TextSet) -> None:
    """Every tenth signature equals datasketch's for the same 32-bit shingle hashes."""
    docs = stages.per_text(*_shingles(text_set))
    for k in range(0, len(docs), 10):
        assert np.array_equal(sigs[k], stages.datasketch_reference(docs[k])), k


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


def test_stage_tokenise(benchmark: Any, text_set: TextSet) -> None:
    """Raw texts → normalised code points and tokens, the whole batch at once."""
    benchmark.pedantic(stages.tokenise, args=(text_set.texts,), rounds=FAST_ROUNDS, warmup_rounds=1)
    record(
        benchmark, text_set.name, "stage-1-tokenise", megabytes=text_set.megabytes, shingles=_count(text_set)
    )


def test_stage_shingle_hash(benchmark: Any, text_set: TextSet) -> None:
    """Tokens → 32-bit word 3-gram hashes."""
    batch = stages.tokenise(text_set.texts)
    hashes, _ = benchmark.pedantic(stages.shingle_hash, args=(batch,), rounds=FAST_ROUNDS, warmup_rounds=1)
    record(
        benchmark, text_set.name, "stage-2-shingle-hash", megabytes=text_set.megabytes, shingles=hashes.size
    )


def test_stage_minhash(benchmark: Any, text_set: TextSet) -> None:
    """Shingle hashes → one 128-permutation signature per document, all documents in one call."""
    hashes, bounds = _shingles(text_set)
    result = benchmark.pedantic(stages.minhash, args=(hashes, bounds), rounds=FAST_ROUNDS, warmup_rounds=1)
    _check_signatures(result, text_set)
    perms = hashes.size * stages.NUM_PERM
    best = benchmark.stats.stats.min if benchmark.stats else 1.0
    record(
        benchmark,
        text_set.name,
        "stage-3-minhash",
        megabytes=text_set.megabytes,
        shingles=hashes.size,
        shingle_perms_per_s=perms / best,
    )


def test_stage_band(benchmark: Any, text_set: TextSet) -> None:
    """Signatures → 32 LSH band keys each."""
    sigs = stages.minhash(*_shingles(text_set))
    benchmark.pedantic(stages.band, args=(sigs,), rounds=FAST_ROUNDS, warmup_rounds=1)
    record(benchmark, text_set.name, "stage-4-band", megabytes=text_set.megabytes, shingles=_count(text_set))


def test_ours_end_to_end(benchmark: Any, text_set: TextSet) -> None:
    """Raw text → signatures, and the signatures equal datasketch's for the same shingle hashes."""
    result = benchmark.pedantic(stages.pipeline, args=(text_set.texts,), rounds=FAST_ROUNDS, warmup_rounds=1)
    _check_signatures(result, text_set)
    record(
        benchmark, text_set.name, "ours-end-to-end", megabytes=text_set.megabytes, shingles=_count(text_set)
    )


def _encoded(text_set: TextSet) -> list[list[bytes]]:
    strings = stages.shingle_strings(text_set.texts)
    return [[s.encode("utf-8") for s in doc] for doc in strings]


def test_datasketch_update(benchmark: Any, text_set: TextSet) -> None:
    """Baseline (a): ``MinHash.update`` per shingle string, default SHA-1 hash function."""
    encoded = _encoded(text_set)
    assert sum(map(len, encoded)) == _count(text_set)  # the same shingles as ours
    benchmark.pedantic(stages.datasketch_update, args=(encoded,), rounds=SLOW_ROUNDS, warmup_rounds=0)
    record(
        benchmark, text_set.name, "datasketch-update", megabytes=text_set.megabytes, shingles=_count(text_set)
    )


def test_datasketch_update_batch(benchmark: Any, text_set: TextSet) -> None:
    """Baseline (b): ``MinHash.update_batch`` per document on the same shingle strings."""
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
