from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from reuse.io import EMPTY_FILE, FORMATS, decode, parse_jsonl, read_inputs
from reuse.models import Document, Fields, InputError
from reuse.pipeline import scan


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        pytest.param(b"\xef\xbb\xbfabc", "utf-8", "abc", id="bom-dropped"),
        pytest.param(b"a\r\nb\rc\n", "utf-8", "a\r\nb\rc\n", id="line-ends-kept"),
        pytest.param("سلام".encode("cp1256"), "cp1256", "سلام", id="cp1256"),
        pytest.param("نص".encode(), "UTF8", "نص", id="utf8-spelling"),
        pytest.param("\ufeffسطر\r\n".encode("utf-16-le"), "utf-8", "سطر\r\n", id="utf16-le-mark"),
        pytest.param("\ufeffسطر".encode("utf-16-be"), "cp1256", "سطر", id="utf16-be-mark-beats-option"),
        pytest.param("\ufeffسطر".encode("utf-32-le"), "utf-8", "سطر", id="utf32-mark"),
        pytest.param("سطر".encode(), "cp1256", "سطر", id="utf8-bytes-under-cp1256"),
        pytest.param("café".encode(), "latin-1", "café", id="utf8-bytes-under-latin1"),
        pytest.param("café".encode("latin-1"), "latin-1", "café", id="latin1"),
        pytest.param("سطر".encode("utf-16-le"), "utf-16-le", "سطر", id="utf16-asked-for"),
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
        pytest.param(  # an Arabic file of Windows (the hint said cp1256 to a French one too)
            "قال الوزير".encode("cp1256"), "utf-8", "(try --encoding cp1256 or another)", id="arabic-cp1256"
        ),
        pytest.param(
            "Le café coûte cher à Tunis".encode("cp1252"),
            "utf-8",
            "not valid utf-8 at byte 6 (try --encoding cp1252 or another)",
            id="western-cp1252",
        ),
        pytest.param(b"\x00\x01\x02PNG", "utf-8", "binary file", id="binary"),
        pytest.param(
            "ab".encode("utf-16-be"), "utf-8", "mark? try --encoding utf-16-be)", id="unmarked-utf16-be"
        ),
        pytest.param(b"\xff\xfe\xfa", "utf-8", "not valid utf-16 at byte 2", id="mark-then-bad-bytes"),
        pytest.param(b"abc", "no-such-codec", "unknown encoding", id="unknown-encoding"),
    ],
)
def test_decode_invalid(data: bytes, encoding: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
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


def test_a_folder_is_read_by_suffix_and_glob_narrows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("trafilatura", reason="needs the formats extra")
    from newsroom import news_page, write_docx

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("plain text words")
    (corpus / "b.html").write_text(news_page("A page with an article that has a few words in it.", title="T"))
    (corpus / "b2.shtml").write_text(
        news_page("A page served in 2002 with a few words in its article.", title="T")
    )
    write_docx("A draft with words.", corpus / "c.docx")
    (corpus / "~$c.docx").write_bytes(b"\x00lock")  # Word's lock file beside an open draft
    (corpus / "notes.md").write_text("not a known suffix")
    monkeypatch.chdir(tmp_path)
    inputs = read_inputs(["corpus"])
    assert [(d.id, d.source.format if d.source else "") for d in inputs.documents] == [
        ("corpus/a.txt", "text"),
        ("corpus/b.html", "html"),
        ("corpus/b2.shtml", "html"),
        ("corpus/c.docx", "docx"),
    ]
    assert inputs.errors == ()
    assert [d.id for d in read_inputs(["corpus"], glob="*.html").documents] == ["corpus/b.html"]
    assert [d.id for d in read_inputs(["corpus"], glob="*.md").documents] == ["corpus/notes.md"]
    assert "no files matching '*.pdf'" in read_inputs(["corpus"], glob="*.pdf").errors[0].error


def test_what_is_hidden_in_a_folder_is_not_read_unless_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Mac leaves "._story.txt" (its metadata, binary) beside each file on a shared drive; a
    project folder holds ".git" and ".venv". None is an article: no error line, no document."""
    corpus = tmp_path / "archive"
    (corpus / ".venv" / "lib").mkdir(parents=True)
    (corpus / "2026").mkdir()
    (corpus / "2026" / "story.txt").write_text("the story as filed", encoding="utf-8")
    (corpus / "2026" / "._story.txt").write_bytes(b"\x00\x05\x16\x07Mac OS X        ")
    (corpus / ".venv" / "lib" / "LICENSE.txt").write_text("a licence", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    inputs = read_inputs(["archive"])
    assert [d.id for d in inputs.documents] == ["archive/2026/story.txt"]
    assert inputs.errors == ()
    named = read_inputs(["archive/.venv/lib/LICENSE.txt"])
    assert [d.id for d in named.documents] == ["archive/.venv/lib/LICENSE.txt"]


def test_documents_of_formats_not_read_are_named_in_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive of the 2000s holds WordPerfect and Excel 97 files: left out, they must not look read."""
    corpus = tmp_path / "archive"
    (corpus / "2004").mkdir(parents=True)
    (corpus / "2004" / "budget.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (corpus / "2004" / "speech.WPD").write_bytes(b"\xffWPC")
    (corpus / "2004" / "wire.wpd").write_bytes(b"\xffWPC")
    (corpus / "2004" / "photo.jpg").write_bytes(b"\xff\xd8")  # not a document: no word about it
    (corpus / "2004" / "story.txt").write_text("the story as filed", encoding="utf-8")
    (corpus / ".trash").mkdir()
    (corpus / ".trash" / "old.doc").write_bytes(b"")  # hidden: not counted
    monkeypatch.chdir(tmp_path)
    inputs = read_inputs(["archive"])
    assert [d.id for d in inputs.documents] == ["archive/2004/story.txt"]
    assert inputs.notes == (
        "archive: 3 documents in formats reuse does not read were left out (2 .wpd, 1 .xls):"
        " save them as .docx or .xlsx to scan them",
    )
    assert read_inputs(["archive"], glob="*.txt").notes == ()  # the choice was the user's


def test_sources_hash_the_file_and_the_text_apart(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffنص\r\n".encode())
    (doc,) = read_inputs([str(path)]).documents
    assert doc.text == "نص\r\n"
    assert doc.source is not None
    assert doc.source.to_dict() == {
        "format": "text",
        "encoding": "utf-8",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    assert doc.sha256 == hashlib.sha256("نص\r\n".encode()).hexdigest()


def test_pages_read_on_several_cores_come_back_in_order(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura", reason="needs the formats extra")
    from newsroom import news_page

    for k in range(40):
        text = f"Article number {k} says something about the harbour and its boats, day {k}."
        (tmp_path / f"p{k:02d}.html").write_text(news_page(text, title=f"Headline {k}", seed=k))
    one = read_inputs([str(tmp_path)], workers=1)
    two = read_inputs([str(tmp_path)], workers=2)
    assert one == two
    assert [d.text for d in one.documents][:2] == [
        "Article number 0 says something about the harbour and its boats, day 0.",
        "Article number 1 says something about the harbour and its boats, day 1.",
    ]


def test_parse_jsonl_keeps_the_date_field() -> None:
    (doc,) = parse_jsonl(
        ['{"id": "a", "text": "words", "day": "2020-06-03"}'], "x.jsonl", fields=Fields(date="day")
    )
    assert isinstance(doc, Document)
    assert doc.source is not None
    assert (doc.source.record, doc.source.date) == ("line 1", "2020-06-03")


def test_a_page_without_the_formats_extra_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    (tmp_path / "a.html").write_text("<html><body><p>text</p></body></html>")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if it were not installed
    (error,) = read_inputs([str(tmp_path)]).errors
    assert error.error == (
        "reading html files needs the formats extra: pip install 'reuse[formats]' (trafilatura is missing)"
    )


def test_html_records_without_the_formats_extra_say_what_to_install_and_plain_ones_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    rows = ['{"id": "a", "text": "<p>First paragraph.</p><p>Second.</p>"}', '{"id": "b", "text": "<p>x</p>"}']
    (tmp_path / "cms.jsonl").write_text("\n".join(rows), encoding="utf-8")
    (tmp_path / "plain.jsonl").write_text('{"id": "c", "text": "a < b, and that is all"}', encoding="utf-8")
    monkeypatch.setitem(sys.modules, "lxml", None)  # as if it were not installed
    inputs = read_inputs([str(tmp_path)])
    (error,) = inputs.errors
    assert error.path == str(tmp_path / "cms.jsonl")
    assert error.error.startswith(
        "its texts are HTML, read with the formats extra: pip install 'reuse[formats]'"
    )
    assert "--markup text" in error.error
    assert [d.text for d in inputs.documents] == ["a < b, and that is all"]
    assert [d.id for d in read_inputs([str(tmp_path)], markup="text").documents] == ["a", "b", "c"]


def test_a_jsonl_record_holding_an_unpaired_surrogate_is_named_and_the_others_are_read(
    tmp_path: Path,
) -> None:
    """JSON's "\\ud800" escape decodes to a string UTF-8 cannot hold: one line naming the record, no
    traceback from the tokenizer later (as there was)."""
    lines = [
        '{"id": "a", "text": "some words \\ud800 and more"}',
        '{"id": "b", "text": "fine words", "day": "\\udfff"}',
        '{"id": "c", "text": "fine words too"}',
    ]
    (tmp_path / "x.jsonl").write_text("\n".join(lines), encoding="utf-8")
    inputs = read_inputs([str(tmp_path / "x.jsonl")], date_field="day")
    assert [(e.path, e.error) for e in inputs.errors] == [
        (
            f"{tmp_path / 'x.jsonl'}:1",
            '"text" holds an unpaired surrogate (U+D800 at character 11), not Unicode text',
        ),
        (
            f"{tmp_path / 'x.jsonl'}:2",
            '"day" holds an unpaired surrogate (U+DFFF at character 0), not Unicode text',
        ),
    ]
    assert [d.id for d in inputs.documents] == ["c"]
    assert scan(inputs.documents).documents[0].id == "c"


def test_a_read_reports_its_progress_in_files_read(tmp_path: Path) -> None:
    for k in range(40):
        (tmp_path / f"{k:02d}.txt").write_text(f"text number {k}", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff")  # an unreadable file is read all the same
    calls: list[tuple[str, int, int]] = []
    inputs = read_inputs(
        [str(tmp_path), "-"], stdin_text="from stdin", progress=lambda *call: calls.append(call)
    )
    assert len(inputs.documents) == 41
    assert len(inputs.errors) == 1
    assert calls == [("read", 16, 41), ("read", 32, 41), ("read", 41, 41)]  # stdin is no file


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("header.csv", "id,text\r\n"),
        ("blank.jsonl", "\n\n"),
        ("blank.tsv", "\n\n"),
        ("empty.json", "[]"),
    ],
)
def test_a_record_file_without_records_says_so(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    (error,) = read_inputs([str(tmp_path / name)]).errors
    assert (error.path, error.error) == (
        str(tmp_path / name),
        "holds no records (the file is empty, or a table has only its header)",
    )


@pytest.mark.parametrize("suffix", [*sorted(FORMATS), ".txt.gz", ".md"])
def test_an_empty_file_is_named_as_such_whatever_its_format(tmp_path: Path, suffix: str) -> None:
    """A 0-byte ``.docx`` said "not a zip archive; an old .doc? save it as .docx", a ``.pdf`` "it does
    not start with %PDF-", a ``.csv`` "holds no records": each format in its own words, each sending
    one looking for another fault than a save or a copy that failed."""
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    inputs = read_inputs([str(path)])
    assert [(e.path, e.error) for e in inputs.errors] == [(str(path), EMPTY_FILE)]
    assert inputs.documents == ()


def test_markup_is_one_of_its_choices_in_the_library_and_the_cli() -> None:
    from reuse.markup import MARKUP_CHOICES
    from reuse_cli._common import Markup

    assert tuple(Markup) == MARKUP_CHOICES
    with pytest.raises(ValueError, match="markup must be one of auto, text, html, not 'txt'"):
        read_inputs([], markup="txt")  # a typo must not read every text as HTML


def test_a_json_page_of_records_is_read_when_named_and_a_folders_json_is_left_alone(tmp_path: Path) -> None:
    """An API's page of results (an array, or an object wrapping one) is records; a folder's other JSON
    (a report saved beside the articles) is not read unless asked for."""
    import json

    story = "The council voted on Tuesday to reopen the northern harbour after three weeks of repairs."
    records = [{"id": 1, "text": story}, {"id": 2, "text": 7}, {"id": 3, "text": f"Officials: {story}"}]
    (tmp_path / "array.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"page": 1, "posts": records}), encoding="utf-8")
    (tmp_path / "report.json").write_text(json.dumps({"findings": [{}], "documents": [{}]}), "utf-8")
    (tmp_path / "story.txt").write_text(story, encoding="utf-8")

    folder = read_inputs([str(tmp_path)])
    assert [d.id for d in folder.documents] == [f"{tmp_path}/story.txt"]
    assert not folder.errors
    for name in ("array.json", "wrapped.json"):
        named = read_inputs([str(tmp_path / name)])
        assert [(d.id, d.source and (d.source.format, d.source.record)) for d in named.documents] == [
            ("1", ("json", "item 1")),
            ("3", ("json", "item 3")),
        ]
        assert [str(e) for e in named.errors] == [
            f'{tmp_path / name}:item 2: "text" holds a number, not text'
        ]
    matched = read_inputs([str(tmp_path)], glob="*.json")
    assert (
        f"{tmp_path}/report.json: holds no array of records (a JSON array of objects, or an object with one)"
        in [str(e) for e in matched.errors]
    )
    (tmp_path / "cut.json").write_text('[{"id": 1, "text": "a"', encoding="utf-8")
    (error,) = read_inputs([str(tmp_path / "cut.json")]).errors
    assert error.error.startswith("malformed JSON (Expecting ',' delimiter at line 1 column")


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        pytest.param(
            '{"id": "b", "text": "  "}', "empty or whitespace-only text: nothing to compare", id="empty"
        ),
        pytest.param('{"id": "b", "text": 5}', '"text" holds a number, not text', id="text-number"),
        pytest.param('{"id": "b", "text": null}', '"text" holds null, not text', id="text-null"),
        pytest.param('{"id": "b", "text": ["x"]}', '"text" holds an array, not text', id="text-list"),
        pytest.param('{"id": "b", "text": {"x": 1}}', '"text" holds an object, not text', id="text-object"),
        pytest.param('{"id": "b"}', 'no "text" field (use --text-field)', id="text-absent"),
        pytest.param('{"id": null, "text": "x y"}', '"id" holds null, not text or a number', id="id-null"),
        pytest.param('{"id": true, "text": "x y"}', '"id" holds true, not text or a number', id="id-true"),
        pytest.param(
            '{"id": {"a": 1}, "text": "x y"}', '"id" holds an object, not text or a number', id="id-obj"
        ),
        pytest.param('{"id": "", "text": "x y"}', '"id" is empty (use --id-field)', id="id-empty"),
        pytest.param(
            '{"id": "b", "text": "x y", "day": [1]}',
            '"day" holds an array, not text or a number',
            id="date-list",
        ),
    ],
)
def test_a_bad_jsonl_record_is_named_by_its_line_and_says_what_it_holds(
    tmp_path: Path, record: str, problem: str
) -> None:
    """Named by its line as a table's row is, never by its id alone, and never with a Python repr."""
    lines = ['{"id": "a", "text": "first text", "day": 2020}', record, '{"id": 3, "text": "third text"}']
    (tmp_path / "t.jsonl").write_text("\n".join(lines), encoding="utf-8")
    inputs = read_inputs([str(tmp_path / "t.jsonl")], date_field="day")
    assert [(d.id, d.source.date if d.source else None) for d in inputs.documents] == [
        ("a", "2020"),
        ("3", ""),
    ]
    assert [str(e) for e in inputs.errors] == [f"{tmp_path / 't.jsonl'}:2: {problem}"]


def test_a_file_named_twice_under_another_spelling_is_a_file_named_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``a.txt ./a.txt`` was read twice and reported as copying itself, 100%, exit 0."""
    from typer.testing import CliRunner

    from reuse.models import DuplicateIdError
    from reuse_cli.main import app

    (tmp_path / "a.txt").write_text("the harbour reopened on tuesday after three weeks of repairs")
    (tmp_path / "b.txt").write_text("a text of other words about the weather in the north")
    monkeypatch.chdir(tmp_path)
    for again in ("./a.txt", str(tmp_path / "a.txt"), "../" + tmp_path.name + "/a.txt"):
        inputs = read_inputs(["a.txt", "b.txt", again])
        assert [d.id for d in inputs.documents] == ["a.txt", "b.txt", "a.txt"]
        assert inputs.notes == (f"{again}: the same file as a.txt, named twice",)
        with pytest.raises(DuplicateIdError, match=re.escape("'a.txt': a file named twice")):
            scan(inputs.documents)
        result = CliRunner().invoke(app, ["scan", "a.txt", "b.txt", again, "-f", "json"])
        assert result.exit_code == 3
        assert f"reuse: {again}: the same file as a.txt, named twice" in result.stderr
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "c.txt").write_text("words of a third text")
    inputs = read_inputs(["corpus", "./corpus/c.txt"])
    assert [d.id for d in inputs.documents] == ["corpus/c.txt", "corpus/c.txt"]


def test_a_link_in_a_folder_to_a_file_read_is_read_once_under_the_files_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text("the harbour reopened on tuesday after three weeks of repairs")
    (corpus / "a-link.txt").symlink_to("story.txt")  # sorts first: the file's own name is kept all the same
    (corpus / "z-link.txt").symlink_to("story.txt")
    monkeypatch.chdir(tmp_path)
    inputs = read_inputs(["corpus"])
    assert [d.id for d in inputs.documents] == ["corpus/story.txt"]
    assert inputs.notes == (
        "corpus/a-link.txt: the same file as corpus/story.txt (a link), read once",
        "corpus/z-link.txt: the same file as corpus/story.txt (a link), read once",
    )
    assert inputs.errors == ()


def test_a_folder_scan_follows_linked_folders_and_names_what_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A linked folder was passed over, and a folder that cannot be listed, and a link to nothing,
    without a word: leaving files out must never look like a scan of everything."""
    import os

    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "2024").mkdir()
    elsewhere.mkdir()
    (corpus / "2024" / "a.txt").write_text("a text filed in 2024")
    (corpus / "locked" / "hidden.txt").write_text("a text nobody may read")
    (elsewhere / "b.txt").write_text("a text kept in another folder")
    (corpus / "2024" / "more").symlink_to(elsewhere)
    (corpus / "2024" / "up").symlink_to("..")  # a loop: followed, it would never end
    (corpus / "gone.txt").symlink_to("moved/gone.txt")
    (corpus / "gone.jpg").symlink_to("moved/gone.jpg")  # not read if it were there: no word
    scandir = os.scandir

    def denied(path: Any) -> Any:
        if Path(path).name == "locked":  # as a folder without permission to list is, even to root
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    monkeypatch.chdir(tmp_path)
    inputs = read_inputs(["corpus"])
    assert [d.id for d in inputs.documents] == ["corpus/2024/a.txt", "corpus/2024/more/b.txt"]
    assert [str(e) for e in inputs.errors] == [
        "corpus/gone.txt: a link to moved/gone.txt, which does not exist",
        "corpus/locked: cannot list the folder: Permission denied",
    ]
    assert inputs.notes == ("corpus/2024/up: a link to a folder it is inside: not followed again",)
    (locked,) = read_inputs(["corpus/locked"]).errors  # not "no files matching a known suffix"
    assert str(locked) == "corpus/locked: cannot list the folder: Permission denied"


def test_json_nested_too_deeply_is_one_error_and_the_rest_is_read(tmp_path: Path) -> None:
    """100,000 ``[`` on a JSONL line was a RecursionError traceback: no report, the good files lost."""
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "a.txt").write_text("a good text about the harbour")
    (tmp_path / "r.jsonl").write_text(
        f'{deep}\n{{"id": "in", "text": "a record read", "m": {deep}}}\n'
        '{"id": "ok", "text": "a record read"}\n'
        f'{{"id": "big", "text": "x", "n": {"1" * 5000}}}\n'
    )
    (tmp_path / "deep.json").write_text(deep)
    inputs = read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "r.jsonl"), str(tmp_path / "deep.json")])
    assert [d.id for d in inputs.documents] == [str(tmp_path / "a.txt"), "ok"]
    assert [str(e).removeprefix(str(tmp_path) + "/") for e in inputs.errors] == [
        "r.jsonl:1: malformed JSON (nested too deeply)",
        "r.jsonl:2: malformed JSON (nested too deeply)",
        "r.jsonl:4: malformed JSON (a number too long to read)",
        "deep.json: malformed JSON (nested too deeply)",
    ]


