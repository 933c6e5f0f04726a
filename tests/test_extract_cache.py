"""The extract cache: a page or draft read again is not extracted again, and nothing else changes.

Each test gets its own cache folder (``REUSE_CACHE_DIR``, set for every test in ``conftest.py``).
Whether a read was a hit is shown by making extraction impossible on the second read: the page's
text can then only have come from the cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, read_text
from newsroom import news_page, write_drafts
from typer.testing import CliRunner

import reuse.extract
from reuse.extract_cache import FILE_NAME
from reuse.io import read_inputs
from reuse_cli.main import app

pytest.importorskip("trafilatura", reason="needs the formats extra: pip install -e '.[formats]'")

TEXTS = {p.stem: read_text(p) for p in sorted(FIXTURES.glob("*.txt"))}


def write_pages(folder: Path, copies: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(copies):
        for stem, text in TEXTS.items():
            path = folder / f"{stem}_{k}.html"
            path.write_text(news_page(text, title=f"{stem} {k}", seed=k), encoding="utf-8")
            paths.append(path)
    return paths


def no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("extracted again: the cache was not used")

    monkeypatch.setattr(reuse.extract, "html_text", refuse)
    monkeypatch.setattr(reuse.extract, "docx_text", refuse)


def test_a_second_read_takes_every_page_and_draft_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path / "in")
    write_drafts(TEXTS, tmp_path / "in")
    cache = tmp_path / "cache"
    plain = read_inputs([str(tmp_path / "in")])
    first = read_inputs([str(tmp_path / "in")], cache=cache)
    assert (cache / FILE_NAME).is_file()
    no_extraction(monkeypatch)
    second = read_inputs([str(tmp_path / "in")], cache=cache)
    assert {d.source.format for d in second.documents if d.source} == {"html", "docx"}
    assert len(second.documents) == 2 * len(TEXTS)
    # Text, metadata and how it was read: all as an extraction gives them.
    assert plain.documents == first.documents == second.documents
    assert not second.errors


def test_pages_read_on_every_core_use_the_cache_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write_pages(tmp_path / "in", copies=6)  # 42 pages: enough to read in worker processes
    assert len(paths) >= 32
    cache = tmp_path / "cache"
    first = read_inputs([str(tmp_path / "in")], cache=cache, workers=2)
    no_extraction(monkeypatch)  # forked workers inherit the patched module
    assert read_inputs([str(tmp_path / "in")], cache=cache, workers=2).documents == first.documents


def test_a_changed_page_or_another_extractor_version_is_extracted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = write_pages(tmp_path / "in")[:1]
    cache = tmp_path / "cache"
    before = read_inputs([str(path)], cache=cache).documents[0]
    edited = "The harbour reopened on Monday after a week of storms.\n" * 20
    path.write_text(news_page(edited, title="edited"), encoding="utf-8")
    after = read_inputs([str(path)], cache=cache).documents[0]
    assert after.text.startswith("The harbour reopened")
    assert after.text != before.text
    # A new trafilatura may read the same bytes differently: its entry is another one.
    calls: list[str] = []
    real = reuse.extract.html_text

    def counted(markup: str) -> reuse.extract.Extracted:
        calls.append(markup)
        return real(markup)

    monkeypatch.setattr(reuse.extract, "html_text", counted)
    monkeypatch.setattr(reuse.extract, "package_version", lambda name: "99.0-test")
    again = read_inputs([str(path)], cache=cache).documents[0]
    assert len(calls) == 1
    assert again.text == after.text
    assert again.source is not None
    assert again.source.extractor_version == "99.0-test"


def test_a_page_without_an_article_is_named_each_time(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "menu.html").write_text(news_page("x", title="Menu", body=False), encoding="utf-8")
    cache = tmp_path / "cache"
    for _ in range(2):
        found = read_inputs([str(folder)], cache=cache)
        assert not found.documents
        assert [e.path for e in found.errors] == [str(folder / "menu.html")]
        assert "no article text" in found.errors[0].error


def test_a_damaged_cache_is_started_again_and_never_fails_a_read(tmp_path: Path) -> None:
    write_pages(tmp_path / "in")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE_NAME).write_bytes(b"this is not a database" * 100)
    plain = read_inputs([str(tmp_path / "in")])
    assert read_inputs([str(tmp_path / "in")], cache=cache).documents == plain.documents
    assert (cache / FILE_NAME).read_bytes()[:16] == b"SQLite format 3\x00"  # replaced by a real cache


def test_a_cache_that_cannot_be_made_is_skipped(tmp_path: Path) -> None:
    write_pages(tmp_path / "in")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    plain = read_inputs([str(tmp_path / "in")])
    assert read_inputs([str(tmp_path / "in")], cache=blocker / "cache").documents == plain.documents


def test_scan_reports_are_byte_identical_with_and_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path / "in")
    cache = tmp_path / "user-cache"
    monkeypatch.setenv("REUSE_CACHE_DIR", str(cache))
    runner = CliRunner()
    args = ["scan", str(tmp_path / "in"), "--format", "json", "--quiet"]
    uncached = runner.invoke(app, [*args, "--no-cache"])
    assert uncached.exit_code == 0, uncached.output
    assert not cache.exists()  # --no-cache writes nothing
    first = runner.invoke(app, args)
    assert (cache / FILE_NAME).is_file()
    no_extraction(monkeypatch)
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert uncached.stdout == first.stdout == second.stdout
    assert json.loads(second.stdout)["findings"]  # the fixtures' reuse is there


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    import sqlite3

    write_pages(tmp_path / "in")
    cache = tmp_path / "cache"
    cache.mkdir()
    with sqlite3.connect(cache / FILE_NAME) as other:
        other.execute("CREATE TABLE meta (schema TEXT NOT NULL)")
        other.execute("INSERT INTO meta VALUES ('someone.else/9')")
    other.close()
    before = (cache / FILE_NAME).read_bytes()
    plain = read_inputs([str(tmp_path / "in")])
    assert read_inputs([str(tmp_path / "in")], cache=cache).documents == plain.documents
    assert (cache / FILE_NAME).read_bytes() == before  # not written to, not replaced


def test_cache_info_counts_the_texts_and_clear_empties_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = write_pages(tmp_path / "in")
    monkeypatch.setenv("REUSE_CACHE_DIR", str(tmp_path / "user-cache"))
    runner = CliRunner()

    def info() -> dict[str, object]:
        shown = runner.invoke(app, ["cache", "info", "--json"])
        assert shown.exit_code == 0, shown.output
        found: dict[str, object] = json.loads(shown.stdout)
        return found

    assert info()["entries"] == 0
    assert runner.invoke(app, ["scan", str(tmp_path / "in"), "-q", "-f", "json"]).exit_code == 0
    filled = info()
    assert filled["entries"] == len(pages)
    assert isinstance(filled["bytes"], int)
    assert filled["bytes"] > 0
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0, cleared.output
    assert info() == {"path": filled["path"], "entries": 0, "bytes": 0}
    assert not Path(str(filled["path"])).exists()
