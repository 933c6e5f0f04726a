"""Documents out of table exports (CSV, TSV, Parquet, Excel): one row per article, chosen columns.

A newsroom's archive often leaves its CMS as a database export with id, text, date and URL columns.
Problems with the whole table (a missing id or text column, one named twice, a column of the wrong
type, a file that is not a table) raise :class:`~reuse.extract.FormatError` with a one-line message
naming the columns there are; a problem with one row (no text, no id, more cells than the header)
becomes a :class:`Row` error and the rest is read. A date, title or URL column that is not there is
a :class:`TableNote`, not an error, and the rows are read without it, as JSONL records without the
field are.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reuse.extract import FormatError, check_office_zip
from reuse.models import DEFAULT_FIELDS, Fields, InputError, Source

CSV_READER = "reuse-csv/2"
"""Recipe for CSV and TSV: Python's csv module (RFC 4180 quoting, line ends inside quotes kept); a
CSV whose header line has semicolons and no comma is read with ``;``, and Excel's ``sep=;`` first
line names the delimiter (:func:`csv_delimiter`). A row with more cells than the header, or a quote
that never closes, is that row's error. (/1 cut such a row to the header's length, and took a
``sep=`` line for the header.)"""
PARQUET_READER = "reuse-parquet/1"
"""Recipe for Parquet: pyarrow; the text column must be a string column."""
XLSX_READER = "reuse-xlsx/3"
"""Recipe for Excel: openpyxl, every worksheet one of whose first 10 rows (the header) names the id and
text columns (else the first worksheet), the rows under it, named by Excel's own row numbers (and
by their sheet in a workbook of several); a text cell must hold a string, as it is (line ends
kept); a date cell is written ISO 8601 (a day at midnight as the day). (/2 read the first such
sheet only and counted rows from under the header; /1 took the header from the first row only.)"""

_FIELD_LIMIT = 2**31 - 1
"""Largest cell, in characters: as large as csv allows everywhere. The file is in memory already, so a
cell of 70 MB costs what a text file of 70 MB does; csv's own limit (128 K) is below a long
article with its markup."""

_END = "\ue000\ue001"
"""A last line put after a CSV's text: read as a row of its own, unless a quote left open swallows it."""


@dataclass(frozen=True)
class Row:
    """One table row: its place (``row 3``: the third data row) and its document, or what is wrong.

    A ``note`` is no row: the header's word that an optional column is not there (:func:`_without`).
    """

    record: str
    id: str = ""
    text: str = ""
    date: str = ""
    title: str = ""
    url: str = ""
    error: str = ""
    note: str = ""


@dataclass(frozen=True)
class TableNote:
    """How a table was read, said once: a date, title or URL column it does not have.

    Its rows were read (without that column), so it is a note on stderr, never an entry of the
    report's errors: the file is not unreadable and ``--strict`` does not fail on it. ``where`` is
    the sheet it is about in a workbook of several (``sheet '2023'``), else empty: the whole table.
    """

    where: str
    note: str


def _columns_hint(columns: Sequence[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:12]) + (", …" if len(columns) > 12 else "")
    return f"columns: {shown}" if columns else "no columns"


def _check_columns(columns: Sequence[str], fields: Fields) -> list[tuple[str, str]]:
    """The date, title and URL fields named but missing from ``columns``, as (option, column).

    Raises:
        FormatError: The text or id column is missing, or a column read is named twice (which
            of the two is meant cannot be told).

    >>> _check_columns(["id", "text", "text"], DEFAULT_FIELDS)
    Traceback (most recent call last):
    ...
    reuse.extract.FormatError: column 'text' appears twice (columns: 'id', 'text', 'text'; rename one, ...)
    >>> _check_columns(["id", "text"], Fields(date="date", title="headline"))
    [('date', 'date'), ('title', 'headline')]
    """
    if not any(columns):
        raise FormatError("holds no records (the file is empty, or a table has only its header)")
    for option, name in {"text": fields.text, "id": fields.id}.items():
        if name not in columns:
            raise FormatError(f"no column {name!r} ({_columns_hint(columns)}; use --{option}-field)")
    for option, named in {"text": fields.text, "id": fields.id, **fields.kept()}.items():
        if named is not None and (times := list(columns).count(named)) > 1:
            said = "twice" if times == 2 else f"{times} times"
            hint = f"{_columns_hint(columns)}; rename one, or use --{option}-field"
            raise FormatError(f"column {named!r} appears {said} ({hint})")
    return [
        (option, name) for option, name in fields.kept().items() if name is not None and name not in columns
    ]


