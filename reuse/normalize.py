"""Normalise text for matching while keeping a map back to the original offsets.

Rules (version ``reuse-norm/1``), applied to each code point on its own so that every output
character knows exactly which input character it came from:

1. Unicode NFKC, then case-fold (``"ﻻ"`` → ``"لا"``, ``"Ａ"`` → ``"a"``, ``"ß"`` → ``"ss"``).
2. Canonical decomposition, then every nonspacing mark (category ``Mn``) is dropped: Arabic
   diacritics (tashkeel, shadda, sukun, dagger alef) and Latin accents alike. This also unifies
   alef variants (أ إ آ → ا) and hamza seats (ؤ → و, ئ → ي): the hamza above or below is a mark.
3. Arabic letters: ٱ → ا, ى → ي, ة → ه, lone hamza ء kept as is; tatweel ـ is dropped.
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

NORMALIZATION_VERSION = "reuse-norm/1"

NormalizedText = NewType("NormalizedText", str)

_ARABIC_LETTERS = {"ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": ""}


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, for each of its characters, where it came from in the original.

    ``offsets[k]`` is the original index of normalised character ``k`` (with one extra entry,
    ``len(original)``); ``ends[k]`` is the original index just past it *and* past any dropped marks
    that follow it, so a span never cuts a letter from its diacritics.
    """

    text: NormalizedText
    offsets: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]

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


_DROPPED, _EXPANDS, _UNSEEN = -1, -2, -3


class _CodePointTable:
    """Lazily filled lookup table: code point → what it normalises to.

    ``code[cp]`` is the one character ``cp`` maps to (almost every code point), :data:`_DROPPED`,
    :data:`_EXPANDS` (several characters: ``first``/``length`` locate them in ``flat``) or
    :data:`_UNSEEN`. One ``np.take`` over a text gives its mapping, and since drops and expansions
    are rare they are handled by index lists rather than passes over the whole text. The Python
    mapping runs once per *distinct* code point ever seen.
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
        """The table entry of every code point, filling the table first where needed."""
        codes = np.take(self.code, code_points)
        if codes.size and int(codes.min()) == _UNSEEN:
            self._ensure(code_points[codes == _UNSEEN])
            codes = np.take(self.code, code_points)
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


def _apply(
    cps: npt.NDArray[np.uint32], codes: npt.NDArray[np.int32], special: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The normalised code points, given each character's table entry and where the entries < 0 are.

    Returns the output, the dropped input indices, and for each expanding input character its index
    among the kept characters and its output length.
    """
    dropped = special[codes[special] == _DROPPED]
    expands = special[codes[special] == _EXPANDS]
    out = np.delete(codes, dropped).view(np.uint32)
    at = expands - np.searchsorted(dropped, expands)
    lengths = _TABLE.length[cps[expands]].astype(np.int64)
    if expands.size:
        # Put each expansion's first character in place and insert the rest after it.
        first = _TABLE.first[cps[expands]].astype(np.int64)
        out[at] = _TABLE.flat[first]
        rest = np.repeat(first + 1, lengths - 1) + _rank_within(lengths - 1)
        out = np.insert(out, np.repeat(at + 1, lengths - 1), _TABLE.flat[rest])
    return out, dropped, at, lengths


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
    cps = code_points(text)
    size = cps.size
    codes = _TABLE.codes(cps)
    if size == 0 or int(codes.min()) >= 0:
        # Every character maps to exactly one: the offset map is the identity.
        offsets = np.arange(size + 1, dtype=np.int64)
        return Normalized(NormalizedText(_decode(codes.view(np.uint32))), offsets, offsets[1:])
    out, dropped, at, lengths = _apply(cps, codes, np.flatnonzero(codes < 0))
    # A kept character's span ends where the next kept one starts (or at the text's end), so
    # dropped marks between them belong to it.
    next_kept = np.append(np.delete(np.arange(size, dtype=np.int64), dropped), np.int64(size))
    if at.size == 0:
        return Normalized(NormalizedText(_decode(out)), next_kept, next_kept[1:])
    counts = np.ones(next_kept.size - 1, dtype=np.int64)
    counts[at] = lengths
    ends = np.repeat(next_kept[1:], counts)
    offsets = np.append(np.repeat(next_kept[:-1], counts), np.int64(size))
    return Normalized(NormalizedText(_decode(out)), offsets, ends)


def normalize_code_points(
    cps: npt.NDArray[np.uint32], positions: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """The code points of ``normalize(text).text``, given those of ``text``, without the offset map.

    For callers that only hash the normalised text (many documents at once, say): no offset arrays
    and no string are built.

    Args:
        cps: The original text as code points.
        positions: Indices into the original text (``0 .. len``).

    Returns:
        The normalised code points, and for each position the index where the normalised text of
        ``cps[position:]`` begins.

    >>> out, at = normalize_code_points(code_points("Café ÉTÉ ﻻ"), np.array([0, 5, 9, 10]))
    >>> _decode(out), at.tolist()
    ('cafe ete لا', [0, 5, 9, 11])
    """
    codes = _TABLE.codes(cps)
    if cps.size == 0 or int(codes.min()) >= 0:
        # One character out for every character in: positions do not move.
        return codes.view(np.uint32), np.asarray(positions, dtype=np.int64).copy()
    special = np.flatnonzero(codes < 0)
    out = _apply(cps, codes, special)[0]
    # Output characters before a position: the position plus each special character's length - 1
    # (-1 for a drop, which has length 0).
    change = _TABLE.length[cps[special]].astype(np.int64) - 1
    shift = np.concatenate(([0], np.cumsum(change)))
    return out, positions + shift[np.searchsorted(special, positions)]
