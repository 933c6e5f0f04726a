"""Writing a report as a spreadsheet: the workbook against the CSV of the same report, as it grows.

A report's ``documents`` sheet has a row per document, so an archive's workbook grows with the
archive even when it finds little. openpyxl's ``sheet[sheet.max_row]`` after each row read every
cell written so far: 5,000 documents took 39 s to write and 20,000 did not finish in 4 minutes
(a walker's archive, 2026-12-03). The figure kept is seconds per 1,000 documents at two sizes, and
the workbook's time over the CSV's: both flat as the report grows when writing is linear.

    pytest benchmarks/test_outputs.py --benchmark-only
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from reuse.report import to_csv

pytest.importorskip("openpyxl", reason="needs the formats extra")


def _report(documents: int) -> dict[str, Any]:
    """A report of ``documents`` Arabic and English documents and a reuse finding for every tenth."""
    docs = [
        {
            "id": f"archive/{k:06d}.txt",
            "path": f"archive/{k:06d}.txt",
            "chars": 2400,
            "words": 400,
            "reused_fraction": 0.1 if k % 10 == 0 else 0.0,
            "sha256": f"{k:064x}",
            "source": {"format": "text", "title": "قال الوزير" if k % 2 else "The minister said", "date": ""},
        }
        for k in range(documents)
    ]
    passage = {"start": 100, "end": 340, "text": "وقال المتحدث باسم الوزارة إن المشروع سيوفر المياه " * 4}
    findings = [
        {
            "id": f"F{k + 1}",
            "kind": "reuse",
            "similarity": 0.97,
            "words": 40,
            "a": {"doc": docs[k]["id"], **passage},
            "b": {"doc": docs[k + 1]["id"], **passage},
        }
        for k in range(0, documents - 1, 10)
    ]
    return {"documents": docs, "findings": findings, "errors": []}


@pytest.mark.parametrize("documents", [1_000, 4_000])
def test_xlsx_grows_as_the_csv_does(benchmark: Any, documents: int) -> None:
    from reuse.spreadsheet import to_xlsx

    report = _report(documents)
    start = time.perf_counter()
    to_csv(report)
    csv_seconds = time.perf_counter() - start
    data = benchmark.pedantic(to_xlsx, args=(report,), rounds=2, iterations=1)
    assert data[:2] == b"PK"
    if benchmark.stats:
        best = float(benchmark.stats.stats.min)
        benchmark.extra_info.update(
            {
                "documents": documents,
                "xlsx_seconds_per_1000_documents": best / documents * 1000,
                "xlsx_over_csv": best / csv_seconds,
            }
        )
