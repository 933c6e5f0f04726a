"""Word 97-2003 documents (``.doc``): the drafts and archives of a newsroom before 2007.

A ``.doc`` is an OLE compound file (read with olefile); its text lies in the ``WordDocument`` stream
in pieces, listed by the piece table (the ``Clx`` in the table stream the file header names), each
piece either 8-bit (Windows-1252) or UTF-16 (Arabic is always the latter). The first ``ccpText``
characters are the body; footnotes, headers and comments follow it and are not read, as in a
``.docx``. The body's marks become what a ``.docx`` reads as (:mod:`reuse.wordml`): a paragraph mark
or a line or page break ends a line, a table cell's end is a tab and a row's end ends the line, a
field shows its result and not its code (``HYPERLINK "…"``, ``PAGE``), pictures and other anchors are
left out. Deleted text kept as a tracked change is not told apart here: save the draft with its
changes accepted first, or as ``.docx``.
"""

from __future__ import annotations

import datetime
import io
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reuse.extract import Extracted, FormatError

DOC_READER = "reuse-doc/1"
"""Recipe for Word 97-2003: the body's pieces, marks read as :func:`body_text` says."""
WORD_97 = 0x00C1
"""The first ``nFib`` of the format read (Word 97); Word 6 and 95 files have lower ones."""
_CLX = 33
"""Index of ``fcClx``/``lcbClx`` among the file header's offset and length pairs (``FibRgFcLcb97``)."""
_CHPX = 12
"""Index of ``fcPlcfBteChpx`` (character properties' pages); ``fcPlcfBtePapx`` (paragraphs') follows it."""
_DELETED = frozenset({0x0800})
"""``sprmCFRMarkDel``: the character is deleted, a tracked change not yet accepted."""
_ROW_END = frozenset({0x2417, 0x244C})
"""``sprmPFTtp``, ``sprmPFInnerTtp``: the paragraph mark ends a table row (or a nested table's)."""
_DROPPED = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20)], None) | {0x1E: "-"}
"""Control characters that show nothing (anchors of pictures, notes and comments; an optional hyphen),
and the non-breaking hyphen (0x1E), which shows as one."""


def _fields_shown(raw: str) -> list[bool]:
    """For each character, whether Word shows it: a field's result is shown, its code is not."""
    shown: list[bool] = []
    fields: list[bool] = []  # for each open field: whether its result (after the separator) is reached
    for char in raw:
        if char == "\x13":
            fields.append(False)
            shown.append(False)
        elif char == "\x14" and fields:
            fields[-1] = True
            shown.append(False)
        elif char == "\x15" and fields:
            fields.pop()
            shown.append(False)
        else:
            shown.append(all(fields))
    return shown


def body_text(raw: str, deleted: Sequence[bool] | None = None, row_ends: Sequence[bool] | None = None) -> str:
    """The body's characters as lines: marks, fields and anchors read as Word shows the text.

    ``deleted`` marks the characters a tracked change deletes, ``row_ends`` the cell marks (0x07)
    that end a table row rather than a cell; without them, none is deleted, and a mark right after
    another ends the row (right unless a row ends with an empty cell).

    >>> body_text("Title\\rA\\x07B\\x07\\x07See \\x13 HYPERLINK \\"x\\" \\x14the site\\x15.\\x01\\r")
    'Title\\nA\\tB\\nSee the site.'
    """
    if row_ends is None:
        row_ends = [c == "\x07" and k > 0 and raw[k - 1] == "\x07" for k, c in enumerate(raw)]
    out: list[str] = []
    for char, shown, gone, row_end in zip(
        raw, _fields_shown(raw), deleted or [False] * len(raw), row_ends, strict=True
    ):
        if not shown or gone:
            continue
        if char == "\x07":
            if row_end:
                if out and out[-1] == "\t":
                    out.pop()
                out.append("\n")
            else:
                out.append("\t")
        elif char in "\r\x0b\x0c":
            out.append("\n")
        else:
            out.append(char)
    return "".join(out).translate(_DROPPED).strip("\n")


def _u16(data: bytes, at: int) -> int:
    return int(struct.unpack_from("<H", data, at)[0])


def _u32(data: bytes, at: int) -> int:
    return int(struct.unpack_from("<I", data, at)[0])


