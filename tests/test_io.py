from __future__ import annotations

from pathlib import Path

import pytest

from reuse.io import decode, parse_jsonl, read_inputs
from reuse.models import Document, InputError


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        pytest.param(b"\xef\xbb\xbfabc", "utf-8", "abc", id="bom-dropped"),
        pytest.param(b"a\r\nb\rc\n", "utf-8", "a\r\nb\rc\n", id="line-ends-kept"),
        pytest.param("سلام".encode("cp1256"), "cp1256", "سلام", id="cp1256"),
        pytest.param("نص".encode(), "UTF8", "نص", id="utf8-spelling"),
    ],
)
def test_decode(data: bytes, encoding: str, expected: str) -> None:
    assert decode(data, encoding) == expected


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        pytest.param(
            b"abc\xff\xfe", "utf-8", "not valid utf-8 at byte 3 (try --encoding cp1256", id="bad-utf8"
        ),
        pytest.param(b"\x00\x01\x02PNG", "utf-8", "binary file", id="binary"),
        pytest.param(b"abc", "no-such-codec", "unknown encoding", id="unknown-encoding"),
    ],
)
def test_decode_invalid(data: bytes, encoding: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        decode(data, encoding)


def test_decode_matches_open_with_newline_empty(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeffسطر\r\nline\r".encode())
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert decode(path.read_bytes()) == handle.read()


def test_parse_jsonl_reports_each_bad_line_and_keeps_the_rest() -> None:
    lines = [
        '{"id": "a", "text": "first text"}',
        "{not json",
        '["list"]',
        '{"id": "b"}',
        '{"text": "no id"}',
        '{"id": 7, "text": "numeric id"}',
    ]
    items = parse_jsonl(lines, "docs.jsonl")
    assert [i.id for i in items if isinstance(i, Document)] == ["a", "7"]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors[0].startswith("docs.jsonl:2: malformed JSON")
    assert errors[1:] == [
        "docs.jsonl:3: not a JSON object",
        'docs.jsonl:4: no "text" field (use --text-field)',
        'docs.jsonl:5: no "id" field (use --id-field)',
    ]


def test_read_inputs_folder_is_recursive_sorted_and_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "b.txt").write_text("bee text")
    (tmp_path / "corpus" / "sub" / "a.txt").write_text("ay text")
    (tmp_path / "corpus" / "skip.md").write_text("not matched")
    monkeypatch.chdir(tmp_path)
    inputs = read_inputs(["corpus/"])
    assert [d.id for d in inputs.documents] == ["corpus/b.txt", "corpus/sub/a.txt"]
    assert read_inputs(["corpus"], glob="*.md").documents[0].id == "corpus/skip.md"


def test_read_inputs_keeps_going_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("a perfectly good text")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
    (tmp_path / "empty.txt").write_text("  \n\t")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x00\x00")
    inputs = read_inputs([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [Path(d.id).name for d in inputs.documents] == ["good.txt"]
    reasons = {Path(e.path).name: e.error for e in inputs.errors}
    assert reasons["bad.txt"].startswith("not valid utf-8 at byte 3")
    assert reasons["empty.txt"].startswith("empty or whitespace-only")
    assert reasons["bin.txt"].startswith("binary file")
    assert inputs.missing == (str(tmp_path / "missing.txt"),)


def test_read_inputs_stdin_and_duplicates(tmp_path: Path) -> None:
    """Reading keeps a file named twice as it was given: scan() is the one place that refuses it."""
    (tmp_path / "a.txt").write_text("some words")
    inputs = read_inputs(["-", str(tmp_path / "a.txt"), str(tmp_path / "a.txt")], stdin_text="from stdin")
    assert [d.id for d in inputs.documents] == ["-", str(tmp_path / "a.txt"), str(tmp_path / "a.txt")]
    assert inputs.errors == ()
