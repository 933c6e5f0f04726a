"""Shared test helpers: where the bundled fixtures and the shared datasets are."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "news"
SHARED = ROOT.parent / "shared" / "datasets"


@pytest.fixture(autouse=True)
def _own_extract_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands cache extracted texts in the user's cache folder by default: never from a test."""
    monkeypatch.setenv("REUSE_CACHE_DIR", str(tmp_path_factory.mktemp("extract-cache")))


def require(condition: bool, reason: str) -> None:
    """Skip when a resource is missing, but fail under CI=true, where every resource must be present."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: this must not be skipped)")
    pytest.skip(reason)


def shared_dataset(name: str) -> Path:
    """Path of ``../shared/datasets/<name>``; skips (or fails under CI) when it is absent."""
    path = SHARED / name
    require(path.is_dir(), f"{path} is absent (the shared datasets live beside the project in ../shared)")
    return path


def read_text(path: Path) -> str:
    """A document's text exactly as reports index it."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def spans(finding: dict[str, Any]) -> list[dict[str, Any]]:
    """A report finding's places, each with its ``doc``: a reuse's two spans, a repeat's occurrences."""
    if finding["kind"] == "reuse":
        return [finding["a"], finding["b"]]
    return [{"doc": finding["doc"]} | o for o in finding["occurrences"]]
