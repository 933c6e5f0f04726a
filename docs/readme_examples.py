"""The README's example outputs, produced by running the code (``cog -r -I docs README.md``).

``tests/test_docs.py`` runs ``cog --check``, so an output that no longer matches the code fails the
tests instead of drifting. Run from the repository root: the examples scan ``fixtures/news``.
"""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from reuse import scan, to_report
from reuse.io import decode, read_inputs
from reuse_cli.main import app

FIXTURES = "fixtures/news"
WIDTH = 104
"""Longest line of the JSON excerpt, so the README reads without scrolling."""


def scan_table(folder: str = FIXTURES, *options: str) -> str:
    """``reuse scan FOLDER [OPTIONS] --format table`` as a terminal shows it: the table, then the summary."""
    result = CliRunner().invoke(app, ["scan", folder, *options, "--format", "table"])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    command = " ".join(["reuse scan", folder, *options, "--format table"])
    return f"$ {command}\n{result.stdout}{result.stderr}"


def _dump(value: Any, column: int) -> str:
    """JSON packed into lines of at most :data:`WIDTH`, nested values indented under their opener."""
    flat = json.dumps(value, ensure_ascii=False)
    if column + len(flat) <= WIDTH or not isinstance(value, dict | list) or not value:
        return flat
    inner = column + 1
    if isinstance(value, dict):
        keys = [json.dumps(key, ensure_ascii=False) + ": " for key in value]
        parts = [key + _dump(v, inner + len(key)) for key, v in zip(keys, value.values(), strict=True)]
        opener, closer = "{", "}"
    else:
        parts = [_dump(v, inner) for v in value]
        opener, closer = "[", "]"
    lines: list[str] = []
    for part in parts:
        fits = lines and inner + len(lines[-1]) + 2 + len(part) <= WIDTH
        if fits and "\n" not in lines[-1] and "\n" not in part:
            lines[-1] += ", " + part
        else:
            lines.append(part)
    return opener + (",\n" + " " * inner).join(lines) + closer


def _short(text: str, words: int = 2) -> str:
    return " ".join(text.split()[:words]) + " …"


def report_excerpt() -> str:
    """The fixtures' JSON report cut to one document, one finding of each kind and one read error."""
    inputs = read_inputs([FIXTURES])
    report = to_report(scan(inputs.documents))
    doc = next(d for d in report["documents"] if d["id"].endswith("ar_copy.txt"))
    reuse = next(
        f for f in report["findings"] if f["kind"] == "reuse" and doc["id"] in (f["a"]["doc"], f["b"]["doc"])
    )
    repeat = max(
        (f for f in report["findings"] if f["kind"] == "repeat"), key=lambda f: len(f["occurrences"])
    )
    for span in (reuse["a"], reuse["b"], *repeat["occurrences"]):
        span["text"] = _short(span["text"])
    try:
        decode("café".encode("latin-1"))
    except ValueError as err:
        error = {"path": "corpus/bad.txt", "error": str(err)}
    excerpt = report | {
        "documents": [doc | {"sha256": doc["sha256"][:12] + "…", "source": doc["source"] | {"sha256": "…"}}],
        "findings": [reuse, repeat],
        "errors": [error],
    }
    return _dump(excerpt, 0)


def cluster_excerpt(folder: str = "fixtures/wire") -> str:
    """A cluster finding of the wire fixtures, passages shortened."""
    report = to_report(scan(read_inputs([folder]).documents))
    cluster = next(f for f in report["findings"] if f["kind"] == "cluster" and not f["boilerplate"])
    for occurrence in cluster["occurrences"]:
        occurrence["text"] = _short(occurrence["text"], 3)
    return _dump(cluster, 0)


def dated_excerpt(folder: str = "fixtures/papers") -> str:
    """The dated papers' cluster and reuse pair, each naming its earliest (passages shortened, no links)."""
    report = to_report(scan(read_inputs([folder], date_field="date").documents))
    shown = []
    for finding in report["findings"]:
        finding.pop("links", None)
        for span in finding.get("occurrences", []) + [finding[s] for s in ("a", "b") if s in finding]:
            span["text"] = _short(span["text"], 2)
        shown.append(_dump(finding, 1))
    return "[" + ",\n ".join(shown) + "]"


def dedup_csv(folder: str = "fixtures/refiled") -> str:
    """``reuse dedup FOLDER --keep longest --format csv``: the keep/drop list, then the summary."""
    result = CliRunner().invoke(app, ["dedup", folder, "--keep", "longest", "--format", "csv"])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    table = result.stdout.lstrip("\ufeff")  # the byte order mark is for spreadsheets, not for the page
    return f"$ reuse dedup {folder} --keep longest --format csv\n{table}{result.stderr}"


def group_excerpt(folder: str = "fixtures/refiled") -> str:
    """The near-duplicate group of a cut version and its wire story, difference texts shortened."""
    paths = [f"{folder}/en_flood_brief.txt", f"{folder}/en_flood_wire.txt"]
    report = to_report(scan(read_inputs(paths).documents))
    group = next(f for f in report["findings"] if f["kind"] == "near-duplicate")
    for pair in group["pairs"]:
        for difference in pair["differences"]:
            for side in ("a", "b"):
                if difference[side] is not None:
                    difference[side]["text"] = _short(difference[side]["text"], 3)
    return _dump(group, 0)
