"""``python -m reuse_cli``: the same app as the ``reuse`` console script."""

from __future__ import annotations

from .main import app

app(prog_name="reuse")
