"""Turn a document's text into what every later stage reads: normalised tokens and their hashes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import numpy.typing as npt

from reuse.dots import WordIndex, triple_keys
from reuse.normalize import NormalizedText, code_points, normalize_code_points
from reuse.shingle import token_hashes
from reuse.stem import strip_clitics
from reuse.stopwords import EVERY_DOCUMENTS, LANGUAGES, stopword_lists
from reuse.tokenize import Tokens, tokenize_code_points


@dataclass(frozen=True)
class PreparedDoc:
    """A document ready for matching: where its words are, what they hash to, which count.

    ``tokens`` are the words' ``[start, end)`` ranges in the *original* text, an end taking in any
    marks dropped after the word's last letter, so a span never cuts a letter from its diacritics.
    The normalised text and its per-character offset map are not kept: every later stage reads
    words, and reports need only where words start and end (5-6 bytes a character less, about
    0.7 GB at 100,000 news-length documents). ``hashes[k]`` is the hash of normalised token ``k``
    without its Arabic proclitics (:mod:`reuse.stem`); ``content`` marks tokens that count as
    evidence of reuse (not stop words, longer than one character). ``breaks[k]`` says what lies
    between token ``k`` and the next: :data:`LINE_BREAK`, :data:`SENTENCE_END` or nothing (0), so
    the aligner can keep a span's edges from running a chance word or two across a sentence end
    (:mod:`reuse.edges`). Documents prepared in one batch (:func:`prepare_batch`) hold views into
    the batch's arrays, so one kept document keeps its batch's arrays alive.
    """

    tokens: Tokens
    hashes: npt.NDArray[np.uint64]
    content: npt.NDArray[np.bool_]
    breaks: npt.NDArray[np.int8]

    @cached_property
    def content_positions(self) -> npt.NDArray[np.int64]:
        """Token indices of the content words (derived once: every document pair needs them).

        >>> prepare("The minister said: «Peace»").content_positions.tolist()
        [1, 3]
        """
        return np.flatnonzero(self.content)

    @cached_property
    def content_counts(self) -> npt.NDArray[np.int64]:
        """How often each content word occurs in this document, in content-word order.

        >>> prepare("peace talks, peace now").content_counts.tolist()
        [2, 1, 2, 1]
        """
        _, inverse, counts = np.unique(self.hashes[self.content], return_inverse=True, return_counts=True)
        return np.asarray(counts[inverse], dtype=np.int64)

    @cached_property
    def content_triple_peak(self) -> int:
        """Occurrences of the content-word triple said most often here (0 under three content words).

        Only a passage said over and over has a triple said more than a word may pair with itself
        (:func:`reuse.dots.word_matches_with_neighbours`), so most documents never look for one.

        >>> prepare("peace talks now, peace talks now, peace talks now").content_triple_peak
        3
        """
        words = self.hashes[self.content]
        if words.size < 3:
            return 0
        return int(np.unique(triple_keys(words, np.arange(1, words.size - 1)), return_counts=True)[1].max())

    @cached_property
    def content_index(self) -> WordIndex:
        """The content words grouped by value, for matching against other documents (built once)."""
        return WordIndex.of(self.hashes[self.content])

    def char_span(self, first_token: int, end_token: int) -> tuple[int, int]:
        """Original-text range from the start of ``first_token`` to the end of token ``end_token - 1``.

        >>> doc = prepare("Hello, dear world!")
        >>> doc.char_span(0, 3)
        (0, 17)
        >>> text = "قالَ الوزيرُ"  # a word's span takes in its last letter's diacritic
        >>> text[slice(*prepare(text).char_span(0, 1))]
        'قالَ'
        """
        start = int(self.tokens.starts[first_token])
        if end_token <= first_token:
            return start, start
        return start, int(self.tokens.ends[end_token - 1])


class _StopwordTable:
    """Stop-word languages of token hashes by one gather into a collision-free table.

    Slot ``(h >> shift) & mask`` holds the hash of the one stop word that lands there, with
    ``shift`` and the table size chosen so that no two stop words share a slot, and beside it the
    languages whose list holds the word (bit ``k`` for ``LANGUAGES[k]``); a token is a stop word
    exactly when its slot holds its own hash. One gather and one compare per token, where a binary
    search over the sorted hashes costs a dozen dependent reads (20x slower).
    """

    def __init__(self, stops: npt.NDArray[np.uint64], languages: npt.NDArray[np.uint16]) -> None:
        for bits in range(int(stops.size).bit_length(), 25):
            mask = np.uint64((1 << bits) - 1)
            # The slots under every shift at once (one row a shift), to take the first shift that
            # gives each stop word a slot of its own.
            by_shift = (stops[None, :] >> np.arange(64 - bits + 1, dtype=np.uint64)[:, None]) & mask
            by_shift.sort(axis=1)
            apart = np.flatnonzero(~(by_shift[:, 1:] == by_shift[:, :-1]).any(axis=1))
            if apart.size:
                shift = int(apart[0])
                slots = ((stops >> np.uint64(shift)) & mask).astype(np.intp)
                self.shift, self.mask = np.uint64(shift), mask
                # Unused slots hold a value outside the stop words whose own slot is a stop
                # word's (it differs from stops[0] in one bit outside the slot bits): no hash
                # can then match an unused slot.
                outside = np.uint64(1 if shift else 1 << 63)
                self.table = np.full(1 << bits, stops[0] ^ outside, dtype=np.uint64)
                self.table[slots] = stops
                self.bits = np.zeros(1 << bits, dtype=np.uint16)
                self.bits[slots] = languages
                return
        raise AssertionError("no collision-free table for the stop words")  # pragma: no cover

    def languages(self, hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint16]:
        """Each hash's stop-list languages as bits (0: no language's stop word)."""
        slots = ((hashes >> self.shift) & self.mask).astype(np.intp)
        return np.where(self.table[slots] == hashes, self.bits[slots], np.uint16(0))


def _word_hashes(words: frozenset[str]) -> npt.NDArray[np.uint64]:
    """The token hashes of ``words`` (normalised) as documents' words get them, clitics stripped."""
    cps = code_points(NormalizedText(" ".join(sorted(words))))
    return token_hashes(cps, strip_clitics(cps, tokenize_code_points(cps)))


