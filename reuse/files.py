"""Files ``reuse`` reads back or writes: reports, labelled truth, the documents behind a report.

Reading a saved report, its documents or labelled truth, a problem is an :class:`InputFileError`:
one line naming the file (and the line, for JSONL), for a command to print and stop. A report's
documents are read again exactly as scanned (pages and drafts extracted again) and refused when
they changed. Writes are atomic: a half-written report never replaces a good one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reuse.io import TABLE_FORMATS, ReadOptions, decode, read_file, read_source
from reuse.models import Document, InputError


class InputFileError(ValueError):
    """A file that cannot be read or does not have the expected shape.

    The message is one line naming the file (and the line, for JSONL) so a CLI can print it as is.

    Example:
        >>> str(InputFileError("truth.jsonl", "missing field 'a'", line=3))
        "truth.jsonl: line 3: missing field 'a'"
    """

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        where = f"{source}: line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.problem = problem
        self.line = line


class InputFilesError(InputFileError):
    """Several files that cannot be read, each its own line: a report whose files changed says all of them.

    Example:
        >>> gone, changed = InputFileError("a.txt", "no such file"), InputFileError("b.html", "changed")
        >>> print(InputFilesError([gone, changed]))
        a.txt: no such file
        b.html: changed
    """

    def __init__(self, problems: Sequence[InputFileError]) -> None:
        super().__init__(problems[0].source, problems[0].problem, problems[0].line)
        self.problems = list(problems)
        self.args = ("\n".join(str(problem) for problem in problems),)


Reread = dict[tuple[Path, str, ReadOptions], tuple[str, list[Document | InputError]]]
"""Files already read again for one report: path, format and how -> the file's sha256 and documents."""


def _options_of(source: Mapping[str, Any], cache: Path | None) -> ReadOptions:
    """How to read a document's file again: its encoding, and a record's fields and markup.

    A record whose text was HTML says by which recipe (``markup``); one without was read as it is.
    """
    if str(source.get("format") or "") not in TABLE_FORMATS:
        return ReadOptions(encoding=str(source.get("encoding") or "utf-8"), cache=cache)
    return ReadOptions(
        encoding=str(source.get("encoding") or "utf-8"),
        id_field=str(source.get("id_field") or ReadOptions.id_field),
        text_field=str(source.get("text_field") or ReadOptions.text_field),
        markup="html" if source.get("markup") else "text",
        cache=cache,
    )


def read_again(
    path: Path, document: Mapping[str, Any], reread: Reread | None = None, cache: Path | None = None
) -> str:
    """A report document's text, extracted again from ``path`` the way the report says it was read.

    For ``reuse report``: offsets index the extracted text, so a page or draft that no longer gives
    the same text (the file changed, or a different extractor version reads it differently) is an
    error, never shown with shifted highlights. With ``reread``, a file of many documents (a web
    archive, a feed) is read once for all of them. With ``cache`` (:mod:`reuse.extract_cache`), a page
    this version already extracted from these bytes is taken from there: its key is the file's
    sha256 with the reader's and extractor's versions, so it is the text extraction would give again.

    Raises:
        ValueError: One line: the file is missing or unreadable, or its text is not the scanned one.
    """
    source = document.get("source") or {}
    fmt = str(source.get("format") or "text")
    options = _options_of(source, cache)
    done = reread.get((path, fmt, options)) if reread is not None else None
    if done is None:
        if not path.is_file():
            raise ValueError("no such file")
        try:
            with path.open("rb") as file:  # a crawl can be gigabytes: hashed as it is read
                digest = hashlib.file_digest(file, "sha256").hexdigest()
        except OSError as exc:
            raise ValueError(f"cannot read ({exc.strerror or exc})") from None
    else:
        digest = done[0]
    if source.get("sha256") and digest != source["sha256"]:  # checked before anything is extracted
        raise ValueError("changed since the scan (sha256 differs)")
    if done is None:
        done = (digest, read_file(path, str(path), options, fmt=fmt, workers=None))  # a crawl: every core
        if reread is not None:
            reread[(path, fmt, options)] = done
    items = done[1]
    record = str(source.get("record") or "")  # an email's attachment: which of the file's documents
    same = [
        i for i in items if isinstance(i, Document) and i.source is not None and i.source.record == record
    ]
    item = same[0] if same else items[0]
    if isinstance(item, InputError):
        raise ValueError(item.error)
    if document.get("sha256") and item.sha256 != document["sha256"]:
        extractor = str(source.get("extractor", "the extractor"))
        then, now = (
            f"{source.get('reader', '?')}, {extractor} {source.get('extractor_version', '?')}",
            f"{item.source.reader}, {extractor} {item.source.extractor_version}" if item.source else "?",
        )
        raise ValueError(
            f"the file is unchanged but its text extracts differently now ({then} at the scan, {now} now):"
            " scan it again"
        )
    return item.text