def test_a_report_or_truth_file_nested_too_deeply_is_one_line_too(tmp_path: Path) -> None:
    """``reuse report`` and ``reuse evaluate`` read JSON with :mod:`reuse.files`: 100,000 ``[`` was a
    RecursionError traceback in each."""
    from reuse.files import InputFileError, read_json, read_jsonl

    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "report.json").write_text(deep)
    (tmp_path / "truth.jsonl").write_text(f'{{"a": 1}}\n{deep}\n{{"n": {"1" * 5000}}}\n')
    with pytest.raises(InputFileError, match=r"report\.json: malformed JSON: nested too deeply$"):
        read_json(tmp_path / "report.json")
    with pytest.raises(InputFileError, match=r"truth\.jsonl: line 2: malformed JSON: nested too deeply$"):
        read_jsonl(tmp_path / "truth.jsonl")


def test_a_pages_json_ld_nested_too_deeply_gives_no_date_and_the_page_is_read() -> None:
    """A page's date comes from its JSON-LD: 100,000 ``[`` there was a RecursionError traceback."""
    pytest.importorskip("trafilatura", reason="needs the formats extra")
    from reuse.extract import html_text

    deep = "[" * 100_000 + "]" * 100_000
    body = "The trawlers came back to port after a week at sea. " * 12
    script = f'<script type="application/ld+json">{deep}</script>'
    page = f"<html><head>{script}</head><body><article><p>{body}</p></article></body></html>"
    found = html_text(page)
    assert (found.text, found.date) == (body.strip(), "")


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        pytest.param(
            "big.jsonl",
            "".join(f'{{"id": {n}, "body": "story {n}", "date": "2024"}}\n' for n in range(500)),
            'big.jsonl: no "text" field in any record (their fields: "id", "body", "date"; use --text-field)',
            id="jsonl-text",
        ),
        pytest.param(
            "page.json",
            json.dumps({"data": [{"uid": n, "text": f"story {n}"} for n in range(30)]}),
            'page.json: no "id" field in any record (their fields: "uid", "text"; use --id-field)',
            id="json-id",
        ),
        pytest.param(
            "wide.jsonl",
            json.dumps({f"k{n}": n for n in range(13)}),
            'wide.jsonl: no "text" field in any record (their fields: "k0", "k1", "k2", "k3", "k4", "k5",'
            ' "k6", "k7", "k8", "k9", "k10", "k11", …; use --text-field)',
            id="many-fields",
        ),
    ],
)
def test_a_field_no_record_has_is_one_error_naming_the_fields_they_have(
    tmp_path: Path, name: str, content: str, error: str
) -> None:
    """A JSONL export of 50,000 records under ``body`` gave 50,000 identical lines on stderr."""
    (tmp_path / name).write_text("not json\n" + content if name == "big.jsonl" else content)
    inputs = read_inputs([str(tmp_path / name)])
    errors = [str(e).removeprefix(str(tmp_path) + "/") for e in inputs.errors]
    assert errors[0] == error
    assert errors[1:] == (
        ["big.jsonl:1: malformed JSON (Expecting value at column 1)"] if "big" in name else []
    )