_UNITS = ("ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع")
SPELLING_VARIANTS: tuple[tuple[str, str], ...] = (
    ("مائة", "مئة"),
    ("مائتان", "مئتان"),
    ("مائتين", "مئتين"),
    ("مائتا", "مئتا"),
    ("مائتي", "مئتي"),
    *((f"{unit}مائة", f"{unit}مئة") for unit in _UNITS),
)
"""Arabic words written two ways in news copy, each variant with the spelling it is matched as.

"Hundred" keeps an old alef (مائة, ثلاثمائة, مائتين) in many outlets and drops it (مئة) in others,
so "في المائة" (per cent) in a copied sentence read as a changed word. Whole words only (after the
article and conjunctions are stripped): no rule inside a word could tell مائة from مائدة or المائية.
"""


def _hashes_in_order(words: Sequence[str]) -> npt.NDArray[np.uint64]:
    """The token hash of each of ``words``, in order, as a document's word gets it."""
    from reuse.normalize import normalize

    cps = code_points(normalize(" ".join(words)).text)
    hashes = token_hashes(cps, strip_clitics(cps, tokenize_code_points(cps)))
    if hashes.size != len(words):  # pragma: no cover - the table above is of single words
        raise AssertionError("each spelling variant must be one word")
    return hashes


@cache
def _spellings() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """The variant spellings' hashes (sorted) and, at the same place, those of the words they stand for."""
    variants = _hashes_in_order([variant for variant, _ in SPELLING_VARIANTS])
    usual = _hashes_in_order([spelling for _, spelling in SPELLING_VARIANTS])
    order = np.argsort(variants, kind="stable")
    return variants[order], usual[order]


