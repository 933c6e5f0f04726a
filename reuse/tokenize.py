"""Split normalised text into word tokens, as arrays of start/end offsets.

A word is a maximal run of letters and digits (``\\p{L}`` / ``\\p{N}``): marks are already gone after
:func:`reuse.normalize.normalize`, so Arabic words are not split at diacritics, and punctuation, spaces
and symbols separate words.

Two tokenizers give identical tokens: :func:`tokenize_regex`, the readable reference, and
:func:`tokenize`, a vectorised pass over code points with a letter/digit lookup table (the hot path).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import regex

from reuse.normalize import NormalizedText, code_points

_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True)
class Tokens:
    """Word tokens as half-open ``[starts[i], ends[i])`` ranges of a normalised text."""

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.starts.size)

    def words(self, text: str) -> list[str]:
        """The tokens as strings (for tests and display, not the hot path).

        >>> tokenize(NormalizedText("the cat")).words("the cat")
        ['the', 'cat']
        """
        return [text[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist(), strict=True)]


def tokenize_regex(text: NormalizedText) -> Tokens:
    """Reference tokenizer: ``regex`` with Unicode letter/number classes.

    >>> from reuse.normalize import normalize
    >>> n = normalize("قال: «الأمم المتحدة» 2015م")
    >>> tokenize_regex(n.text).words(n.text)
    ['قال', 'الامم', 'المتحده', '2015م']
    """
    spans = [m.span() for m in _WORD.finditer(text)]
    array = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    return Tokens(array[:, 0].copy(), array[:, 1].copy())


def _word_char_table() -> npt.NDArray[np.bool_]:
    """Which code points are word characters, decided by the reference regex itself.

    Running the reference pattern over every code point makes the two tokenizers agree by
    construction, whatever Unicode version ``regex`` ships.
    """
    all_code_points = np.arange(0x110000, dtype=np.uint32)
    all_code_points[0xD800:0xE000] = 0x20  # lone surrogates cannot be encoded; they are not letters
    everything = all_code_points.tobytes().decode("utf-32-le")
    table = np.zeros(0x110000, dtype=np.bool_)
    for match in _WORD.finditer(everything):
        table[match.start() : match.end()] = True
    return table


_IS_WORD: npt.NDArray[np.bool_] | None = None


def _is_word_table() -> npt.NDArray[np.bool_]:
    global _IS_WORD
    if _IS_WORD is None:
        _IS_WORD = _word_char_table()
    return _IS_WORD


def tokenize(text: NormalizedText) -> Tokens:
    """Vectorised tokenizer: the same tokens as :func:`tokenize_regex`, without a Python loop.

    >>> tokenize(NormalizedText("a1 - bc")).starts.tolist()
    [0, 5]
    """
    return tokenize_code_points(code_points(text))


def tokenize_code_points(cps: npt.NDArray[np.uint32]) -> Tokens:
    """Tokenize a normalised text given as code points (shared with shingle hashing).

    >>> tokenize_code_points(code_points("a1 - bc")).ends.tolist()
    [2, 7]
    """
    # Word flags with a non-word character on either side: words start and end where the flag
    # changes, so the changes alternate start, end, start, end.
    is_word = np.zeros(cps.size + 2, dtype=np.bool_)
    np.take(_is_word_table(), cps, out=is_word[1:-1])
    edges = np.flatnonzero(is_word[1:] != is_word[:-1])
    return Tokens(edges[0::2].copy(), edges[1::2].copy())