def _without(missing: list[tuple[str, str]], columns: Sequence[str], where: str = "") -> list[Row]:
    """The header's note that optional columns are not there (none when all are), for ``where`` (a sheet).

    Their rows are read without them, as a JSONL record without the field is; the note says so once.
    """
    if not missing:
        return []
    names = " nor ".join(repr(name) for _, name in missing)
    options = ", ".join(f"--{option}-field" for option, _ in missing)
    kept = " and ".join(option if option != "url" else "URL" for option, _ in missing)
    note = f"no column {names} ({_columns_hint(columns)}; use {options}): its rows are read without a {kept}"
    return [Row(where.strip(), note=note)]


def _row(number: int, fields: Fields, value: Callable[[str | None], Any], where: str = "") -> Row:
    """Row ``number`` from ``value(column)`` (None for a column not named or a cell not there).

    ``where`` comes before the row in its record (an Excel sheet's name: ``sheet 'Archive' row 3``).
    """
    record = f"{where}row {number}"
    text, doc_id = value(fields.text), value(fields.id)
    if text is None:  # a null (Parquet, Excel) or a row cut short before its text (CSV)
        return Row(record, error="no text: the text cell is empty (null)")
    if isinstance(text, str) and not text.strip():
        return Row(record, error="empty or whitespace-only text: nothing to compare")
    if doc_id is None or str(doc_id) == "":
        return Row(record, error="no id")
    if isinstance(doc_id, float) and not math.isfinite(doc_id):
        return Row(record, error=f"the id cell holds {doc_id}, not an id")
    given: dict[str, str] = {}
    for name, cell in {"id": doc_id, **{n: value(c) for n, c in fields.kept().items()}}.items():
        cell = _number(cell)
        if isinstance(cell, bytes):  # a binary column: its text is UTF-8, never the bytes' repr
            try:
                cell = cell.decode("utf-8")
            except UnicodeDecodeError as exc:
                return Row(record, error=f"the {name} cell holds bytes that are not UTF-8 (byte {exc.start})")
        if isinstance(cell, bool | list | tuple | dict | set):  # never a Python repr as an id or a date
            return Row(record, error=f"the {name} cell holds {_kind(cell)}, not text or a number")
        given[name] = "" if cell is None else str(cell)
    return Row(record, given.pop("id"), text, **given)


def _number(cell: Any) -> Any:
    """A whole float as the integer it is, NaN as nothing; anything else as it is.

    Parquet and Excel keep an id ``1`` as ``1.0`` when its column is of floats; pandas writes NaN
    for a missing value.

    >>> _number(1.0), _number(2.5), _number(float("nan")), _number(float("inf")), _number("1.0")
    (1, 2.5, None, inf, '1.0')
    """
    if not isinstance(cell, float):
        return cell
    if math.isnan(cell):
        return None
    return int(cell) if cell.is_integer() else cell


def csv_rows(text: str, *, delimiter: str = ",", fields: Fields = DEFAULT_FIELDS) -> list[Row]:
    """Rows of a CSV (or, with ``delimiter="\\t"``, TSV) table with a header line.

    Rows are counted under the header: ``row 1`` is the first record, however many lines its quoted
    cells take; a message about a row's cells names its line in the file too. A row with more
    (filled) cells than the header has is that row's error, never cut to fit: a comma left unquoted
    in the text would lose the rest of it. An Excel ``sep=;`` first line names the delimiter.

    >>> rows = csv_rows('id,text\\n7,"two\\nlines"\\n8,\\n9,a,b\\n')
    >>> for row in rows:
    ...     print(row.record, repr(row.id), repr(row.text), row.error or "read")
    row 1 '7' 'two\\nlines' read
    row 2 '' '' empty or whitespace-only text: nothing to compare
    row 3 '' '' 3 fields, the header has 2 (line 5: a ',' in a cell that is not quoted? quote that cell)
    >>> csv_rows("article_id,body\\n1,x\\n")
    Traceback (most recent call last):
    ...
    reuse.extract.FormatError: no column 'text' (columns: 'article_id', 'body'; use --text-field)
    """
    csv.field_size_limit(_FIELD_LIMIT)
    skipped = 0
    if (named := _sep_line(text)) is not None:
        delimiter, text, skipped = named, text.partition("\n")[2], 1
    records = _records(text, delimiter, skipped)
    _, header, problem = records[0] if records else (0, [], "")
    if problem:
        raise FormatError(f"header: {problem}")
    if (hint := _delimiter_hint(header, delimiter, fields)) is not None:
        raise FormatError(hint)
    missing = _check_columns(header, fields)
    at = {name: header.index(name) for name in fields.named() if name in header}
    rows = []
    for number, (line, cells, problem) in enumerate(records[1:], start=1):
        if problem:
            rows.append(Row(f"row {number}", error=problem))
        elif len(cells) > len(header) and any(extra.strip() for extra in cells[len(header) :]):
            hint = f"a {delimiter!r} in a cell that is not quoted? quote that cell"
            error = f"{len(cells)} fields, the header has {len(header)} (line {line}: {hint})"
            rows.append(Row(f"row {number}", error=error))
        elif any(cells):

            def cell(name: str | None, cells: list[str] = cells) -> str | None:
                return cells[at[name]] if name in at and at[name] < len(cells) else None

            rows.append(_row(number, fields, cell))
    return _without(missing, header) + rows if rows else []


