"""reuse: find reused and repeated passages in Arabic and English texts, as aligned spans.

The public names load on first use (PEP 562), so ``import reuse.models`` or the command line's
``--help`` does not pay for numpy and the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "AlignParams": "reuse.models",
    "Document": "reuse.models",
    "Finding": "reuse.models",
    "Occurrence": "reuse.models",
    "ScanResult": "reuse.models",
    "SketchConfig": "reuse.models",
    "normalize": "reuse.normalize",
    "scan": "reuse.pipeline",
    "to_report": "reuse.report",
}

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

if TYPE_CHECKING:
    from reuse.models import AlignParams, Document, Finding, Occurrence, ScanResult, SketchConfig
    from reuse.normalize import normalize
    from reuse.pipeline import scan
    from reuse.report import to_report


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'reuse' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
