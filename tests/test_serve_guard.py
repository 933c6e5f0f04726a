"""``reuse serve`` at its edges: the Host it answers to, bodies over the limit, a port in use, the token file.

Real servers on loopback ports (tests/test_serve.py's helpers), called as a CMS or a browser would.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from reuse_cli.main import app

pytestmark = pytest.mark.serve

LIMIT = 5 << 20  # the default --max-bytes


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
