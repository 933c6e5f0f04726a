"""The direction a passage reads in, decided once for the page, the workbook and the terminal."""

from __future__ import annotations

import unicodedata


def direction(text: str, default: str = "ltr") -> str:
    """``"rtl"`` or ``"ltr"`` from the first strong character, as the Unicode bidi algorithm would.

    Explicit (rather than ``dir="auto"``) so tests and the CSS can rely on it. ``default`` when the
    text has no strong character (a paragraph of numbers takes its passage's direction).

    >>> direction("  2024: قال الوزير"), direction("The minister said"), direction("123", "rtl")
    ('rtl', 'ltr', 'rtl')
    """
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return default
