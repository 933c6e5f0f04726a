"""Span pairs in token indices, and the bookkeeping that turns pieces into one finding per copy."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TokenSpan:
    """A half-open range of token indices ``[start, end)`` in one document."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class SpanPair:
    """Two aligned token ranges, with the similarity of their words."""

    a: TokenSpan
    b: TokenSpan
    similarity: float


def _near(x: TokenSpan, y: TokenSpan, gap: int) -> bool:
    return x.start <= y.end + gap and y.start <= x.end + gap


def meets(x: TokenSpan, y: TokenSpan) -> bool:
    """Whether two token ranges share a token."""
    return x.start < y.end and y.start < x.end


def _same_order(a: TokenSpan, b: TokenSpan, x: TokenSpan, y: TokenSpan) -> bool:
    """Whether pair (a, b) overlaps pair (x, y) in both documents or lies on the same side of it in both."""
    return (meets(a, x) and meets(b, y)) or (a.start < x.start) == (b.start < y.start)


def merge_overlapping(
    spans: list[tuple[TokenSpan, TokenSpan]], *, gap: int, in_order: bool = False
) -> list[tuple[TokenSpan, TokenSpan]]:
    """Merge span pairs that overlap or nearly touch in *both* documents into one.

    Pieces of one copy found by separate clusters become one finding (granularity 1), while two
    copies that are neighbours in one document but far apart in the other stay apart. With
    ``in_order``, pairs that only touch merge when they come in the same order in both: inside one
    document "A X" then "X A" are two repeats, A and X, not one reordered passage.

    >>> s = [(TokenSpan(0, 10), TokenSpan(50, 60)), (TokenSpan(8, 20), TokenSpan(58, 70)),
    ...      (TokenSpan(21, 30), TokenSpan(0, 9))]
    >>> [(x.start, x.end, y.start, y.end) for x, y in merge_overlapping(s, gap=2)]
    [(0, 20, 50, 70), (21, 30, 0, 9)]
    >>> swapped = [(TokenSpan(0, 9), TokenSpan(39, 48)), (TokenSpan(9, 24), TokenSpan(24, 39))]
    >>> len(merge_overlapping(swapped, gap=6)), len(merge_overlapping(swapped, gap=6, in_order=True))
    (1, 2)
    """
    merged = sorted(spans, key=lambda p: (p[0].start, p[1].start))
    changed = True
    while changed:
        changed = False
        out: list[tuple[TokenSpan, TokenSpan]] = []
        for a_span, b_span in merged:
            for k, (x, y) in enumerate(out):
                if (
                    _near(a_span, x, gap)
                    and _near(b_span, y, gap)
                    and (not in_order or _same_order(a_span, b_span, x, y))
                ):
                    out[k] = (
                        TokenSpan(min(x.start, a_span.start), max(x.end, a_span.end)),
                        TokenSpan(min(y.start, b_span.start), max(y.end, b_span.end)),
                    )
                    changed = True
                    break
            else:
                out.append((a_span, b_span))
        merged = out
    return merged


