"""What stands between ``reuse serve`` and a request: the Host, the token, the session, the size limit.

ASGI middleware (:class:`Limits`) run before any route: a ``Host`` the server does not answer to is
``421`` (:func:`host_allowed`: DNS rebinding), a missing or wrong token ``401`` before the body is
read, and an oversized body ``413`` once the body is read and discarded (up to a bound), each as the
JSON every error is (:func:`error_body`). A browser gives the token once on ``/login`` and holds a
session cookie instead (:data:`SESSION_COOKIE`): editors' browsers cannot send an ``Authorization``
header.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import ipaddress
import json
import urllib.parse
from collections.abc import Awaitable, Callable, Collection, Mapping, MutableMapping
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
"""On a ``413`` (and a request for another ``Host``): the connection ends with the answer."""
DRAIN_FACTOR = 4
"""A body over the limit is read and discarded up to this many times the limit before the ``413``.

A client that writes its whole body before reading the answer (Python's urllib, requests) gets a
connection reset, not the answer, from a server that closes with the body unread; one that sends
``Expect: 100-continue`` (curl) or a body past this bound is answered at once."""

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
"""The ``Host`` values a server on a loopback address answers to (any port; any 127.x address too)."""


def host_name(header: bytes) -> str | None:
    """The name in a ``Host`` header, lower case, without the port; None when it is malformed.

    >>> host_name(b"LocalHost:8000"), host_name(b"[::1]:8000"), host_name(b"127.0.0.1")
    ('localhost', '[::1]', '127.0.0.1')
    >>> host_name(b"a b"), host_name(b""), host_name(b"x:port")
    (None, None, None)
    """
    try:
        text = header.decode("ascii").strip().lower()
    except UnicodeDecodeError:
        return None
    name, port = text, ""
    if text.startswith("["):  # [v6] or [v6]:port
        name, _, rest = text.partition("]")
        name += "]"
        if rest and not rest.startswith(":"):
            return None
        port = rest[1:]
    elif ":" in text:
        name, _, port = text.partition(":")
    if port and not port.isdigit():
        return None
    if not name or any(c.isspace() or c in "/?#@\\" for c in name):
        return None
    return name


def _loopback_literal(name: str) -> bool:
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(name: str, allowed: Collection[str]) -> bool:
    """Whether a ``Host`` name (:func:`host_name`) is this server's: loopback, or one of ``allowed``.

    A browser sends the name in the page's address, so a page of ``attacker.example`` whose name
    the attacker points at 127.0.0.1 (DNS rebinding) still says ``Host: attacker.example``.

    >>> host_allowed("localhost", ()), host_allowed("127.0.0.2", ()), host_allowed("[::1]", ())
    (True, True, True)
    >>> host_allowed("attacker.example", ()), host_allowed("desk.example", ("desk.example",))
    (False, True)
    """
    return name == "localhost" or _loopback_literal(name) or name in allowed


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


ANONYMOUS = "reuse.anonymous"
"""Set in the ASGI scope of a request let through without the token: ``GET /health`` with no credentials."""


def _no_credentials(headers: Mapping[bytes, bytes]) -> bool:
    """No ``Authorization`` header and no session cookie: a probe, not a client with a wrong token."""
    return b"authorization" not in headers and not _cookie(headers, SESSION_COOKIE)


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
    """ASGI middleware: the ``Host``, a bearer token on every request (when set) and a request size limit.

    With ``hosts`` (a collection, possibly empty), a request whose ``Host`` is neither loopback nor
    one of them is ``421`` (Misdirected Request: this server is not the one that name is for), one
    without a readable ``Host`` ``400``; with None, any ``Host`` is accepted.
    The token is compared in constant time; a missing or wrong one is ``401`` before the body is read,
    except on ``GET /health`` with no credentials at all, which is let through marked :data:`ANONYMOUS`.
    A browser gives it once on ``/login`` (a form) and then holds a session cookie instead
    (:data:`SESSION_COOKIE`); a browser that has not is sent from ``/`` to ``/login``.
    A body over ``max_bytes`` is ``413``, whether its ``Content-Length`` says so or it streams past it;
    it is read and discarded up to :data:`DRAIN_FACTOR` times the limit first, so that a client that
    sends it whole before reading gets the answer, and the connection closes after it.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        max_bytes: int,
        hosts: Collection[str] | None = None,
    ) -> None:
        self.app = app
        self.raw_token = token.encode("utf-8") if token else None
        self.session = session_value(token).encode() if token else None
        self.max_bytes = max_bytes
        self.hosts = None if hosts is None else frozenset(h.lower() for h in hosts)

    async def _misdirected(self, headers: Mapping[bytes, bytes], send: Send) -> bool:
        """Answer a request whose ``Host`` is not this server's (and say so); False when it is."""
        if self.hosts is None:
            return False
        name = host_name(headers.get(b"host", b""))
        if name is None:
            await _send_error(send, 400, "a Host header naming this server is required", CLOSE)
            return True
        if host_allowed(name, self.hosts):
            return False
        shown = name if len(name) <= 100 else name[:100] + "…"
        names = ", ".join([*LOOPBACK_NAMES, *sorted(self.hosts)])
        said = f"this server does not answer to Host {shown!r}: it answers to {names}"
        await _send_error(send, 421, f"{said} (--allowed-host adds one)", CLOSE)
        return True

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
        if await self._misdirected(headers, send):
            return
        if self.raw_token is not None and scope["path"] == "/login":
            await self._login(scope, receive, send)
            return
        if self.raw_token is not None and not self._signed_in(headers):
            if scope["path"] == "/health" and scope["method"] == "GET" and _no_credentials(headers):
                # A load balancer's or orchestrator's probe holds no secret: it is told only whether
                # the server and its index answer (the route leaves the index's figures out).
                await self.app({**scope, ANONYMOUS: True}, receive, send)
                return
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
