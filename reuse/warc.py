"""Web archives (WARC, ISO 28500): the pages a crawler captured, each to be read as a page file is.

A library's or a newsroom's web archive, and Common Crawl's news crawl (CC-NEWS), are WARC files:
each capture of a page is a ``response`` record holding the HTTP response as it came (the Internet
Archive's crawls before 2008 are ARC files, which warcio reads as WARC records). warcio
(Webrecorder's reader) undoes a record's gzip, a chunked transfer and a gzip or deflate content
encoding; what is left is the page's bytes and the charset its HTTP header named. Only HTML
answered with 200 is kept: redirects, errors, ``revisit`` records (an unchanged page seen again),
images, styles and scripts are not articles.
"""

from __future__ import annotations

import functools
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class Capture:
    """One HTML page in a WARC file, by where its record is.

    The page is read there by whichever process extracts it (:func:`captured_page`), so neither the
    file nor its pages are held in memory or handed between processes.
    """

    number: int
    """Its place among the file's HTML captures, from 1: how ``reuse report`` finds it again."""
    uri: str
    """``WARC-Target-URI``: the address it was captured from."""
    date: str
    """``WARC-Date``: when it was captured (not when it was published)."""
    charset: str | None
    """The charset its ``Content-Type`` header names, if any."""
    offset: int
    """Where its record starts in the file (its gzip member's start, in a ``.warc.gz``)."""
    length: int
    """Its record's bytes in the file, from ``offset``."""
    problem: str = ""
    """Why its page cannot be read: a ``Content-Encoding`` that cannot be undone."""


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value.

    >>> _charset('text/html; Charset="windows-1256"'), _charset("text/html")
    ('windows-1256', None)
    """
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(' "'):
            return value.strip(' "')
    return None


class _Brotli:
    """warcio's ``br`` decompressor, over brotli's ``Decompressor.process``.

    warcio sets ``unused_data`` on a brotli 1.2 ``Decompressor``, which takes no attributes: an
    AttributeError on every page sent brotli-compressed, as browsers ask for.
    """

    unused_data = None

    def __init__(self) -> None:
        import brotli

        self._decompressor = brotli.Decompressor()

    def decompress(self, data: bytes) -> bytes:
        found: bytes = self._decompressor.process(data)
        return found

    def flush(self) -> bytes:
        return b""


@functools.cache
def _readable_encodings() -> frozenset[str]:
    """The ``Content-Encoding`` values whose bodies are read: gzip, x-gzip, deflate, br (brotli)."""
    from warcio.bufferedreaders import BufferedReader

    BufferedReader.DECOMPRESSORS.setdefault("x-gzip", BufferedReader.DECOMPRESSORS["gzip"])

    try:
        import brotli  # noqa: F401

        BufferedReader.DECOMPRESSORS["br"] = _Brotli
    except ImportError:
        BufferedReader.DECOMPRESSORS.pop("br", None)
    return frozenset({"", "identity", *BufferedReader.get_supported_decompressors()})


def _content_encoding(record: Any) -> str:
    """A response's ``Content-Encoding``, lower case ("" for none, or a record without HTTP headers)."""
    headers = record.http_headers
    return ((headers.get_header("Content-Encoding") if headers else None) or "").strip().lower()


def _html_type(record: Any) -> tuple[str, str] | None:
    """A record's ``Content-Type`` and a problem, when it is an HTML page answered with 200."""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":  # a page stored without its HTTP response
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if content_type.partition(";")[0].strip().lower() not in HTML_TYPES:
        return None
    encoding = _content_encoding(record)
    if encoding not in _readable_encodings():  # warcio would hand the compressed bytes on as the page
        needs = " (pip install brotli)" if encoding == "br" else ""
        return content_type, f"its body is compressed as {encoding}, which reuse cannot undo{needs}"
    return content_type, ""


