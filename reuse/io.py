"""The only module that touches the file system: documents in, reports and their inputs in and out.

Reading documents to scan (files, folders, JSONL, stdin), every problem with one input becomes an
:class:`~reuse.models.InputError` naming the file (and line, for JSONL) and the scan goes on with the
rest. Reading a saved report, its documents or labelled truth, a problem is an
:class:`InputFileError`: one line naming the file, for a command to print and stop. Writes are atomic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Inputs:
    """What was read: the documents, the inputs that could not be read, and paths that do not exist."""

    documents: tuple[Document, ...]
    errors: tuple[InputError, ...]
    missing: tuple[str, ...]


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """Decode bytes as ``open(path, encoding=..., newline="")`` would: BOM dropped, line ends kept.

    Raises:
        ValueError: With a one-line reason (bad bytes, binary data, unknown encoding).

    >>> decode(b"\\xef\\xbb\\xbfline one\\r\\nline two")
    'line one\\r\\nline two'
    >>> decode("نص".encode("cp1256"), "cp1256")
    'نص'
    """
    if b"\x00" in data[:8192] and not encoding.lower().replace("-", "").startswith("utf16"):
        raise ValueError("binary file (contains NUL bytes), not text")
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        hint = " (try --encoding cp1256 or another)" if codec == "utf-8-sig" else ""
        raise ValueError(f"not valid {encoding} at byte {exc.start}{hint}") from None


def _text_document(doc_id: str, path: str, text: str) -> Document | InputError:
    if not text.strip():
        return InputError(path or doc_id, "empty or whitespace-only text: nothing to compare")
    return Document(doc_id, text, path)


def read_text_file(path: Path, doc_id: str, encoding: str) -> Document | InputError:
    """One plain-text file as one document."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputError(doc_id, f"cannot read: {exc.strerror or exc}")
    try:
        text = decode(data, encoding)
    except ValueError as exc:
        return InputError(doc_id, str(exc))
    return _text_document(doc_id, doc_id, text)


def parse_jsonl(
    lines: Iterable[str], source: str, *, id_field: str = "id", text_field: str = "text"
) -> list[Document | InputError]:
    """Documents from JSON Lines, one object per line with an id and a text field.

    >>> [d.id for d in parse_jsonl(['{"id": "x", "text": "hello there"}', ''], "in.jsonl")]
    ['x']
    >>> print(parse_jsonl(['{"id": 1}'], "in.jsonl")[0])
    in.jsonl:1: no "text" field (use --text-field)
    """
    out: list[Document | InputError] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(record, dict):
            out.append(InputError(where, "not a JSON object"))
        elif not isinstance(record.get(text_field), str):
            out.append(InputError(where, f'no "{text_field}" field (use --text-field)'))
        elif id_field not in record:
            out.append(InputError(where, f'no "{id_field}" field (use --id-field)'))
        else:
            out.append(_text_document(str(record[id_field]), "", record[text_field]))
    return out


def _expand(given: str, pattern: str) -> list[tuple[Path, str]] | None:
    path = Path(given)
    if path.is_dir():
        found = sorted(p for p in path.rglob(pattern) if p.is_file())
        return [(p, (Path(given) / p.relative_to(path)).as_posix()) for p in found]
    if path.exists():
        return [(path, given)]
    return None


def read_inputs(
    paths: Sequence[str],
    *,
    glob: str = "*.txt",
    encoding: str = "utf-8",
    id_field: str = "id",
    text_field: str = "text",
    stdin_text: str | None = None,
) -> Inputs:
    """Read every named file, folder (recursively, files matching ``glob``) and ``-`` (stdin).

    A document's id is its path as the user gave it (relative stays relative); a JSONL record's id is
    its ``id_field``. Folders are listed in sorted order so reports never depend on the file system.
    """
    documents: list[Document] = []
    errors: list[InputError] = []
    missing: list[str] = []

    def add(item: Document | InputError) -> None:
        # Duplicate ids are kept: scan() refuses them, so the caller learns of them as one input error.
        if isinstance(item, InputError):
            errors.append(item)
        else:
            documents.append(item)

    for given in paths:
        if given == "-":
            add(_text_document("-", "", stdin_text or ""))
            continue
        files = _expand(given, glob)
        if files is None:
            missing.append(given)
            continue
        if not files:
            errors.append(InputError(given, f"no files matching {glob!r} in this folder"))
        for path, doc_id in files:
            if path.suffix.lower() == ".jsonl":
                try:
                    lines = decode(path.read_bytes(), encoding).splitlines()
                except (OSError, ValueError) as exc:
                    errors.append(InputError(doc_id, str(exc)))
                    continue
                for item in parse_jsonl(lines, doc_id, id_field=id_field, text_field=text_field):
                    add(item)
            else:
                add(read_text_file(path, doc_id, encoding))
    return Inputs(tuple(documents), tuple(errors), tuple(missing))


def _problem(err: OSError | UnicodeDecodeError) -> str:
    if isinstance(err, UnicodeDecodeError):
        return f"not valid UTF-8 (byte {err.start})"
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({err.strerror or type(err).__name__})"


def read_text(path: Path) -> str:
    """A UTF-8 file as reports index documents: BOM dropped, line ends kept.

    Raises:
        InputFileError: The file is missing, unreadable or not UTF-8.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "a.txt").write_bytes(b"\\xef\\xbb\\xbfline\\r\\n")
    ...     read_text(Path(d) / "a.txt")
    'line\\r\\n'
    >>> read_text(Path("no/such.txt"))
    Traceback (most recent call last):
    ...
    reuse.io.InputFileError: no/such.txt: no such file
    """
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputFileError(str(path), _problem(err)) from None


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
    return rows


def read_report_texts(report: Mapping[str, Any], *, root: Path | None = None) -> dict[str, str]:
    """Read every document of ``report`` from its ``path`` and check it is the text that was scanned.

    Offsets in the report are only meaningful against the exact text, so a changed file is an error,
    not something to render anyway. A relative path is tried as given, then under ``root`` (the
    report's folder, say).

    Raises:
        InputFileError: a document has no path (JSONL/stdin input), or its file is missing,
            unreadable, not UTF-8 or changed since the scan.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); path = folder / "a.txt"
    >>> _ = path.write_text("قال الوزير", encoding="utf-8")
    >>> digest = hashlib.sha256("قال الوزير".encode()).hexdigest()
    >>> read_report_texts({"documents": [{"id": "a", "path": str(path), "sha256": digest}]})
    {'a': 'قال الوزير'}
    >>> read_report_texts({"documents": [{"id": "a", "path": "a.txt", "sha256": "0" * 64}]}, root=folder)
    Traceback (most recent call last):
    ...
    reuse.io.InputFileError: a.txt: changed since the scan (sha256 differs)
    """
    texts: dict[str, str] = {}
    for doc in report.get("documents", []):
        doc_id = str(doc.get("id", ""))
        path = str(doc.get("path") or "")
        if not path:
            raise InputFileError(
                doc_id, "no file path in the report (JSONL/stdin input); use `reuse scan --format html`"
            )
        candidate = Path(path)
        if not candidate.is_absolute() and not candidate.exists() and root is not None:
            candidate = root / path
        try:
            text = read_text(candidate)
        except InputFileError as err:
            raise InputFileError(path, err.problem) from None
        expected = doc.get("sha256")
        if expected and hashlib.sha256(text.encode("utf-8")).hexdigest() != expected:
            raise InputFileError(path, "changed since the scan (sha256 differs)")
        texts[doc_id] = text
    return texts


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