def union(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of half-open ranges as sorted, disjoint ranges (touching ones joined, empty ones dropped).

    The one interval-union of the project: coverage of spans, shares of documents, PAN character sets.

    >>> union([(10, 20), (0, 5), (3, 8), (8, 9), (30, 30)])
    [(0, 9), (10, 20)]
    """
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(r for r in ranges if r[0] < r[1]):
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def covered(ranges: Iterable[tuple[int, int]]) -> int:
    """How many positions the union of ``ranges`` covers.

    >>> covered([(10, 20), (0, 5), (3, 8)])
    18
    """
    return sum(hi - lo for lo, hi in union(ranges))


def _coverage(spans: list[TokenSpan]) -> tuple[int, int]:
    """Tokens covered by the union of ``spans``, and the longest uncovered stretch inside their extent.

    >>> _coverage([TokenSpan(10, 20), TokenSpan(0, 5), TokenSpan(3, 8)])
    (18, 2)
    """
    merged = union((s.start, s.end) for s in spans)
    hole = max((lo - end for (_, end), (lo, _) in itertools.pairwise(merged)), default=0)
    return sum(hi - lo for lo, hi in merged), hole


def _one_region(run: list[tuple[TokenSpan, TokenSpan]], gap: int, block_gap: int) -> bool:
    """Whether a run's B pieces are one region.

    That is: at most 1.5x the A extent, at least half filled, and no hole wider than ``block_gap``
    (the most a run allows between pieces in A).
    """
    b_pieces = [b for _, b in run]
    b_extent = max(b.end for b in b_pieces) - min(b.start for b in b_pieces)
    a_extent = max(a.end for a, _ in run) - min(a.start for a, _ in run)
    covered, hole = _coverage(b_pieces)
    return b_extent <= 1.5 * a_extent + gap and 2 * covered >= b_extent and hole <= block_gap


def _joined(run: list[tuple[TokenSpan, TokenSpan]]) -> tuple[TokenSpan, TokenSpan]:
    return (
        TokenSpan(min(a.start for a, _ in run), max(a.end for a, _ in run)),
        TokenSpan(min(b.start for _, b in run), max(b.end for _, b in run)),
    )


def merge_reordered(
    spans: list[tuple[TokenSpan, TokenSpan]], *, gap: int, block_gap: int
) -> list[tuple[TokenSpan, TokenSpan]]:
    """Merge runs of pieces that are neighbours in A and reordered inside one region of B.

    A passage whose phrases were shuffled comes back as exact pieces, adjacent in A, scattered in B.
    A run of such pieces is one copy when its B pieces fill at least half of their extent, leave no
    hole wider than ``block_gap``, and that extent is at most 1.5 times the run's extent in A; two
    copies of far-apart places fail that, and so do two neighbouring copies with text between them.
    A whole run (pieces at most ``block_gap`` apart in A) is tried first, since pieces of a large
    block only fill their region together; failing that, pieces at most ``gap`` apart are joined
    one by one while the run stays one region.

    >>> pieces = [(TokenSpan(0, 10), TokenSpan(120, 130)), (TokenSpan(11, 20), TokenSpan(100, 109)),
    ...           (TokenSpan(21, 30), TokenSpan(110, 119)), (TokenSpan(31, 40), TokenSpan(500, 509))]
    >>> [(a.start, a.end, b.start, b.end) for a, b in merge_reordered(pieces, gap=2, block_gap=12)]
    [(0, 30, 100, 130), (31, 40, 500, 509)]

    Two passages copied next to each other from one region, swapped, with 40 uncopied words between
    them in B, stay two copies:

    >>> swapped = [(TokenSpan(0, 40), TokenSpan(80, 120)), (TokenSpan(44, 84), TokenSpan(0, 40))]
    >>> len(merge_reordered(swapped, gap=2, block_gap=12))
    2
    """
    ordered = sorted(spans, key=lambda p: (p[0].start, p[1].start))
    runs: list[list[tuple[TokenSpan, TokenSpan]]] = []
    for pair in ordered:
        if runs and pair[0].start <= max(a.end for a, _ in runs[-1]) + block_gap:
            runs[-1].append(pair)
        else:
            runs.append([pair])
    out: list[tuple[TokenSpan, TokenSpan]] = []
    for whole in runs:
        if len(whole) > 1 and _one_region(whole, gap, block_gap):
            out.append(_joined(whole))
            continue
        run: list[tuple[TokenSpan, TokenSpan]] = []
        for pair in whole:
            near = run and pair[0].start <= max(a.end for a, _ in run) + gap
            if near and _one_region([*run, pair], gap, block_gap):
                run.append(pair)
                continue
            if run:
                out.append(_joined(run))
            run = [pair]
        if run:
            out.append(_joined(run))
    return out


def within(inner: TokenSpan, outer: TokenSpan) -> bool:
    """Whether ``inner`` lies inside ``outer``.

    >>> within(TokenSpan(2, 4), TokenSpan(0, 4)), within(TokenSpan(2, 5), TokenSpan(0, 4))
    (True, False)
    """
    return outer.start <= inner.start and inner.end <= outer.end


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Length of the intersection of two half-open ranges.

    >>> overlap(0, 10, 5, 20), overlap(0, 5, 5, 9)
    (5, 0)
    """
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def mostly_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two ranges share more than half of the shorter one: the same passage, found twice.

    >>> mostly_overlap(0, 10, 4, 30), mostly_overlap(0, 10, 6, 30)
    (True, False)
    """
    return 2 * overlap(a_start, a_end, b_start, b_end) > min(a_end - a_start, b_end - b_start)


def _explains(kept: SpanPair, pair: SpanPair, *, one_side_is_enough: bool) -> bool:
    """Whether ``kept`` covers more than half of ``pair``'s span on one side (or on both)."""
    in_a = 2 * overlap(pair.a.start, pair.a.end, kept.a.start, kept.a.end) > len(pair.a)
    in_b = 2 * overlap(pair.b.start, pair.b.end, kept.b.start, kept.b.end) > len(pair.b)
    return (in_a or in_b) if one_side_is_enough else (in_a and in_b)


def best_counterparts(pairs: list[SpanPair], *, copy_words: int, copy_similarity: float) -> list[SpanPair]:
    """Keep, for each passage, only its best counterpart in the other document, unless copied twice.

    When one document holds a passage several times (a template, a stock phrase repeated) a copy
    of it matches every instance; the strongest match (words × similarity) is the copy, the others
    are echoes. A pair is dropped when more than half of either of its spans is already explained,
    except a near-verbatim match of at least ``copy_words`` words and ``copy_similarity`` that
    shares only one side: a whole passage pasted twice is two copies. (On araplagdet-dev every such
    second counterpart was a labelled case; every echo was shorter or looser.)

    >>> strong = SpanPair(TokenSpan(0, 40), TokenSpan(100, 140), 1.0)
    >>> echo = SpanPair(TokenSpan(5, 40), TokenSpan(300, 335), 0.8)
    >>> elsewhere = SpanPair(TokenSpan(60, 80), TokenSpan(300, 320), 0.9)
    >>> second = SpanPair(TokenSpan(0, 40), TokenSpan(500, 540), 0.95)
    >>> kept = best_counterparts([echo, elsewhere, strong, second], copy_words=40, copy_similarity=0.9)
    >>> kept == [strong, second, elsewhere]
    True
    """
    kept: list[SpanPair] = []
    for pair in sorted(pairs, key=lambda p: (-len(p.a) * p.similarity, p.a.start, p.b.start)):
        second_copy = min(len(pair.a), len(pair.b)) >= copy_words and pair.similarity >= copy_similarity
        if not any(_explains(k, pair, one_side_is_enough=not second_copy) for k in kept):
            kept.append(pair)
    return sorted(kept, key=lambda p: (p.a.start, p.b.start))
