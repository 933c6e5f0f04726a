from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.spans import TokenSpan, _coverage, covered, union

ranges = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(ranges)
def test_union_equals_the_set_of_covered_positions(given_ranges: list[tuple[int, int]]) -> None:
    merged = union(given_ranges)
    points = {p for lo, hi in given_ranges for p in range(lo, hi)}
    assert {p for lo, hi in merged for p in range(lo, hi)} == points
    assert covered(given_ranges) == len(points)
    # sorted, disjoint, not touching, none empty
    assert all(lo < hi for lo, hi in merged)
    assert all(a_hi < b_lo for (_, a_hi), (b_lo, _) in itertools.pairwise(merged))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), min_size=1, max_size=8))
def test_coverage_counts_tokens_and_the_widest_hole(starts_lengths: list[tuple[int, int]]) -> None:
    spans = [TokenSpan(s, s + n) for s, n in starts_lengths]
    points = {p for s in spans for p in range(s.start, s.end)}
    lo, hi = min(points), max(points) + 1
    holes, run = [0], 0
    for p in range(lo, hi):
        run = 0 if p in points else run + 1
        holes.append(run)
    assert _coverage(spans) == (len(points), max(holes))
