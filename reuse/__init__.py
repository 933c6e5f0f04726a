"""reuse: find reused and repeated passages in Arabic and English texts, as aligned spans.

The public names load on first use (PEP 562), so ``import reuse.models`` or the command line's
``--help`` does not pay for numpy and the whole pipeline. The text rules are
``reuse.normalize.normalize``: a package attribute ``normalize`` would turn from the function into
the submodule once anything imported ``reuse.normalize`` (a walker's notebook).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "AlignParams": "reuse.models",
    "CandidateParams": "reuse.models",
    "Document": "reuse.models",
    "Finding": "reuse.models",
    "NearDuplicateGroup": "reuse.models",
    "NearDuplicateParams": "reuse.models",
    "Occurrence": "reuse.models",
    "ScanResult": "reuse.models",
    "SketchConfig": "reuse.models",
    "scan": "reuse.pipeline",
    "to_report": "reuse.report",
}

__all__ = [
    "AlignParams",
    "CandidateParams",
    "Document",
    "Finding",
    "NearDuplicateGroup",
    "NearDuplicateParams",
    "Occurrence",
    "ScanResult",
    "SketchConfig",
    "scan",
    "to_report",
]

if TYPE_CHECKING:
    from reuse.models import (
        AlignParams,
        CandidateParams,
        Document,
        Finding,
        NearDuplicateGroup,
        NearDuplicateParams,
        Occurrence,
        ScanResult,
        SketchConfig,
    )
    from reuse.pipeline import scan
    from reuse.report import to_report


def __dir__() -> list[str]:
    """The public names too, though they load on first use: a notebook's completion offers them."""
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'reuse' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
