"""Rich Text Format (``.rtf``): press releases and drafts saved by Word, WordPad or LibreOffice.

RTF is text: groups in braces, control words (``\\par``, ``\\u1571``), and the words between them.
It is read here with the standard library alone, into what a ``.docx`` of the same draft reads as
(:mod:`reuse.wordml`): a line per paragraph, a table row's cells joined by a tab, a field's result and
not its code, text that a tracked change deletes (``\\deleted``) and hidden text (``\\v``) left out;
headers, footers, footnotes, comments, pictures, list numbers and the document's own tables (fonts,
styles, ``\\*`` destinations) are not text. Arabic comes as ``\\uN`` (with the fallback its ``\\ucN``
says to skip), or as ``\\'hh`` bytes in its font's character set (``\\fcharset178``: Windows-1256).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reuse.extract import Extracted, FormatError

RTF_READER = "reuse-rtf/1"
"""Recipe for RTF: :func:`rtf_text`'s rules."""
SKIPPED = frozenset(
    [
        "fonttbl",
        "colortbl",
        "stylesheet",
        "pict",
        "object",
        "header",
        "headerl",
        "headerr",
        "headerf",
        "footer",
        "footerl",
        "footerr",
        "footerf",
        "footnote",
        "annotation",
        "atnid",
        "atnauthor",
        "atrfstart",
        "atrfend",
        "fldinst",
        "listtable",
        "listoverridetable",
        "rsidtbl",
        "generator",
        "xmlnstbl",
        "themedata",
        "colorschememapping",
        "latentstyles",
        "datastore",
        "pgdsctbl",
        "shp",
        "shpinst",
        "shppict",
        "nonshppict",
        "bkmkstart",
        "bkmkend",
        "datafield",
        "revtbl",
        "filetbl",
        "listtext",
        "pntext",
        "pntxta",
        "pntxtb",
        "userprops",
        "docvar",
        "template",
        "ftnsep",
        "ftnsepc",
        "ftncn",
        "aftnsep",
        "aftnsepc",
        "aftncn",
        "formfield",
        "mmathPr",
    ]
)
"""Destinations whose content is not the document's text (read apart: ``fonttbl``, ``info``)."""
BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "tab": "\t", "cell": "\t", "nestcell": "\t"}
SYMBOLS = {
    "emdash": "\u2014",
    "endash": "\u2013",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "zwj": "\u200d",
    "zwnj": "\u200c",
    "ltrmark": "\u200e",
    "rtlmark": "\u200f",
}
ESCAPED = {"~": "\u00a0", "_": "-", "-": "", "\\": "\\", "{": "{", "}": "}", "\n": "\n", "\r": "\n"}
"""Control symbols: a non-breaking space and hyphen, an optional hyphen (shown as nothing), literals,
and a backslash before a line end, which old writers use for ``\\par``."""
CHARSETS = {
    0: "cp1252", 161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257",
    204: "cp1251", 222: "cp874", 238: "cp1250", 128: "cp932", 129: "cp949", 134: "cp936", 136: "cp950",
}  # fmt: skip
"""``\\fcharset`` numbers and the code page of their ``\\'hh`` bytes."""
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
"""Control characters other than tab and line end: they show nothing."""
_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
_UNICODE_RUN = re.compile(
    r"(?:\\u-?\d{1,6} ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\r\n])|[\x20-\x5b\x5d-\x7a\x7c\x7e]+)+"
)
"""Characters given as ``\\uN``, each followed by the one fallback ``\\uc1`` (the default) says to skip,
with the plain ASCII text between them: Arabic text as every writer saves it, read a run at a time
rather than two tokens a letter (a third of the time)."""
_UNICODE = re.compile(r"\\u(-?\d{1,6}) ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\r\n])")


HANDLED = frozenset(
    {*SKIPPED, *BREAKS, *SYMBOLS, "info", "title", "creatim", "yr", "mo", "dy", "hr", "min", "u", "uc", "f"}
    | {"deleted", "v", "plain", "row", "nestrow", "bin"}
)
"""Control words that change what is read; the rest (fonts' sizes, spacing, colours...) change nothing."""
_FORMATTING = re.compile(
    r"(?:\\(?!(?:"
    + "|".join(sorted(HANDLED, key=len, reverse=True))
    + r")(?![a-zA-Z]))[a-zA-Z]{1,32}(?:-?\d{1,10})? ?)+"
)
"""A run of control words not :data:`HANDLED`, passed over at once: a writer puts dozens before a line."""


@dataclass(frozen=True)
class _State:
    """What a group inherits: whether its text is skipped, deleted or hidden, its code page, ``\\uc``."""

    skip: bool = False
    deleted: bool = False
    hidden: bool = False
    codepage: str = "cp1252"
    uc: int = 1
    destination: str = ""


def _fonts(source: str, codepage: str) -> dict[int, str]:
    """Each font number's code page, from the font table (``{\\f9\\fnil\\fcharset178 Arial;}``)."""
    start = source.find("{\\fonttbl")
    fonts: dict[int, str] = {}
    for font in re.finditer(r"\{\\f(\d+)([^{};]*)", source[start : start + 200_000] if start >= 0 else ""):
        charset = re.search(r"\\fcharset(\d+)", font[2])
        # the table comes first: a later "{\\f1 text" in the body is a use of the font, not its definition
        fonts.setdefault(int(font[1]), CHARSETS.get(int(charset[1]), codepage) if charset else codepage)
    return fonts


