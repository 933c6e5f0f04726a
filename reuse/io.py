"""Documents in: files, folders, pages, drafts, tables, JSONL and stdin, read for a scan.

Reading documents to scan, every problem with one input becomes an
:class:`~reuse.models.InputError` naming the file (and line, for JSONL) and the scan goes on with the
rest. Saved reports, truth files and atomic writes are :mod:`reuse.files`'s.

A file's type is known by its suffix (:data:`FORMATS`): plain text, web pages, Word drafts, CSV, TSV,
Parquet, Excel and JSONL. Pages and drafts are turned into text by :mod:`reuse.extract`, tables into rows
by :mod:`reuse.tables` (both need the ``formats`` extra); each document records how it was read in
its :class:`~reuse.models.Source`.
"""

from __future__ import annotations

import collections
import fnmatch
import hashlib
import itertools
import json
import os
import stat
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from reuse.cpus import in_order_as_they_come, usable_cpus
from reuse.models import DEFAULT_FIELDS, Document, Fields, InputError, Progress, Source

if TYPE_CHECKING:
    from reuse.extract import Extracted
    from reuse.warc import Capture

FORMATS = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",  # server-side-include pages, as many news sites served around 2002
    ".xhtml": "html",
    ".mhtml": "mhtml",  # a browser's "Save page as: single file" (Chrome, Edge)
    ".mht": "mhtml",
    ".docx": "docx",
    ".doc": "doc",  # Word 97-2003: the archive's drafts before 2007
    ".odt": "odt",  # LibreOffice's drafts, and Google Docs' "OpenDocument" download
    ".rtf": "rtf",  # Rich Text: press releases and drafts from Word, WordPad, LibreOffice
    ".pdf": "pdf",
    ".eml": "eml",  # an email saved from the mail client: a press release as it arrived
    ".xml": "wire",  # agency copy (NewsML-G2, NITF: reuse.newsml), a site's feed (RSS, Atom: reuse.feeds)
    ".nitf": "wire",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".json": "json",
    ".warc": "warc",  # a web archive: a crawler's captures of pages (reuse.warc), Common Crawl's news too
    ".warc.gz": "warc",
    ".arc": "arc",  # the Internet Archive's format before WARC (1996-2008 crawls)
    ".arc.gz": "arc",
}
"""Suffix -> format. In a folder only these are read (``--glob`` narrows them further); a file named
on the command line, or matched by an explicit ``--glob``, with another suffix is read as plain text."""
FORMAT_WORDS = {
    "text": "plain text",
    "html": "web pages (the article only)",
    "mhtml": "pages saved as one file",
    "docx": "Word drafts",
    "doc": "Word 97-2003 drafts",
    "odt": "OpenDocument drafts",
    "rtf": "Rich Text",
    "pdf": "PDF",
    "eml": "emails and the documents attached",
    "wire": "agency copy and feeds (NewsML-G2, NITF, RSS, Atom)",
    "csv": "CSV",
    "tsv": "TSV",
    "parquet": "Parquet",
    "xlsx": "Excel workbooks",
    "jsonl": "JSON Lines",
    "json": "JSON arrays of records (when named)",
    "warc": "web archives",
    "arc": "web archives",
}
"""Each format of :data:`FORMATS` in words, for the help (:func:`formats_read`)."""


def formats_read() -> str:
    """What is read, in words with the suffixes, in :data:`FORMATS` order: ``reuse scan --help`` says it.

    >>> formats_read().split("; ")[:2]
    ['plain text (.txt)', 'web pages (the article only: .html, .htm, .shtml, .xhtml)']
    """
    suffixes: dict[str, list[str]] = {}
    for suffix, fmt in FORMATS.items():
        suffixes.setdefault(FORMAT_WORDS[fmt], []).append(suffix)
    said = []
    for words, named in suffixes.items():
        listed = ", ".join(named)
        said.append(f"{words[:-1]}: {listed})" if words.endswith(")") else f"{words} ({listed})")
    return "; ".join(said)


NAMED_ONLY = frozenset({".json"})
"""Suffixes read only when the file is named, or matched by ``--glob``: a folder of articles holds
other JSON (a saved report, a site's manifest) that is not records to scan."""
TABLE_FORMATS = frozenset({"csv", "tsv", "parquet", "xlsx", "jsonl", "json"})
"""Formats holding one document per row or line; their documents have no ``path`` of their own."""


WEB_ARCHIVE_FORMATS = frozenset({"warc", "arc"})
"""Formats holding a crawler's captures, one document per HTML page (:func:`read_warc`)."""
GZIPPED = frozenset(
    {".txt", ".html", ".htm", ".shtml", ".xhtml", ".mhtml", ".mht", ".eml", ".xml", ".nitf"}
    | {".csv", ".tsv", ".jsonl", ".json"}
)
"""Suffixes whose files are read gzip-compressed too, ``export.jsonl.gz`` as ``export.jsonl``: the
text formats an archive ships compressed (drafts, workbooks, Parquet and PDFs are compressed already).
In a folder they are picked up as the plain ones are (``.json.gz`` only when named, as ``.json``);
``.warc.gz`` and ``.arc.gz`` are web archives, read as they go (:func:`read_warc`)."""


def suffix_of(path: Path | str) -> str:
    """The suffix that says a file's format, lower case: ``.warc.gz`` for a compressed web archive.

    >>> suffix_of("crawl/CC-NEWS-20240101.warc.gz"), suffix_of("Story.HTML"), suffix_of("a.tar.gz")
    ('.warc.gz', '.html', '.gz')
    """
    name = Path(path).name.lower()
    double = [suffix for suffix in (".warc.gz", ".arc.gz") if name.endswith(suffix)]
    return double[0] if double else Path(name).suffix


def gzipped(path: Path | str) -> bool:
    """Whether a file is read decompressed: its name ends ``.gz`` and it is no web archive.

    >>> gzipped("export.jsonl.gz"), gzipped("notes.gz"), gzipped("CC-NEWS.warc.gz"), gzipped("a.jsonl")
    (True, True, False, False)
    """
    return suffix_of(path) == ".gz"


def format_of(path: Path | str) -> str | None:
    """The format a file's name says (:data:`FORMATS`), the inner one for a gzip-compressed text format.

    None: no format of its own (a file named on the command line is then read as plain text).

    >>> format_of("export.CSV.gz"), format_of("crawl.warc.gz"), format_of("story.html"), format_of("a.tar.gz")
    ('csv', 'warc', 'html', None)
    """
    if gzipped(path):
        inner = Path(Path(path).name.lower().removesuffix(".gz")).suffix
        return FORMATS.get(inner) if inner in GZIPPED else None
    return FORMATS.get(suffix_of(path))


def _in_a_folder(path: Path) -> bool:
    """Whether a file met in a folder is read with no ``--glob``: by its suffix, or its inner one if gzipped.

    >>> _in_a_folder(Path("a.jsonl.gz")), _in_a_folder(Path("report.json.gz")), _in_a_folder(Path("x.gz"))
    (True, False, False)
    """
    if gzipped(path):
        inner = Path(path.name.lower().removesuffix(".gz")).suffix
        return inner in GZIPPED - NAMED_ONLY
    return suffix_of(path) in FORMATS.keys() - NAMED_ONLY


GZIP_CHUNK = 1 << 20
"""Bytes of a gzip-compressed file read (and hashed) at a time."""


def read_source(path: Path) -> tuple[bytes, str | None]:
    """A file's bytes to read, decompressed when its name ends ``.gz``, and then the file's own sha256.

    A compressed file is read once, as a stream: each chunk is hashed and decompressed as it comes
    (several gzip members one after another, as ``cat a.gz b.gz`` makes, are one text). A file that
    would unpack past :data:`~reuse.extract.UNPACK_RATIO` times its size, and past
    :data:`~reuse.extract.UNPACK_FLOOR` bytes, is a gzip bomb: refused as soon as it gets there, so
    no more is ever held, the rule for a Word or Excel file's parts. The sha256 is None for a file
    that is not compressed (its reader hashes the bytes it is given).

    Raises:
        OSError: The file cannot be read.
        ValueError: One line: not gzip, damaged, cut short, or a gzip bomb.

    >>> import gzip, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt.gz").write_bytes(gzip.compress(b"one") + gzip.compress(b" two"))
    >>> data, digest = read_source(folder / "a.txt.gz")
    >>> data, len(digest)
    (b'one two', 64)
    >>> _ = (folder / "cut.txt.gz").write_bytes(gzip.compress(b"one two three" * 9)[:-12])
    >>> read_source(folder / "cut.txt.gz")
    Traceback (most recent call last):
    ...
    ValueError: gzip file cut short: it ends inside its compressed data (an interrupted download or copy?)
    """
    if not gzipped(path):
        return path.read_bytes(), None
    from reuse.extract import UNPACK_FLOOR, UNPACK_RATIO  # the standard library's modules only

    digest = hashlib.sha256()
    out = bytearray()
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        limit = max(UNPACK_FLOOR, UNPACK_RATIO * size)
        member = zlib.decompressobj(wbits=31)  # 16 + 15: a gzip header and trailer around deflate data
        started = False  # a member's first byte is read (not merely zero padding after the last one)
        while chunk := file.read(GZIP_CHUNK):
            digest.update(chunk)
            pending = chunk
            while pending:
                if not started and out:  # after a member: gzip pads with zeros, which start no header
                    pending = pending.lstrip(b"\x00")
                    if not pending:
                        break
                started = True
                try:
                    out += member.decompress(pending, limit + 1 - len(out))
                except zlib.error as exc:
                    raise ValueError(_gzip_problem(exc, first=not out)) from None
                if len(out) > limit:
                    raise ValueError(
                        f"it would unpack to more than {limit / 1e6:,.0f} MB from {size / 1e6:.2f} MB"
                        f" (over {UNPACK_RATIO} times its size: a gzip bomb?)"
                    )
                pending = b""
                if member.eof:
                    pending, member, started = member.unused_data, zlib.decompressobj(wbits=31), False
    if not started and not out:
        raise ValueError("empty file: no gzip data")
    if started:
        raise ValueError(
            "gzip file cut short: it ends inside its compressed data (an interrupted download or copy?)"
        )
    return bytes(out), digest.hexdigest()


