"""The text of a PDF: a press release, a report, a statement, as a newsroom receives them.

Churnalism starts here: a ministry's statement arrives as a PDF and reappears in tomorrow's
articles. The text is pypdf's (pure Python), put in reading order here: of the readers measured on
PDFs Chromium printed from the fixtures and seed articles in five font settings (README, "Reading
PDFs"), it was the only one that gave Arabic stored as read in order, and with :func:`lines_as_read`
it gives Arabic stored as seen in order too.

Four things are done to it, each because the scan would otherwise mislead:

- Presentation forms (the glyphs a PDF stores: Arabic shaped letters, U+FB50-FDFF and U+FE70-FEFF,
  and Latin ligatures such as "ﬁ", U+FB00-FB4F) become the letters they show (NFKC of those
  characters only), so a passage copied from the PDF reads, and is searched, as an editor typed it.
- A running header or footer (a line at the top or bottom of most pages, the same but for its
  numbers: "Ministry of Health - page 2 of 5") is dropped, so it is not a passage repeated on every
  page.
- Arabic that a page stores as seen is put back in reading order. Some writers place a line's
  pieces left to right as they are seen (Chromium: each word on its own with its default fonts, or
  the runs on either side of a number with others), and pypdf then gives those words or runs
  reversed; others store a line as it reads. A page whose pieces on a line of Arabic run left to
  right is the first kind (:func:`visual_order`), and its lines are rebuilt from the pieces' places
  (:func:`lines_as_read`), right to left, a run of Latin words or numbers read left to right.
- Pages are joined by a line end; lines stay as the PDF breaks them (the scan reads words, so a line
  break inside a paragraph changes nothing it finds).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence

import regex

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
"""Arabic letters, in either form a PDF may hold them."""
PRESENTATION_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]")
"""Alphabetic and Arabic presentation forms: glyph codes for ligatures and shaped letters."""
_NUMBERS = re.compile(r"\d+")
EDGE_LINES = 2
"""Lines at the top and at the bottom of a page where a running header or footer is looked for."""


def letters(text: str) -> str:
    """``text`` with presentation forms replaced by the letters they show.

    >>> letters("\ufef3\ufeae\ufed4\ufeb3 \ufefb \ufb01sheries")  # glyphs for "يرفس", "لا", "fi"
    'يرفس لا fisheries'
    """
    return PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def running_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """The lines (numbers blanked) at a page's top or bottom on most pages: headers and footers.

    A document of one page has none. A line counts once a page, and must be on at least half of
    the pages, and on two.

    >>> running_lines([["Ministry - 1", "Body one"], ["Ministry - 2", "Body two"], ["Body three"]])
    {'Ministry - #'}
    """
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        edges = {_NUMBERS.sub("#", line.strip()) for line in [*lines[:EDGE_LINES], *lines[-EDGE_LINES:]]}
        for key in edges - {""}:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= max(2, (len(pages) + 1) // 2)}


def _body(lines: Sequence[str], running: set[str]) -> Iterator[str]:
    """A page's lines less the running ones at its edges."""
    last = len(lines) - 1
    for k, line in enumerate(lines):
        edge = k < EDGE_LINES or k > last - EDGE_LINES
        if not (edge and _NUMBERS.sub("#", line.strip()) in running):
            yield line


Piece = tuple[str, float, float, float]
"""A piece of text as pypdf shows it to a visitor: (text, x, y, size), where it starts on the page
and the height of its letters, in points."""
SAME_LINE = 0.4
"""Two pieces whose starts are closer in height than this share of their letters' size are on one
line (a word that begins with a vowel mark starts a little higher than its neighbours)."""


def visual_order(pieces: Sequence[Piece]) -> bool:
    """Whether a page's Arabic lines are stored left to right, as seen rather than as read.

    That is, of consecutive pieces on one line of Arabic, more start to the right of the one
    before than to its left: a writer that stores a line as read goes right to left.

    >>> visual_order([("ﺗﻄﻮﻳﺮ", 10.6, 773.3, 16), ("إﻟﻰ", 43.1, 773.3, 16), ("ﺗﻬﺪف", 63.2, 773.3, 16)])
    True
    >>> visual_order([("ﺷﻬﺪت", 300.0, 774.8, 16), ("2011", 250.0, 774.8, 16), ("English", 10.0, 700.0, 16)])
    False
    """
    rightward = leftward = 0
    for (text, x, y, size), (next_text, next_x, next_y, _) in itertools.pairwise(pieces):
        if abs(y - next_y) < SAME_LINE * size and (ARABIC.search(text) or ARABIC.search(next_text)):
            rightward += next_x > x
            leftward += next_x < x
    return rightward > leftward


