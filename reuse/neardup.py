"""Near-duplicate documents: one definition, computed from the aligner's spans, for every driver.

Two documents are *near-duplicates* when at least ``min_containment`` (default
:class:`~reuse.models.NearDuplicateParams`, 0.8) of the shorter one's words lie inside spans the aligner
matched with the other (:func:`overlap`). A new lede, a credit line, a cut ending or a few changed
words leave that share high; two articles sharing a paragraph or a topic do not reach it. A *group*
is one story's versions (:func:`groups`), and the smaller texts they hold whole.

``reuse scan`` applies the definition to every document pair it aligns, ``reuse dedup``
(:mod:`reuse.dedup`) to the pairs its document-level sketches propose; both call
:func:`reuse.align.align_pair` and then :func:`overlap`, so a pair is a near-duplicate in one exactly
when it is in the other. :func:`differences` says what differs between two versions, for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from reuse.align import increasing_chain
from reuse.dots import find_root, join
from reuse.models import Difference, NearDuplicateGroup, NearDuplicateParams, Occurrence, Overlap, VersionPair
from reuse.prepare import PreparedDoc
from reuse.spans import SpanPair, TokenSpan

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]


def covered_words(spans: Sequence[TokenSpan]) -> int:
    """Words inside the union of ``spans`` (each word once, however many spans hold it).

    >>> covered_words([TokenSpan(0, 10), TokenSpan(5, 12), TokenSpan(20, 23)])
    15
    """
    covered, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        start = max(span.start, reach)
        if span.end > start:
            covered += span.end - start
            reach = span.end
    return covered


def overlap(a_words: int, b_words: int, pairs: Sequence[SpanPair]) -> Overlap:
    """Both documents' aligned words, from the span pairs :func:`reuse.align.align_pair` returned.

    Args:
        a_words: Words (tokens) of the first document.
        b_words: Words of the second.
        pairs: The aligned span pairs between them, in token indices.

    Returns:
        The counts behind both containments and the Jaccard similarity.

    >>> pairs = [SpanPair(TokenSpan(10, 60), TokenSpan(0, 50), 1.0),
    ...          SpanPair(TokenSpan(60, 90), TokenSpan(52, 80), 0.9)]
    >>> o = overlap(100, 80, pairs)
    >>> o.a_aligned, o.b_aligned, o.a_in_b, round(o.b_in_a, 3), o.near_duplicate()
    (80, 78, 0.8, 0.975, True)
    """
    return Overlap(a_words, b_words, covered_words([p.a for p in pairs]), covered_words([p.b for p in pairs]))


ROUNDUP_STORIES = 3
"""A document holding smaller parts of this many different stories or more is a roundup, not their version.

