"""Tables as newsrooms leave them: a column named twice, a column missing, a sheet a year, quotes
that never close, a cell of 70 MB, Excel's ``sep=`` line, ids pandas wrote as floats.

Each is read as far as it can be, and what could not be is one line naming the file, and the row
or column, on stderr and in the report's errors: never a traceback, never a row lost without a word.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, read_text
from newsroom import write_csv, write_jsonl, write_parquet, write_xlsx
from typer.testing import CliRunner

from reuse import tables
from reuse.extract import FormatError
from reuse.models import Fields
from reuse_cli.main import app

pytest.importorskip("pyarrow", reason="needs the formats extra: pip install -e '.[formats]'")
pytest.importorskip("openpyxl", reason="needs the formats extra: pip install -e '.[formats]'")
runner = CliRunner()
STORY = "The council voted on Tuesday to reopen the northern harbour after three weeks of repairs."


def scanned(*args: str) -> tuple[dict[str, Any], list[str]]:
    """The JSON report of ``reuse scan ARGS`` (exit 0), and its stderr lines but the summary."""
    result = runner.invoke(app, ["scan", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if " documents, " not in line]
    report: dict[str, Any] = json.loads(result.stdout)
    return report, lines


def extract(path: Path, *args: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The records ``reuse extract`` prints for a table, and its stderr lines."""
    result = runner.invoke(app, ["extract", str(path), *args])
    assert "Traceback" not in result.output
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr.splitlines()