def _gzip_problem(exc: zlib.error, *, first: bool) -> str:
    """What zlib's error means in a file's words: not gzip at all, or damaged data."""
    said = str(exc).partition(": ")[2] or str(exc)
    if first and "header" in said:
        return f"not a gzip file ({said}), though its name ends .gz"
    return f"damaged gzip data ({said})"


@dataclass(frozen=True)
class Inputs:
    """What was read: the documents, the inputs that could not be read, and paths that do not exist.

    ``notes`` say how a file was read where the reader chose (records' HTML read as text), or
    without what it lacked that was optional (a table without the date column named): not errors.
    ``clashes`` name records whose id an earlier record has (:func:`shared_ids`): a scan refuses
    them, and these lines say where they are, which the scan's refusal cannot.
    """

    documents: tuple[Document, ...]
    errors: tuple[InputError, ...]
    missing: tuple[str, ...]
    notes: tuple[str, ...] = ()
    clashes: tuple[str, ...] = ()


BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
"""The marks a file may begin with and the encoding each names (UTF-32's before UTF-16's: FF FE 00 00)."""


def marked_encoding(data: bytes) -> str | None:
    """The encoding ``data``'s byte-order mark names, or None when it has none.

    Windows writes one: Notepad's "Unicode" and Excel's "Unicode Text" are UTF-16 behind FF FE.

    >>> marked_encoding("نص".encode("utf-16")), marked_encoding(b"plain")
    ('utf-16', None)
    """
    return next((name for mark, name in BYTE_ORDER_MARKS if data.startswith(mark)), None)


def _wide(encoding: str) -> bool:
    """Whether ``encoding`` is UTF-16 or UTF-32, whose text holds NUL bytes and can pass for UTF-8."""
    return encoding.lower().replace("-", "").replace("_", "").startswith(("utf16", "utf32"))


def _unmarked_wide_hint(data: bytes) -> str:
    """A hint for NUL bytes at every other place only, as UTF-16 text without its mark has them."""
    head = data[:8192]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd and not even:
        return " (UTF-16 without a byte-order mark? try --encoding utf-16-le)"
    if even and not odd:
        return " (UTF-16 without a byte-order mark? try --encoding utf-16-be)"
    return ""


def binary_kind(data: bytes) -> str:
    """What a file of another format is, by the bytes it begins with, and its name; ``""`` if unknown.

    A draft, a workbook or a Parquet export renamed ``.txt``, ``.csv`` or ``.jsonl`` (or saved so by
    a download) is read as text: the message says what to name it instead.

    >>> binary_kind(b"PAR1" + bytes(8) + b"PAR1"), binary_kind(b"%PDF-1.7 ..."), binary_kind(b"text")
    ('a Parquet file (name it .parquet)', 'a PDF (name it .pdf)', '')
    """
    from reuse.extract import OLE_KINDS, OLE_MAGIC  # the standard library's modules only

    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(b"\x1f\x8b"):
        return "gzip-compressed data (name it with .gz added, as export.jsonl.gz, or gunzip it)"
    if data.startswith(b"PAR1") and data.endswith(b"PAR1"):
        return "a Parquet file (name it .parquet)"
    if data.startswith(b"%PDF-"):
        return "a PDF (name it .pdf)"
    if data.startswith(OLE_MAGIC):
        for stream, old, kind in OLE_KINDS:
            if stream.encode("utf-16-le") in data:  # the name of a stream in the file's directory
                return f"{kind} {old} file ({'name it .doc' if old == '.doc' else 'save it as .xlsx'})"
        return "an old binary Office file (OLE)"
    return ""


ZIPPED_FORMATS = (("word/document.xml", "a Word", ".docx"), ("xl/workbook.xml", "an Excel", ".xlsx"))
"""The part that says what an Office zip archive holds, the program's name, and the file's suffix."""


def _zip_kind(data: bytes) -> str:
    """What a zip archive holds, by its parts: a Word draft, an Excel workbook, an OpenDocument text."""
    import io as bytes_io
    import zipfile

    try:
        with zipfile.ZipFile(bytes_io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        names = set()
    for part, kind, suffix in ZIPPED_FORMATS:
        if part in names:
            return f"{kind} {suffix} file (name it {suffix})"
    return "a zip archive (a .docx or .xlsx?)"


def decoded(data: bytes, encoding: str = "utf-8") -> tuple[str, str]:
    """``data`` decoded, and the encoding that read it: BOM dropped, line ends kept, as ``open`` does.

    ``encoding`` is for files that are not UTF-8. A byte-order mark names the encoding, whatever
    ``encoding`` says (as in browsers). Bytes beyond ASCII that are valid UTF-8 are UTF-8: an archive
    mixes old Windows-1256 files with new UTF-8 ones, Windows-1256 or Latin-1 text is never valid
    UTF-8 by chance, and so ``--encoding cp1256`` reads both kinds right where it would turn the
    UTF-8 ones into mojibake, silently. An asked-for UTF-16 or UTF-32 is taken as asked.

    Raises:
        ValueError: With a one-line reason (bad bytes, binary data, unknown encoding).

    >>> decoded(b"\\xef\\xbb\\xbfline one\\r\\nline two")
    ('line one\\r\\nline two', 'utf-8')
    >>> decoded("نص".encode("cp1256"), "cp1256"), decoded("نص".encode(), "cp1256")
    (('نص', 'cp1256'), ('نص', 'utf-8'))
    >>> decoded("نص".encode("utf-16"), "cp1256")
    ('نص', 'utf-16')
    """
    if (marked := marked_encoding(data)) is not None:
        encoding = marked
    elif _wide(encoding):
        pass
    elif kind := binary_kind(data):
        raise ValueError(f"binary file, not text: {kind}")
    elif b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes), not text" + _unmarked_wide_hint(data))
    elif not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    codec = "utf-8-sig" if utf8 else encoding
    try:
        return data.decode(codec), "utf-8" if utf8 else encoding
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        hint = f" (try --encoding {_legacy_guess(data)} or another)" if utf8 else ""
        raise ValueError(f"not valid {encoding} at byte {exc.start}{hint}") from None


def _legacy_guess(data: bytes) -> str:
    """Which Windows code page an old file that is not UTF-8 most likely is: Arabic or Western.

    Arabic text in Windows-1256 is mostly bytes over 127, one after another; Western text in
    Windows-1252 has them one at a time, an accent between plain letters ("caf\xe9").

    >>> _legacy_guess("قال الوزير".encode("cp1256")), _legacy_guess("Le café coûte cher".encode("cp1252"))
    ('cp1256', 'cp1252')
    """
    sample = data[:65536]
    high = sum(byte >= 0x80 for byte in sample)
    beside = sum(x >= 0x80 and y >= 0x80 for x, y in itertools.pairwise(sample))
    return "cp1256" if 2 * beside >= high else "cp1252"


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """``data`` as :func:`decoded` reads it, for callers that need not say which encoding did.

    >>> decode("نص".encode("cp1256"), "cp1256")
    'نص'
    """
    return decoded(data, encoding)[0]


def _text_document(doc_id: str, path: str, text: str, source: Source | None = None) -> Document | InputError:
    if not text.strip():
        return InputError(path or doc_id, "empty or whitespace-only text: nothing to compare")
    return Document(doc_id, text, path, source)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


EMPTY_FILE = "empty file (0 bytes): nothing to read"
"""What a file of no bytes is, whatever its suffix: read as its format, a ``.docx`` was "not a zip
archive; an old .doc?" and a ``.pdf`` "does not start with %PDF-", which send one looking for the
wrong fault (a save or a copy that failed, a placeholder of a synced folder)."""

