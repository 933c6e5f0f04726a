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


_NOT_SINGLE = 0x110000  # above every code point: "does not map to exactly one character"


class _CodePointTable:
    """Lazily filled lookup table: code point → (output length, index into a flat expansion buffer).

    Most code points map to exactly one character, so the common case is one fancy-indexing pass over
    the whole text: ``single`` holds that character, or a value above the last code point
    (:data:`_NOT_SINGLE`) for a code point that is dropped, expands or has not been seen yet, so one
    ``max`` tells whether the whole text took the common case. The Python-level mapping runs once
    per *distinct* code point ever seen.
    """

    def __init__(self) -> None:
        self.length = np.full(0x110000, -1, dtype=np.int8)
        self.first = np.zeros(0x110000, dtype=np.int32)
        self.single = np.full(0x110000, _NOT_SINGLE, dtype=np.uint32)
        self._flat: list[int] = []
        self.flat = np.zeros(0, dtype=np.uint32)

    def ensure(self, code_points: npt.NDArray[np.uint32]) -> None:
        unseen = np.unique(code_points[self.length[code_points] < 0])
        if unseen.size == 0:
            return
        for cp in unseen.tolist():
            mapped = _map_code_point(chr(cp))
            self.first[cp] = len(self._flat)
            self.length[cp] = len(mapped)
            self.single[cp] = ord(mapped) if len(mapped) == 1 else _NOT_SINGLE
            self._flat.extend(ord(c) for c in mapped)
        self.flat = np.asarray(self._flat, dtype=np.uint32)

    def singles(self, code_points: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32] | None:
        """The one-character mapping of every code point, or None unless every one has one."""
        out = self.single[code_points]
        return out if out.size == 0 or int(out.max()) < _NOT_SINGLE else None

    def lengths(self, code_points: npt.NDArray[np.uint32]) -> npt.NDArray[np.int8]:
        """Output length of every code point, filling the table first where needed."""
        lengths = self.length[code_points]
        if lengths.size and int(lengths.min()) < 0:
            self.ensure(code_points)
            lengths = self.length[code_points]
        return lengths


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


def _expanded(
    cps: npt.NDArray[np.uint32], kept: npt.NDArray[np.int64], counts: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """The mapped code points of ``cps[kept]`` (``counts`` characters each) and each one's source index."""
    # Output char k comes from input char source[k]; its position within that char's expansion
    # is k minus where that expansion starts in the output.
    source = np.repeat(kept, counts)
    out_start = np.repeat(np.cumsum(counts) - counts, counts)
    within = np.arange(source.size, dtype=np.int64) - out_start
    return _TABLE.flat[_TABLE.first[cps[source]] + within], source


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
    singles = _TABLE.singles(cps)
    if singles is not None:
        # Every character maps to exactly one: the offset map is the identity.
        offsets = np.arange(size + 1, dtype=np.int64)
        return Normalized(NormalizedText(_decode(singles)), offsets, offsets[1:])
    lengths = _TABLE.lengths(cps)
    longest = int(lengths.max())
    kept = np.flatnonzero(lengths > 0)
    # next_kept[i] is where kept char i's span ends: the next kept original char (or the text's end),
    # so dropped marks between them belong to it.
    next_kept = np.empty(kept.size + 1, dtype=np.int64)
    next_kept[:-1] = kept
    next_kept[-1] = size
    if longest <= 1:
        # Drops but no expansions: output char k comes from kept[k] and ends where kept[k + 1] starts.
        out = _TABLE.single[cps[kept]]
        return Normalized(NormalizedText(_decode(out)), next_kept, next_kept[1:])
    counts = lengths[kept].astype(np.int64)
    out, source = _expanded(cps, kept, counts)
    ends = np.repeat(next_kept[1:], counts)
    offsets = np.append(source, np.int64(size))
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
    singles = _TABLE.singles(cps)
    if singles is not None:
        # One character out for every character in: positions do not move.
        return singles, np.asarray(positions, dtype=np.int64).copy()
    lengths = _TABLE.lengths(cps)
    # Output characters produced before each original position: a prefix sum of the lengths.
    produced = np.zeros(cps.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=produced[1:])
    if int(lengths.max()) <= 1:
        return _TABLE.single[cps[lengths > 0]], produced[positions]
    kept = np.flatnonzero(lengths > 0)
    out, _ = _expanded(cps, kept, lengths[kept].astype(np.int64))
    return out, produced[positions]
