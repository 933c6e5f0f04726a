"""The extract cache: a page or draft read again is not extracted again, and nothing else changes.

Each test gets its own cache folder (``REUSE_CACHE_DIR``, set for every test in ``conftest.py``).
Whether a read was a hit is shown by making extraction impossible on the second read: the page's
text can then only have come from the cache.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, read_text
from newsroom import news_page, write_drafts
from typer.testing import CliRunner

import reuse.extract
import reuse.extract_cache
from reuse.extract_cache import FILE_NAME, info
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


def counted_extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages extracted from now on (their markup): did the cache answer, or the extractor?"""
    calls: list[str] = []
    real = reuse.extract.html_text

    def counted(markup: str) -> reuse.extract.Extracted:
        calls.append(markup)
        return real(markup)

    monkeypatch.setattr(reuse.extract, "html_text", counted)
    return calls


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
    calls = counted_extractions(monkeypatch)
    monkeypatch.setattr(reuse.extract, "package_version", lambda name: "99.0-test")
    again = read_inputs([str(path)], cache=cache).documents[0]
    assert len(calls) == 1
    assert again.text == after.text
    assert again.source is not None
    assert again.source.extractor_version == "99.0-test"


def test_a_page_without_an_article_is_named_each_time_and_extracted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure is an entry of its own: the page is named again, with the same words, without
    trafilatura's whole cascade again (on real pages those few pages were most of a re-read)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "menu.html").write_text(news_page("x", title="Menu", body=False), encoding="utf-8")
    cache = tmp_path / "cache"
    errors = []
    for read in range(3):
        if read == 2:
            no_extraction(monkeypatch)
        found = read_inputs([str(folder)], cache=cache)
        assert not found.documents
        assert [e.path for e in found.errors] == [str(folder / "menu.html")]
        errors.append(found.errors[0].error)
    assert errors[0].startswith("no article text found")
    assert errors == [errors[0]] * 3
    # Another version of the extractor may find an article: its failure is not this one's.
    monkeypatch.setattr(
        reuse.extract, "html_text", lambda markup: reuse.extract.Extracted("Found.", "", "", "")
    )
    monkeypatch.setattr(reuse.extract, "package_version", lambda name: "99.0-test")
    assert [d.text for d in read_inputs([str(folder)], cache=cache).documents] == ["Found."]


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
    assert info() == {
        "path": filled["path"],
        "entries": 0,
        "bytes": 0,
        "used_bytes": 0,
        "max_bytes": 2_048_000_000,
    }
    assert not Path(str(filled["path"])).exists()


def _on_day(monkeypatch: pytest.MonkeyPatch, day: int) -> None:
    monkeypatch.setattr(reuse.extract_cache, "today", lambda: day)