@pytest.mark.parametrize(
    ("name", "lines", "expected"),
    [
        pytest.param(
            "t.jsonl",
            [f'{{"id": "{n}", "text": " "}}' for n in range(25)] + ['{"id": "z", "text": "kept"}'],
            ["25 records (lines 1, 2, 3, 4, 5, …): empty or whitespace-only text: nothing to compare"],
            id="jsonl-25",
        ),
        pytest.param(
            "t.jsonl",
            [f'{{"id": "{n}", "text": " "}}' for n in range(20)] + ['{"id": "z", "text": "kept"}'],
            [f"{n}: empty or whitespace-only text: nothing to compare" for n in range(1, 21)],
            id="jsonl-20-one-by-one",
        ),
        pytest.param(
            "t.csv",
            ["id,text", "z,kept"] + [f"{n}," for n in range(30)] + ["q,also kept", "r,[1]"],
            ["30 records (rows 2, 3, 4, 5, 6, …): empty or whitespace-only text: nothing to compare"],
            id="csv-30",
        ),
    ],
)
def test_many_records_with_one_problem_are_one_error_that_counts_them(
    tmp_path: Path, name: str, lines: list[str], expected: list[str]
) -> None:
    """Past 20 records alike, one error counts them and names the first: the others stay one a record."""
    (tmp_path / name).write_text("\n".join(lines) + "\n")
    (tmp_path / "odd.jsonl").write_text('{"id": 1}\n{"id": 2, "text": "read"}\n')
    inputs = read_inputs([str(tmp_path / name), str(tmp_path / "odd.jsonl")])
    file = str(tmp_path / name)
    assert [str(e).removeprefix(file).removeprefix(": ").lstrip(":") for e in inputs.errors[:-1]] == expected
    assert str(inputs.errors[-1]) == f'{tmp_path / "odd.jsonl"}:1: no "text" field (use --text-field)'
    assert "z" in [d.id for d in inputs.documents]