UPLOAD_FORMATS = ("text", "html", "mhtml", "docx", "doc", "odt", "rtf", "pdf", "eml")
"""The formats :func:`read_data` reads: those whose file is one document."""


def read_data(
    data: bytes, doc_id: str, fmt: str, encoding: str = "utf-8", cache: Path | None = None
) -> Document | InputError:
    """One text file, web page or Word draft from its bytes, as :func:`read_file` reads the file.

    For callers that hold bytes and no file (``reuse serve`` reads uploads this way, never a path).
    ``doc_id`` is the document's id and path; problems become an :class:`InputError`. ``cache`` is
    the folder of :mod:`reuse.extract_cache`, for pages, drafts and PDFs.

    >>> read_data("نص قصير".encode(), "draft.txt", "text").text
    'نص قصير'
    >>> print(read_data("نص".encode("cp1256"), "draft.txt", "text"))
    draft.txt: not valid utf-8 at byte 0 (try --encoding cp1256 or another)
    """
    if fmt not in UPLOAD_FORMATS:
        return InputError(doc_id, f"not one of the formats read from bytes ({', '.join(UPLOAD_FORMATS)})")
    if not data:  # an attachment or an upload of no bytes, as a file (read_file)
        return InputError(doc_id, EMPTY_FILE)
    try:
        if fmt == "text":
            text, used = decoded(data, encoding)
            return _text_document(doc_id, doc_id, text, Source("text", encoding=used, sha256=_sha256(data)))
        if fmt in ("doc", "odt", "rtf", "eml"):  # read in a blink: nothing to cache
            found, how = _read_in_a_blink(fmt, data, encoding)
            about = {"title": found.title, "date": found.date, "sha256": _sha256(data)}
            return _text_document(doc_id, doc_id, found.text, replace(how, **about))
        from reuse.extract import read_draft, read_page, read_pdf

        if fmt == "docx":
            text, source = read_draft(data, cache)
        elif fmt == "pdf":
            text, source = read_pdf(data, cache)
        else:
            text, source = read_page(data, encoding, cache, archive=fmt == "mhtml")
    except ImportError as exc:
        return InputError(doc_id, _extras_hint(fmt, exc))
    except ValueError as exc:  # FormatError, and decode's own one-line reasons
        return InputError(doc_id, str(exc))
    return Document(doc_id, text, doc_id, source)


def _read_in_a_blink(fmt: str, data: bytes, encoding: str) -> tuple[Extracted, Source]:
    """A Word 97 or OpenDocument draft, an RTF file or an email body, and how it was read.

    Each reads in milliseconds, with no extraction worth keeping in the extract cache.
    """
    if fmt == "eml":
        from reuse.mail import EML_READER, email_extracted

        return email_extracted(data, encoding), Source("eml", EML_READER)
    if fmt == "odt":
        from reuse.odt import ODT_READER, odt_extracted

        return odt_extracted(data), Source("odt", ODT_READER)
    if fmt == "rtf":
        from reuse.rtf import RTF_READER, rtf_text

        return rtf_text(data), Source("rtf", RTF_READER)
    from reuse.extract import package_version
    from reuse.worddoc import DOC_READER, doc_text

    return doc_text(data), Source("doc", DOC_READER, "olefile", package_version("olefile"))


def read_bytes(data: bytes, doc_id: str, fmt: str, options: ReadOptions) -> list[Document | InputError]:
    """The documents in one file's bytes, of a format that is read from its bytes alone.

    A page, a draft, a PDF or a text is one document (:func:`read_data`); an email is its body and
    attachments (:func:`read_email`); a wire or feed file is its stories (:func:`read_wire`).
    ``reuse serve`` reads uploads so, and :func:`read_file` files.
    """
    if fmt == "eml":
        return read_email(data, doc_id, options)
    if fmt in WIRE_FORMATS:
        return read_wire(data, doc_id)
    return [read_data(data, doc_id, fmt, options.encoding, options.cache)]


