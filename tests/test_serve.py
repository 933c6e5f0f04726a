"""``reuse serve`` over real HTTP: servers started by the tests on loopback ports, as a CMS would call them.

Each server is ``python -m reuse_cli serve`` in a subprocess (uvicorn, the real stack), never a test
client. Needs the serve extra (skipped without it, a failure under ``CI=true``); the page's tests also
drive Debian's chromium like tests/test_browser.py.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import importlib.util
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, read_text, require
from test_browser import AR_A, AR_B, ARGS, CHROMIUM, EN_A, EN_B

from reuse.archive import check, index_add, settings
from reuse.models import Document
from reuse.report import to_report
from reuse.store import ArchiveStore

pytestmark = pytest.mark.serve

TOKEN = "t0k3n-for-the-tests-only-0123456789"
MAX_BYTES = 64 * 1024
ARCHIVE = {"archive/ar-health.txt": AR_A, "archive/en-council.txt": EN_A}


def _needs_stack() -> None:
    found = all(importlib.util.find_spec(m) for m in ("starlette", "uvicorn"))
    require(found, "the serve extra is not installed (pip install -e '.[serve]')")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    """A running ``reuse serve`` and a small HTTP client for it."""

    port: int
    token: str | None
    process: subprocess.Popen[bytes]
    index: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        token: str | None = "default",
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        token = self.token if token == "default" else token
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        if data is not None:
            sent.setdefault("Content-Type", content_type)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()


def start(
    index: Path,
    *args: str,
    token: str | None = None,
    tmp: Path | None = None,
    idle_s: float | None = None,
    prefix: tuple[str, ...] = (),
) -> Server:
    """``reuse serve`` on a free port; ``idle_s``: how long anyio's worker threads wait idle (10 s);
    ``prefix``: what runs it (``setpriv``, so that file modes apply to a server run by root).
    """
    port = _free_port()
    serve = ["serve", "--index", str(index), "--port", str(port), *args]
    command = [*prefix, sys.executable, "-m", "reuse_cli", *serve]
    if idle_s is not None:
        short = f"import anyio._backends._asyncio as a; a.WorkerThread.MAX_IDLE_TIME = {idle_s}"
        command = [sys.executable, "-c", f"{short}\nfrom reuse_cli.main import app\napp()", *serve]
    if token is not None:
        assert tmp is not None
        (tmp / "token.txt").write_text(token + "\n", encoding="utf-8")
        command += ["--token-file", str(tmp / "token.txt")]
    log = index.with_suffix(".log")
    # Files, not pipes nobody drains: uvicorn logs every request.
    with open(log, "wb") as stderr, open(index.with_suffix(".out"), "wb") as stdout:
        process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr)
    server = Server(port, token, process, index)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"reuse serve exited {process.returncode}: {log.read_text()}")
        try:
            if server.request("GET", "/health").status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("reuse serve did not answer within 60 s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


def build_index(path: Path) -> Path:
    documents = [Document(i, t) for i, t in ARCHIVE.items()]
    documents += [Document(f"fixtures/{p.name}", read_text(p)) for p in sorted(FIXTURES.glob("*.txt"))]
    with ArchiveStore.connect(path, settings(), create=True) as store:
        index_add(store, documents)
    return path


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Writes allowed, a token, a 64 KiB limit."""
    _needs_stack()
    tmp = tmp_path_factory.mktemp("serve-rw")
    server = start(
        build_index(tmp / "archive.db"),
        "--allow-writes",
        "--max-bytes",
        str(MAX_BYTES),
        "--threads",
        "4",
        token=TOKEN,
        tmp=tmp,
    )
    yield server
    stop(server)


