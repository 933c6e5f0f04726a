"""What stands between ``reuse serve`` and a request: the token, the browser's session, the size limit.

ASGI middleware (:class:`Limits`) run before any route: a missing or wrong token is ``401`` before
the body is read, and an oversized body ``413`` once the body is read and discarded (up to a bound),
each as the JSON every error is (:func:`error_body`). A browser gives the token once on ``/login``
and holds a session cookie instead (:data:`SESSION_COOKIE`): editors' browsers cannot send an
``Authorization`` header.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SAFE_HEADERS = {  # on every answer: no sniffing, no referrer, nothing cached
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def error_body(status: int, message: str) -> bytes:
    """The JSON of every error answer: the status and a one-line message.

    >>> error_body(413, "too large")
    b'{"status": 413, "error": "too large"}'
    """
    return json.dumps({"status": status, "error": message}, ensure_ascii=False).encode("utf-8")


async def _respond(send: Send, status: int, body: bytes, headers: Mapping[str, str]) -> None:
    """One whole answer, straight from the middleware (before any route runs), with the safe headers."""
    every = {**SAFE_HEADERS, **headers, "Content-Length": str(len(body))}
    raw = [(k.lower().encode(), v.encode()) for k, v in every.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _send_error(send: Send, status: int, message: str, headers: Mapping[str, str] = {}) -> None:
    await _respond(send, status, error_body(status, message), {"Content-Type": "application/json", **headers})


async def _send_page(send: Send, status: int, body: bytes) -> None:
    page = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": LOGIN_CSP}
    await _respond(send, status, body, {**page, "X-Frame-Options": "DENY"})


async def _redirect(send: Send, location: str, headers: Mapping[str, str] = {}) -> None:
    await _respond(send, 303, b"", {"Location": location, **headers})


class _TooLarge(HTTPException):
    """A body that streamed past the limit: Starlette answers it as any HTTP error (413, JSON)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit:,} bytes", CLOSE)


CLOSE = {"Connection": "close"}
"""On a ``413``: the connection ends with the answer."""
DRAIN_FACTOR = 4
"""A body over the limit is read and discarded up to this many times the limit before the ``413``.

A client that writes its whole body before reading the answer (Python's urllib, requests) gets a
connection reset, not the answer, from a server that closes with the body unread; one that sends
``Expect: 100-continue`` (curl) or a body past this bound is answered at once."""

SESSION_COOKIE = "reuse_session"
"""The cookie a browser holds after giving the token once on ``/login``: an HMAC of the token, never
the token itself; ``HttpOnly`` (the page's scripts cannot read it) and ``SameSite=Strict`` (no other
site's page can make the browser send it, so it cannot forge a check or a write)."""
LOGIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"


def session_value(token: str) -> str:
    """What the session cookie holds for ``token``: stable for the server's life, useless elsewhere.

    >>> len(session_value("a-token-of-sixteen")), session_value("a-token-of-sixteen") == "a-token-of-sixteen"
    (64, False)
    """
    return hmac.new(token.encode("utf-8"), b"reuse serve session", hashlib.sha256).hexdigest()


def bearer(header: bytes) -> bytes | None:
    """The credentials of an ``Authorization: Bearer <token>`` header; the scheme in any case (RFC 9110).

    >>> bearer(b"Bearer abc"), bearer(b"bearer  abc"), bearer(b"Basic abc"), bearer(b"Bearer")
    (b'abc', b'abc', None, None)
    """
    scheme, _, credentials = header.partition(b" ")
    if scheme.lower() != b"bearer" or not credentials.strip(b" "):
        return None
    return credentials.strip(b" ")


def _cookie(headers: Mapping[bytes, bytes], name: str) -> bytes:
    for part in headers.get(b"cookie", b"").split(b";"):
        key, _, value = part.strip().partition(b"=")
        if key == name.encode():
            return value
    return b""


def login_page(message: str = "") -> bytes:
    """The form a browser gives the token in (the only page served without it)."""
    said = f'<p class="said">{html.escape(message)}</p>' if message else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>reuse serve: sign in</title>