Like :data:`~reuse.models.VERSION_SHARE`, part of the definition of a group (:func:`groups`), not a
setting: two stories are a story with a quoted statement or a cut version; three are a digest.
"""


def groups(
    pairs: Sequence[tuple[int, int, Overlap]], min_containment: float, roundup_stories: int = ROUNDUP_STORIES
) -> list[list[int]]:
    """Groups of at least two documents, given their near-duplicate pairs: each group one story's versions.

    Versions (:meth:`~reuse.models.Overlap.versions`: near-duplicates, the shorter at least half
    the longer: re-filed, or cut to half) are one group, through any chain of them. A document held
    by longer ones of which it is a smaller part (a story cut to a fifth, a statement an article
    quotes whole), with its own versions, joins the group of the documents holding it; where those
    are in several groups, the group of the one holding most of it. So a statement that two
    different stories quote never makes them one group, as joining every near-duplicate pair did.
    Groups are taken longest first, so a cut version of a cut version finds its story's group.
    Members are in index order and groups in the order of their first member; the result depends
    only on the set of pairs.

    A roundup is no holder: versions that between them hold smaller parts of ``roundup_stories``
    (:data:`ROUNDUP_STORIES`, 3) or more different stories (documents of as many different sets of
    versions, versions of each other counting once) are a digest of short briefs, not a version of
    each. Those parts stay out of its group (a roundup may still have versions of its own, another
    roundup of the same briefs among them); a text it holds that a story's versions hold too (the
    story's cut version) joins that story. Two stories held keep the rule above: a story with its cut
    to a fifth and a statement it quotes holds both. A story holding three unrelated smaller
    documents (its cut to a fifth and two statements it quotes whole) counts as a roundup too: the
    counts alone cannot tell it from one.

    >>> story, refiled, cut = Overlap(300, 290, 285, 285), Overlap(300, 60, 60, 60), Overlap(290, 60, 60, 60)
    >>> groups([(4, 1, story), (4, 0, cut), (1, 0, refiled)], 0.8)
    [[0, 1, 4]]
    >>> quoted_by_a, quoted_by_b = Overlap(50, 350, 50, 50), Overlap(50, 170, 50, 48)
    >>> groups([(0, 1, quoted_by_a), (0, 2, quoted_by_b)], 0.8)  # 0 is inside 1 and 2, which differ
    [[0, 1]]
    >>> brief = Overlap(60, 200, 60, 60)  # 60 words inside a 200-word roundup of three briefs
    >>> groups([(0, 3, brief), (1, 3, brief), (2, 3, brief)], 0.8)  # three briefs: a roundup
    []
    >>> groups([(0, 3, brief), (1, 3, brief)], 0.8)  # two: the document holding them is their story
    [[0, 1, 3]]
    """
    parent = list(range(1 + max((max(x, y) for x, y, _ in pairs), default=-1)))
    words: dict[int, int] = {}
    held: list[tuple[int, int, float]] = []  # (the shorter, the document holding it, its share held)
    for x, y, both in pairs:
        words[x], words[y] = both.a_words, both.b_words
        if both.versions(min_containment):
            join(parent, x, y)
        elif both.a_is_shorter:
            held.append((x, y, both.containment))
        else:
            held.append((y, x, both.containment))
    versions: dict[int, list[int]] = {}
    for doc in words:
        versions.setdefault(find_root(parent, doc), []).append(doc)
    # Roundups: sets of versions holding parts of roundup_stories different sets of versions or more.
    stories: dict[int, set[int]] = {}
    for short, holder, _ in held:
        if find_root(parent, short) != find_root(parent, holder):
            stories.setdefault(find_root(parent, holder), set()).add(find_root(parent, short))
    roundups = {root for root, inside in stories.items() if len(inside) >= roundup_stories}
    holders: dict[int, list[tuple[float, int, int]]] = {}
    for short, holder, share in held:
        if find_root(parent, holder) not in roundups:
            holders.setdefault(find_root(parent, short), []).append((share, words[holder], -holder))
    for root in sorted(versions, key=lambda r: (-max(words[d] for d in versions[r]), r)):
        own = find_root(parent, root)
        outside = [h for h in holders.get(root, []) if find_root(parent, -h[2]) != own]
        if outside:
            join(parent, own, -max(outside)[2])
    members: dict[int, list[int]] = {}
    for doc in sorted(words):
        members.setdefault(find_root(parent, doc), []).append(doc)
    return [docs for _, docs in sorted(members.items()) if len(docs) > 1]


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Half-open runs of ``True`` in a boolean array.

    >>> _runs(np.array([1, 1, 0, 1, 0, 0, 1], dtype=bool))
    [(0, 2), (3, 4), (6, 7)]
    """
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))


def _uncovered(words: int, spans: Sequence[TokenSpan]) -> list[tuple[str, int, int]]:
    """Runs of words outside every span, each labelled lede, ending or passage by where it lies."""
    mask = np.ones(words, dtype=np.bool_)
    for span in spans:
        mask[span.start : span.end] = False
    if mask.all():
        return []
    out = []
    for start, end in _runs(mask):
        what = "lede" if start == 0 else "ending" if end == words else "passage"
        out.append((what, start, end))
    return out


