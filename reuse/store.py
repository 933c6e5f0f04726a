"""The archive index's file: an embedded SQLite database (stdlib ``sqlite3``, WAL journal).

Besides :mod:`reuse.io`, :mod:`reuse.files` and the extract cache (:mod:`reuse.extract_cache`)
this is the only module that touches the file system, and only the one database file (with
SQLite's ``-wal`` and ``-shm`` beside it). It stores, per document, its id, the ``sha256`` of its
text, how it was read (:class:`~reuse.models.Source`) and the text itself, zlib-compressed; and,
per document, the distinct 32-bit *postings keys* of its passage windows' LSH band keys at every
window scale (:func:`reuse.archive.posting_keys`). The key table is one ``WITHOUT ROWID`` B-tree
ordered by ``(key, doc)``: a lookup is a range scan, and how many documents hold a key (what the
skew rule needs) is the length of that range, always current, with no counter to keep in step.

Every write is one transaction: a batch of documents with all their keys, or none of it. WAL mode
lets readers keep reading a snapshot while a writer commits (:meth:`ArchiveStore.snapshot`), and a
process killed mid-write leaves frames after the last commit in the WAL, which SQLite ignores on the
next open. Several writers (two ``reuse index add`` runs, an add and a ``remove``) take turns: what a
write decides on (which ids are there, the numbers and texts of the documents it deletes) is read
inside its own write transaction (:meth:`ArchiveStore.writing`), after the previous writer's commit,
so a number read by one writer is never stale when it deletes by it. (Numbers of deleted documents
are reused by SQLite; nothing holds one across transactions.)

A reader (``reuse check``, ``reuse index info``) opens the file read-only (:meth:`ArchiveStore.connect`
with ``readonly``), so an index on a read-only share or a backup can be read. SQLite reads a WAL
file through its ``-shm`` beside it, which it cannot make in a folder it may not write to: there, when
no ``-wal`` file holds commits (none beside it, or an empty one, so every commit is in the file
itself), the file is read as immutable (no ``-shm``, no locks). Nobody can be writing it then unless
someone allowed to write to that folder makes a ``-wal`` while the reader reads, which a read-only
share or backup does not have. A ``-wal`` with commits and no ``-shm`` cannot be read so, and is said.

A write the disk refuses (full, or the file past what the system allows a process) is said as such
(:class:`IndexWriteError`), with what the index keeps: the batches committed before it.

Settings that change keys or findings are written once, at creation; :meth:`ArchiveStore.connect`
refuses other settings with an :class:`IndexSettingsError` that names the first difference. A file
that holds nothing yet (missing, zero bytes as ``touch`` leaves it, or SQLite with no tables) is a
new index; which of several processes creating it at once writes the tables is settled under the
write lock, and the others open what it wrote.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt

from reuse.files import InputFileError, open_error
from reuse.models import TEXT_RULES, AlignParams, CandidateParams, Document, SketchConfig, Source

INDEX_SCHEMA = "reuse.index/1"
"""The layout of the index file; bump when tables or the key derivation change."""
APPLICATION_ID = 0x72757365  # "ruse": SQLite's header field that says whose file this is
_USER_VERSION = 1
_EMPTY = "an empty file, not an index (create one with `reuse index add`)"
_DAMAGED = "damaged: {}; build a new one with `reuse index add`"
_KEY_CHUNK = 30_000  # bound parameters per statement (SQLite's default limit is 32,766)

_TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    chars INTEGER NOT NULL,
    keys INTEGER NOT NULL,
    text BLOB NOT NULL
);
CREATE TABLE postings (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
"""
_TEXT_INDEX = "CREATE INDEX IF NOT EXISTS docs_sha256 ON docs (sha256)"
"""Which documents hold a text (:meth:`ArchiveStore.holders`). Made with the tables, and by the first
add to an index made before it (the same schema: nothing else reads it, and SQLite keeps it current
whoever writes)."""
_COLUMNS = {
    "meta": ["name", "value"],
    "docs": ["doc", "id", "sha256", "path", "source", "chars", "keys", "text"],
    "postings": ["key", "doc"],
}
"""Each table's columns, as ``_TABLES`` makes them: an index lacking one is damaged."""


class _Locked(Exception):
    """SQLite said the file is locked where its busy wait does not apply: try again."""


BUSY_WAIT_S = 30.0
"""How long a writer waits for another's commit before the index is named busy."""


class IndexFileError(InputFileError):
    """The file is not a readable reuse index: missing, corrupt, another program's, another schema."""