<style>body{{font-family:sans-serif;max-width:28em;margin:4em auto}}input{{font-size:1em;padding:.3em}}
.said{{color:#a00}}</style></head><body><h1>reuse serve</h1>{said}
<form method="post" action="/login"><label>Token <input type="password" name="token" id="token"
autocomplete="current-password" required autofocus></label> <button id="sign-in">Sign in</button></form>
<p>The token is the one line of the server's <code>--token-file</code>.</p></body></html>""".encode()


class Limits:
    """ASGI middleware: a bearer token on every request (when set) and a request size limit.

    The token is compared in constant time; a missing or wrong one is ``401`` before the body is read.
    A browser gives it once on ``/login`` (a form) and then holds a session cookie instead
    (:data:`SESSION_COOKIE`); a browser that has not is sent from ``/`` to ``/login``.
    A body over ``max_bytes`` is ``413``, whether its ``Content-Length`` says so or it streams past it;
    it is read and discarded up to :data:`DRAIN_FACTOR` times the limit first, so that a client that
    sends it whole before reading gets the answer, and the connection closes after it.
    """

    def __init__(self, app: ASGIApp, *, token: str | None, max_bytes: int) -> None:
        self.app = app
        self.raw_token = token.encode("utf-8") if token else None
        self.session = session_value(token).encode() if token else None
        self.max_bytes = max_bytes

    async def _discard(self, receive: Receive, seen: int) -> None:
        """Read what is left of a body (``seen`` bytes read so far) and keep none of it, up to the bound."""
        more = True
        while more and seen <= DRAIN_FACTOR * self.max_bytes:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            more = bool(message.get("more_body"))

    def _signed_in(self, headers: Mapping[bytes, bytes]) -> bool:
        assert self.raw_token is not None
        assert self.session is not None
        given = bearer(headers.get(b"authorization", b""))
        by_header = given is not None and hmac.compare_digest(given, self.raw_token)
        return by_header or hmac.compare_digest(_cookie(headers, SESSION_COOKIE), self.session)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        """``GET /login``: the form; ``POST /login``: the token from it, answered with the cookie."""
        assert self.raw_token is not None
        if scope["method"] == "GET":
            await _send_page(send, 200, login_page())
            return
        if scope["method"] != "POST":
            await _send_error(send, 405, "method not allowed: GET or POST /login")
            return
        body = b""
        while True:  # a form of one field: 4 KiB is plenty
            message = await receive()
            body += message.get("body", b"")
            if len(body) > 4096:
                await _send_error(send, 413, "request body over the limit of 4,096 bytes")
                return
            if not message.get("more_body"):
                break
        given = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("token", [""])[0]
        if not hmac.compare_digest(given.strip().encode("utf-8"), self.raw_token):
            await _send_page(send, 401, login_page("wrong token"))
            return
        assert self.session is not None
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie = f"{SESSION_COOKIE}={self.session.decode()}; HttpOnly; SameSite=Strict; Path=/{secure}"
        await _redirect(send, "/", {"Set-Cookie": cookie})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the token and count the body, then pass the request on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.raw_token is not None and scope["path"] == "/login":
            await self._login(scope, receive, send)
            return
        if self.raw_token is not None and not self._signed_in(headers):
            browser = b"text/html" in headers.get(b"accept", b"")
            if scope["path"] == "/" and scope["method"] == "GET" and browser:
                await _redirect(send, "/login")
                return
            challenge = {"WWW-Authenticate": 'Bearer realm="reuse"'}
            given = bearer(headers.get(b"authorization", b"")) is not None  # Basic is no token given
            await _send_error(send, 401, "wrong token" if given else "a bearer token is required", challenge)
            return
        too_large = f"request body over the limit of {self.max_bytes:,} bytes"
        length = headers.get(b"content-length", b"0")
        if not length.isdigit():
            await _send_error(send, 400, "bad Content-Length")
            return
        if int(length) > self.max_bytes:
            # A client waiting on "100 Continue" has sent nothing yet: answering at once spares it.
            if headers.get(b"expect", b"").lower() != b"100-continue":
                await self._discard(receive, 0)
            await _send_error(send, 413, too_large, CLOSE)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    if message.get("more_body"):
                        await self._discard(receive, seen)
                    raise _TooLarge(self.max_bytes)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:  # read outside a route's error handling (none does so now)
            if not started:
                await _send_error(send, 413, too_large, CLOSE)
