"""What editors open: Excel-safe CSV and XLSX read back by real readers, and the version stamps."""

from __future__ import annotations

import io
import itertools
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from reuse.report import CSV_COLUMNS
from reuse_cli.main import app

runner = CliRunner()
pd = pytest.importorskip("pandas")
openpyxl = pytest.importorskip("openpyxl", reason="needs the formats extra")


def scan(*args: str) -> Any:
    result = runner.invoke(app, ["scan", *args, "--quiet"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(scan(str(FIXTURES), "-f", "json").stdout)
    return data


def span_texts(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(finding id, text_a, text_b) per span pair, as the CSV and the findings sheet list them."""
    rows = []
    for f in report["findings"]:
        if f["kind"] == "reuse":
            rows.append((f["id"], f["a"]["text"], f["b"]["text"]))
        else:
            texts = [o["text"] for o in f["occurrences"]]
            rows += [(f["id"], a, b) for a, b in itertools.pairwise(texts)]
    return rows


def test_csv_starts_with_a_bom_and_pandas_reads_the_arabic_back(
    tmp_path: Path, report: dict[str, Any]
) -> None:
    out = tmp_path / "findings.csv"
    scan(str(FIXTURES), "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,kind,doc_a")
    frame = pd.read_csv(out, keep_default_na=False)
    assert tuple(frame.columns) == CSV_COLUMNS
    assert list(zip(frame["id"], frame["text_a"], frame["text_b"], strict=True)) == span_texts(report)
    assert any("وقال المتحدث" in t for t in frame["text_a"])


def test_xlsx_has_findings_and_documents_with_arabic_right_to_left(
    tmp_path: Path, report: dict[str, Any]
) -> None:
    out = tmp_path / "findings.xlsx"
    scan(str(FIXTURES), "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["findings", "documents"]
    findings = book["findings"]
    assert [c.value for c in findings[1]] == list(CSV_COLUMNS)
    rows = [[c.value for c in row] for row in findings.iter_rows(min_row=2)]
    assert [(r[0], r[10], r[11]) for r in rows] == span_texts(report)
    for row in findings.iter_rows(min_row=2):
        text = row[10]
        arabic = "\u0600" <= text.value[0] <= "\u06ff"
        assert text.alignment.readingOrder == (2 if arabic else 1)
        assert text.alignment.horizontal == ("right" if arabic else "left")
    documents = pd.read_excel(out, sheet_name="documents", keep_default_na=False)
    assert list(documents["id"]) == [d["id"] for d in report["documents"]]
    assert set(documents["format"]) == {"text"}
    assert list(pd.read_excel(out, sheet_name="findings")["text_b"]) == [t for _, _, t in span_texts(report)]


def test_xlsx_columns_fit_their_content_and_empty_values_are_blank_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kind column was 8 wide ("near-duplicate" clipped) and the documents' ids 8 whatever their
    paths; an empty title or passage was a string cell holding nothing (``<c t="inlineStr"></c>``),
    which Excel does not count as blank."""
    import re
    import zipfile

    from openpyxl.utils import get_column_letter

    monkeypatch.chdir(FIXTURES.parent.parent)
    out = tmp_path / "r.xlsx"
    scan("fixtures/refiled", "-o", str(out))  # ids like fixtures/refiled/en_flood_analysis.txt
    book = openpyxl.load_workbook(out)

    def width(sheet: str, column: str, header: tuple[str, ...]) -> float:
        return float(book[sheet].column_dimensions[get_column_letter(header.index(column) + 1)].width)

    documents = [c.value for c in book["documents"][1]]
    assert width("findings", "kind", CSV_COLUMNS) >= len("near-duplicate")
    ids = [row[0].value for row in book["documents"].iter_rows(min_row=2)]
    assert width("documents", "id", tuple(documents)) >= max(map(len, ids))
    assert width("findings", "text_a", CSV_COLUMNS) == 70  # a passage wraps within its cap
    assert width("documents", "sha256", tuple(documents)) == 20
    group = next(row for row in book["findings"].iter_rows(min_row=2) if row[1].value == "near-duplicate")
    assert [group[CSV_COLUMNS.index(c)].value for c in ("text_a", "text_b")] == [None, None]
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert [
        cell for xml in sheets for cell in re.findall(r'<c [^>]*t="inlineStr"[^>]*>(?:</c>|<is><t\s*/>)', xml)
    ] == []


def test_formula_like_ids_stay_text_in_csv_and_xlsx(tmp_path: Path) -> None:
    text = (FIXTURES / "en_wire.txt").read_text(encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    records = [{"id": '=HYPERLINK("http://x","y")', "text": text}, {"id": "+1 copy", "text": text}]
    docs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    csv_text = scan(str(docs), "-f", "csv").stdout
    assert "'=HYPERLINK" in csv_text
    assert "'+1 copy" in csv_text
    scan(str(docs), "-o", str(tmp_path / "r.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["findings"]
    assert (sheet["C1"].value, sheet["F1"].value) == ("doc_a", "doc_b")
    cells = [sheet["C2"], sheet["F2"]]  # a is the first by id: "+1 copy"
    assert [c.value for c in cells] == ["+1 copy", '=HYPERLINK("http://x","y")']
    assert [c.data_type for c in cells] == ["s", "s"]


def test_errors_get_their_own_sheet(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        (FIXTURES / "en_wire.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_bytes(b"\xfa\xfb\xfc")
    scan(str(tmp_path), "-o", str(tmp_path / "r.xlsx"))
    errors = openpyxl.load_workbook(tmp_path / "r.xlsx")["errors"]
    assert errors["A2"].value.endswith("bad.txt")
    assert errors["B2"].value.startswith("not valid utf-8")


def test_version_and_the_report_says_which_reuse_wrote_it(report: dict[str, Any]) -> None:
    shown = runner.invoke(app, ["--version"])
    assert shown.exit_code == 0
    assert shown.stdout == f"reuse {version('reuse')}\n"
    assert report["tool"] == {"name": "reuse", "version": version("reuse")}
    assert list(report)[:2] == ["schema", "tool"]


def test_xlsx_is_byte_identical_whenever_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime
    import time

    first, later = tmp_path / "first.xlsx", tmp_path / "later.xlsx"
    scan(str(FIXTURES), "-o", str(first))

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> Later:
            return cls(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    moved = time.time() + 86_400 * 400
    monkeypatch.setattr(time, "time", lambda: moved)  # the zip entries' clock
    monkeypatch.setattr(datetime, "datetime", Later)  # openpyxl's document stamps
    scan(str(FIXTURES), "-o", str(later))
    assert first.read_bytes() == later.read_bytes()
    stamps = openpyxl.load_workbook(later).properties
    assert (stamps.created.year, stamps.modified.year) == (2000, 2000)


def wire_rows(tmp_path: Path) -> tuple[dict[str, Any], list[dict[str, str]], list[list[Any]]]:
    """``fixtures/wire`` as JSON, as CSV rows (by column) and as the findings sheet's rows."""
    wire = str(FIXTURES.parent / "wire")
    report: dict[str, Any] = json.loads(scan(wire, "-f", "json").stdout)
    frame = pd.read_csv(io.StringIO(scan(wire, "-f", "csv").stdout), keep_default_na=False, dtype=str)
    scan(wire, "-o", str(tmp_path / "wire.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "wire.xlsx")["findings"]
    return report, frame.to_dict("records"), [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_each_row_of_a_cluster_gives_its_own_links_similarity(tmp_path: Path) -> None:
    report, csv_rows, xlsx_rows = wire_rows(tmp_path)
    links = [
        (f["id"], f["occurrences"][i]["doc"], f["occurrences"][j]["doc"], link["similarity"])
        for f in report["findings"]
        for link in f["links"]
        for i, j in [link["pair"]]
    ]
    # The wire's story: agency<->daily_courier copied whole (1.0), the evening post's edited copy less.
    assert len({s for *_, s in links}) > 1
    assert [(r["id"], r["doc_a"], r["doc_b"], float(r["similarity"])) for r in csv_rows] == links
    assert [(r[0], r[2], r[5], r[8]) for r in xlsx_rows] == links


def test_csv_and_xlsx_rows_say_whether_a_cluster_is_boilerplate(tmp_path: Path) -> None:
    report, csv_rows, xlsx_rows = wire_rows(tmp_path)
    expected = [(f["id"], f["boilerplate"]) for f in report["findings"] for _ in f["links"]]
    assert {b for _, b in expected} == {True, False}  # a story shared, and a credit line
    assert [(r["id"], r["boilerplate"]) for r in csv_rows] == [(i, str(b).lower()) for i, b in expected]
    assert [(r[0], r[CSV_COLUMNS.index("boilerplate")]) for r in xlsx_rows] == expected
    assert CSV_COLUMNS[12:14] == (
        "boilerplate",
        "carried",
    )  # added last: the columns before keep their places
    assert CSV_COLUMNS[10:12] == ("text_a", "text_b")


def test_csv_and_xlsx_rows_carry_both_documents_dates(tmp_path: Path) -> None:
    """A historian sorts a story's printings by date in a spreadsheet: the CSV had no date column."""
    papers = str(FIXTURES.parent / "papers")
    report = json.loads(scan(papers, "--date-field", "date", "-f", "json").stdout)
    dates = {d["id"]: d.get("source", {}).get("date", "") for d in report["documents"]}
    assert dates["ogden-herald-p3"] == ""  # the undated page
    frame = pd.read_csv(io.StringIO(scan(papers, "--date-field", "date", "-f", "csv").stdout), dtype=str)
    frame = frame.fillna("")
    assert tuple(frame.columns) == CSV_COLUMNS
    assert CSV_COLUMNS[14:16] == ("date_a", "date_b")  # added last then: the columns before kept their places
    rows = list(zip(frame["doc_a"], frame["date_a"], frame["doc_b"], frame["date_b"], strict=True))
    assert rows == [(a, dates[a], b, dates[b]) for _, _, a, _, _, b, *_ in rows_of(report)]
    assert ("galena-gazette-p6", "1887-09-25", "ogden-herald-p3", "") in rows
    scan(papers, "--date-field", "date", "-o", str(tmp_path / "papers.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "papers.xlsx")["findings"]
    assert [c.value for c in sheet[1]] == list(CSV_COLUMNS)
    cells = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[2], r[14], r[5], r[15]) for r in cells] == rows
    undated = pd.read_csv(io.StringIO(scan(papers, "-f", "csv").stdout), dtype=str).fillna("")
    assert set(undated["date_a"]) | set(undated["date_b"]) == {""}


def rows_of(report: dict[str, Any]) -> list[list[Any]]:
    from reuse.report import finding_rows

    return list(finding_rows(report))


def test_csv_and_xlsx_rows_name_both_documents_headlines_and_addresses(tmp_path: Path) -> None:
    """An editor knows a story by its headline, not by a database key: the rows had neither."""
    papers = FIXTURES.parent / "papers" / "reprints.jsonl"
    fields = ["--date-field", "date", "--title-field", "paper", "--url-field", "id"]
    report = json.loads(scan(str(papers), *fields, "-f", "json").stdout)
    titles = {d["id"]: d["source"]["title"] for d in report["documents"]}
    assert titles["galena-gazette-p6"] == "Galena Gazette"
    frame = pd.read_csv(io.StringIO(scan(str(papers), *fields, "-f", "csv").stdout), dtype=str).fillna("")
    assert CSV_COLUMNS[-4:] == ("title_a", "title_b", "url_a", "url_b")
    assert len(frame) > 0
    for row in frame.itertuples():
        assert (row.title_a, row.title_b) == (titles[row.doc_a], titles[row.doc_b])
        assert (row.url_a, row.url_b) == (row.doc_a, row.doc_b)  # the id field named as the address
    scan(str(papers), *fields, "-o", str(tmp_path / "papers.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "papers.xlsx")["findings"]
    cells = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[-4:] for r in cells] == frame[list(CSV_COLUMNS[-4:])].values.tolist()
    untitled = pd.read_csv(io.StringIO(scan(str(papers), "-f", "csv").stdout), dtype=str).fillna("")
    assert set(untitled["title_a"]) | set(untitled["url_b"]) == {""}


def test_the_summary_never_calls_a_share_under_one_all_of_a_document() -> None:
    """A walker's 0.9993 read "(100%)"; the HTML report's share bars say "<1%" for the other end."""
    from reuse.report import check_summary

    docs = [{"id": "d1", "reused_fraction": 0.9993}, {"id": "d2", "reused_fraction": 0.0}]
    line = check_summary({"documents": docs, "findings": [{"kind": "reuse"}], "errors": []}, 2, 5)
    assert line.endswith("most covered: d1 (>99%)")
