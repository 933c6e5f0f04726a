"""Seed-and-extend alignment of two documents (or one against itself) to word-exact spans.

Seeds are matches of content words: every pair of positions ``(i, j)`` where token ``i`` of A and
token ``j`` of B are the same normalised word. Plotted as dots, copied text is a dense diagonal,
lightly edited text a diagonal with small breaks, and shuffled text a dense square; chance matches
are scattered. So:

1. keep dots with at least ``min_neighbours`` other dots within ``gap`` content words in both
   documents (density, not order: this is what lets shuffled passages through);
2. link dense dots closer than ``gap`` in both documents into clusters (single linkage on a grid);
3. each cluster's extent in A and in B is a candidate span pair, tightened to its first and last
   matched word, then extended word by word while both sides keep agreeing exactly (this recovers
   the stop words at the edges of verbatim copies, including a document's very first word);
4. keep span pairs of at least ``min_words`` words whose :func:`similarity` reaches ``threshold``.

The aligner is exact for verbatim and lightly edited copies (every reused word lies inside the span
and the edges are word-exact), and heuristic for shuffled text: edges there are the outermost
*content* words that match, so a stop word at the very edge of a shuffled passage is left out.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reuse.prepare import PreparedDoc

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]


MIN_CLUSTER_WORDS = 3
"""Clusters matching fewer distinct content words than this are never a finding's seed."""


@dataclass(frozen=True)
class AlignParams:
    """Knobs of the aligner (all counts are in words).

    A finding needs ``min_words`` words and a :func:`similarity` of ``threshold``; one of at least
    ``long_words`` words needs only ``long_threshold`` (chance does not share half of 40 words in
    place, and rewritten passages, synonyms swapped, score 0.5-0.65).
    """

    min_words: int = 8
    threshold: float = 0.65
    long_words: int = 40
    long_threshold: float = 0.5
    gap: int = 6
    min_neighbours: int = 3
    max_word_pairs: int = 400
    block_gap: int = 32
    block_neighbours: int = 8
    wide_gap: int = 128
    wide_neighbours: int = 12
    rare_count: int = 2


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


def word_matches(a: U64, b: U64, *, max_word_pairs: int) -> tuple[I64, I64]:
    """All ``(i, j)`` with ``a[i] == b[j]``, skipping words that would pair more than ``max_word_pairs``.

    >>> i, j = word_matches(np.array([5, 6, 5], dtype=np.uint64), np.array([5, 7], dtype=np.uint64),
    ...                     max_word_pairs=10)
    >>> i.tolist(), j.tolist()
    ([0, 2], [0, 0])
    """
    order_b = np.argsort(b, kind="stable")
    sorted_b = b[order_b]
    lo = np.searchsorted(sorted_b, a, side="left")
    counts_b = np.searchsorted(sorted_b, a, side="right") - lo
    _, inverse, counts_a = np.unique(a, return_inverse=True, return_counts=True)
    counts = np.where(counts_a[inverse] * counts_b <= max_word_pairs, counts_b, 0)
    i = np.repeat(np.arange(a.size, dtype=np.int64), counts)
    # Position of each expanded match within its word's run in sorted b.
    run_start = np.cumsum(counts) - counts
    within = np.arange(i.size, dtype=np.int64) - np.repeat(run_start, counts)
    j = order_b[np.repeat(lo, counts) + within].astype(np.int64)
    return i, j


