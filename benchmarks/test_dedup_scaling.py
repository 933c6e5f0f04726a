"""``reuse dedup`` on re-filed articles (``refiled.py``): quality asserted, time and memory recorded.

Each size runs the command once in a fresh interpreter (as a user runs it, on the set's JSONL), so
its peak memory is its own: 2k and 10k documents by default, ``REUSE_BENCH_LARGE=1`` adds 100k
(about 1-2 minutes, plus about 70 s to generate the set the first time; sets are cached under
``$TMPDIR/reuse-refiled``). ``benchmarks/neardup/run.py`` writes the full table (RESULTS.md).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from neardup.run import generated, quality

LARGE = pytest.mark.skipif(os.environ.get("REUSE_BENCH_LARGE") != "1", reason="set REUSE_BENCH_LARGE=1")
SIZES = [
    pytest.param(2_000, 4, id="2k"),
    pytest.param(10_000, 2, id="10k"),
    pytest.param(100_000, 3, id="100k", marks=LARGE),
]


@pytest.mark.parametrize(("documents", "seed"), SIZES)
def test_dedup_scaling(benchmark: Any, documents: int, seed: int) -> None:
    folder = generated(documents, seed)
    result = benchmark.pedantic(quality, args=(folder,), kwargs={"scan": False}, rounds=1, iterations=1)
    dedup = result["dedup"]
    assert dedup["precision"] >= 0.97
    assert dedup["recall"] >= 0.97
    assert dedup["negatives_grouped"] == 0
    benchmark.extra_info.update({k: v for k, v in dedup.items() if not isinstance(v, list)})
