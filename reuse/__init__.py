"""reuse: find reused and repeated passages in Arabic and English texts, as aligned spans."""

from __future__ import annotations

from reuse.align import AlignParams
from reuse.models import Document, Finding, Occurrence, ScanResult, SketchConfig
from reuse.normalize import normalize
from reuse.pipeline import scan
from reuse.report import to_report

__version__ = "0.1.0"

__all__ = [
    "AlignParams",
    "Document",
    "Finding",
    "Occurrence",
    "ScanResult",
    "SketchConfig",
    "normalize",
    "scan",
    "to_report",
]