def _records(text: str, delimiter: str, skipped: int = 0) -> list[tuple[int, list[str], str]]:
    """Each record of a CSV's text: the line it starts on, its cells, what is wrong with its quoting.

    Lines are counted after ``skipped`` ones (a ``sep=`` line). A quote that never closes takes the
    rest of the file into its cell: that record says so, with the line its quote opened on, and is
    the last.

    Raises:
        FormatError: A record csv refuses, with its row and line.

    >>> line, cells, problem = _records('id,text\\nq1,"open\\nq2,x\\n', ",")[1]
    >>> line, cells, problem
    (2, ['q1', 'open\\nq2,x\\n'], 'a quote opened on line 2 never closes: the rest of the file, ...')
    """
    body = text if not text or text.endswith(("\n", "\r")) else text + "\n"
    reader = csv.reader(io.StringIO(body + _END, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str], str]] = []
    start = 1 + skipped
    try:
        for cells in reader:
            if cells == [_END]:
                break
            if cells and cells[-1].endswith(_END):  # a quoted cell still open at the end swallowed it
                cells[-1] = cells[-1].removesuffix(_END)
                end = reader.line_num + skipped  # the line _END is on
                opened = end - len(io.StringIO(cells[-1], newline="").readlines())
                problem = (
                    f"a quote opened on line {opened} never closes: the rest of the file, to line {end - 1}, "
                    "would be one cell (close that quote, or double it)"
                )
                records.append((start, cells, problem))
                break
            records.append((start, cells, ""))
            start = reader.line_num + 1 + skipped
    except csv.Error as exc:
        kind = "TSV" if delimiter == "\t" else "CSV"
        where = f"row {len(records)}" if records else "header"
        raise FormatError(f"malformed {kind} at {where} (line {start}: {exc})") from None
    return records


DELIMITERS = {
    "\t": ("tabs", "tab", "tsv"),
    ",": ("commas", "comma", "csv"),
    ";": ("semicolons", "semicolon", "csv"),
}
"""A delimiter a one-column header may hold: its name, plural and singular, and the format that reads it."""


def _delimiter_hint(header: Sequence[str], delimiter: str, fields: Fields) -> str | None:
    """Why a header without the text column is one column: it holds another delimiter (None: it does not).

    Excel's "Unicode Text" is tab-separated UTF-16, and is often renamed ``.csv``; its header then
    reads as one column named ``"id<TAB>headline<TAB>text"``, which "no column 'text'" does not explain.

    >>> print(_delimiter_hint(["id\\ttext"], ",", DEFAULT_FIELDS))  # doctest: +NORMALIZE_WHITESPACE
    no column 'text': its header 'id\\ttext' is one column holding tabs (a tab-separated file, as Excel's
    "Unicode Text" is? name it .tsv, or read stdin with --stdin-format tsv)
    >>> _delimiter_hint(["id", "text"], ",", DEFAULT_FIELDS), _delimiter_hint(["body"], ",", DEFAULT_FIELDS)
    (None, None)
    """
    if len(header) != 1 or fields.text in header:
        return None
    held = [d for d in DELIMITERS if d != delimiter and d in header[0]]
    if not held:
        return None
    plural, single, fmt = DELIMITERS[held[0]]
    saved = ', as Excel\'s "Unicode Text" is' if held[0] == "\t" else ""
    return (
        f"no column {fields.text!r}: its header {header[0]!r} is one column holding {plural} (a {single}-"
        f"separated file{saved}? name it .{fmt}, or read stdin with --stdin-format {fmt})"
    )