def _problem(err: OSError | UnicodeDecodeError) -> str:
    if isinstance(err, UnicodeDecodeError):
        return f"not valid UTF-8 (byte {err.start})"
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({err.strerror or type(err).__name__})"


def read_text(path: Path) -> str:
    """A UTF-8 file as reports index documents: BOM dropped, line ends kept; gunzipped if named ``.gz``.

    Raises:
        InputFileError: The file is missing, unreadable, not UTF-8, or named ``.gz`` and not gzip.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "a.txt").write_bytes(b"\\xef\\xbb\\xbfline\\r\\n")
    ...     read_text(Path(d) / "a.txt")
    'line\\r\\n'
    >>> read_text(Path("no/such.txt"))
    Traceback (most recent call last):
    ...
    reuse.files.InputFileError: no/such.txt: no such file
    """
    from reuse.io import read_source  # report.json.gz as written by ``--output``

    try:
        return read_source(path)[0].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputFileError(str(path), _problem(err)) from None
    except ValueError as err:  # a .gz file that is not gzip, or damaged
        raise InputFileError(str(path), str(err)) from None


def read_json(path: Path) -> Any:
    """Parse one JSON file, turning every failure into a one-line :class:`InputFileError`.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = Path(d) / "x.json"
        ...     _ = p.write_text('{"k": 1}', encoding="utf-8")
        ...     read_json(p)
        {'k': 1}
    """
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputFileError(str(path), f"malformed JSON: {err.msg}", line=err.lineno) from None
    except (ValueError, RecursionError) as err:
        raise InputFileError(str(path), _unreadable_json(err)) from None


def _unreadable_json(err: ValueError | RecursionError) -> str:
    """Why JSON that parses in other readers is refused: too deep for Python's stack, or too long a number.

    Python converts integers of at most 4,300 digits.
    """
    if isinstance(err, RecursionError):
        return "malformed JSON: nested too deeply"
    return "malformed JSON: a number too long to read"


def read_jsonl(path: Path) -> list[tuple[int, Any]]:
    """Parse a JSONL file into ``(line number, value)`` pairs, skipping blank lines.

    Line numbers are kept so later validation can say where a bad row is.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = Path(d) / "x.jsonl"
        ...     _ = p.write_text('{"k": 1}\\n\\n{"k": 2}\\n', encoding="utf-8")
        ...     read_jsonl(p)
        [(1, {'k': 1}), (3, {'k': 2})]
    """
    rows: list[tuple[int, Any]] = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as err:
            raise InputFileError(str(path), f"malformed JSON: {err.msg}", line=number) from None
        except (ValueError, RecursionError) as err:
            raise InputFileError(str(path), _unreadable_json(err), line=number) from None
    return rows


