"""Normalise text for matching while keeping a map back to the original offsets.

Rules (version ``reuse-norm/3``), applied to each code point on its own so that every output
character knows exactly which input character it came from:

1. Unicode NFKC, then case-fold (``"ﻻ"`` → ``"لا"``, ``"Ａ"`` → ``"a"``, ``"ß"`` → ``"ss"``).
   Hamza on a waw or ya seat is the hamza: ؤ → ء, ئ → ء (مسؤول and مسئول are one word).
2. Canonical decomposition, then every nonspacing mark (category ``Mn``) is dropped: Arabic
   diacritics (tashkeel, shadda, sukun, dagger alef) and Latin accents alike. This also unifies
   alef variants (أ إ آ → ا): the hamza above or below is a mark.
3. Arabic letters: ٱ → ا, ى → ي, ة → ه, lone hamza ء kept as is; tatweel ـ is dropped. The Persian
   and Urdu forms of ya, kaf and ha are their Arabic letters (ی → ي, ک → ك; ہ ھ ە ۃ → ه, and so
   ۀ ۂ once their hamza mark is dropped): a Persian or Urdu keyboard types them in Arabic text, and
   Persian archives hold both spellings of one word (older texts were typed with the Arabic ي, ك).
4. Digits of every script (Arabic-Indic ٠-٩, Persian ۰-۹, …) → ASCII 0-9.
5. Format characters (category ``Cf``: bidi controls, zero-width joiners, BOM) are dropped.

Per-code-point normalisation does not recompose a base letter with a *following* combining mark,
but since marks are dropped in step 2 the result is the same for matching.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from typing import NewType

import numpy as np
import numpy.typing as npt

from reuse.models import NORMALIZATION_VERSION as NORMALIZATION_VERSION  # the rules below, by name

NormalizedText = NewType("NormalizedText", str)

_ARABIC_LETTERS = {
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ـ": "",
    "\u06cc": "ي",  # Farsi yeh
    "\u06a9": "ك",  # keheh
    "\u06c1": "ه",  # heh goal (Urdu)
    "\u06be": "ه",  # heh doachashmee (Urdu)
    "\u06c3": "ه",  # teh marbuta goal (Urdu), as ة → ه
    "\u06d5": "ه",  # ae: the Persian final heh of ۀ, once its mark is dropped
}


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, for each of its characters, where it came from in the original.

    ``offsets[k]`` is the original index of normalised character ``k`` (with one extra entry,
    ``len(original)``); ``ends[k]`` is the original index just past it *and* past any dropped marks
    that follow it, so a span never cuts a letter from its diacritics.
    """

    text: NormalizedText
    offsets: npt.NDArray[np.int32]
    ends: npt.NDArray[np.int32]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open normalised range to the original text's range it came from.

        >>> original = "أَهْلاً بِكُم"
        >>> n = normalize(original)
        >>> n.text, n.original_span(0, 4), original[slice(*n.original_span(0, 4))]
        ('اهلا بكم', (0, 7), 'أَهْلاً')
        """
        if end <= start:
            pos = int(self.offsets[start])
            return pos, pos
        return int(self.offsets[start]), int(self.ends[end - 1])


def _map_code_point(char: str) -> str:
    """The normalisation of one code point, applied until it no longer changes (idempotence)."""
    for _ in range(4):
        mapped = unicodedata.normalize("NFKC", char).casefold()
        mapped = "".join(_HAMZA_SEATS.get(c, c) for c in mapped)  # before NFD parts seat and hamza
        mapped = "".join(
            c for c in unicodedata.normalize("NFD", mapped) if unicodedata.category(c) not in ("Mn", "Cf")
        )
        mapped = "".join(_ARABIC_LETTERS.get(c, c) for c in mapped)
        mapped = "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in mapped)
        mapped = unicodedata.normalize("NFC", mapped)
        if mapped == char:
            break
        char = mapped
    return mapped


_HAMZA_SEATS = {"ؤ": "ء", "ئ": "ء"}
"""Hamza on a waw or ya seat is the hamza: the seat is a spelling convention (Egyptian مسئول, شئون
against مسؤول, شؤون elsewhere), and one outlet's copy of another's story changes it."""

_DROPPED, _EXPANDS, _UNSEEN = -1, -2, -3


class _CodePointTable:
    """Lazily filled lookup table: code point → what it normalises to.

    ``code[cp]`` is the one character ``cp`` maps to (almost every code point), :data:`_DROPPED`,
    :data:`_EXPANDS` (several characters: ``first``/``length`` locate them in ``flat``) or
    :data:`_UNSEEN`. One ``np.take`` over a text gives its mapping, one pass finds the kept
    characters, and since expansions are rare they are handled by index lists rather than passes
    over the whole text. The Python mapping runs once per *distinct* code point ever seen.
    """

    def __init__(self) -> None:
        self.code = np.full(0x110000, _UNSEEN, dtype=np.int32)
        self.length = np.zeros(0x110000, dtype=np.int8)
        self.first = np.zeros(0x110000, dtype=np.int32)
        self._flat: list[int] = []
        self.flat = np.zeros(0, dtype=np.uint32)

    def _ensure(self, unseen: npt.NDArray[np.uint32]) -> None:
        for cp in np.unique(unseen).tolist():
            mapped = _map_code_point(chr(cp))
            self.first[cp] = len(self._flat)
            self.length[cp] = len(mapped)
            self.code[cp] = ord(mapped) if len(mapped) == 1 else (_DROPPED if not mapped else _EXPANDS)
            self._flat.extend(ord(c) for c in mapped)
        self.flat = np.asarray(self._flat, dtype=np.uint32)

    def codes(self, code_points: npt.NDArray[np.uint32]) -> npt.NDArray[np.int32]:
        """The table entry of every code point, filling the table first where needed.

        One more entry follows them, a kept character (0) that stands for the end of the text.
        """
        codes = np.empty(code_points.size + 1, dtype=np.int32)
        codes[-1] = 0
        np.take(self.code, code_points, out=codes[:-1])
        if int(codes.min()) == _UNSEEN:
            self._ensure(code_points[codes[:-1] == _UNSEEN])
            np.take(self.code, code_points, out=codes[:-1])
        return codes


_TABLE = _CodePointTable()


def code_points(text: str) -> npt.NDArray[np.uint32]:
    """The text as an array of code points (a copy-free view of its UTF-32 encoding).

    >>> code_points("ab").tolist()
    [97, 98]
    """
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _decode(chars: npt.NDArray[np.uint32]) -> str:
    """The string of these code points (decoded straight from the array's buffer, no bytes copy)."""
    return codecs.utf_32_le_decode(np.ascontiguousarray(chars, dtype=np.uint32).data)[0]


def _rank_within(counts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``0, 1, .., c - 1`` for each ``c`` in ``counts``, concatenated.

    >>> _rank_within(np.array([2, 0, 3])).tolist()
    [0, 1, 0, 1, 2]
    """
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(starts.size, dtype=np.int64) - starts


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching and keep the offset map back to it.

    Args:
        text: The original text.

    Returns:
        The normalised text with, per character, its index in ``text``.

    >>> normalize("إِنَّ الـمدرسةَ").text
    'ان المدرسه'
    >>> normalize("مُسْتَشْفَى ٢٠١٥").text
    'مستشفي 2015'
    >>> n = normalize("Café ÉTÉ")
    >>> n.text, n.offsets.tolist()
    ('cafe ete', [0, 1, 2, 3, 4, 5, 6, 7, 8])
    """
    out, offsets, ends = normalize_code_points(code_points(text))
    return Normalized(NormalizedText(_decode(out)), offsets, offsets[1:] if ends is None else ends)


def normalize_code_points(
    cps: npt.NDArray[np.uint32],
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int32], npt.NDArray[np.int32] | None]:
    """:func:`normalize` on code points: the normalised code points and the two offset maps.

    Every character is normalised on its own, so the result for a concatenation of texts is the
    concatenation of their results (offsets shifted): :func:`reuse.prepare.prepare_batch` normalises
    many documents in one call this way.

    Args:
        cps: The original text as code points.

    Returns:
        The normalised code points, ``offsets`` (``len + 1`` entries, always a new array) and
        ``ends`` as in :class:`Normalized`, or ``None`` for ``ends`` where they are ``offsets[1:]``
        (unless a character expands), so that a caller shifting the offsets need not shift them too.

    >>> out, offsets, ends = normalize_code_points(code_points("a\u064bb ﻻ"))
    >>> _decode(out), offsets.tolist(), ends.tolist()
    ('ab لا', [0, 2, 3, 4, 4, 5], [2, 3, 4, 5, 5])
    >>> normalize_code_points(code_points("a\u064bb"))[2] is None
    True
    """
    size = cps.size
    codes = _TABLE.codes(cps)
    if int(codes.min()) >= 0:
        # Every character maps to exactly one: the offset map is the identity.
        return codes[:-1].view(np.uint32), np.arange(size + 1, dtype=np.int32), None
    # The kept characters, then the end of the text (the extra entry of codes). A kept character's
    # span ends where the next kept one starts, so dropped marks between them belong to it.
    kept = np.flatnonzero(codes != _DROPPED)
    out = codes[kept[:-1]]
    if int(out.min(initial=0)) >= 0:
        return out.view(np.uint32), kept.astype(np.int32), None
    # An expanding character becomes `length` characters, each with its offset and end.
    at = np.flatnonzero(out == _EXPANDS)
    source = cps[kept[at]]
    lengths = _TABLE.length[source].astype(np.int64)
    counts = np.ones(out.size, dtype=np.int64)
    counts[at] = lengths
    offsets = np.repeat(kept, np.append(counts, np.int64(1)))
    ends = np.repeat(kept[1:], counts)
    out = np.repeat(out, counts)
    # Write each expansion's characters over the copies of its placeholder.
    rank = _rank_within(lengths)
    slots = np.repeat(np.cumsum(counts)[at] - lengths, lengths) + rank
    out[slots] = _TABLE.flat[np.repeat(_TABLE.first[source].astype(np.int64), lengths) + rank]
    return out.view(np.uint32), offsets.astype(np.int32), ends.astype(np.int32)