def _kind(text: str) -> str:
    """``R`` for a piece with Arabic, ``L`` for one with other letters or digits, ``N`` otherwise."""
    if ARABIC.search(text):
        return "R"
    return "L" if regex.search(r"[\p{L}\p{N}]", text) else "N"


def read_line(seen: Sequence[str]) -> str:
    """A line's pieces in the order they are seen (left to right), as the line reads.

    A line with Arabic reads right to left: its runs of pieces are taken from the right, and the
    pieces of an Arabic run too, while a run of Latin words or numbers reads left to right inside
    it. Punctuation joins the run it stands in. A line without Arabic reads as seen.

    >>> read_line(["ﺑﻴﻦ ﺛﻼث ﺣﻜﻮﻣﺎت.", "2011", "ﻏﺎدر اﻻﺣﺘﺠﺎج ﻓﻲ"])  # one writer: runs as read
    'ﻏﺎدر اﻻﺣﺘﺠﺎج ﻓﻲ 2011 ﺑﻴﻦ ﺛﻼث ﺣﻜﻮﻣﺎت.'
    >>> read_line(["وأوﺿﺢ", ".", "اﻟﻌﻤﻮﻣﻲ", "BBC News"])  # another: each word on its own
    'BBC News اﻟﻌﻤﻮﻣﻲ. وأوﺿﺢ'
    """
    pieces = [" ".join(piece.split()) for piece in seen if piece.strip()]  # one line: no line ends
    if not any(_kind(piece) == "R" for piece in pieces):
        return " ".join(pieces)
    runs: list[tuple[str, list[str]]] = []
    for piece in pieces:
        kind = _kind(piece)
        if runs and (kind == "N" or runs[-1][0] == kind):
            runs[-1][1].append(piece)
        else:
            runs.append(("R" if kind == "N" else kind, [piece]))
    read: list[str] = []
    for kind, run in reversed(runs):
        for piece in reversed(run) if kind == "R" else run:
            if read and _kind(piece) == "N":
                read[-1] += piece  # a mark ends the word read before it
            else:
                read.append(piece)
    return " ".join(read)


def lines_as_read(pieces: Sequence[Piece]) -> list[str]:
    """A page's lines from its pieces: top to bottom, each read by :func:`read_line`."""
    lines: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: -p[2]):
        if lines and abs(lines[-1][0][2] - piece[2]) < SAME_LINE * piece[3]:  # near the line's first
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [read_line([p[0] for p in sorted(line, key=lambda p: p[1])]) for line in lines]


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Silence logger ``name`` below errors (pypdf warns of every oddity of a damaged file).

    A scan reports problems its own way, one line a file.
    """
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _page_lines(page: object) -> list[str]:
    """A pypdf page's lines of text in reading order.

    They are pypdf's own, or, where the page stores its Arabic as seen (:func:`visual_order`), the
    lines rebuilt from its pieces (:func:`lines_as_read`).
    """
    pieces: list[Piece] = []

    def seen(text: str, cm: Sequence[float], tm: Sequence[float], font: object, size: float) -> None:
        if text.strip():  # where the piece starts: the text matrix's origin through the page's
            x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((text, x, y, abs(size * tm[3] * cm[3]) or 1.0))

    text = page.extract_text(visitor_text=seen) or ""  # type: ignore[attr-defined]
    lines = lines_as_read(pieces) if visual_order(pieces) else text.splitlines()
    return [letters(line) for line in lines]


def pdf_pages(data: bytes) -> tuple[list[list[str]], str, str]:
    """Each page's lines, and the title and creation date (ISO 8601) the file's metadata gives.

    Raises:
        ValueError: One line: not a PDF, damaged, or encrypted with a password.
    """
    import pypdf

    if not data.lstrip()[:5] == b"%PDF-":
        raise ValueError("not a PDF file (it does not start with %PDF-)")
    with _quiet("pypdf"):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone still opens
                raise ValueError("encrypted: it needs a password to open")
            pages = [_page_lines(page) for page in reader.pages]
            info = reader.metadata
            title = " ".join(str(info.title or "").split()) if info else ""
            if re.match(r"(?:about|file|https?):", title):  # a browser printed it: the page's address
                title = ""
            created = info.creation_date if info else None
        except ValueError:
            raise
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            reason = " ".join(str(exc).split())
            raise ValueError(f"cannot read as a PDF ({type(exc).__name__}: {reason})") from None
    return pages, letters(title), created.isoformat() if created else ""


def pdf_text(pages: Sequence[Sequence[str]]) -> str:
    """The document's text from its pages' lines: running headers and footers out, pages joined.

    >>> pdf_text([["Press office - 1", "The port reopens."], ["Press office - 2", "Boats return."]])
    'The port reopens.\\nBoats return.'
    """
    running = running_lines(pages)
    return "\n".join(line.rstrip() for lines in pages for line in _body(lines, running))
