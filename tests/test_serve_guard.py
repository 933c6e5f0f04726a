"""``reuse serve`` at its edges: the Host it answers to, bodies over the limit, a port in use, the token file.

Real servers on loopback ports (tests/test_serve.py's helpers), called as a CMS or a browser would.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_serve import _free_port, _needs_stack, build_index
from typer.testing import CliRunner

from reuse_cli.main import app

pytestmark = pytest.mark.serve

LIMIT = 5 << 20  # the default --max-bytes


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