def read_report_texts(
    report: Mapping[str, Any], *, root: Path | None = None, cache: Path | None = None
) -> dict[str, str]:
    """Read every document of ``report`` from its ``path`` and check it is the text that was scanned.

    Offsets in the report are only meaningful against the exact text, so a changed file is an error,
    not something to render anyway; web pages and Word drafts are extracted again (:func:`read_again`).
    A relative path is tried as given, then under ``root`` (the report's folder, say). ``cache``: the
    extract cache to take pages' texts from (:func:`read_again`).

    Raises:
        InputFileError: a document has no path (read from stdin), or its file is missing,
            unreadable, not in the encoding it was read with or changed since the scan
            (:class:`InputFilesError`, a line each, when several are: each run found only the first).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); path = folder / "a.txt"
    >>> _ = path.write_text("قال الوزير", encoding="utf-8")
    >>> digest = hashlib.sha256("قال الوزير".encode()).hexdigest()
    >>> read_report_texts({"documents": [{"id": "a", "path": str(path), "sha256": digest}]})
    {'a': 'قال الوزير'}
    >>> read_report_texts({"documents": [{"id": "a", "path": "a.txt", "sha256": "0" * 64}]}, root=folder)
    Traceback (most recent call last):
    ...
    reuse.files.InputFileError: a.txt: changed since the scan (sha256 differs)
    """
    texts: dict[str, str] = {}
    reread: Reread = {}
    problems: list[InputFileError] = []
    for doc in report.get("documents", []):
        try:
            texts[str(doc.get("id", ""))] = _text_again(doc, root, reread, cache)
        except InputFileError as err:
            if str(err) not in map(str, problems):  # a crawl's pages: its one file, named once
                problems.append(err)
    if len(problems) > 1:
        raise InputFilesError(problems)
    if problems:
        raise problems[0]
    return texts


def _text_again(doc: Mapping[str, Any], root: Path | None, reread: Reread, cache: Path | None) -> str:
    """One report document's text read again from its file (:func:`read_report_texts`)."""
    path = str(doc.get("path") or "")
    if not path:
        raise InputFileError(
            str(doc.get("id", "")),
            "no file path in the report (read from stdin); use `reuse scan --format html`",
        )
    candidate = Path(path)
    if not candidate.is_absolute() and not candidate.exists() and root is not None:
        candidate = root / path
    if (doc.get("source") or {}).get("format", "text") != "text":  # a page or draft: extract again
        try:
            return read_again(candidate, doc, reread, cache)
        except ValueError as err:
            raise InputFileError(path, str(err)) from None
    encoding = str((doc.get("source") or {}).get("encoding") or "utf-8")
    try:
        data, _ = read_source(candidate)  # a .txt.gz decompressed
    except OSError as err:
        raise InputFileError(path, _problem(err)) from None
    except ValueError as err:  # a gzip file damaged since the scan
        raise InputFileError(path, f"{err} (changed since the scan)") from None
    try:
        text = decode(data, encoding)
    except ValueError:  # it decoded when scanned
        raise InputFileError(path, f"no longer reads as {encoding} (changed since the scan)") from None
    expected = doc.get("sha256")
    if expected and hashlib.sha256(text.encode("utf-8")).hexdigest() != expected:
        raise InputFileError(path, "changed since the scan (sha256 differs)")
    return text


def write_text(path: Path, text: str) -> None:
    """Write a report atomically: a half-written file never replaces a good one.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_text(Path(d) / "r.json", "{}\\n")
    ...     sorted(p.name for p in Path(d).iterdir())
    ['r.json']
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write a report (an ``.xlsx`` workbook) atomically, as :func:`write_text` does."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def open_error(path: Path) -> str | None:
    """Why the system cannot open ``path`` for reading, in its words ("Too many open files"), or None.

    A library that says only "unable to open" (SQLite) does not tell a file it may not read from a
    process out of file handles; opening the file here does.

    >>> open_error(Path("/nonexistent/reuse.db"))
    'No such file or directory'
    """
    import os

    try:
        os.close(os.open(path, os.O_RDONLY))
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