Edit = tuple[str, int, int, int, int]
"""A difflib opcode other than ``equal``: ``(op, i1, i2, j1, j2)``."""


def word_edits(x: U64, y: U64) -> list[Edit]:
    """The word edits turning ``x`` into ``y`` (difflib opcodes, ``equal`` runs left out).

    A patience diff: words that occur once in each are anchors, the longest chain of anchors in
    order splits both sequences into gaps, a gap of equal length and equal words is a match (all
    checked at once in numpy), and only the gaps left are diffed by :class:`difflib.SequenceMatcher`.
    Two versions of one story differ in a few places, so that is a few short diffs where one
    SequenceMatcher over the whole passage cost a millisecond a pair.

    >>> h = lambda s: np.array([ord(w) for w in s.split()], dtype=np.uint64)
    >>> word_edits(h("a b c d e f"), h("a b x d e f g"))
    [('replace', 2, 3, 2, 3), ('insert', 6, 6, 6, 7)]
    """
    ux, first_x, count_x = np.unique(x, return_index=True, return_counts=True)
    uy, first_y, count_y = np.unique(y, return_index=True, return_counts=True)
    _, in_x, in_y = np.intersect1d(
        ux[count_x == 1], uy[count_y == 1], assume_unique=True, return_indices=True
    )
    i, j = first_x[count_x == 1][in_x], first_y[count_y == 1][in_y]
    order = np.argsort(i)
    i, j = i[order], j[order]
    chain = increasing_chain(i, j)
    # Gaps between consecutive anchors (and before the first, after the last): x[lo_i:hi_i], y[lo_j:hi_j].
    anchors_i = np.concatenate(([-1], i[chain], [x.size])).astype(np.int64)
    anchors_j = np.concatenate(([-1], j[chain], [y.size])).astype(np.int64)
    lo_i, hi_i, lo_j, hi_j = anchors_i[:-1] + 1, anchors_i[1:], anchors_j[:-1] + 1, anchors_j[1:]
    length = hi_i - lo_i
    same = length == hi_j - lo_j
    # Equal-length gaps: compare word by word along the gap's diagonal, every gap at once.
    checked = np.flatnonzero(same & (length > 0))
    if checked.size:
        gap = np.repeat(checked, length[checked])
        step = np.arange(gap.size) - np.repeat(np.cumsum(length[checked]) - length[checked], length[checked])
        differs = x[lo_i[gap] + step] != y[lo_j[gap] + step]
        same[np.unique(gap[differs])] = False
    edits: list[Edit] = []
    for k in np.flatnonzero(~same).tolist():
        a0, a1, b0, b1 = int(lo_i[k]), int(hi_i[k]), int(lo_j[k]), int(hi_j[k])
        matcher = SequenceMatcher(None, x[a0:a1].tolist(), y[b0:b1].tolist(), autojunk=False)
        edits += [
            (op, a0 + i1, a0 + i2, b0 + j1, b0 + j2)
            for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"
        ]
    return edits


