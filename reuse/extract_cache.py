"""Texts already extracted from pages, drafts and PDFs, so a folder scanned again is not extracted again.

An editor scans the same archive before every publication; all but the newest pages are unchanged.
Extracting a news page costs about 1 ms of trafilatura per core, about what every later stage of a
scan spends on it together, while finding its text here costs the file's sha256 and one SQLite lookup.

An entry is keyed by what decides the text: the sha256 of the file's bytes, the format, the encoding
asked for (a page's own declaration is in its bytes), our recipe (:data:`~reuse.extract.HTML_READER`,
:data:`~reuse.extract.DOCX_READER`) and the extractor's version. A hit therefore gives the very text
and :class:`~reuse.models.Source` an extraction would, and reports stay byte-identical. A page the
recipe finds no article in is an entry too (:class:`Failure`, its one-line reason): it is named again
on every scan, without being extracted again. On the 173 real pages of ``benchmarks/real_pages.py``
the four without an article were otherwise most of a cached re-read's time (trafilatura's import and
its whole cascade, each time).

Each entry leads with the sha256 of what it holds (text or failure, and source), checked on every
hit: an entry changed since it was stored (an edit of the file, a bad disk) is a miss, dropped and
extracted again, never a text the file does not hold, with offsets a report would then point wrong
with. Entries stored before entries carried it are misses once, so, and stored again. The check
costs a hash of the entry, a fraction of the lookup; the key already names the file's bytes.

The cache is a convenience, never a reason to fail: an unreadable, foreign or locked cache file is
a miss (and a foreign one is replaced), and a write that cannot be made is dropped. One SQLite file
in WAL mode, so scans running at the same time share it; connections are opened per process,
since forked readers must not share the parent's, and each process stores what it extracted.

An archive's pages change (a corrected story, a page saved again with new links), and each version
is an entry, so the cache would only grow. Each entry records the day it was last used; a read that
stored texts trims the least recently used entries once the file passes :func:`max_bytes`
(``$REUSE_CACHE_MAX_MB``, 2,048 by default), and ``reuse cache prune`` trims by age or size and gives
the space back to the file system.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

    >>> cache_key(Source("html", reader="reuse-html/4", extractor="trafilatura",
    ...                  extractor_version="2.0.0", encoding="utf-8", sha256="ab" * 32))[64:]
    ' html utf-8 reuse-html/4 trafilatura 2.0.0'
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
                    " (key TEXT PRIMARY KEY, entry BLOB NOT NULL, used INTEGER NOT NULL DEFAULT 0)"
                    " WITHOUT ROWID"
                )
                if not connection.execute("SELECT 1 FROM meta").fetchall():  # (or another scan did)
                    connection.execute("INSERT INTO meta VALUES (?)", (CACHE_SCHEMA,))
            return connection
        schema = connection.execute("SELECT schema FROM meta").fetchall() if "meta" in tables else []
        if schema != [(CACHE_SCHEMA,)]:
            raise _Foreign(path)  # read, never written to
        columns = {row[1] for row in connection.execute("PRAGMA table_info(extracted)")}
        if "used" not in columns:  # a cache from before entries recorded their last use: day 0
            try:
                connection.execute("ALTER TABLE extracted ADD COLUMN used INTEGER NOT NULL DEFAULT 0")
            except sqlite3.OperationalError as exc:  # another process added it first
                if "duplicate column" not in str(exc):
                    raise
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


_DIGEST = 64
"""Hex digits of the sha256 that leads each entry, of the JSON after it."""


def _pack(entry: bytes) -> bytes:
    """An entry as stored: its sha256, then it (JSON), compressed."""
    return zlib.compress(hashlib.sha256(entry).hexdigest().encode("ascii") + entry, 1)


def _unpack(blob: bytes) -> dict[str, Any] | None:
    """A stored entry's JSON, or None when it is not what was stored (changed, or from before digests).

    >>> stored = _pack(b'{"text": "a"}')
    >>> edited = zlib.compress(zlib.decompress(stored).replace(b'"a"', b'"b"'))
    >>> _unpack(stored), _unpack(edited), _unpack(zlib.compress(b'{"text": "a"}'))
    ({'text': 'a'}, None, None)
    """
    try:
        raw = zlib.decompress(blob)
        if hashlib.sha256(raw[_DIGEST:]).hexdigest().encode("ascii") != raw[:_DIGEST]:
            return None
        entry = json.loads(raw[_DIGEST:])
    except (zlib.error, ValueError, TypeError):
        return None
    return entry if isinstance(entry, dict) else None


def _drop(connection: sqlite3.Connection, key: str) -> None:
    """Remove an entry that failed its check, so the text extracted again is stored in its place."""
    with contextlib.suppress(sqlite3.Error):  # read-only or locked: a miss all the same
        connection.execute("DELETE FROM extracted WHERE key = ?", (key,))


@dataclass(frozen=True)
class Failure:
    """What an extraction said, in one line, when it found no text in these bytes by this recipe."""

    reason: str


def lookup(folder: Path, key: str) -> tuple[str, Source] | Failure | None:
    """The text and source, or the failure, cached under ``key`` in ``folder``; None on a miss.

    An entry that is not what was stored under ``key`` (its digest or its source's key differ) is
    dropped: a miss, extracted again and stored anew.
    """
    connection = _open(folder)
    if connection is None:
        return None
    try:
        row = connection.execute("SELECT entry, used FROM extracted WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    entry = _unpack(row[0])
    try:
        source = Source(**entry["source"]) if entry is not None else None
    except (KeyError, TypeError):
        source = None
    if entry is None or source is None or cache_key(source) != key:
        _drop(connection, key)
        return None
    if row[1] < (day := today()):  # at most one write an entry a day, however often it is read
        with contextlib.suppress(sqlite3.Error):  # read-only or locked: the entry just looks older
            connection.execute("UPDATE extracted SET used = ? WHERE key = ?", (day, key))
    if "failure" in entry:
        return Failure(str(entry["failure"]))
    return str(entry["text"]), source


def remember(folder: Path, text: str | Failure, source: Source) -> bool:
    """Cache the text of a page or draft, or its failure (``source`` says how); whether it was stored.

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
    found = {"failure": text.reason} if isinstance(text, Failure) else {"text": text}
    entry = json.dumps({**found, "source": source.__dict__}, ensure_ascii=False).encode("utf-8")
    try:
        connection.execute(
            "INSERT OR IGNORE INTO extracted (key, entry, used) VALUES (?, ?, ?)",
            (cache_key(source), _pack(entry), today()),
        )
    except sqlite3.Error:
        return False
    return True


def today() -> int:
    """Days since 1970-01-01 (UTC): the unit of an entry's last use."""
    return int(time.time() // 86400)


DEFAULT_MAX_MB = 2048
"""The cache's size limit in MB when ``$REUSE_CACHE_MAX_MB`` does not say: about 400,000 news pages."""


def max_bytes(environ: Mapping[str, str] | None = None) -> int:
    """The size past which a read trims the cache: ``$REUSE_CACHE_MAX_MB`` (MB), else 2,048 MB.

    >>> max_bytes({"REUSE_CACHE_MAX_MB": "10"}), max_bytes({})
    (10000000, 2048000000)
    """
    env = os.environ if environ is None else environ
    try:
        megabytes = float(env.get("REUSE_CACHE_MAX_MB") or DEFAULT_MAX_MB)
    except ValueError:
        megabytes = DEFAULT_MAX_MB  # a convenience never fails a scan; `reuse cache info` shows the limit
    return int(max(megabytes, 0) * 1_000_000)


def _live_bytes(connection: sqlite3.Connection) -> int:
    """Bytes of the database's pages in use (the file less its free pages)."""
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    free = connection.execute("PRAGMA freelist_count").fetchone()[0]
    return int((pages - free) * connection.execute("PRAGMA page_size").fetchone()[0])


@dataclass(frozen=True)
class Pruned:
    """What a prune removed: entries, and the bytes the cache's files shrank by."""

    entries: int
    bytes: int


def prune(
    folder: Path, *, limit: int | None = None, unused_days: int | None = None, compact: bool = True
) -> Pruned:
    """Remove entries unused for ``unused_days`` days, then the least recently used down to ``limit``.

    The cache's pages in use are brought to nine tenths of ``limit`` bytes, so the next reads do not
    prune again. Entries go in order of last use, then key, so the same cache prunes the same way. With
    ``compact`` the file is rewritten to its new size (SQLite's VACUUM: a while for a large cache);
    without, the freed pages are reused by later entries and the file stops growing.
    """
    path = folder / FILE_NAME
    if not path.is_file() or (connection := _open(folder)) is None:
        return Pruned(0, 0)
    before = sum(p.stat().st_size for p in _files(path) if p.is_file())
    removed = 0
    try:
        if unused_days is not None:
            cursor = connection.execute("DELETE FROM extracted WHERE used < ?", (today() - unused_days,))
            removed += max(cursor.rowcount, 0)
        if limit is not None and _live_bytes(connection) > limit:
            target = limit * 9 // 10
            while (live := _live_bytes(connection)) > target:
                entries = connection.execute("SELECT count(*) FROM extracted").fetchone()[0]
                if not entries:
                    break
                share = max(1, min(entries, int(entries * (live - target) / live) + 1))
                cursor = connection.execute(
                    "DELETE FROM extracted WHERE key IN"
                    " (SELECT key FROM extracted ORDER BY used, key LIMIT ?)",
                    (share,),
                )
                removed += max(cursor.rowcount, 0)
        if compact:
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass  # locked by another scan: what was removed stays removed
    after = sum(p.stat().st_size for p in _files(path) if p.is_file())
    return Pruned(removed, max(before - after, 0))


def keep_within(folder: Path, limit: int | None = None) -> Pruned:
    """After a read that stored texts: trim the least recently used entries if the file passed ``limit``.

    ``limit`` defaults to :func:`max_bytes`. Costs a ``stat`` of the files when it has not passed it.
    """
    limit = max_bytes() if limit is None else limit
    path = folder / FILE_NAME
    try:
        size = sum(p.stat().st_size for p in _files(path)[:2] if p.is_file())  # not the -shm index
    except OSError:
        return Pruned(0, 0)
    return prune(folder, limit=limit, compact=False) if size > limit else Pruned(0, 0)


@dataclass(frozen=True)
class CacheInfo:
    """The cache file, how many extracted texts it holds, and its size.

    ``bytes`` is on disk (SQLite's files too); ``used_bytes`` its pages in use, what the limit counts.
    """

    path: str
    entries: int
    bytes: int
    used_bytes: int = 0


def info(folder: Path) -> CacheInfo:
    """What the cache in ``folder`` holds (nothing, when it does not exist).

    >>> import tempfile
    >>> info(Path(tempfile.mkdtemp()) / "none").entries
    0
    """
    path = folder / FILE_NAME
    files = [p for p in _files(path) if p.is_file()]
    entries = used = 0
    connection = _open(folder) if path.is_file() else None
    if connection is not None:
        try:
            entries = int(connection.execute("SELECT count(*) FROM extracted").fetchone()[0])
            used = _live_bytes(connection)
        except sqlite3.Error:
            entries = used = 0
    return CacheInfo(str(path), entries, sum(p.stat().st_size for p in files), used)


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