def _cell_keys(i: I64, j: I64, size: int) -> I64:
    return (i // size) * np.int64(1 << 31) + (j // size)


def connected_components(n: int, src: I64, dst: I64) -> I64:
    """Component of each of ``n`` nodes given undirected edges, as its smallest member's index.

    Hook every edge's larger root onto its smaller one, then jump pointers until each node points at
    its root; repeat until no edge joins two roots. A few vectorised rounds, no Python loop per edge.

    >>> connected_components(5, np.array([0, 3]), np.array([1, 4])).tolist()
    [0, 0, 2, 3, 3]
    """
    parent = np.arange(n, dtype=np.int64)
    while True:
        root_src, root_dst = parent[src], parent[dst]
        differ = root_src != root_dst
        if not differ.any():
            return parent
        low = np.minimum(root_src, root_dst)[differ]
        high = np.maximum(root_src, root_dst)[differ]
        np.minimum.at(parent, high, low)
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def dense_clusters(i: I64, j: I64, *, gap: int, min_neighbours: int) -> I64:
    """Cluster label of every dot, or ``-1`` for dots in sparse regions.

    Dots fall into a grid of ``gap``-sized cells; a dot is dense when its cell and the eight around it
    hold more than ``min_neighbours`` dots, and dense cells that touch form one cluster.

    >>> i = np.array([0, 1, 2, 3, 50, 90], dtype=np.int64)
    >>> dense_clusters(i, i + 100, gap=4, min_neighbours=2).tolist()
    [0, 0, 0, 0, -1, -1]
    """
    labels = np.full(i.size, -1, dtype=np.int64)
    if i.size == 0:
        return labels
    keys = _cell_keys(i, j, gap)
    cells, cell_of_dot, cell_counts = np.unique(keys, return_inverse=True, return_counts=True)
    neighbourhood = np.zeros(cells.size, dtype=np.int64)
    offsets = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
    neighbour_index = []
    for di, dj in offsets:
        target = cells + di * np.int64(1 << 31) + dj
        pos = np.clip(np.searchsorted(cells, target), 0, cells.size - 1)
        found = cells[pos] == target
        neighbourhood += np.where(found, cell_counts[pos], 0)
        neighbour_index.append(np.where(found, pos, -1))
    dense_cell = neighbourhood > min_neighbours
    if not dense_cell.any():
        return labels
    # Link dense cells to their dense neighbours; connected components are the clusters.
    src = np.concatenate([np.arange(cells.size)[(n >= 0)] for n in neighbour_index])
    dst = np.concatenate([n[n >= 0] for n in neighbour_index])
    keep = dense_cell[src] & dense_cell[dst]
    component = connected_components(cells.size, src[keep], dst[keep])
    dense_dot = dense_cell[cell_of_dot]
    labels[dense_dot] = component[cell_of_dot[dense_dot]]
    # Renumber in order of first appearance so labels do not depend on cell numbering.
    _, first, compact = np.unique(labels[dense_dot], return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    labels[dense_dot] = rank[compact]
    return labels


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


def tighten(i: I64, j: I64, all_i: I64, all_j: I64, *, ordered: bool = True) -> tuple[I64, I64]:
    """Keep the dots that make up the copy: its ordered chain if it has one, else its dense core.

    The dense core is the cluster's box trimmed, side by side, to the run of positions that are
    mostly matched, where a position counts as matched when *any* word match (``all_i``, ``all_j``)
    lands inside the box. ``ordered=False`` goes straight to the dense core: a block of reordered
    phrases has long ordered runs, but the copy is the whole block.

    >>> i, j = np.array([0, 5, 6, 7, 8, 9]), np.array([90, 10, 11, 12, 13, 14])
    >>> tighten(i, j, i, j)[0].tolist()
    [5, 6, 7, 8, 9]
    """
    if ordered:
        chain = increasing_chain(i, j)
        if chain.size * 2 >= np.unique(i).size:
            return i[chain], j[chain]
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


def _extend(a: U64, b: U64, a_span: TokenSpan, b_span: TokenSpan) -> tuple[TokenSpan, TokenSpan]:
    """Grow both spans outwards, word by word, while the words on both sides are equal."""
    a0, b0, a1, b1 = a_span.start, b_span.start, a_span.end, b_span.end
    while a0 > 0 and b0 > 0 and a[a0 - 1] == b[b0 - 1] and a0 - 1 != b1 - 1:
        a0, b0 = a0 - 1, b0 - 1
    while a1 < a.size and b1 < b.size and a[a1] == b[b1] and a1 != b0:
        a1, b1 = a1 + 1, b1 + 1
    return TokenSpan(a0, a1), TokenSpan(b0, b1)


def _content_matches(a: PreparedDoc, b: PreparedDoc, params: AlignParams, *, same: bool) -> tuple[I64, I64]:
    """Dots as *token* indices, found among content words only."""
    pos_a = np.flatnonzero(a.content)
    pos_b = np.flatnonzero(b.content)
    ci, cj = word_matches(a.hashes[pos_a], b.hashes[pos_b], max_word_pairs=params.max_word_pairs)
    if same:
        # One document against itself: keep one triangle, away from the trivial diagonal.
        keep = cj > ci
        ci, cj = ci[keep], cj[keep]
    return ci, cj


def _near(x: TokenSpan, y: TokenSpan, gap: int) -> bool:
    return x.start <= y.end + gap and y.start <= x.end + gap


def merge_overlapping(
    spans: list[tuple[TokenSpan, TokenSpan]], *, gap: int
) -> list[tuple[TokenSpan, TokenSpan]]:
    """Merge span pairs that overlap or nearly touch in *both* documents into one.

    Pieces of one copy found by separate clusters become one finding (granularity 1), while two
    copies that are neighbours in one document but far apart in the other stay apart.

    >>> s = [(TokenSpan(0, 10), TokenSpan(50, 60)), (TokenSpan(8, 20), TokenSpan(58, 70)),
    ...      (TokenSpan(21, 30), TokenSpan(0, 9))]
    >>> [(x.start, x.end, y.start, y.end) for x, y in merge_overlapping(s, gap=2)]
    [(0, 20, 50, 70), (21, 30, 0, 9)]
    """
    merged = sorted(spans, key=lambda p: (p[0].start, p[1].start))
    changed = True
    while changed:
        changed = False
        out: list[tuple[TokenSpan, TokenSpan]] = []
        for a_span, b_span in merged:
            for k, (x, y) in enumerate(out):
                if _near(a_span, x, gap) and _near(b_span, y, gap):
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


def _covered(spans: list[TokenSpan]) -> int:
    """Tokens covered by the union of ``spans``."""
    covered, reach = 0, -1
    for span in sorted(spans, key=lambda s: s.start):
        covered += max(0, span.end - max(span.start, reach))
        reach = max(reach, span.end)
    return covered


def _one_region(run: list[tuple[TokenSpan, TokenSpan]], gap: int) -> bool:
    """Whether a run's B pieces fill at least half of their extent, itself at most 1.5x the A extent."""
    b_pieces = [b for _, b in run]
    b_extent = max(b.end for b in b_pieces) - min(b.start for b in b_pieces)
    a_extent = max(a.end for a, _ in run) - min(a.start for a, _ in run)
    return b_extent <= 1.5 * a_extent + gap and 2 * _covered(b_pieces) >= b_extent


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
    A run of such pieces is one copy when its B pieces fill at least half of their extent and that
    extent is at most 1.5 times the run's extent in A; two copies of far-apart places fail that.
    A whole run (pieces at most ``block_gap`` apart in A) is tried first, since pieces of a large
    block only fill their region together; failing that, pieces at most ``gap`` apart are joined
    one by one while the run stays one region.

    >>> pieces = [(TokenSpan(0, 10), TokenSpan(120, 130)), (TokenSpan(11, 20), TokenSpan(100, 109)),
    ...           (TokenSpan(21, 30), TokenSpan(110, 119)), (TokenSpan(31, 40), TokenSpan(500, 509))]
    >>> [(a.start, a.end, b.start, b.end) for a, b in merge_reordered(pieces, gap=2, block_gap=2)]
    [(0, 30, 100, 130), (31, 40, 500, 509)]
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
        if len(whole) > 1 and _one_region(whole, gap):
            out.append(_joined(whole))
            continue
        run: list[tuple[TokenSpan, TokenSpan]] = []
        for pair in whole:
            if run and pair[0].start <= max(a.end for a, _ in run) + gap and _one_region([*run, pair], gap):
                run.append(pair)
                continue
            if run:
                out.append(_joined(run))
            run = [pair]
        if run:
            out.append(_joined(run))
    return out


def _within(inner: TokenSpan, outer: TokenSpan) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlap(x: TokenSpan, y: TokenSpan) -> int:
    return max(0, min(x.end, y.end) - max(x.start, y.start))


def best_counterparts(pairs: list[SpanPair]) -> list[SpanPair]:
    """Keep, for each passage, only its best counterpart in the other document.

    When one document holds a passage several times (a template, a quote repeated) a copy of it
    matches every instance; the strongest match (words × similarity) is the copy, the others are
    echoes. A pair is dropped when more than half of either of its spans is already explained.

    >>> strong = SpanPair(TokenSpan(0, 40), TokenSpan(100, 140), 1.0)
    >>> echo = SpanPair(TokenSpan(5, 40), TokenSpan(300, 335), 0.8)
    >>> elsewhere = SpanPair(TokenSpan(60, 80), TokenSpan(300, 320), 0.9)
    >>> best_counterparts([echo, elsewhere, strong]) == [strong, elsewhere]
    True
    """
    kept: list[SpanPair] = []
    for pair in sorted(pairs, key=lambda p: (-len(p.a) * p.similarity, p.a.start, p.b.start)):
        if all(
            2 * _overlap(pair.a, k.a) <= len(pair.a) and 2 * _overlap(pair.b, k.b) <= len(pair.b)
            for k in kept
        ):
            kept.append(pair)
    return sorted(kept, key=lambda p: (p.a.start, p.b.start))


def _scored(
    a: PreparedDoc, b: PreparedDoc, a_span: TokenSpan, b_span: TokenSpan, params: AlignParams
) -> SpanPair | None:
    if min(len(a_span), len(b_span)) < params.min_words:
        return None
    score = similarity(a.hashes[a_span.start : a_span.end], b.hashes[b_span.start : b_span.end])
    words = min(len(a_span), len(b_span))
    needed = min(params.threshold, params.long_threshold) if words >= params.long_words else params.threshold
    return SpanPair(a_span, b_span, round(score, 4)) if score >= needed else None


def _tandem_pairs(
    doc: PreparedDoc, a_span: TokenSpan, b_span: TokenSpan, period: int, params: AlignParams
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
    bounds = [start + k * period for k in range(copies)] + [end]
    spans = [TokenSpan(lo, hi) for lo, hi in itertools.pairwise(bounds)]
    pairs = [_scored(doc, doc, x, y, params) for x, y in itertools.pairwise(spans)]
    return [p for p in pairs if p is not None]


def _rare(hashes: U64, rare_count: int) -> npt.NDArray[np.bool_]:
    """Which entries hold a word that occurs at most ``rare_count`` times in ``hashes``."""
    _, inverse, counts = np.unique(hashes, return_inverse=True, return_counts=True)
    return np.asarray(counts[inverse] <= rare_count)


def _clusters(
    a: PreparedDoc, b: PreparedDoc, ci: I64, cj: I64, params: AlignParams, *, same: bool
) -> list[tuple[I64, I64, bool]]:
    """Dot clusters at three scales: local (copies, short shuffles), block and wide (long shuffles).

    A passage of L words shuffled as a whole puts one match per row somewhere in L columns, too
    thin for the local grid once L passes a few dozen words. Matches of words that are rare in both
    documents are thin everywhere else too, so on a coarse grid a shuffled block stands out.
    """
    labels = dense_clusters(ci, cj, gap=params.gap, min_neighbours=params.min_neighbours)
    found = [(i, j, True) for i, j in _groups(ci, cj, labels)]
    if not same:
        rare_a = _rare(a.hashes[a.content], params.rare_count)[ci]
        rare_b = _rare(b.hashes[b.content], params.rare_count)[cj]
        ri, rj = ci[rare_a & rare_b], cj[rare_a & rare_b]
        for gap, neighbours in (
            (params.block_gap, params.block_neighbours),
            (params.wide_gap, params.wide_neighbours),
        ):
            labels = dense_clusters(ri, rj, gap=gap, min_neighbours=neighbours)
            found += [(i, j, False) for i, j in _groups(ri, rj, labels)]
    return found


def _groups(i: I64, j: I64, labels: I64) -> list[tuple[I64, I64]]:
    """The dots of each cluster (label >= 0), in label order, with one sort."""
    order = np.argsort(labels, kind="stable")
    order = order[labels[order] >= 0]
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return [(i[part], j[part]) for part in np.split(order, bounds) if part.size]


def align_pair(a: PreparedDoc, b: PreparedDoc, params: AlignParams, *, same: bool = False) -> list[SpanPair]:
    """Aligned span pairs between two documents (``same=True``: ``a`` is ``b``, repeats inside it).

    Args:
        a: First document.
        b: Second document (the same object as ``a`` for repeats).
        params: Aligner settings.
        same: Whether ``a`` and ``b`` are one document.

    Returns:
        Span pairs in token indices, ordered by their start in ``a``.

    >>> from reuse.prepare import prepare
    >>> x = prepare("Rain fell on the old harbour town while fishermen mended nets by the quay at dawn")
    >>> y = prepare("Breaking: rain fell on the old harbour town while fishermen mended nets, officials said")
    >>> [(p.a.start, p.a.end, p.b.start, p.b.end) for p in align_pair(x, y, AlignParams())]
    [(0, 11, 1, 12)]
    """
    ci, cj = _content_matches(a, b, params, same=same)
    pos_a, pos_b = np.flatnonzero(a.content), np.flatnonzero(b.content)
    pairs: list[SpanPair] = []
    spans: list[tuple[TokenSpan, TokenSpan]] = []
    for i_dots, j_dots, ordered in _clusters(a, b, ci, cj, params, same=same):
        if np.unique(i_dots).size < MIN_CLUSTER_WORDS:
            continue  # a couple of shared words is chance, whatever their neighbours
        i_core, j_core = tighten(i_dots, j_dots, ci, cj, ordered=ordered)
        if i_core.size == 0:
            continue
        i_tok, j_tok = pos_a[i_core], pos_b[j_core]
        a_span = TokenSpan(int(i_tok.min()), int(i_tok.max()) + 1)
        b_span = TokenSpan(int(j_tok.min()), int(j_tok.max()) + 1)
        if same and b_span.start < a_span.end:
            pairs.extend(_tandem_pairs(a, a_span, b_span, int(np.median(j_tok - i_tok)), params))
            continue
        spans.append(_extend(a.hashes, b.hashes, a_span, b_span))
    # Only pieces that stand as findings on their own are merged: a chance match must not stretch a copy.
    pieces = [p for p in (_scored(a, b, x, y, params) for x, y in spans) if p is not None]
    merged = merge_overlapping([(p.a, p.b) for p in pieces], gap=params.gap)
    if not same:
        merged = merge_overlapping(
            merge_reordered(merged, gap=params.gap, block_gap=params.block_gap), gap=params.gap
        )
    for a_span, b_span in merged:
        pair = _scored(a, b, a_span, b_span, params)
        if pair is not None:
            pairs.append(pair)
            continue
        # The union of the pieces is too loose to be one copy: keep the pieces it was made from.
        pairs += [p for p in pieces if _within(p.a, a_span) and _within(p.b, b_span)]
    if not same:
        pairs = best_counterparts(pairs)
    pairs.sort(key=lambda p: (p.a.start, p.b.start))
    return pairs