def _inside(a: PreparedDoc, b: PreparedDoc, pair: SpanPair) -> list[tuple[str, TokenSpan, TokenSpan]]:
    """Changed, dropped, added and moved words inside one aligned span pair (word diff of its hashes).

    Words are compared as the matcher saw them (normalised, proclitics stripped). A block deleted
    on one side and inserted elsewhere with the same words is one ``moved`` block.
    """
    out: list[tuple[str, TokenSpan, TokenSpan]] = []
    dropped: list[tuple[int, int]] = []
    added: list[tuple[int, int]] = []
    edits = word_edits(a.hashes[pair.a.start : pair.a.end], b.hashes[pair.b.start : pair.b.end])
    for op, i1, i2, j1, j2 in edits:
        ta = TokenSpan(pair.a.start + i1, pair.a.start + i2)
        tb = TokenSpan(pair.b.start + j1, pair.b.start + j2)
        if op == "replace":
            out.append(("changed", ta, tb))
        elif op == "delete":
            dropped.append((ta.start, ta.end))
        else:
            added.append((tb.start, tb.end))
    for d0, d1 in dropped:
        words = sorted(a.hashes[d0:d1].tolist())
        match = next((k for k, (s, e) in enumerate(added) if sorted(b.hashes[s:e].tolist()) == words), None)
        if match is None:
            out.append(("passage", TokenSpan(d0, d1), TokenSpan(0, 0)))
        else:
            s, e = added.pop(match)
            out.append(("moved", TokenSpan(d0, d1), TokenSpan(s, e)))
    out += [("passage", TokenSpan(0, 0), TokenSpan(s, e)) for s, e in added]
    return out


def differences(a: PreparedDoc, b: PreparedDoc, pairs: Sequence[SpanPair]) -> list[Difference]:
    """What differs between two versions, as original-text spans: ledes, endings, passages, edits.

    Words outside every aligned span are a ``lede`` (at a document's start), an ``ending`` (at its
    end) or a ``passage``; inside aligned spans a word diff gives ``changed`` words, dropped or added
    passages and ``moved`` blocks; aligned spans out of order in ``b`` are ``moved`` too.

    Args:
        a: The first document, prepared.
        b: The second.
        pairs: Their aligned span pairs (:func:`reuse.align.align_pair`).

    Returns:
        Differences in reading order (where each falls in its document, as a share of its length).

    >>> from reuse.align import align_pair
    >>> from reuse.models import AlignParams
    >>> from reuse.prepare import prepare
    >>> story = "Rain fell on the old harbour town while fishermen mended their nets by the quay at dawn."
    >>> a = prepare(story + " The mayor said the storm would pass by noon.")
    >>> b = prepare("Breaking news: " + story.replace("old", "ancient"))
    >>> for d in differences(a, b, align_pair(a, b, AlignParams())):
    ...     print(d.what, d.a_words, d.b_words)
    lede 0 2
    changed 1 1
    ending 9 0
    """
    entries: list[_Entry] = []

    def note(what: str, ta: TokenSpan | None, tb: TokenSpan | None) -> None:
        entries.append(
            (what, ta if ta is not None and len(ta) else None, tb if tb is not None and len(tb) else None)
        )

    out: list[tuple[float, int, Difference]] = []

    def add(what: str, ta: TokenSpan | None, tb: TokenSpan | None) -> None:
        if ta is None and tb is None:
            return
        out.append(
            (
                # Reading order: where it falls in its document, as a share of that document.
                ta.start / len(a.tokens) if ta else tb.start / len(b.tokens) if tb else 0.0,
                0 if ta else 1,
                Difference(
                    what,
                    Occurrence(*a.char_span(ta.start, ta.end)) if ta else None,
                    Occurrence(*b.char_span(tb.start, tb.end)) if tb else None,
                    len(ta) if ta else 0,
                    len(tb) if tb else 0,
                ),
            )
        )

    for what, start, end in _uncovered(len(a.tokens), [p.a for p in pairs]):
        note(what, TokenSpan(start, end), None)
    for what, start, end in _uncovered(len(b.tokens), [p.b for p in pairs]):
        note(what, None, TokenSpan(start, end))
    ordered = sorted(pairs, key=lambda p: (p.a.start, p.b.start))
    if len(ordered) > 1:
        in_order = set(increasing_chain(*_starts(ordered)).tolist())
        for k, pair in enumerate(ordered):
            if k not in in_order:
                note("moved", pair.a, pair.b)
    for pair in ordered:
        for what, inside_a, inside_b in _inside(a, b, pair):
            note(what, inside_a, inside_b)
    for what, side_a, side_b in _moved_runs(a, b, entries):
        add(what, side_a, side_b)
    out.sort(key=lambda item: (item[0], item[1]))
    return [d for _, _, d in out]


