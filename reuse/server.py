"""``reuse serve``: the archive check as an HTTP service (Starlette, ASGI) and a page for editors.

A thin driver (STYLE §11): every request calls the functions ``reuse check`` and ``reuse index add``
call (:func:`reuse.archive.check`, :func:`reuse.archive.index_add`, :func:`reuse.archive.index_remove`)
and answers with what ``reuse check`` writes (:func:`reuse.report.to_report`,
:func:`reuse.html_report.render_html`). It never reads a path that comes from a request: uploads are
bytes, read by :func:`reuse.io.read_bytes` as ``reuse check`` reads the same file (an email, its body
and attachments; a wire file, its stories).

Routes:

- ``GET /``: the page (paste a draft or drop a file; the report shows in a sandboxed frame).
- ``GET /login``, ``POST /login``: with a token, where a browser gives it once for a session cookie.
- ``GET /health``: the index's info (``reuse index info --json``) and the server's settings; without
  any credentials (a load balancer's probe), only ``{"status": "ok"}``.
- ``POST /check``: ``{"text" | "file", "id"?, "encoding"?, "markup"?, "date"?, "fail_on"?, "strict"?}`` →
  the ``reuse.report/2`` JSON, plus a ``gate`` object (``{"fail_on", "strict", "passed"}``), the archived
  documents left out because a draft has their id (``warnings``) and a ``Reuse-Gate: pass|fail`` header.
- ``POST /report``: the same body → the HTML report (what ``reuse check --format html`` writes).
- ``POST /index``: ``{"documents": [{"id", "text" | "file", "encoding"?, "markup"?, "date"?}], "remove"?:
  [ids]}`` →
  what was added, replaced, skipped and removed, and the attachments that could not be read; all or
  nothing (checked whole, then one transaction); ``403`` unless the server was started with writes allowed.

Every error is ``{"status": N, "error": "..."}`` with that HTTP status, never a traceback; a field the
route does not have is ``400``, and an index that cannot be read or written now ``503`` (as is one
replaced or removed since the server opened it: :meth:`Archive.same_file`).

**Concurrency.** Checks and writes run in worker threads (:func:`anyio.to_thread.run_sync`, bounded by
a :class:`anyio.CapacityLimiter`), never on the event loop. Reads take a connection from a pool
(:class:`Archive`) that holds at most as many as requests ever ran at once, the limiter's size: anyio's
worker threads end after 10 s idle and others start, so a connection per thread would leak one file
handle per thread. A check reads inside one WAL snapshot, so it sees every committed batch of a
concurrent write wholly or not at all. Writes go through one connection behind one lock: SQLite has
one writer at a time anyway, and queuing them here keeps a write from waiting on ``busy_timeout``
while readers never wait; one request's removals and additions are one transaction.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import AsyncIterator, Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from reuse.archive import check, index_add, index_remove
from reuse.cpus import usable_cpus
from reuse.dates import blank, date_instant
from reuse.io import (
    FORMATS,
    UPLOAD_FORMATS,
    WIRE_FORMATS,
    ReadOptions,
    read_bytes,
    suffix_of,
    unpaired_surrogate,
)
from reuse.markup import FRAGMENT_READER, MARKUP_CHOICES, fragment_text, looks_like_html
from reuse.models import Document, InputError, Source
from reuse.report import FAIL_ON, fails, to_report
from reuse.server_guard import ANONYMOUS, SAFE_HEADERS, ASGIApp, Limits, error_body
from reuse.store import ArchiveStore, IndexFileError

_log = logging.getLogger("reuse.serve")
MAX_BYTES = 5 << 20
"""Default request size limit: 5 MiB, room for a long Word draft sent as base64."""
PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'self'; frame-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""The page's policy: nothing from any other origin. The report frame (a ``blob:`` URL) inherits it; its
inline scripts and styles are the offline report's own, and every document string in it is escaped."""


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        error_body(status, message),
        status_code=status,
        media_type="application/json",
        headers={**SAFE_HEADERS, **(headers or {})},
    )


REPLACED = "the index file was replaced or removed since the server opened it: restart the server"
"""What every route answers (503) once the file at the index's path is not the one the server opened."""


