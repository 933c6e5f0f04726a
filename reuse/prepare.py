"""Turn a document's text into what every later stage reads: normalised tokens and their hashes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import numpy.typing as npt

from reuse.dots import WordIndex
from reuse.normalize import Normalized, NormalizedText, code_points, normalize
from reuse.shingle import token_hashes
from reuse.stem import strip_clitics
from reuse.stopwords import stopwords
from reuse.tokenize import Tokens, tokenize_code_points


@dataclass(frozen=True)
class PreparedDoc:
    """A document ready for matching.

    ``hashes[k]`` is the hash of token ``k`` without its Arabic proclitics (:mod:`reuse.stem`);
    ``content`` marks tokens that count as evidence of reuse (not stop words, longer than one
    character).
    """

    normalized: Normalized
    tokens: Tokens
    hashes: npt.NDArray[np.uint64]
    content: npt.NDArray[np.bool_]

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
    def content_index(self) -> WordIndex:
        """The content words grouped by value, for matching against other documents (built once)."""
        return WordIndex.of(self.hashes[self.content])

    def char_span(self, first_token: int, end_token: int) -> tuple[int, int]:
        """Original-text range from the start of ``first_token`` to the end of token ``end_token - 1``.

        >>> doc = prepare("Hello, dear world!")
        >>> doc.char_span(0, 3)
        (0, 17)
        """
        start = int(self.tokens.starts[first_token])
        end = int(self.tokens.ends[end_token - 1])
        return self.normalized.original_span(start, end)


@cache
def _stopword_hashes() -> npt.NDArray[np.uint64]:
    words = NormalizedText(" ".join(sorted(stopwords())))
    cps = code_points(words)
    return np.unique(token_hashes(cps, strip_clitics(cps, tokenize_code_points(cps))))


def _is_stopword(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    """Membership in the sorted stop-word hashes by binary search (np.isin sorts both sides: 8x slower)."""
    stops = _stopword_hashes()
    at = np.searchsorted(stops, hashes)
    at[at == stops.size] = 0
    return np.asarray(stops[at] == hashes)


def prepare(text: str) -> PreparedDoc:
    """Normalise, tokenize and hash one document.

    >>> doc = prepare("The minister said: «Peace»")
    >>> len(doc.tokens), doc.content.tolist()
    (4, [False, True, False, True])
    """
    normalized = normalize(text)
    cps = code_points(normalized.text)
    tokens = tokenize_code_points(cps)
    hashes = token_hashes(cps, strip_clitics(cps, tokens))
    content = ~_is_stopword(hashes) & ((tokens.ends - tokens.starts) > 1)
    return PreparedDoc(normalized, tokens, hashes, content)
