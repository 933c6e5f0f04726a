"""benchmarks/quality/run.py names the commit its results come from, and says when the tree was dirty."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT


def _run_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quality_run", ROOT / "benchmarks" / "quality" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_commit_label_marks_a_dirty_tree(tmp_path: Path) -> None:
    commit_label = _run_module().commit_label
    git(tmp_path, "init", "-q")
    (tmp_path / "code.py").write_text("x = 1\n")
    (tmp_path / "RESULTS.md").write_text("old results\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    head = git(tmp_path, "rev-parse", "--short", "HEAD")

    assert commit_label(tmp_path, output="RESULTS.md") == head
    (tmp_path / "RESULTS.md").write_text("new results\n")  # the script's own output does not count
    assert commit_label(tmp_path, output="RESULTS.md") == head
    (tmp_path / "code.py").write_text("x = 2\n")
    assert commit_label(tmp_path, output="RESULTS.md") == f"{head}-dirty"
    git(tmp_path, "checkout", "-q", "code.py")
    (tmp_path / "new_module.py").write_text("y = 1\n")  # untracked code changes what runs too
    assert commit_label(tmp_path, output="RESULTS.md") == f"{head}-dirty"