def as_usually_spelt(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """``hashes`` with each variant spelling's hash replaced by its usual one's (:data:`SPELLING_VARIANTS`).

    >>> words = [prepare(text).hashes for text in ("في المائة وثلاثمائة", "في المئة وثلاثمئة")]
    >>> bool((words[0] == words[1]).all())
    True
    """
    variants, usual = _spellings()
    at = np.minimum(np.searchsorted(variants, hashes), variants.size - 1)
    return np.where(variants[at] == hashes, usual[at], hashes)


@cache
def _stopwords() -> _StopwordTable:
    by_language = [_word_hashes(words) for words in stopword_lists().values()]
    stops = np.unique(np.concatenate(by_language))
    languages = np.zeros(stops.size, dtype=np.uint16)
    for k, hashes in enumerate(by_language):
        languages[np.searchsorted(stops, hashes)] |= np.uint16(1 << k)
    return _StopwordTable(stops, languages)


_EVERY_DOCUMENTS = np.uint16(sum(1 << LANGUAGES.index(language) for language in EVERY_DOCUMENTS))
if len(LANGUAGES) > 16:  # pragma: no cover
    raise AssertionError("a word's stop-list languages are the bits of a uint16: at most 16 lists")


def _stop_languages(
    languages: npt.NDArray[np.uint16], first: npt.NDArray[np.int64], last: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint16]:
    """The languages whose stop words document ``d`` (tokens ``first[d]:last[d]``) sets aside, as bits.

    Every document's languages, and the one whose list holds most of its tokens (the first of
    :data:`~reuse.stopwords.LANGUAGES` on a tie: an Arabic or English document is prepared as before
    other languages had lists).
    """
    stops = np.flatnonzero(languages)
    # Each stop token's languages as a row of 0/1 (bit k in column k), summed per document's run.
    bits = np.unpackbits(
        languages[stops].astype("<u2").view(np.uint8).reshape(-1, 2), axis=1, bitorder="little"
    )
    begin, end = np.searchsorted(stops, first), np.searchsorted(stops, last)
    counts = np.zeros((first.size, len(LANGUAGES)), dtype=np.int64)
    held = begin < end
    if held.any():  # reduceat sums from each start to the next; a document without stop words has none
        counts[held] = np.add.reduceat(bits[:, : len(LANGUAGES)], begin[held], axis=0, dtype=np.int64)
    chosen = np.left_shift(np.uint16(1), np.argmax(counts, axis=1).astype(np.uint16))
    return np.asarray(chosen | _EVERY_DOCUMENTS, dtype=np.uint16)


SENTENCE_END = 1
"""A ``breaks`` value: a full stop, question or exclamation mark, then a space (or the text's end)."""

LINE_BREAK = 2
"""A ``breaks`` value: a line or paragraph break."""

_END, _LINE, _CLOSER, _SPACE = 1, 2, 4, 8
_CHARS = {
    _END: ".!?\u061f\u06d4\u3002",
    _LINE: "\n\r\v\f\x85\u2028\u2029",
    _CLOSER: "\"')]}\u00bb\u201d\u2019\u203a",
}
_CHARS[_SPACE] = " \t\u00a0" + _CHARS[_LINE]


@cache
def _char_classes() -> npt.NDArray[np.uint8]:
    """The classes above of every code point (1.1 MB, built once)."""
    table = np.zeros(0x110000, dtype=np.uint8)
    for bit, chars in _CHARS.items():
        table[[ord(c) for c in chars]] |= bit
    return table


_ABBREVIATIONS = (
    "mr mrs ms dr prof st mt gen col lt sgt capt gov sen rep jr sr vs etc inc co corp ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
"""English abbreviations whose full stop ends no sentence (one-letter ones, "U.S.", end none anyway)."""


@cache
def _abbreviation_hashes() -> npt.NDArray[np.uint64]:
    return np.unique(_word_hashes(frozenset(_ABBREVIATIONS.split())))


def sentence_breaks(
    cps: npt.NDArray[np.uint32],
    tokens: Tokens,
    hashes: npt.NDArray[np.uint64],
    text_ends: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int8]:
    """What lies between each token and the next (the last: up to the text's end), as ``breaks``.

    ``text_ends`` is where each token's own text ends in a batch's joined text, so a document's
    last word gets what it gets alone, not the separator after it.

    A mark ends a sentence only when a space (or the end) follows it, closing quotes and brackets
    allowed between, and the word before it is longer than one letter and no abbreviation
    (:data:`_ABBREVIATIONS`): "3.5", "U.S.", "e.g." and "Mr." end no sentence.

    >>> prepare("Mr. Ali said 3.5% in the U.S. today. Traders: «calm»!\\nالسوق؟ نعم").breaks.tolist()
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0]
    """
    # One gather of each character's class, then array arithmetic on the few marks found (np.isin
    # on the whole text, and a search per word, were as slow as preparing the text).
    n = cps.size
    classes = np.empty(n + 2, dtype=np.uint8)
    classes[:n] = _char_classes()[cps]
    classes[n:] = _SPACE  # past the end: as if a space
    marks = np.flatnonzero((classes[:n] & (_END | _LINE)) != 0)  # a bool array: nonzero is 6x faster
    kind, after = classes[marks], classes[marks + 1]
    after = np.where((after & _CLOSER) != 0, classes[marks + 2], after)
    ends = marks[((kind & _END) != 0) & ((after & _SPACE) != 0)]
    lines = marks[(kind & _LINE) != 0]
    gap_end = np.append(tokens.starts[1:], np.int64(n))
    if text_ends is not None:
        gap_end = np.minimum(gap_end, text_ends)
    ended = _words_before(ends, tokens.ends, gap_end)
    ended &= (tokens.ends - tokens.starts) > 1
    candidates = np.flatnonzero(ended)
    known = _abbreviation_hashes()  # sorted: a search is cheaper than np.isin on a few words
    at = np.minimum(np.searchsorted(known, hashes[candidates]), known.size - 1)
    ended[candidates] = known[at] != hashes[candidates]
    broken = _words_before(lines, tokens.ends, gap_end)
    return np.where(broken, LINE_BREAK, np.where(ended, SENTENCE_END, 0)).astype(np.int8)


def _words_before(
    marks: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], gap_end: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Which words have one of ``marks`` (character positions) between their end and ``gap_end``."""
    word = np.searchsorted(ends, marks, side="right") - 1  # the last word ending at or before each
    inside = word >= 0
    word, marks = word[inside], marks[inside]
    held = np.zeros(ends.size, dtype=np.bool_)
    held[word[marks < gap_end[word]]] = True
    return held


_SEPARATOR = "\n"
"""Joins the texts of a batch: normalisation keeps it as it is, and it is no word character."""

_BATCH_CHARS = 1 << 16
"""Characters per batch in :func:`prepare_batch`.

Small enough that a batch's arrays (about 50 bytes a character) stay in the CPU's cache, large enough
that numpy's per-call cost is spread over many documents. On araplagdet-dev, in one run: 131 MB/s per
core at 1 << 16, 118 at 1 << 14, 102 at 1 << 20 (whose first run, paying the page faults of its large
temporaries, took twice as long).
"""


def prepare(text: str) -> PreparedDoc:
    """Normalise, tokenize and hash one document (:func:`prepare_batch` of one text).

    >>> doc = prepare("The minister said: «Peace»")
    >>> len(doc.tokens), doc.content.tolist()
    (4, [False, True, False, True])
    """
    return prepare_batch([text])[0]


def prepare_batch(texts: Sequence[str]) -> list[PreparedDoc]:
    """Normalise, tokenize and hash many documents, a fixed number of numpy calls per batch of them.

    Texts are joined into batches of about ``_BATCH_CHARS`` characters (a longer text is a batch of
    its own) and each batch goes through every step at once. Normalisation works character by
    character and token hashes do not depend on position, so every document gets exactly what
    preparing it alone gives; its arrays are views into the batch's arrays.

    Args:
        texts: The original texts.

    Returns:
        One :class:`PreparedDoc` per text, in order.

    >>> docs = prepare_batch(["The minister said: «Peace»", "", "قال الوزير"])
    >>> [len(d.tokens) for d in docs], docs[2].tokens.words("قال الوزير")
    ([4, 0, 2], ['قال', 'الوزير'])
    """
    prepared: list[PreparedDoc] = []
    first = 0
    while first < len(texts):
        last, size = first + 1, len(texts[first])
        while last < len(texts) and size + len(texts[last]) < _BATCH_CHARS:
            size += len(texts[last]) + 1
            last += 1
        prepared += _prepare_joined(texts[first:last])
        first = last
    return prepared


def _prepare_joined(texts: Sequence[str]) -> list[PreparedDoc]:
    """:func:`prepare_batch` of texts short enough to be prepared as one joined text."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    # Text d is original[begin[d] : begin[d] + lengths[d]]; a separator follows every text but the last.
    begin = np.cumsum(lengths + 1) - (lengths + 1)
    cps, offsets, ends = normalize_code_points(code_points(_SEPARATOR.join(texts)))
    # Each text's normalised range starts where its first character's offset falls: normalised
    # characters come from the original characters in order.
    start = np.searchsorted(offsets, begin)
    tokens = tokenize_code_points(cps)
    hashes = as_usually_spelt(token_hashes(cps, strip_clitics(cps, tokens)))
    # Separators are no word characters, so no token crosses one: text d owns the tokens from the
    # first that starts in it to the first of the next text.
    first = np.searchsorted(tokens.starts, start)
    last = np.append(first[1:], np.int64(len(tokens)))
    languages = _stopwords().languages(hashes)
    stops = np.repeat(_stop_languages(languages, first, last), last - first)
    content = ((languages & stops) == 0) & ((tokens.ends - tokens.starts) > 1)
    # Where each token lies in its own original text: its first character's offset, and the end of
    # its last character (ends[k] is offsets[k + 1] unless a character expands).
    own_begin = np.repeat(begin, last - first)
    word_starts = offsets[tokens.starts].astype(np.int64) - own_begin
    word_ends = (offsets[1:] if ends is None else ends)[tokens.ends - 1].astype(np.int64) - own_begin
    # Text d's normalised characters end at the separator before text d + 1 (the last: at the end).
    text_end = np.append(start[1:] - 1, np.int64(cps.size))
    breaks = sentence_breaks(cps, tokens, hashes, np.repeat(text_end, last - first))
    return [
        PreparedDoc(Tokens(word_starts[f:g], word_ends[f:g]), hashes[f:g], content[f:g], breaks[f:g])
        for f, g in zip(first.tolist(), last.tolist(), strict=True)
    ]
