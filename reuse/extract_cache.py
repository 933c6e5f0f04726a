"""Texts already extracted from pages and drafts, so a folder scanned again is not extracted again.

An editor scans the same archive before every publication; all but the newest pages are unchanged.
Extracting a news page costs about 1 ms of trafilatura per core, about what every later stage of a
scan spends on it together, while finding its text here costs the file's sha256 and one SQLite lookup.

An entry is keyed by what decides the text: the sha256 of the file's bytes, the format, the encoding
asked for (a page's own declaration is in its bytes), our recipe (:data:`~reuse.extract.HTML_READER`,
:data:`~reuse.extract.DOCX_READER`) and the extractor's version. A hit therefore gives the very text
and :class:`~reuse.models.Source` an extraction would, and reports stay byte-identical. Only texts
are cached, never failures: a page without an article is extracted (and named) again each time.

The cache is a convenience, never a reason to fail: an unreadable, foreign or locked cache file is
a miss (and a foreign one is replaced), and a write that cannot be made is dropped. One SQLite file
in WAL mode, so scans running at the same time share it; connections are opened per process,
since forked readers must not share the parent's, and each process stores what it extracted.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reuse.models import Source

CACHE_SCHEMA = "reuse.extract-cache/1"
FILE_NAME = "extracted.sqlite"


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$REUSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/reuse``, else ``~/.cache/reuse``.

    >>> default_cache_dir({"REUSE_CACHE_DIR": "/tmp/c"}).as_posix()
    '/tmp/c'
    >>> default_cache_dir({"XDG_CACHE_HOME": "/var/cache"}).as_posix()
    '/var/cache/reuse'
    """
    env = os.environ if environ is None else environ
    if env.get("REUSE_CACHE_DIR"):
        return Path(env["REUSE_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reuse"


def cache_key(source: Source) -> str:
    """The key of one file's extraction: the fields of its source that decide its text.

    >>> cache_key(Source("html", reader="reuse-html/2", extractor="trafilatura",
    ...                  extractor_version="2.0.0", encoding="utf-8", sha256="ab" * 32))[64:]
    ' html utf-8 reuse-html/2 trafilatura 2.0.0'
    """
    s = source
    return " ".join((s.sha256, s.format, s.encoding, s.reader, s.extractor, s.extractor_version))


_CONNECTIONS: dict[tuple[int, str], sqlite3.Connection | None] = {}
"""Per process (pid) and cache file: the open connection, or None when the cache is unusable."""


def _files(path: Path) -> tuple[Path, Path, Path]:
    """The cache file and the two files SQLite keeps beside it in WAL mode."""
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


class _Foreign(Exception):
    """A SQLite file that is not this version's cache: left alone, and not used."""


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    try:
        # Each entry is its own transaction (autocommit); in WAL mode, NORMAL syncs at checkpoints,
        # not at every commit: a power cut may cost a cache its last entries, never its consistency.
        connection.execute("PRAGMA synchronous=NORMAL")
        tables = {
            name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:  # a new file: make it this version's cache
            connection.execute("PRAGMA journal_mode=WAL")
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("CREATE TABLE IF NOT EXISTS meta (schema TEXT NOT NULL)")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS extracted"
                    " (key TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID"
                )
                if not connection.execute("SELECT 1 FROM meta").fetchall():  # (or another scan did)
                    connection.execute("INSERT INTO meta VALUES (?)", (CACHE_SCHEMA,))
            return connection
        schema = connection.execute("SELECT schema FROM meta").fetchall() if "meta" in tables else []
        if schema != [(CACHE_SCHEMA,)]:
            raise _Foreign(path)  # read, never written to
    except BaseException:
        connection.close()
        raise
    return connection


def _open(folder: Path) -> sqlite3.Connection | None:
    """This process's connection to the cache in ``folder``; None when it cannot be used.

    A damaged file (not a database) is replaced by a new cache. A locked one (another scan holding
    it past the timeout), a foreign one or a folder that cannot be made is simply not used.
    """
    path = folder / FILE_NAME
    slot = (os.getpid(), str(path))
    if slot not in _CONNECTIONS:
        connection: sqlite3.Connection | None = None
        try:
            connection = _connect(path)
        except sqlite3.OperationalError:  # locked, read-only, no such folder: not damaged
            pass
        except sqlite3.DatabaseError:  # "file is not a database": a cache may always start again
            try:
                for stale in _files(path):
                    stale.unlink(missing_ok=True)
                connection = _connect(path)
            except (OSError, sqlite3.Error, _Foreign):
                pass
        except (OSError, sqlite3.Error, _Foreign):
            pass
        _CONNECTIONS[slot] = connection
    return _CONNECTIONS[slot]


def ready(folder: Path) -> bool:
    """Open the cache in ``folder`` in this process, making it if need be; whether it can be used.

    Called before forking readers: each then finds the file made, rather than racing the others to
    make it (the loser of that race would find it locked and do without a cache).
    """
    return _open(folder) is not None


def lookup(folder: Path, key: str) -> tuple[str, Source] | None:
    """The text and source cached under ``key`` in ``folder``, or None (a miss, or no usable cache)."""
    connection = _open(folder)
    if connection is None:
        return None
    try:
        row = connection.execute("SELECT entry FROM extracted WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        entry = json.loads(zlib.decompress(row[0]))
        source = Source(**entry["source"])
        return (str(entry["text"]), source) if cache_key(source) == key else None
    except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError):
        return None


def remember(folder: Path, text: str, source: Source) -> bool:
    """Cache the text extracted from a page or draft (``source`` says how); whether it was stored.

    Called by the process that extracted it, right after, so on a read spread over every core the
    cost of storing (JSON and compression: 0.25 ms for a 20 KB article) is spread too, instead of
    following the last extraction in one process. An entry already there is left as it is. A cache
    that cannot be written (read-only folder, locked for longer than the timeout) is skipped.
    """
    connection = _open(folder)
    if connection is None:
        return False
    # UTF-8, not JSON's \u escapes (an Arabic letter takes 2 bytes, not 6); level 1: a third of the
    # default's time for entries about a quarter larger.
    entry = json.dumps({"text": text, "source": source.__dict__}, ensure_ascii=False).encode("utf-8")
    try:
        connection.execute(
            "INSERT OR IGNORE INTO extracted VALUES (?, ?)", (cache_key(source), zlib.compress(entry, 1))
        )
    except sqlite3.Error:
        return False
    return True


@dataclass(frozen=True)
class CacheInfo:
    """The cache file, how many extracted texts it holds, and its bytes on disk (SQLite's files too)."""

    path: str
    entries: int
    bytes: int


def info(folder: Path) -> CacheInfo:
    """What the cache in ``folder`` holds (nothing, when it does not exist).

    >>> import tempfile
    >>> info(Path(tempfile.mkdtemp()) / "none").entries
    0
    """
    path = folder / FILE_NAME
    files = [p for p in _files(path) if p.is_file()]
    entries = 0
    connection = _open(folder) if path.is_file() else None
    if connection is not None:
        try:
            entries = int(connection.execute("SELECT count(*) FROM extracted").fetchone()[0])
        except sqlite3.Error:
            entries = 0
    return CacheInfo(str(path), entries, sum(p.stat().st_size for p in files))


def clear(folder: Path) -> int:
    """Delete the cache file (and SQLite's files beside it); returns the bytes freed."""
    path = folder / FILE_NAME
    freed = 0
    for slot in [slot for slot in _CONNECTIONS if slot[1] == str(path)]:
        connection = _CONNECTIONS.pop(slot)
        if connection is not None:
            connection.close()
    for stale in _files(path):
        if stale.is_file():
            freed += stale.stat().st_size
            stale.unlink()
    return freed
