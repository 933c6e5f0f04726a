"""Compressed exports (``.jsonl.gz``, ``.csv.gz``, ``.txt.gz``) and records on stdin (``--stdin-format``)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, read_text
from typer.testing import CliRunner

from reuse.files import InputFileError, read_report_texts
from reuse.io import read_inputs
from reuse_cli.main import app

runner = CliRunner()


def _records() -> list[dict[str, str]]:
    """The bundled news texts as an export's records, exactly as a scan of the files reads them."""
    return [{"id": path.stem, "text": read_text(path)} for path in sorted(FIXTURES.glob("*.txt"))]


def _jsonl() -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records()).encode("utf-8")


def _csv() -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, ["id", "text"])
    writer.writeheader()
    writer.writerows(_records())
    return out.getvalue().encode("utf-8")


def _scan(*args: str, input: bytes | None = None) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["scan", *args, "--format", "json"], input=input)
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report, result.stderr


def _places(finding: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """A finding's places (document, offsets, passage): a pair's two sides, or a repeat's occurrences."""
    if finding["kind"] == "repeat":
        return [(finding["doc"], o["start"], o["end"], o["text"]) for o in finding["occurrences"]]
    sides = [finding[side] for side in ("a", "b") if side in finding]
    return [(o["doc"], o["start"], o["end"], o["text"]) for o in sides]


def _spans(report: dict[str, Any]) -> list[list[tuple[str, int, int, str]]]:
    """Every finding's places: what must not move when the file is gzipped or piped."""
    return [_places(finding) for finding in report["findings"]]


@pytest.mark.parametrize(
    ("name", "data"), [("news.jsonl", _jsonl()), ("news.csv", _csv())], ids=["jsonl", "csv"]
)
def test_a_gzipped_export_gives_the_plain_ones_findings_and_offsets(
    tmp_path: Path, name: str, data: bytes
) -> None:
    plain, packed = tmp_path / "plain" / name, tmp_path / "packed" / f"{name}.gz"
    plain.parent.mkdir()
    packed.parent.mkdir()
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data))
    expected, _ = _scan(str(plain))
    # A folder picks the .gz up by its inner suffix, as it does the plain file.
    got, _ = _scan(str(packed.parent))
    assert expected["findings"], "the fixtures hold reuse"
    assert all(_spans(expected)), "every finding has its places"
    assert _spans(got) == _spans(expected)
    assert [d["id"] for d in got["documents"]] == [d["id"] for d in expected["documents"]]
    texts = {r["id"]: r["text"] for r in _records()}
    for finding in got["findings"]:
        for doc, start, end, passage in _places(finding):  # offsets index the record's text field
            assert texts[doc][start:end] == passage
    whole = hashlib.sha256(packed.read_bytes()).hexdigest()  # the bytes on disk, as a .warc.gz's
    assert {d["source"]["sha256"] for d in got["documents"]} == {whole}
    assert {d["source"]["format"] for d in got["documents"]} == {name.rsplit(".", 1)[1]}
    # `reuse report` reads each record again from the .gz and checks it is the text scanned.
    assert read_report_texts(got) == texts
    report = tmp_path / "r.json"
    report.write_text(json.dumps(got), encoding="utf-8")
    assert runner.invoke(app, ["report", str(report), "-o", str(tmp_path / "r.html")]).exit_code == 0
    packed.write_bytes(gzip.compress(data, mtime=0))  # the same text packed again: other bytes
    with pytest.raises(InputFileError, match="changed since the scan"):
        read_report_texts(got)


def test_a_gzipped_text_file_reads_as_the_file_and_is_read_again_for_a_report(tmp_path: Path) -> None:
    source = FIXTURES / "en_crlf_bom.txt"  # a BOM and CRLF line ends: dropped and kept as a text file's
    packed = tmp_path / "en_crlf_bom.txt.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    (doc,) = read_inputs([str(packed)]).documents
    assert doc.text == read_text(source)
    assert doc.source is not None
    assert doc.source.format == "text"
    assert doc.source.sha256 == hashlib.sha256(packed.read_bytes()).hexdigest()
    report = {
        "documents": [{"id": doc.id, "path": doc.path, "sha256": doc.sha256, "source": {"format": "text"}}]
    }
    assert read_report_texts(report) == {doc.id: doc.text}