@pytest.fixture(scope="module")
def readonly(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The defaults: no token, no writes."""
    _needs_stack()
    server = start(build_index(tmp_path_factory.mktemp("serve-ro") / "archive.db"), "--quiet")
    yield server
    stop(server)


def test_an_index_on_a_read_only_share_is_served(tmp_path: Path) -> None:
    """A backup or a read-only share: without ``--allow-writes`` the server opens the index, and each
    read connection, read-only (it said "attempt to write a readonly database" and never started)."""
    _needs_stack()
    from test_index_walk import _without_privileges

    share = tmp_path / "share"
    share.mkdir()
    index = build_index(share / "archive.db")
    share.chmod(0o555)  # this process still writes the server's logs there: file modes bind the server
    try:
        server = start(index, "--quiet", prefix=tuple(_without_privileges()))
        try:
            answer = server.request("POST", "/check", {"text": EN_B, "fail_on": "reuse"})
        finally:
            stop(server)
    finally:
        share.chmod(0o755)
    assert answer.status == 200, answer.body
    assert answer.json()["gate"]["passed"] is False  # EN_B reuses the archived council story
    assert sorted(p.name for p in share.iterdir()) == ["archive.db", "archive.log", "archive.out"]


def _is_error(answer: Answer, status: int) -> dict[str, Any]:
    assert answer.status == status, answer.body
    assert answer.headers["content-type"] == "application/json"
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert isinstance(body["error"], str)
    assert body["error"]
    assert b"Traceback" not in answer.body
    return body


# -- the API contract ---------------------------------------------------------------------------------


def test_the_request_log_is_on_stderr_and_stdout_stays_empty(writable: Server) -> None:
    # Without --quiet every request is logged, as the help says: on stderr, never mixed into stdout.
    assert writable.request("GET", "/health?logged").status == 200
    log = writable.index.with_suffix(".log")
    deadline = time.monotonic() + 10
    while b"/health?logged" not in log.read_bytes() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert b'"GET /health?logged HTTP/1.1" 200' in log.read_bytes()
    assert writable.index.with_suffix(".out").read_bytes() == b""


def test_health_names_the_index(readonly: Server) -> None:
    answer = readonly.request("GET", "/health")
    body = answer.json()
    assert body["status"] == "ok"
    assert body["writes"] is False
    assert body["index"]["documents"] == len(ARCHIVE) + len(list(FIXTURES.glob("*.txt")))
    assert body["index"]["settings"] == settings()
    assert body["index"]["path"] == "archive.db"  # the server's own paths are not handed out


def test_check_answers_what_reuse_check_finds(readonly: Server) -> None:
    answer = readonly.request("POST", "/check", {"text": AR_B, "id": "draft-ar"})
    assert answer.status == 200
    report = answer.json()
    assert report["schema"] == "reuse.report/2"
    with ArchiveStore.connect(readonly.index) as store:
        expected = to_report(check([Document("draft-ar", AR_B)], store))
    assert report["findings"] == expected["findings"]
    plain = [{k: v for k, v in d.items() if k not in ("path", "source")} for d in report["documents"]]
    assert plain == [{k: v for k, v in d.items() if k != "path"} for d in expected["documents"]]
    assert report["documents"][0]["source"]["format"] == "text"
    assert [(f["kind"], f["a"]["doc"], f["b"]["doc"]) for f in report["findings"]] == [
        ("reuse", "draft-ar", "archive/ar-health.txt")
    ]
    assert report["gate"] == {"fail_on": "reuse", "strict": False, "passed": False}  # the server's gate
    assert report["warnings"] == []


@pytest.mark.parametrize(
    ("fail_on", "passed"), [("reuse", False), ("any", False), ("repeat", True), ("none", True)]
)
def test_fail_on_makes_a_gate(readonly: Server, fail_on: str, passed: bool) -> None:
    answer = readonly.request("POST", "/check", {"text": EN_B, "fail_on": fail_on})
    assert answer.json()["gate"] == {"fail_on": fail_on, "strict": False, "passed": passed}
    assert answer.headers["reuse-gate"] == ("pass" if passed else "fail")


def test_a_request_without_fail_on_gets_the_servers_gate(readonly: Server, tmp_path: Path) -> None:
    """The gate was ``none`` unless the CMS sent "fail_on": a copied draft answered Reuse-Gate: pass."""
    copied = readonly.request("POST", "/check", {"text": EN_B})
    assert (copied.headers["reuse-gate"], copied.json()["gate"]["fail_on"]) == ("fail", "reuse")
    assert readonly.request("POST", "/report", {"text": EN_B}).headers["reuse-gate"] == "fail"
    lenient = start(build_index(tmp_path / "archive.db"), "--quiet", "--fail-on", "none")
    try:
        answer = lenient.request("POST", "/check", {"text": EN_B})
        assert answer.json()["gate"] == {"fail_on": "none", "strict": False, "passed": True}
        assert (
            lenient.request("POST", "/check", {"text": EN_B, "fail_on": "reuse"}).headers["reuse-gate"]
            == "fail"
        )
    finally:
        stop(lenient)


def test_a_fresh_draft_passes(readonly: Server) -> None:
    text = "A completely new story about a river festival and the boats that came to it this spring."
    report = readonly.request("POST", "/check", {"text": text, "fail_on": "reuse"}).json()
    assert report["findings"] == []
    assert report["gate"]["passed"] is True


def test_files_are_read_from_the_upload_never_from_a_path(readonly: Server) -> None:
    # The name is only looked at for its suffix; the server reads the bytes it was sent.
    data = base64.b64encode(AR_B.encode("utf-8")).decode()
    report = readonly.request("POST", "/check", {"file": {"name": "/etc/hostname.txt", "data": data}}).json()
    assert report["documents"][0]["chars"] == len(AR_B)
    assert report["findings"][0]["b"]["doc"] == "archive/ar-health.txt"
    page = f"<html><body><article><p>{EN_B.replace('<', '&lt;')}</p></article></body></html>"
    require(importlib.util.find_spec("trafilatura") is not None, "the formats extra is not installed")
    html = {"name": "story.html", "data": base64.b64encode(page.encode()).decode()}
    report = readonly.request("POST", "/check", {"file": html, "fail_on": "reuse"}).json()
    assert report["documents"][0]["source"]["format"] == "html"
    assert report["gate"]["passed"] is False
    from newsroom import web_archive  # the page as a browser saves it as a single file

    saved = {"name": "story.mhtml", "data": base64.b64encode(web_archive(page, "https://x.ly/s")).decode()}
    archived = readonly.request("POST", "/check", {"file": saved, "fail_on": "reuse"}).json()
    assert archived["documents"][0]["source"]["format"] == "mhtml"
    assert archived["documents"][0]["sha256"] == report["documents"][0]["sha256"]  # the same text
    assert archived["findings"] == report["findings"]


def test_a_word_draft(readonly: Server, tmp_path: Path) -> None:
    require(importlib.util.find_spec("docx") is not None, "the formats extra is not installed")
    import docx

    made = docx.Document()
    for paragraph in AR_B.split(". "):
        made.add_paragraph(paragraph)
    made.save(str(tmp_path / "draft.docx"))
    data = base64.b64encode((tmp_path / "draft.docx").read_bytes()).decode()
    report = readonly.request("POST", "/check", {"file": {"name": "draft.docx", "data": data}}).json()
    assert report["documents"][0]["source"]["format"] == "docx"
    assert [f["kind"] for f in report["findings"]] == ["reuse"]


def test_a_pdf_statement(readonly: Server) -> None:
    require(importlib.util.find_spec("pypdf") is not None, "the formats extra is not installed")
    import textwrap

    from newsroom import pdf_document

    data = base64.b64encode(pdf_document([textwrap.wrap(EN_B.split(" <script>")[0], 80)])).decode()
    report = readonly.request("POST", "/check", {"file": {"name": "statement.pdf", "data": data}}).json()
    assert report["documents"][0]["source"]["format"] == "pdf"
    assert [(f["kind"], f["b"]["doc"]) for f in report["findings"]] == [("reuse", "archive/en-council.txt")]


def test_agency_copy_in_newsml(readonly: Server) -> None:
    """The desk checks what came in on the wire before it runs: a NewsML-G2 item, as agencies send it."""
    story = EN_B.split(" <script>")[0]
    item = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1"><contentMeta><headline>Council'
        f'</headline></contentMeta><contentSet><inlineData contenttype="text/plain">{story}</inlineData>'
        "</contentSet></newsItem>"
    )
    data = base64.b64encode(item.encode()).decode()
    report = readonly.request("POST", "/check", {"file": {"name": "wire.xml", "data": data}}).json()
    assert [(d["id"], d["source"]["format"]) for d in report["documents"][:1]] == [("draft", "newsml")]
    assert [(f["kind"], f["b"]["doc"]) for f in report["findings"]] == [("reuse", "archive/en-council.txt")]


def test_a_release_saved_as_rtf(readonly: Server) -> None:
    story = EN_B.split(" <script>")[0]
    rtf = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard " + story.replace("\\", "\\\\") + "\\par}"
    data = base64.b64encode(rtf.encode("ascii")).decode()
    report = readonly.request("POST", "/check", {"file": {"name": "release.rtf", "data": data}}).json()
    assert report["documents"][0]["source"]["format"] == "rtf"
    assert [(f["kind"], f["b"]["doc"]) for f in report["findings"]] == [("reuse", "archive/en-council.txt")]


def _emailed_release(note: str, statement: str) -> str:
    """An email (base64) with ``statement`` attached as a PDF, and a ``.docx`` that is no zip."""
    require(importlib.util.find_spec("pypdf") is not None, "the formats extra is not installed")
    import email
    import email.policy
    import textwrap

    from newsroom import pdf_document, press_email

    release = pdf_document([textwrap.wrap(statement, 80)], title="Statement")
    message = email.message_from_bytes(
        press_email(note, subject="Statement", attachment=release), policy=email.policy.default
    )
    message.add_attachment(b"not a zip", "application", "octet-stream", filename="notes.docx")
    return base64.b64encode(message.as_bytes()).decode()


def test_an_emailed_release_is_checked_with_its_attachments(readonly: Server) -> None:
    """The release is the PDF the press office attached, as in ``reuse check mail.eml``; an
    attachment that cannot be read is in the report's errors, and the rest is still checked."""
    note = "Please find attached the council's statement, for publication on Thursday."
    data = _emailed_release(note, EN_B.split(" <script>")[0])
    upload = {"file": {"name": "release.eml", "data": data}, "id": "inbox/release", "fail_on": "reuse"}
    report = readonly.request("POST", "/check", upload).json()
    drafts = [d for d in report["documents"] if d["id"].startswith("inbox/")]
    assert [(d["id"], d["source"]["format"]) for d in drafts] == [
        ("inbox/release", "eml"),
        ("inbox/release#release.pdf", "eml"),
    ]
    assert [(f["kind"], f["a"]["doc"], f["b"]["doc"]) for f in report["findings"]] == [
        ("reuse", "inbox/release#release.pdf", "archive/en-council.txt")
    ]
    assert [e["path"] for e in report["errors"]] == ["inbox/release#notes.docx"]
    assert report["gate"]["passed"] is False
    page = readonly.request("POST", "/report", upload)
    assert page.status == 200
    assert "release.pdf" in page.body.decode()


def test_report_is_the_html_page_with_text_escaped(readonly: Server) -> None:
    answer = readonly.request("POST", "/report", {"text": EN_B, "id": "<b>draft</b>"})
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.body.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>draft</b>" not in page
    assert "&lt;b&gt;draft&lt;/b&gt;" in page
    assert "\u202e" not in page  # bidi overrides show as markers, as in `reuse report`
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["reuse-findings"] == "1 reuse, 0 repeat, 0 cluster"


def test_the_page_loads_nothing_from_elsewhere(readonly: Server) -> None:
    answer = readonly.request("GET", "/")
    assert answer.status == 200
    page = answer.body.decode()
    assert "src=" not in page
    assert "http" not in page.replace("http-equiv", "")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "connect-src 'self'" in policy
    # The file picker offers every kind of file the server reads (it used to leave .doc, .rtf, .xml out).
    (accept,) = re.findall(r'<input id="file" type="file" accept="([^"]*)">', page)
    assert {
        ".txt",
        ".html",
        ".mhtml",
        ".docx",
        ".doc",
        ".odt",
        ".rtf",
        ".pdf",
        ".eml",
        ".xml",
        ".nitf",
    } <= set(accept.split(","))


def test_the_page_offers_the_encodings_of_plain_text_files(readonly: Server) -> None:
    """An editor's cp1256 .txt was a 422 ("try encoding cp1256") the page gave no way to follow."""
    page = readonly.request("GET", "/").body.decode()
    (choices,) = re.findall(r'<select id="encoding"[^>]*>(.*?)</select>', page, re.DOTALL)
    values = re.findall(r'<option value="([^"]+)"', choices)
    assert values == ["utf-8", "cp1256", "utf-16", "iso-8859-6", "windows-1252"]
    assert '"encoding": encoding.value' in page or "encoding: encoding.value" in page


# -- errors: every one JSON with its status --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"{not json", 400, "malformed JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (b"{}", 400, '"text"'),
        (b'{"text": 3}', 400, "string"),
        (b'{"text": "x", "file": {"name": "a.txt", "data": ""}}', 400, "one of them"),
        (b'{"text": "  "}', 422, "empty"),
        (b'{"text": "words", "fail_on": "maybe"}', 400, "fail_on"),
        (b'{"file": {"name": "a.txt", "data": "%%%"}}', 400, "base64"),
        (b'{"file": {"name": "a.csv", "data": ""}}', 415, ".docx"),
        (b'{"file": {"name": "a.docx", "data": "bm90IGEgemlw"}}', 422, "docx"),
        (b'{"text": "words", "id": ""}', 400, "id"),
        (b"\xff\xfe", 400, "malformed JSON"),
        (b'{"text": "some words \\ud800 here"}', 400, '"text" holds an unpaired surrogate (U+D800'),
        (b'{"text": "some words", "id": "a\\udfff"}', 400, '"id" holds an unpaired surrogate'),
        (b"[" * 100_000 + b"]" * 100_000, 400, "malformed JSON: nested too deeply"),
        (b'{"text": "words", "failOn": "reuse"}', 400, 'unknown field "failOn" (the fields are text,'),
        (b'{"file": {"name": "a.txt", "data": "eA==", "type": "t"}}', 400, 'unknown field "file.type"'),
        (b'{"file": {"name": 5, "data": "eA=="}}', 400, '"file.name" must be a string'),
        (b'{"text": "words", "date": {"y": 1}}', 400, '"date" must be a string'),
        (b'{"text": "words", "date": "yesterday"}', 400, '"date" must be a date (ISO 8601, RFC 2822 or'),
        (b'{"text": "words", "date": "2024-13-45"}', 400, "not '2024-13-45'"),
        (b'{"text": "words", "encoding": "cp1256"}', 400, '"encoding" is for a "file": a "text" is a JSON'),
        (b'{"text": "words", "encoding": "nope"}', 400, "\"encoding\": unknown text encoding 'nope'"),
        (b'{"text": "words", "encoding": "rot13"}', 400, "\"encoding\": unknown text encoding 'rot13'"),
        (b'{"text": "words", "id": 7}', 400, '"id" must be a string'),
        (b'{"text": "words", "markup": "xml"}', 400, '"markup" must be one of auto, text, html'),
        (b'{"file": {"name": "a.txt", "data": "eA=="}, "markup": "html"}', 400, '"markup" is for a "text"'),
        (b'{"text": "<p> </p><p><br></p>"}', 422, "draft: no text once its HTML is read"),
        (b'{"text": "words", "strict": "yes"}', 400, '"strict" must be true or false'),
        # The readers' hints, in the API's words: the document's "encoding", not a command's flag.
        (
            json.dumps({"file": {"name": "a.txt", "data": base64.b64encode("نص".encode("cp1256")).decode()}}),
            422,
            'not valid utf-8 at byte 0 (try "encoding": "cp1256" or another)',
        ),
        (
            json.dumps(
                {"file": {"name": "a.txt", "data": base64.b64encode("text".encode("utf-16-le")).decode()}}
            ),
            422,
            'without a byte-order mark? try "encoding": "utf-16-le")',
        ),
    ],
)
def test_bad_bodies(readonly: Server, body: bytes | str, status: int, says: str) -> None:
    raw = body.encode() if isinstance(body, str) else body
    error = _is_error(readonly.request("POST", "/check", raw=raw), status)["error"]
    assert says in error
    assert "--" not in error  # the API's messages name its fields, never a command-line flag


