"""The archive index under concurrent writers: what a write decides is read inside its transaction.

Two ``reuse index add`` or ``remove`` runs on one file, two first adds racing to create it, a
zero-byte file, and a remove naming an id that is not there. The interleavings that lost documents
are made by hand (a second writer runs at a chosen moment of the first); the subprocess tests then
run real commands side by side.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

import reuse.archive
import reuse.prepare
from reuse.archive import index_add, index_remove, posting_keys, settings
from reuse.models import Document, SketchConfig
from reuse.prepare import PreparedDoc
from reuse.store import ArchiveStore, IndexFileError
from reuse_cli.main import app


def _text(seed: int, words: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(4000)}" for _ in range(words)) + "."


def held(path: Path) -> dict[str, str]:
    """Each document's id and text, after checking the key table against the documents: no posting
    of a document that is not there, and each document's postings exactly the keys of its text."""
    with ArchiveStore.connect(path) as store:
        stored = [s.document for s in store.documents(store.numbers())]
        config = SketchConfig(**store.settings["sketch"])
    with sqlite3.connect(path) as db:
        (orphans,) = db.execute(
            "SELECT COUNT(*) FROM postings WHERE doc NOT IN (SELECT doc FROM docs)"
        ).fetchone()
        rows = db.execute("SELECT d.id, p.key FROM postings p JOIN docs d ON d.doc = p.doc").fetchall()
    assert orphans == 0
    found: dict[str, set[int]] = {d.id: set() for d in stored}
    for doc_id, key in rows:
        found[doc_id].add(key)
    from reuse.prepare import prepare_batch

    want = posting_keys(prepare_batch([d.text for d in stored]), config)
    for doc, keys in zip(stored, want, strict=True):
        assert found[doc.id] == {int(k) for k in keys}, doc.id
    return {d.id: d.text for d in stored}


