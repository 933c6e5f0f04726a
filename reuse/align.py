"""Seed-and-extend alignment of two documents (or one against itself) to word-exact spans.

Seeds are matches of content words: every pair of positions ``(i, j)`` where token ``i`` of A and
token ``j`` of B are the same normalised word. Plotted as dots, copied text is a dense diagonal,
lightly edited text a diagonal with small breaks, and shuffled text a dense square; chance matches
are scattered. So:

1. keep dots with at least ``min_neighbours`` other dots within ``gap`` content words in both
   documents (density, not order: this is what lets shuffled passages through), and link dense
   dots closer than ``gap`` into clusters (:mod:`reuse.dots`), at three grid sizes;
2. tighten each cluster to its ordered chain of matches (copies), trimmed to its best-scoring
   stretch so chance matches around a copy fall away, or to its dense core (shuffles); its
   extent in A and in B is a candidate span pair, extended word by word while both sides keep
   agreeing exactly (this recovers the stop words at the edges of verbatim copies, including a
   document's very first word), then kept from running a chance word or two across a sentence
   end at its edges (:mod:`reuse.edges`);
3. keep span pairs of at least ``min_words`` words whose :func:`similarity` reaches ``threshold``,
   drop coarse blocks that only loosen a copy found in order, merge pieces of one copy and keep
   each passage's best counterpart (:mod:`reuse.spans`).

The aligner is exact for verbatim and lightly edited copies (every reused word lies inside the span
and the edges are word-exact), and heuristic for shuffled text: edges there are the outermost
*content* words that match, so a stop word at the very edge of a shuffled passage is left out.
"""

from __future__ import annotations

import collections
import itertools
import os
import sys
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reuse.dots import dense_clusters, indexed_word_matches, word_matches_with_neighbours
from reuse.edges import trim_edges
from reuse.models import AlignParams
from reuse.prepare import PreparedDoc
from reuse.spans import (
    SpanPair,
    TokenSpan,
    best_counterparts,
    meets,
    merge_overlapping,
    merge_reordered,
    within,
)

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]


def similarity(a: U64, b: U64) -> float:
    """Shared words over the longer span's words, counting repeated words as often as both have them.

    Order-insensitive on purpose: a shuffled passage scores as high as a copied one, a swapped word
    costs one word. ``1.0`` means the two spans are the same words after normalisation.

    >>> similarity(np.array([1, 2, 3, 4], dtype=np.uint64), np.array([4, 3, 2, 9], dtype=np.uint64))
    0.75
    """
    if a.size == 0 or b.size == 0:
        return 0.0
    words, inverse = np.unique(np.concatenate((a, b)), return_inverse=True)
    count_a = np.bincount(inverse[: a.size], minlength=words.size)
    count_b = np.bincount(inverse[a.size :], minlength=words.size)
    return float(np.minimum(count_a, count_b).sum()) / max(a.size, b.size)


def increasing_chain(i: I64, j: I64) -> I64:
    """Indices of a longest chain of dots strictly increasing in both ``i`` and ``j``.

    Copied text keeps its order, so most of its dots lie on one chain; chance matches that only
    happen to fall near the copy do not.

    >>> increasing_chain(np.array([0, 1, 2, 3]), np.array([10, 50, 11, 12])).tolist()
    [0, 2, 3]
    """
    order = np.lexsort((-j, i))  # by i; among equal i, larger j first so one i is used at most once
    tails: list[int] = []
    tail_index: list[int] = []
    previous = np.full(i.size, -1, dtype=np.int64)
    for k in order.tolist():
        value = int(j[k])
        pos = bisect_left(tails, value)
        if pos:
            previous[k] = tail_index[pos - 1]
        if pos == len(tails):
            tails.append(value)
            tail_index.append(k)
        else:
            tails[pos], tail_index[pos] = value, k
    chain = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(k)
        k = int(previous[k])
    return np.asarray(chain[::-1], dtype=np.int64)