def test_a_pasted_text_is_read_as_given_a_leading_bom_included(readonly: Server) -> None:
    """Offsets are code points into the "text" as sent: a leading U+FEFF is a character of it (a file's
    byte-order mark is dropped as files are read, but JSON text is no file)."""
    plain = readonly.request("POST", "/check", {"text": AR_B}).json()
    text = "\ufeff" + AR_B
    marked = readonly.request("POST", "/check", {"text": text}).json()
    assert marked["documents"][0]["chars"] == len(text)
    assert marked["documents"][0]["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    (finding,) = marked["findings"]
    assert (finding["a"]["start"], finding["a"]["end"]) == (
        plain["findings"][0]["a"]["start"] + 1,
        plain["findings"][0]["a"]["end"] + 1,
    )
    assert text[finding["a"]["start"] : finding["a"]["end"]] == finding["a"]["text"]
    bom = base64.b64encode(b"\xef\xbb\xbf" + AR_B.encode()).decode()  # a file's mark: dropped, as documented
    uploaded = readonly.request("POST", "/check", {"file": {"name": "draft.txt", "data": bom}}).json()
    assert uploaded["findings"] == plain["findings"]


def test_html_in_a_text_is_read_as_the_text_it_shows(readonly: Server) -> None:
    """A CMS sends its body as HTML: read as plain text, a copy wrapped in one <span> per word was no
    words of the archive's (0 findings, the gate passed). "markup" takes `--markup`'s values."""
    own = "Our reporter spent the afternoon at the depot where drivers wait for the first new routes to open"
    copied = own + ". " + EN_A.split(". ")[1]
    wrapped = "<p>" + " ".join(f'<span class="w">{word}</span>' for word in copied.split()) + "</p>"
    report = readonly.request("POST", "/check", {"text": wrapped, "fail_on": "reuse"}).json()
    assert report["gate"]["passed"] is False
    assert [(f["kind"], f["b"]["doc"]) for f in report["findings"]] == [("reuse", "archive/en-council.txt")]
    (draft,) = report["documents"][:1]
    assert draft["source"]["markup"] == "reuse-html-fragment/1"
    assert draft["chars"] == len(copied)  # offsets index the text the HTML shows
    finding = report["findings"][0]["a"]
    assert copied[finding["start"] : finding["end"]] == finding["text"]
    as_is = readonly.request("POST", "/check", {"text": wrapped, "markup": "text", "fail_on": "reuse"}).json()
    assert (as_is["findings"], as_is["gate"]["passed"]) == ([], True)  # what it did before: tags as words
    plain = readonly.request("POST", "/check", {"text": copied, "markup": "html"}).json()
    assert plain["findings"] == report["findings"]


def test_rtl_markup_is_no_repeat(readonly: Server) -> None:
    """An Arabic body as editors' tools write it: each paragraph in the same dir/style markup, which,
    read as words, was a repeat of the draft with itself."""
    opening = '<p dir="rtl" style="text-align: right; direction: rtl; margin: 0 0 12pt 0">'
    inner = '<span style="font-family: Arial, sans-serif; font-size: 14pt; color: #1f1f1f">'
    paragraphs = [
        "افتتحت البلدية حديقة عامة جديدة على ضفة النهر بعد عامين من العمل.",
        "وقال رئيس البلدية إن الحديقة تضم ملعبا للأطفال ومسارا للدراجات.",
        "ويتوقع أن يزورها آلاف السكان في عطلة نهاية الأسبوع المقبل.",
        "وأضاف أن المشروع ممول بالكامل من ميزانية المدينة لهذا العام.",
    ]
    body = "".join(f"{opening}{inner}{p}</span></p>" for p in paragraphs)
    report = readonly.request("POST", "/check", {"text": body, "fail_on": "any"}).json()
    assert (report["findings"], report["gate"]["passed"]) == ([], True)
    assert report["documents"][0]["chars"] == len("\n".join(paragraphs))
    as_is = readonly.request("POST", "/check", {"text": body, "markup": "text"}).json()
    assert [f["kind"] for f in as_is["findings"]] == ["repeat"]  # the markup, repeated


def test_an_archived_document_with_the_drafts_id_is_named_as_set_aside(readonly: Server) -> None:
    """A draft's id that is an archived document's leaves that document out (a draft checked again
    is not its own source); the answer says so, naming it, rather than passing in silence."""
    body = {"text": AR_B, "id": "archive/ar-health.txt", "fail_on": "reuse"}
    report = readonly.request("POST", "/check", body).json()
    assert report["findings"] == []
    assert report["gate"]["passed"] is True
    (warning,) = report["warnings"]
    assert warning["id"] == "archive/ar-health.txt"
    assert "left out" in warning["warning"]
    page = readonly.request("POST", "/report", body)
    assert json.loads(page.headers["reuse-set-aside"]) == ["archive/ar-health.txt"]
    assert "reuse-set-aside" not in readonly.request("POST", "/report", {"text": AR_B}).headers


def test_strict_fails_the_gate_when_an_input_could_not_be_read(readonly: Server) -> None:
    """`reuse check --strict`: an email whose attachment cannot be read does not pass the gate."""
    data = _emailed_release("A note with no statement in it at all.", "A fresh statement about a fair.")
    upload = {"file": {"name": "release.eml", "data": data}, "fail_on": "reuse"}
    lenient = readonly.request("POST", "/check", upload).json()
    assert [e["path"] for e in lenient["errors"]] == ["draft#notes.docx"]
    assert lenient["gate"] == {"fail_on": "reuse", "strict": False, "passed": True}
    strict = readonly.request("POST", "/check", upload | {"strict": True})
    assert strict.json()["gate"] == {"fail_on": "reuse", "strict": True, "passed": False}
    assert strict.headers["reuse-gate"] == "fail"
    assert readonly.request("POST", "/report", upload | {"strict": True}).headers["reuse-gate"] == "fail"
    fine = readonly.request("POST", "/check", {"text": "A fresh story about a fair.", "strict": True})
    assert fine.json()["gate"]["passed"] is True


def test_media_type_and_auth_scheme_are_case_insensitive(writable: Server) -> None:
    """RFC 9110: "Application/JSON" is application/json, and "bearer" is the Bearer scheme."""
    mixed = writable.request(
        "POST", "/check", {"text": "words here"}, content_type="Application/JSON; Charset=UTF-8"
    )
    assert mixed.status == 200, mixed.body
    for scheme in ("bearer", "BEARER"):
        sent = {"Authorization": f"{scheme} {TOKEN}"}
        assert writable.request("GET", "/health", token=None, headers=sent).status == 200


@pytest.mark.parametrize("scheme", ["Basic", "Token", "Bearer"])
def test_another_scheme_than_bearer_is_told_a_bearer_token_is_required(writable: Server, scheme: str) -> None:
    """``Basic <token>`` gives no bearer token: "wrong token" sent a client looking at its token."""
    sent = {"Authorization": f"{scheme} {TOKEN}" if scheme != "Bearer" else "Bearer"}
    said = _is_error(writable.request("GET", "/health", token=None, headers=sent), 401)["error"]
    assert said == "a bearer token is required"


def test_not_json_unknown_routes_and_methods(readonly: Server) -> None:
    _is_error(readonly.request("POST", "/check", raw=b"text=x", content_type="text/plain"), 415)
    _is_error(readonly.request("GET", "/nowhere"), 404)
    _is_error(readonly.request("GET", "/check"), 405)
    _is_error(readonly.request("GET", "/../../etc/passwd"), 404)


def test_oversize_bodies_are_413(writable: Server) -> None:
    big = {"text": "word " * MAX_BYTES}
    assert "limit of 65,536 bytes" in _is_error(writable.request("POST", "/check", big), 413)["error"]
    # No Content-Length: the body is counted as it streams.
    connection = http.client.HTTPConnection("127.0.0.1", writable.port, timeout=60)
    try:
        chunks = (b'{"text": "' + b"word " * 4096 for _ in range(8))
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        connection.request("POST", "/check", body=chunks, headers=headers, encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["status"] == 413
    finally:
        connection.close()
    assert writable.request("POST", "/check", {"text": "small enough"}).status == 200


@pytest.mark.parametrize("path", ["/", "/health", "/check", "/index", "/report"])
def test_a_token_is_needed_on_every_route(writable: Server, path: str) -> None:
    method = "GET" if path in ("/", "/health") else "POST"
    bodies: dict[str, Any] = {"/index": {"documents": []}, "/check": {"text": "words here"}}
    body = bodies.get(path, bodies["/check"]) if method == "POST" else None
    if path != "/health":  # a probe without credentials is answered (the next test)
        missing = _is_error(writable.request(method, path, body, token=None), 401)
        assert "required" in missing["error"]
    wrong = writable.request(method, path, body, token=TOKEN[:-1] + "x")
    assert "wrong token" in _is_error(wrong, 401)["error"]
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    assert writable.request(method, path, body).status == 200


def test_health_without_credentials_says_only_that_the_server_is_up(writable: Server) -> None:
    """A load balancer's probe holds no token: it got 401, so a gated server read as down."""
    probe = writable.request("GET", "/health", token=None)
    assert probe.status == 200
    assert probe.json() == {"status": "ok"}  # the index's name and counts stay behind the token
    assert writable.request("GET", "/health").json()["index"]["documents"] >= len(ARCHIVE)
    wrong = writable.request("GET", "/health", token=TOKEN[:-1] + "x")  # a client with a bad token is told
    assert _is_error(wrong, 401)["error"] == "wrong token"
    forged = {"Cookie": "reuse_session=0123"}
    assert writable.request("GET", "/health", token=None, headers=forged).status == 401
    for path, method in (("/check", "POST"), ("/", "GET"), ("/health?x", "POST")):
        assert writable.request(method, path, {"text": "words"}, token=None).status == 401


def test_a_browser_gives_the_token_once_and_holds_a_session_cookie(writable: Server) -> None:
    # A browser without it is sent from the page to the form (an API client still gets JSON 401).
    sent = writable.request("GET", "/", token=None, headers={"Accept": "text/html,*/*"})
    assert (sent.status, sent.headers["location"]) == (303, "/login")
    form = writable.request("GET", "/login", token=None)
    assert form.status == 200
    assert 'type="password" name="token"' in form.body.decode()
    assert "form-action 'self'" in form.headers["content-security-policy"]

    def login(token: str) -> Answer:
        form = urllib.parse.urlencode({"token": token}).encode()
        return writable.request(
            "POST", "/login", raw=form, token=None, content_type="application/x-www-form-urlencoded"
        )

    wrong = login(TOKEN[:-1] + "x")
    assert wrong.status == 401
    assert "set-cookie" not in wrong.headers
    assert "wrong token" in wrong.body.decode()
    right = login(TOKEN)
    assert (right.status, right.headers["location"]) == (303, "/")
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    session = cookie.split(";")[0]
    assert TOKEN not in session  # the browser never holds the token itself
    held = {"Cookie": f"other=1; {session}"}
    assert writable.request("GET", "/", token=None, headers=held).status == 200
    checked = writable.request("POST", "/check", {"text": AR_B}, token=None, headers=held)
    assert checked.status == 200
    assert checked.json()["findings"]
    forged = {"Cookie": session[:-1] + ("0" if session[-1] != "0" else "1")}
    _is_error(writable.request("POST", "/check", {"text": AR_B}, token=None, headers=forged), 401)


def test_without_a_token_there_is_no_login(readonly: Server) -> None:
    _is_error(readonly.request("GET", "/login"), 404)
    assert readonly.request("GET", "/", headers={"Accept": "text/html"}).status == 200


def test_writes_are_refused_unless_allowed(readonly: Server) -> None:
    answer = readonly.request("POST", "/index", {"documents": [{"id": "x", "text": "some text"}]})
    assert "--allow-writes" in _is_error(answer, 403)["error"]
    assert readonly.request("GET", "/health").json()["index"]["documents"] == len(ARCHIVE) + 7


def test_index_adds_replaces_and_removes(writable: Server) -> None:
    story = "The harbour authority opened a new ferry terminal on the east bank after three years of work."
    added = writable.request("POST", "/index", {"documents": [{"id": "new/ferry", "text": story}]}).json()
    assert added["added"] == ["new/ferry"]
    report = writable.request("POST", "/check", {"text": "Today: " + story, "fail_on": "reuse"}).json()
    assert report["gate"]["passed"] is False
    # "Today: " + the story is the story filed again: a near-duplicate group, and the passage inside it.
    group, passage = report["findings"]
    assert (group["kind"], group["docs"]) == ("near-duplicate", ["draft", "new/ferry"])
    assert passage["b"]["doc"] == "new/ferry"
    page = writable.request("POST", "/report", {"text": "Today: " + story})  # the page's status line says it
    assert page.headers["reuse-findings"] == "1 reuse, 0 repeat, 0 cluster, 1 near-duplicate"
    again = writable.request("POST", "/index", {"documents": [{"id": "new/ferry", "text": story}]}).json()
    assert again["skipped"] == ["new/ferry"]
    changed = {"documents": [{"id": "new/ferry", "text": "Something else entirely, about a library."}]}
    assert writable.request("POST", "/index", changed).json()["replaced"] == ["new/ferry"]
    assert writable.request("POST", "/check", {"text": "Today: " + story}).json()["findings"] == []
    gone = writable.request("POST", "/index", {"remove": ["new/ferry", "never/there"]}).json()
    assert gone["removed"] == ["new/ferry"]
    assert gone["not_found"] == ["never/there"]
    twice = {"documents": [{"id": "d", "text": "one text"}, {"id": "d", "text": "two"}]}
    _is_error(writable.request("POST", "/index", twice), 400)


def test_a_write_is_all_or_nothing(writable: Server) -> None:
    """A request that removes and adds is checked whole before anything is written, and written in
    one transaction: a 400 leaves the index as it was (the removal used to be committed first)."""
    story = "The museum of the old town reopened its west wing after a long restoration of the frescoes."
    assert (
        writable.request("POST", "/index", {"documents": [{"id": "keep/museum", "text": story}]}).status
        == 200
    )
    before = writable.request("GET", "/health").json()["index"]["documents"]
    twice = [{"id": "dup", "text": "one text here"}, {"id": "dup", "text": "another text here"}]
    refused = writable.request("POST", "/index", {"remove": ["keep/museum"], "documents": twice})
    error = _is_error(refused, 400)["error"]
    assert error == "documents[1]: id 'dup' is also documents[0]'s: ids must be distinct"
    assert writable.request("GET", "/health").json()["index"]["documents"] == before
    again = writable.request("POST", "/index", {"documents": [{"id": "keep/museum", "text": story}]}).json()
    assert again["skipped"] == ["keep/museum"]  # still there, unchanged
    gone = writable.request("POST", "/index", {"remove": ["keep/museum", "keep/museum"]}).json()
    assert gone["removed"] == ["keep/museum"]  # named twice, removed once


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"documents": [], "remov": ["x"]}, 'unknown field "remov" (the fields are documents, remove)'),
        ({"documents": [{"id": "x", "text": "t", "txt": "t"}]}, 'documents[0]: unknown field "txt"'),
        ({"documents": [{"id": "x", "text": "some text", "date": 2024}]}, 'documents[0]: "date" must be'),
        ({"documents": [{"id": "x", "text": "some text", "encoding": "nope"}]}, '"encoding": unknown'),
        ({"remove": ["x", 5]}, '"remove" must be a list of ids'),
        ({"documents": [{"id": "x", "text": "some text", "markup": "HTML"}]}, 'documents[0]: "markup" must'),
    ],
)
def test_bad_writes_say_which_field(writable: Server, body: dict[str, Any], says: str) -> None:
    before = writable.request("GET", "/health").json()["index"]["documents"]
    assert says in _is_error(writable.request("POST", "/index", body), 400)["error"]
    assert writable.request("GET", "/health").json()["index"]["documents"] == before


