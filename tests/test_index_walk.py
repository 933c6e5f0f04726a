"""The archive index where the file system says no: a read-only share or backup, a full disk.

Root ignores file modes, so as root the commands run in a process without capabilities
(``setpriv``), where they apply; as any other user they run as they are. A full disk is made with
the file size limit (``RLIMIT_FSIZE``): past it a write fails, as on a full disk, with the same
error from SQLite (``disk I/O error``).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from reuse.archive import index_add, settings
from reuse.models import Document
from reuse.store import ArchiveStore
from reuse_cli.main import app

WIRE, LOCAL = str(FIXTURES / "en_wire.txt"), str(FIXTURES / "en_local.txt")

_COMMANDS = """
import json, sys
from typer.testing import CliRunner
from reuse_cli.main import app
results = [CliRunner().invoke(app, args) for args in json.loads(sys.argv[1])]
print(json.dumps([[r.exit_code, r.stderr] for r in results]))
"""


def _without_privileges() -> list[str]:
    """What runs a command so that file modes apply to it: nothing, or setpriv when this is root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    prefix = [setpriv or "setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    if setpriv is None or subprocess.run([*prefix, "true"], check=False).returncode != 0:
        pytest.skip("root ignores file modes, and setpriv cannot drop that here")
    return prefix


def _run(commands: list[list[str]]) -> list[tuple[int, str]]:
    """Each command's exit code and stderr, run in one process where file modes apply."""
    done = subprocess.run(
        [*_without_privileges(), sys.executable, "-c", _COMMANDS, json.dumps(commands)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [(code, err) for code, err in json.loads(done.stdout)]


def _index(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "a.db"
    assert (
        CliRunner().invoke(app, ["index", "add", str(path), WIRE, str(FIXTURES / "ar_source.txt")]).exit_code
        == 0
    )
    return path


def test_a_read_only_index_is_read_and_a_write_to_it_is_named_read_only(tmp_path: Path) -> None:
    """A share or backup: the folder read-only (SQLite cannot make the -shm it reads a WAL file with),
    or the file. Checks and info read it (they said "not a reuse index (attempt to write a readonly
    database)"); an add or a remove says it cannot write (it said "damaged or unreadable"); a -wal
    holding commits in a read-only folder is said as such, never read around; no file changes."""
    share = _index(tmp_path / "share")
    backup = _index(tmp_path / "backup")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with ArchiveStore.connect(tmp_path / "live.db", settings(), create=True) as live:
        index_add(live, [Document("a", "alpha beta gamma delta")])
        for name in ("live.db", "live.db-wal"):  # as a writer killed before its checkpoint leaves them
            shutil.copy(tmp_path / name, crashed / name.replace("live", "a"))
    assert (crashed / "a.db-wal").stat().st_size > 0
    backup.chmod(0o444)
    before = {p: p.read_bytes() for p in (share, backup, crashed / "a.db", crashed / "a.db-wal")}
    for folder in (share.parent, crashed):
        folder.chmod(0o555)
    try:
        said = _run(
            [
                ["index", "info", str(share)],
                ["check", LOCAL, "--index", str(share), "--no-cache"],
                ["index", "add", str(share), LOCAL, "--no-cache"],
                ["index", "info", str(backup)],
                ["check", LOCAL, "--index", str(backup), "--no-cache"],
                ["index", "add", str(backup), LOCAL, "--no-cache"],
                ["index", "remove", str(backup), WIRE],
                ["index", "info", str(crashed / "a.db")],
            ]
        )
    finally:
        for folder in (share.parent, crashed):
            folder.chmod(0o755)
    checked = "reuse: 1 draft checked against 2 archived documents, 1 finding (1 reused, 0 repeated)"
    folder_read_only = "cannot write: its folder is read-only (SQLite keeps the -wal and -shm files there)"
    file_read_only = "cannot write: the index is read-only (attempt to write a readonly database)"
    assert said[0] == (0, "")
    assert (said[1][0], said[1][1].startswith(checked)) == (0, True), said[1]
    assert said[2] == (3, f"reuse: {share}: {folder_read_only} (attempt to write a readonly database)\n")
    assert said[3] == (0, "")
    assert (said[4][0], said[4][1].startswith(checked)) == (0, True), said[4]
    assert said[5] == (3, f"reuse: {backup}: {file_read_only}\n")
    assert said[6] == (3, f"reuse: {backup}: {file_read_only}\n")
    assert said[7] == (
        3,
        f"reuse: {crashed / 'a.db'}: cannot read it: its a.db-wal holds commits, and SQLite cannot make "
        "a.db-shm beside it (the folder is read-only): copy the index and its -wal to a folder you can "
        "write to\n",
    )
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in share.parent.iterdir()) == ["a.db"]  # no -wal or -shm was made


_FULL_DISK = """
import resource, signal, sys
import reuse.archive
from typer.testing import CliRunner
from reuse_cli.main import app
add = reuse.archive.index_add
reuse.archive.index_add = lambda store, docs, **kw: add(store, docs, batch_chars=20_000, **kw)  # many batches
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit a write fails (EFBIG), as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), int(sys.argv[3])))
result = CliRunner().invoke(app, ["index", "add", sys.argv[1], sys.argv[2], "--no-cache", "-q"])
sys.stderr.write(result.stderr)
sys.exit(result.exit_code)
"""


def test_a_full_disk_during_an_add_is_said_with_what_the_index_keeps(tmp_path: Path) -> None:
    """A write the disk refuses is no damage (it said "damaged or unreadable (disk I/O error)"): one
    line says the write failed and how many documents the index keeps, which are exactly the
    batches committed before, in a whole file."""
    rng = random.Random(5)
    vocabulary = [f"w{k}" for k in range(4000)]
    records = [{"id": f"d{k:02}", "text": " ".join(rng.choices(vocabulary, k=300))} for k in range(60)]
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    path = tmp_path / "a.db"
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(path), str(source), str(600_000)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"},
    )
    said = re.fullmatch(
        rf"reuse: {re.escape(str(path))}: the write failed \(disk I/O error: the disk is full, or the file"
        r" too large\); it keeps the (\d+) documents committed before it\n",
        done.stderr,
    )
    assert (done.returncode, bool(said)) == (3, True), done.stderr
    assert said is not None
    kept = int(said.group(1))
    assert 0 < kept < len(records)
    with ArchiveStore.connect(path) as store:
        assert [s.document.id for s in store.documents(store.numbers())] == [r["id"] for r in records[:kept]]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
