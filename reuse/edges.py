"""A span's edges at sentence ends: a span does not run a chance word or two across one.

The aligner grows a copy word by word while both sides agree, and its chain keeps a match a word
or two away from the copy. So a copied paragraph could start with the end of the sentence before
it where both documents end that sentence with the same word ("… promised months ago. The
National …" and "… in the coming months. The National …"), take in a clause of it ("in Tripoli,
traders at the market said." against "in Tripoli remained high."), or end with the first word of
the next paragraph when both happen to start alike ("… affected.\\n\\nIn"). A span reads as a
sentence's copy, and its word count and coverage count only what was copied.

At each edge, the words up to the nearest sentence end inside the span (the *fragment*, on either
side) are dropped from both spans when fewer than :data:`MIN_FRAGMENT_CONTENT` of its content words
are matched and it is not plainly the same words on both sides of a sentence end within a line: the
words differ, or none of them is a content word, or a line break ends them. A copy that starts at "Mr.
Smith said" keeps "Mr."; one that ends "… said. The" loses "The". Words shared in mid-sentence stay
("… of National Unity on the" where the two sentences go on differently): they are the same words in
both, and a verbatim copy's edges are exact (``tests/property/test_exact_edges.py``).
"""

from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from reuse.prepare import LINE_BREAK, PreparedDoc
from reuse.spans import TokenSpan

MIN_FRAGMENT_CONTENT = 2
"""Matched content words that keep a fragment: two in order are a copied clause, one is chance."""

MIN_RUN = 3
"""Words matched in a row from where a trimmed span starts: the copy itself, not a chance match."""

MIN_COPY_RUN = 8
"""Words matched in a row from a paragraph start that faces the other side's edge: the copy in order,
so the words before that paragraph on this side are chance."""

WINDOW = 24
"""Words looked at inward from each edge: a fragment is at most this long."""


def trim_edges(
    a: PreparedDoc, b: PreparedDoc, a_span: TokenSpan, b_span: TokenSpan
) -> tuple[TokenSpan, TokenSpan]:
    """The span pair without chance fragments across sentence ends at its edges (the module's rule).

    >>> from reuse.prepare import prepare
    >>> a = prepare("They wait for support promised months ago. The National Oil Corporation said")
    >>> b = prepare("Researchers will study it in the coming months. The National Oil Corporation said")
    >>> trim_edges(a, b, TokenSpan(5, 12), TokenSpan(7, 13))  # from "months" on both sides
    (TokenSpan(start=7, end=12), TokenSpan(start=8, end=13))
    """
    a0, a1, b0, b1 = a_span.start, a_span.end, b_span.start, b_span.end
    spans = (a.hashes[a0:a1], b.hashes[b0:b1])
    cut = _fragment(_inward(a, a0, a1, 1), _inward(b, b0, b1, 1), spans)
    a0, b0 = a0 + cut[0], b0 + cut[1]
    backwards = (spans[0][::-1], spans[1][::-1])  # read inward from the end, as the sides are
    cut = _fragment(_inward(a, a1 - 1, a0 - 1, -1), _inward(b, b1 - 1, b0 - 1, -1), backwards)
    a1, b1 = a1 - cut[0], b1 - cut[1]
    return TokenSpan(a0, max(a0, a1)), TokenSpan(b0, max(b0, b1))


U64 = npt.NDArray[np.uint64]
_Side = tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_], npt.NDArray[np.int8]]


def _inward(doc: PreparedDoc, edge: int, stop: int, step: int) -> _Side:
    """Up to :data:`WINDOW` words from ``edge`` towards ``stop``: hashes, content, and the break after each.

    Going backwards (``step=-1``) the break "after" word ``k`` is the one before it in the text.
    """
    if step == 1:
        end = min(edge + WINDOW, stop)
        return doc.hashes[edge:end], doc.content[edge:end], doc.breaks[edge:end]
    start = max(edge - WINDOW, stop)
    index = np.arange(edge, start, -1)
    before = np.where(index > 0, doc.breaks[np.maximum(index - 1, 0)], 0).astype(np.int8)
    return doc.hashes[index], doc.content[index], before