def _sep_line(text: str) -> str | None:
    """The delimiter an Excel ``sep=;`` first line names (Excel writes it, and reads it as no row).

    >>> _sep_line("sep=;\\r\\nid;text"), _sep_line("sep=\\t\\nid"), _sep_line("id,x\\n"), _sep_line("sep=;;")
    (';', '\\t', None, None)
    """
    first = text.partition("\n")[0].removesuffix("\r")
    return first[4] if len(first) == 5 and first.lower().startswith("sep=") else None


def csv_delimiter(text: str) -> str:
    """A CSV's delimiter: what an Excel ``sep=`` first line names, else ``;`` or ``,`` by the header.

    ``;`` for a header line with semicolons and no comma, else ``,``.
    Excel saves "CSV" with semicolons where the comma is the decimal mark (French, German, Spanish,
    Russian locales...), and newsrooms there export that way. A header line with no comma cannot
    name two columns with commas, so this never changes how a comma-separated file is read.

    >>> csv_delimiter("id;text;date\\r\\n1;x;y"), csv_delimiter("id,text\\n1;2,x"), csv_delimiter("text")
    (';', ',', ',')
    >>> csv_delimiter("sep=|\\nid|text,title\\n")
    '|'
    """
    header = text.split("\n", 1)[0]
    return _sep_line(text) or (";" if ";" in header and "," not in header else ",")


def _is_text(kind: Any) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind))


def _nested(kind: Any) -> bool:
    """Whether a Parquet column's values are many (a struct, a list, a map): no id or date."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(pa.types.is_nested(kind))


def _flat_fields(schema: Any) -> list[tuple[str, Any]]:
    """Each column's name and type, a struct's fields named by their dotted path (``content.rendered``).

    A name is there as often as the file has it: Parquet allows two columns of one name.

    >>> import pyarrow as pa
    >>> content = pa.struct([("rendered", pa.string())])
    >>> [name for name, _ in _flat_fields(pa.schema([("id", pa.int64()), ("content", content)]))]
    ['id', 'content', 'content.rendered']
    """
    import pyarrow as pa

    kinds: list[tuple[str, Any]] = []

    def add(name: str, kind: Any) -> None:
        kinds.append((name, kind))
        if pa.types.is_struct(kind):
            for child in kind:
                add(f"{name}.{child.name}", child.type)

    for field in schema:
        add(field.name, field.type)
    return kinds


def parquet_rows(data: bytes, *, fields: Fields = DEFAULT_FIELDS) -> list[Row]:
    """Rows of a Parquet table; the text column must hold strings (ids and dates may be any scalar).

    A column inside a struct is named by its dotted path (``content.rendered``), as in JSONL.

    >>> import io, pyarrow as pa, pyarrow.parquet as pq
    >>> buffer = io.BytesIO()
    >>> pq.write_table(pa.table({"id": [1, 2], "text": ["نص أول", None]}), buffer)
    >>> [(r.id, r.text, r.error) for r in parquet_rows(buffer.getvalue())]
    [('1', 'نص أول', ''), ('', '', 'no text: the text cell is empty (null)')]
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        schema = parquet.schema_arrow
    except (pa.ArrowException, OSError) as exc:
        raise FormatError(f"not a Parquet file ({' '.join(str(exc).split())})") from None
    flat = _flat_fields(schema)
    missing = _check_columns([name for name, _ in flat], fields)
    kinds = dict(flat)
    kind = kinds[fields.text]
    if not _is_text(kind):
        raise FormatError(
            f"column {fields.text!r} holds {kind}, not text (a string column; use --text-field)"
        )
    for option, name in {"id": fields.id, **fields.kept()}.items():
        if name in kinds and _nested(kinds[name]):
            inside = [f for f in kinds if f.startswith(f"{name}.")] if pa.types.is_struct(kinds[name]) else []
            hint = f"; name a field inside it: {', '.join(inside[:6])}" if inside else ""
            raise FormatError(
                f"column {name!r} holds {kinds[name]}, not one value (use --{option}-field{hint})"
            )
    named = [name for name in fields.named() if name in kinds]
    try:
        table = parquet.read(columns=named)
        while any(pa.types.is_struct(column.type) for column in table.columns):
            table = table.flatten()
    except (pa.ArrowException, OSError) as exc:
        raise FormatError(f"cannot read the Parquet data ({' '.join(str(exc).split())})") from None
    columns = {name: table.column(name).to_pylist() for name in named}
    rows = []
    for index in range(table.num_rows):

        def cell(name: str | None, index: int = index) -> Any:
            value: Any = columns[name][index] if name in columns else None
            return value.isoformat() if isinstance(value, datetime.date | datetime.time) else value

        rows.append(_row(index + 1, fields, cell))
    return _without(missing, [name for name, _ in flat]) + rows if rows else []


