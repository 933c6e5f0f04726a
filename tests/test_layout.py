"""House rules read from the source: one schema string, files read and written in io.py and files.py,
imports declared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from reuse.models import SCHEMA

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
        p.relative_to(ROOT).as_posix() for p in SOURCES if SCHEMA in _strings(ast.parse(p.read_text()))
    ]
    assert holders == ["reuse/models.py"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: Path(p).relative_to(ROOT).as_posix())
def test_only_io_reads_or_writes_files(path: Path) -> None:
    if path.relative_to(ROOT).as_posix() in ("reuse/io.py", "reuse/files.py"):
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


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in requirements}


def _imported(path: Path) -> set[str]:
    """Top-level names of the third-party modules a source file imports (anywhere in it)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in {"reuse", "reuse_cli"}}


# Modules that read or write other file formats; their libraries come with the formats extra.
FORMATS_MODULES = {
    "extract.py",
    "markup.py",
    "pdftext.py",
    "regex_paths.py",
    "tables.py",
    "spreadsheet.py",
    "worddoc.py",
    "warc.py",
}
# The HTTP service and its command; their libraries come with the serve extra.
SERVE_MODULES = {"server.py", "server_guard.py", "serve.py"}
# Import names that differ from the distribution that provides them.
DISTRIBUTIONS = {"docx": "python-docx", "bidi": "python-bidi"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: Path(p).relative_to(ROOT).as_posix())
def test_every_import_is_a_declared_dependency(path: Path) -> None:
    """`pip install -e .` gives the package all it imports; numba (the *_numba.py modules) comes with
    fast, the libraries of the format readers and writers with formats, the server's with serve, and
    Spark with spark."""
    allowed = _declared() | (_declared("fast") if path.name.endswith("_numba.py") else set())
    allowed |= _declared("formats") if path.name in FORMATS_MODULES else set()
    allowed |= _declared("serve") if path.name in SERVE_MODULES else set()
    allowed |= _declared("spark") if path.name == "spark.py" else set()
    assert {DISTRIBUTIONS.get(name, name) for name in _imported(path)} - allowed == set()


def test_datasketch_is_the_reference_of_the_tests_not_a_runtime_dependency() -> None:
    assert "datasketch" not in _declared()
    assert "datasketch" in _declared("dev")
    assert not any("datasketch" in _imported(path) for path in SOURCES)
