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
- ``GET /health``: the index's info (``reuse index info --json``) and the server's settings.
- ``POST /check``: ``{"text" | "file", "id"?, "fail_on"?}`` → the ``reuse.report/2`` JSON, plus a
  ``gate`` object (``{"fail_on", "passed"}``) and a ``Reuse-Gate: pass|fail`` header.
- ``POST /report``: the same body → the HTML report (what ``reuse check --format html`` writes).
- ``POST /index``: ``{"documents": [{"id", "text" | "file", "date"?}], "remove"?: [ids]}`` → what was
  added, replaced, skipped and removed, and the attachments that could not be read; ``403`` unless the
  server was started with writes allowed.

Every error is ``{"status": N, "error": "..."}`` with that HTTP status, never a traceback.

**Concurrency.** Checks and writes run in worker threads (:func:`anyio.to_thread.run_sync`, bounded by
a :class:`anyio.CapacityLimiter`), never on the event loop. Each thread opens the index once, on its
first request, and keeps that connection (:class:`Archive`); a check reads inside one WAL snapshot, so
it sees every committed batch of a concurrent write wholly or not at all. Writes go through one
connection behind one lock: SQLite has one writer at a time anyway, and queuing them here keeps a
write from waiting on ``busy_timeout`` while readers never wait.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import json
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
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
from reuse.io import (
    FORMATS,
    UPLOAD_FORMATS,
    WIRE_FORMATS,
    ReadOptions,
    read_bytes,
    read_data,
    suffix_of,
    unpaired_surrogate,
)
from reuse.models import Document, DuplicateIdError, InputError
from reuse.report import FAIL_ON, fails, to_report
from reuse.server_guard import SAFE_HEADERS, ASGIApp, Limits, error_body
from reuse.store import ArchiveStore

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


@dataclass
class Archive:
    """The index as the server holds it: one read connection per thread, one writer behind a lock.

    Args:
        path: The index file (checked at start-up by ``reuse serve``).
        settings: The index's settings; every connection is opened against them, so an index
            replaced by one with other settings is refused, never read with the wrong keys.
    """

    path: Path
    settings: dict[str, Any]
    _local: threading.local = field(default_factory=threading.local)
    _opened: list[ArchiveStore] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _writer: ArchiveStore | None = None

    def reader(self) -> ArchiveStore:
        """This thread's connection, opened on its first call."""
        store: ArchiveStore | None = getattr(self._local, "store", None)
        if store is None:
            store = ArchiveStore.connect(self.path, self.settings)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def writer(self) -> ArchiveStore:
        """The one writing connection; hold :attr:`write_lock` while using it."""
        if self._writer is None:
            self._writer = ArchiveStore.connect(self.path, self.settings)
        return self._writer

    def connections(self) -> int:
        """How many connections are open (one per thread that has read, plus the writer)."""
        return len(self._opened) + (self._writer is not None)

    def close(self) -> None:
        """Close every connection (at shutdown)."""
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


async def _json_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "send JSON (Content-Type: application/json)")
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise _bad(f"malformed JSON: {err}") from None
    if not isinstance(body, dict):
        raise _bad("the body must be a JSON object")
    return body


def _documents(
    item: Mapping[str, Any], default_id: str | None, where: str
) -> tuple[list[Document], list[InputError]]:
    """The documents of ``{"text": ...}`` or ``{"file": {"name", "data" (base64)}}``; never a path.

    One document, but for an email: its body and each attachment that is a document, as
    ``reuse check mail.eml`` reads them (:func:`reuse.io.read_email`), with the attachments that
    could not be read as errors. Nothing readable answers ``422``.
    """
    doc_id = item.get("id", default_id)
    if not isinstance(doc_id, str) or not doc_id:
        raise _bad(f'{where}: "id" must be a non-empty string')
    for name in ("id", "text", "date"):  # JSON's "\ud800" escapes decode to strings UTF-8 cannot hold
        if isinstance(item.get(name), str) and (problem := unpaired_surrogate(item[name])):
            raise _bad(f'{where}: "{name}" holds {problem}')
    if ("text" in item) == ("file" in item):
        raise _bad(f'{where}: give "text" (a string) or "file" ({{"name", "data": base64}}), one of them')
    encoding = item.get("encoding", "utf-8")
    if not isinstance(encoding, str):
        raise _bad(f'{where}: "encoding" must be a string')
    if "text" in item:
        if not isinstance(item["text"], str):
            raise _bad(f'{where}: "text" must be a string')
        read: list[Document | InputError] = [read_data(item["text"].encode("utf-8"), doc_id, "text")]
    else:
        upload = item["file"]
        if not isinstance(upload, dict) or not isinstance(upload.get("data"), str):
            raise _bad(f'{where}: "file" must be {{"name": "draft.docx", "data": "<base64>"}}')
        name = str(upload.get("name") or "")
        fmt = FORMATS.get(suffix_of(name), "text")  # only the suffix of the name is used
        if fmt not in UPLOAD_FORMATS and fmt not in WIRE_FORMATS:
            kinds = (
                ".txt, .html, .mhtml, .docx, .doc, .odt, .rtf, .pdf, .eml or .xml (NewsML-G2, NITF, a feed)"
            )
            raise HTTPException(415, f"{where}: send {kinds} files (not {fmt})")
        try:
            data = base64.b64decode(upload["data"], validate=True)
        except (binascii.Error, ValueError):
            raise _bad(f'{where}: "file.data" is not base64') from None
        read = read_bytes(data, doc_id, fmt, ReadOptions(encoding=encoding))
    documents = [d for d in read if isinstance(d, Document)]
    errors = [e for e in read if isinstance(e, InputError)]
    if not documents:
        raise HTTPException(422, str(errors[0]))
    date = item.get("date")
    if date is not None:
        from dataclasses import replace

        documents = [
            replace(d, source=replace(d.source, date=str(date))) if d.source is not None else d
            for d in documents
        ]
    return documents, errors