def _fragment(x: _Side, y: _Side, spans: tuple[U64, U64]) -> tuple[int, int]:
    """Words to drop from each side's edge (0, 0 when the edge stands); ``spans``: both spans' words."""
    xh, xb, yh, yb = x[0], x[2], y[0], y[2]
    if xh.size < 2 or yh.size < 2:
        return 0, 0
    for side, breaks in ((0, xb), (1, yb)):
        ends = np.flatnonzero(breaks[:-1])
        if ends.size:
            cut = _cut(x, y, side, int(ends[0]) + 1, spans[1 - side])
            if cut != (0, 0):
                return cut
    return 0, 0


def _cut(x: _Side, y: _Side, side: int, cut: int, other: U64) -> tuple[int, int]:
    """Words to drop from each side when one side's first sentence end inside the span is ``cut`` words in."""
    (xh, xc, xb), (yh, _, yb) = x, y
    if cut < min(xh.size, yh.size) and np.array_equal(xh[:cut], yh[:cut]):
        # The same words on both sides. A sentence end on one side only is the copy laid out anew
        # (a paragraph split); on both ("… affected.\n\nIn" twice), chance unless words say otherwise.
        if not (xb[cut - 1] and yb[cut - 1]) or int(xc[:cut].sum()) >= MIN_FRAGMENT_CONTENT:
            return 0, 0
        if xc[:cut].any() and max(int(xb[cut - 1]), int(yb[cut - 1])) < LINE_BREAK:
            return 0, 0  # "Mr. Smith": a content word, the same on both sides, within a line
        return cut, cut
    blocks = SequenceMatcher(None, xh.tolist(), yh.tolist(), autojunk=False).get_matching_blocks()
    matched = [(i + k, j + k, n - k) for i, j, n in blocks for k in range(n)]  # and the run from there
    # The edges face each other, or a paragraph of this side starts where the other side's edge is
    # and the copy runs on in order from there: the words before that paragraph matched nothing in
    # place ("… change the region's future.\n\nLISBON …" against "LISBON …", chance words a block
    # pulled in). Otherwise a shuffled block's edges, not a copy's with a chance word.
    if not matched:
        return 0, 0
    first, run = matched[0][:2], matched[0][2]
    paragraph = (xb if side == 0 else yb)[cut - 1] >= LINE_BREAK
    facing_paragraph = paragraph and first == ((cut, 0) if side == 0 else (0, cut)) and run >= MIN_COPY_RUN
    if facing_paragraph:  # and not a paragraph moved within the copy: its words in order in the other span
        fragment = (xh if side == 0 else yh)[:cut].tolist()
        found = SequenceMatcher(None, fragment, other.tolist(), autojunk=False).find_longest_match()
        facing_paragraph = found.size < min(cut, MIN_COPY_RUN)
    if first != (0, 0) and not facing_paragraph:
        return 0, 0
    before = [m for m in matched if m[side] < cut]
    after = [m for m in matched if m[side] >= cut]
    if sum(bool(xc[i]) for i, _, _ in before) >= MIN_FRAGMENT_CONTENT or not after:
        return 0, 0
    i, j, _ = after[0]
    # The copy must go on from the sentence end (at most one word of the other side's own between),
    # MIN_RUN of the MIN_RUN + 1 words from there matched (a word changed in the copy's first words
    # is still the copy): a match further in, or a short run, is chance too (as are edges that do
    # not face each other, above: shuffled phrases, blocks copied in swapped order).
    within = sum(1 for m in after if m[side] < after[0][side] + MIN_RUN + 1)
    if after[0][side] - cut > 1 or within < MIN_RUN:
        return 0, 0
    return i, j
