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


@app.callback()
def main() -> None:
    """Find reused and repeated passages in Arabic and English texts, as aligned spans.

    Exit codes: 0 ran (no finding met --fail-on), 1 findings met --fail-on, 2 usage error,
    3 input error (a named path does not exist, nothing could be read, two documents share an id,
    or --strict and a file failed).
    """


from .evaluate import evaluate  # noqa: E402  (commands register after the app exists)
from .extract import extract  # noqa: E402
from .report import report  # noqa: E402
from .scan import scan  # noqa: E402

app.command("scan")(scan)
app.command("evaluate")(evaluate)
app.command("report")(report)
app.command("extract")(extract)