def _fail_on(body: Mapping[str, Any]) -> str:
    fail_on = body.get("fail_on", "none")
    if fail_on not in FAIL_ON:
        raise _bad(f'"fail_on" must be one of {", ".join(FAIL_ON)}')
    return str(fail_on)


def create_app(
    archive: Archive,
    *,
    allow_writes: bool = False,
    token: str | None = None,
    max_bytes: int = MAX_BYTES,
    threads: int | None = None,
) -> ASGIApp:
    """The ASGI application over an open :class:`Archive`.

    Args:
        archive: The index (closed when the application shuts down).
        allow_writes: Serve ``POST /index``; otherwise it answers ``403``.
        token: When set, every request needs ``Authorization: Bearer <token>``.
        max_bytes: Largest request body.
        threads: Checks and writes running at once (default: two per CPU).
    """
    limiter = anyio.CapacityLimiter(threads or 2 * usable_cpus())

    async def in_thread(call: Callable[[], Any]) -> Any:
        return await anyio.to_thread.run_sync(call, limiter=limiter)

    def run_check(drafts: list[Document], errors: list[InputError]) -> dict[str, Any]:
        # workers=1: align in this thread (a fork from a threaded server is no place for a pool)
        result = check(drafts, archive.reader(), errors=errors, workers=1)
        report = to_report(result)
        report["parameters"]["index"]["path"] = archive.path.name  # the server's paths stay its own
        texts = {d.id: d.text for d in result.documents}
        return {"report": report, "texts": texts}

    async def checked(request: Request) -> tuple[dict[str, Any], dict[str, str], str]:
        body = await _json_body(request)
        fail_on = _fail_on(body)
        drafts, errors = _documents(body, "draft", "draft")
        done = await in_thread(lambda: run_check(drafts, errors))
        return done["report"], done["texts"], fail_on

    def gate(report: dict[str, Any], fail_on: str) -> bool:
        return not fails(report, fail_on)

    async def check_route(request: Request) -> Response:
        report, _, fail_on = await checked(request)
        passed = gate(report, fail_on)
        report["gate"] = {"fail_on": fail_on, "passed": passed}
        return JSONResponse(report, headers={**SAFE_HEADERS, "Reuse-Gate": "pass" if passed else "fail"})

    async def report_route(request: Request) -> Response:
        from reuse.html_report import render_html

        report, texts, fail_on = await checked(request)
        page = await in_thread(lambda: render_html(report, texts))
        counts = {k: sum(f["kind"] == k for f in report["findings"]) for k in ("reuse", "repeat", "cluster")}
        if listings := sum(
            f["kind"] == "listing" for f in report["findings"]
        ):  # rare in a check: named if any
            counts["listing"] = listings
        headers = {
            **SAFE_HEADERS,
            "Reuse-Gate": "pass" if gate(report, fail_on) else "fail",
            "Reuse-Findings": ", ".join(f"{n} {k}" for k, n in counts.items()),
            "Content-Security-Policy": PAGE_CSP,
        }
        return HTMLResponse(page, headers=headers)

    def write(documents: list[Document], remove: list[str]) -> dict[str, Any]:
        with archive.write_lock:
            store = archive.writer()
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
        items, remove = body.get("documents", []), body.get("remove", [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise _bad('"documents" must be a list of {"id", "text"} objects')
        if not isinstance(remove, list) or not all(isinstance(i, str) for i in remove):
            raise _bad('"remove" must be a list of ids')
        documents: list[Document] = []
        unread: list[InputError] = []
        for k, item in enumerate(items):
            read, errors = _documents(item, None, f"documents[{k}]")
            documents += read
            unread += errors
        try:
            done = await in_thread(lambda: write(documents, remove))
        except DuplicateIdError as err:
            raise _bad(str(err)) from None
        done["errors"] = [{"path": e.path, "error": e.error} for e in unread]
        return JSONResponse(done, headers=SAFE_HEADERS)

    async def health(request: Request) -> Response:
        info = await in_thread(lambda: archive.reader().info())
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
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    return Limits(app, token=token, max_bytes=max_bytes)


@functools.cache
def _page(max_bytes: int, index_name: str) -> str:
    from reuse.html_report import _environment

    return _environment().get_template("serve.html.j2").render(max_bytes=max_bytes, index_name=index_name)
