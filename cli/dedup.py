"""``reuse dedup``: parse options, read inputs, call :func:`reuse.dedup.dedup`, write the keep/drop list."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from reuse.models import DuplicateIdError, NearDuplicateParams

from ._common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    Cache,
    Encoding,
    Glob,
    IdField,
    Markup,
    MarkupOption,
    MinContainment,
    Quiet,
    StdinFormat,
    StdinFormatOption,
    Strict,
    TextField,
    TitleField,
    UrlField,
    pick_format,
    read_documents,
    warn,
    write_output,
)
from ._terminal import TABLE_WIDTH, table_width


class DedupFormat(StrEnum):
    """Keep/drop list formats."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Keep(StrEnum):
    """Which document of a near-duplicate group is kept."""

    first = "first"
    longest = "longest"
    newest = "newest"
    oldest = "oldest"


def to_csv(report: dict[str, Any]) -> str:
    """One row per document, in input order: keep or drop, its group and the reason.

    As the scan's CSV: a UTF-8 byte order mark first (Excel then reads Arabic), formula-like ids
    defused (:func:`reuse.report.excel_safe`).
    """
    from reuse.dedup import DEDUP_COLUMNS, dedup_rows
    from reuse.report import excel_safe

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DEDUP_COLUMNS)
    writer.writerows([excel_safe(cell) for cell in row] for row in dedup_rows(report))
    return buffer.getvalue()