def test_a_truncated_gzip_is_one_error_and_the_other_file_is_still_scanned(tmp_path: Path) -> None:
    packed = gzip.compress(_jsonl())
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "whole.jsonl").write_bytes(_jsonl())
    inputs = read_inputs([str(tmp_path / "cut.jsonl.gz"), str(tmp_path / "whole.jsonl")])
    assert [(e.path, e.error) for e in inputs.errors] == [
        (
            str(tmp_path / "cut.jsonl.gz"),
            "gzip file cut short: it ends inside its compressed data (an interrupted download or copy?)",
        )
    ]
    assert len(inputs.documents) == len(_records())
    result = runner.invoke(app, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0  # as for any unreadable file among readable ones; 3 with --strict
    (line,) = [line for line in result.stderr.splitlines() if "cut short" in line]
    assert line.startswith(f"reuse: {tmp_path / 'cut.jsonl.gz'}: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"not gzip at all\n", "not a gzip file (incorrect header check)", id="not-gzip"),
        pytest.param(b"", "empty file (0 bytes): nothing to read", id="empty"),
        pytest.param(
            gzip.compress(bytes(60_000_000)), "it would unpack to more than 50 MB from 0.06 MB", id="bomb"
        ),
    ],
)
def test_a_gzip_that_cannot_be_read_is_named(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "x.jsonl.gz").write_bytes(data)
    (error,) = read_inputs([str(tmp_path / "x.jsonl.gz")]).errors
    assert message in error.error


def test_gzip_members_one_after_another_are_one_file(tmp_path: Path) -> None:
    first, rest = _jsonl().split(b"\n", 1)
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(first + b"\n") + gzip.compress(rest) + bytes(16))
    assert [d.id for d in read_inputs([str(tmp_path / "x.jsonl.gz")]).documents] == [
        r["id"] for r in _records()
    ]


def test_a_gzip_under_a_plain_name_says_so() -> None:
    inputs = read_inputs(["-"], stdin_data=gzip.compress(_jsonl()))
    assert "gzip-compressed data" in inputs.errors[0].error


def test_stdin_jsonl_is_a_document_per_record(tmp_path: Path) -> None:
    (tmp_path / "news.jsonl").write_bytes(_jsonl())
    expected, _ = _scan(str(tmp_path / "news.jsonl"))
    got, stderr = _scan("-", "--stdin-format", "jsonl", input=_jsonl())
    assert [d["id"] for d in got["documents"]] == [r["id"] for r in _records()]
    assert _spans(got) == _spans(expected)
    assert "JSON Lines?" not in stderr
    assert {d["source"]["record"] for d in got["documents"]} == {f"line {n}" for n in range(1, 8)}
    with pytest.raises(InputFileError, match="read from stdin"):  # no file to read them again from
        read_report_texts(got)


def test_stdin_csv_is_a_document_per_row() -> None:
    inputs = read_inputs(["-"], stdin_data=_csv(), stdin_format="csv")
    assert [d.text for d in inputs.documents] == [r["text"] for r in _records()]


def test_stdin_json_lines_read_as_one_text_are_warned_of() -> None:
    got, stderr = _scan("-", input=_jsonl())
    assert [d["id"] for d in got["documents"]] == ["-"]  # still one text, as documented
    warned = [line for line in stderr.splitlines() if "JSON Lines?" in line]
    assert warned == [
        "reuse: -: read as one text, though its lines are JSON objects (JSON Lines?): --stdin-format jsonl"
        " reads a document per record"
    ]
    _, plain = _scan("-", input=read_text(FIXTURES / "en_wire.txt").encode("utf-8"))
    assert "JSON Lines?" not in plain


def test_extract_prints_a_compressed_record_file_as_records(tmp_path: Path) -> None:
    """A one-record .jsonl prints as JSON Lines; its .jsonl.gz printed the bare text (named by its .gz)."""
    plain = tmp_path / "one.jsonl"
    plain.write_text('{"id": "1", "text": "one record only"}\n', encoding="utf-8")
    packed = tmp_path / "one.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    outputs = [runner.invoke(app, ["extract", str(p)]) for p in (plain, packed)]
    assert [o.exit_code for o in outputs] == [0, 0]
    records = [json.loads(o.stdout) for o in outputs]
    assert [(r["id"], r["text"], r["source"]["format"]) for r in records] == [
        ("1", "one record only", "jsonl")
    ] * 2