def test_an_html_body_is_indexed_as_the_text_it_shows(writable: Server) -> None:
    story = "The old lighthouse on the northern cape will open to visitors every weekend from May."
    body = "<p>" + " ".join(f"<span>{word}</span>" for word in story.split()) + "</p>"
    item = {"id": "cms/lighthouse", "text": body, "markup": "html"}
    assert writable.request("POST", "/index", {"documents": [item]}).json()["added"] == ["cms/lighthouse"]
    report = writable.request("POST", "/check", {"text": "Today: " + story, "markup": "text"}).json()
    assert "cms/lighthouse" in {f["b"]["doc"] for f in report["findings"] if f["kind"] == "reuse"}
    assert writable.request("POST", "/index", {"remove": ["cms/lighthouse"]}).json()["removed"]


def test_an_emailed_release_is_indexed_with_its_attachments(writable: Server) -> None:
    story = "The port of Misrata will open a second container quay in the spring, the authority said. "
    data = _emailed_release("Statement attached.", story * 3)
    item = {"id": "mail/quay", "file": {"name": "quay.eml", "data": data}}
    done = writable.request("POST", "/index", {"documents": [item]}).json()
    assert done["added"] == ["mail/quay", "mail/quay#release.pdf"]
    assert [e["path"] for e in done["errors"]] == ["mail/quay#notes.docx"]
    assert writable.request("POST", "/index", {"remove": done["added"]}).json()["removed"] == done["added"]


