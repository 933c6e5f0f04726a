"""reuse: find reused and repeated passages in Arabic and English texts, as aligned spans."""

from __future__ import annotations

__version__ = "0.1.0"
