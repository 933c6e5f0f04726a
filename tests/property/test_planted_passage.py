from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.models import Document
from reuse.pipeline import scan

pytestmark = pytest.mark.property

# Distinct made-up words, so a planted passage is the only thing two documents share.
WORDS = [f"{c}{v}{d}{e}" for c in "bdfgklmnprstvz" for v in "aeiou" for d in "lmnrst" for e in "aeiou"]
word_lists = st.lists(st.sampled_from(WORDS), min_size=0, max_size=60)


@settings(max_examples=40, deadline=None)
@given(
    before_a=word_lists,
    after_a=word_lists,
    before_b=word_lists,
    after_b=word_lists,
    passage=st.lists(st.sampled_from(WORDS), min_size=12, max_size=40, unique=True),
)
def test_planted_passage_is_found_with_exact_offsets(
    before_a: list[str], after_a: list[str], before_b: list[str], after_b: list[str], passage: list[str]
) -> None:
    planted = " ".join(passage)
    # Filler words must not occur in the passage, or the copy could legitimately extend into them.
    # Each filler part gets its own suffix so fillers never match each other either.
    parts = (before_a, after_a, before_b, after_b)
    fillers = [[w + suffix for w in part] for part, suffix in zip(parts, "wxyz", strict=True)]
    text_a = " ".join([*fillers[0], planted, *fillers[1]]) + "."
    text_b = ", ".join([*fillers[2], planted, *fillers[3]])
    result = scan([Document("a", text_a), Document("b", text_b)])
    reuse = [f for f in result.findings if f.kind == "reuse"]
    assert len(reuse) == 1
    occ_a, occ_b = reuse[0].occurrences
    assert text_a[occ_a.start : occ_a.end] == planted
    assert (occ_b.start, occ_b.end) == (text_b.index(planted), text_b.index(planted) + len(planted))
