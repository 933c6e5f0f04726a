"""A line said again right after itself, its words recurring inside it too: no overlapping occurrences.

Pieces of such a passage lie one copy apart, each pair of spans touching; joined, their spans would
overlap, and a repeat whose occurrences overlap is no two places to show an editor (it came out as a
"repeat" with one occurrence, on a list of company names, and broke the table).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reuse.models import Document
from reuse.pipeline import scan

pytestmark = pytest.mark.property

WORDS = ["quay", "harbour", "ferry", "keel", "port", "sail", "rope", "storm"]


@settings(max_examples=80, deadline=None)
@given(
    line=st.lists(st.sampled_from(WORDS), min_size=8, max_size=14),
    copies=st.integers(2, 4),
    before=st.integers(0, 25),
    after=st.integers(0, 25),
)
@example(
    ["quay", "quay", "harbour", "ferry", "keel", "port", "sail", "rope", "quay", "ferry"], 2, 22, 15
).via("found by search: two pieces a copy apart were joined into spans overlapping by 4 words")
def test_a_repeat_said_back_to_back_never_has_overlapping_occurrences(
    line: list[str], copies: int, before: int, after: int
) -> None:
    said = " ".join(line)
    filler = [f"dock{k}" for k in range(before)], [f"pier{k}" for k in range(after)]
    text = "\n".join([" ".join(filler[0]), *[said] * copies, " ".join(filler[1])])
    findings = scan([Document("a", text)], workers=1).findings
    for finding in findings:
        spans = [(o.start, o.end) for o in finding.occurrences]
        assert len(spans) >= 2, finding
        assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans)), finding
