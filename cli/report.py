"""``reuse report``: turn a saved JSON report into a self-contained HTML page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._common import EXIT_INPUT, Cache, check_output, suffix_format, warn, write_output


def _fail(message: str) -> typer.Exit:
    """Print a ``reuse: <file>: <problem>`` line for each file and give the input-error exit to raise."""
    for line in message.splitlines():
        warn(line)
    return typer.Exit(EXIT_INPUT)


def report(
    report_json: Annotated[Path, typer.Argument(help="A report written by `reuse scan --format json`.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the HTML page ('-' for stdout).")
    ],
    cache: Cache = True,
) -> None:
    """Render a JSON report as an offline HTML page, reading the documents' files again.

    The files must be unchanged since the scan (their sha256 is checked; web pages and Word drafts are
    extracted again and must give the same text), so offsets still point at the reported passages,
    and the report must come from a version with the same text rules (normalization and preparation).
    A table or JSONL record is read again from its file with the fields it was read by; text read
    from stdin needs `reuse scan --format html`.

    Example: reuse report scan.json -o report.html
    """
    suffix_format(output, ["html"], command="report")  # -o report.json: a usage error, before any work
    check_output(output)  # -o into a missing folder: an input error, before any work
    from reuse.extract_cache import default_cache_dir
    from reuse.files import InputFileError, read_json, read_report_texts
    from reuse.html_report import render_html
    from reuse.report import check_report

    try:
        data = check_report(read_json(report_json), str(report_json))
        cached = default_cache_dir() if cache else None
        page = render_html(data, read_report_texts(data, root=report_json.parent, cache=cached))
    except InputFileError as exc:
        raise _fail(str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(f"{report_json}: malformed report ({type(exc).__name__}: {exc})") from None
    if str(output) == "-":
        sys.stdout.write(page)
        return
    write_output(output, page)