def test_checks_run_in_parallel_with_writes_and_each_sees_whole_batches(writable: Server) -> None:
    base = writable.request("GET", "/health").json()["index"]["documents"]
    batch = 5
    seen: list[int] = []
    failures: list[str] = []
    stop_writing = threading.Event()

    def writer() -> None:
        k = 0
        while not stop_writing.is_set() and k < 40:
            docs = [{"id": f"load/{k}-{j}", "text": f"{EN_A} Batch {k} item {j}."} for j in range(batch)]
            answer = writable.request("POST", "/index", {"documents": docs})
            if answer.status != 200:
                failures.append(f"write {answer.status}")
            k += 1

    draft = "قالت الصحيفة: " + AR_A  # a verbatim copy: found by the LSH lookup too, past 16 documents

    def reader() -> None:
        for _ in range(6):
            answer = writable.request("POST", "/check", {"text": draft})
            if answer.status != 200:
                failures.append(f"check {answer.status}")
                continue
            report = answer.json()
            seen.append(report["parameters"]["index"]["documents"])
            passages = [f for f in report["findings"] if f["kind"] == "reuse"]
            if [f["b"]["doc"] for f in passages] != ["archive/ar-health.txt"]:
                failures.append(f"findings {report['findings']}")

    writing = threading.Thread(target=writer)
    writing.start()
    readers = [threading.Thread(target=reader) for _ in range(6)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    stop_writing.set()
    writing.join()
    assert failures == []
    assert all((n - base) % batch == 0 for n in seen), seen  # never half a batch
    health = writable.request("GET", "/health").json()
    assert (health["index"]["documents"] - base) % batch == 0
    assert health["connections"] <= 4 + 1  # one per worker thread (--threads 4) and the writer


def _index_handles(pid: int, index: Path) -> int:
    """How many of the process's open files are the index (its main file, not -wal or -shm)."""
    handles = Path(f"/proc/{pid}/fd")
    require(handles.is_dir(), "no /proc here to count open files")
    opened = []
    for fd in handles.iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            opened.append(os.readlink(fd))
    return sum(target == str(index.resolve()) for target in opened)


def test_connections_stay_bounded_as_worker_threads_come_and_go(tmp_path: Path) -> None:
    """anyio's worker threads end after 10 s idle (0.3 s here) and new ones take the next requests.
    Connections are pooled, not kept per thread: they used to pile up (5, 8, 11, ... open files) until
    the server ran out of file handles. An index that cannot be opened is a 503 naming the problem."""
    index = build_index(tmp_path / "archive.db")
    server = start(index, "--threads", "2", "--quiet", "--allow-writes", idle_s=0.3)
    try:
        for _ in range(5):
            checks = [
                threading.Thread(target=lambda: server.request("POST", "/check", {"text": EN_B}))
                for _ in range(3)
            ]
            for thread in checks:
                thread.start()
            for thread in checks:
                thread.join()
            time.sleep(1.0)  # the worker threads end
        assert server.request("GET", "/health").json()["connections"] <= 2
        assert _index_handles(server.process.pid, index) <= 2
        # The writer's connection opens on the first write: the file (the same one) is no index any more.
        with open(index, "r+b") as damaged:
            damaged.write(b"not a database at all, " * 100)
        error = _is_error(server.request("POST", "/index", {"remove": ["x"]}), 503)["error"]
        assert error == "index archive.db: not a reuse index (file is not a database)"
    finally:
        stop(server)


def test_an_index_replaced_under_the_server_is_503_until_it_restarts(tmp_path: Path) -> None:
    """A nightly rebuild moved over the index: the server's connections still read the old file (and
    SQLite could apply the old file's write-ahead log to the new one). It says so, naming the file,
    on every route, /health included, until it is restarted."""
    index = build_index(tmp_path / "archive.db")
    server = start(index, "--quiet", "--allow-writes")
    replaced = "index archive.db: the index file was replaced or removed since the server opened it"
    try:
        assert server.request("POST", "/check", {"text": EN_B}).status == 200
        with ArchiveStore.connect(tmp_path / "rebuilt.db", settings(), create=True) as store:
            index_add(store, [Document("rebuilt/only", EN_A)])
        os.replace(tmp_path / "rebuilt.db", index)
        for method, path, body in [
            ("POST", "/check", {"text": EN_B}),
            ("POST", "/report", {"text": EN_B}),
            ("POST", "/index", {"remove": ["x"]}),
            ("GET", "/health", None),
        ]:
            error = _is_error(server.request(method, path, body), 503)["error"]
            assert error.startswith(replaced), (path, error)
            assert error.endswith("restart the server"), error
        index.unlink()
        assert _is_error(server.request("GET", "/health"), 503)["error"].startswith(replaced)
    finally:
        stop(server)


# -- start-up: a missing or mismatched index is exit 3 ----------------------------------------------------


def _serve_fails(*args: str) -> str:
    _needs_stack()
    done = subprocess.run(
        [sys.executable, "-m", "reuse_cli", "serve", "--port", str(_free_port()), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    return done.stderr


def test_a_missing_index_is_exit_3(tmp_path: Path) -> None:
    assert "no such index" in _serve_fails("--index", str(tmp_path / "none.db"))


def test_an_index_built_with_other_settings_is_exit_3(tmp_path: Path) -> None:
    index = build_index(tmp_path / "archive.db")
    assert "built with other settings" in _serve_fails("--index", str(index), "--ngram", "2")


def test_a_file_that_is_no_index_is_exit_3(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    assert "not a reuse index" in _serve_fails("--index", str(tmp_path / "notes.db"))


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        ("DELETE FROM meta WHERE name = 'settings'", "its settings are missing from its meta table"),
        ("UPDATE meta SET value = '{bad' WHERE name = 'settings'", "its settings are not JSON"),
        ("DROP TABLE docs", "damaged: no docs table"),
    ],
    ids=["no-settings", "settings-not-json", "no-docs-table"],
)
def test_a_damaged_index_is_exit_3_in_one_line(tmp_path: Path, damage: str, says: str) -> None:
    index = build_index(tmp_path / "archive.db")
    with sqlite3.connect(index) as db:
        db.execute(damage)
    said = _serve_fails("--index", str(index))
    assert said.count("\n") == 1
    assert said.startswith(f"reuse: {index}: damaged: ")
    assert says in said


def test_an_unreadable_token_file_is_exit_3(tmp_path: Path) -> None:
    index = build_index(tmp_path / "archive.db")
    assert "token" in _serve_fails("--index", str(index), "--token-file", str(tmp_path / "none.txt"))


# -- the page in a browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package is not installed")
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (run .ci/install-browser.sh as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.mark.browser
def test_an_editor_pastes_an_arabic_draft(readonly: Server, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(readonly.url, wait_until="load")
        page.fill("#draft", AR_B)
        assert page.eval_on_selector("#draft", "el => getComputedStyle(el).direction") == "rtl"
        page.click("#run")
        page.wait_for_selector("#status.fail", timeout=30_000)
        assert "1 reuse" in page.inner_text("#status")
        report = page.frame_locator("#report")
        passage = report.locator(".passage mark.hl").first
        passage.wait_for()
        assert passage.evaluate("el => getComputedStyle(el.closest('.passage')).direction") == "rtl"
        # side by side: the draft's passage and the archive's
        sides = report.locator(".sides").first.locator(".passage")
        assert sides.count() == 2
        assert "archive/ar-health.txt" in report.locator(".sides").first.inner_text()
        if os.environ.get("REUSE_SCREENSHOT"):  # the README's picture: REUSE_SCREENSHOT=1 pytest -k pastes
            page.screenshot(path=str(ROOT / "docs" / "serve-page.png"))
        # follow a link to the archive document's text
        link = report.locator("table.docs a", has_text="archive/ar-health.txt")
        target = link.get_attribute("href")
        assert target is not None
        assert target.startswith("#doc-")
        frame = next(f for f in page.frames if f != page.main_frame)
        # The report is sandboxed to an origin of its own: its scripts cannot reach the page (with
        # allow-same-origin beside allow-scripts, as before, a script in it could lift the sandbox).
        assert frame.evaluate("window.origin") == "null"
        reach = "() => { try { return parent.document.title; } catch (e) { return e.name; } }"
        assert frame.evaluate(reach) == "SecurityError"
        assert frame.evaluate("scrollY") == 0
        link.click()
        deadline = time.monotonic() + 10  # (wait_for_function evaluates a string: the CSP forbids it)
        while frame.evaluate("scrollY") == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert frame.evaluate("scrollY") > 0  # the frame scrolled to the archive document
        shown = report.locator(target)
        assert shown.evaluate("el => getComputedStyle(el.querySelector('.doctext')).direction") == "rtl"
        in_view = "el => { const r = el.getBoundingClientRect(); return r.top < innerHeight; }"
        assert shown.evaluate(in_view)
        assert "وزير الصحة" in shown.inner_text()
        # nothing but the server was asked for anything
        assert all(url.startswith((readonly.url, "about:", "blob:")) for url in requests), requests
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_an_editor_sees_a_clear_error(writable: Server, browser: Any) -> None:
    context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {TOKEN}"})
    page = context.new_page()
    try:
        page.goto(writable.url, wait_until="load")
        page.fill("#draft", "<img src=x onerror=alert(1)> " + "كلمة " * (MAX_BYTES // 5))
        page.click("#run")
        page.wait_for_selector("#status.error")
        assert page.inner_text("#status").startswith("413: request body over the limit")
        assert page.locator("img").count() == 0
    finally:
        context.close()


def _drop(page: Any, name: str, data: bytes) -> None:
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])


@pytest.mark.browser
def test_an_editor_drops_a_cp1256_text_and_picks_its_encoding(readonly: Server, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(readonly.url, wait_until="load")
        _drop(page, "khabar.txt", AR_B.encode("cp1256"))
        page.click("#run")
        page.wait_for_selector("#status.error")
        assert 'try "encoding": "cp1256"' in page.inner_text("#status")
        page.select_option("#encoding", "cp1256")
        page.click("#run")
        page.wait_for_selector("#status.fail", timeout=30_000)
        assert "1 reuse" in page.inner_text("#status")
    finally:
        context.close()


@pytest.mark.browser
def test_an_editor_is_told_which_archived_document_was_set_aside(writable: Server, browser: Any) -> None:
    """The page names a dropped file by its name: an archived document of that id is left out, said."""
    story = "The ferry between the two islands will run twice a day again from the first of June."
    added = writable.request("POST", "/index", {"documents": [{"id": "ferry.txt", "text": story}]})
    assert added.status == 200
    context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {TOKEN}"})
    page = context.new_page()
    try:
        page.goto(writable.url, wait_until="load")
        _drop(page, "ferry.txt", story.encode())
        page.click("#run")
        page.wait_for_selector("#status.pass", timeout=30_000)
        assert 'archived "ferry.txt" left out: the draft has its id' in page.inner_text("#status")
    finally:
        context.close()
        writable.request("POST", "/index", {"remove": ["ferry.txt"]})


@pytest.mark.browser
def test_an_editor_signs_in_with_the_token_then_checks(writable: Server, browser: Any) -> None:
    context = browser.new_context()  # no header: what an editor's browser sends
    page = context.new_page()
    try:
        page.goto(writable.url, wait_until="load")
        assert page.url.endswith("/login")
        page.fill("#token", "not the token at all")
        page.click("#sign-in")
        assert "wrong token" in page.inner_text("body")
        page.fill("#token", TOKEN)
        page.click("#sign-in")
        page.wait_for_selector("#draft")
        assert page.url == writable.url
        # (other tests write to this index: a fixture it keeps, not the Arabic article they remove)
        page.fill("#draft", "A draft opens with its own words. " + read_text(FIXTURES / "en_wire.txt"))
        page.click("#run")
        page.wait_for_selector("#status.fail, #status.error, #status.pass", timeout=30_000)
        assert page.get_attribute("#status", "class") == "fail", page.inner_text("#status")
    finally:
        context.close()