_Entry = tuple[str, TokenSpan | None, TokenSpan | None]

MOVED_WORDS = 8
"""Words the same, in order, that make words only one version has there a passage moved elsewhere."""


def _moved_runs(a: PreparedDoc, b: PreparedDoc, entries: list[_Entry]) -> list[_Entry]:
    """``entries`` with words one version has only here and the other only elsewhere as ``moved``.

    A run of :data:`MOVED_WORDS` or more such words, in the same order, is one.

    A quote moved from the middle of a story to its end, with its attribution reworded, is no
    passage of the copy's own and no words changed in the source: the aligner took the words around
    its old place as one span, and its new place is outside every span. What is left of either
    block keeps its kind (a lede before the run stays the lede; after it, a passage).
    """
    entries = list(entries)
    while True:
        best: tuple[int, int, int, int, int] | None = None  # (words, a entry, b entry, a at, b at)
        for i, (what_a, ta, _) in enumerate(entries):
            if ta is None or what_a == "moved" or len(ta) < MOVED_WORDS:
                continue
            for j, (what_b, _, tb) in enumerate(entries):
                if j == i or tb is None or what_b == "moved" or len(tb) < MOVED_WORDS:
                    continue
                x, y = a.hashes[ta.start : ta.end].tolist(), b.hashes[tb.start : tb.end].tolist()
                if len(set(x).intersection(y)) < MOVED_WORDS // 2:  # most blocks share a word or two
                    continue
                run = SequenceMatcher(None, x, y, autojunk=False).find_longest_match(0, len(x), 0, len(y))
                if run.size >= MOVED_WORDS and (best is None or run.size > best[0]):
                    best = (run.size, i, j, ta.start + run.a, tb.start + run.b)
        if best is None:
            return entries
        size, i, j, at_a, at_b = best
        moved_a, moved_b = TokenSpan(at_a, at_a + size), TokenSpan(at_b, at_b + size)
        rest = [e for k, e in enumerate(entries) if k not in (i, j)]
        rest += _without(entries[i], moved_a, side=0) + _without(entries[j], moved_b, side=1)
        entries = [*rest, ("moved", moved_a, moved_b)]


def _without(entry: _Entry, run: TokenSpan, side: int) -> list[_Entry]:
    """What is left of ``entry`` once ``run`` (on ``side``: 0 for a, 1 for b) is taken out of it.

    >>> _without(("lede", TokenSpan(0, 20), None), TokenSpan(5, 15), side=0)
    [('lede', TokenSpan(start=0, end=5), None), ('passage', TokenSpan(start=15, end=20), None)]
    >>> for left in _without(("changed", TokenSpan(3, 4), TokenSpan(10, 30)), TokenSpan(12, 28), side=1):
    ...     print(left)
    ('changed', TokenSpan(start=3, end=4), TokenSpan(start=10, end=12))
    ('passage', None, TokenSpan(start=28, end=30))
    """
    what, ta, tb = entry
    span, other = (ta, tb) if side == 0 else (tb, ta)
    assert span is not None
    before, after = TokenSpan(span.start, run.start), TokenSpan(run.end, span.end)
    kinds = ("passage" if what == "ending" else what, "passage" if what == "lede" else what)
    left = [(kind, piece) for kind, piece in zip(kinds, (before, after), strict=True) if len(piece)]
    pieces: list[_Entry] = []
    for k, (kind, piece) in enumerate(left):
        paired = other if kind == "changed" and k == 0 else None  # the other side's words go with one piece
        kind = "changed" if paired is not None else "passage" if kind == "changed" else kind
        pieces.append((kind, piece, paired) if side == 0 else (kind, paired, piece))
    if what == "changed" and other is not None and not any(p[0] == "changed" for p in pieces):
        pieces.append(("passage", None, other) if side == 0 else ("passage", other, None))
    return pieces