@contextmanager
def interleaved(
    monkeypatch: pytest.MonkeyPatch, other: Callable[[], object], *, at: str = "look", wait: float = 30.0
) -> Iterator[None]:
    """Start ``other`` (a second writer, on its own connection, in a thread) at a chosen moment of
    ``index_add`` or ``index_remove``: right after it first looks at which ids the index holds
    (``at="look"``) or when it first prepares texts (``at="prepare"``, after it may have read old
    texts too); and let ``other`` run up to ``wait`` seconds before going on (it waits for the write
    lock when the first one holds it). The block's end waits for it."""
    threads: list[threading.Thread] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            other()
        except BaseException as err:  # raised again in the test's thread
            failed.append(err)

    def meanwhile() -> None:
        if not threads and threading.current_thread() is threading.main_thread():
            threads.append(threading.Thread(target=run))
            threads[0].start()
            threads[0].join(wait)

    if at == "look":
        by_id = ArchiveStore.by_id

        def looked(self: ArchiveStore, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
            found = by_id(self, ids)
            meanwhile()
            return found

        monkeypatch.setattr(ArchiveStore, "by_id", looked)
    else:
        prepare = reuse.prepare.prepare_batch

        def prepared(texts: Sequence[str], *args: Any, **kwargs: Any) -> list[PreparedDoc]:
            meanwhile()
            return prepare(texts, *args, **kwargs)

        monkeypatch.setattr(reuse.archive, "prepare_batch", prepared)
    yield
    assert threads, "the second writer never ran"
    threads[0].join()
    if failed:
        raise failed[0]


def _add(path: Path, docs: list[Document]) -> None:
    with ArchiveStore.connect(path) as store:
        index_add(store, docs)


BASE = Document("base", _text(1))
X = Document("X", _text(2))


@pytest.fixture
def index(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    with ArchiveStore.connect(path, settings(), create=True) as store:
        index_add(store, [BASE, X])  # X is the last document: the highest number
    return path


def test_an_add_does_not_delete_the_document_that_took_a_removed_ones_number(
    index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tester's `index add` + `index remove` race, by hand: the add has seen X; meanwhile X is
    removed and Y added (SQLite gives Y X's freed number). The add must not delete Y, and X is added
    in its new version."""
    w, x2, y = Document("W", _text(3)), Document("X", _text(4)), Document("Y", _text(5))

    def other() -> None:
        with ArchiveStore.connect(index) as second:
            assert index_remove(second, ["X"]) == (["X"], [])
            index_add(second, [y])

    with interleaved(monkeypatch, other), ArchiveStore.connect(index) as first:
        result = index_add(first, [w, x2])
    assert result.added == ("W", "X")  # X was no longer there when the add wrote
    assert held(index) == {"base": BASE.text, "Y": y.text, "W": w.text, "X": x2.text}


def test_an_add_replaces_the_version_that_is_there_when_it_writes(
    index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The add saw X's first text; another add replaced it meanwhile. The keys deleted must be those
    of the text that is there (no orphan postings left behind)."""
    x2, x3 = Document("X", _text(6)), Document("X", _text(7))

    def other() -> None:
        with ArchiveStore.connect(index) as second:
            assert index_add(second, [x3]).replaced == ("X",)

    with interleaved(monkeypatch, other, at="prepare"), ArchiveStore.connect(index) as first:
        assert index_add(first, [x2]).replaced == ("X",)
    assert held(index) == {"base": BASE.text, "X": x2.text}


def test_two_adds_of_the_same_documents_at_once(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both adds saw the documents missing; the second to write finds them there, unchanged (it used
    to fail on ``UNIQUE constraint failed: docs.id``)."""
    docs = [Document(f"n{k}", _text(10 + k)) for k in range(5)]
    with interleaved(monkeypatch, lambda: _add(index, docs)), ArchiveStore.connect(index) as first:
        result = index_add(first, docs)
    assert (result.added, result.replaced) == ((), ())
    assert result.skipped == tuple(d.id for d in docs)
    assert held(index) == {"base": BASE.text, "X": X.text} | {d.id: d.text for d in docs}


def test_a_remove_removes_what_is_there_when_it_writes(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The remove looks for X while an add replaces it: X is removed in the version that is there
    (or, when the add waited for the remove, added again), keys and all. The remove used to delete
    the keys of the version it had read, leaving the new version's postings without a document."""
    x2 = Document("X", _text(8))
    with interleaved(monkeypatch, lambda: _add(index, [x2]), wait=2.0), ArchiveStore.connect(index) as first:
        assert index_remove(first, ["X"]) == (["X"], [])
    assert held(index) in ({"base": BASE.text}, {"base": BASE.text, "X": x2.text})


def test_a_remove_does_not_delete_the_document_that_took_its_number(
    index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The remove looks for X while another writer removes X and adds Y, which SQLite numbers as X
    was. Whichever order the two writes take, Y stays (the remove used to delete it by X's number)."""
    y = Document("Y", _text(5))

    def other() -> None:
        with ArchiveStore.connect(index) as second:
            index_remove(second, ["X"])
            index_add(second, [y])

    with interleaved(monkeypatch, other, wait=2.0), ArchiveStore.connect(index) as first:
        assert index_remove(first, ["X"]) in ((["X"], []), ([], ["X"]))
    assert held(index) == {"base": BASE.text, "Y": y.text}


def test_a_write_outside_a_write_transaction_is_refused(index: Path) -> None:
    """Numbers read before a write began may be stale: ``write`` only runs inside ``writing()``."""
    with ArchiveStore.connect(index) as store, pytest.raises(RuntimeError, match="writing"):
        store.write([], [(1, np.zeros(0, dtype=np.int32))])


def test_remove_is_all_or_nothing_when_an_id_is_not_there(index: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["index", "remove", str(index), "X", "nosuch"])
    assert result.exit_code == 3
    assert result.stderr == (
        f"reuse: {index}: no document 'nosuch'\nreuse: {index}: nothing removed (1 id not in the index)\n"
    )
    assert set(held(index)) == {"base", "X"}
    with ArchiveStore.connect(index) as store:
        assert index_remove(store, ["X", "nosuch"], all_or_nothing=True) == ([], ["nosuch"])
    assert set(held(index)) == {"base", "X"}
    result = runner.invoke(app, ["index", "remove", str(index), "X"])
    assert (result.exit_code, result.stderr) == (0, f"reuse: {index}: 1 removed\n")
    assert set(held(index)) == {"base"}


@pytest.mark.parametrize("command", ["add", "check"])
def test_a_zero_byte_file_is_a_new_index(tmp_path: Path, command: str) -> None:
    """`touch archive.db` (or mktemp) then `index add`: a new index with the settings asked for;
    `check` against it says it is empty, in one line."""
    path = tmp_path / "empty.db"
    path.touch()
    doc = tmp_path / "doc.txt"
    doc.write_text(_text(9), encoding="utf-8")
    runner = CliRunner()
    if command == "check":
        result = runner.invoke(app, ["check", str(doc), "--index", str(path)])
        assert result.exit_code == 3
        empty = "an empty file, not an index (create one with `reuse index add`)"
        assert result.stderr == f"reuse: {path}: {empty}\n"
        assert path.stat().st_size == 0
        return
    result = runner.invoke(app, ["index", "add", str(path), str(doc), "--ngram", "2", "--min-words", "10"])
    assert result.exit_code == 0, result.stderr
    with ArchiveStore.connect(path) as store:
        assert store.settings["sketch"]["ngram"] == 2
        assert store.settings["align"]["min_words"] == 10
        assert store.count() == 1


_FIRST_ADD = """
import sys, time
from pathlib import Path
from reuse.archive import index_add
from reuse.models import Document
from reuse_cli.index import open_index
path, go, name = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
while time.time() < go:
    time.sleep(0.0005)
store = open_index(path, create=True, ngram=None, min_words=None, threshold=None)
index_add(store, [Document(name, "some words of " + name + " to index here")])
"""


def test_concurrent_first_adds_of_a_missing_or_empty_file_all_succeed(tmp_path: Path) -> None:
    """Several `index add` runs start at once on a path that does not exist (or is empty): one
    creates the index, the others find it (whole: tables, settings) and add to it."""
    for round_ in range(4):
        path = tmp_path / f"race{round_}.db"
        if round_ % 2:
            path.touch()
        go = time.time() + 2.0  # every process has imported by then
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _FIRST_ADD, str(path), str(go), f"d{k}"],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for k in range(6)
        ]
        errors = [c.communicate()[1] for c in children]
        assert [c.returncode for c in children] == [0] * 6, errors
        assert set(held(path)) == {f"d{k}" for k in range(6)}


def _records(records: list[tuple[str, str]]) -> str:
    return "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records)


def test_concurrent_cli_adds_and_a_remove_keep_the_index_whole(tmp_path: Path) -> None:
    """Real commands side by side (the tester's repro): two `index add` of one folder and a
    `remove` while they run. No traceback, every command's documents there, no orphan postings."""
    path = tmp_path / "rc.db"
    first = tmp_path / "v1.jsonl"
    first.write_text(_records([("base", _text(1)), ("X", _text(2))]), encoding="utf-8")
    assert CliRunner().invoke(app, ["index", "add", str(path), str(first)]).exit_code == 0
    second = tmp_path / "v2.jsonl"
    records = [("W", _text(3)), ("X", _text(4))] + [(f"r{k}", _text(100 + k, 400)) for k in range(400)]
    second.write_text(_records(records), encoding="utf-8")
    adds = [
        subprocess.Popen(
            [sys.executable, "-m", "reuse_cli", "index", "add", str(path), str(second), "-q", "--no-cache"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(1.0)
    remove = subprocess.run(
        [sys.executable, "-m", "reuse_cli", "index", "remove", str(path), "X"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [a.communicate()[1] for a in adds]
    assert [a.returncode for a in adds] == [0, 0], errors
    assert "Traceback" not in remove.stderr, remove.stderr
    texts = held(path)
    assert texts["W"] == _text(3)
    assert texts.get("X", _text(4)) == _text(4)  # removed, or in its new version
    assert set(texts) - {"X"} == {"base", "W"} | {f"r{k}" for k in range(400)}


def test_an_index_file_with_other_tables_is_still_refused_by_add(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(IndexFileError, match="an SQLite database, but not a reuse index"):
        ArchiveStore.connect(path, settings(), create=True)


def test_a_writer_kept_waiting_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the write lock past the wait: a busy index, named, nothing written."""
    import reuse.store
    from reuse_cli.main import app

    index = tmp_path / "a.db"
    draft = tmp_path / "a.txt"
    draft.write_text("The trawlers came back to port on Sunday after the storm had passed the coast.")
    assert CliRunner().invoke(app, ["index", "add", str(index), str(draft), "-q"]).exit_code == 0
    monkeypatch.setattr(reuse.store, "BUSY_WAIT_S", 0.2)
    other = sqlite3.connect(index, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        for args in (["index", "remove", str(index), "a.txt"], ["index", "add", str(index), str(draft)]):
            result = CliRunner().invoke(app, [*args])
            assert result.exit_code == 3, result.output
            assert f"reuse: {index}: busy: another writer held it for 0.2 s" in result.stderr
            assert "Traceback" not in result.output
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert CliRunner().invoke(app, ["index", "remove", str(index), str(draft.name)]).exit_code in (0, 3)
