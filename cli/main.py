"""Entry point: the typer app and the registration of each command (one module per command)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperOption


def _flags_take_no_value() -> None:
    """Show no ``<bool>`` beside a switch (``--quiet``, ``--help``) in the help's option panels.

    typer 0.29's rich panels print each option's type, switches included, which reads as if
    ``--allow-writes`` took a value; its plain help leaves the type out for them. The one place a
    switch's type is shown is this method, so it answers None for switches (a count option, ``-vv``,
    keeps its type). Where a typer has no such method, there is nothing to change.
    """
    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None:
        return

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag and not self.count else shown(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


def _usage_errors_on_one_line() -> None:
    """A usage error (a value not among the choices, an argument missing) as one ``reuse:`` line.

    typer draws click's usage errors as the usage line, a "Try --help" line and a boxed message:
    five lines or more, where every other error of ``reuse`` is one line a script or a log can
    hold. The exit code stays click's 2. Where a typer draws them elsewhere, they stay as it draws them.
    """
    from typer import rich_utils

    if not hasattr(rich_utils, "rich_format_error"):
        return

    def one_line(error: Any) -> None:
        if error.__class__.__name__ == "NoArgsIsHelpError":  # `reuse` alone: the help is printed
            return
        from ._common import warn

        ctx = getattr(error, "ctx", None)
        said = " ".join(error.format_message().replace("Value error, ", "").split()).rstrip(".")
        warn(f"{said} (see '{ctx.command_path} --help')" if ctx is not None else said)

    rich_utils.rich_format_error = one_line  # type: ignore[assignment]


_flags_take_no_value()
_usage_errors_on_one_line()
app = typer.Typer(
    name="reuse",
    help="Find reused and repeated passages in Arabic and English texts, as aligned spans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from reuse import __version__

        typer.echo(f"reuse {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Find reused and repeated passages in Arabic and English texts, as aligned spans.

    Exit codes: 0 ran (no finding met --fail-on), 1 findings met --fail-on, 2 usage error,
    3 input error (a named path does not exist, nothing could be read, two documents share an id,
    or --strict and a file failed; an index that is missing, corrupt, another program's or built
    with other settings).
    """


from .cache import cache_app  # noqa: E402  (commands register after the app exists)
from .check import check  # noqa: E402
from .dedup import dedup  # noqa: E402
from .evaluate import evaluate  # noqa: E402
from .extract import extract  # noqa: E402
from .index import index_app  # noqa: E402
from .report import report  # noqa: E402
from .scan import scan  # noqa: E402
from .serve import serve  # noqa: E402

app.command("scan")(scan)
app.command("evaluate")(evaluate)
app.command("report")(report)
app.command("extract")(extract)
app.command("check")(check)
app.command("serve")(serve)
app.add_typer(index_app)
app.command("dedup")(dedup)
app.add_typer(cache_app)
