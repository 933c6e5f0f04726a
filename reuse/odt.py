"""OpenDocument text (``.odt``): drafts written in LibreOffice, or saved as ODF by Google Docs and Word.

The document's body is ``content.xml`` inside the zip, read with the standard library's XML parser
as the draft reads with its tracked changes accepted, by the same rules as :mod:`reuse.wordml` for
Word: a line per paragraph, heading, list item and table row (cells by a tab, a merged-over cell
not read again), a frame's text (a text box) after its paragraph; what the change log holds
(``text:tracked-changes``: the deleted text), footnotes, comments and the like left out. ``text:s``
is its count of spaces, ``text:tab`` a tab, ``text:line-break`` a line end, as the draft shows them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from reuse.extract import Extracted, not_a_zip, unpacked_too_far

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
UNREAD = frozenset(
    {
        f"{TEXT}tracked-changes",
        f"{TEXT}note",
        f"{OFFICE}annotation",
        f"{TEXT}sequence-decls",
    }
)
"""Elements whose text the draft does not show in its body: the change log, notes, comments."""
ODT_READER = "reuse-odt/1"
"""Recipe for OpenDocument text: :func:`body_lines` of ``content.xml``, joined by line ends."""
PARAGRAPHS = frozenset({f"{TEXT}p", f"{TEXT}h"})


def _inline(element: ElementTree.Element, boxes: list[ElementTree.Element]) -> Iterator[str]:
    """A paragraph's text in order; the frames met are put in ``boxes`` to be read after it."""
    if element.text:
        yield element.text
    for child in element:
        if child.tag == f"{TEXT}s":
            yield " " * int(child.get(f"{TEXT}c", "1"))
        elif child.tag == f"{TEXT}tab":
            yield "\t"
        elif child.tag == f"{TEXT}line-break":
            yield "\n"
        elif child.tag == f"{DRAW}frame":
            boxes.append(child)
        elif child.tag not in UNREAD:
            yield from _inline(child, boxes)
        if child.tail:
            yield child.tail


def body_lines(element: ElementTree.Element) -> Iterator[str]:
    """One line per paragraph and table row inside ``element`` (the body, a cell, a frame), in order."""
    for child in element:
        if child.tag in UNREAD:
            continue
        if child.tag in PARAGRAPHS:
            boxes: list[ElementTree.Element] = []
            yield "".join(_inline(child, boxes))
            for box in boxes:
                yield from body_lines(box)
        elif child.tag == f"{TABLE}table-row":
            cells = (cell for cell in child if cell.tag == f"{TABLE}table-cell")  # not the covered ones
            yield "\t".join("\n".join(body_lines(cell)) for cell in cells)
        else:  # sections, lists and their items, tables and their row groups, frames' text boxes
            yield from body_lines(child)


def odt_extracted(data: bytes) -> Extracted:
    """The draft's text (its lines joined by line ends), and the title and creation date its metadata gives.

    Raises:
        ValueError: Not an OpenDocument text, or damaged (one line).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "content.xml" not in names:
                raise ValueError("not an OpenDocument text (a zip archive without content.xml)")
            if bomb := unpacked_too_far(archive, len(data)):
                raise ValueError(bomb)
            content = ElementTree.fromstring(archive.read("content.xml"))
            meta = ElementTree.fromstring(archive.read("meta.xml")) if "meta.xml" in names else None
    except zipfile.BadZipFile:
        raise ValueError(f"not an OpenDocument text ({not_a_zip(data, '.odt', '.doc')})") from None
    except ElementTree.ParseError as exc:
        raise ValueError(f"cannot read as an OpenDocument text (damaged XML: {exc})") from None
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise ValueError("not an OpenDocument text (no text body: a spreadsheet or a presentation?)")
    title = created = ""
    if meta is not None:
        title = " ".join((meta.findtext(f".//{DC}title") or "").split())
        created = (meta.findtext(f".//{META}creation-date") or "").strip()
    return Extracted("\n".join(body_lines(body)), title, created)