def _sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    """The (sprm, operand) pairs of a property list: the operand's size is in the sprm's top bits."""
    at = 0
    while at + 2 <= len(grpprl):
        sprm = _u16(grpprl, at)
        at += 2
        spra = sprm >> 13
        if spra == 6:  # variable: a length byte, or two for a table's cell definitions
            size = _u16(grpprl, at) + 1 if sprm == 0xD608 else grpprl[at] + 1 if at < len(grpprl) else 0
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        yield sprm, grpprl[at : at + size]
        at += size


@dataclass(frozen=True)
class _Runs:
    """Ranges of the ``WordDocument`` stream (byte offsets) and a property of each, from one kind of FKP."""

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    flags: npt.NDArray[np.bool_]

    def at(self, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """The property at each byte offset (False outside every range)."""
        k = np.searchsorted(self.starts, positions, side="right") - 1
        inside = (k >= 0) & (positions < self.ends[np.maximum(k, 0)])
        return inside & self.flags[np.maximum(k, 0)]


def _fkp_runs(
    document: bytes, table: bytes, fc: int, lcb: int, *, paragraphs: bool, wanted: frozenset[int]
) -> _Runs:
    """Where a character (``paragraphs=False``) or paragraph property among ``wanted`` sprms is set (to 1).

    The bin table at ``fc`` in the table stream lists 512-byte pages (FKPs) of the ``WordDocument``
    stream; each page lists byte ranges and their properties.
    """
    starts: list[int] = []
    ends: list[int] = []
    flags: list[bool] = []
    count = (lcb - 4) // 8 if lcb >= 12 else 0
    pages = struct.unpack_from(f"<{count}I", table, fc + 4 * (count + 1)) if count else ()
    for page_number in pages:
        page = document[(page_number & 0x3FFFFF) * 512 :][:512]
        if len(page) < 512:
            continue
        runs = page[511]
        fcs = struct.unpack_from(f"<{runs + 1}I", page, 0)
        for k in range(runs):
            if paragraphs:
                offset = page[4 * (runs + 1) + 13 * k] * 2
                cb = page[offset] if offset else 0
                grpprl = (
                    page[offset + 1 : offset + 2 * cb]
                    if cb
                    else page[offset + 2 : offset + 2 + 2 * page[offset + 1]]
                )
                grpprl = grpprl[2:]  # past the style index
            else:
                offset = page[4 * (runs + 1) + k] * 2
                grpprl = page[offset + 1 : offset + 1 + page[offset]] if offset else b""
            found = any(sprm in wanted and operand[:1] == b"\x01" for sprm, operand in _sprms(grpprl))
            starts.append(fcs[k])
            ends.append(fcs[k + 1])
            flags.append(found)
    order = np.argsort(np.asarray(starts, dtype=np.int64), kind="stable")
    return _Runs(
        np.asarray(starts, dtype=np.int64)[order],
        np.asarray(ends, dtype=np.int64)[order],
        np.asarray(flags, dtype=bool)[order],
    )


def _pieces(document: bytes, table: bytes, fc_clx: int, lcb_clx: int) -> tuple[str, npt.NDArray[np.int64]]:
    """The file's text (body, then notes, headers...) from its piece table, and each character's place.

    The place is the character's byte offset in the ``WordDocument`` stream, where its properties are
    found (:func:`_fkp_runs`).
    """
    clx = table[fc_clx : fc_clx + lcb_clx]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # property sets (Prc) come first
        at += 3 + int(struct.unpack_from("<h", clx, at + 1)[0])
    if at >= len(clx) or clx[at] != 0x02:
        raise FormatError("cannot read as a Word 97-2003 document (its piece table is damaged)")
    size = _u32(clx, at + 1)
    plc = clx[at + 5 : at + 5 + size]
    count = (size - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    text: list[str] = []
    offsets: list[npt.NDArray[np.int64]] = []
    for k in range(count):
        fc = _u32(plc, 4 * (count + 1) + 8 * k + 2)
        length = cps[k + 1] - cps[k]
        if fc & 0x40000000:  # 8-bit text, at half the offset
            start = (fc & 0x3FFFFFFF) // 2
            text.append(document[start : start + length].decode("cp1252", "replace"))
            offsets.append(start + np.arange(length, dtype=np.int64))
        else:
            start = fc & 0x3FFFFFFF
            text.append(document[start : start + 2 * length].decode("utf-16-le", "replace"))
            offsets.append(start + 2 * np.arange(length, dtype=np.int64))
    joined = "".join(text)
    where = np.concatenate(offsets) if offsets else np.zeros(0, dtype=np.int64)
    if where.size != len(joined):  # a piece past the stream's end
        raise FormatError("cannot read as a Word 97-2003 document (its text is cut short)")
    return joined, where


def _decoded(value: object, codepage: int | None) -> str:
    """A summary property (bytes in the property set's code page: 1256 for Arabic Windows) as text."""
    if not isinstance(value, bytes):
        return str(value or "")
    number = (codepage or 1252) % 65536  # olefile gives the property's 16 bits signed: UTF-8 is -535
    codec = {65001: "utf-8", 1200: "utf-16-le"}.get(number, f"cp{number}")
    try:
        return value.decode(codec).rstrip("\x00")
    except (LookupError, UnicodeDecodeError):
        return value.decode("cp1252", "replace").rstrip("\x00")


def doc_text(data: bytes) -> Extracted:
    """The body of a Word 97-2003 file as lines, and the title and creation time its summary gives.

    Raises:
        FormatError: Not a ``.doc`` (not an OLE file, or one without a Word document: an ``.xls``),
            encrypted, older than Word 97, or damaged, in one line.

    >>> doc_text(b"PK\\x03\\x04 a docx")
    Traceback (most recent call last):
    ...
    reuse.extract.FormatError: not a Word 97-2003 .doc file (a zip archive: a .docx named .doc?)
    """
    import olefile

    if data.startswith(b"PK\x03\x04"):
        raise FormatError("not a Word 97-2003 .doc file (a zip archive: a .docx named .doc?)")
    if not olefile.isOleFile(io.BytesIO(data)):
        raise FormatError(
            "not a Word 97-2003 .doc file (not an OLE compound file: an RTF or text named .doc?)"
        )
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                raise FormatError("not a Word 97-2003 .doc file (an OLE file without a Word document)")
            document = ole.openstream("WordDocument").read()
            if len(document) < 0x200 or _u16(document, 0) != 0xA5EC:
                raise FormatError("cannot read as a Word 97-2003 document (its header is damaged)")
            if _u16(document, 2) < WORD_97:
                raise FormatError("a Word 6 or 95 document, older than this reader: save it as .docx")
            flags = _u16(document, 0x0A)
            if flags & 0x0100:
                raise FormatError("a password-protected Word document: save it without the password")
            at = 0x20 + 2 + 2 * _u16(document, 0x20)  # past FibRgW
            longs = at + 2
            body_chars = _u32(document, longs + 12)  # ccpText
            at = longs + 4 * _u16(document, at)  # past FibRgLw
            pairs = at + 2
            fc_clx, lcb_clx = struct.unpack_from("<II", document, pairs + 8 * _CLX)
            fc_chpx, lcb_chpx, fc_papx, lcb_papx = struct.unpack_from("<IIII", document, pairs + 8 * _CHPX)
            table_name = "1Table" if flags & 0x0200 else "0Table"
            if not ole.exists(table_name):
                raise FormatError(f"cannot read as a Word 97-2003 document (no {table_name} stream)")
            table = ole.openstream(table_name).read()
            raw, where = _pieces(document, table, fc_clx, lcb_clx)
            raw, where = raw[:body_chars], where[:body_chars]
            deleted = _fkp_runs(document, table, fc_chpx, lcb_chpx, paragraphs=False, wanted=_DELETED).at(
                where
            )
            row_end = _fkp_runs(document, table, fc_papx, lcb_papx, paragraphs=True, wanted=_ROW_END).at(
                where
            )
            meta = ole.get_metadata()
    except FormatError:
        raise
    except (OSError, struct.error, ValueError, IndexError) as exc:  # olefile's and a short stream's
        reason = " ".join(str(exc).split())
        raise FormatError(
            f"cannot read as a Word 97-2003 document ({type(exc).__name__}: {reason})"
        ) from None
    title = _decoded(meta.title, meta.codepage)
    created = meta.create_time.replace(tzinfo=datetime.UTC).isoformat() if meta.create_time else ""
    text = body_text(raw, deleted.tolist(), row_end.tolist())
    if not text.strip():
        raise FormatError("empty or whitespace-only text: nothing to compare")
    return Extracted(text, " ".join(title.split()), created)
