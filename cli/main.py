"""Entry point: the typer app and the registration of each command (one module per command)."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="reuse",
    help="Find reused and repeated passages in Arabic and English texts, as aligned spans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