class IndexWriteError(IndexFileError):
    """A write the file system refused (the index read-only, the disk full, the file too large).

    The index is not damaged: the transaction is rolled back, and every one committed before is kept.
    """


class _DiskRefused(IndexWriteError):
    """The disk refused a write (full, or the file past the process's size limit): said with what is kept."""


class IndexSettingsError(InputFileError):
    """The index was built with other settings than the ones asked for (the message names the first)."""


def _cannot_open(path: Path, err: sqlite3.Error) -> str:
    """Why SQLite could not open the file, in the system's words where it can tell.

    SQLite says only "unable to open database file", for a file it may not read as for a process out
    of file handles; opening the file here names which (``Too many open files``).
    """
    reason = open_error(path)
    return f"cannot open it: {reason}" if reason else f"cannot open it ({err})"


def _read_only(err: sqlite3.Error) -> str:
    """Why SQLite may not write the index: the file, or the folder its ``-wal`` and ``-shm`` go in."""
    if err.sqlite_errorcode == sqlite3.SQLITE_READONLY_DIRECTORY:
        return f"cannot write: its folder is read-only (SQLite keeps the -wal and -shm files there) ({err})"
    return f"cannot write: the index is read-only ({err})"


def _refused(err: Exception) -> bool:
    """Whether a failed write is the file system's refusal (read-only, full, an I/O error), not damage."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    return code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR)


def _unreadable(path: Path, err: Exception) -> str:
    """What a failed query on an open index says: it cannot be opened now, or it is damaged."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_CANTOPEN:
        return _cannot_open(path, err)  # type: ignore[arg-type]
    if code == sqlite3.SQLITE_FULL:
        return f"cannot write to it ({err})"
    return f"damaged or unreadable ({err})"