def _identity(path: Path) -> tuple[int, int] | None:
    """The file at ``path`` (device and inode), or None where there is none."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


@dataclass
class Archive:
    """The index as the server holds it: a pool of read connections, one writer behind a lock.

    Args:
        path: The index file (checked at start-up by ``reuse serve``).
        settings: The index's settings; every connection is opened against them, so an index
            replaced by one with other settings is refused, never read with the wrong keys.
    """

    path: Path
    settings: dict[str, Any]
    _idle: list[ArchiveStore] = field(default_factory=list)
    _opened: list[ArchiveStore] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _writer: ArchiveStore | None = None
    _opened_file: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        self._opened_file = _identity(self.path)  # the file ``reuse serve`` checked at start-up

    def same_file(self) -> None:
        """Refuse to go on once the index's path holds another file (a nightly rebuild moved over it).

        The pooled connections still read the old file, a new one would read the new file, and
        SQLite may apply the old file's write-ahead log (``-wal``, found by name) to the new one:
        only a restart serves the new file safely. A ``stat`` a request: microseconds.

        Raises:
            IndexFileError: The file was replaced or removed (:data:`REPLACED`).
        """
        now = _identity(self.path)
        if now is None or now != self._opened_file:
            raise IndexFileError(str(self.path), REPLACED)

    @contextlib.contextmanager
    def reading(self) -> Iterator[ArchiveStore]:
        """A read connection for one request: an idle one, or a new one when every one is in use.

        Not one per thread: worker threads come and go, and connections would pile up with them. The
        pool grows to the most requests that ran at once (the limiter's size) and no further. A
        connection left inside a transaction (a commit that failed) is closed, not put back.
        """
        self.same_file()
        with self._lock:
            store = self._idle.pop() if self._idle else None
        if store is None:  # read-only: an index on a read-only share or a backup is served too
            store = ArchiveStore.connect(self.path, self.settings, readonly=True)
            with self._lock:
                self._opened.append(store)
        try:
            yield store
        finally:
            with self._lock:
                if store.in_transaction:
                    self._opened.remove(store)
                    store.close()
                else:
                    self._idle.append(store)

    def writer(self) -> ArchiveStore:
        """The one writing connection; hold :attr:`write_lock` while using it."""
        self.same_file()
        if self._writer is None:
            self._writer = ArchiveStore.connect(self.path, self.settings)
        return self._writer

    def connections(self) -> int:
        """How many connections are open (the read pool, plus the writer)."""
        return len(self._opened) + (self._writer is not None)

    def close(self) -> None:
        """Close every connection (at shutdown)."""
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
            self._idle.clear()
        if self._writer is not None:
            self._writer.close()
            self._writer = None


CHECK_FIELDS = ("text", "file", "id", "encoding", "markup", "date", "fail_on", "strict")
"""The fields of a ``/check`` or ``/report`` body."""
INDEX_FIELDS = ("documents", "remove")
"""The fields of a ``/index`` body."""
DOCUMENT_FIELDS = ("id", "text", "file", "encoding", "markup", "date")
"""The fields of each of a ``/index`` body's documents."""
FILE_FIELDS = ("name", "data")
"""The fields of an uploaded ``file``."""
UPLOAD_SUFFIXES = tuple(
    sorted(s for s, fmt in FORMATS.items() if fmt in UPLOAD_FORMATS or fmt in WIRE_FORMATS)
)
"""The suffixes of the files an upload may be (any other suffix that no format claims is read as text)."""


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


def _at(where: str) -> str:
    return f"{where}: " if where else ""


async def _json_body(request: Request) -> dict[str, Any]:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()  # RFC 9110: any case
    if media_type != "application/json":
        raise HTTPException(415, "send JSON (Content-Type: application/json)")
    raw = await request.body()
    try:
        body = json.loads(raw)
    except RecursionError:  # the parser recurses once per level of nesting
        raise _bad("malformed JSON: nested too deeply") from None
    except ValueError as err:  # JSONDecodeError, UnicodeDecodeError, an integer of over 4,300 digits
        raise _bad(f"malformed JSON: {err}") from None
    if not isinstance(body, dict):
        raise _bad("the body must be a JSON object")
    return body


def _known(given: Mapping[str, Any], fields: Sequence[str], where: str, within: str = "") -> None:
    """Refuse a field the API does not have: a misspelt ``"failOn"`` must not pass a gate by default."""
    unknown = [name for name in given if name not in fields]
    if unknown:
        named = ", ".join(json.dumps(within + name, ensure_ascii=False) for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        known = ", ".join(within + name for name in fields)
        raise _bad(f"{_at(where)}unknown field{plural} {named} (the fields are {known})")


def _string(item: Mapping[str, Any], name: str, where: str) -> str | None:
    """``item[name]`` when given: a string that is Unicode text (JSON's ``"\\ud800"`` escapes are not)."""
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(f'{_at(where)}"{name}" must be a string')
    if problem := unpaired_surrogate(value):
        raise _bad(f'{_at(where)}"{name}" holds {problem}')
    return value


def _encoding(item: Mapping[str, Any], where: str) -> str:
    """The ``encoding`` a file is read with: one Python knows as a text encoding, or ``400``."""
    encoding = _string(item, "encoding", where) or "utf-8"
    try:
        b"\0\0\0\0".decode(encoding)  # (an empty string is decoded without asking the codec)
    except LookupError:
        raise _bad(f'{_at(where)}"encoding": unknown text encoding {encoding!r}') from None
    except UnicodeDecodeError:  # a text encoding, whose text these bytes are not
        pass
    if "encoding" in item and "text" in item:  # sent, and ignored, it read as though it were applied
        raise _bad(f'{_at(where)}"encoding" is for a "file": a "text" is a JSON string, already decoded')
    return encoding


def _markup(item: Mapping[str, Any], where: str) -> str:
    """How a ``text`` is read, as ``--markup`` says: a CMS sends its body as HTML, whose tags are no words.

    ``auto`` (the default) reads a text holding tags of an article body (``<p>``, ``<span>``, ``<br>``)
    as HTML; ``html`` always, ``text`` never. A ``file`` is read as its suffix says, so not for one.
    """
    markup = item.get("markup", "auto")
    if not isinstance(markup, str) or markup not in MARKUP_CHOICES:
        raise _bad(f'{_at(where)}"markup" must be one of {", ".join(MARKUP_CHOICES)}')
    if "markup" in item and "file" in item:
        raise _bad(f'{_at(where)}"markup" is for a "text": a "file" is read as its suffix says')
    return markup


def _api_words(message: str) -> str:
    """A reader's message in the API's words: its hint names the document's ``"encoding"``, not a flag.

    >>> _api_words("not valid utf-8 at byte 3 (try --encoding cp1256 or another)")
    'not valid utf-8 at byte 3 (try "encoding": "cp1256" or another)'
    """
    return re.sub(r"try --encoding ([\w.-]+)", r'try "encoding": "\1"', message)


def _pasted(doc_id: str, text: str, markup: str = "auto") -> Document:
    """A text sent as JSON, as it was sent, or (HTML, as ``markup`` says) the text it shows.

    Offsets are code points into that text. Not decoded as a file's bytes are: a leading U+FEFF is a
    character of the text given, not a byte-order mark (dropping it would move every offset by one).
    HTML is read as a record's text is (:func:`reuse.markup.fragment_text`): tags and attributes
    read as words hid a copy wrapped in a ``<span>`` per word and made repeats of RTL paragraph markup.
    """
    if not text.strip():
        raise HTTPException(422, f"{doc_id}: empty or whitespace-only text: nothing to compare")
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = Source("text", encoding="utf-8", sha256=sha256)
    if markup == "text" or (markup == "auto" and not looks_like_html([text])):
        return Document(doc_id, text, doc_id, source)
    try:
        shown = fragment_text(text)
    except ImportError as exc:  # lxml comes with the formats extra
        missing = exc.name or "lxml"
        raise HTTPException(
            422,
            f"{doc_id}: reading HTML needs the formats extra on the server ({missing} is missing), "
            'or send "markup": "text"',
        ) from None
    if not shown:
        raise HTTPException(422, f"{doc_id}: no text once its HTML is read (markup only)")
    return Document(doc_id, shown, doc_id, replace(source, markup=FRAGMENT_READER))


def _uploaded(upload: Any, doc_id: str, encoding: str, where: str) -> list[Document | InputError]:
    """The documents of ``{"name", "data" (base64)}``: only the name's suffix is used, never a path."""
    if not isinstance(upload, dict) or not isinstance(upload.get("data"), str):
        raise _bad(f'{_at(where)}"file" must be {{"name": "draft.docx", "data": "<base64>"}}')
    _known(upload, FILE_FIELDS, where, "file.")
    name = upload.get("name", "")
    if not isinstance(name, str):
        raise _bad(f'{_at(where)}"file.name" must be a string (the file\'s name, for its suffix)')
    fmt = FORMATS.get(suffix_of(name), "text")
    if fmt not in UPLOAD_FORMATS and fmt not in WIRE_FORMATS:
        kinds = ".txt, .html, .mhtml, .docx, .doc, .odt, .rtf, .pdf, .eml or .xml (NewsML-G2, NITF, a feed)"
        raise HTTPException(415, f"{_at(where)}send {kinds} files (not {fmt})")
    try:
        data = base64.b64decode(upload["data"], validate=True)
    except (binascii.Error, ValueError):
        raise _bad(f'{_at(where)}"file.data" is not base64') from None
    read = read_bytes(data, doc_id, fmt, ReadOptions(encoding=encoding))
    return [InputError(r.path, _api_words(r.error)) if isinstance(r, InputError) else r for r in read]


def _documents(
    item: Mapping[str, Any], default_id: str | None, where: str
) -> tuple[list[Document], list[InputError]]:
    """The documents of ``{"text": ...}`` or ``{"file": {"name", "data" (base64)}}``; never a path.

    One document, but for an email: its body and each attachment that is a document, as
    ``reuse check mail.eml`` reads them (:func:`reuse.io.read_email`), with the attachments that
    could not be read as errors; a wire file, its stories. Nothing readable answers ``422``.
    """
    doc_id = _string(item, "id", where) if "id" in item else default_id
    if not doc_id:
        raise _bad(f'{_at(where)}"id" must be a non-empty string')
    if ("text" in item) == ("file" in item):
        raise _bad(f'{_at(where)}give "text" (a string) or "file" ({{"name", "data": base64}}), one of them')
    encoding = _encoding(item, where)
    markup = _markup(item, where)
    date = _string(item, "date", where)
    if date is not None and not blank(date) and date_instant(date) is None:
        # One value sent on purpose, unlike a column of an export (warned about, taken as undated).
        raise _bad(f'{_at(where)}"date" must be a date (ISO 8601, RFC 2822 or Unix seconds), not {date!r}')
    if "text" in item:
        text = _string(item, "text", where)
        if text is None:
            raise _bad(f'{_at(where)}"text" must be a string')
        read: list[Document | InputError] = [_pasted(doc_id, text, markup)]
    else:
        read = _uploaded(item["file"], doc_id, encoding, where)
    documents = [d for d in read if isinstance(d, Document)]
    errors = [e for e in read if isinstance(e, InputError)]
    if not documents:
        raise HTTPException(422, str(errors[0]))
    if date is not None:
        documents = [
            replace(d, source=replace(d.source, date=date)) if d.source is not None else d for d in documents
        ]
    return documents, errors


def _distinct(documents: Sequence[tuple[str, Document]]) -> None:
    """Refuse two documents of one request with one id, naming where each came from (``documents[2]``)."""
    first: dict[str, str] = {}
    for where, document in documents:
        if document.id in first:
            raise _bad(f"{where}: id {document.id!r} is also {first[document.id]}'s: ids must be distinct")
        first[document.id] = where


def _fail_on(body: Mapping[str, Any], default: str) -> str:
    """The request's ``fail_on``, else the server's (``reuse serve --fail-on``, ``reuse`` by default)."""
    fail_on = body.get("fail_on", default)
    if not isinstance(fail_on, str) or fail_on not in FAIL_ON:
        raise _bad(f'"fail_on" must be one of {", ".join(FAIL_ON)}')
    return fail_on


def _strict(body: Mapping[str, Any]) -> bool:
    """``reuse check --strict``: an input that could not be read (an email's attachment) fails the gate."""
    strict = body.get("strict", False)
    if not isinstance(strict, bool):
        raise _bad('"strict" must be true or false')
    return strict


SET_ASIDE = (
    "left out of the check: a draft has this archived document's id (a draft checked again is not "
    'its own source); send another "id" to check against it'
)
"""The warning for an archived document left out because a draft has its id (:func:`reuse.archive.check`)."""


def _set_aside(ids: Sequence[str]) -> list[dict[str, str]]:
    """The ``warnings`` of a check: each archived document a draft's id left out, by its id.

    >>> _set_aside(["2024/06/budget"])[0]["id"]
    '2024/06/budget'
    """
    return [{"id": doc_id, "warning": SET_ASIDE} for doc_id in ids]


@dataclass(frozen=True)
class _Checked:
    """One check's answer: the report, the texts it quotes, the gate's settings and whether it passed."""

    report: dict[str, Any]
    texts: dict[str, str]
    fail_on: str
    strict: bool
    set_aside: list[str]

    @property
    def passed(self) -> bool:
        """No finding of the ``fail_on`` kind and, when ``strict``, every input read."""
        return not fails(self.report, self.fail_on) and not (self.strict and self.report["errors"])


def create_app(
    archive: Archive,
    *,
    allow_writes: bool = False,
    token: str | None = None,
    max_bytes: int = MAX_BYTES,
    threads: int | None = None,
    hosts: Collection[str] | None = None,
    fail_on: str = "reuse",
) -> ASGIApp:
    """The ASGI application over an open :class:`Archive`.

    Args:
        archive: The index (closed when the application shuts down).
        allow_writes: Serve ``POST /index``; otherwise it answers ``403``.
        token: When set, every request needs ``Authorization: Bearer <token>``.
        max_bytes: Largest request body.
        threads: Checks and writes running at once (default: two per CPU).
        hosts: The ``Host`` names answered besides loopback ones (:class:`reuse.server_guard.Limits`);
            None: any (``reuse serve`` passes at least an empty one on a loopback address).
        fail_on: The gate of a request that names none. ``reuse``, not ``reuse check``'s ``none``: a
            service answering ``Reuse-Gate: pass`` for a copied draft, because the CMS left the field
            out, is a gate that does not close.
    """
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    default_fail_on = fail_on
    limiter = anyio.CapacityLimiter(threads or 2 * usable_cpus())

    async def in_thread(call: Callable[[], Any]) -> Any:
        return await anyio.to_thread.run_sync(call, limiter=limiter)

    def run_check(drafts: list[Document], errors: list[InputError], fail_on: str, strict: bool) -> _Checked:
        # workers=1: align in this thread (a fork from a threaded server is no place for a pool)
        with archive.reading() as store:
            set_aside = sorted(store.by_id([d.id for d in drafts]))  # what check() leaves out
            result = check(drafts, store, errors=errors, workers=1)
        report = to_report(result)
        report["parameters"]["index"]["path"] = archive.path.name  # the server's paths stay its own
        texts = {d.id: d.text for d in result.documents}
        return _Checked(report, texts, fail_on, strict, set_aside)

    async def checked(request: Request) -> _Checked:
        body = await _json_body(request)
        _known(body, CHECK_FIELDS, "")
        fail_on, strict = _fail_on(body, default_fail_on), _strict(body)
        drafts, errors = _documents(body, "draft", "")
        _distinct([("draft", d) for d in drafts])
        done: _Checked = await in_thread(lambda: run_check(drafts, errors, fail_on, strict))
        return done

    async def check_route(request: Request) -> Response:
        done = await checked(request)
        report = done.report
        report["gate"] = {"fail_on": done.fail_on, "strict": done.strict, "passed": done.passed}
        report["warnings"] = _set_aside(done.set_aside)
        gate = "pass" if done.passed else "fail"
        return JSONResponse(report, headers={**SAFE_HEADERS, "Reuse-Gate": gate})

    async def report_route(request: Request) -> Response:
        from reuse.html_report import render_html

        done = await checked(request)
        report = done.report
        page = await in_thread(lambda: render_html(report, done.texts))
        counts = {k: sum(f["kind"] == k for f in report["findings"]) for k in ("reuse", "repeat", "cluster")}
        for rare in ("near-duplicate", "listing"):  # named when there are any
            if found := sum(f["kind"] == rare for f in report["findings"]):
                counts[rare] = found
        headers = {
            **SAFE_HEADERS,
            "Reuse-Gate": "pass" if done.passed else "fail",
            "Reuse-Findings": ", ".join(f"{n} {k}" for k, n in counts.items()),
            "Content-Security-Policy": PAGE_CSP,
        }
        if done.set_aside:  # JSON, ASCII-escaped: a header carries no Arabic, nor a line break
            headers["Reuse-Set-Aside"] = json.dumps(done.set_aside)
        return HTMLResponse(page, headers=headers)

    def write(documents: list[Document], remove: list[str]) -> dict[str, Any]:
        with archive.write_lock:
            store = archive.writer()
            with store.writing():  # one transaction: the request is written whole or not at all
                removed, unknown = index_remove(store, remove) if remove else ([], [])
                added = index_add(store, documents)
            return {
                "added": list(added.added),
                "replaced": list(added.replaced),
                "skipped": list(added.skipped),
                "removed": removed,
                "not_found": unknown,
                "documents": store.count(),
            }

    async def index_route(request: Request) -> Response:
        if not allow_writes:
            raise HTTPException(403, "this server is read-only (start it with --allow-writes)")
        body = await _json_body(request)
        _known(body, INDEX_FIELDS, "")
        items, remove = body.get("documents", []), body.get("remove", [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise _bad('"documents" must be a list of {"id", "text"} objects')
        if not isinstance(remove, list) or not all(isinstance(i, str) and i for i in remove):
            raise _bad('"remove" must be a list of ids (non-empty strings)')
        if problem := next(filter(None, map(unpaired_surrogate, remove)), ""):
            raise _bad(f'"remove" holds {problem}')
        remove = list(dict.fromkeys(remove))  # an id named twice is removed, and reported, once
        # The whole request is read and checked before anything is written.
        documents: list[tuple[str, Document]] = []
        unread: list[InputError] = []
        for k, item in enumerate(items):
            _known(item, DOCUMENT_FIELDS, f"documents[{k}]")
            read, errors = _documents(item, None, f"documents[{k}]")
            documents += [(f"documents[{k}]", d) for d in read]
            unread += errors
        _distinct(documents)
        done = await in_thread(lambda: write([d for _, d in documents], remove))
        done["errors"] = [{"path": e.path, "error": e.error} for e in unread]
        return JSONResponse(done, headers=SAFE_HEADERS)

    def read_info() -> dict[str, Any]:
        with archive.reading() as store:
            return store.info()

    async def health(request: Request) -> Response:
        info = await in_thread(read_info)
        if request.scope.get(ANONYMOUS):  # a probe without the token: up and reading its index, no more
            return JSONResponse({"status": "ok"}, headers=SAFE_HEADERS)
        info["path"] = archive.path.name
        return JSONResponse(
            {
                "status": "ok",
                "index": info,
                "writes": allow_writes,
                "max_bytes": max_bytes,
                "connections": archive.connections(),
            },
            headers=SAFE_HEADERS,
        )

    async def page(request: Request) -> Response:
        return HTMLResponse(
            _page(max_bytes, archive.path.name),
            headers={**SAFE_HEADERS, "Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "DENY"},
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(exc.status_code, str(exc.detail), exc.headers)

    async def index_error(request: Request, exc: Exception) -> Response:
        """The index cannot be read or written now (busy, out of file handles, damaged): ``503``.

        Named by the file's name, not its path (the server's paths stay its own).
        """
        assert isinstance(exc, IndexFileError)
        _log.error("%s", exc)
        return _error(503, f"index {archive.path.name}: {exc.problem}")

    async def system_error(request: Request, exc: Exception) -> Response:
        """The system refused the server something (file handles, memory for a file): ``503``, said."""
        assert isinstance(exc, OSError)
        _log.error("%s", exc)
        return _error(503, f"the server cannot take this request now ({exc.strerror or exc}); try again")

    async def server_error(request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error ({type(exc).__name__}); the server's log has the details")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            archive.close()

    app = Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
            Route("/check", check_route, methods=["POST"]),
            Route("/report", report_route, methods=["POST"]),
            Route("/index", index_route, methods=["POST"]),
        ],
        exception_handlers={
            HTTPException: http_error,
            IndexFileError: index_error,
            OSError: system_error,
            Exception: server_error,
        },
        lifespan=lifespan,
    )
    return Limits(app, token=token, max_bytes=max_bytes, hosts=hosts)


@functools.cache
def _page(max_bytes: int, index_name: str) -> str:
    from reuse.html_report import _environment

    page = _environment().get_template("serve.html.j2")
    return page.render(max_bytes=max_bytes, index_name=index_name, accept=",".join(UPLOAD_SUFFIXES))
