from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.normalize import _map_code_point, code_points, normalize, normalize_code_points
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


def _reference(text: str) -> tuple[str, list[int], list[int]]:
    """Normalisation one character at a time, in plain Python: text, offsets and ends."""
    out: list[str] = []
    offsets: list[int] = []
    kept = [k for k, ch in enumerate(text) if _map_code_point(ch)] + [len(text)]
    for k, ch in enumerate(text):
        mapped = _map_code_point(ch)
        out += mapped
        offsets += [k] * len(mapped)
    ends = [next(x for x in kept if x > k) for k in offsets]
    return "".join(out), [*offsets, len(text)], ends


@settings(max_examples=300, deadline=None)
@given(ARABIC_AND_LATIN)
def test_vectorised_normalize_equals_per_character_reference(text: str) -> None:
    expected_text, expected_offsets, expected_ends = _reference(text)
    n = normalize(text)
    assert (n.text, n.offsets.tolist(), n.ends.tolist()) == (expected_text, expected_offsets, expected_ends)
    out, offsets, ends = normalize_code_points(code_points(text))
    assert out.tolist() == [ord(c) for c in expected_text]
    assert offsets.tolist() == expected_offsets
    assert (offsets[1:] if ends is None else ends).tolist() == expected_ends


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_vectorised_tokenizer_equals_reference(text: str) -> None:
    normalized = normalize(text).text
    fast, reference = tokenize(normalized), tokenize_regex(normalized)
    assert fast.starts.tolist() == reference.starts.tolist()
    assert fast.ends.tolist() == reference.ends.tolist()