def to_table(report: dict[str, Any], width: int = TABLE_WIDTH) -> str:
    """A rich table of the groups (documents in no group are left out), kept document first."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ._terminal import inert_controls

    rows = {d["id"]: d for d in report["documents"]}
    dated = any(d.get("date") for d in report["documents"])  # kept as the newest or oldest: say when
    table = Table()
    for column in ("group", "action", "document", "words", *(["date"] if dated else []), "why"):
        table.add_column(column, overflow="fold")
    for group in report["groups"]:
        ordered = [group["kept"]] + [d for d in group["docs"] if d != group["kept"]]
        for k, doc in enumerate(ordered):
            row = rows[doc]
            label = group["id"] if k == 0 else ""
            last = k == len(ordered) - 1
            date = [row.get("date") or ""] if dated else []
            cells = (label, row["action"], doc, str(row["words"]), *date, row["reason"])
            # Ids as plain text (never rich markup), their bidi controls shown as markers.
            table.add_row(*(Text(inert_controls(c)) for c in cells), end_section=last)
    console = Console(file=None, width=width, record=True)
    with console.capture() as capture:
        console.print(table)
    return capture.get()


def summary(report: dict[str, Any]) -> str:
    """One line: documents, groups, how many to drop.

    >>> summary({"documents": [{"action": "keep"}, {"action": "drop"}], "groups": [{}], "errors": []})
    '2 documents, 1 near-duplicate group, 1 to drop (nothing deleted)'
    """
    docs, groups = report["documents"], report["groups"]
    dropped = sum(d["action"] == "drop" for d in docs)
    errors = f", {len(report['errors']):,} unreadable" if report["errors"] else ""
    return (
        f"{len(docs):,} document{'s' if len(docs) != 1 else ''}{errors}, {len(groups):,} near-duplicate "
        f"group{'s' if len(groups) != 1 else ''}, {dropped:,} to drop (nothing deleted)"
    )


NAMED = 5
"""Documents a warning about several names, the first ones; the others are counted."""


def _documents(ids: Sequence[str]) -> str:
    """The subject of a warning about documents: how many, the first few by id, and ``have``.

    >>> _documents(["a"]), _documents([str(k) for k in range(7)])
    ('1 document (a) has', '7 documents (0, 1, 2, 3, 4 and 2 more) have')
    """
    named = ", ".join(ids[:NAMED]) + (f" and {len(ids) - NAMED} more" if len(ids) > NAMED else "")
    return f"{len(ids)} document{'s' * (len(ids) > 1)} ({named}) {'have' if len(ids) > 1 else 'has'}"


def dedup(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or - for stdin.")],
    keep: Annotated[
        Keep,
        typer.Option(
            help="Which document of a group to keep: first (input order), longest, newest, oldest (the "
            "first printing, by --date-field)."
        ),
    ] = Keep.first,
    min_containment: MinContainment = NearDuplicateParams.min_containment,
    date_field: Annotated[
        str,
        typer.Option(
            help="Date field of records for --keep newest and oldest: ISO 8601, RFC 2822 or Unix seconds (or "
            "milliseconds; a four-digit number is a year), a time without a zone taken as UTC (other "
            "files: their modification time)."
        ),
    ] = "date",
    format: Annotated[
        DedupFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: the --output file's suffix; else table on a terminal, else json).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the list here.")] = None,
    glob: Glob = None,
    encoding: Encoding = "utf-8",
    id_field: IdField = "id",
    text_field: TextField = "text",
    title_field: TitleField = None,
    url_field: UrlField = None,
    markup: MarkupOption = Markup.auto,
    stdin_format: StdinFormatOption = StdinFormat.text,
    strict: Strict = False,
    cache: Cache = True,
    quiet: Quiet = False,
    timings: Annotated[bool, typer.Option(help="Print each stage's time and counts on stderr.")] = False,
) -> None:
    """List near-duplicate documents (the same story filed again) and which one of each group to keep.

    Two documents are near-duplicates when --min-containment of the shorter one's words are aligned
    with the other, as in `reuse scan`. Writes one keep/drop row per document with its group and the
    reason; never deletes or moves a file.

    Example: reuse dedup archive.jsonl --keep newest --format csv --output keep.csv
    """
    from reuse.dedup import dedup as run_dedup
    from reuse.dedup import to_dedup_report
    from reuse.report import stage_lines

    by_date = keep in (Keep.newest, Keep.oldest)
    # Before reading: a usage error, then an --output that cannot be written.
    chosen = pick_format(format, output, DedupFormat, command="dedup")
    if chosen is DedupFormat.xlsx and output is None and sys.stdout.isatty():
        warn("xlsx is a binary file: write it with --output FILE.xlsx")
        raise typer.Exit(EXIT_USAGE)
    try:
        near_duplicates = NearDuplicateParams(min_containment)
    except ValueError as err:  # the config validates itself; a bad value is a usage error
        warn(str(err))
        raise typer.Exit(EXIT_USAGE) from None
    inputs, read_seconds = read_documents(
        paths,
        glob=glob,
        encoding=encoding,
        id_field=id_field,
        text_field=text_field,
        title_field=title_field,
        url_field=url_field,
        markup=markup,
        stdin_format=stdin_format,
        date_field=date_field if by_date else None,
        cache=cache,
        quiet=quiet,
        progress=True,
    )
    dates = None
    if by_date:
        # A record's, a page's or a draft's own date. Never a file's modification time, which a copy
        # changes: a walker's copied folder kept 97 other versions (the scan never reads it either).
        dates = [d.source.date if d.source and d.source.date else None for d in inputs.documents]
        undated = [doc.id for doc, date in zip(inputs.documents, dates, strict=True) if date is None]
        if not quiet and undated:
            warn(
                f"{_documents(undated)} no {date_field!r}: never kept as {keep.value} (a group with no "
                "dated version keeps its first, by input order)"
            )
    try:
        result = run_dedup(
            inputs.documents,
            keep=keep.value,
            dates=dates,
            near_duplicates=near_duplicates,
            errors=inputs.errors,
        )
    except DuplicateIdError as err:
        warn(str(err))
        raise typer.Exit(EXIT_INPUT) from None
    if not quiet and result.unreadable_dates:
        bad = result.unreadable_dates
        warn(f"{_documents(bad)} a {date_field!r} that is not a date: never kept as {keep.value}")
    report = to_dedup_report(result)
    text: str | bytes
    if chosen is DedupFormat.table:
        text = to_table(report, table_width() if output is None else TABLE_WIDTH)
    elif chosen is DedupFormat.csv:
        text = to_csv(report)
    elif chosen is DedupFormat.xlsx:
        from reuse.spreadsheet import dedup_to_xlsx

        text = dedup_to_xlsx(report)
    else:
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if output is not None:
        write_output(output, text)
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
    if not quiet:
        warn(summary(report))
    if timings:
        for line in stage_lines({"read": read_seconds} | result.timings, result.figures):
            warn(line)
    if inputs.missing or (strict and inputs.errors):
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(EXIT_OK)
