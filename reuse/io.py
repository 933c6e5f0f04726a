"""Read documents from files, folders, JSONL and stdin: the only module that touches the file system.

Every problem with one input becomes an :class:`~reuse.models.InputError` naming the file (and line,
for JSONL) and the scan goes on with the rest; nothing here raises for bad content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reuse.models import Document, InputError


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
    seen: set[str] = set()

    def add(item: Document | InputError) -> None:
        if isinstance(item, InputError):
            errors.append(item)
        elif item.id in seen:
            errors.append(InputError(item.id, "duplicate document id: kept the first one"))
        else:
            seen.add(item.id)
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


def write_text(path: Path, text: str) -> None:
    """Write a report atomically: a half-written file never replaces a good one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)
