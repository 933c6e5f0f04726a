"""Growth of the whole scan with the collection: news-like documents (``newslike.py``).

Each size runs once in a fresh interpreter (``benchmarks/scale.py``) so that its peak memory is its
own. By default 2k and 8k documents; ``REUSE_BENCH_GROWTH=1`` adds 16k and 32k (issue 10's growth
exponent is measured between 8k and 32k) and ``REUSE_BENCH_LARGE=1`` the 100k-document scan. Every
run is appended to ``$REUSE_BENCH_SCALING`` (JSON lines) when set, which ``growth.py`` plots.
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


def _opt_in(variable: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(os.environ.get(variable) != "1", reason=f"set {variable}=1")


SIZES = [
    pytest.param(2_000, id="2k"),
    pytest.param(8_000, id="8k"),
    pytest.param(16_000, id="16k", marks=_opt_in("REUSE_BENCH_GROWTH")),
    pytest.param(32_000, id="32k", marks=_opt_in("REUSE_BENCH_GROWTH")),
    pytest.param(100_000, id="100k", marks=_opt_in("REUSE_BENCH_LARGE")),
]


def _run(documents: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(documents)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("documents", SIZES)
def test_scan_scaling(benchmark: Any, documents: int) -> None:
    result = benchmark.pedantic(_run, args=(documents,), rounds=1, iterations=1)
    assert result["recall"] >= 0.95  # the planted passages are found at every size
    benchmark.extra_info.update(result)
    TIMINGS[(f"scale-{documents}", "scan")] = result
    target = os.environ.get("REUSE_BENCH_SCALING")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(result) + "\n")