def _best_run(matched: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """The run ``[lo, hi)`` maximising matched minus unmatched positions (maximum subarray)."""
    prefix = np.concatenate(([0], np.cumsum(np.where(matched, 1, -1))))
    lowest_before = np.minimum.accumulate(prefix)
    hi = int(np.argmax(prefix - lowest_before))
    lo = int(np.flatnonzero(prefix[: hi + 1] == lowest_before[hi])[-1])
    return lo, hi


def trim_chain(i: I64, j: I64, *, substitution_cost: float, indel_cost: float) -> tuple[I64, I64]:
    """The stretch of an ordered chain whose matches outweigh the words skipped between them.

    A chain may pick up chance matches of common words around a copy ("solar ... home" a sentence
    before it). Each match scores +2 (one word each side); the words skipped between two matches
    cost ``substitution_cost`` per pair facing each other (a rewrite swaps words one for one) and
    ``indel_cost`` per word left over on one side (chance matches land at unrelated distances). The
    best-scoring stretch drops those flanks, while a copy with most words swapped stays whole: with
    the defaults (0.5 and 1) a stretch breaks only where more than four in five words differ.

    >>> costs = {"substitution_cost": 0.5, "indel_cost": 1.0}
    >>> i = np.array([0, 1, 9, 10, 11, 12, 13, 30]); j = np.array([0, 2, 20, 21, 22, 23, 24, 40])
    >>> trim_chain(i, j, **costs)[0].tolist()
    [9, 10, 11, 12, 13]
    >>> trim_chain(np.array([0, 4, 8, 12]), np.array([0, 4, 8, 12]), **costs)[0].tolist()  # 3 of 4 swapped
    [0, 4, 8, 12]
    """
    if i.size < 2:
        return i, j
    di, dj = np.diff(i) - 1, np.diff(j) - 1
    gap_cost = substitution_cost * np.minimum(di, dj) + indel_cost * np.abs(di - dj)
    # Dots [s, e) score 2(e - s) - (cost[e - 1] - cost[s]), with cost counted from dot 0.
    cost = np.concatenate(([0.0], np.cumsum(gap_cost)))
    at = np.arange(i.size + 1, dtype=np.float64)
    as_end = 2 * at[1:] - cost  # e = 1..n
    lowest_start = np.minimum.accumulate(2 * at[:-1] - cost)  # best s <= e - 1
    end = int(np.argmax(as_end - lowest_start)) + 1
    start = int(np.flatnonzero(2 * at[:end] - cost[:end] == lowest_start[end - 1])[-1])
    return i[start:end], j[start:end]


def snap_ends(chain_i: I64, chain_j: I64, i: I64, j: I64) -> tuple[I64, I64]:
    """Move a chain's end dots onto the diagonal of their neighbours where a dot is there too.

    A word that occurs just before a copy as well as inside it gives the chain two equally long
    choices; the one in line with the rest of the copy is the copied word.

    >>> i, j = np.array([0, 0, 1, 2]), np.array([0, 2, 3, 4])  # word 0 of A also occurs at 0 in B
    >>> [x.tolist() for x in snap_ends(np.array([0, 1, 2]), np.array([0, 3, 4]), i, j)]
    [[0, 1, 2], [2, 3, 4]]
    """
    if chain_i.size < 2:
        return chain_i, chain_j
    chain_i, chain_j = chain_i.copy(), chain_j.copy()
    for end, neighbour in ((0, 1), (-1, -2)):
        offset = chain_j[neighbour] - chain_i[neighbour]
        on_diagonal = (i == chain_i[end]) & (j == chain_i[end] + offset)
        if on_diagonal.any():
            chain_j[end] = chain_i[end] + offset
            continue
        on_diagonal = (j == chain_j[end]) & (i == chain_j[end] - offset)
        if on_diagonal.any():
            chain_i[end] = chain_j[end] - offset
    return chain_i, chain_j


def tighten(
    i: I64,
    j: I64,
    all_i: I64,
    all_j: I64,
    *,
    ordered: bool = True,
    words: int | None = None,
    substitution_cost: float,
    indel_cost: float,
) -> tuple[I64, I64]:
    """Keep the dots that make up the copy: its ordered chain if it has one, else its dense core.

    The dense core is the cluster's box trimmed, side by side, to the run of positions that are
    mostly matched, where a position counts as matched when *any* word match (``all_i``, ``all_j``)
    lands inside the box. ``ordered=False`` goes straight to the dense core: a block of reordered
    phrases has long ordered runs, but the copy is the whole block. ``words`` is the number of
    distinct values in ``i`` when the caller knows it. The costs are :func:`trim_chain`'s
    (:class:`~reuse.models.AlignParams` holds the values a scan uses).

    >>> i, j = np.array([0, 5, 6, 7, 8, 9]), np.array([90, 10, 11, 12, 13, 14])
    >>> tighten(i, j, i, j, substitution_cost=0.5, indel_cost=1.0)[0].tolist()
    [5, 6, 7, 8, 9]
    """
    if ordered:
        chain = increasing_chain(i, j)
        if chain.size * 2 >= (np.unique(i).size if words is None else words):
            trimmed = trim_chain(
                i[chain], j[chain], substitution_cost=substitution_cost, indel_cost=indel_cost
            )
            return snap_ends(*trimmed, i, j)
    box = [int(i.min()), int(i.max()) + 1, int(j.min()), int(j.max()) + 1]
    for _ in range(2):
        for side, (this, other) in enumerate(((all_i, all_j), (all_j, all_i))):
            lo, hi = box[2 * side], box[2 * side + 1]
            olo, ohi = box[2 - 2 * side], box[3 - 2 * side]
            inside = (this >= lo) & (this < hi) & (other >= olo) & (other < ohi)
            matched = np.zeros(hi - lo, dtype=np.bool_)
            matched[this[inside] - lo] = True
            run_lo, run_hi = _best_run(matched)
            box[2 * side], box[2 * side + 1] = lo + run_lo, lo + run_hi
    keep = (i >= box[0]) & (i < box[1]) & (j >= box[2]) & (j < box[3])
    if not keep.any():
        return i[:0], j[:0]
    return i[keep], j[keep]


@dataclass(frozen=True)
class Steps:
    """The small-array steps the aligner repeats per cluster: compiled (numba) or numpy, same answers."""

    tighten: Callable[[I64, I64, I64, I64, bool, int, float, float], tuple[I64, I64]]
    similarity: Callable[[U64, U64], float]


def _numpy_tighten(
    i: I64,
    j: I64,
    all_i: I64,
    all_j: I64,
    ordered: bool,
    words: int,
    substitution_cost: float,
    indel_cost: float,
) -> tuple[I64, I64]:
    return tighten(
        i,
        j,
        all_i,
        all_j,
        ordered=ordered,
        words=words,
        substitution_cost=substitution_cost,
        indel_cost=indel_cost,
    )


NUMPY_STEPS = Steps(_numpy_tighten, similarity)


_COMPILED_FROM_WORDS = 200_000
"""Words to align (both sides of every pair) from which the compiled steps pay for themselves.

Importing numba and loading the cached steps costs about 0.5 s in a fresh process, more than the
numpy steps spend on fewer words (they give exactly the same pairs): the seven bundled fixtures
scan in 0.3 s instead of 0.9 s, and a draft checked against the archive aligns a handful of pairs.
araplagdet-dev (1,700 pairs) aligns in 3.0 s compiled against 7.2 s with numpy."""


def steps(words: int | None = None) -> Steps:
    """The compiled steps (:mod:`reuse._align_numba`) where they are there and worth loading.

    The numpy steps when numba is missing, ``REUSE_KERNEL=numpy`` asks for them, or ``words`` (the
    work ahead) is under :data:`_COMPILED_FROM_WORDS` and the compiled steps are not loaded yet.

    >>> steps() is NUMPY_STEPS or steps().similarity is not similarity
    True
    >>> steps(words=100) is NUMPY_STEPS or "reuse._align_numba" in sys.modules
    True
    """
    if os.environ.get("REUSE_KERNEL", "").lower() == "numpy":
        return NUMPY_STEPS
    if words is not None and words < _COMPILED_FROM_WORDS and "reuse._align_numba" not in sys.modules:
        return NUMPY_STEPS
    try:
        from reuse import _align_numba
    except ImportError:
        return NUMPY_STEPS
    return Steps(_align_numba.tighten, _align_numba.similarity)


def _extend(
    a: U64, b: U64, a_span: TokenSpan, b_span: TokenSpan, *, same: bool
) -> tuple[TokenSpan, TokenSpan]:
    """Grow both spans outwards, word by word, while the words on both sides are equal.

    Within one document (``same``, where ``a_span`` lies before ``b_span``) neither span may grow
    into the other; between two documents indices of A and B are unrelated, so only the words count.

    >>> words = np.array([7, 1, 2, 3, 9], dtype=np.uint64)
    >>> _extend(words, words[1:4], TokenSpan(2, 3), TokenSpan(1, 2), same=False)
    (TokenSpan(start=1, end=4), TokenSpan(start=0, end=3))
    """
    a0, b0, a1, b1 = a_span.start, b_span.start, a_span.end, b_span.end
    while a0 > 0 and b0 > 0 and a[a0 - 1] == b[b0 - 1] and (not same or b0 - 1 >= a1):
        a0, b0 = a0 - 1, b0 - 1
    while a1 < a.size and b1 < b.size and a[a1] == b[b1] and (not same or a1 < b0):
        a1, b1 = a1 + 1, b1 + 1
    return TokenSpan(a0, a1), TokenSpan(b0, b1)


def _content_matches(a: PreparedDoc, b: PreparedDoc, params: AlignParams, *, same: bool) -> tuple[I64, I64]:
    """Dots as *token* indices, found among content words only."""
    words, cap = a.hashes[a.content_positions], params.max_word_pairs
    if max(a.content_triple_peak, b.content_triple_peak) ** 2 > cap:  # a passage said over and over
        b_words = b.hashes[b.content_positions]
        ci, cj = word_matches_with_neighbours(
            words, a.content_counts, b_words, b.content_index, max_word_pairs=cap
        )
    else:
        ci, cj = indexed_word_matches(words, a.content_counts, b.content_index, max_word_pairs=cap)
    if same:
        # One document against itself: keep one triangle, away from the trivial diagonal.
        keep = cj > ci
        ci, cj = ci[keep], cj[keep]
    return ci, cj


def _scored(
    a: PreparedDoc, b: PreparedDoc, a_span: TokenSpan, b_span: TokenSpan, params: AlignParams, run: Steps
) -> SpanPair | None:
    words = min(len(a_span), len(b_span))
    if words < params.min_words:
        return None
    score = run.similarity(a.hashes[a_span.start : a_span.end], b.hashes[b_span.start : b_span.end])
    if words >= params.long_words:
        needed = min(params.threshold, params.long_threshold)
    elif words < params.short_words:
        needed = max(params.threshold, params.short_threshold)
    else:
        needed = params.threshold
    return SpanPair(a_span, b_span, round(score, 4)) if score >= needed else None


def _share_found(words: U64, among: U64) -> float:
    """The share of ``words`` that occur in ``among`` (0 for no words)."""
    return float(np.isin(words, among).mean()) if words.size else 0.0


def _between(span: TokenSpan, parts: list[TokenSpan]) -> npt.NDArray[np.bool_]:
    """Which tokens of ``span`` no part covers."""
    free = np.ones(len(span), dtype=np.bool_)
    for part in parts:
        free[part.start - span.start : part.end - span.start] = False
    return free


def _swapped_around_own_text(
    a: PreparedDoc,
    b: PreparedDoc,
    a_span: TokenSpan,
    b_span: TokenSpan,
    copies: list[SpanPair],
    params: AlignParams,
) -> bool:
    """Whether a block is copies in another order around text each side has of its own, not one passage.

    :func:`~reuse.spans.merge_reordered` joins pieces reordered inside one region: a shuffled
    passage, whose words between the pieces are its phrases too short to align, found elsewhere in
    the other side's block. Two paragraphs copied in swapped order with a sentence of each article's
    own between them fill one region too; but there each side holds, between the copies, at least
    ``min_words`` words, of whose content words under ``own_text_shared`` occur in the other side's
    block. They are two copies: one finding over both would say most of each article is in the
    other, and call them near-duplicates. Copies in the same order are an edited copy, whatever was
    rewritten between them.
    """
    # The copies that make the block: one meeting a longer copy in either document is a phrase
    # matched twice (said twice in one of them), not a part of the block's order.
    major: list[SpanPair] = []
    for copy in sorted(copies, key=lambda p: (-len(p.a), p.a.start, p.b.start)):
        if not any(meets(copy.a, kept.a) or meets(copy.b, kept.b) for kept in major):
            major.append(copy)
    order = sorted(major, key=lambda p: p.a.start)
    if len(order) < 2 or all(x.b.start <= y.b.start for x, y in itertools.pairwise(order)):
        return False
    a_free, b_free = _between(a_span, [p.a for p in major]), _between(b_span, [p.b for p in major])
    if min(int(a_free.sum()), int(b_free.sum())) < params.min_words:
        return False
    a_words, b_words = a.hashes[a_span.start : a_span.end], b.hashes[b_span.start : b_span.end]
    a_content, b_content = a.content[a_span.start : a_span.end], b.content[b_span.start : b_span.end]
    return (
        max(
            _share_found(a_words[a_free & a_content], b_words[b_content]),
            _share_found(b_words[b_free & b_content], a_words[a_content]),
        )
        < params.own_text_shared
    )


def _rival_bands(
    cluster: tuple[I64, I64, int, bool], params: AlignParams
) -> list[tuple[I64, I64, int, bool]]:
    """A cluster of one document's dots, or its diagonal bands when two of them are alike in strength.

    A sentence said three times gives copy 1 with copy 3 and copy 2 with copy 3 in the same columns:
    two alignments of one passage, as strong as each other, of which one chain keeps only one. A
    band of a few words beside a long one stays in the cluster, where the chain treats it as chance,
    as it does between documents. Copies said back to back are one band that overlaps itself, cut
    into its copies by their period (:func:`_tandem_pairs`).
    """
    i, j, _, ordered = cluster
    bands = [(band, int(np.unique(i[band]).size)) for band in _diagonal_bands(i, j, params.gap)]
    top, top_words = max(bands, key=lambda band: band[1])
    alike = max(params.min_cluster_words, top_words / 2)
    if sum(words >= alike for _, words in bands) < 2 or j[top].min() <= i[top].max():
        return [cluster]  # one alignment, or copies back to back: those are cut by their period
    return [(i[band], j[band], words, ordered) for band, words in bands if words >= params.min_cluster_words]


def _diagonal_bands(i: I64, j: I64, width: int) -> list[I64]:
    """A cluster's dots (ordered by ``i``) split into bands of distance ``j - i``, each in ``i`` order.

    Within one document a cluster can hold two alignments that share words: a sentence said three
    times gives copy 1 with copy 3 and copy 2 with copy 3 in the same columns. One chain keeps only
    one of them. Each is a band of nearly one distance (an edit moves it by a word or a few); bands
    further apart than ``width`` are aligned on their own.

    >>> i, j = np.array([1, 2, 3, 20, 21, 22]), np.array([71, 72, 73, 56, 57, 58])
    >>> [band.tolist() for band in _diagonal_bands(i, j, 6)]
    [[3, 4, 5], [0, 1, 2]]
    """
    order = np.argsort(j - i, kind="stable")
    cuts = np.flatnonzero(np.diff((j - i)[order]) > width) + 1
    return [np.sort(band) for band in np.split(order, cuts)]


def _around_insertions(
    a: PreparedDoc,
    b: PreparedDoc,
    a_span: TokenSpan,
    b_span: TokenSpan,
    copies: list[SpanPair],
    params: AlignParams,
) -> list[tuple[TokenSpan, TokenSpan]]:
    """A block's copies (its pieces found in order), cut where one side holds a passage of its own.

    An edited copy keeps its copies in order whatever was rewritten between them, and is one
    passage. But ``long_words`` words or more that one side alone holds between two copies (more
    than the other side there), none of them in a copy and under ``own_text_shared`` of their
    content words found in the other side's block (a wire story pasted into an article), are text of
    its own: as one span pair the copy would read as one edited passage holding that paragraph
    (similarity 0.74 for 108 words pasted into 340). A shuffled passage's phrases between its pieces
    are found in the other side, and stay. Returns each run's span pair (one: no such passage).
    """
    order = sorted(
        (p for p in copies if within(p.a, a_span) and within(p.b, b_span)), key=lambda p: p.a.start
    )
    if len(order) < 2:
        return [(a_span, b_span)]
    # Free: in no copy. A block's loose piece (its dots' box, out of order) may cover the whole span.
    free = {"a": _between(a_span, [p.a for p in order]), "b": _between(b_span, [p.b for p in order])}
    a_words, b_words = a.hashes[a_span.start : a_span.end], b.hashes[b_span.start : b_span.end]
    a_content, b_content = a.content[a_span.start : a_span.end], b.content[b_span.start : b_span.end]

    def own_passage(start: int, end: int, side: str) -> bool:
        """Whether tokens [start, end) of one side are a passage the other side's block does not hold."""
        span, words, content, other = (
            (a_span, a_words, a_content, b_words[b_content])
            if side == "a"
            else (b_span, b_words, b_content, a_words[a_content])
        )
        held = free[side][start - span.start : end - span.start]
        if int(held.sum()) < params.long_words:
            return False
        region = slice(start - span.start, end - span.start)
        return _share_found(words[region][held & content[region]], other) < params.own_text_shared

    runs: list[list[SpanPair]] = [order[:1]]
    for before, after in itertools.pairwise(order):
        gap_a, gap_b = after.a.start - before.a.end, after.b.start - before.b.end
        cut = min(gap_a, gap_b) >= 0 and (
            (gap_a - gap_b >= params.long_words and own_passage(before.a.end, after.a.start, "a"))
            or (gap_b - gap_a >= params.long_words and own_passage(before.b.end, after.b.start, "b"))
        )
        if cut:
            runs.append([after])
        else:
            runs[-1].append(after)
    return [
        (
            TokenSpan(min(p.a.start for p in run), max(p.a.end for p in run)),
            TokenSpan(min(p.b.start for p in run), max(p.b.end for p in run)),
        )
        for run in runs
    ]


def _diagonal_runs(i_tok: I64, j_tok: I64, gap: int) -> list[I64]:
    """A chain's dots cut where it leaves its diagonal or skips more than ``gap`` words: index runs.

    A passage said back to back keeps one distance between its copies (a word added or dropped in a
    copy moves it by one). A sentence said three times with other sentences between is a chain too,
    one copy to the next, when chance matches between the copies ("said", "officials") bridge the
    gaps; those sit off the diagonal. Cut there, the chain is its copies, each aligned on its own.

    >>> i = np.array([0, 1, 2, 3, 12, 16, 20, 21, 22, 23])
    >>> [r.tolist() for r in _diagonal_runs(i, i + np.array([20] * 4 + [19, 16] + [19] * 4), 6)]
    [[0, 1, 2, 3], [4], [5], [6, 7, 8, 9]]
    """
    offset = j_tok - i_tok
    cuts = np.flatnonzero((np.abs(np.diff(offset)) > 1) | (np.diff(i_tok) > gap)) + 1
    return np.split(np.arange(i_tok.size), cuts)


def _tandem_pairs(
    doc: PreparedDoc, a_span: TokenSpan, b_span: TokenSpan, period: int, params: AlignParams, run: Steps
) -> list[SpanPair]:
    """Split a passage repeated back to back (spans that overlap) into its consecutive copies.

    The period is the typical distance between matching words. The run is grown word by word while
    each word equals the word one period away (so stop words at the edges join), then cut every
    ``period`` words.
    """
    words, period = doc.hashes, max(period, 1)
    start, end = a_span.start, b_span.end
    while start > 0 and start - 1 + period < words.size and words[start - 1] == words[start - 1 + period]:
        start -= 1
    while end < words.size and end - period >= 0 and words[end] == words[end - period]:
        end += 1
    copies = max(2, round((end - start) / period))
    # Each cut where a sentence starts, if one is that near, looking both ways, nearest first: the
    # run's own ends too, since a chance word one period away can carry it past a copy's end ("… last
    # year. Sources said" where the sentence after the copies and the one before them share "sources").
    around = sorted(range(-_TANDEM_REACH, _TANDEM_REACH + 1), key=abs)
    start = _sentence_start(doc, start, [start + d for d in around], period)
    end = _sentence_start(doc, end, [end + d for d in around], period)
    cuts = [
        _sentence_start(doc, c, [c + d for d in around], period) for c in range(start + period, end, period)
    ]
    bounds = [start, *cuts[: copies - 1], end]
    spans = [TokenSpan(lo, hi) for lo, hi in itertools.pairwise(bounds) if hi > lo]
    pairs = [_scored(doc, doc, x, y, params, run) for x, y in itertools.pairwise(spans)]
    return [p for p in pairs if p is not None]


_TANDEM_REACH = 3
"""Words a cut between copies said back to back moves to fall where a sentence starts.

Part of how a tandem run is cut (like the sentence ends it looks for), not a setting to vary."""


def _sentence_start(doc: PreparedDoc, bound: int, nearest: Sequence[int] | range, period: int) -> int:
    """The first of ``nearest`` where a sentence starts in this copy and one period away, else ``bound``.

    Copies said back to back are cut every period words from where their words first agree; a
    copy whose first words were changed ("The ministry said …", "The governor said …") starts at
    its sentence, not two words in with the previous copy's changed words at its end. The sentence
    must start one period before or after as well, as a repeated sentence's does: a line break a
    PDF put in mid-sentence is no such start.
    """
    size = len(doc.breaks)

    def starts(k: int) -> bool:
        return 0 < k <= size and bool(doc.breaks[k - 1])

    for k in nearest:
        if starts(k) and (starts(k - period) or starts(k + period)):
            return k
    return bound


def _tandem_period(words: U64, pieces: Sequence[SpanPair]) -> int:
    """How far apart the copies of a passage said back to back are, from the pieces found of it.

    Each piece's two spans are about one period apart, not exactly (an edit, a word said twice
    inside the passage shifts one end): of the distances the pieces give, the one at which most of
    their words recur is it.

    >>> words = np.array([5, 5, 1, 2, 3, 5, 5, 1, 2, 3], dtype=np.uint64)
    >>> _tandem_period(words, [SpanPair(TokenSpan(0, 4), TokenSpan(4, 9), 1.0)])
    5
    """
    lo, hi = min(p.a.start for p in pieces), max(p.b.end for p in pieces)
    distances = {p.b.start - p.a.start for p in pieces} | {p.b.end - p.a.end for p in pieces}

    def recurring(distance: int) -> float:
        return float(np.mean(words[lo : hi - distance] == words[lo + distance : hi]))

    return max(sorted(d for d in distances if 0 < d < hi - lo), key=recurring, default=1)


def _clusters(
    a: PreparedDoc, b: PreparedDoc, ci: I64, cj: I64, params: AlignParams, *, same: bool
) -> list[tuple[I64, I64, int, bool]]:
    """Dot clusters at three scales: local (copies, short shuffles), block and wide (long shuffles).

    Each comes with the number of distinct words of A it matches and whether it is of the local
    scale (where copies are found in order); clusters of fewer than ``params.min_cluster_words``
    words are left out: a couple of shared words is chance, whatever their neighbours.

    A passage of L words shuffled as a whole puts one match per row somewhere in L columns, too
    thin for the local grid once L passes a few dozen words. Matches of words that are rare in both
    documents are thin everywhere else too, so on a coarse grid a shuffled block stands out.
    """
    labels = dense_clusters(ci, cj, gap=params.gap, min_neighbours=params.min_neighbours)
    found = [(i, j, words, True) for i, j, words in _groups(ci, cj, labels, params.min_cluster_words)]
    if same:
        found = [band for cluster in found for band in _rival_bands(cluster, params)]
    else:
        rare = (a.content_counts[ci] <= params.rare_count) & (b.content_counts[cj] <= params.rare_count)
        ri, rj = ci[rare], cj[rare]
        for gap, neighbours in (
            (params.block_gap, params.block_neighbours),
            (params.wide_gap, params.wide_neighbours),
        ):
            labels = dense_clusters(ri, rj, gap=gap, min_neighbours=neighbours)
            found += [
                (i, j, words, False) for i, j, words in _groups(ri, rj, labels, params.min_cluster_words)
            ]
    return found


def _groups(i: I64, j: I64, labels: I64, min_words: int) -> list[tuple[I64, I64, int]]:
    """Each cluster's dots (label >= 0) and distinct words of A, in label order, with one sort.

    Clusters matching fewer than ``min_words`` distinct words of A are left out. Dots
    come ordered by ``i`` (as :func:`reuse.dots.word_matches_with_neighbours` gives them), so within a
    cluster a new word of A starts wherever ``i`` changes.
    """
    order = np.argsort(labels, kind="stable")
    order = order[labels[order] >= 0]
    if order.size == 0:
        return []
    label, rows = labels[order], i[order]
    bounds = np.flatnonzero(np.diff(label)) + 1
    new_word = np.concatenate(([1], (np.diff(rows) != 0) | (np.diff(label) != 0)))
    distinct = np.add.reduceat(new_word, np.concatenate(([0], bounds)))
    parts = np.split(order, bounds)
    return [
        (i[part], j[part], int(words))
        for part, words in zip(parts, distinct.tolist(), strict=True)
        if words >= min_words
    ]


def _beside_chain(
    i_dots: I64, j_dots: I64, i_core: I64, j_core: I64, min_words: int
) -> list[tuple[I64, I64, int, bool]]:
    """The dots of an ordered cluster that lie beside its chain in both documents, as a cluster.

    One chain is in order in both documents, so where two passages sit close together in the dot
    plot but in the other order (a sentence repeated around another repeated block, "A X X A";
    passages swapped), the shorter is left out of the chain; it is aligned on its own. Dots inside the
    chain's rows or columns are its chance matches and go.
    """
    beside = ((i_dots < i_core.min()) | (i_dots > i_core.max())) & (
        (j_dots < j_core.min()) | (j_dots > j_core.max())
    )
    if np.count_nonzero(beside) < min_words:
        return []
    i_rest, j_rest = i_dots[beside], j_dots[beside]
    words = 1 + int(np.count_nonzero(np.diff(i_rest)))  # dots come ordered by i (see _groups)
    return [(i_rest, j_rest, words, True)] if words >= min_words else []


def _loose_around_copy(
    piece: SpanPair, i_tok: I64, j_tok: I64, copies: list[SpanPair], threshold: float
) -> bool:
    """Whether a block (``piece``, from dots ``i_tok``, ``j_tok``) only loosens a copy found in order.

    That is when most of its dots lie inside the copy and the words its box adds around the copy
    match below ``threshold``: topical words near a copy. A phrase-shuffled passage is the other
    way round: its ordered fragments are short and the block adds well-matched phrases.
    """
    for copy in copies:
        inside = (
            (i_tok >= copy.a.start) & (i_tok < copy.a.end) & (j_tok >= copy.b.start) & (j_tok < copy.b.end)
        )
        if 2 * int(np.count_nonzero(inside)) < i_tok.size:
            continue
        size, copy_size = max(len(piece.a), len(piece.b)), max(len(copy.a), len(copy.b))
        added_matches = piece.similarity * size - copy.similarity * copy_size
        if added_matches < threshold * (size - copy_size):
            return True
    return False


def align_pair(
    a: PreparedDoc, b: PreparedDoc, params: AlignParams, *, same: bool = False, run: Steps | None = None
) -> list[SpanPair]:
    """Aligned span pairs between two documents (``same=True``: ``a`` is ``b``, repeats inside it).

    Args:
        a: First document.
        b: Second document (the same object as ``a`` for repeats).
        params: Aligner settings.
        same: Whether ``a`` and ``b`` are one document.
        run: The steps to align with (default :func:`steps`: compiled when numba is there).

    Returns:
        Span pairs in token indices, ordered by their start in ``a``.

    >>> from reuse.prepare import prepare
    >>> x = prepare("Rain fell on the old harbour town while fishermen mended nets by the quay at dawn")
    >>> y = prepare("Breaking: rain fell on the old harbour town while fishermen mended nets, officials said")
    >>> [(p.a.start, p.a.end, p.b.start, p.b.end) for p in align_pair(x, y, AlignParams())]
    [(0, 11, 1, 12)]
    """
    ci, cj = _content_matches(a, b, params, same=same)
    run = run or steps()
    pos_a, pos_b = a.content_positions, b.content_positions
    pairs: list[SpanPair] = []
    pieces: list[SpanPair] = []
    copies: list[SpanPair] = []  # pieces found in order: copies, lightly edited or not
    queue = collections.deque(_clusters(a, b, ci, cj, params, same=same))
    while queue:
        i_dots, j_dots, words, ordered = queue.popleft()
        i_core, j_core = run.tighten(
            i_dots, j_dots, ci, cj, ordered, words, params.substitution_cost, params.indel_cost
        )
        if i_core.size == 0:
            continue
        # Between documents, reordered passages meet as blocks (merge_reordered). A chain is the
        # longest in order, so a second one beside it needs as many words again: a cluster of
        # fewer than twice the least a piece needs holds no second passage.
        if same and ordered and words >= 2 * params.min_cluster_words:
            queue.extend(_beside_chain(i_dots, j_dots, i_core, j_core, params.min_cluster_words))
        i_tok, j_tok = pos_a[i_core], pos_b[j_core]
        a_span = TokenSpan(int(i_tok.min()), int(i_tok.max()) + 1)
        b_span = TokenSpan(int(j_tok.min()), int(j_tok.max()) + 1)
        if same and b_span.start < a_span.end:
            runs = _diagonal_runs(i_tok, j_tok, params.gap)
            if len(runs) > 1:  # copies apart, chained by chance matches between them: each on its own
                distinct = [int(np.unique(i_core[r]).size) for r in runs]
                queue.extend(
                    (i_core[r], j_core[r], words, True)
                    for r, words in zip(runs, distinct, strict=True)
                    if words >= params.min_cluster_words
                )
                continue
            pairs.extend(_tandem_pairs(a, a_span, b_span, int(np.median(j_tok - i_tok)), params, run))
            continue
        # Only pieces that stand as findings on their own are merged: a chance match must not stretch a copy.
        piece = _scored(a, b, *_extend(a.hashes, b.hashes, a_span, b_span, same=same), params, run)
        if piece is None or (
            not ordered and _loose_around_copy(piece, i_tok, j_tok, copies, params.threshold)
        ):
            continue
        pieces.append(piece)
        if ordered:
            copies.append(piece)
    merged = merge_overlapping([(p.a, p.b) for p in pieces], gap=params.gap, in_order=same)
    if not same:
        merged = merge_overlapping(
            merge_reordered(merged, gap=params.gap, block_gap=params.block_gap), gap=params.gap
        )
    for a_span, b_span in merged:
        if same and b_span.start < a_span.end:  # pieces of a passage said back to back, joined
            joined = [p for p in pieces if within(p.a, a_span) and within(p.b, b_span)]
            pairs.extend(_tandem_pairs(a, a_span, b_span, _tandem_period(a.hashes, joined), params, run))
            continue
        if not same and len(apart := _around_insertions(a, b, a_span, b_span, copies, params)) > 1:
            # A long paragraph one side adds: the copy before it and the copy after it, apart.
            pairs += [p for p in (_scored(a, b, x, y, params, run) for x, y in apart) if p is not None]
            continue
        pair = _scored(a, b, a_span, b_span, params, run)
        swapped: list[SpanPair] = []
        if pair is not None and not same:
            swapped = [p for p in copies if within(p.a, a_span) and within(p.b, b_span)]
            if not _swapped_around_own_text(a, b, a_span, b_span, swapped, params):
                swapped = []
        if pair is not None and not swapped:
            pairs.append(pair)
            continue
        # The union of the pieces is too loose to be one copy, or is copies in another order around
        # each side's own text: keep the pieces (in the second case, those within one copy or none;
        # a passage each side says many times is one copy, whichever of the other's it met).
        swapped = best_counterparts(
            swapped, copy_words=params.long_words, copy_similarity=params.copy_similarity
        )
        pairs += [
            p
            for p in pieces
            if within(p.a, a_span) and within(p.b, b_span) and sum(meets(p.a, c.a) for c in swapped) < 2
        ]
    pairs = [p for p in (_at_sentence_ends(a, b, p, params, run) for p in pairs) if p is not None]
    if not same:
        pairs = best_counterparts(pairs, copy_words=params.long_words, copy_similarity=params.copy_similarity)
    pairs.sort(key=lambda p: (p.a.start, p.b.start))
    return pairs


def _at_sentence_ends(
    a: PreparedDoc, b: PreparedDoc, pair: SpanPair, params: AlignParams, run: Steps
) -> SpanPair | None:
    """The pair without chance words across a sentence end at its edges (:mod:`reuse.edges`), scored again."""
    a_span, b_span = trim_edges(a, b, pair.a, pair.b)
    if (a_span, b_span) == (pair.a, pair.b):
        return pair
    return _scored(a, b, a_span, b_span, params, run)
