"""``reuse serve`` at its edges: the Host it answers to, bodies over the limit, a port in use, the token file.

Real servers on loopback ports (tests/test_serve.py's helpers), called as a CMS or a browser would.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_serve import Answer, Server, _free_port, _is_error, _needs_stack, build_index, start, stop
from typer.testing import CliRunner

from reuse_cli.main import app

pytestmark = pytest.mark.serve

LIMIT = 5 << 20  # the default --max-bytes


@pytest.fixture(scope="module")
def open_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The "safe by default" mode a walk-through found open: no token, writes allowed, the default limit;
    and one name allowed for a reverse proxy."""
    _needs_stack()
    index = build_index(tmp_path_factory.mktemp("serve-guard") / "archive.db")
    server = start(index, "--allow-writes", "--allowed-host", "Desk.Example.org", "--quiet")
    yield server
    stop(server)


def _as(server: Server, host: str, method: str = "GET", path: str = "/health", body: Any = None) -> Answer:
    return server.request(method, path, body, headers={"Host": host})


# -- DNS rebinding: on loopback, only loopback names (and those allowed) --------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/index", {"documents": [{"id": "planted", "text": "A story planted by another site."}]}),
        ("POST", "/check", {"text": "words here"}),
        ("GET", "/health", None),
        ("GET", "/", None),
    ],
    ids=["index", "check", "health", "page"],
)
def test_a_host_that_is_not_this_servers_is_421(open_desk: Server, method: str, path: str, body: Any) -> None:
    """A page of attacker.example whose name resolves to 127.0.0.1 (DNS rebinding) says so in its Host."""
    for host in (f"attacker.example:{open_desk.port}", "attacker.example", "127.0.0.1.nip.io"):
        error = _is_error(_as(open_desk, host, method, path, body), 421)["error"]
        assert "attacker.example" in error or "nip.io" in error
        assert "--allowed-host" in error
    documents = open_desk.request("GET", "/health").json()["index"]["documents"]
    assert open_desk.request("POST", "/check", {"text": "A story planted by another site."}).status == 200
    assert documents == open_desk.request("GET", "/health").json()["index"]["documents"]  # nothing written


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.0.0.1:{port}", "localhost", "LOCALHOST:{port}", "[::1]", "[::1]:{port}", "127.0.0.2"],
)
def test_loopback_names_are_answered_with_or_without_the_port(open_desk: Server, host: str) -> None:
    assert _as(open_desk, host.format(port=open_desk.port)).status == 200


@pytest.mark.parametrize("host", ["desk.example.org", "DESK.example.org:443"])
def test_an_allowed_host_is_answered(open_desk: Server, host: str) -> None:
    assert _as(open_desk, host).status == 200
    assert _as(open_desk, "other.example.org").status == 421


@pytest.mark.parametrize("host", ["", "desk.example.org:https", "a b", "x/y"])
def test_a_host_that_names_nothing_is_400(open_desk: Server, host: str) -> None:
    _is_error(_as(open_desk, host), 400)


def test_without_a_host_list_any_host_is_answered() -> None:
    """Off loopback without --allowed-host (the library's ``hosts=None``) the token is the guard."""
    from reuse.server_guard import Limits

    sent: list[dict[str, Any]] = []

    async def ok(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def call(hosts: list[str] | None) -> int:
        sent.clear()

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Any) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/health", "headers": [(b"host", b"desk.lan")]}
        await Limits(ok, token=None, max_bytes=1024, hosts=hosts)(scope, receive, send)
        status: int = sent[0]["status"]
        return status

    assert asyncio.run(call(None)) == 200
    assert asyncio.run(call([])) == 421
    assert asyncio.run(call(["desk.lan"])) == 200


