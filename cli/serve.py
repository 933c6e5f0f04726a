"""``reuse serve``: the archive check as an HTTP service and a page for editors (:mod:`reuse.server`)."""

from __future__ import annotations

import copy
import errno
import ipaddress
import socket
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import EXIT_INPUT, EXIT_USAGE, warn
from .index import MinWordsOption, NgramOption, ThresholdOption, open_index
from .scan import FailOn

TOKEN_RULE = "one line of at least 16 printable characters, no spaces"
"""What a token file must hold (README, "The editorial desk")."""


def _token(path: Path | None) -> str | None:
    """The bearer token: the file's first line, stripped; exit 3 if unreadable or not a token.

    A file that holds no token is an input error (3), as one that cannot be read is: the option is
    right, the file is not.
    """
    if path is None:
        return None
    from reuse.files import InputFileError, read_text

    try:
        lines = read_text(path).splitlines()
    except InputFileError as err:
        warn(f"cannot read the token file: {err}")
        raise typer.Exit(EXIT_INPUT) from None
    token = lines[0].strip() if lines else ""
    if len(token) < 16 or any(c.isspace() or not c.isprintable() for c in token):
        warn(f"{path}: the token must be {TOKEN_RULE}")
        raise typer.Exit(EXIT_INPUT)
    return token


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _allowed_hosts(given: list[str]) -> list[str]:
    """The ``--allowed-host`` names as a ``Host`` header gives them: lower case, no port, IPv6 in brackets."""
    from reuse.server_guard import host_name

    names = []
    for value in given:
        try:
            address = ipaddress.ip_address(value.strip("[]"))
        except ValueError:
            name = host_name(value.encode("utf-8")) if value.isascii() else None
        else:
            name = f"[{address}]" if address.version == 6 else str(address)
        if name is None or not value.strip():
            example = "e.g. desk.example.org; a non-ASCII name as xn--"
            warn(f"--allowed-host {value!r}: not a host name ({example})")
            raise typer.Exit(EXIT_USAGE)
        names.append(name)
    return names


def _listen(host: str, port: int) -> list[socket.socket]:
    """Sockets bound to ``host`` (every address it names, as uvicorn would bind) and listening.

    Bound here, before the server is said to be serving, so that a port in use is one line and
    exit 3, not a "serving at" line followed by uvicorn's error.
    """
    bound: list[socket.socket] = []
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        for family, kind, proto, _, address in dict.fromkeys(found):
            sock = socket.socket(family, kind, proto)
            bound.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart reuses its port at once
            if family == socket.AF_INET6:  # as asyncio does: IPv4 gets its own socket
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(2048)  # uvicorn's backlog
            sock.set_inheritable(True)
    except OSError as err:
        for sock in bound:
            sock.close()
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if err.errno == errno.EADDRINUSE:
            why = "the port is in use (another server? --port picks another)"
        elif err.errno == errno.EACCES:
            why = "permission denied (ports under 1024 need privileges)"
        elif isinstance(err, socket.gaierror):
            why = f"no such address ({err.strerror})"
        else:
            why = err.strerror or str(err)
        warn(f"cannot listen on {where}: {why}")
        raise typer.Exit(EXIT_INPUT) from None
    return bound


def _log_config() -> dict[str, Any]:
    """Logging as uvicorn's, but the request (access) log on stderr as well.

    uvicorn's own configuration sends it to stdout, where it would mix with anything read there.
    """
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


def serve(
    index: Annotated[Path, typer.Option("--index", help="The archive index (`reuse index add`).")],
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless told).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_writes: Annotated[
        bool, typer.Option("--allow-writes", help="Serve POST /index (add, replace, remove documents).")
    ] = False,
    token_file: Annotated[
        Path | None,
        typer.Option(
            help="Require `Authorization: Bearer <first line of this file>` on every request "
            f"({TOKEN_RULE}).",
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            metavar="<name>",  # one name a flag: not typer's <list[str]>
            help="A Host name to answer besides 127.0.0.1, localhost and [::1] (a reverse proxy's); "
            "repeat for more. Other names are refused (421). Off a loopback --host, only when given.",
            show_default=False,
        ),
    ] = None,
    max_bytes: Annotated[int, typer.Option(min=1024, help="Largest request body, in bytes.")] = 5 << 20,
    threads: Annotated[
        int | None,
        typer.Option(min=1, help="Checks and writes at once (default: two per CPU).", show_default=False),
    ] = None,
    ngram: NgramOption = None,
    min_words: MinWordsOption = None,
    threshold: ThresholdOption = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help='The gate of a request without "fail_on": which findings answer Reuse-Gate: fail.',
        ),
    ] = FailOn.reuse,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No request log on stderr.")] = False,
) -> None:
    """Serve `reuse check` over HTTP, with a page where editors paste a draft or drop a file.

    POST /check answers with the JSON report of `reuse check` (and a pass/fail gate: the request's
    "fail_on", else --fail-on), POST /report with its HTML page, GET /health with the index info,
    GET / with the page; POST /index adds documents only with --allow-writes. It listens on 127.0.0.1
    unless --host says otherwise, and on loopback answers only to loopback Host names (and
    --allowed-host ones). An index that is missing, corrupt or built with other settings than those
    given, a token file that holds no token, or a port in use: one line, exit 3.

    Example: reuse serve --index archive.db --token-file token.txt
    """
    import uvicorn

    from reuse.archive import check as run_check
    from reuse.models import Document
    from reuse.server import Archive, create_app

    token = _token(token_file)
    allowed = _allowed_hosts(allowed_host or [])
    store = open_index(
        index, create=False, ngram=ngram, min_words=min_words, threshold=threshold, readonly=not allow_writes
    )
    try:
        archive = Archive(index.resolve(), store.settings)
        documents = store.count()
        run_check([Document("warm-up", "Compile or load the kernels once, before the first request.")], store)
    finally:
        store.close()
    # On loopback, only loopback names (and those allowed): a page whose name an attacker points at
    # 127.0.0.1 (DNS rebinding) must not reach the server. Elsewhere the names it is reached by are
    # the operator's to give; without them any Host is answered, and the token is the guard.
    hosts = allowed if _loopback(host) or allowed else None
    if not _loopback(host) and token is None:
        warn(f"listening on {host} without --token-file: anyone who can reach it can check drafts")
    app = create_app(
        archive,
        allow_writes=allow_writes,
        token=token,
        max_bytes=max_bytes,
        threads=threads,
        hosts=hosts,
        fail_on=fail_on.value,
    )
    sockets = _listen(host, port)
    where = f"[{host}]" if ":" in host else host
    warn(
        f"serving {index} ({documents:,} documents{', writes allowed' if allow_writes else ''}) "
        f"at http://{where}:{port}/"
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=_log_config(),
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        server_header=False,
        lifespan="on",
    )
    uvicorn.Server(config).run(sockets=sockets)