def parquet_texts(paths: Sequence[str], text_field: str, limit: int) -> list[str]:
    """The first ``limit`` texts of Parquet files or folders (strings only); none when they cannot be read.

    A sample for deciding how to read a text column that Spark will read itself (a missing column or a
    damaged file is for Spark's own read to name).

    >>> import pyarrow as pa, pyarrow.parquet as pq, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> pq.write_table(pa.table({"text": ["a", None, "b"]}), path)
    >>> parquet_texts([path], "text", 2), parquet_texts([path], "body", 2)
    (['a'], [])
    """
    import pyarrow.dataset as ds

    try:
        found = ds.dataset(list(paths), format="parquet").head(limit, columns=[text_field]).column(0)
    except Exception:  # pyarrow raises many kinds (ArrowInvalid, OSError, FileNotFoundError...)
        return []
    return [text for text in found.to_pylist() if isinstance(text, str)]


def _cell_value(value: Any) -> Any:
    """A date or time cell as ISO 8601 text (a midnight datetime as its day); other values as they are."""
    if isinstance(value, datetime.datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def xlsx_rows(data: bytes, *, fields: Fields = DEFAULT_FIELDS) -> list[Row]:
    """Rows of an Excel workbook's sheets of records, each under its header, in one of its first rows.

    A title line or a blank row may come before the header, and is left out.

    Every sheet whose header names the id and text columns is read: an archive may keep a sheet a
    year, and an export often opens with a summary sheet, which is left out. A row is named by the
    number Excel shows for it, and by its sheet in a workbook of several (``sheet 'Archive' row 3``).

    A text cell must hold a string (a number there is that row's error); ids and dates may be any
    value, dates written ISO 8601.

    >>> import io, openpyxl
    >>> book = openpyxl.Workbook()
    >>> for row in (["id", "text"], [1, "نص أول"], [2, 2020]):
    ...     book.active.append(row)
    >>> buffer = io.BytesIO()
    >>> book.save(buffer)
    >>> [(r.record, r.id, r.text, r.error) for r in xlsx_rows(buffer.getvalue())]
    [('row 2', '1', 'نص أول', ''), ('row 3', '', '', 'the text cell holds a number, not text')]
    >>> xlsx_rows(b"not a workbook")
    Traceback (most recent call last):
    ...
    reuse.extract.FormatError: not an Excel .xlsx workbook (not a zip archive; an old .xls? save it as .xlsx)
    """
    import openpyxl

    check_office_zip(data, "an Excel .xlsx workbook", "xl/workbook.xml", ".xlsx", ".xls")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            several = len(book.worksheets) > 1
            chosen = [sheet for sheet in book.worksheets if _names(sheet, fields)] or book.worksheets[:1]
            sheets = [
                (
                    f"sheet {sheet.title!r} " if several else "",
                    [list(cells) for cells in sheet.iter_rows(values_only=True)],
                )
                for sheet in chosen
            ]
        finally:
            book.close()
    except Exception as exc:  # openpyxl and its XML parser raise many kinds on a damaged file
        reason = " ".join(str(exc).split())
        raise FormatError(
            f"cannot read as an Excel .xlsx workbook ({type(exc).__name__}: {reason})"
        ) from None
    if len(sheets) < 2:  # the one sheet's columns are the file's
        where, lines = sheets[0] if sheets else ("", [])
        return _sheet_rows(where, lines, fields)
    rows: list[Row] = []
    for where, lines in sheets:
        try:
            rows += _sheet_rows(where, lines, fields)
        except FormatError as exc:  # a column named twice in one sheet: the other sheets are read
            rows.append(Row(f"{where}header", error=str(exc)))
    notes = [row for row in rows if row.note]
    if len(notes) == len(sheets) and len({row.note for row in notes}) == 1:  # every sheet lacks them
        rows = [replace(notes[0], record=""), *(row for row in rows if not row.note)]
    return rows


def _sheet_rows(where: str, lines: list[list[Any]], fields: Fields) -> list[Row]:
    """The rows of one sheet's ``lines`` (Excel's row 1 first), named ``where`` (its sheet) and row."""
    top = _header_row(lines, fields)
    header = ["" if name is None else str(name) for name in (lines[top] if lines else [])]
    missing = _check_columns(header, fields)
    at = {name: header.index(name) for name in fields.named() if name in header}
    rows = []
    for number, cells in enumerate(lines[top + 1 :], start=top + 2):  # lines[0] is Excel's row 1
        if all(value is None for value in cells):
            continue

        def cell(name: str | None, cells: list[Any] = cells) -> Any:
            return _cell_value(cells[at[name]]) if name in at and at[name] < len(cells) else None

        text = cell(fields.text)
        if text is not None and not isinstance(text, str):
            rows.append(Row(f"{where}row {number}", error=f"the text cell holds {_kind(text)}, not text"))
            continue
        rows.append(_row(number, fields, cell, where))
    return _without(missing, header, where) + rows if rows else []


HEADER_ROWS = 10
"""How far down a sheet its header may be: a title line or a blank row often comes first."""


def _names_columns(cells: Sequence[Any], fields: Fields) -> bool:
    header = {"" if name is None else str(name) for name in cells}
    return fields.id in header and fields.text in header


def _names(sheet: Any, fields: Fields) -> bool:
    """Whether one of a worksheet's first rows names the id and text columns."""
    return any(
        _names_columns(cells, fields) for cells in sheet.iter_rows(max_row=HEADER_ROWS, values_only=True)
    )


def _header_row(lines: Sequence[Sequence[Any]], fields: Fields) -> int:
    """Where a sheet's header is: the first of its first rows naming the id and text columns.

    Else its first row with a value (whose columns the error then lists), else the first.

    >>> _header_row([[None, None], ["Export of 2024-01-01"], ["id", "text"], [1, "a"]], DEFAULT_FIELDS)
    2
    >>> _header_row([[None], ["article", "body"]], DEFAULT_FIELDS)
    1
    """
    named = [k for k, cells in enumerate(lines[:HEADER_ROWS]) if _names_columns(cells, fields)]
    filled = [k for k, cells in enumerate(lines) if any(value is not None for value in cells)]
    return (named or filled or [0])[0]


def _kind(value: Any) -> str:
    """What a cell holds, in words.

    >>> _kind(2.5), _kind(True), _kind([1]), _kind({"a": 1}), _kind(datetime.time(9))
    ('a number', 'a boolean (true)', 'a list', 'a mapping', 'a time')
    """
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple | set):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def read_table(
    fmt: str, data: bytes, encoding: str, fields: Fields
) -> list[tuple[str, str, Source] | InputError | TableNote]:
    """(id, text, source) of every row of a CSV, TSV, Parquet or Excel file's bytes; a bad row is an error.

    A date, title or URL column the table does not have is a :class:`TableNote` (first; one per
    sheet of a workbook where only some sheets lack it), and the rows are read without it.

    Raises:
        ValueError: The file does not decode, or (:class:`FormatError`) is not the table it should be.
    """
    from reuse.extract import package_version
    from reuse.io import decoded

    digest = hashlib.sha256(data).hexdigest()
    if fmt == "parquet":
        rows = parquet_rows(data, fields=fields)
        base = Source("parquet", PARQUET_READER, "pyarrow", package_version("pyarrow"), sha256=digest)
    elif fmt == "xlsx":
        rows = xlsx_rows(data, fields=fields)
        base = Source("xlsx", XLSX_READER, "openpyxl", package_version("openpyxl"), sha256=digest)
    else:
        text, encoding = decoded(data, encoding)
        delimiter = "\t" if fmt == "tsv" else csv_delimiter(text)
        rows = csv_rows(text, delimiter=delimiter, fields=fields)
        base = Source(fmt, CSV_READER, encoding=encoding, sha256=digest)
    return [
        TableNote(row.record, row.note)
        if row.note
        else InputError(row.record, row.error)
        if row.error
        else (row.id, row.text, replace(base, record=row.record, date=row.date, title=row.title, url=row.url))
        for row in rows
    ]