def _write_failed(path: Path, err: Exception) -> IndexWriteError:
    """A write's failure: read-only, or the disk full or the file too large (an I/O error, to SQLite)."""
    if (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF == sqlite3.SQLITE_READONLY:
        return IndexWriteError(str(path), _read_only(err))  # type: ignore[arg-type]
    return _DiskRefused(str(path), f"the write failed ({err}: the disk is full, or the file too large)")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(
    method: Callable[Concatenate[ArchiveStore, _P], _R],
) -> Callable[Concatenate[ArchiveStore, _P], _R]:
    """A query whose failures say what is wrong with the file (:class:`IndexFileError`), never a traceback.

    A table dropped, a page or a stored text corrupted, the file impossible to open: each is found
    only when a query reaches it. Inside a write, the file system refusing it (read-only, full) is
    an :class:`IndexWriteError`, not damage.
    """

    @functools.wraps(method)
    def guarded(store: ArchiveStore, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(store, *args, **kwargs)
        except (sqlite3.DatabaseError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as err:
            if store._writing and _refused(err):
                raise _write_failed(store.path, err) from None
            raise IndexFileError(str(store.path), _unreadable(store.path, err)) from None

    return guarded


@dataclass(frozen=True)
class StoredDoc:
    """One archived document as stored: its number in the index, the document, its key count."""

    number: int
    document: Document
    keys: int


def _difference(stored: Any, wanted: Any, where: str = "") -> str | None:
    """The first setting that differs, as ``name: stored -> wanted``, or ``None``.

    >>> _difference({"sketch": {"ngram": 1, "seed": 1}}, {"sketch": {"ngram": 2, "seed": 1}})
    'sketch.ngram: 1 in the index, 2 asked for'
    """
    if isinstance(stored, dict) and isinstance(wanted, dict):
        for name in sorted(set(stored) | set(wanted)):
            found = _difference(stored.get(name), wanted.get(name), f"{where}.{name}" if where else name)
            if found:
                return found
        return None
    if stored != wanted:
        return f"{where}: {stored!r} in the index, {wanted!r} asked for"
    return None


def _stored_settings(name: str, value: str | None) -> dict[str, Any]:
    """The settings the index records: a JSON object of sections (``sketch``: ``{...}``), or damage.

    >>> _stored_settings("a.db", '{"sketch": {"ngram": 1}}')
    {'sketch': {'ngram': 1}}
    >>> _stored_settings("a.db", "{sketch")
    Traceback (most recent call last):
    ...
    reuse.store.IndexFileError: a.db: damaged: its settings are not JSON (Expecting ... at character 1); ...
    """
    if value is None:
        raise IndexFileError(name, _DAMAGED.format("its settings are missing from its meta table"))
    try:
        loaded = json.loads(value)
    except json.JSONDecodeError as err:
        where = f"{err.msg} at character {err.pos}"
        raise IndexFileError(name, _DAMAGED.format(f"its settings are not JSON ({where})")) from None
    except RecursionError:
        raise IndexFileError(name, _DAMAGED.format("its settings are not JSON (nested too deeply)")) from None
    if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
        raise IndexFileError(name, _DAMAGED.format("its settings are not an object of sections"))
    return loaded


_SECTIONS = {"sketch": SketchConfig, "candidates": CandidateParams, "align": AlignParams}
"""The settings' sections (:func:`reuse.archive.settings`) and what each must make."""


def _check_sections(name: str, stored: dict[str, Any], wanted: dict[str, Any] | None) -> None:
    """Every section the caller's settings have is in the index's, and each known one is usable.

    An index lacking a section, or holding a setting no version of reuse wrote or a value out of
    range, cannot say how its keys were made: damage, said as such, not a crash in a check later.
    """
    for section in wanted or {}:
        if section not in stored:
            raise IndexFileError(name, _DAMAGED.format(f"its settings have no {section!r} section"))
    for section, config in _SECTIONS.items():
        if section in stored:
            try:
                config(**stored[section])
            except (TypeError, ValueError) as err:
                made = "damaged, or made by a newer version of reuse"
                raise IndexFileError(name, f"its {section} settings cannot be used ({made}: {err})") from None


def _sqlite(path: Path, flags: str = "") -> sqlite3.Connection:
    """A connection to the file; ``flags`` are SQLite's URI parameters (``mode=ro``)."""
    where: str | Path = f"{path.absolute().as_uri()}?{flags}" if flags else path
    return sqlite3.connect(
        where, isolation_level=None, timeout=BUSY_WAIT_S, check_same_thread=False, uri=bool(flags)
    )


def _reader(path: Path) -> sqlite3.Connection:
    """A read-only connection; in a folder SQLite cannot make the ``-shm`` in, an immutable one.

    That is only when no ``-wal`` holds commits (the module's docstring says why it is safe then);
    otherwise what SQLite says about the folder stays the error.
    """
    db = _sqlite(path, "mode=ro")
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.Error as err:
        shm_refused = err.sqlite_errorcode in (sqlite3.SQLITE_READONLY_DIRECTORY, sqlite3.SQLITE_CANTOPEN)
        if not shm_refused or os.access(path.parent, os.W_OK):
            return db  # damage, a lock, out of file handles: said by what reads it next
        db.close()
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        raise IndexFileError(
            str(path),
            f"cannot read it: its {wal.name} holds commits, and SQLite cannot make {path.name}-shm beside"
            " it (the folder is read-only): copy the index and its -wal to a folder you can write to",
        )
    return _sqlite(path, "mode=ro&immutable=1")


class ArchiveStore:
    """An open index file. Use :meth:`connect`; close with :meth:`close` or a ``with`` block.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "archive.db"
    >>> with ArchiveStore.connect(path, {"sketch": {"ngram": 1}}, create=True) as store:
    ...     store.count()
    0
    >>> ArchiveStore.connect(path, {"sketch": {"ngram": 2}})
    Traceback (most recent call last):
    ...
    reuse.store.IndexSettingsError: ...: built with other settings (sketch.ngram: 1 in the index, 2 asked for)
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, settings: dict[str, Any]) -> None:
        self.path = path
        self.settings = settings
        self._db = connection
        self._writing = False

    @classmethod
    def connect(
        cls,
        path: Path,
        settings: dict[str, Any] | None = None,
        *,
        create: bool = False,
        initial: dict[str, Any] | None = None,
        readonly: bool = False,
    ) -> ArchiveStore:
        """Open (or with ``create``, create when new) the index at ``path``.

        Args:
            path: The database file.
            settings: What keys and findings depend on (sketch, candidate and align settings); ``None``
                takes the index's own. A new index records them.
            create: Create the index when the file holds nothing yet: missing, zero bytes, or an
                SQLite database without tables (``reuse index add``).
            initial: What a new index records when ``settings`` is ``None`` (an existing index's own
                are then taken, whatever they are).
            readonly: Only read it (``reuse check``, ``reuse index info``): a file or folder the
                process may not write to is read all the same, and a write is an :class:`IndexWriteError`.

        Raises:
            IndexFileError: Missing or empty (without ``create``), not SQLite, corrupt, not a reuse
                index, damaged (a table, its settings or a section of them missing), impossible to
                open now (out of file handles), or built by a version of reuse whose text rules
                (normalisation, preparation) differ.
            IndexSettingsError: ``settings`` differ from the index's.
        """
        name = str(path)
        if path.is_dir():
            raise IndexFileError(name, "is a directory, not an index file")
        if not path.exists() and not create:
            raise IndexFileError(name, "no such index (create one with `reuse index add`)")
        try:
            db = _reader(path) if readonly and not create else _sqlite(path)
        except sqlite3.Error as err:
            raise IndexFileError(name, _cannot_open(path, err)) from None
        try:
            new = settings if settings is not None else initial
            waited_until = time.monotonic() + BUSY_WAIT_S
            while True:  # switching to WAL can be refused at once, busy wait or not, while another
                try:  # process creates the file
                    stored = cls._settings(db, path, create=create, settings=new, readonly=readonly)
                    break
                except _Locked as err:
                    if time.monotonic() > waited_until:
                        busy = f"busy: another writer held it for {BUSY_WAIT_S:g} s ({err}); try again"
                        raise IndexFileError(name, busy) from None
                    time.sleep(0.05)
        except BaseException:
            db.close()
            raise
        rules = stored.get("sketch", {})
        for rule, current in TEXT_RULES:
            if rules.get(rule, current) != current:
                db.close()
                raise IndexFileError(
                    name,
                    f"built by another version of reuse ({rule} {rules[rule]!r}, this version's {current!r}):"
                    " build a new one with `reuse index add`",
                )
        try:
            _check_sections(name, stored, new)
        except IndexFileError:
            db.close()
            raise
        if settings is not None:
            diff = _difference(stored, settings)
            if diff:
                db.close()
                raise IndexSettingsError(name, f"built with other settings ({diff})")
        return cls(path, db, stored)

    @staticmethod
    def _empty(db: sqlite3.Connection) -> bool:
        """Whether the database holds nothing yet: no tables, no file id (a new or a zero-byte file)."""
        (tables,) = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        (app,) = db.execute("PRAGMA application_id").fetchone()
        return bool(tables == 0 and app == 0)

    @staticmethod
    def _settings(
        db: sqlite3.Connection, path: Path, *, create: bool, settings: dict[str, Any] | None, readonly: bool
    ) -> dict[str, Any]:
        name = str(path)
        try:
            if ArchiveStore._empty(db):
                if not create:
                    raise IndexFileError(name, _EMPTY)
                if settings is None:
                    raise IndexFileError(name, "a new index needs its settings")
                db.execute("PRAGMA journal_mode=WAL")
                # Tables, file id and settings: all or nothing, and decided under the write lock, so
                # that of several processes creating the file at once one writes them and the others,
                # finding them once it commits, open its index.
                db.execute("BEGIN IMMEDIATE")
                try:
                    if ArchiveStore._empty(db):
                        for statement in [*_TABLES.split(";"), _TEXT_INDEX]:
                            if statement.strip():
                                db.execute(statement)
                        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                        db.execute(f"PRAGMA user_version={_USER_VERSION}")
                        db.executemany(
                            "INSERT INTO meta VALUES (?, ?)",
                            [("schema", INDEX_SCHEMA), ("settings", json.dumps(settings, sort_keys=True))],
                        )
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            (app,) = db.execute("PRAGMA application_id").fetchone()
            if app != APPLICATION_ID:
                raise IndexFileError(name, "an SQLite database, but not a reuse index")
            if not readonly:  # (a reader leaves the file as it is)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # WAL: a commit survives a killed process
            db.execute("PRAGMA cache_size=-262144")  # 256 MiB of page cache for bulk adds
            for table, columns in _COLUMNS.items():
                found = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
                if found != columns:
                    lacks = f"no {table} table" if not found else f"the {table} table's columns are {found}"
                    raise IndexFileError(name, _DAMAGED.format(lacks))
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        except sqlite3.OperationalError as err:
            if "locked" in str(err):  # another process is creating the file: it has not committed yet
                raise _Locked(str(err)) from None
            if err.sqlite_errorcode == sqlite3.SQLITE_CANTOPEN:  # e.g. out of file handles
                raise IndexFileError(name, _cannot_open(path, err)) from None
            if (err.sqlite_errorcode or 0) & 0xFF == sqlite3.SQLITE_READONLY:  # a writer, on a read-only file
                raise IndexWriteError(name, _read_only(err)) from None
            raise IndexFileError(name, f"not a reuse index ({err})") from None
        except sqlite3.DatabaseError as err:
            raise IndexFileError(name, f"not a reuse index ({err})") from None
        if "schema" not in meta:
            raise IndexFileError(name, _DAMAGED.format("its meta table records no schema"))
        if meta.get("schema") != INDEX_SCHEMA:
            raise IndexFileError(
                name, f"index schema {meta.get('schema')!r}, not this version's {INDEX_SCHEMA!r}"
            )
        return _stored_settings(name, meta.get("settings"))

    def __enter__(self) -> ArchiveStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (committed data is already on disk)."""
        self._db.close()

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (after a failed commit: the connection is not to be reused)."""
        return self._db.in_transaction

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE``): committed at the end, rolled back on an error.

        It takes SQLite's write lock at once (waiting up to 30 s for another writer to commit, else
        :class:`IndexFileError`: the index is busy, and nothing was written), so
        every query inside reads the state the write will change, never a state another writer has
        changed since: read what decides the write (:meth:`by_id`, :meth:`documents`) in here, then
        :meth:`write`.

        A block inside another joins its transaction: the outer block commits both or neither
        (``reuse serve`` removes and adds documents of one request so).

        A write the disk refuses (full, the file too large) is an :class:`IndexWriteError` that says
        how many documents the index keeps: those committed before this transaction.
        """
        if self._writing:  # inside another block: part of its transaction, committed with it
            yield
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:  # "database is locked": another writer kept it
            held = f"busy: another writer held it for {BUSY_WAIT_S:g} s ({err}); try again"
            busy = "locked" in str(err) or "busy" in str(err)
            raise IndexFileError(str(self.path), held if busy else _unreadable(self.path, err)) from None
        self._writing = True
        try:
            yield
            self._run("COMMIT")
        except _DiskRefused as err:
            self._rollback()
            raise IndexWriteError(str(self.path), f"{err.problem}; {self._kept()}") from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._writing = False

    def _rollback(self) -> None:
        """End a failed write (SQLite may have rolled it back already, after an I/O error)."""
        if self._db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def _kept(self) -> str:
        """What the index holds after a failed write, as far as it can still be read."""
        try:
            (n,) = self._db.execute("SELECT COUNT(*) FROM docs").fetchone()
        except sqlite3.Error:
            return "it keeps the documents committed before it"
        return f"it keeps the {n:,} document{'s' if n != 1 else ''} committed before it"

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read inside one transaction: every query sees the same committed state (WAL snapshot)."""
        self._run("BEGIN")
        try:
            yield
        finally:
            self._run("COMMIT")

    def _run(self, statement: str) -> None:
        """One statement that begins or ends a transaction, its failure said as the file's."""
        try:
            self._db.execute(statement)
        except sqlite3.DatabaseError as err:
            if self._writing and _refused(err):
                raise _write_failed(self.path, err) from None
            raise IndexFileError(str(self.path), _unreadable(self.path, err)) from None

    @_guarded
    def count(self) -> int:
        """Number of documents in the index."""
        (n,) = self._db.execute("SELECT COUNT(*) FROM docs").fetchone()
        return int(n)

    @_guarded
    def numbers(self) -> list[int]:
        """Every document's number, ascending (the order documents were added)."""
        return [n for (n,) in self._db.execute("SELECT doc FROM docs ORDER BY doc")]

    @_guarded
    def lookup(self, keys: npt.NDArray[np.int32]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Every ``(key, doc)`` posting of these keys, as two arrays sorted by key, then document."""
        found: list[tuple[int, int]] = []
        values = [int(k) for k in np.unique(keys)]
        for c0 in range(0, len(values), _KEY_CHUNK):
            chunk = values[c0 : c0 + _KEY_CHUNK]
            marks = ",".join("?" * len(chunk))
            found += self._db.execute(
                f"SELECT key, doc FROM postings WHERE key IN ({marks}) ORDER BY key, doc", chunk
            ).fetchall()
        pairs = np.array(found, dtype=np.int64).reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1]

    @_guarded
    def by_id(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """The number and text ``sha256`` of each of ``ids`` that is in the index."""
        out: dict[str, tuple[int, str]] = {}
        for c0 in range(0, len(ids), _KEY_CHUNK):
            chunk = list(ids[c0 : c0 + _KEY_CHUNK])
            rows = self._db.execute(
                f"SELECT id, doc, sha256 FROM docs WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            out.update({i: (n, s) for i, n, s in rows})
        return out

    @_guarded
    def holders(self, digests: Sequence[str]) -> dict[str, list[str]]:
        """The ids of the documents whose text has each of these ``sha256``, inside :meth:`writing`.

        The first call on an index made before texts were indexed indexes them (one pass over the
        documents, in that write); every later one is an index lookup, not a pass per batch.
        """
        if not self._writing:
            raise RuntimeError("holders() runs inside writing(), where it may index the texts")
        self._db.execute(_TEXT_INDEX)
        out: dict[str, list[str]] = {}
        for c0 in range(0, len(digests), _KEY_CHUNK):
            chunk = list(digests[c0 : c0 + _KEY_CHUNK])
            rows = self._db.execute(
                f"SELECT sha256, id FROM docs WHERE sha256 IN ({','.join('?' * len(chunk))}) ORDER BY doc",
                chunk,
            )
            for digest, doc_id in rows:
                out.setdefault(digest, []).append(doc_id)
        return out

    @_guarded
    def documents(self, numbers: Sequence[int]) -> list[StoredDoc]:
        """The stored documents with these numbers, in the order given (unknown numbers left out)."""
        rows: dict[int, StoredDoc] = {}
        for c0 in range(0, len(numbers), _KEY_CHUNK):
            chunk = [int(n) for n in numbers[c0 : c0 + _KEY_CHUNK]]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT doc, id, path, source, keys, text FROM docs WHERE doc IN ({marks})"
            for n, doc_id, path, source, keys, packed in self._db.execute(query, chunk):
                given = json.loads(source)
                text = zlib.decompress(packed).decode("utf-8")
                document = Document(doc_id, text, path, Source(**given) if given else None)
                rows[n] = StoredDoc(n, document, keys)
        return [rows[n] for n in numbers if n in rows]

    @_guarded
    def write(
        self,
        added: Sequence[tuple[Document, npt.NDArray[np.int32]]],
        removed: Sequence[tuple[int, npt.NDArray[np.int32]]] = (),
    ) -> list[int]:
        """Drop ``removed`` documents (number, their keys), then add ``added`` ones, inside :meth:`writing`.

        The numbers and keys of ``removed`` must have been read inside the same :meth:`writing` block:
        read before it, they may name a document another writer has since replaced or removed (and
        SQLite gives a removed document's number to the next one added).

        Returns:
            The numbers given to the added documents.

        Raises:
            RuntimeError: Not inside :meth:`writing`.
        """
        if not self._writing:
            raise RuntimeError("write() runs inside writing(), with what it deletes read there")
        numbers: list[int] = []
        for number, keys in removed:
            self._db.executemany(
                "DELETE FROM postings WHERE key = ? AND doc = ?", ((int(k), number) for k in keys)
            )
            self._db.execute("DELETE FROM docs WHERE doc = ?", (number,))
        keys_of: list[npt.NDArray[np.int64]] = []
        docs_of: list[npt.NDArray[np.int64]] = []
        for doc, keys in added:
            source = json.dumps(doc.source.to_dict() if doc.source else {}, ensure_ascii=False)
            text = zlib.compress(doc.text.encode("utf-8"), 6)
            cursor = self._db.execute(
                "INSERT INTO docs (id, sha256, path, source, chars, keys, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc.id, doc.sha256, doc.path, source, len(doc.text), int(keys.size), text),
            )
            numbers.append(int(cursor.lastrowid or 0))
            keys_of.append(keys.astype(np.int64))
            docs_of.append(np.full(keys.size, numbers[-1], dtype=np.int64))
        if keys_of:
            all_keys, all_docs = np.concatenate(keys_of), np.concatenate(docs_of)
            order = np.lexsort((all_docs, all_keys))  # key order: the B-tree fills page by page
            rows = zip(all_keys[order].tolist(), all_docs[order].tolist(), strict=True)
            self._db.executemany("INSERT INTO postings VALUES (?, ?)", rows)
        return numbers

    @_guarded
    def info(self) -> dict[str, Any]:
        """What ``reuse index info`` prints: schema, settings, counts and sizes."""
        (docs, chars, text_bytes) = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(chars), 0), COALESCE(SUM(LENGTH(text)), 0) FROM docs"
        ).fetchone()
        (postings,) = self._db.execute("SELECT COALESCE(SUM(keys), 0) FROM docs").fetchone()
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        size = sum(p.stat().st_size for p in files if p.exists())
        return {
            "schema": INDEX_SCHEMA,
            "path": str(self.path),
            "documents": docs,
            "chars": chars,
            "postings": postings,
            "text_bytes": text_bytes,
            "bytes_on_disk": size,
            "settings": self.settings,
        }
