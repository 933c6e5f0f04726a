"""Word 97-2003 ``.doc`` and ``.rtf`` files, written by LibreOffice from ``.docx`` drafts: they read as
the drafts do.

LibreOffice is the independent writer here (``.ci/install-office.sh`` installs it): the ``.docx``
reader's text is established by its own tests, so a ``.doc`` or ``.rtf`` saved from the same draft
must give the same text, character for character, and the scan the same findings.
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


def saved_as(drafts: list[Path], folder: Path, kind: str = "doc") -> list[Path]:
    """Each ``.docx`` saved by LibreOffice as ``kind`` (``doc``: Word 97-2003, ``rtf``), into ``folder``."""
    soffice = shutil.which("soffice")
    require(soffice is not None, "LibreOffice (soffice) is missing: run .ci/install-office.sh as root")
    assert soffice is not None
    folder.mkdir(exist_ok=True)
    profile = (folder / ".profile").as_uri()  # its own settings, so parallel runs never share one
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", kind]
    subprocess.run(
        [*command, "--outdir", str(folder), *map(str, drafts)], check=True, capture_output=True, timeout=300
    )
    return [folder / f"{draft.stem}.{kind}" for draft in drafts]


def extract(path: Path) -> str:
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


@pytest.mark.parametrize("kind", ["doc", "rtf"])
def test_a_legacy_draft_reads_as_the_docx_it_was_saved_from_and_scans_the_same(
    tmp_path: Path, kind: str
) -> None:
    from newsroom import write_docx

    texts = {p.stem: read_text(p) for p in sorted(FIXTURES.glob("*.txt"))}
    seeds = SHARED / "libya-news" / "corpus"
    texts |= {p.stem: read_text(p) for p in sorted(seeds.glob("*.txt"))} if seeds.is_dir() else {}
    (tmp_path / "docx").mkdir()
    drafts = [write_docx(text, tmp_path / "docx" / f"{name}.docx") for name, text in texts.items()]
    docs = saved_as(drafts, tmp_path / kind, kind)
    for draft, doc in zip(drafts, docs, strict=True):
        assert extract(doc) == extract(draft), doc.name
    scans = {}
    for folder in ("docx", kind):
        result = runner.invoke(app, ["scan", str(tmp_path / folder), "-f", "json", "-q"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        scans[folder] = [
            (f["kind"], [(Path(s["doc"]).stem, s["start"], s["end"]) for s in (f.get("a"), f.get("b")) if s])
            for f in report["findings"]
        ]
        assert {d["source"]["format"] for d in report["documents"]} == {folder}
    assert scans[kind] == scans["docx"]
    assert len(scans[kind]) >= 5  # the fixtures' own findings at least


@pytest.mark.parametrize(
    ("kind", "created"), [("doc", "2026-12-01T09:30:00+00:00"), ("rtf", "2026-12-01T09:30:00")]
)
def test_a_legacy_drafts_arabic_title_and_creation_time_are_its_metadata(
    tmp_path: Path, kind: str, created: str
) -> None:
    """Word 97 keeps the title in its summary (LibreOffice writes it as UTF-8, code page 65001) and the
    time in UTC; RTF in its info group, as local time without a zone."""
    import datetime

    import docx

    draft = docx.Document()
    draft.core_properties.title = "مشروع تحلية المياه"
    draft.core_properties.created = datetime.datetime(2026, 12, 1, 9, 30)
    draft.add_paragraph(read_text(FIXTURES / "ar_source.txt").splitlines()[0])
    (tmp_path / "docx").mkdir()
    draft.save(str(tmp_path / "docx" / "titled.docx"))
    (saved,) = saved_as([tmp_path / "docx" / "titled.docx"], tmp_path / kind, kind)
    result = runner.invoke(app, ["extract", str(saved), "--format", "jsonl"])
    source = json.loads(result.stdout)["source"]
    assert (source["title"], source["date"]) == ("مشروع تحلية المياه", created)


@pytest.mark.parametrize("kind", ["doc", "rtf"])
def test_a_tracked_draft_saved_as_doc_or_rtf_reads_with_its_deletions_left_out(
    tmp_path: Path, kind: str
) -> None:
    """The Track Changes draft of the ``.docx`` tests, saved by LibreOffice: what it keeps of it.

    Deleted text (the old lead, the sentence moved away) carries the format's deletion mark and is
    left out. LibreOffice 7.4 writes the deleted table row without the mark (its text export shows
    the row as any other), leaves the text box out of the body, updates the date field to the day it
    saves, and writes the content control as a form field whose text ends in a paragraph mark (the
    empty line after the byline)."""
    from test_formats import _tracked_draft

    pasted = "GENEVA (Wire) - Negotiators from twelve countries agreed late on Tuesday."
    merged = "Catch limits for every species stay at current levels until the review in five years."
    (saved,) = saved_as([_tracked_draft(tmp_path / "draft.docx", pasted, merged)], tmp_path / kind, kind)
    lines = extract(saved).split("\n")
    dated = next(k for k, line in enumerate(lines) if line.startswith("Source: the accord, filed "))
    assert lines[:dated] + lines[dated + 1 :] == [
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
    ("name", "data", "message"),
    [
        pytest.param(
            "bad.doc", b"PK\x03\x04 a docx", "a zip archive: a .docx named .doc?", id="docx-named-doc"
        ),
        pytest.param(
            "bad.doc",
            b"{\\rtf1 hello}",
            "not an OLE compound file: an RTF or text named .doc?",
            id="rtf-named-doc",
        ),
        pytest.param(
            "bad.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "cannot read as a Word 97-2003",
            id="damaged",
        ),
        pytest.param(
            "bad.rtf", b"PK\x03\x04 a docx", "not an RTF file (it does not begin with {\\rtf)", id="not-rtf"
        ),
        pytest.param(
            "bad.rtf",
            b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}} }",
            "empty or whitespace-only text",
            id="empty-rtf",
        ),
    ],
)
def test_a_file_that_is_not_what_its_suffix_says_is_one_error_line_and_the_rest_is_scanned(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(read_text(FIXTURES / "en_wire.txt"), encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0
    (line,) = [line for line in result.stderr.splitlines() if name in line]
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
    (doc,) = saved_as(
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


def test_a_release_emailed_as_a_doc_attachment_is_read_as_the_draft(tmp_path: Path) -> None:
    """Press offices still attach Word 97 files: the attachment is a document of its own."""
    from email.message import EmailMessage
    from email.policy import SMTP

    from newsroom import write_docx

    (tmp_path / "docx").mkdir()
    draft = write_docx(read_text(FIXTURES / "ar_source.txt"), tmp_path / "docx" / "release.docx")
    (doc,) = saved_as([draft], tmp_path / "doc")
    message = EmailMessage()
    message["From"], message["Subject"] = "press@ministry.example.ly", "Statement"
    message.set_content("Please find the statement attached.")
    message.add_attachment(doc.read_bytes(), maintype="application", subtype="msword", filename="release.doc")
    mail = tmp_path / "mail.eml"
    mail.write_bytes(message.as_bytes(policy=SMTP))
    result = runner.invoke(app, ["extract", str(mail), "--format", "jsonl"])
    read = {item["id"]: item for item in map(json.loads, result.stdout.splitlines())}
    attached = read[f"{mail}#release.doc"]
    assert attached["text"] == extract(draft)
    assert (attached["source"]["format"], attached["source"]["record"]) == ("eml", "attachment release.doc")