def _hits(paths: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each page, whether reading it again took its text from the cache (else it is extracted)."""
    found = []
    for path in paths:
        with monkeypatch.context() as patched:
            no_extraction(patched)
            try:
                read_inputs([str(path)], cache=cache, workers=1)
                found.append(True)
            except AssertionError:
                found.append(False)
    return found


def test_the_least_recently_used_texts_leave_first_and_unused_ones_by_age(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages read on day 100 and used again on day 300 outlast pages last read on day 200."""
    old = write_pages(tmp_path / "old")
    new = write_pages(tmp_path / "new", copies=2)[len(TEXTS) :]  # other pages: seed 1
    cache = tmp_path / "cache"
    _on_day(monkeypatch, 100)
    read_inputs([str(tmp_path / "old")], cache=cache, workers=1)
    _on_day(monkeypatch, 200)
    read_inputs([str(p) for p in new], cache=cache, workers=1)
    _on_day(monkeypatch, 300)
    assert _hits(old, cache, monkeypatch) == [True] * len(old)  # used again: day 300
    assert info(cache).entries == len(old) + len(new)

    kept = reuse.extract_cache.prune(cache, unused_days=150)  # nothing older than day 150; compacted
    assert kept.entries == 0
    half = reuse.extract_cache.prune(cache, limit=info(cache).used_bytes * 8 // 10)
    assert half.entries > 0
    assert half.bytes > 0  # compacted: the file shrank
    old_kept, new_kept = _hits(old, cache, monkeypatch), _hits(new, cache, monkeypatch)
    assert False in new_kept  # the least recently used went first...
    assert all(old_kept) or not any(new_kept)  # ...and a page used since only once they all had

    _on_day(monkeypatch, 400)  # every page read again above is now day 300; none since
    gone = reuse.extract_cache.prune(cache, unused_days=50)
    assert gone.entries == info(cache).entries + gone.entries > 0
    assert info(cache).entries == 0


def test_a_read_keeps_the_cache_under_its_limit_and_prune_says_what_it_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path / "in", copies=3)
    monkeypatch.setenv("REUSE_CACHE_DIR", str(tmp_path / "user-cache"))
    cache = tmp_path / "user-cache"
    read_inputs([str(tmp_path / "in")], cache=cache, workers=1)
    full = info(cache)
    assert full.entries == 3 * len(TEXTS)
    monkeypatch.setenv("REUSE_CACHE_MAX_MB", str(full.used_bytes / 2 / 1e6))
    write_pages(tmp_path / "more")
    read_inputs([str(tmp_path / "more")], cache=cache, workers=1)  # stores 7 more, then trims
    assert 0 < info(cache).entries < full.entries
    said = CliRunner().invoke(app, ["cache", "prune", "--unused-days", "0"])
    assert said.exit_code == 0, said.output
    assert said.stdout.startswith(f"{cache / FILE_NAME}: 0 texts removed")  # all used today
    said = CliRunner().invoke(app, ["cache", "prune", "--max-mb", "0"])
    assert said.exit_code == 0, said.output
    assert info(cache).entries == 0
    assert said.stdout.endswith("; 0 left, " + f"{info(cache).bytes / 1e6:.1f} MB\n")


def test_a_cache_from_before_last_use_was_kept_is_read_and_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    pages = write_pages(tmp_path / "in")
    cache = tmp_path / "cache"
    read_inputs([str(tmp_path / "in")], cache=cache, workers=1)
    reuse.extract_cache.clear(cache.parent / "none")  # (closes nothing of this cache)
    for slot in [slot for slot in reuse.extract_cache._CONNECTIONS if slot[1] == str(cache / FILE_NAME)]:
        connection = reuse.extract_cache._CONNECTIONS.pop(slot)
        assert connection is not None
        connection.close()
    with sqlite3.connect(cache / FILE_NAME) as old:  # the table as the first version made it
        old.execute("CREATE TABLE before (key TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID")
        old.execute("INSERT INTO before SELECT key, entry FROM extracted")
        old.execute("DROP TABLE extracted")
        old.execute("ALTER TABLE before RENAME TO extracted")
    _on_day(monkeypatch, 500)
    assert _hits(pages, cache, monkeypatch) == [True] * len(pages)
    with sqlite3.connect(cache / FILE_NAME) as upgraded:
        assert upgraded.execute("SELECT DISTINCT used FROM extracted").fetchall() == [(500,)]


def test_report_takes_the_scanned_pages_texts_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reuse report` checks each page's text against the scan: from the cache, without extracting it
    again (a crawl's report would otherwise re-read every page); with --no-cache it extracts."""
    from newsroom import crawl

    pages = write_pages(tmp_path / "in")
    html = {"Content-Type": "text/html; charset=utf-8"}
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(
        crawl([(f"https://news.example.ly/{p.name}", p.read_bytes(), html) for p in pages])
    )
    monkeypatch.setenv("REUSE_CACHE_DIR", str(tmp_path / "user-cache"))
    runner = CliRunner()
    saved = tmp_path / "scan.json"
    assert runner.invoke(app, ["scan", str(tmp_path / "in"), "-o", str(saved), "-q"]).exit_code == 0
    uncached = runner.invoke(app, ["report", str(saved), "-o", str(tmp_path / "a.html"), "--no-cache"])
    assert uncached.exit_code == 0, uncached.output
    no_extraction(monkeypatch)
    cached = runner.invoke(app, ["report", str(saved), "-o", str(tmp_path / "b.html")])
    assert cached.exit_code == 0, cached.output
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    refused = runner.invoke(app, ["report", str(saved), "-o", str(tmp_path / "c.html"), "--no-cache"])
    assert refused.exit_code != 0  # extraction was needed, and was made impossible


def test_an_entry_changed_in_the_cache_is_extracted_again_not_believed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry's text edited in the cache file (or turned by a bad disk) used to be taken as the
    page's: another text, offsets a report points wrong with, and `reuse report` accepting it. Each
    entry leads with its sha256: a changed one is a miss, extracted again and stored in its place;
    one stored before entries carried it is a miss once, the same way."""
    import sqlite3
    import zlib

    (path,) = write_pages(tmp_path / "in")[:1]
    cache = tmp_path / "cache"
    (plain,) = read_inputs([str(path)]).documents
    read_inputs([str(path)], cache=cache, workers=1)
    word = plain.text.split()[0].encode("utf-8")

    def stored(change: Callable[[bytes], bytes]) -> None:
        with sqlite3.connect(cache / FILE_NAME) as db:
            ((key, blob),) = db.execute("SELECT key, entry FROM extracted").fetchall()
            db.execute("UPDATE extracted SET entry = ? WHERE key = ?", (zlib.compress(change(blob)), key))

    calls = counted_extractions(monkeypatch)
    stored(lambda blob: zlib.decompress(blob).replace(word, b"Forged", 1))
    assert read_inputs([str(path)], cache=cache, workers=1).documents == (plain,)
    assert len(calls) == 1
    assert _hits([path], cache, monkeypatch) == [True]  # stored again as extracted
    stored(lambda blob: zlib.decompress(blob)[zlib.decompress(blob).index(b"{") :])  # as entries were
    assert read_inputs([str(path)], cache=cache, workers=1).documents == (plain,)
    assert len(calls) == 2
    assert _hits([path], cache, monkeypatch) == [True]
