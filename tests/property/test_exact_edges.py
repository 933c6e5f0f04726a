"""Word-exact edges: a passage whose first and last words are stop words is found whole, wherever it sits.

Stop words are not seeds, so the aligner reaches them only by extending its span word by word; that
extension must depend on the words alone, never on where the passage happens to start in each document.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reuse.models import Document
from reuse.pipeline import scan

pytestmark = pytest.mark.property

# Made-up content words, distinct from every stop word and from each other.
WORDS = [f"{c}{v}{d}{e}" for c in "bdfgklmnprstvz" for v in "aeiou" for d in "lmnrst" for e in "aeiou"]
STOPS = ["the", "of", "and", "in", "to", "for", "with", "on"]
ARABIC_WORDS = [f"{c}{v}{d}" for c in "بتثجحخدذ" for v in "رزسشصضطظ" for d in "عغقكمنهي"]
ARABIC_STOPS = ["في", "من", "على", "إلى", "عن", "أن", "وفي", "التي"]


def _filler(count: int, tag: str) -> list[str]:
    """``count`` filler words that match nothing: not in the passage, the other document or a stop list."""
    return [f"{tag}{k}" for k in range(count)]


def _check(text_a: str, text_b: str, planted: str) -> None:
    result = scan([Document("a", text_a), Document("b", text_b)], workers=1)
    reuse = [f for f in result.findings if f.kind == "reuse"]
    assert len(reuse) == 1, reuse
    occ_a, occ_b = reuse[0].occurrences
    assert (occ_a.start, occ_a.end) == (text_a.index(planted), text_a.index(planted) + len(planted))
    assert (occ_b.start, occ_b.end) == (text_b.index(planted), text_b.index(planted) + len(planted))


@settings(max_examples=60, deadline=None)
@given(
    before_a=st.integers(0, 45),
    after_a=st.integers(0, 10),
    before_b=st.integers(0, 45),
    after_b=st.integers(0, 10),
    core=st.lists(st.sampled_from(WORDS), min_size=8, max_size=30, unique=True),
    first=st.sampled_from(STOPS),
    last=st.sampled_from(STOPS),
)
# The cases: a copy preceded by 10 (then 11) filler words in B lost "of the" (then "the").
@example(0, 0, 10, 0, WORDS[:8], "of", "the").via("issue 11: 10 filler words before the copy in B")
@example(0, 0, 11, 0, WORDS[:8], "of", "the").via("issue 11: 11 filler words before the copy in B")
@example(10, 0, 0, 0, WORDS[:8], "of", "the").via("the copy late in A, early in B")
def test_stop_word_edges_are_exact_at_any_offsets(
    before_a: int, after_a: int, before_b: int, after_b: int, core: list[str], first: str, last: str
) -> None:
    planted = " ".join([first, first, *core, last, last])
    text_a = " ".join([*_filler(before_a, "qa"), planted, *_filler(after_a, "za")])
    text_b = " ".join([*_filler(before_b, "qb"), planted, *_filler(after_b, "zb")])
    _check(text_a, text_b, planted)


@settings(max_examples=30, deadline=None)
@given(
    before_a=st.integers(0, 40),
    before_b=st.integers(0, 40),
    core=st.lists(st.sampled_from(ARABIC_WORDS), min_size=8, max_size=24, unique=True),
    first=st.sampled_from(ARABIC_STOPS),
    last=st.sampled_from(ARABIC_STOPS),
)
# Where B's passage starts at A's last content word (and the mirror case) the old guards cut an edge.
@example(0, 9, ARABIC_WORDS[:8], "في", "من").via("B's copy starts where A's core ends")
@example(8, 0, ARABIC_WORDS[:8], "في", "من").via("A's copy starts where B's core ends")
def test_arabic_stop_word_edges_are_exact_at_any_offsets(
    before_a: int, before_b: int, core: list[str], first: str, last: str
) -> None:
    planted = " ".join([first, *core, last])
    text_a = " ".join([*_filler(before_a, "qa"), planted, "نهاية"])
    text_b = " ".join([*_filler(before_b, "qb"), planted])
    _check(text_a, text_b, planted)


@settings(max_examples=30, deadline=None)
@given(
    before=st.integers(0, 30),
    between=st.integers(1, 30),
    core=st.lists(st.sampled_from(WORDS), min_size=8, max_size=24, unique=True),
    first=st.sampled_from(STOPS),
    last=st.sampled_from(STOPS),
)
def test_a_repeat_with_stop_word_edges_is_exact_and_its_occurrences_do_not_overlap(
    before: int, between: int, core: list[str], first: str, last: str
) -> None:
    planted = " ".join([first, *core, last])
    text = " ".join([*_filler(before, "qa"), planted, *_filler(between, "za"), planted])
    (finding,) = scan([Document("a", text)], workers=1).findings
    first_at = text.index(planted)
    second_at = text.index(planted, first_at + 1)
    assert [(o.start, o.end) for o in finding.occurrences] == [
        (first_at, first_at + len(planted)),
        (second_at, second_at + len(planted)),
    ]