def unpaired_surrogate(text: str) -> str:
    """Where ``text`` holds a surrogate alone (JSON's ``"\\ud800"`` escape), said in words; ``""`` if nowhere.

    Such a string is not Unicode text: it cannot be written as UTF-8, hashed or tokenized, so a
    record holding one is an input error, not a crash later in the scan.

    >>> unpaired_surrogate("fine ✓"), unpaired_surrogate("ab\\ud800c")
    ('', 'an unpaired surrogate (U+D800 at character 2), not Unicode text')
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (
            f"an unpaired surrogate (U+{ord(text[exc.start]):04X} at character {exc.start}), not Unicode text"
        )
    return ""


_ABSENT = object()


def field_value(record: dict[str, Any], key: str) -> Any:
    """``record[key]``, or, for a dotted ``key`` the record lacks, the value down that path.

    An API dump nests its fields: WordPress's REST API has ``content.rendered`` and
    ``title.rendered``. A key that holds a dot itself is taken as it is first. Absent: ``_ABSENT``.

    >>> field_value({"content": {"rendered": "<p>x</p>"}}, "content.rendered")
    '<p>x</p>'
    >>> field_value({"a.b": 1, "a": {"b": 2}}, "a.b"), field_value({"a": [1]}, "a.b") is _ABSENT
    (1, True)
    """
    if key in record:
        return record[key]
    if "." not in key:
        return _ABSENT
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return _ABSENT
        value = value[part]
    return value


def _record(
    record: object, where: str, label: str, fields: Fields, fmt: str = "jsonl"
) -> Document | InputError:
    """One JSON record (a JSONL line's object, a JSON array's item) as a document named by ``fields``."""
    if not isinstance(record, dict):
        return InputError(where, "not a JSON object")
    values = {key: field_value(record, key) for key in fields.named()}
    text = values[fields.text]
    if text is _ABSENT:
        return InputError(where, f'no "{fields.text}" field (use --text-field)')
    if not isinstance(text, str):
        return InputError(where, f'"{fields.text}" holds {json_kind(text)}, not text')
    if values[fields.id] is _ABSENT:
        return InputError(where, f'no "{fields.id}" field (use --id-field)')
    given: dict[str, str] = {}
    for key, value in values.items():
        if value is _ABSENT or (value is None and key != fields.id):
            given[key] = ""
        elif isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
            given[key] = str(value)
        else:  # never a Python repr ("True", "{'a': 1}") as an id or a date
            return InputError(where, f'"{key}" holds {json_kind(value)}, not text or a number')
    if problems := [(key, p) for key, value in given.items() if (p := unpaired_surrogate(value))]:
        key, problem = problems[0]
        return InputError(where, f'"{key}" holds {problem}')
    if not given[fields.id]:
        return InputError(where, f'"{fields.id}" is empty (use --id-field)')
    if not text.strip():
        return InputError(where, "empty or whitespace-only text: nothing to compare")
    kept = {name: given[key] if key is not None else "" for name, key in fields.kept().items()}
    return Document(given[fields.id], text, "", Source(fmt, record=label, **kept))


def json_kind(value: object) -> str:
    """What a JSON value is, in JSON's words, for a message that says what a field holds instead.

    >>> json_kind(None), json_kind(True), json_kind(5), json_kind([1]), json_kind({"a": 1})
    ('null', 'true', 'a number', 'an array', 'an object')
    """
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def not_json(exc: ValueError | RecursionError, *, whole: bool = False) -> str:
    """Why text did not parse as JSON, in one line (``whole``: a file's text, not one line of it).

    The parser recurses once per level of nesting, so ``[[[…]]]`` thousands deep raises
    :class:`RecursionError`; an integer of over 4,300 digits raises a plain :class:`ValueError`. A
    ``.json`` file whose second value starts a new line is JSON Lines under the wrong name.

    >>> try:
    ...     json.loads('{"id": 1}\\n{"id": 2}')
    ... except ValueError as exc:
    ...     print(not_json(exc, whole=True))
    malformed JSON (Extra data at line 2 column 1; JSON Lines? name it .jsonl)
    >>> try:
    ...     json.loads('{"id": "a}')
    ... except ValueError as exc:
    ...     print(not_json(exc, whole=False))
    malformed JSON (Unterminated string starting at column 8)
    """
    if isinstance(exc, RecursionError):
        return "malformed JSON (nested too deeply)"
    if not isinstance(exc, json.JSONDecodeError):
        return "malformed JSON (a number too long to read)"
    where = f"line {exc.lineno} column {exc.colno}" if whole else f"column {exc.colno}"
    before = exc.doc[: exc.pos]
    lines = whole and exc.msg == "Extra data" and "\n" in before[len(before.rstrip()) :]
    said = exc.msg.removesuffix(" at")  # "Unterminated string starting at": "... at at column 8"
    return f"malformed JSON ({said} at {where}{'; JSON Lines? name it .jsonl' if lines else ''})"


_Parsed = tuple[str, str, object] | InputError
"""One record as parsed: where it is (for errors), its label (its source's ``record``) and its value."""


def parse_jsonl(
    lines: Iterable[str], source: str, *, fields: Fields = DEFAULT_FIELDS, notes: list[str] | None = None
) -> list[Document | InputError]:
    """Documents from JSON Lines, one object per line with an id and a text field (``fields``).

    A field may be a dotted path into nested objects (:func:`field_value`). A date, title or URL
    field in no record adds a line saying so to ``notes`` (:func:`_kept_nowhere`).

    >>> [d.id for d in parse_jsonl(['{"id": "x", "text": "hello there"}', ''], "in.jsonl")]
    ['x']
    >>> print(parse_jsonl(['{"id": 1, "text": "a b"}', '{"id": 2}'], "in.jsonl")[1])
    in.jsonl:2: no "text" field (use --text-field)
    """
    parsed: list[_Parsed] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            parsed.append((where, f"line {number}", json.loads(line)))
        except (ValueError, RecursionError) as exc:
            parsed.append(InputError(where, not_json(exc)))
    return _records(parsed, source, fields, "jsonl", notes)


def parse_json(
    text: str, source: str, *, fields: Fields = DEFAULT_FIELDS, notes: list[str] | None = None
) -> list[Document | InputError]:
    """Documents from a JSON file: an array of records, or an object holding one array of them.

    An API's page of results is saved this way (WordPress's ``/wp/v2/posts`` is an array; many APIs
    wrap it: ``{"data": [...]}``). Records are read as JSONL's are (``notes`` too), and named ``item N``.

    >>> page = '{"total": 2, "data": [{"id": 1, "text": "a b"}, {"id": 2, "text": "c"}]}'
    >>> [d.id for d in parse_json(page, "p.json")]
    ['1', '2']
    >>> print(parse_json('{"total": 0}', "p.json")[0])
    p.json: holds no array of records (a JSON array of objects, or an object with one)
    """
    try:
        found = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return [InputError(source, not_json(exc, whole=True))]
    if isinstance(found, dict):
        arrays = [v for v in found.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        found = arrays[0] if len(arrays) == 1 else [found] if fields.text in found else None
    if not isinstance(found, list):
        return [
            InputError(source, "holds no array of records (a JSON array of objects, or an object with one)")
        ]
    items = [(f"{source}:item {n}", f"item {n}", record) for n, record in enumerate(found, start=1)]
    return _records(list[_Parsed](items), source, fields, "json", notes)


def _records(
    parsed: list[_Parsed], source: str, fields: Fields, fmt: str, notes: list[str] | None = None
) -> list[Document | InputError]:
    """Each parsed record as a document (:func:`_record`); a field no record has is one error, the file's.

    An export whose texts are under ``body`` is one mistake, in the command, not 50,000 in the file:
    named once, with the fields the records do have, as a table's missing column is. A date, title
    or URL field no record has is no error (records are read without it) but a line in ``notes``.
    """
    objects = [item[2] for item in parsed if isinstance(item, tuple) and isinstance(item[2], dict)]
    missing = _field_nowhere(objects, fields)
    if notes is not None and not missing and (absent := _kept_nowhere(objects, fields)):
        notes.append(f"{source}: {absent}")
    out: list[Document | InputError] = [InputError(source, missing)] if missing else []
    for item in parsed:
        if isinstance(item, InputError):
            out.append(item)
        elif not (missing and isinstance(item[2], dict)):
            where, label, record = item
            out.append(_record(record, where, label, fields, fmt))
    return out


FIELDS_SHOWN = 12
"""The fields a record file's error lists when the id or text field is in none of its records."""


def _field_nowhere(objects: Sequence[dict[str, Any]], fields: Fields) -> str:
    """What a record file lacks when no record has the text field, or the id field; ``""`` if they do.

    >>> print(_field_nowhere([{"id": 1, "body": "x"}, {"id": 2, "date": "2024"}], DEFAULT_FIELDS))
    no "text" field in any record (their fields: "id", "body", "date"; use --text-field)
    """
    for option, name in (("text", fields.text), ("id", fields.id)):
        if objects and all(field_value(record, name) is _ABSENT for record in objects):
            return f'no "{name}" field in any record ({_fields_listed(objects)}; use --{option}-field)'
    return ""


def _fields_listed(objects: Sequence[dict[str, Any]]) -> str:
    """The records' fields, the first :data:`FIELDS_SHOWN` of them, for a message about a missing one."""
    keys = list(dict.fromkeys(key for record in objects for key in record))
    if not keys:
        return "no fields"
    shown = ", ".join(json.dumps(key, ensure_ascii=False) for key in keys[:FIELDS_SHOWN])
    return f"their fields: {shown}{', …' if len(keys) > FIELDS_SHOWN else ''}"


def _kept_nowhere(objects: Sequence[dict[str, Any]], fields: Fields) -> str:
    """What a record file says when no record has the date, title or URL field named; ``""`` if one does.

    A ``--date-field pubdate`` that no record has was read in silence, every record undated (so
    never kept as newest by ``dedup``): said once, as a table's missing column is.

    >>> print(_kept_nowhere([{"id": 1, "text": "x", "date": "2024"}], Fields(date="pubdate", title="title")))
    ... # doctest: +NORMALIZE_WHITESPACE
    no "pubdate" nor "title" field in any record (their fields: "id", "text", "date"; use --date-field,
    --title-field): its records are read without a date and title
    """
    absent = [
        (option, name)
        for option, name in fields.kept().items()
        if name is not None and objects and all(field_value(record, name) is _ABSENT for record in objects)
    ]
    if not absent:
        return ""
    names = " nor ".join(json.dumps(name, ensure_ascii=False) for _, name in absent)
    options = ", ".join(f"--{option}-field" for option, _ in absent)
    kept = " and ".join(option if option != "url" else "URL" for option, _ in absent)
    listed = _fields_listed(objects)
    return f"no {names} field in any record ({listed}; use {options}): its records are read without a {kept}"


@dataclass(frozen=True)
class ReadOptions:
    """How to read files: the text encoding, which fields of tables and JSONL, and the extract cache.

    ``date_field``, ``title_field`` and ``url_field`` name the fields kept in each record's source.

    ``markup`` says whether the text field of tables and JSONL holds HTML (:mod:`reuse.markup`:
    ``auto``, ``text`` or ``html``). ``cache`` is the folder where texts extracted from pages and
    drafts are kept (None: extract every time).
    """

    encoding: str = "utf-8"
    id_field: str = "id"
    text_field: str = "text"
    date_field: str | None = None
    cache: Path | None = None
    markup: str = "auto"
    title_field: str | None = None
    url_field: str | None = None

    def __post_init__(self) -> None:
        from reuse.markup import MARKUP_CHOICES

        if self.markup not in MARKUP_CHOICES:
            raise ValueError(f"markup must be one of {', '.join(MARKUP_CHOICES)}, not {self.markup!r}")

    @property
    def fields(self) -> Fields:
        """The fields of table rows and JSONL records."""
        return Fields(self.id_field, self.text_field, self.date_field, self.title_field, self.url_field)


def _extras_hint(fmt: str, exc: ImportError) -> str:
    missing = exc.name or " ".join(str(exc).split())
    return f"reading {fmt} files needs the formats extra: pip install 'reuse[formats]' ({missing} is missing)"


def read_file(
    path: Path,
    doc_id: str,
    options: ReadOptions = ReadOptions(),
    *,
    fmt: str | None = None,
    workers: int | None = 1,
    notes: list[str] | None = None,
) -> list[Document | InputError]:
    """Every document in one file, read as its suffix (or ``fmt``) says; problems become errors.

    A page, a draft or a text file is one document whose id and path are ``doc_id``; a table or
    JSONL file gives one document per row, named by its id field, whose path is the file's
    (``doc_id``) and whose source's ``record`` is its row or line. A large
    record file's HTML texts are read on ``workers`` cores (:func:`reuse.markup.fragment_texts`).
    A table read without an optional column it lacks (:class:`reuse.tables.TableNote`) adds a line
    saying so to ``notes`` (when given): its rows were read, so it is not an error.

    A file whose name ends ``.gz`` (not a web archive) is decompressed (:func:`read_source`) and read as
    the format of the name inside (``export.jsonl.gz``: JSONL; ``fmt`` names that one); offsets index
    the text as the uncompressed file would give it, and each document's ``source.sha256`` is the
    compressed file's, the bytes on disk.
    """
    fmt = fmt or format_of(path) or "text"
    try:
        status = path.stat()
    except OSError:
        pass  # reading it says why
    else:
        if stat.S_ISREG(status.st_mode) and not status.st_size:  # not a pipe (<(zcat ...)), which has no size
            return [InputError(doc_id, EMPTY_FILE)]
    if fmt in WEB_ARCHIVE_FORMATS:  # read as it goes: a crawl can be gigabytes
        return read_warc(path, doc_id, options, workers, fmt)
    try:
        data, whole = read_source(path)
    except OSError as exc:
        return [InputError(doc_id, f"cannot read: {exc.strerror or exc}")]
    except ValueError as exc:  # a gzip file damaged, cut short or a bomb
        return [InputError(doc_id, str(exc))]
    found = read_records(data, doc_id, fmt, options, workers=workers, notes=notes)
    if whole is None:
        return found
    return [
        replace(item, source=replace(item.source, sha256=whole))
        if isinstance(item, Document) and item.source is not None
        else item
        for item in found
    ]


def read_records(
    data: bytes,
    doc_id: str,
    fmt: str,
    options: ReadOptions = ReadOptions(),
    *,
    workers: int | None = 1,
    notes: list[str] | None = None,
) -> list[Document | InputError]:
    """Every document in one file's bytes read as ``fmt``, as :func:`read_file` reads the file.

    For a file's bytes once read (decompressed, for a ``.gz``) and for stdin's (``--stdin-format``).
    A record's path is ``doc_id``.

    >>> data = b'{"id": "a", "text": "one"}\\n{"id": "b", "text": "two"}\\n'
    >>> [(d.id, d.text, d.source.record) for d in read_records(data, "x.jsonl", "jsonl")]
    [('a', 'one', 'line 1'), ('b', 'two', 'line 2')]
    """
    if fmt in UPLOAD_FORMATS or fmt in WIRE_FORMATS:  # texts, pages, drafts, PDFs, emails, wire copy
        return read_bytes(data, doc_id, fmt, options)
    try:
        from reuse.tables import read_table

        if fmt in ("jsonl", "json"):
            text, used = decoded(data, options.encoding)
            said: list[str] = []
            if fmt == "json":
                found = parse_json(text, doc_id, fields=options.fields, notes=said)
            else:
                found = parse_jsonl(text.splitlines(), doc_id, fields=options.fields, notes=said)
            if notes is not None and any(isinstance(item, Document) for item in found):
                notes += said
            file = {"encoding": used, "sha256": _sha256(data)}
            return _gathered(
                _markup_read(
                    [
                        replace(d, path=doc_id, source=replace(d.source, **file, **_fields_read(options)))
                        if isinstance(d, Document) and d.source
                        else d
                        for d in found
                    ],
                    doc_id,
                    options.markup,
                    workers,
                ),
                doc_id,
            )
        if fmt in ("csv", "tsv", "parquet", "xlsx"):
            from reuse.tables import TableNote

            table = read_table(fmt, data, options.encoding, options.fields)
            found = _gathered(
                _markup_read(
                    [
                        InputError(f"{doc_id}:{row.path}", row.error)
                        if isinstance(row, InputError)
                        else Document(row[0], row[1], doc_id, replace(row[2], **_fields_read(options)))
                        for row in table
                        if not isinstance(row, TableNote)
                    ],
                    doc_id,
                    options.markup,
                    workers,
                ),
                doc_id,
            )
            if notes is not None and any(isinstance(item, Document) for item in found):
                notes += [
                    f"{doc_id}:{row.where}: {row.note}" if row.where else f"{doc_id}: {row.note}"
                    for row in table
                    if isinstance(row, TableNote)
                ]
            return found
    except ImportError as exc:
        return [InputError(doc_id, _extras_hint(fmt, exc))]
    except ValueError as exc:  # FormatError, and decode's own one-line reasons
        return [InputError(doc_id, str(exc))]
    return [InputError(doc_id, f"unknown format {fmt!r}")]


def _fields_read(options: ReadOptions) -> dict[str, str]:
    """The id and text fields a record was read from, for its source when not the defaults.

    ``reuse report`` reads the record again from its file by them.
    """
    given = {"id_field": options.id_field, "text_field": options.text_field}
    return {key: value for key, value in given.items() if value != getattr(ReadOptions, key)}


ALIKE_ERRORS = 20
"""Records of one file with the same problem named one by one; more are one error that counts them."""
PLACES_SHOWN = 5
"""The records such an error names, the first ones."""


def _gathered(found: list[Document | InputError], file_id: str) -> list[Document | InputError]:
    """``found`` with the errors of over :data:`ALIKE_ERRORS` records alike made one, in the first's place.

    Thousands of records with one problem (an empty text, a field missing from part of an export)
    are one thing to fix: thousands of lines on stderr and entries in the report would hide the
    other problems. The error counts them and names the first few, where to start looking.
    """
    prefix = f"{file_id}:"
    alike: dict[str, list[str]] = {}
    for item in found:
        if isinstance(item, InputError) and item.path.startswith(prefix):
            alike.setdefault(item.error, []).append(item.path.removeprefix(prefix))
    many = {error: places for error, places in alike.items() if len(places) > ALIKE_ERRORS}
    if not many:
        return found
    out: list[Document | InputError] = []
    for item in found:
        if not (isinstance(item, InputError) and item.path.startswith(prefix) and item.error in many):
            out.append(item)
        elif places := many[item.error]:  # the first of them; the others are in it
            out.append(
                InputError(file_id, f"{len(places):,} records ({_first_places(places)}): {item.error}")
            )
            many[item.error] = []
    return out


def _first_places(places: Sequence[str]) -> str:
    """The first of many records' places in a file, shortly: ``lines 2, 5, 9, …``, ``rows 3, 4, …``.

    >>> _first_places(["2", "5", "9"] * 3), _first_places(["sheet 'A' row 2", "sheet 'B' row 3"])
    ('lines 2, 5, 9, 2, 5, …', "sheet 'A' row 2, sheet 'B' row 3")
    """
    shown = [place.rpartition(" ") for place in places[:PLACES_SHOWN]]
    head = shown[0][0]
    if all(part[0] == head and part[2].isdigit() for part in shown):  # a JSONL line is its number alone
        listed = f"{head or 'line'}s " + ", ".join(part[2] for part in shown)
    else:
        listed = ", ".join(places[:PLACES_SHOWN])
    return listed + (", …" if len(places) > PLACES_SHOWN else "")


MARKUP_NOTE = "text field read as HTML (most records hold tags; --markup text keeps them as they are)"
"""What a record file's note says when ``--markup auto`` read its texts as HTML."""


def html_needs_extra(missing: str) -> str:
    """What a record file whose texts are HTML says when ``missing`` (lxml) is not installed."""
    return (
        f"its texts are HTML, read with the formats extra: pip install 'reuse[formats]' "
        f"({missing} is missing), or --markup text to scan the tags as they are"
    )


ATTACHED_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".html", ".htm", ".txt", ".eml")
"""Attachments of an email read as documents of their own: the ones a press release comes as, and a
forwarded email."""
FORWARDS_OPENED = 4
"""Forwarded emails inside forwarded emails opened, at most: deeper ones are read as their body."""


def read_email(
    data: bytes, doc_id: str, options: ReadOptions = ReadOptions(), *, depth: int = 0
) -> list[Document | InputError]:
    """An email's body, and each attachment that is a document, as documents (:mod:`reuse.mail`).

    An attachment is named ``<email>#<file name>``; its source says how it was read (its reader and
    extractor) and where it is: ``format`` ``eml``, ``record`` ``attachment <file name>``, the
    email's sha256, so ``reuse report`` finds it again. An email forwarded as an attachment is read
    the same way, its body ``<email>#<name>.eml`` and its attachments ``<email>#<name>.eml#<file
    name>`` (record ``attachment <name>.eml / attachment <file name>``). A body that is empty, or
    missing beside the attachments, is no error when an attachment was read. An attachment without a
    date of its own (a PDF, a draft) takes the email's ``Date``.
    """
    from reuse.mail import attachments

    body = read_data(data, doc_id, "eml", options.encoding, options.cache)
    try:
        files = attachments(data, ATTACHED_SUFFIXES)
    except ValueError:
        files = []
    whole, seen = _sha256(data), set[str]()
    # An attachment without a date of its own was sent when its email was: the first printing of a
    # release is no later than the email that carried it.
    sent = body.source.date if isinstance(body, Document) and body.source is not None else ""
    read: list[Document | InputError] = []
    for name, payload in files:
        label = name if name not in seen else f"{name} ({len(seen) + 1})"
        seen.add(label)
        fmt = FORMATS.get(Path(name).suffix.lower(), "text")
        inside = f"{doc_id}#{label}"
        if fmt == "eml" and depth < FORWARDS_OPENED:
            items = read_email(payload, inside, options, depth=depth + 1)
        else:
            items = [read_data(payload, inside, fmt, options.encoding, options.cache)]
        for item in items:
            if isinstance(item, Document) and item.source is not None:
                record = " / ".join(filter(None, (f"attachment {label}", item.source.record)))
                where = replace(
                    item.source, format="eml", record=record, sha256=whole, date=item.source.date or sent
                )
                item = replace(item, path=doc_id, source=where)
            read.append(item)
    bodyless = isinstance(body, InputError) and any(isinstance(item, Document) for item in read)
    return read if bodyless else [body, *read]


WIRE_FORMATS = frozenset({"wire", "nitf", "newsml", "rss", "atom"})
"""A news XML file (``.xml``, ``.nitf``), and the formats its documents' sources name."""


def read_wire(data: bytes, doc_id: str) -> list[Document | InputError]:
    """The stories of a NewsML-G2, NITF, RSS or Atom file (:mod:`reuse.newsml`, :mod:`reuse.feeds`).

    A file of one story is one document named ``doc_id``, as a page is. A NewsML-G2 message or a
    feed of several gives ``<file>#<guid>`` each (``<file>#<n>`` for an item without one), its
    source's ``record`` ``item <n>``, so ``reuse report`` finds it again. An item without text (a
    picture sent on the wire) is an error, named; the others are read.
    """
    from reuse.feeds import FEED_READER
    from reuse.markup import FRAGMENT_READER
    from reuse.newsml import NEWSML_READER, NITF_READER, WHAT, wire_stories

    try:
        stories = wire_stories(data)
    except ImportError as exc:  # a feed's HTML needs lxml
        return [InputError(doc_id, _extras_hint("feed", exc))]
    except ValueError as exc:
        return [InputError(doc_id, str(exc))]
    readers = {"nitf": NITF_READER, "newsml": NEWSML_READER, "rss": FEED_READER, "atom": FEED_READER}
    whole, seen = _sha256(data), set[str]()
    read: list[Document | InputError] = []
    for n, story in enumerate(stories, start=1):
        name, record = doc_id, ""
        if len(stories) > 1:
            label = story.guid if story.guid and story.guid not in seen else str(n)
            seen.add(label)
            name, record = f"{doc_id}#{label}", f"item {n}"
        found = story.found
        if not found.text.strip():
            read.append(InputError(name, f"{WHAT[story.format]} without text (a picture?)"))
            continue
        about = {"title": found.title, "date": found.date, "url": found.url, "record": record}
        markup = FRAGMENT_READER if story.html else ""
        source = Source(story.format, readers[story.format], sha256=whole, markup=markup, **about)
        read.append(Document(name, found.text, doc_id, source))
    if not read:
        read.append(InputError(doc_id, "holds no news items"))
    return read


SPREAD_CAPTURES = 32
"""Pages in a web archive from which they are extracted on every core, as a folder's pages are."""


def _capture_read(job: tuple[Path, Capture, ReadOptions]) -> tuple[Capture, tuple[str, Source] | str]:
    """A captured page with its article and how it was read (:func:`reuse.extract.read_page`), or why not.

    The page is read from the file here, in the process that extracts it: only its place travels.
    """
    from reuse.extract import read_page
    from reuse.warc import captured_page

    path, capture, options = job
    if capture.problem:
        return capture, capture.problem
    try:
        with path.open("rb") as file:
            page = captured_page(file, capture)
        return capture, read_page(
            page, options.encoding, options.cache, charset=capture.charset, url=capture.uri
        )
    except OSError as exc:
        return capture, f"cannot read: {exc.strerror or exc}"
    except ValueError as exc:  # no article, bytes that do not decode, a body not as its header says
        return capture, str(exc)


def read_warc(
    path: Path, doc_id: str, options: ReadOptions, workers: int | None = 1, fmt: str = "warc"
) -> list[Document | InputError]:
    """The articles of the HTML pages a web archive (``fmt``: WARC or ARC) captured, in file order.

    Each is named ``<file>#<address>`` (``<file>#<address>@<capture date>`` for an address captured
    again, ``<file>#<n>`` if that repeats too) and read as a page file is; its source's ``record`` is
    ``page <n>``, so ``reuse report`` finds it again, and its ``sha256`` is the whole file's, as for a
    feed. A page without an article is an error under its name; a file that stops reading as a WARC
    keeps the pages before the damage and names the file. The file is read as its pages are
    extracted: from :data:`SPREAD_CAPTURES` pages on, on ``workers`` cores (``None``: every one),
    while this process reads the next records, so only the texts stay in memory.
    """
    from reuse.warc import html_captures  # warcio itself is imported when the first record is read

    seen, read, stopped = set[str](), list[Document | InputError](), list[str]()

    def captures(file: BinaryIO) -> Iterator[tuple[Path, Capture, ReadOptions]]:
        """The file's pages; drawn by the pool's feeder thread, so what stops them is kept for after."""
        try:
            for capture in html_captures(file):
                yield path, capture, options
        except ImportError as exc:
            stopped.append(_extras_hint(fmt, exc))
        except ValueError as exc:  # the file stops reading as a WARC: what came before is kept
            stopped.append(str(exc))

    try:
        with path.open("rb") as file:
            whole = hashlib.file_digest(file, "sha256").hexdigest()
            file.seek(0)
            jobs = captures(file)
            first = list(itertools.islice(jobs, SPREAD_CAPTURES))
            cores = (workers or usable_cpus()) if len(first) == SPREAD_CAPTURES else 1
            if options.cache is not None and cores > 1:
                from reuse.extract_cache import ready

                ready(options.cache)
            for capture, result in in_order_as_they_come(_capture_read, itertools.chain(first, jobs), cores):
                name = f"{doc_id}#{capture.uri}"
                for again in (f"{name}@{capture.date}", f"{doc_id}#{capture.number}"):
                    if name in seen:
                        name = again
                seen.add(name)
                if isinstance(result, str):
                    read.append(InputError(name, result))
                    continue
                text, source = result
                how = replace(source, format=fmt, sha256=whole, record=f"page {capture.number}")
                read.append(Document(name, text, doc_id, how))
    except OSError as exc:  # the pages read before it are kept
        stopped.append(f"cannot read: {exc.strerror or exc}")
    read.extend(InputError(doc_id, reason) for reason in stopped)
    if not read:
        read.append(InputError(doc_id, "holds no HTML page answered with 200 (no article to read)"))
    return read


def _markup_read(
    found: list[Document | InputError], file_id: str, markup: str, workers: int | None = 1
) -> list[Document | InputError]:
    """A record file's documents with their texts read as HTML where ``markup`` (or, auto, the texts) says.

    A record whose HTML holds no text becomes an error naming it (``file:line`` for JSONL, ``file:row
    N`` for tables, as their other errors are named); a file with no record at all, one naming it.
    """
    from reuse.markup import FRAGMENT_READER, fragment_text, fragment_texts, looks_like_html

    if not found:
        return [InputError(file_id, "holds no records (the file is empty, or a table has only its header)")]
    texts = [item.text for item in found if isinstance(item, Document)]
    if markup == "text" or (markup == "auto" and not looks_like_html(texts)):
        return found
    out: list[Document | InputError] = []
    try:
        records = [item for item in found if isinstance(item, Document) and item.source is not None]
        read = iter(fragment_texts([record.text for record in records], workers))
        for item in found:
            if isinstance(item, InputError) or item.source is None:
                out.append(item)
            elif text := next(read):
                title = item.source.title  # a CMS's headline is HTML too: "Port reopens &#8211; officials"
                title = fragment_text(title).replace("\n", " ") if "<" in title or "&" in title else title
                how = replace(item.source, markup=FRAGMENT_READER, title=title)
                out.append(replace(item, text=text, source=how))
            else:
                record = item.source.record
                jsonl = item.source.format == "jsonl"
                where = f"{file_id}:{record.removeprefix('line ') if jsonl else record}"
                out.append(InputError(where, "no text once its HTML is read (markup only)"))
    except ImportError as exc:  # lxml, which fragment_text parses with, comes with the formats extra
        return [InputError(file_id, html_needs_extra(exc.name or "lxml"))]
    return out


def saved_with_page(path: Path, top: Path) -> bool:
    """Whether ``path`` lies in the folder a browser saved beside a page, below ``top``.

    "Save page as: complete" writes ``story.html`` and ``story_files/`` (its images, scripts and
    frames: ad and widget pages among them); those are the page's parts, not pages of the archive.

    >>> import tempfile
    >>> top = Path(tempfile.mkdtemp())
    >>> (top / "story_files").mkdir(); (top / "story.html").touch()
    >>> saved_with_page(top / "story_files" / "ad.html", top), saved_with_page(top / "story.html", top)
    (True, False)
    """
    for folder in path.relative_to(top).parents:
        page = top / folder.parent / folder.name.removesuffix("_files")
        if folder.name.endswith("_files") and any(
            page.with_name(page.name + s).is_file() for s in (".html", ".htm")
        ):
            return True
    return False


UNREAD_SUFFIXES = {".wpd": ".docx", ".pages": ".docx", ".xls": ".xlsx", ".ppt": ".pdf", ".pptx": ".pdf"}
"""Documents of formats not read (WordPerfect, Pages, Excel 97-2003, slides), and what to
save each as: an old archive holds them by the thousand, and leaving them out without a word would
look like a scan of everything."""


def glob_matches(relative: Path, glob: str) -> bool:
    """Whether a file at ``relative`` (to the folder named) is one ``Path.rglob(glob)`` finds there.

    >>> glob_matches(Path("2024/a.html"), "*.html"), glob_matches(Path("2024/a.html"), "2023/*")
    (True, False)
    >>> glob_matches(Path("site/news/2024/a.html"), "news/**/*.html")
    True
    """

    def match(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
        if not pattern:
            return not parts
        if pattern[0] == "**":
            return any(match(parts[k:], pattern[1:]) for k in range(len(parts) + 1))
        return bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0]) and match(parts[1:], pattern[1:])

    return match(relative.parts, ("**", *Path(glob).parts))


@dataclass(frozen=True)
class _Found:
    """What listing a folder met, in sorted order: a file, or something not read and why."""

    path: Path
    linked: bool = False
    """Reached through a symbolic link below the folder named (a linked file, or one in a linked folder)."""
    problem: str = ""
    """A folder that cannot be listed, a link that leads nowhere or round in a loop."""
    dangling: bool = False
    """A link whose target is gone: named only if a file of its name would be read."""


def _walk(top: Path) -> Iterator[_Found]:
    """The files below ``top`` in sorted order (a folder's files where its name sorts), links followed.

    Hidden files and folders (a name starting with a dot) are left out. A linked folder is read as
    the folder it points to, unless it is one the walk is inside (a loop); what cannot be listed or
    followed is said, never passed over in silence.
    """

    def visit(folder: Path, inside: frozenset[tuple[int, int]], linked: bool) -> Iterator[_Found]:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield _Found(folder, linked, f"cannot list the folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path, link = folder / entry.name, entry.is_symlink()
            if not link and entry.is_file(follow_symlinks=False):  # the most of them: known with no stat
                yield _Found(path, linked)
                continue
            try:
                info = path.stat()
            except OSError as exc:
                if link and isinstance(exc, FileNotFoundError):
                    yield _Found(path, True, f"a link to {os.readlink(path)}, which does not exist", True)
                elif link:
                    yield _Found(path, True, f"a link that cannot be followed: {exc.strerror or exc}")
                else:
                    yield _Found(path, linked, f"cannot read: {exc.strerror or exc}")
                continue
            if stat.S_ISDIR(info.st_mode):
                if (info.st_dev, info.st_ino) in inside:
                    yield _Found(path, True, "a link to a folder it is inside: not followed again")
                else:
                    yield from visit(path, inside | {(info.st_dev, info.st_ino)}, linked or link)
            elif stat.S_ISREG(info.st_mode):
                yield _Found(path, linked or link)

    try:
        first = top.stat()
    except OSError as exc:
        yield _Found(top, False, f"cannot list the folder: {exc.strerror or exc}")
        return
    yield from visit(top, frozenset({(first.st_dev, first.st_ino)}), False)


@dataclass(frozen=True)
class _Listed:
    """What one named path holds to read, in order: files (path, id, reached through a link) and errors."""

    steps: list[tuple[Path, str, bool] | InputError]
    unread: list[Path]
    notes: list[str]


def _expand(given: str, glob: str | None) -> _Listed | None:
    """The files to read under ``given`` (itself, or a folder's), the documents left unread, and why."""
    path = Path(given)
    if not path.is_dir():
        return _Listed([(path, given, False)], [], []) if path.exists() else None

    def named(found: Path) -> str:
        return given if found == path else (Path(given) / found.relative_to(path)).as_posix()

    def chosen(found: Path) -> bool:
        # "~$draft.docx" is the lock file Word keeps beside a draft that is open, not a draft.
        wanted = glob_matches(found.relative_to(path), glob) if glob else _in_a_folder(found)
        return wanted and not found.name.startswith("~$") and not saved_with_page(found, path)

    steps: list[tuple[Path, str, bool] | InputError] = []
    unread: list[Path] = []
    notes: list[str] = []
    for found in _walk(path):
        if found.problem.startswith("a link to a folder it is inside"):
            notes.append(f"{named(found.path)}: {found.problem}")  # nothing in it is left unread
        elif found.problem and (not found.dangling or chosen(found.path)):
            steps.append(InputError(named(found.path), found.problem))
        elif not found.problem and chosen(found.path):
            steps.append((found.path, named(found.path), found.linked))
        elif not found.problem and not glob and found.path.suffix.lower() in UNREAD_SUFFIXES:
            unread.append(found.path)
    return _Listed(steps, unread, notes)


@dataclass(frozen=True)
class _Again:
    """A file named again under another spelling (``a.txt``, ``./a.txt``): its first reading counts twice."""

    first: tuple[Path, str, bool]
    doc_id: str


_Step = Document | InputError | tuple[Path, str, bool]
"""One thing to read: stdin's document or a folder's error in its place, or a file (path, id, linked)."""


def _read_once(plan: list[_Step]) -> tuple[list[_Step | _Again], list[str]]:
    """``plan`` with each file read once however it is spelled or linked to, and notes saying so.

    A file named twice (``a.txt ./a.txt``, or a folder and a file in it) is read once and its
    documents count twice, so that a scan refuses them as a file named twice; a file reached again
    through a link in a folder is read once, under the name not through a link where it has one.
    """
    files = [(k, step) for k, step in enumerate(plan) if isinstance(step, tuple)]
    same: dict[str, list[tuple[int, tuple[Path, str, bool]]]] = {}
    for k, file in files:
        same.setdefault(str(file[0].resolve()), []).append((k, file))
    again: dict[int, _Again | None] = {}  # None: a link to a file read, left out
    notes: list[str] = []
    links: list[tuple[str, str]] = []
    for places in same.values():
        first = next((file for _, file in places if not file[2]), places[0][1])
        for k, (_, doc_id, linked) in places:
            if plan[k] is first:
                continue
            if linked:
                again[k] = None
                links.append((doc_id, first[1]))
            else:
                again[k] = _Again(first, doc_id)
                if doc_id != first[1]:
                    notes.append(f"{doc_id}: the same file as {first[1]}, named twice")
    if len(links) <= 3:
        notes += [f"{link}: the same file as {target} (a link), read once" for link, target in links]
    else:
        link, target = links[0]
        notes.append(
            f"{len(links)} links to files read under another name were read once ({link} is {target}, …)"
        )
    kept: list[_Step | _Again] = []
    for k, step in enumerate(plan):
        replaced = again.get(k, step)
        if replaced is not None:
            kept.append(replaced)
    return kept, notes


def unread_note(given: str, unread: Sequence[Path]) -> str:
    """One line naming the documents left unread in a folder, by kind, and what to save them as.

    >>> print(unread_note("archive", [Path("a.xls"), Path("b.XLS"), Path("c.wpd"), Path("d.ppt")]))
    ... # doctest: +NORMALIZE_WHITESPACE
    archive: 4 documents in formats reuse does not read were left out (2 .xls, 1 .ppt, 1 .wpd):
    save them as .docx or .pdf or .xlsx to scan them
    """
    kinds = collections.Counter(p.suffix.lower() for p in unread)
    listed = ", ".join(
        f"{count} {suffix}" for suffix, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    targets = " or ".join(sorted({UNREAD_SUFFIXES[suffix] for suffix in kinds}))
    return (
        f"{given}: {len(unread)} document{'s' if len(unread) > 1 else ''} in formats reuse does not read were"
        f" left out ({listed}): save them as {targets} to scan them"
    )


def _read_job(job: tuple[Path, str, ReadOptions]) -> tuple[list[Document | InputError], list[str]]:
    """``read_file`` of one job, with its notes."""
    notes: list[str] = []
    return read_file(*job, notes=notes), notes


PROGRESS_EVERY = 16
"""Files read between two calls of a read's ``progress`` callback."""
EXTRACTED_FORMATS = frozenset({"html", "mhtml", "docx", "doc", "rtf", "pdf", "warc", "arc"})
"""Formats whose reading is extraction work (a few milliseconds a file, or 10-20 for an article as a
``.doc`` or ``.rtf``), worth spreading over cores."""


def _extracted(file: tuple[Path, str]) -> bool:
    """Whether reading ``file`` (path, id) is extraction work: a page, a web archive, a draft, a PDF."""
    return format_of(file[0]) in EXTRACTED_FORMATS


def _read_all(
    files: list[tuple[Path, str]], options: ReadOptions, workers: int | None
) -> Iterator[tuple[list[Document | InputError], list[str]]]:
    """``read_file`` of every file, and its notes, in order; pages, drafts and PDFs extracted on every core.

    The results come back in file order whatever the scheduling, so reports never depend on it.
    """
    import multiprocessing as mp  # here, not at the top: the CLI imports this module to start

    jobs = [(path, doc_id, options) for path, doc_id in files]
    extracted = sum(map(_extracted, files))
    workers = workers or usable_cpus()
    if workers <= 1 or extracted < 32 or "fork" not in mp.get_all_start_methods():
        # A record file read here spreads its HTML texts itself; in a pool's worker it cannot.
        for path, doc_id in files:
            notes: list[str] = []
            yield read_file(path, doc_id, options, workers=workers, notes=notes), notes
        return
    if options.cache is not None:
        from reuse.extract_cache import ready

        ready(options.cache)
    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_read_job, jobs, chunksize=16)


STDIN_FORMATS = ("text", "jsonl", "json", "csv", "tsv")
"""What stdin (``-``) may hold: one text (the default), or records read as a file of that format is."""
JSONL_LINES_LOOKED_AT = 5
"""Lines of stdin read as one text that are looked at to tell whether they are JSON Lines records."""


def looks_like_jsonl(text: str) -> bool:
    """Whether ``text``'s first lines (up to :data:`JSONL_LINES_LOOKED_AT` not blank) are JSON objects.

    >>> looks_like_jsonl('{"id": 1, "text": "a"}\\n{"id": 2, "text": "b"}\\n'), looks_like_jsonl("{a}\\nb")
    (True, False)
    """
    lines = [line.strip() for line in itertools.islice(text.splitlines(), 1000) if line.strip()]
    if not lines:
        return False
    for line in lines[:JSONL_LINES_LOOKED_AT]:
        if not (line.startswith("{") and line.endswith("}")):
            return False
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except (ValueError, RecursionError):
            return False
    return True


def _stdin_items(
    text: str | None, data: bytes | None, options: ReadOptions, fmt: str, notes: list[str]
) -> list[Document | InputError]:
    """``-``: ``data`` (stdin's bytes) decoded with ``encoding`` as a file's are, else ``text``.

    As one text (``fmt`` ``text``), stdin holding JSON Lines gets a note saying how to read its
    records. Read as records (``jsonl``, ``json``, ``csv``, ``tsv``), each is named by its id field as
    a file's are, with no path (there is no file to read it from again) and stdin's sha256.
    """
    if fmt != "text":
        if fmt not in STDIN_FORMATS:
            return [InputError("-", f"stdin is read as one of {', '.join(STDIN_FORMATS)}, not {fmt!r}")]
        given = data if data is not None else (text or "").encode("utf-8")
        found = read_records(given, "-", fmt, options, notes=notes)
        if options.markup == "auto" and any(
            isinstance(i, Document) and i.source and i.source.markup for i in found
        ):
            notes.append(f"-: {MARKUP_NOTE}")
        return [replace(item, path="") if isinstance(item, Document) else item for item in found]
    try:
        text = decode(data, options.encoding) if data is not None else text or ""
    except ValueError as exc:
        return [InputError("-", str(exc))]
    if problem := unpaired_surrogate(text):
        return [InputError("-", f"holds {problem}")]
    if looks_like_jsonl(text):
        notes.append(
            "-: read as one text, though its lines are JSON objects (JSON Lines?):"
            " --stdin-format jsonl reads a document per record"
        )
    return [_text_document("-", "", text, Source("stdin", sha256=_sha256(text.encode("utf-8"))))]


def read_inputs(
    paths: Sequence[str],
    *,
    glob: str | None = None,
    encoding: str = "utf-8",
    id_field: str = "id",
    text_field: str = "text",
    date_field: str | None = None,
    title_field: str | None = None,
    url_field: str | None = None,
    markup: str = "auto",
    stdin_text: str | None = None,
    stdin_data: bytes | None = None,
    stdin_format: str = "text",
    workers: int | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> Inputs:
    """Read every named file, folder (recursively) and ``-`` (stdin).

    In a folder, every file whose suffix is in :data:`FORMATS` is read, or with ``glob`` only the
    files matching it. A document's id is its path as the user gave it (relative stays relative); a
    record's id (JSONL, CSV, TSV, Parquet, Excel) is its ``id_field``. Folders are listed in sorted
    order so reports never depend on the file system. With 32 or more pages and drafts, extraction
    runs in ``workers`` forked processes (default: one per CPU; 1 reads in this process). With
    ``cache``, a folder, pages and drafts extracted by an earlier read are taken from
    :mod:`reuse.extract_cache` and the new ones are added to it (the least recently used leave it
    past its size limit). ``progress`` is called as ``progress("read", files read, files)`` while
    files are read (a first read of many pages takes a while). ``-`` is ``stdin_data`` decoded with
    ``encoding`` (as a text file), or ``stdin_text``; with ``stdin_format`` (:data:`STDIN_FORMATS`)
    ``jsonl``, ``json``, ``csv`` or ``tsv`` it holds records, read as such a file's are. A file whose
    name ends ``.gz`` is read decompressed, as the format of the name inside (:func:`read_file`).
    ``markup`` says whether record texts are HTML
    (:class:`ReadOptions`); a file whose texts ``auto`` read as HTML
    gets a note.
    """
    documents: list[Document] = []
    errors: list[InputError] = []
    missing: list[str] = []
    notes: list[str] = []
    options = ReadOptions(encoding, id_field, text_field, date_field, cache, markup, title_field, url_field)

    def add(item: Document | InputError) -> None:
        # Duplicate ids are kept: scan() refuses them, so the caller learns of them as one input error.
        if isinstance(item, InputError):
            errors.append(item)
        else:
            documents.append(item)

    # First what to read, in order (stdin text and folder errors in their place), then read it.
    planned: list[_Step] = []
    for given in paths:
        if given == "-":
            planned += _stdin_items(stdin_text, stdin_data, options, stdin_format, notes)
            continue
        listed = _expand(given, glob)
        if listed is None:
            missing.append(given)
            continue
        if listed.unread:
            notes.append(unread_note(given, listed.unread))
        notes += listed.notes
        if not listed.steps:
            known = ", ".join(suffix for suffix in FORMATS if suffix not in NAMED_ONLY)
            wanted = repr(glob) if glob else f"a known suffix ({known})"
            planned.append(InputError(given, f"no files matching {wanted} in this folder"))
        planned += listed.steps
    plan, same = _read_once(planned)
    notes += same
    files = [(step[0], step[1]) for step in plan if isinstance(step, tuple)]
    read = _read_all(files, options, workers)
    first: dict[tuple[Path, str, bool], list[Document | InputError]] = {}
    records: list[tuple[str, Document]] = []  # (file, record): a record's document does not name its file
    done = 0
    for step in plan:
        if isinstance(step, _Again):
            again: list[Document | InputError] = [i for i in first[step.first] if isinstance(i, Document)]
            for item in again or [InputError(step.doc_id, f"the same file as {step.first[1]}, named twice")]:
                add(item)
            continue
        if not isinstance(step, tuple):
            add(step)
            if isinstance(step, Document) and step.source and step.source.format in TABLE_FORMATS:
                records.append(("-", step))  # stdin's records (a folder's errors are the other steps)
            continue
        items, said = next(read)
        first[step] = items
        notes += said
        for item in items:
            add(item)
            if isinstance(item, Document) and item.source and item.source.format in TABLE_FORMATS:
                records.append((step[1], item))
        if markup == "auto" and any(isinstance(i, Document) and i.source and i.source.markup for i in items):
            notes.append(f"{step[1]}: {MARKUP_NOTE}")
        done += 1
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(files)):
            progress("read", done, len(files))
    if cache is not None and any(map(_extracted, files)):
        from reuse.extract_cache import keep_within

        keep_within(cache)  # texts were stored: the least recently used go once it passes its limit
    return Inputs(tuple(documents), tuple(errors), tuple(missing), tuple(notes), tuple(shared_ids(records)))


def shared_ids(records: Iterable[tuple[str, Document]]) -> list[str]:
    """Notes naming records (file, document) whose id an earlier record has: one note a pair of files.

    A scan refuses them (:class:`~reuse.models.DuplicateIdError`), and it has only the documents,
    which do not name a record's file: two exports of two sites both number their articles from 1.

    >>> row = lambda n, text: Document(str(n), text, "", Source("csv", record=f"row {n}"))
    >>> print(*shared_ids([("en.csv", row(1, "a")), ("en.csv", row(2, "b")), ("ar.csv", row(1, "c")),
    ...                    ("ar.csv", row(2, "d"))]))  # doctest: +NORMALIZE_WHITESPACE
    ar.csv row 1 has the id '1' of en.csv row 1 (and 1 more id of that file): ids must be unique; give one
    file's records other ids, or scan the files apart
    """
    first: dict[str, tuple[str, str]] = {}
    shared: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for file, doc in records:
        record = doc.source.record if doc.source else ""
        if doc.id not in first:
            first[doc.id] = (file, record)
            continue
        earlier, there = first[doc.id]
        shared.setdefault((file, earlier), []).append((doc.id, there, record))
    notes = []
    for (file, earlier), ids in shared.items():
        doc_id, there, here = ids[0]
        more = (
            f" (and {len(ids) - 1:,} more id{'s' if len(ids) > 2 else ''} of that file)"
            if len(ids) > 1
            else ""
        )
        fix = (
            "give one of them another id"
            if file == earlier
            else "give one file's records other ids, or scan the files apart"
        )
        notes.append(
            f"{file} {here} has the id {doc_id!r} of {earlier} {there}{more}: ids must be unique; {fix}"
        )
    return notes
