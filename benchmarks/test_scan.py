"""The whole scan, timed as users run it, against datasketch hashing the same collection's windows.

Issue 10's reference job: ``datasketch.MinHash.update_batch`` with 128 permutations over the word
3-grams of 50-word windows every 25 words of araplagdet-dev (870 documents, 17.9 MB): what datasketch
alone takes just to *sketch* the passages, before any candidate or alignment work. Its shingles are
built and UTF-8 encoded before timing starts. The scan is ``reuse.pipeline.scan`` with default
options (alignment on every core) on the documents as ``reuse scan`` reads them. Both run once per
session (rounds=1); the ratio of the two from this run goes into the results table.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SHARED_CORPUS, TIMINGS
from datasketch import MinHash

from reuse.io import read_inputs
from reuse.normalize import normalize
from reuse.pipeline import scan
from reuse.tokenize import tokenize

WINDOW, STRIDE, NGRAM = 50, 25, 3


def _documents() -> Any:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"{SHARED_CORPUS} is absent")
    return read_inputs([str(SHARED_CORPUS)], glob="*.txt", encoding="utf-8").documents


def reference_windows(texts: list[str]) -> list[list[bytes]]:
    """Word 3-grams (of the normalised words) of 50-word windows every 25 words, as UTF-8 bytes."""
    windows = []
    for text in texts:
        normalized = normalize(text).text
        words = tokenize(normalized).words(normalized)
        grams = [" ".join(words[k : k + NGRAM]).encode() for k in range(max(1, len(words) - NGRAM + 1))]
        for start in range(0, max(1, len(grams) - WINDOW + STRIDE), STRIDE):
            windows.append(grams[start : start + WINDOW])
    return windows


def _record(benchmark: Any, stage: str, **extra: float) -> None:
    stats = getattr(benchmark, "stats", None)
    if stats is not None:
        info = {"seconds_min": float(stats.stats.min), **extra}
        benchmark.extra_info.update(info)
        TIMINGS[("araplagdet-dev-full", stage)] = info


def test_datasketch_reference_job(benchmark: Any) -> None:
    windows = reference_windows([d.text for d in _documents()])

    def sketch_all() -> int:
        for shingles in windows:
            MinHash(num_perm=128, seed=1, scheme="affine32").update_batch(shingles)
        return len(windows)

    assert benchmark.pedantic(sketch_all, rounds=1, iterations=1) == len(windows)
    _record(benchmark, "datasketch-reference", windows=float(len(windows)))


def test_full_scan(benchmark: Any) -> None:
    documents = _documents()
    result = benchmark.pedantic(scan, args=(documents,), rounds=1, iterations=1)
    assert result.figures["pairs_with_findings"] > 500  # the labelled corpus holds 632 reused pairs
    _record(benchmark, "scan", **{f"{k}_s": v for k, v in result.timings.items()}, **result.figures)
