"""The report as an Excel workbook: a sheet of findings, one of documents, and one of unreadable inputs.

Editors open results in Excel or Google Sheets. Arabic cells are right-aligned with a right-to-left
reading order, English ones left-to-right, each by its first strong character (the rule the HTML
report uses). Every string is stored as a string, so a document id such as ``=HYPERLINK(...)`` is
never a formula.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reuse.report import CSV_COLUMNS, Report, finding_rows

CELL_LIMIT = 32_767
"""Excel's most characters in one cell; a longer passage is cut there and ends with ``…``."""

DOCUMENT_COLUMNS = (
    "id",
    "path",
    "chars",
    "words",
    "reused_fraction",
    "format",
    "title",
    "date",
    "url",
    "extractor",
    "extractor_version",
    "reader",
    "markup",
    "sha256",
    "source_sha256",
    "record",
)
MAX_WIDTHS = {"text_a": 70, "text_b": 70, "error": 80, "sha256": 20, "source_sha256": 20}
MAX_WIDTHS |= dict.fromkeys(("id", "path", "doc_a", "doc_b"), 80)
"""The widest a column is made, in characters (others: :data:`MAX_WIDTH`); each is as wide as its content.

A passage wraps in its cell; a document's id is often its path, shown whole where it can be; a
hash is cut at 20 characters, as it is for telling apart, not for reading."""
MAX_WIDTH = 50


def document_rows(report: Report) -> Iterable[list[Any]]:
    """The documents sheet's rows: what was read, from where and how."""
    for d in report["documents"]:
        source = d.get("source", {})
        yield [
            d["id"],
            d["path"],
            d["chars"],
            d["words"],
            d["reused_fraction"],
            source.get("format", ""),
            source.get("title", ""),
            source.get("date", ""),
            source.get("url", ""),
            source.get("extractor", ""),
            source.get("extractor_version", ""),
            source.get("reader", ""),
            source.get("markup", ""),
            d["sha256"],
            source.get("sha256", ""),
            source.get("record", ""),
        ]


def _cell_text(text: str) -> str:
    """``text`` as a cell can hold it: at most :data:`CELL_LIMIT` characters, no control characters.

    Control characters Excel rejects become U+FFFD, one for one, so offsets still count right.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def _sheet(workbook: Any, title: str, columns: Sequence[str], rows: Iterable[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from reuse.direction import direction

    sheet = workbook.create_sheet(title)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rtl = Alignment(horizontal="right", vertical="top", wrap_text=True, readingOrder=2)
    ltr = Alignment(horizontal="left", vertical="top", wrap_text=True, readingOrder=1)
    widest = [len(name) + 2 for name in columns]  # a header has its filter's button beside it
    # Cell by cell at known places: openpyxl's sheet[sheet.max_row] reads every cell written so far,
    # which made a workbook of 5,000 documents take 39 s to write and one of 20,000 minutes.
    for row, values in enumerate(rows, start=2):
        for k, value in enumerate(values):
            # An empty value is no cell, as Excel leaves a blank one (an empty string was written as
            # a string cell holding nothing, which Excel's "Go To Special: Blanks" and COUNTBLANK miss).
            if value is None or value == "":
                continue
            shown = _cell_text(value) if isinstance(value, str) else value
            cell = sheet.cell(row=row, column=k + 1, value=shown)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = rtl if direction(cell.value) == "rtl" else ltr
            if k < len(widest):
                widest[k] = max(widest[k], max(map(len, str(value).split("\n"))))
    for k, name in enumerate(columns, start=1):
        # As wide as the column's longest line (bold header included), within its cap: a fixed 8
        # cut "near-duplicate" and the path ids of the documents sheet.
        sheet.column_dimensions[get_column_letter(k)].width = min(
            widest[k - 1] + 2, MAX_WIDTHS.get(name, MAX_WIDTH)
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def to_xlsx(report: Report) -> bytes:
    """The report as ``.xlsx`` bytes: sheets ``findings``, ``documents`` and (if any) ``errors``.

    >>> import io, openpyxl
    >>> report = {"findings": [], "errors": [], "documents": [
    ...     {"id": "a.html", "path": "a.html", "chars": 9, "words": 2, "reused_fraction": 0.0,
    ...      "sha256": "0" * 64, "source": {"format": "html", "title": "قال الوزير"}}]}
    >>> book = openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))
    >>> book.sheetnames, book["documents"]["G2"].value, book["documents"]["G2"].alignment.readingOrder
    (['findings', 'documents'], 'قال الوزير', 2.0)
    """
    return _workbook(
        [
            ("findings", CSV_COLUMNS, finding_rows(report)),
            ("documents", DOCUMENT_COLUMNS, document_rows(report)),
        ],
        report["errors"],
    )


def dedup_to_xlsx(report: Mapping[str, Any]) -> bytes:
    """A ``reuse dedup`` keep/drop list as ``.xlsx``: sheets ``documents`` (the CSV's columns) and ``errors``.

    >>> import io, openpyxl
    >>> report = {"errors": [], "documents": [{"id": "a", "action": "keep", "group": None, "kept": None,
    ...     "words": 9, "date": None, "partner": None, "containment": None, "reason": "no near-duplicate"}]}
    >>> sheet = openpyxl.load_workbook(io.BytesIO(dedup_to_xlsx(report)))["documents"]
    >>> [c.value for c in sheet[2]]
    ['a', 'keep', None, None, 9, None, None, None, 'no near-duplicate']
    """
    from reuse.dedup import DEDUP_COLUMNS, dedup_rows

    return _workbook([("documents", DEDUP_COLUMNS, dedup_rows(report))], report["errors"])


def _workbook(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[list[Any]]]], errors: Sequence[Any]
) -> bytes:
    """A workbook of ``sheets`` (title, columns, rows), then an ``errors`` sheet if there are any."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in sheets:
        _sheet(workbook, title, columns, rows)
    if errors:
        _sheet(workbook, "errors", ("path", "error"), ([e["path"], e["error"]] for e in errors))
    # Byte-identical for the same report, as every other format: no clock in the file. The
    # workbook's created/modified stamps and the zip entries' times are a fixed date, not "now"
    # (Workbook.save would stamp "modified" with the time of saving: its writer is called directly).
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _without_clock(buffer.getvalue())


FIXED_TIME = datetime.datetime(2000, 1, 1)
"""What an ``.xlsx`` says for when it was made and changed (its report carries no time either)."""


def _without_clock(data: bytes) -> bytes:
    """The same zip archive with every entry dated :data:`FIXED_TIME` (zipfile dates them "now")."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = entry.compress_type, entry.external_attr
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
