"""Word 97-2003 ``.doc`` files, written by LibreOffice from ``.docx`` drafts: they read as the drafts do.

LibreOffice is the independent writer here (``.ci/install-office.sh`` installs it): the ``.docx``
reader's text is established by its own tests, so a ``.doc`` saved from the same draft must give
the same text, character for character, and the scan the same findings.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED, read_text, require
from typer.testing import CliRunner

from reuse_cli.main import app

pytest.importorskip("olefile", reason="needs the formats extra: pip install -e '.[formats]'")
pytest.importorskip("docx", reason="needs the formats extra: pip install -e '.[formats]'")

runner = CliRunner()


def as_doc(drafts: list[Path], folder: Path) -> list[Path]:
    """Each ``.docx`` saved as Word 97-2003 by LibreOffice, into ``folder``."""
    soffice = shutil.which("soffice")
    require(soffice is not None, "LibreOffice (soffice) is missing: run .ci/install-office.sh as root")
    assert soffice is not None
    folder.mkdir(exist_ok=True)
    profile = (folder / ".profile").as_uri()  # its own settings, so parallel runs never share one
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc"]
    subprocess.run(
        [*command, "--outdir", str(folder), *map(str, drafts)], check=True, capture_output=True, timeout=300
    )
    return [folder / f"{draft.stem}.doc" for draft in drafts]


def extract(path: Path) -> str:
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


def test_a_doc_reads_as_the_docx_it_was_saved_from_and_scans_the_same(tmp_path: Path) -> None:
    from newsroom import write_docx

    texts = {p.stem: read_text(p) for p in sorted(FIXTURES.glob("*.txt"))}
    seeds = SHARED / "libya-news" / "corpus"
    texts |= {p.stem: read_text(p) for p in sorted(seeds.glob("*.txt"))} if seeds.is_dir() else {}
    (tmp_path / "docx").mkdir()
    drafts = [write_docx(text, tmp_path / "docx" / f"{name}.docx") for name, text in texts.items()]
    docs = as_doc(drafts, tmp_path / "doc")
    for draft, doc in zip(drafts, docs, strict=True):
        assert extract(doc) == extract(draft), doc.name
    scans = {}
    for kind in ("docx", "doc"):
        result = runner.invoke(app, ["scan", str(tmp_path / kind), "-f", "json", "-q"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        scans[kind] = [
            (f["kind"], [(Path(s["doc"]).stem, s["start"], s["end"]) for s in (f.get("a"), f.get("b")) if s])
            for f in report["findings"]
        ]
        if kind == "doc":
            assert {d["source"]["format"] for d in report["documents"]} == {"doc"}
    assert scans["doc"] == scans["docx"]
    assert len(scans["doc"]) >= 5  # the fixtures' own findings at least


def test_a_tracked_draft_saved_as_doc_reads_with_its_deletions_left_out(tmp_path: Path) -> None:
    """The Track Changes draft of the ``.docx`` tests, saved as ``.doc``: what LibreOffice keeps of it.

    Deleted text (the old lead, the sentence moved away) carries Word's deletion mark and is left out.
    LibreOffice 7.4 writes the deleted table row without the mark (its text export shows the row as
    any other) and an empty paragraph after the content control, leaves the text box out of the body,
    and updates the date field to the day it saves."""
    from test_formats import _tracked_draft

    pasted = "GENEVA (Wire) - Negotiators from twelve countries agreed late on Tuesday."
    merged = "Catch limits for every species stay at current levels until the review in five years."
    (doc,) = as_doc([_tracked_draft(tmp_path / "draft.docx", pasted, merged)], tmp_path / "doc")
    lines = extract(doc).split("\n")
    assert lines[6].startswith("Source: the accord, filed ")
    assert lines[:6] + lines[7:] == [
        "Fisheries accord extended",
        f"Our reporter writes: {pasted}",
        "Stays here.",
        "Then: Moved sentence.",
        "By Desk staff",
        "",
        merged,
        "Deleted row\t\t",
        "Cod\tstock\thigh",
        "Hake\t\tlow",
        "Sidebar follows.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"PK\x03\x04 a docx", "a zip archive: a .docx named .doc?", id="docx-named-doc"),
        pytest.param(
            b"{\\rtf1 hello}", "not an OLE compound file: an RTF or text named .doc?", id="rtf-named-doc"
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cannot read as a Word 97-2003", id="damaged"
        ),
    ],
)
def test_a_file_that_is_no_doc_is_one_error_line_and_the_rest_is_scanned(
    tmp_path: Path, data: bytes, message: str
) -> None:
    (tmp_path / "bad.doc").write_bytes(data)
    (tmp_path / "good.txt").write_text(read_text(FIXTURES / "en_wire.txt"), encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0
    (line,) = [line for line in result.stderr.splitlines() if "bad.doc" in line]
    assert message in line
    assert "Traceback" not in result.output
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == [str(tmp_path / "good.txt")]


@pytest.mark.parametrize(
    ("at", "value", "message"),
    [
        pytest.param(
            0x0A, 0x0100, "a password-protected Word document: save it without the password", id="password"
        ),
        pytest.param(
            0x02, 0x0068, "a Word 6 or 95 document, older than this reader: save it as .docx", id="word-95"
        ),
    ],
)
def test_a_doc_this_reader_cannot_open_says_why(tmp_path: Path, at: int, value: int, message: str) -> None:
    """The header of a LibreOffice .doc changed in place (olefile rewrites a stream of the same size):
    the encryption flag set, or the format number of Word 95."""
    import struct

    import olefile
    from newsroom import write_docx

    (tmp_path / "docx").mkdir()
    (doc,) = as_doc(
        [write_docx(read_text(FIXTURES / "en_wire.txt"), tmp_path / "docx" / "d.docx")], tmp_path / "doc"
    )
    with olefile.OleFileIO(str(doc), write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        old = struct.unpack_from("<H", stream, at)[0]
        struct.pack_into("<H", stream, at, old | value if at == 0x0A else value)
        ole.write_stream("WordDocument", bytes(stream))
    result = runner.invoke(app, ["extract", str(doc)])
    assert result.exit_code == 3
    assert result.stderr == f"reuse: {doc}: {message}\n"
