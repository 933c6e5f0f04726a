"""Places a shared passage reached inside longer copies, which no aligned pair names on its own.

An agency story of two paragraphs, P1 and P2: ten papers carry both, five only P1, five only P2.
The ten full papers are aligned with each other as one span over both paragraphs, and a P2-only
paper with whichever full papers the candidate stage paired it with. A span of P2 is no one passage
with a span of P1 + P2 (it is under half of it), so the cluster of P2 held the P2-only papers, the
agency and the two or three full papers aligned with them: "how many papers ran this paragraph?"
got 8 for 16.

So a passage is carried through every link whose span in one of its documents holds it: the
passage's words are found in the link's other span (the words matched in order,
:class:`difflib.SequenceMatcher`) and that stretch is a place of the passage too, joined to the
place it came from by a link whose spans are the two stretches. Carried places carry on in turn,
until every document that received the passage through some copy is in. A link holds a passage when
at least :data:`HELD` of the passage lies inside its span, and that span is not one passage with it
(that link is the passage's own); a stretch counts when at least :data:`MATCHED` of the passage's
words are matched in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np

from reuse.prepare import PreparedDoc
from reuse.spans import SpanPair, TokenSpan, overlap

if TYPE_CHECKING:
    from reuse.findings import Link, OccurrenceGraph

HELD = 0.9
"""Share of a passage inside a link's span for the link to carry it."""

MATCHED = 0.8
"""Share of a passage's words found, in order, in the link's other span for a place there."""


def with_carried(
    graph: OccurrenceGraph, links: Sequence[Link], prepared: Sequence[PreparedDoc]
) -> tuple[OccurrenceGraph, list[Link]]:
    """The graph and links with every component's carried places and the links that carry them.

    Each carried place is a new occurrence in its component; each carrying link joins it to the
    place it came from, with the two stretches as spans and their word similarity. The graph's
    first occurrences and links are unchanged, in order.
    """
    from reuse.align import similarity
    from reuse.findings import Link, OccurrenceGraph, one_passage

    by_doc: dict[int, list[tuple[TokenSpan, int, TokenSpan]]] = {}  # a document's span, the other's
    for link in links:
        if link.x != link.y:
            by_doc.setdefault(link.x, []).append((link.pair.a, link.y, link.pair.b))
            by_doc.setdefault(link.y, []).append((link.pair.b, link.x, link.pair.a))
    doc, span, component = list(graph.doc), list(graph.span), list(graph.component)
    edges, extra = list(graph.edges), list(links)
    members: dict[int, list[int]] = {}
    for n, label in enumerate(graph.component):
        members.setdefault(label, []).append(n)
    for label in sorted(members):
        held = {doc[n] for n in members[label]}
        queue = deque(members[label])
        while queue:
            n = queue.popleft()
            d, passage = doc[n], span[n]
            for inner, e, outer in by_doc.get(d, ()):
                inside = overlap(passage.start, passage.end, inner.start, inner.end)
                if e in held or inside < HELD * len(passage) or one_passage(passage, inner):
                    continue
                found = _stretch(prepared[d], passage, prepared[e], _facing(passage, inner, outer))
                if found is None:
                    continue
                score = similarity(
                    prepared[d].hashes[passage.start : passage.end],
                    prepared[e].hashes[found.start : found.end],
                )
                doc.append(e)
                span.append(found)
                component.append(label)
                edges.append((n, len(span) - 1))
                extra.append(Link(d, e, SpanPair(passage, found, round(score, 4)), carried=True))
                held.add(e)
                queue.append(len(span) - 1)
    return OccurrenceGraph(doc, span, edges, component), extra


def _facing(passage: TokenSpan, inner: TokenSpan, outer: TokenSpan) -> TokenSpan:
    """The stretch of ``outer`` where ``passage`` (inside ``inner``) should lie, with room around it.

    The two spans of a link are one copy, lightly edited: the passage sits at about the same share
    of the way through each. Looking there (a passage's length of room on each side, 20 words at
    least) rather than through the whole copy keeps the matcher's work to the passage's size: a
    copy of a whole article is thousands of words.

    >>> _facing(TokenSpan(110, 130), TokenSpan(100, 300), TokenSpan(0, 400))
    TokenSpan(start=0, end=80)
    """
    scale = len(outer) / max(len(inner), 1)
    room = max(len(passage), 20)
    start = outer.start + int((passage.start - inner.start) * scale) - room
    end = outer.start + int((passage.end - inner.start) * scale) + room
    return TokenSpan(max(outer.start, start), min(outer.end, end))


def _stretch(a: PreparedDoc, passage: TokenSpan, b: PreparedDoc, outer: TokenSpan) -> TokenSpan | None:
    """Where ``passage`` of ``a`` lies in ``outer`` of ``b``: its words matched in order, first to last.

    >>> from reuse.prepare import prepare
    >>> a = prepare("the port of Zawiya was not affected by the strike")
    >>> b = prepare("Officials said the port of Zawiya was barely affected by the strike on Monday")
    >>> _stretch(a, TokenSpan(1, 10), b, TokenSpan(0, 14))  # "port … strike" in b
    TokenSpan(start=3, end=12)
    """
    words, other = a.hashes[passage.start : passage.end], b.hashes[outer.start : outer.end]
    if np.count_nonzero(np.isin(words, other)) < MATCHED * words.size:
        return None  # too few of its words there at all, in any order: no need to match them in order
    blocks = SequenceMatcher(None, words.tolist(), other.tolist(), autojunk=False).get_matching_blocks()
    found = [(j, n) for _, j, n in blocks if n]
    if sum(n for _, n in found) < MATCHED * words.size:
        return None
    first, last = found[0][0], found[-1][0] + found[-1][1]
    return TokenSpan(outer.start + first, outer.start + last)
