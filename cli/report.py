"""``reuse report``: turn a saved JSON report into a self-contained HTML page."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import EXIT_INPUT, warn


def _fail(message: str) -> typer.Exit:
    """Print one ``reuse: <file>: <problem>`` line and give the input-error exit to raise."""
    warn(message)
    return typer.Exit(EXIT_INPUT)


def report(
    report_json: Annotated[Path, typer.Argument(help="A report written by `reuse scan --format json`.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the HTML page ('-' for stdout).")
    ],
) -> None:
    """Render a JSON report as an offline HTML page, reading the documents' files again.

    The files must be unchanged since the scan (their sha256 is checked), so offsets still point at
    the reported passages; documents read from JSONL or stdin need `reuse scan --format html` instead.

    Example: reuse report scan.json -o report.html
    """
    from reuse.html_report import ReportInputError, load_texts_for_report, render_html

    try:
        data: Any = json.loads(report_json.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(f"{report_json}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"{report_json}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    except json.JSONDecodeError as exc:
        raise _fail(f"{report_json}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("schema") != "reuse.report/1":
        raise _fail(f"{report_json}: not a reuse.report/1 JSON report")
    try:
        page = render_html(data, load_texts_for_report(data, root=report_json.parent))
    except ReportInputError as exc:
        raise _fail(str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(f"{report_json}: malformed report ({type(exc).__name__}: {exc})") from None
    if str(output) == "-":
        sys.stdout.write(page)
        return
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None