def _starts(pairs: Sequence[SpanPair]) -> tuple[I64, I64]:
    return (
        np.array([p.a.start for p in pairs], dtype=np.int64),
        np.array([p.b.start for p in pairs], dtype=np.int64),
    )


def describe(diffs: Sequence[Difference], a_name: str = "A", b_name: str = "B") -> str:
    """One line for people: what each version adds, what was cut, how many words changed.

    >>> d = [Difference("lede", None, Occurrence(0, 14), 0, 2), Difference("changed", Occurrence(5, 8),
    ...      Occurrence(20, 27), 1, 1), Difference("ending", Occurrence(80, 130), None, 9, 0)]
    >>> describe(d)
    'B: 2-word lede; A: 9 words more at the end; 1 word changed'
    """
    parts: list[str] = []
    for what, label in (("lede", "{n}-word lede"), ("ending", "{n} word{s} more at the end")):
        for side, name in ((0, a_name), (1, b_name)):
            n = sum((d.a_words, d.b_words)[side] for d in diffs if d.what == what)
            if n:
                parts.append(f"{name}: " + label.format(n=n, s="s" if n != 1 else ""))
    for side, name in ((0, a_name), (1, b_name)):
        n = sum((d.a_words, d.b_words)[side] for d in diffs if d.what == "passage")
        if n:
            parts.append(f"{name}: {n} word{'s' if n != 1 else ''} of its own in the middle")
    changed = sum(max(d.a_words, d.b_words) for d in diffs if d.what == "changed")
    if changed:
        parts.append(f"{changed} word{'s' if changed != 1 else ''} changed")
    moved = sum(1 for d in diffs if d.what == "moved")
    if moved:
        parts.append(f"{moved} passage{'s' if moved != 1 else ''} moved")
    return "; ".join(parts) if parts else "the same words"


NearPair = tuple[int, int, Overlap, Sequence[SpanPair]]
"""A near-duplicate pair as a driver finds it: document indices, overlap and aligned spans."""


def version_groups(
    ids: Sequence[str],
    prepared: Sequence[PreparedDoc] | None,
    found: Sequence[NearPair],
    min_containment: float = NearDuplicateParams.min_containment,
) -> tuple[NearDuplicateGroup, ...]:
    """Groups of near-duplicate pairs, each pair with its overlap and (given ``prepared``) differences.

    Args:
        ids: Every document's id, by index.
        prepared: The prepared documents, to say what differs; ``None`` leaves differences out.
        found: The near-duplicate pairs ``(x, y, overlap, spans)``.
        min_containment: The near-duplicate definition's, to tell versions from texts held (:func:`groups`).

    Returns:
        Groups ordered by their first member; the pairs inside each, in index order.

    >>> o = Overlap(10, 10, 10, 10)
    >>> [g.docs for g in version_groups("abcd", None, [(2, 3, o, []), (0, 2, o, [])])]
    [('a', 'c', 'd')]
    """
    by_group: dict[int, list[NearPair]] = {}
    members = groups([(x, y, both) for x, y, both, _ in found], min_containment)
    group_of = {doc: k for k, docs in enumerate(members) for doc in docs}
    for pair in sorted(found, key=lambda p: (p[0], p[1])):
        x, y = pair[0], pair[1]
        if x in group_of and group_of[x] == group_of.get(y):  # a text held by two groups joins one
            by_group.setdefault(group_of[x], []).append(pair)
    return tuple(
        NearDuplicateGroup(
            tuple(ids[d] for d in docs),
            tuple(
                VersionPair(
                    ids[x],
                    ids[y],
                    ov,
                    tuple(differences(prepared[x], prepared[y], spans)) if prepared is not None else (),
                )
                for x, y, ov, spans in by_group[k]
            ),
        )
        for k, docs in enumerate(members)
    )
