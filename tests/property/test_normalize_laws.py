from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.normalize import normalize
from reuse.tokenize import tokenize, tokenize_regex

pytestmark = pytest.mark.property

ARABIC_AND_LATIN = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0x20, max_codepoint=0x17F),
        st.sampled_from(["\r", "\n", "\ufeff", "\u0640", "ﻻ", "ß", "ﷺ", "\u200f"]),
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(ARABIC_AND_LATIN)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@settings(max_examples=200, deadline=None)
@given(ARABIC_AND_LATIN)
def test_offsets_are_monotone_and_in_bounds(text: str) -> None:
    n = normalize(text)
    assert n.offsets[-1] == len(text)
    assert np.all(np.diff(n.offsets) >= 0)
    assert np.all((n.ends > n.offsets[:-1]) & (n.ends <= len(text)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_vectorised_tokenizer_equals_reference(text: str) -> None:
    normalized = normalize(text).text
    fast, reference = tokenize(normalized), tokenize_regex(normalized)
    assert fast.starts.tolist() == reference.starts.tolist()
    assert fast.ends.tolist() == reference.ends.tolist()
