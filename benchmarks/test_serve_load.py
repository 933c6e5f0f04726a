"""The bounded load run on ``reuse serve`` (``serve_load.py``), opt-in: ``REUSE_SERVE_LOAD=1``.

Sizes from ``REUSE_SERVE_LOAD_DOCUMENTS`` (default 10,000) and ``REUSE_SERVE_LOAD_CHECKS`` (2,000),
twenty clients. Asserts what must hold at any size: zero errors, every acknowledged write whole, no
half-written document; prints the latency and throughput figures.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import pytest
from serve_load import build, run

pytestmark = pytest.mark.skipif(not os.environ.get("REUSE_SERVE_LOAD"), reason="set REUSE_SERVE_LOAD=1")


def test_serve_under_load() -> None:
    if not all(importlib.util.find_spec(m) for m in ("starlette", "uvicorn")):
        pytest.fail("REUSE_SERVE_LOAD is set but the serve extra is not installed")
    documents = int(os.environ.get("REUSE_SERVE_LOAD_DOCUMENTS", "10000"))
    checks = int(os.environ.get("REUSE_SERVE_LOAD_CHECKS", "2000"))
    index = Path(tempfile.mkdtemp()) / "archive.db"
    build(index, documents)
    figures = run(index, documents, checks, clients=20, threads=None, batch=20)
    print(figures)
    assert figures["errors"] == 0, figures["first_errors"]
    assert figures["consistent"]
    assert figures["written"] > 0