def rtf_text(data: bytes) -> Extracted:
    r"""The text of an RTF file as lines, and the title and creation time its ``\info`` gives.

    Raises:
        FormatError: Not RTF (it must begin with ``{\rtf``), or no text in it.

    >>> rtf = rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}{\f1\fcharset178 Arial;}}{\info{\title Port}}"
    >>> rtf += rb"\pard The port {\f1 \'c7\'e1\'e3\'ed\'e4\'c7\'c1} reopened.\par A\cell B\cell\row"
    >>> rtf += rb"{\deleted old words }See {\field{\*\fldinst HYPERLINK x}{\fldrslt the site}}\u1576?.\par}"
    >>> found = rtf_text(rtf)
    >>> found.title, found.text.split("\n")
    ('Port', ['The port الميناء reopened.', 'A\tB', 'See the siteب.'])
    """
    if not data.lstrip().startswith(b"{\\rtf"):
        raise FormatError("not an RTF file (it does not begin with {\\rtf)")
    source = data.decode("latin-1")  # RTF is 7-bit; a stray 8-bit byte is in the document's code page
    ansi = re.search(r"\\ansicpg(\d+)", source[:400])
    default = f"cp{ansi[1]}" if ansi else "cp1252"
    fonts = _fonts(source, default)
    out: list[str] = []
    title: list[str] = []
    created: dict[str, int] = {}
    pending = bytearray()  # \'hh bytes, decoded together (a double-byte character is two of them)
    state, stack, skip_next = _State(codepage=default), list[_State](), 0

    def flush() -> None:
        if pending:
            if not (state.skip or state.deleted or state.hidden):
                out.append(pending.decode(state.codepage, "replace"))
            pending.clear()

    def emit(text: str) -> None:
        if state.destination == "title":
            title.append(text)
        elif not (state.skip or state.deleted or state.hidden):
            out.append(text)

    at = 0
    while True:
        if state.uc == 1 and not skip_next and (run := _UNICODE_RUN.match(source, at)) is not None:
            flush()
            at = run.end()
            emit(_UNICODE.sub(lambda u: chr(int(u[1]) % 65536), run[0]))
            continue
        if not skip_next and (passed := _FORMATTING.match(source, at)) is not None:
            at = passed.end()
            continue
        if (found := _TOKEN.match(source, at)) is None:
            break
        at = found.end()
        word, number, byte, symbol, brace, text = found.groups()
        if byte is None:
            flush()
        if brace == "{":
            stack.append(state)
            skip_next = 0
        elif brace == "}":
            state = stack.pop() if stack else state
            skip_next = 0
        elif byte is not None:
            if skip_next:
                skip_next -= 1
            else:
                pending.append(int(byte, 16))
        elif symbol is not None:
            if skip_next:
                skip_next -= 1
            elif symbol == "*":
                state = replace(state, skip=True)
            elif symbol in ESCAPED:
                emit(ESCAPED[symbol])
        elif word is not None:
            value = int(number) if number is not None else None
            if skip_next:
                skip_next -= 1
            elif word == "bin" and value:  # raw bytes (a picture's), not tokens
                at += value
            elif word in SKIPPED:
                state = replace(state, skip=True)
            elif word == "info":
                state = replace(state, skip=True, destination="info")
            elif word == "title" and state.destination == "info":
                state = replace(state, destination="title")
            elif word == "creatim" and state.destination == "info":
                state = replace(state, destination="creatim")
            elif (
                state.destination == "creatim"
                and word in ("yr", "mo", "dy", "hr", "min")
                and value is not None
            ):
                created[word] = value
            elif word == "u" and value is not None:
                emit(chr(value % 65536))
                skip_next = state.uc
            elif word == "uc" and value is not None:
                state = replace(state, uc=value)
            elif word == "f" and value is not None:
                state = replace(state, codepage=fonts.get(value, default))
            elif word in ("deleted", "v"):
                on = value != 0
                state = replace(state, deleted=on) if word == "deleted" else replace(state, hidden=on)
            elif word == "plain":
                state = replace(state, deleted=False, hidden=False)
            elif word in BREAKS:
                emit(BREAKS[word])
            elif word in ("row", "nestrow"):
                if not (state.skip or state.deleted or state.hidden):
                    if out and out[-1] == "\t":
                        out.pop()
                    out.append("\n")
            elif word in SYMBOLS:
                emit(SYMBOLS[word])
        elif text is not None:
            if skip_next:
                text, skip_next = text[skip_next:], max(0, skip_next - len(text))
            if text:
                emit(text.encode("latin-1").decode(state.codepage, "replace") if not text.isascii() else text)
    flush()
    # a paragraph mark given as a character (\u13) ends a line; other control characters show nothing
    body = "".join(out).replace("\r", "\n").translate(_CONTROLS).strip("\n")
    # a character past U+FFFF comes as two \u escapes, its UTF-16 surrogates: joined here
    body = body.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if not body.strip():
        raise FormatError("empty or whitespace-only text: nothing to compare")
    when = ""
    if {"yr", "mo", "dy"} <= created.keys():
        when = f"{created['yr']:04d}-{created['mo']:02d}-{created['dy']:02d}"
        when += f"T{created.get('hr', 0):02d}:{created.get('min', 0):02d}:00" if "hr" in created else ""
    return Extracted(body, " ".join("".join(title).split()), when)
