"""Any text written as RTF the ways writers do reads back as itself.

Each character is written as a writer might: ASCII as itself (a backslash or brace escaped), a tab
and a line end as ``\\tab`` and ``\\par``, anything else as ``\\uN`` with a ``?`` fallback (a character
past U+FFFF as its two surrogates) or, for Arabic, as a Windows-1256 byte ``\\'hh`` in a font whose
character set says so; formatting control words (bold, size, language) fall between characters.
None of that may change a character, since report offsets index the text read.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.rtf import rtf_text

pytestmark = pytest.mark.property

ALPHABET = st.sampled_from(
    list("abc XYZ 019 .,;:!?'\"()-_\\{}\t\n")
    + list("أإآابتثجحخدذرسشصضطظعغفقكلمنهويىةءؤئ ًٌٍَُِّْ")
    + ["é", "€", "😀", "中"]
)
FORMATTING = ["", "", "", "\\b ", "\\b0 ", "\\fs24 ", "\\lang1025 ", "\\rtlch\\af1 ", "\\loch ", "{\\i}"]


def _written(char: str, draw: st.DrawFn) -> str:
    if char == "\\" or char in "{}":
        return "\\" + char
    if char == "\t":
        return "\\tab "
    if char == "\n":
        return "\\par "
    if char.isascii():
        return char
    if draw(st.booleans()):
        try:
            return "{\\f1 " + "".join(f"\\'{b:02x}" for b in char.encode("cp1256")) + "}"
        except UnicodeEncodeError:
            pass
    units = char.encode("utf-16-le")
    numbers = [int.from_bytes(units[k : k + 2], "little") for k in range(0, len(units), 2)]
    return "".join(f"\\u{n - 65536 if n > 32767 else n}?" for n in numbers)


@st.composite
def written_texts(draw: st.DrawFn) -> tuple[str, bytes]:
    text = draw(st.text(ALPHABET, min_size=1, max_size=60).filter(lambda t: t.strip()))
    body = "".join(draw(st.sampled_from(FORMATTING)) + _written(char, draw) for char in text)
    head = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}{\\f1\\fnil\\fcharset178 Arial;}}"
    return text, (head + "\\pard\\plain " + body + "\\par}").encode("ascii")


@settings(max_examples=300, deadline=None)
@given(written_texts())
def test_rtf_reads_back_the_text_written(case: tuple[str, bytes]) -> None:
    text, rtf = case
    assert rtf_text(rtf).text == text.strip("\n")
