"""The archive index at 10k and 100k news-like documents (opt-in: each builds an index of its own).

``REUSE_BENCH_ARCHIVE=1`` runs 10k documents, ``REUSE_BENCH_LARGE=1`` 100k; each size runs
``archive.py`` in a fresh interpreter and records its figures (build docs/s and MB/s, bytes on disk
per document, check p50/p95 in process, the whole command) in ``extra_info``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent / "archive.py"


def _opt_in(variable: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(os.environ.get(variable) != "1", reason=f"set {variable}=1")


@pytest.mark.parametrize(
    "documents",
    [
        pytest.param(10_000, id="10k", marks=_opt_in("REUSE_BENCH_ARCHIVE")),
        pytest.param(100_000, id="100k", marks=_opt_in("REUSE_BENCH_LARGE")),
    ],
)
def test_archive_build_and_check(benchmark: Any, documents: int, tmp_path: Path) -> None:
    def run() -> dict[str, Any]:
        index = tmp_path / f"archive-{os.getpid()}-{len(list(tmp_path.iterdir()))}.db"
        done = subprocess.run(
            [sys.executable, str(SCRIPT), str(documents), "--index", str(index)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
        return figures

    figures = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(figures)
    found, total = map(int, figures["drafts_found"].split("/"))
    assert found == total  # every draft's copied passage is found