@pytest.mark.parametrize("value", ["http://desk.example/", "desk example", "", "déjà.example"])
def test_an_allowed_host_that_is_no_name_is_a_usage_error(tmp_path: Path, value: str) -> None:
    _needs_stack()
    index = build_index(tmp_path / "archive.db")
    done = CliRunner().invoke(app, ["serve", "--index", str(index), "--allowed-host", value])
    assert done.exit_code == 2, done.output
    assert "--allowed-host" in done.stderr
    assert done.stderr.count("\n") == 1


# -- a body over the limit: the 413 reaches a client that sends it whole before reading -----------------


@pytest.mark.parametrize("megabytes", [6, 12])
def test_urllib_posting_over_the_limit_gets_the_413_json(open_desk: Server, megabytes: int) -> None:
    """urllib writes the whole body before it reads: answered and closed with the body unread, it
    saw BrokenPipeError or ConnectionResetError, never the JSON 413 that curl got."""
    body = json.dumps({"text": "a " * (megabytes << 19)}).encode()
    assert len(body) > LIMIT
    request = urllib.request.Request(
        f"{open_desk.url}check", data=body, headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 413
    assert refused.value.headers["Connection"] == "close"
    said = json.loads(refused.value.read())
    assert said == {"status": 413, "error": f"request body over the limit of {LIMIT:,} bytes"}
    assert open_desk.request("POST", "/check", {"text": "small enough"}).status == 200


def test_a_chunked_body_over_the_limit_is_read_out_before_the_413(open_desk: Server) -> None:
    """No Content-Length: the body is counted as it streams, and what is left is read and dropped."""
    connection = http.client.HTTPConnection("127.0.0.1", open_desk.port, timeout=60)
    try:
        chunks = (b"a" * (1 << 20) for _ in range(16))  # 16 MiB, written whole before reading
        connection.request(
            "POST", "/check", body=chunks, headers={"Content-Type": "application/json"}, encode_chunked=True
        )
        response = connection.getresponse()
        assert (response.status, response.getheader("Connection")) == (413, "close")
        assert json.loads(response.read())["status"] == 413
    finally:
        connection.close()


# -- start-up: the port, the token file ------------------------------------------------------------------


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    _needs_stack()
    return subprocess.run(
        [sys.executable, "-m", "reuse_cli", "serve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_port_in_use_is_one_line_and_exit_3_with_no_serving_line(tmp_path: Path) -> None:
    index = build_index(tmp_path / "archive.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _serve("--index", str(index), "--port", str(port))
    assert done.returncode == 3, done.stderr
    assert done.stderr == f"reuse: cannot listen on 127.0.0.1:{port}: the port is in use " + (
        "(another server? --port picks another)\n"
    )


@pytest.mark.parametrize(
    "content",
    ["", "short-token\n", "a token with spaces in it\n", "\n" + "x" * 32 + "\n"],
    ids=["empty", "short", "spaces", "blank-first-line"],
)
def test_a_token_file_that_holds_no_token_is_exit_3(tmp_path: Path, content: str) -> None:
    """Exit 3 as for a token file that is missing: the option is right, the file's content is not."""
    index = build_index(tmp_path / "archive.db")
    (tmp_path / "token.txt").write_text(content, encoding="utf-8")
    token = str(tmp_path / "token.txt")
    done = _serve("--index", str(index), "--port", str(_free_port()), "--token-file", token)
    assert done.returncode == 3, done.stderr
    assert done.stderr.count("\n") == 1
    assert "one line of at least 16 printable characters, no spaces" in done.stderr


# -- the help: switches take no value --------------------------------------------------------------------


@pytest.mark.parametrize("command", [["serve"], ["scan"], ["index", "add"], []])
def test_switches_show_no_value_in_the_help(command: list[str]) -> None:
    shown = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "160"})
    assert shown.exit_code == 0
    assert "<bool>" not in shown.stdout
    switch = "--allow-writes" if command == ["serve"] else "--help"
    assert switch in shown.stdout
    if command == ["serve"]:
        assert "<path>" in shown.stdout  # options that take a value still say what