def captured_page(stream: BinaryIO, capture: Capture) -> bytes:
    """A capture's page as it was sent, its record read again at its place in ``stream``.

    Raises:
        ValueError: The body is not what its ``Content-Encoding`` says (that page only).
    """
    from warcio.archiveiterator import ArchiveIterator

    stream.seek(capture.offset)
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(stream.read(capture.length)), arc2warc=True)))
        moved = (record.rec_headers.get_header("WARC-Target-URI") or "") != capture.uri
    except Exception:  # StopIteration too
        moved = True
    if moved:  # the file changed since its headers were read (warcio reads any line of text as ARC)
        raise ValueError(f"its record is no longer at byte {capture.offset} (the file changed?)")
    _readable_encodings()  # warcio's decoders, brotli's adapter among them, in this process too
    try:
        return bytes(record.content_stream().read())
    except Exception as exc:  # a body that is not what its Content-Encoding says: this page only
        reason = " ".join(str(exc).split())
        raise ValueError(
            f"its body is not the {_content_encoding(record)} its header says ({reason})"
        ) from None


def cut_gzip_member(stream: BinaryIO) -> int | None:
    """Where the gzip member that is cut short (or damaged) starts in ``stream``, or ``None``.

    warcio reads a ``.warc.gz`` cut inside a member (a crawl copied or downloaded in part) as if it
    ended there, so the members are walked here first: each must reach its end. The file is read
    64 KB at a time and nothing is kept, so a crawl of any size costs the same memory.

    >>> import gzip
    >>> two = gzip.compress(b"one") + gzip.compress(b"two")
    >>> [cut_gzip_member(io.BytesIO(data)) for data in (two, two[:-3], b"")]
    [None, 23, None]
    """
    at, pending = 0, b""
    while True:
        if not pending:
            pending = stream.read(1 << 16)
            at += len(pending)
            if not pending:
                return None
        start, member = at - len(pending), zlib.decompressobj(31)
        try:
            while not member.eof:
                if not pending:
                    pending = stream.read(1 << 16)
                    at += len(pending)
                    if not pending:
                        member.flush()  # what zlib holds back of the input it has taken
                        if member.eof:
                            break
                        return start
                member.decompress(pending, 1 << 20)  # at most 1 MB out at a time
                pending = member.unconsumed_tail
        except zlib.error:
            return start
        pending = member.unused_data


def html_captures(stream: BinaryIO) -> Iterator[Capture]:
    """The HTML pages a WARC or ARC file (gzipped or not, open at its start) holds, in file order.

    The file is read as it goes, a record at a time, so a crawl's size does not set the memory taken.

    Raises:
        ValueError: One line, once the file stops reading as a WARC (not a WARC, a record cut short,
            a damaged gzip member); the captures before it have been yielded.
    """
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(0)
    cut = cut_gzip_member(stream) if gzipped else None
    stream.seek(0)
    records = ArchiveIterator(stream, arc2warc=True)
    records.INC_RECORD = ""  # warcio's own warning, printed when it reads past a wrong Content-Length
    try:
        for record in records:
            found = _html_type(record)
            while record.raw_stream.read(1 << 16):  # the rest of the record, to see that it is all there
                pass
            offset, length = records.get_record_offset(), records.get_record_length()
            if getattr(record.raw_stream, "limit", 0) or (cut is not None and offset >= cut):
                raise ValueError(f"the record at byte {offset} is cut short")  # warcio reads short
            if found is not None:
                number += 1
                content_type, problem = found
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                date = record.rec_headers.get_header("WARC-Date") or ""
                yield Capture(number, uri, date, _charset(content_type), offset, length, problem)
        if cut is not None:  # in the last member's header: no record began there
            raise ValueError(f"the gzip member at byte {cut} is cut short")
        stream.seek(records.offset)
        while rest := stream.read(1 << 16):  # a record's own headers cut short: warcio stops before it
            if rest.strip():
                raise ValueError(f"the record at byte {records.offset} is cut short")
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        if number:
            raise ValueError(f"stopped after {number} page{'s' if number > 1 else ''}: {reason}") from None
        raise ValueError(f"cannot read as a WARC web archive ({reason})") from None
