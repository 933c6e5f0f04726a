"""Scaling of the candidate stage: 1k and 10k news-length documents (100k with REUSE_BENCH_LARGE=1).

Each size runs once in a fresh interpreter (``benchmarks/scale.py``) so that its peak RSS is its own;
the stage times it reports go into ``extra_info`` and the results table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import TIMINGS

SCRIPT = Path(__file__).resolve().parent / "scale.py"
SIZES = [
    pytest.param(1_000, id="1k"),
    pytest.param(10_000, id="10k"),
    pytest.param(
        100_000,
        id="100k",
        marks=pytest.mark.skipif(
            os.environ.get("REUSE_BENCH_LARGE") != "1", reason="set REUSE_BENCH_LARGE=1"
        ),
    ),
]


def _run(documents: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(documents)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("documents", SIZES)
def test_candidate_stage_scaling(benchmark: Any, documents: int) -> None:
    result = benchmark.pedantic(_run, args=(documents,), rounds=1, iterations=1)
    assert result["recall"] > 0.5  # the stage must still find the planted reuse
    benchmark.extra_info.update(result)
    TIMINGS[(f"scale-{documents}", "candidate-stage")] = result
