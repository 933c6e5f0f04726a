"""The lines of a Word document's body as the draft reads with its tracked changes accepted.

python-docx reads a paragraph as its direct runs and links only, and a table row as one cell per grid
column. A newsroom draft is edited with Track Changes on, so that misses the very text reuse hides
in: a wire story pasted into a draft while tracking is on is one ``<w:ins>``, and its paragraph
would read as empty. A cell merged across three columns would be read three times, a repeat the
draft does not hold. Content controls (``<w:sdt>``, a template's headline or byline field) were
left out too.

So the body is walked here, element by element, with python-docx's own reading of a run (its text,
tabs and line breaks), and these rules: text inserted, moved here, in a link, a field, a smart tag
or a content control is read; text deleted or moved away (``<w:del>``, ``<w:moveFrom>``) is not, nor
a table row deleted; each table cell is read once, in the row's order; a text box's paragraphs
follow its paragraph's line (only one of the two copies Word keeps of it: ``mc:Choice``, not
``mc:Fallback``). Comments, footnotes, headers and footers are other parts of the file, not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
UNREAD = frozenset({f"{W}del", f"{W}moveFrom", f"{MC}Fallback", f"{W}pPr", f"{W}rPr", f"{W}sectPr"})
"""Elements whose content the reader does not see as text: deletions, moves away, Word's second copy
of a drawing, and property sets."""


def _within(element: Any, tag: str) -> Iterator[Any]:
    """The outermost elements named ``tag`` inside ``element``, in order, not inside what is unread.

    Through wrappers: a paragraph's runs inside insertions, links, fields and content controls, a
    table's rows and cells inside content controls, a run's text boxes inside its drawing.
    """
    for child in element:
        if not isinstance(child.tag, str) or child.tag in UNREAD:
            continue
        if child.tag == tag:
            yield child
        else:
            yield from _within(child, tag)


def _deleted_row(row: Any) -> bool:
    properties = row.find(f"{W}trPr")
    return properties is not None and properties.find(f"{W}del") is not None


def body_lines(element: Any) -> Iterator[str]:
    """One line per paragraph and per table row of ``element`` (a body, a cell, a text box), in order.

    ``element`` is python-docx's (its parser gives a run its ``text``). A row's cells are joined by a
    tab, a cell's own lines by a line end, as python-docx reads them.
    """
    for child in element:
        if not isinstance(child.tag, str) or child.tag in UNREAD:
            continue
        if child.tag == f"{W}p":
            yield "".join(run.text for run in _within(child, f"{W}r"))  # python-docx reads each run
            for box in _within(child, f"{W}txbxContent"):
                yield from body_lines(box)
        elif child.tag == f"{W}tbl":
            for row in _within(child, f"{W}tr"):
                if not _deleted_row(row):
                    cells = _within(row, f"{W}tc")
                    yield "\t".join("\n".join(body_lines(cell)) for cell in cells)
        else:  # w:sdt, w:sdtContent, w:customXml, w:ins around paragraphs: their content is read
            yield from body_lines(child)
