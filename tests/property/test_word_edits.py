"""``word_edits`` is a diff: applying its edits to one word sequence gives the other."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.neardup import word_edits

pytestmark = pytest.mark.property

words = st.lists(st.integers(0, 12), max_size=40)


def apply(x: list[int], y: list[int], edits: list[tuple[str, int, int, int, int]]) -> list[int]:
    """Rebuild y from x: copy x between edits, take y's words for each edit."""
    out: list[int] = []
    at = 0
    for _, i1, i2, j1, j2 in edits:
        out += x[at:i1] + y[j1:j2]
        at = i2
    return out + x[at:]


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_edits_turn_x_into_y(x: list[int], y: list[int]) -> None:
    edits = word_edits(np.array(x, dtype=np.uint64), np.array(y, dtype=np.uint64))
    assert apply(x, y, edits) == y
    assert all(op in ("replace", "delete", "insert") for op, *_ in edits)
    starts = [i1 for _, i1, _, _, _ in edits]
    assert starts == sorted(starts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 99), unique=True, max_size=40), st.integers(0, 40), st.integers(100, 200))
def test_one_changed_word_is_one_replace(x: list[int], at: int, new: int) -> None:
    """Among distinct words (where every word anchors), a swapped word is exactly one replace."""
    if not x:
        return
    at %= len(x)
    y = [*x[:at], new, *x[at + 1 :]]
    edits = word_edits(np.array(x, dtype=np.uint64), np.array(y, dtype=np.uint64))
    assert edits == [("replace", at, at + 1, at, at + 1)]
