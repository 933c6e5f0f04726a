"""Recall of `reuse check` against an index of araplagdet-dev's sources, beside a full scan's.

Run from the repository root::

    python benchmarks/archive_recall.py [--no-scan]

Indexes ``source-document*.txt``, checks every ``suspicious-document*.txt`` against the index (one
``check`` call), and scores the report with ``reuse.evaluate`` (suspicious x source pairs); then scans
the whole corpus as ``reuse scan`` does and scores that too. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from reuse.archive import check, index_add, settings
from reuse.evaluate import evaluate
from reuse.io import read_inputs
from reuse.pipeline import scan
from reuse.report import to_report
from reuse.store import ArchiveStore

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT.parent / "shared" / "datasets" / "araplagdet-dev"


def recall(report: dict[str, object]) -> dict[str, float]:
    """Overall precision, recall and plagdet of a report against the labelled truth."""
    row = evaluate(report, DATASET / "ground_truth.jsonl").to_dict()["rows"][0]
    return {k: round(float(row[k]), 4) for k in ("precision", "recall", "plagdet")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-scan", action="store_true", help="Only the check.")
    args = parser.parse_args()
    corpus = str(DATASET / "corpus")
    sources = read_inputs([corpus], glob="source-document*.txt").documents
    suspicious = read_inputs([corpus], glob="suspicious-document*.txt").documents
    path = Path(tempfile.mkdtemp()) / "araplagdet.db"
    figures: dict[str, object] = {"sources": len(sources), "suspicious": len(suspicious)}
    with ArchiveStore.connect(path, settings(), create=True) as store:
        started = time.perf_counter()
        index_add(store, sources)
        figures["index_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        result = check(suspicious, store)
        figures["check_s"] = round(time.perf_counter() - started, 1)
        figures["check"] = recall(to_report(result))
    if not args.no_scan:
        started = time.perf_counter()
        full = scan([*sources, *suspicious])
        figures["scan_s"] = round(time.perf_counter() - started, 1)
        figures["scan"] = recall(to_report(full))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