def write_columns(path: Path, names: list[str], rows: list[list[Any]]) -> Path:
    """A table whose header is ``names`` as given (a name may come twice), in the format of its suffix."""
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = [pa.array([row[k] for row in rows]) for k in range(len(names))]
        pq.write_table(pa.table(columns, names=names), path)
    elif path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        for row in [names, *rows]:
            book.active.append(row)
        book.save(path)
    else:
        with open(path, "w", encoding="utf-8", newline="") as file:
            csv.writer(file, delimiter="\t" if path.suffix == ".tsv" else ",").writerows([names, *rows])
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet", ".xlsx"])
def test_a_column_read_named_twice_is_one_line_naming_it_and_the_other_files_are_scanned(
    tmp_path: Path, suffix: str
) -> None:
    """Which of two ``text`` columns is the article cannot be told: the file is named, not guessed
    at (Parquet crashed the scan with pyarrow's KeyError), and the articles beside it are scanned.
    A column named twice that is not read is no one's business."""
    for name in ("ar_source.txt", "ar_copy.txt"):
        (tmp_path / name).write_text(read_text(FIXTURES / name), "utf-8")
    texts = write_columns(tmp_path / f"texts{suffix}", ["id", "text", "text"], [["a", STORY, "other"]])
    ids = write_columns(tmp_path / f"ids{suffix}", ["id", "id", "text"], [["a", "b", STORY]])
    other = write_columns(tmp_path / f"other{suffix}", ["id", "text", "x", "x"], [["o", STORY, 1, 2]])
    report, lines = scanned(str(tmp_path))
    assert sorted(lines) == [
        f"reuse: {ids}: column 'id' appears twice (columns: 'id', 'id', 'text'; rename one, "
        "or use --id-field)",
        f"reuse: {texts}: column 'text' appears twice (columns: 'id', 'text', 'text'; rename one, "
        "or use --text-field)",
    ]
    assert sorted(e["path"] for e in report["errors"]) == sorted([str(ids), str(texts)])
    assert sorted(d["id"] for d in report["documents"]) == sorted(
        ["o", str(tmp_path / "ar_source.txt"), str(tmp_path / "ar_copy.txt")]
    )
    assert report["findings"]  # the two Arabic articles were compared
    assert other.exists()
    title_twice = write_columns(tmp_path / f"t{suffix}", ["id", "text", "h", "h"], [["a", STORY, "x", "y"]])
    _, said = extract(title_twice, "--title-field", "h")
    assert said == [f"reuse: {title_twice}: column 'h' appears twice (columns: 'id', 'text', 'h', 'h'; "
                    "rename one, or use --title-field)"]  # fmt: skip


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet", ".xlsx", ".jsonl"])
def test_a_table_without_an_optional_column_is_read_and_says_so_once(tmp_path: Path, suffix: str) -> None:
    """``--title-field headline`` over a folder of exports, one of which has no headline column: its
    rows are read, their title empty, as JSONL records without the field are, and one note names
    the column (its rows were refused whole). The note is no error: the report's errors and the
    summary's unreadable count leave the file out (they counted it), and ``--strict`` passes (it
    exited 3). The id and text columns stay required."""
    rows = [
        {"id": "a", "text": STORY, "date": "2020-06-01"},
        {"id": "b", "text": f"Officials said {STORY}", "date": "2020-06-02"},
    ]
    path = tmp_path / f"export{suffix}"
    if suffix in (".csv", ".tsv"):
        write_csv(rows, path, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        {".parquet": write_parquet, ".xlsx": write_xlsx, ".jsonl": write_jsonl}[suffix](rows, path)
    records, said = extract(path, "--date-field", "date", "--title-field", "headline")
    assert [(r["id"], r["source"]["date"], r["source"].get("title", "")) for r in records] == [
        ("a", "2020-06-01", ""),
        ("b", "2020-06-02", ""),
    ]
    if suffix == ".jsonl":  # as tables do, in JSON's words
        assert said == [
            f'reuse: {path}: no "headline" field in any record (their fields: "id", "text", "date"; use '
            "--title-field): its records are read without a title"
        ]
        return
    assert said == [
        f"reuse: {path}: no column 'headline' (columns: 'id', 'text', 'date'; use --title-field): "
        "its rows are read without a title"
    ]
    missing = ["--date-field", "day", "--title-field", "headline", "--url-field", "url"]
    report, lines = scanned(str(path), *missing)
    assert lines == [
        f"reuse: {path}: no column 'day' nor 'headline' nor 'url' (columns: 'id', 'text', 'date'; "
        "use --date-field, --title-field, --url-field): its rows are read without a date and title and URL"
    ]
    assert [d["id"] for d in report["documents"]] == ["a", "b"]
    assert report["errors"] == []
    strict = runner.invoke(app, ["scan", str(path), *missing, "--format", "json", "--strict"])
    assert strict.exit_code == 0, strict.output
    assert "unreadable" not in strict.stderr
    quiet = runner.invoke(app, ["scan", str(path), *missing, "--format", "json", "--quiet"])
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    refused = runner.invoke(app, ["extract", str(path), "--text-field", "body", "--title-field", "headline"])
    assert refused.exit_code == 3
    assert (
        refused.stderr
        == f"reuse: {path}: no column 'body' (columns: 'id', 'text', 'date'; use --text-field)\n"
    )


def test_a_header_without_rows_is_no_records_not_a_note_about_a_column(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("id,text\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--title-field", "headline"])
    assert result.exit_code == 3
    assert (
        result.stderr
        == f"reuse: {path}: holds no records (the file is empty, or a table has only its header)\n"
    )


def per_year_book(path: Path) -> Path:
    """An archive kept a sheet a year, after a summary sheet; the 2024 sheet opens with a title."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book.active.append(["Archive", "2 years"])
    years: dict[str, list[list[Any]]] = {
        "2023": [["id", "text"], ["y23-1", STORY]],
        "2024": [
            ["Exported 2025-01-02"],
            [None],
            ["id", "text"],
            ["y24-1", f"Reprint: {STORY}"],
            ["y24-2", 7],
        ],
    }
    for title, rows in years.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book["2024"]["A2"] = None  # openpyxl writes no empty row: a cell of nothing keeps its place
    book.save(path)
    return path


def test_every_sheet_whose_header_names_the_columns_is_read_and_named(tmp_path: Path) -> None:
    """Only the first such sheet was read, the others left out without a word. Rows are named by
    their sheet and by the row number Excel shows (the 2024 sheet's header is on its row 3)."""
    path = per_year_book(tmp_path / "per_year.xlsx")
    records, said = extract(path)
    assert [(r["id"], r["source"]["record"]) for r in records] == [
        ("y23-1", "sheet '2023' row 2"),
        ("y24-1", "sheet '2024' row 4"),
    ]
    assert said == [f"reuse: {path}:sheet '2024' row 5: the text cell holds a number, not text"]
    report, _ = scanned(str(path))
    (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]  # the reprint, across sheets
    assert {finding["a"]["doc"], finding["b"]["doc"]} == {"y23-1", "y24-1"}
    _, said = extract(path, "--title-field", "headline")  # no sheet has it: one line for the file
    assert said[0] == (
        f"reuse: {path}: no column 'headline' (columns: 'id', 'text'; use --title-field): "
        "its rows are read without a title"
    )
    assert len(said) == 2


def test_a_sheet_without_an_optional_column_others_have_is_one_note_naming_it(tmp_path: Path) -> None:
    """The 2023 sheet has a headline column and the 2024 sheet none: both are read, the note names
    the sheet, and the workbook is not unreadable: not in the report's errors, not counted as such."""
    import openpyxl

    path = per_year_book(tmp_path / "per_year.xlsx")
    book = openpyxl.load_workbook(path)
    book["2023"]["C1"], book["2023"]["C2"] = "headline", "Harbour reopens"
    book.save(path)
    records, said = extract(path, "--title-field", "headline")
    assert [(r["id"], r["source"].get("title", "")) for r in records] == [
        ("y23-1", "Harbour reopens"),
        ("y24-1", ""),
    ]
    note = (
        f"reuse: {path}:sheet '2024': no column 'headline' (columns: 'id', 'text'; use --title-field): "
        "its rows are read without a title"
    )
    assert said == [note, f"reuse: {path}:sheet '2024' row 5: the text cell holds a number, not text"]
    result = runner.invoke(app, ["scan", str(path), "--title-field", "headline", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert note in result.stderr.splitlines()
    assert [e["path"] for e in json.loads(result.stdout)["errors"]] == [f"{path}:sheet '2024' row 5"]
    assert ", 1 unreadable" in result.stderr  # the bad row, not the note


def test_a_sheet_naming_a_column_twice_is_named_and_the_other_sheets_are_read(tmp_path: Path) -> None:
    import openpyxl

    path = per_year_book(tmp_path / "per_year.xlsx")
    book = openpyxl.load_workbook(path)
    book["2023"]["C1"] = "text"
    book.save(path)
    records, said = extract(path)
    assert [r["id"] for r in records] == ["y24-1"]
    assert said[0] == (
        f"reuse: {path}:sheet '2023' header: column 'text' appears twice (columns: 'id', 'text', 'text'; "
        "rename one, or use --text-field)"
    )


def test_excel_rows_are_named_by_the_numbers_excel_shows(tmp_path: Path) -> None:
    """A header on row 3 under a title: the row Excel shows as 7 is ``row 7`` (it was ``row 4``), in
    messages and in the report's records; a workbook of one sheet does not name it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Archive export"])
    book.active.append([None])
    book.active["A2"] = None
    for row in (
        ["id", "text"],
        ["a", STORY],
        ["b", f"So {STORY}"],
        [None, None],
        ["c", " "],
        ["d", "Boats."],
    ):
        book.active.append(row)
    path = tmp_path / "titled.xlsx"
    book.save(path)
    records, said = extract(path)
    assert [(r["id"], r["source"]["record"], r["source"]["reader"]) for r in records] == [
        ("a", "row 4", tables.XLSX_READER),
        ("b", "row 5", tables.XLSX_READER),
        ("d", "row 8", tables.XLSX_READER),
    ]
    assert said == [f"reuse: {path}:row 7: empty or whitespace-only text: nothing to compare"]
    assert list(openpyxl.load_workbook(path).active.iter_rows(min_row=7, max_row=7, values_only=True)) == [
        ("c", " ")
    ]


def test_broken_csv_quoting_is_the_rows_error_never_a_row_lost_without_a_word(tmp_path: Path) -> None:
    """A quote that never closes swallowed the next rows into one cell; a comma left unquoted cut
    the text at it. Each is now that row's error, with its line; the rows before it are read, and
    a quoted cell over several lines, or empty cells past the header's, read as before."""
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(f'id,text\nq0,"{STORY}\nof two lines"\nq1,"never closes\nq2,{STORY}\n', "utf-8")
    records, said = extract(unclosed)
    assert [(r["id"], r["text"]) for r in records] == [("q0", f"{STORY}\nof two lines")]
    assert said == [
        f"reuse: {unclosed}:row 2: a quote opened on line 4 never closes: the rest of the file, to line 5, "
        "would be one cell (close that quote, or double it)"
    ]
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(
        f'id,text\nr1,"{STORY}",extra,cols\nr2,{STORY.replace(" after", ", after")}\nr3,"{STORY}",,\n',
        "utf-8",
    )
    records, said = extract(ragged)
    assert [(r["id"], r["source"]["record"]) for r in records] == [("r3", "row 3")]
    hint = "a ',' in a cell that is not quoted? quote that cell"
    assert said == [
        f"reuse: {ragged}:row 1: 4 fields, the header has 2 (line 2: {hint})",
        f"reuse: {ragged}:row 2: 3 fields, the header has 2 (line 3: {hint})",
    ]
    header = tmp_path / "header.csv"
    header.write_text('id,"text\na,b\n', "utf-8")
    result = runner.invoke(app, ["extract", str(header)])
    assert (result.exit_code, result.stderr.split(": a quote")[0]) == (3, f"reuse: {header}: header")


def test_a_cell_past_csvs_limit_is_read_and_a_csv_error_names_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 70 MB cell was "malformed CSV (field larger than field limit)", no row said: the file is in
    memory already, so it is read as a text file of that size would be. What csv still refuses
    names its row and line."""
    big = "word " * (14 * 1024 * 1024)  # 70 MB, past the 64 MiB the reader allowed
    rows = tables.csv_rows(f'id,text\nh0,short one\nh1,"{big}"\n')
    assert [(row.id, len(row.text)) for row in rows] == [("h0", 9), ("h1", len(big))]
    limit = csv.field_size_limit()
    monkeypatch.setattr(tables, "_FIELD_LIMIT", 50)
    try:
        with pytest.raises(FormatError) as refused:
            tables.csv_rows(f'id,text\nh0,short one\nh1,"two\nlines {STORY}"\n')
    finally:
        csv.field_size_limit(limit)
    assert str(refused.value) == "malformed CSV at row 2 (line 3: field larger than field limit (50))"


def test_excels_sep_line_names_the_delimiter_and_is_no_header(tmp_path: Path) -> None:
    path = tmp_path / "sep.csv"
    path.write_text(f"sep=;\r\nid;text;date\r\ns1;{STORY};1,5\r\ns2;x;y;z\r\n", "utf-8")
    records, said = extract(path, "--date-field", "date")
    assert [(r["id"], r["text"], r["source"]["date"]) for r in records] == [("s1", STORY, "1,5")]
    assert said == [f"reuse: {path}:row 2: 4 fields, the header has 3 (line 4: a ';' in a cell that is not "
                    "quoted? quote that cell)"]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "header", "said"),
    [
        pytest.param(
            "unicode_text.csv",
            "id\theadline\ttext",
            "'id\\theadline\\ttext' is one column holding tabs (a tab-separated file, as Excel's \"Unicode "
            'Text" is? name it .tsv, or read stdin with --stdin-format tsv)',
            id="tabs-named-csv",
        ),
        pytest.param(
            "export.tsv",
            "id,text",
            "'id,text' is one column holding commas (a comma-separated file? name it .csv, or read stdin "
            "with --stdin-format csv)",
            id="commas-named-tsv",
        ),
    ],
)
def test_a_header_of_one_column_holding_another_delimiter_says_which_format_it_is(
    tmp_path: Path, name: str, header: str, said: str
) -> None:
    """Excel's "Unicode Text" (tab-separated UTF-16) renamed ``.csv`` said "no column 'text' (columns:
    'id\\theadline\\ttext'; use --text-field)": the way out is the file's name, not the option."""
    path = tmp_path / name
    delimiter = "\t" if "\t" in header else ","
    cells = ["1", "Port", STORY][-len(header.split(delimiter)) :]
    path.write_bytes(f"{header}\r\n{delimiter.join(cells)}\r\n".encode("utf-16"))  # as Excel saves it
    result = runner.invoke(app, ["scan", str(path), "--format", "json"])
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == f"reuse: {path}: no column 'text': its header {said}"


def test_float_ids_read_as_the_number_and_nan_is_no_id(tmp_path: Path) -> None:
    """pandas writes an id column with a missing value as floats: ``1.0`` is the id 1 (it was
    ``1.0``), NaN is that row's error (it was the id ``nan``), and a NaN date is no date."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "floats.parquet"
    table = {
        "id": [1.0, math.nan, 2.5, math.inf],
        "text": [STORY, f"So {STORY}", "Boats.", "Crews."],
        "year": [2020.0, 2021.0, math.nan, 2022.0],
    }
    pq.write_table(pa.table(table), path)
    records, said = extract(path, "--date-field", "year")
    assert [(r["id"], r["source"].get("date", "")) for r in records] == [("1", "2020"), ("2.5", "")]
    assert said == [
        f"reuse: {path}:row 2: the id cell holds nan, not an id",
        f"reuse: {path}:row 4: the id cell holds inf, not an id",
    ]
    assert tables.csv_rows("id,text\n1.0,x\n", fields=Fields())[0].id == "1.0"  # CSV's text stays as written
