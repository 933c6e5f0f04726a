"""Exit codes and stderr helpers shared by every command."""

from __future__ import annotations

import sys

EXIT_OK = 0
"""The command ran; no finding met ``--fail-on``."""
EXIT_FINDINGS = 1
"""Findings met ``--fail-on``."""
EXIT_USAGE = 2
"""Bad options or arguments, or a setting a config rejects (typer's own usage errors use 2 as well)."""
EXIT_INPUT = 3
"""A named path does not exist, nothing could be read, two documents share an id, or (with ``--strict``)
any input was unreadable."""


def warn(message: str) -> None:
    """Print one line to stderr, prefixed so it is clear which tool said it."""
    print(f"reuse: {message}", file=sys.stderr)
