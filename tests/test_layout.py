"""House rules read from the source: one copy of the schema string, files read and written in io.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

SOURCES = sorted([*(ROOT / "reuse").glob("*.py"), *(ROOT / "cli").glob("*.py")])
# pathlib's readers and writers; reuse.io's own functions are called by name and are the way to do it.
FILE_METHODS = {"open", "read_text", "write_text", "read_bytes", "write_bytes"}


def _strings(tree: ast.AST) -> list[str]:
    """String constants that are not docstrings (doctests may spell the schema out)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_the_schema_string_has_one_copy() -> None:
    holders = [
        p.relative_to(ROOT).as_posix()
        for p in SOURCES
        if "reuse.report/1" in _strings(ast.parse(p.read_text()))
    ]
    assert holders == ["reuse/models.py"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: Path(p).relative_to(ROOT).as_posix())
def test_only_io_reads_or_writes_files(path: Path) -> None:
    if path.name == "io.py":
        return
    calls = [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "open")
            or (isinstance(node.func, ast.Attribute) and node.func.attr in FILE_METHODS)
        )
    ]
    assert calls == []
