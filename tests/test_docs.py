"""The README's examples run, and every command is documented."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from reuse_cli.main import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_library_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (snippet,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    exec(compile(snippet, "README.md", "exec"), {})
    assert capsys.readouterr().out.startswith("reuse ")


@pytest.mark.parametrize(
    "generator",
    [
        "ex.scan_table()",
        "ex.report_excerpt()",
        'ex.scan_table("fixtures/refiled")',
        "ex.dedup_csv(",
        "ex.group_excerpt()",
        'ex.scan_table("fixtures/papers", "--date-field", "date")',
        "ex.dated_excerpt()",
    ],
)
def test_readme_outputs_are_generated(generator: str) -> None:
    """The README's example outputs come from cog blocks that run the code, never from pasting."""
    blocks = re.findall(r"<!-- \[\[\[cog\n(.*?)\]\]\] -->", README, flags=re.S)
    assert any(generator in block for block in blocks)


def test_readme_outputs_match_the_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cogapp import Cog

    monkeypatch.chdir(ROOT)
    status = Cog().main(["cog", "--check", "-I", "docs", "README.md"])
    assert status == 0, f"README.md is stale: run `cog -r -I docs README.md`\n{capsys.readouterr().out}"


def test_quickstart_is_two_commands() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    install = "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[dev,fast,formats]'"
    assert quickstart.splitlines() == [f"{install} && reuse scan fixtures/news", "pytest"]


@pytest.mark.parametrize("command", sorted(c.name or "" for c in app.registered_commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"`reuse {command}" in README or f"reuse {command} " in README


def test_cli_starts_without_the_heavy_pipeline() -> None:
    import subprocess
    import sys

    heavy = "('numpy', 'jinja2', 'datasketch')"
    code = f"import sys, reuse_cli.main; print(sorted(m for m in {heavy} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_public_names_resolve() -> None:
    import reuse

    assert all(getattr(reuse, name) is not None for name in reuse.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = reuse.nope


def test_scan_help_names_every_format_read() -> None:
    """The help listed txt, html, docx, CSV, TSV, Parquet, xlsx and JSONL, kept apart from the reader's
    table, while .doc, .odt, .rtf, .pdf, .eml, .xml and .warc were read too."""
    from reuse.io import FORMATS

    result = CliRunner().invoke(app, ["scan", "--help"])
    assert result.exit_code == 0
    said = re.sub(r"[\s│]+", " ", result.stdout.split("Example:")[0])  # the description, not --glob's help
    assert [suffix for suffix in FORMATS if not re.search(rf"{re.escape(suffix)}[,)]", said)] == []
