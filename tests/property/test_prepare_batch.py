"""``prepare_batch`` equals preparing each text alone, and both equal a plain per-word reference."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reuse.prepare
from reuse.normalize import NormalizedText, code_points, normalize
from reuse.prepare import PreparedDoc, prepare, prepare_batch
from reuse.shingle import token_hashes
from reuse.stem import strip_clitics
from reuse.stopwords import EVERY_DOCUMENTS, LANGUAGES, stopword_lists
from reuse.tokenize import Tokens, tokenize, tokenize_regex

pytestmark = pytest.mark.property

TRICKY = [
    *"وفبكلا",  # the letters clitic stripping looks at
    *"أإآٱىةءؤئ",  # alef variants, alef maqsura, ta marbuta, hamza seats
    *"یکہھۃەۀ",  # Persian and Urdu ya, kaf and ha (their Arabic letters)
    *"\u064b\u064e\u0651\u0652\u0670",  # tashkeel, shadda, sukun, dagger alef (dropped)
    "\u0640",  # tatweel (dropped)
    *"ﻻﻵﻷﻹ",  # lam-alef ligatures (expand to two letters)
    "ﷺ",  # one character that expands to a phrase of several words
    "ﷲ",  # the Allah ligature: expands to a word that opens with the article
    *"ßİﬁ",  # Latin expansions under case-folding and NFKC
    *"٠٣۹०１",  # digits of other scripts (Arabic-Indic, Persian, Devanagari, fullwidth)
    *"aZé5",
    *" \t\r\n.,«»:-",
    "\ufeff",  # BOM in the middle of a text
    "\u200d\u200f\u202e",  # zero-width joiner and bidi controls (dropped)
]
WORDS = ["في", "وفي", "بالمدينة", "للمدرسة", "والكتاب", "فقال", "الله", "the", "The", "of", "said", " "]
WORDS += ["der", "die", "und", "war", "le", "et", "de", "ve", "bir"]  # other languages' function words
WORDS += ["در", "از", "که", "کے", "ہے", "میں"]  # Persian and Urdu ones
TEXTS = st.lists(st.sampled_from(TRICKY) | st.sampled_from(WORDS), max_size=40).map("".join)


def _stem_start(word: str) -> int:
    """Where ``word`` starts once its proclitics are stripped: the rules of :mod:`reuse.stem`, per word."""
    start = 1 if (word[:1] == "و" and len(word) >= 3) or (word[:1] == "ف" and len(word) >= 4) else 0
    rest = word[start:]
    lam_lam = rest[:2] == "لل"
    prep = (rest[:3] in ("بال", "كال") or lam_lam) and len(rest) >= 5
    start += prep
    rest = word[start:]
    if rest[:2] == "ال" and len(rest) >= 5:
        return start + 2
    return start + 1 if prep and lam_lam and len(rest) >= 4 else start


def _reference(text: str) -> tuple[list[int], list[int], list[bool]]:
    """Each word's start and end in the original text, and content flags: normalise, regex tokens,
    per-word rules; a word runs from its first character's offset to its last character's end."""
    n = normalize(text)
    tokens = tokenize_regex(n.text)
    words = tokens.words(n.text)
    # Stop words are matched by their stems (a stop word of two tokens, "it's", stops both): every
    # document's, and those of the language whose list holds most of its words (first on a tie).
    lists = {
        language: {
            w[_stem_start(w) :] for stop in stops for w in tokenize_regex(NormalizedText(stop)).words(stop)
        }
        for language, stops in stopword_lists().items()
    }
    own = [w[_stem_start(w) :] for w in words]
    chosen = max(LANGUAGES, key=lambda language: sum(w in lists[language] for w in own))
    stems = set().union(*(lists[language] for language in (*EVERY_DOCUMENTS, chosen)))
    content = [w not in stems and len(w) > 1 for w in own]
    return (
        [int(n.offsets[s]) for s in tokens.starts.tolist()],
        [int(n.ends[e - 1]) for e in tokens.ends.tolist()],
        content,
    )


def _stem_hashes(text: str) -> list[int]:
    """Token hashes of the per-word reference stems."""
    n = normalize(text).text
    tokens = tokenize_regex(n)
    stems = np.array([_stem_start(w) for w in tokens.words(n)], dtype=np.int64)
    hashes: list[int] = token_hashes(code_points(n), Tokens(tokens.starts + stems, tokens.ends)).tolist()
    return hashes


def _fields(doc: PreparedDoc) -> tuple[list[int], list[int], list[bool]]:
    return (doc.tokens.starts.tolist(), doc.tokens.ends.tolist(), doc.content.tolist())


def _assert_same(got: PreparedDoc, want: PreparedDoc) -> None:
    arrays: list[tuple[npt.NDArray[Any], npt.NDArray[Any]]] = [
        (got.tokens.starts, want.tokens.starts),
        (got.tokens.ends, want.tokens.ends),
        (got.hashes, want.hashes),
        (got.content, want.content),
        (got.content_positions, want.content_positions),
        (got.content_counts, want.content_counts),
    ]
    for x, y in arrays:
        assert x.dtype == y.dtype
        assert np.array_equal(x, y)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, max_size=6), st.sampled_from([1, 8, 64, 1 << 16]))
def test_batch_equals_one_by_one_and_the_reference(texts: list[str], batch_chars: int) -> None:
    with patch.object(reuse.prepare, "_BATCH_CHARS", batch_chars):  # small: texts split over batches
        batch = prepare_batch(texts)
    assert len(batch) == len(texts)
    for text, doc in zip(texts, batch, strict=True):
        _assert_same(doc, prepare(text))
        assert _fields(doc) == _reference(text)
        assert doc.hashes.tolist() == _stem_hashes(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*"وفبكلاهمنت", "ال", "لل"]), max_size=9).map("".join))
def test_strip_clitics_equals_the_per_word_rules(word: str) -> None:
    text = normalize(word).text
    tokens = tokenize(text)
    stems = strip_clitics(code_points(text), tokens)
    assert (stems.starts - tokens.starts).tolist() == [_stem_start(w) for w in tokens.words(text)]