def _zipped(part: str) -> bytes:
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(part, "<x/>")
    return data.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        pytest.param("a.txt", _zipped("word/document.xml"), "a Word .docx file (name it .docx)", id="docx"),
        pytest.param("a.csv", _zipped("xl/workbook.xml"), "an Excel .xlsx file (name it .xlsx)", id="xlsx"),
        pytest.param("a.jsonl", _zipped("other.bin"), "a zip archive (a .docx or .xlsx?)", id="zip"),
        pytest.param("a.csv", b"PAR1\x15\x04\x00\x00PAR1", "a Parquet file (name it .parquet)", id="parquet"),
        pytest.param("a.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF (name it .pdf)", id="pdf"),
        pytest.param(
            "a.txt",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00" + "WordDocument".encode("utf-16-le"),
            "a Word 97-2003 .doc file (name it .doc)",
            id="doc",
        ),
    ],
)
def test_a_file_of_another_format_under_a_text_suffix_is_named_by_its_bytes(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    """It said "binary file (contains NUL bytes)", or for a PDF "not valid utf-8": nothing to act on."""
    (tmp_path / name).write_bytes(data)
    (error,) = read_inputs([str(tmp_path / name)]).errors
    assert error.error == f"binary file, not text: {says}"


def test_json_lines_named_json_says_so(tmp_path: Path) -> None:
    (tmp_path / "lines.json").write_text('{"id": 1, "text": "a b"}\n{"id": 2, "text": "c d"}\n')
    (tmp_path / "one.json").write_text('[{"id": 1, "text": "a b"}] [2]')
    errors = read_inputs([str(tmp_path / "lines.json"), str(tmp_path / "one.json")]).errors
    assert [e.error for e in errors] == [
        "malformed JSON (Extra data at line 2 column 1; JSON Lines? name it .jsonl)",
        "malformed JSON (Extra data at line 1 column 28)",
    ]


def test_records_sharing_an_id_are_named_by_file_and_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sites' exports both number from 1: the scan refused them naming neither file nor row."""
    from reuse.models import DuplicateIdError

    monkeypatch.chdir(tmp_path)
    Path("en.csv").write_text("id,text\n1,the harbour story\n2,the schools story\n")
    Path("ar.csv").write_text("id,text\n1,خبر الميناء\n2,خبر المدارس\n")
    Path("d.jsonl").write_text('{"id": "x", "text": "one text"}\n{"id": "x", "text": "another"}\n')
    inputs = read_inputs(["en.csv", "ar.csv", "d.jsonl"])
    assert inputs.notes == ()
    assert inputs.clashes == (
        "ar.csv row 1 has the id '1' of en.csv row 1 (and 1 more id of that file): ids must be unique;"
        " give one file's records other ids, or scan the files apart",
        "d.jsonl line 2 has the id 'x' of d.jsonl line 1: ids must be unique; give one of them another id",
    )
    with pytest.raises(DuplicateIdError) as refused:
        scan(inputs.documents)
    assert str(refused.value) == (
        "duplicate document id '1': en.csv row 1 and ar.csv row 1 (reports name documents"
        " by id, so ids must be unique: change one, or scan their files apart)"
    )
    assert refused.value.places == ("en.csv row 1", "ar.csv row 1")
    assert [d.path for d in inputs.documents] == ["en.csv"] * 2 + ["ar.csv"] * 2 + ["d.jsonl"] * 2
    again = read_inputs(["en.csv", "./en.csv"])
    assert again.notes == ("./en.csv: the same file as en.csv, named twice",)  # and no note of its rows
    assert again.clashes == ()
    with pytest.raises(DuplicateIdError, match="'1': a file named twice"):
        scan(again.documents)


@pytest.mark.parametrize("name", ["export.jsonl", "page.json"])
def test_a_date_field_no_record_has_is_a_note_naming_it(tmp_path: Path, name: str) -> None:
    """``--date-field pubdate`` over records that have none was read in silence, every record undated."""
    records = [{"id": "a", "text": "the harbour story", "date": "2024-03-01"}, {"id": "b", "text": "more"}]
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(records))
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
    inputs = read_inputs([str(path)], date_field="pubdate", url_field="link")
    assert inputs.notes == (
        f'{path}: no "pubdate" nor "link" field in any record (their fields: "id", "text", "date"; use '
        "--date-field, --url-field): its records are read without a date and URL",
    )
    assert [d.id for d in inputs.documents] == ["a", "b"]
    assert inputs.errors == ()
    assert read_inputs([str(path)], date_field="date").notes == ()  # one record has it: no note


def test_a_table_without_an_optional_column_is_a_note_not_an_error(tmp_path: Path) -> None:
    """Its rows are read, so the file is not unreadable: the line naming the column was an entry of
    ``errors`` (the summary counted the file unreadable, ``--strict`` failed on it); it is a note."""
    from reuse.io import ReadOptions, _read_job, read_file

    path = tmp_path / "export.csv"
    path.write_text("id,text,published\n1,the harbour story,2024-03-01\n2,the schools story,\n")
    note = (
        f"{path}: no column 'date' (columns: 'id', 'text', 'published'; use --date-field): its rows are "
        "read without a date"
    )
    inputs = read_inputs([str(path)], date_field="date")
    assert (inputs.errors, inputs.notes) == ((), (note,))
    assert [(d.id, d.source.date if d.source else None) for d in inputs.documents] == [("1", ""), ("2", "")]
    options = ReadOptions(date_field="date")
    items = read_file(path, str(path), options)  # reuse report reads records again so: no note among them
    assert [type(item) for item in items] == [Document, Document]
    assert _read_job((path, str(path), options)) == (items, [note])  # as a worker process reads it
    assert read_inputs([str(path)], date_field="published").notes == ()
