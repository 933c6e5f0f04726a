"""The findings stage: aligned span pairs in, findings out.

Span pairs become occurrences (a document and a span) joined by links; two spans of one document
that share more than half of the shorter are one occurrence (the same passage, found twice). A
connected set of occurrences is one finding:

* inside one document, a **repeat**: a sentence said three times is one finding, three occurrences;
* in exactly two documents, **reuse**: one finding per aligned span pair, ``a`` and ``b``;
* in ``boilerplate_docs`` (3) or more documents, a **cluster**: one finding listing every
  occurrence, with the links that were aligned, so a wire story in 200 papers is one finding, not
  19,900. A cluster whose occurrences are all shorter than ``boilerplate_words`` (30) words is
  **boilerplate** (a dateline, an agency credit, a footer, a forum greeting): flagged, listed once,
  and left out of the PAN scores as it always was. On araplagdet-dev short passages shared by three
  documents were chance phrases or templates (precision 0.955 -> 0.983 without them); a 30-word
  quote shared by three articles is flagged with them. Copies of one story (the same words either
  side of the passage) count as one document there (:func:`sources`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from reuse.carried import with_carried
from reuse.dots import connected_components
from reuse.listings import listing_links
from reuse.models import AlignParams, ClusterLink, Finding, Occurrence
from reuse.neardup import covered_words
from reuse.prepare import LINE_BREAK, SENTENCE_END, PreparedDoc
from reuse.spans import SpanPair, TokenSpan, mostly_overlap, overlap


@dataclass(frozen=True)
class Link:
    """An aligned span pair between documents ``x`` and ``y`` (``x == y``: a repeat inside one)."""

    x: int
    y: int
    pair: SpanPair
    carried: bool = False


@dataclass(frozen=True)
class OccurrenceGraph:
    """Occurrences (document, token span), the link joining two of them, and their components.

    ``edges[k]`` are the occurrences joined by link ``k``; ``component[n]`` labels occurrence ``n``
    by the smallest occurrence of its connected set.
    """

    doc: list[int]
    span: list[TokenSpan]
    edges: list[tuple[int, int]]
    component: list[int]


def occurrence_graph(
    links: Sequence[Link], *, same: Callable[[TokenSpan, TokenSpan], bool], merge: bool = True
) -> OccurrenceGraph:
    """Join links that share an occurrence: spans of one document that ``same`` says are one.

    With ``merge`` a span ``same`` as an earlier one of its document *is* that occurrence (the first
    found stands for both); without, every distinct span is an occurrence of its own, and ``same``
    only joins them into one component, so each link keeps its exact spans.

    >>> links = [Link(0, 1, SpanPair(TokenSpan(0, 10), TokenSpan(5, 15), 1.0)),
    ...          Link(0, 2, SpanPair(TokenSpan(1, 10), TokenSpan(0, 9), 0.9)),
    ...          Link(3, 4, SpanPair(TokenSpan(0, 10), TokenSpan(0, 10), 1.0))]
    >>> g = occurrence_graph(links, same=one_passage)
    >>> g.doc, g.edges, g.component
    ([0, 1, 2, 3, 4], [(0, 1), (0, 2), (3, 4)], [0, 0, 0, 3, 3])
    >>> g = occurrence_graph(links, same=one_passage, merge=False)
    >>> g.doc, g.edges, g.component
    ([0, 1, 0, 2, 3, 4], [(0, 1), (2, 3), (4, 5)], [0, 0, 0, 0, 4, 4])
    """
    doc: list[int] = []
    span: list[TokenSpan] = []
    of_doc: dict[int, list[int]] = {}
    exact: dict[tuple[int, TokenSpan], int] = {}
    joins: list[tuple[int, int]] = []

    def node(d: int, s: TokenSpan) -> int:
        if (d, s) in exact:
            return exact[d, s]
        similar = [k for k in of_doc.get(d, ()) if same(span[k], s)]
        if merge and similar:
            return similar[0]
        doc.append(d)
        span.append(s)
        new = len(span) - 1
        exact[d, s] = new
        of_doc.setdefault(d, []).append(new)
        joins.extend((k, new) for k in similar)
        return new

    edges = [(node(link.x, link.pair.a), node(link.y, link.pair.b)) for link in links]
    component = connected_components(
        len(span),
        np.array([x for x, _ in edges + joins], dtype=np.int64),
        np.array([y for _, y in edges + joins], dtype=np.int64),
    )
    return OccurrenceGraph(doc, span, edges, component.tolist())


def one_passage(x: TokenSpan, y: TokenSpan) -> bool:
    """Whether two spans of one document are one passage: each shares more than half of itself.

    Stricter than the repeats' rule (half of the shorter): a sentence quoted inside a longer copy
    is another passage, so a cluster never chains a quote to the article it was quoted in.

    >>> one_passage(TokenSpan(0, 10), TokenSpan(2, 12)), one_passage(TokenSpan(0, 10), TokenSpan(0, 30))
    (True, False)
    """
    shared = overlap(x.start, x.end, y.start, y.end)
    return 2 * shared > len(x) and 2 * shared > len(y)


def _occurrence(doc: PreparedDoc, span: TokenSpan) -> Occurrence:
    return Occurrence(*doc.char_span(span.start, span.end))


def repeat_findings(doc_id: str, doc: PreparedDoc, pairs: list[SpanPair]) -> list[Finding]:
    """Group pairwise repeats inside one document into findings with every occurrence.

    Two pairs belong to one finding when they share an occurrence (spans each sharing more than half
    of itself with the other), so a sentence said three times is one finding with three occurrences.
    Half of the shorter span is not enough: a headline repeated straight after a repeated paragraph
    overlaps the paragraph's alignment, which ran on into it, by a few words, and the headline and
    the paragraph became one finding whose pairs matched the one with the other. A place holds every
    word its pairs found there (:func:`_joined`).
    """
    pairs = [p for p in pairs if not headline_in_lede(doc, p)]
    graph = occurrence_graph([Link(0, 0, p) for p in pairs], same=one_passage, merge=False)
    findings = []
    for label in sorted(set(graph.component)):
        spans = sorted(
            (s.start, s.end) for s, c in zip(graph.span, graph.component, strict=True) if c == label
        )
        occurrences = _joined(spans)
        if len(occurrences) < 2:  # spans overlapping each other are no two places to show
            continue
        members = [p for p, (x, _) in zip(pairs, graph.edges, strict=True) if graph.component[x] == label]
        findings.append(
            Finding(
                kind="repeat",
                docs=(doc_id,),
                occurrences=tuple(Occurrence(*doc.char_span(s, e)) for s, e in occurrences),
                similarity=min(p.similarity for p in members),
                words=min(e - s for s, e in occurrences),
            )
        )
    return findings


HEADLINE_WORDS = 30
"""The longest first line read as a headline: a title, not a paragraph."""


def headline_in_lede(doc: PreparedDoc, pair: SpanPair) -> bool:
    """Whether ``pair`` is a headline restated by the paragraph after it: news style, not a repeat.

    The headline is the first line, of at most :data:`HEADLINE_WORDS` words and no sentence end
    before its last word; the lede is the next line with words. A page's headline is metadata and
    never in its text (:mod:`reuse.extract`); a text file's is its first line, and its lede restates it
    ("Oil output resumes at Sharara after three weeks" / "The National Oil Corporation said on
    Sunday that output resumed at Sharara after a three-week stop …").

    >>> from reuse.prepare import prepare
    >>> doc = prepare("Output resumes at Sharara\\n\\nThe corporation said output resumes at Sharara today.")
    >>> headline_in_lede(doc, SpanPair(TokenSpan(0, 4), TokenSpan(7, 11), 1.0))
    True
    """
    lines = np.flatnonzero(doc.breaks == LINE_BREAK)
    if lines.size < 1 or lines[0] + 1 > HEADLINE_WORDS or (doc.breaks[: lines[0]] == SENTENCE_END).any():
        return False
    headline_end = int(lines[0]) + 1
    lede_end = int(lines[1]) + 1 if lines.size > 1 else len(doc.breaks)
    first, second = sorted((pair.a, pair.b), key=lambda span: span.start)
    return first.end <= headline_end <= second.start and second.end <= lede_end


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Occurrences in text order: spans that are one passage joined, others overlapping dropped.

    One place is aligned with each other copy on its own, and an edit in one copy ends that pair
    early; the place holds every word any pair found there.

    >>> _joined([(0, 10), (0, 14), (20, 34), (30, 60)])
    [(0, 14), (20, 34)]
    """
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            if one_passage(TokenSpan(*kept[-1]), TokenSpan(start, end)):
                kept[-1] = (kept[-1][0], max(kept[-1][1], end))
            continue
        kept.append((start, end))
    return kept


_CONTEXT_WORDS = 8
"""Content words either side of a place that tell one story's copies of a passage from a template's."""


def _context(doc: PreparedDoc, span: TokenSpan) -> tuple[bytes, bytes]:
    """The :data:`_CONTEXT_WORDS` content words before ``span`` and after it (fewer at an edge)."""
    positions = doc.content_positions
    start, end = np.searchsorted(positions, [span.start, span.end])
    before = doc.hashes[positions[max(0, start - _CONTEXT_WORDS) : start]]
    return before.tobytes(), doc.hashes[positions[end : end + _CONTEXT_WORDS]].tobytes()


Context = Callable[[int, TokenSpan], tuple[bytes, bytes]]
"""A place's (document, span) words either side: :func:`_context` of the document, cached."""


def contexts_of(prepared: Sequence[PreparedDoc]) -> Context:
    """:func:`_context` of each place, computed once: a credit line's links meet its places many times."""
    return functools.cache(lambda doc, span: _context(prepared[doc], span))


def sources(places: Iterable[tuple[int, TokenSpan]], context: Context) -> int:
    """How many documents hold a passage, places with the same words either side counted once.

    A template (a dateline, a credit, a footer) stands in stories of their own; a sentence copied from
    a story the archive holds twice (a CMS export and a crawl of the site) stands in the same words in
    both, and those two are one source, not two documents that use a template.
    """
    places = list(places)
    return min(len({context(doc, span) for doc, span in places}), len({doc for doc, _ in places}))


def template_links(
    links: Sequence[Link], params: AlignParams, prepared: Sequence[PreparedDoc] | None = None
) -> list[bool]:
    """Which links are boilerplate: datelines, agency credits, event headers, infobox rows.

    A link is when it is shorter than ``boilerplate_words`` words and a side's passage is held by
    ``boilerplate_docs`` documents: its own and the partners of its short spans mostly overlapping it,
    places with the same words either side counted once (:func:`sources`; ``prepared`` given).

    >>> header = [Link(0, d, SpanPair(TokenSpan(0, 10), TokenSpan(0, 10), 0.9)) for d in (1, 2)]
    >>> copy = Link(0, 3, SpanPair(TokenSpan(20, 80), TokenSpan(0, 60), 1.0))
    >>> template_links([*header, copy], AlignParams())
    [True, True, False]
    """
    short = [min(len(k.pair.a), len(k.pair.b)) < params.boilerplate_words for k in links]
    context = None if prepared is None else contexts_of(prepared)
    spans: dict[int, list[tuple[TokenSpan, int, TokenSpan]]] = {}
    for link, is_short in zip(links, short, strict=True):
        if is_short:
            spans.setdefault(link.x, []).append((link.pair.a, link.y, link.pair.b))
            spans.setdefault(link.y, []).append((link.pair.b, link.x, link.pair.a))

    def shared_by(doc: int, span: TokenSpan) -> int:
        places = {(doc, span)} | {
            (p, t) for s, p, t in spans[doc] if mostly_overlap(s.start, s.end, span.start, span.end)
        }
        return len({d for d, _ in places}) if context is None else sources(places, context)

    return [
        is_short
        and (
            shared_by(link.x, link.pair.a) >= params.boilerplate_docs
            or shared_by(link.y, link.pair.b) >= params.boilerplate_docs
        )
        for link, is_short in zip(links, short, strict=True)
    ]


def shared_findings(
    ids: Sequence[str], prepared: Sequence[PreparedDoc], links: Sequence[Link], params: AlignParams
) -> list[Finding]:
    """Findings of passages shared between documents: reuse between two, a cluster among more.

    Boilerplate links (:func:`template_links`) are grouped by the repeats' looser rule (spans
    sharing half of the shorter, the first standing for all) into clusters flagged
    ``boilerplate``. The others are joined by :func:`one_passage`, so a quote inside a longer copy
    does not chain the two, and keep their exact spans: a cluster lists every distinct span and its
    links are exactly the aligned pairs.

    Args:
        ids: Document ids, by document index.
        prepared: The prepared documents, by document index.
        links: Aligned span pairs between different documents.
        params: ``boilerplate_docs`` and ``boilerplate_words`` (see above).

    Returns:
        One reuse finding per link whose occurrences touch fewer than ``boilerplate_docs``
        documents, and one cluster finding per connected set of occurrences in more.
    """
    lengths = [len(doc.tokens) for doc in prepared]
    listings = listing_links([(k.x, k.y, k.pair.a, k.pair.b) for k in links], lengths, params)
    findings = [_listing(ids, prepared, [links[k] for k in held], params) for held in listings.values()]
    if listings:
        aside = {k for held in listings.values() for k in held}
        links = [link for k, link in enumerate(links) if k not in aside]
    template = template_links(links, params, prepared)
    for boilerplate in (True, False):
        chosen = [link for link, t in zip(links, template, strict=True) if t == boilerplate]
        same = _mostly_overlap if boilerplate else one_passage
        graph = occurrence_graph(chosen, same=same, merge=boilerplate)
        if not boilerplate:  # a passage's places inside longer copies (reuse.carried)
            graph, chosen = with_carried(graph, chosen, prepared)
        for nodes, link_ids in _groups(graph, ids):
            if len({graph.doc[n] for n in nodes}) < params.boilerplate_docs and not boilerplate:
                findings += [_reuse_finding(ids, prepared, chosen[k]) for k in link_ids]
                continue
            findings.append(_cluster(ids, prepared, graph, nodes, chosen, link_ids, params, boilerplate))
    return _parts_folded(_without_pairs_told_by_clusters(findings))


PART_INSIDE = 0.8
"""Share of a cluster's place that must lie in a longer cluster's place in its document to be part of it."""


def _parts_folded(findings: list[Finding]) -> list[Finding]:
    """Clusters with each cluster that is a part of a longer one's passage folded into it.

    A story reprinted by ten papers, two of them only its first half, was two clusters: the whole
    story in eight papers, and its first half in those eight and the two (a passage inside a longer
    copy is another passage, so that a quote does not chain two stories). Neither listed the ten
    papers. A cluster whose places lie, in at least half of its documents and two or more, inside
    the places of a longer cluster (:data:`PART_INSIDE` of each) is that story's part: its places
    and links join the longer cluster's. A quote that many articles share and a few long copies
    hold stays a cluster of its own, since most of its places are in no copy. Boilerplate is left as
    it is.
    """
    clusters = sorted(
        (f for f in findings if f.kind == "cluster" and not f.boilerplate),
        key=lambda f: (-f.words, -len(f.occurrences), f.sort_key()),
    )
    kept: list[Finding] = []
    for part in clusters:
        for k, whole in enumerate(kept):
            if _is_part(part, whole):
                kept[k] = _joined_clusters(whole, part)
                break
        else:
            kept.append(part)
    folded = {id(f) for f in clusters}
    return [f for f in findings if id(f) not in folded] + kept


def _inside(part: Occurrence, whole: Occurrence) -> bool:
    inside = min(part.end, whole.end) - max(part.start, whole.start)
    return inside >= PART_INSIDE * (part.end - part.start)


def _is_part(part: Finding, whole: Finding) -> bool:
    """Whether ``part`` lies inside ``whole``'s places in half or more of its documents, two or more."""
    places: dict[str, list[Occurrence]] = {}
    for doc, at in zip(whole.docs, whole.occurrences, strict=True):
        places.setdefault(doc, []).append(at)
    part_docs = set(part.docs)
    inside = {
        doc
        for doc, at in zip(part.docs, part.occurrences, strict=True)
        if any(_inside(at, w) for w in places.get(doc, []))
    }
    return len(inside) >= 2 and 2 * len(inside) >= len(part_docs)


def _joined_clusters(whole: Finding, part: Finding) -> Finding:
    """``whole`` with ``part``'s places that lie in none of its own added, and both's links."""
    places = list(zip(whole.docs, whole.occurrences, strict=True))
    where: dict[int, int] = {}
    for k, (doc, at) in enumerate(zip(part.docs, part.occurrences, strict=True)):
        holder = next((n for n, (d, w) in enumerate(places) if d == doc and _inside(at, w)), None)
        if holder is None:
            places.append((doc, at))
            holder = len(places) - 1
        where[k] = holder
    order = sorted(range(len(places)), key=lambda n: (places[n][0], places[n][1].start, places[n][1].end))
    rank = {old: new for new, old in enumerate(order)}
    moved = [_between(rank[k.i], rank[k.j], k) for k in whole.links]
    moved += [_between(rank[where[k.i]], rank[where[k.j]], k) for k in part.links]
    occurrences = [places[n] for n in order]
    return replace(
        whole,
        docs=tuple(doc for doc, _ in occurrences),
        occurrences=tuple(at for _, at in occurrences),
        similarity=min(whole.similarity, part.similarity),
        words=min(whole.words, part.words) if len(places) > len(whole.occurrences) else whole.words,
        links=_in_order({(k.i, k.j, k.a, k.b): k for k in moved}.values()),  # a link in both, once
    )


def _between(i: int, j: int, link: ClusterLink) -> ClusterLink:
    """``link`` joining places ``i`` and ``j``, the lower first (its spans swapped to match)."""
    if i < j:
        return replace(link, i=i, j=j)
    return ClusterLink(j, i, link.similarity, link.b, link.a, link.carried)


def _in_order(links: Iterable[ClusterLink]) -> tuple[ClusterLink, ...]:
    return tuple(sorted(links, key=lambda k: (k.i, k.j, k.a.start, k.b.start)))


PAIR_TOLD = 0.9
"""Share of each of a reuse finding's two places that clusters holding both documents must cover."""


def _without_pairs_told_by_clusters(findings: list[Finding]) -> list[Finding]:
    """The findings less each reuse pair that clusters of both its documents already tell.

    A paper that reprints two paragraphs of a wire story, each also in other papers, is linked to
    the wire by one span over both; that link belongs to neither paragraph's cluster (it is not one
    passage with either), so it was a reuse finding of its own, over the same text as the two
    clusters: the same copy reviewed twice, and counted twice. It goes when clusters holding both
    documents cover :data:`PAIR_TOLD` of each of its places.
    """
    places: dict[str, list[tuple[Occurrence, set[str]]]] = {}  # document -> (place, cluster's documents)
    for f in findings:
        if f.kind == "cluster":
            for doc, at in zip(f.docs, f.occurrences, strict=True):
                places.setdefault(doc, []).append((at, set(f.docs)))

    def told(doc: str, other: str, at: Occurrence) -> bool:
        inside = [
            TokenSpan(max(p.start, at.start), min(p.end, at.end))
            for p, members in places.get(doc, [])
            if other in members and min(p.end, at.end) > max(p.start, at.start)
        ]
        return covered_words(inside) >= PAIR_TOLD * (at.end - at.start)

    return [
        f
        for f in findings
        if not (
            f.kind == "reuse"
            and told(f.docs[0], f.docs[1], f.occurrences[0])
            and told(f.docs[1], f.docs[0], f.occurrences[1])
        )
    ]


def _cluster(
    ids: Sequence[str],
    prepared: Sequence[PreparedDoc],
    graph: OccurrenceGraph,
    nodes: list[int],
    links: Sequence[Link],
    link_ids: list[int],
    params: AlignParams,
    boilerplate: bool,
) -> Finding:
    """One cluster: each place (a document's overlapping spans, united) once, and every link.

    A place covers every link's span in it, so each link's spans lie inside its two places.
    """
    extent = {n: graph.span[n] for n in nodes}
    for k in link_ids:  # a merged occurrence stands for spans that can reach past the first one found
        for n, s in zip(graph.edges[k], (links[k].pair.a, links[k].pair.b), strict=True):
            extent[n] = TokenSpan(min(extent[n].start, s.start), max(extent[n].end, s.end))
    places: list[tuple[int, TokenSpan]] = []
    place_of: dict[int, int] = {}
    for n in sorted(nodes, key=lambda n: (graph.doc[n], extent[n].start)):
        d, s = graph.doc[n], extent[n]
        if places and places[-1][0] == d and s.start < places[-1][1].end:
            places[-1] = (d, TokenSpan(places[-1][1].start, max(places[-1][1].end, s.end)))
        else:
            places.append((d, s))
        place_of[n] = len(places) - 1
    order = sorted(range(len(places)), key=lambda k: (ids[places[k][0]], places[k][1].start))
    rank = {old: new for new, old in enumerate(order)}
    places = [places[k] for k in order]

    cluster_links = []
    for k in link_ids:
        link = links[k]
        i, j = (rank[place_of[n]] for n in graph.edges[k])
        a = _occurrence(prepared[link.x], link.pair.a)
        b = _occurrence(prepared[link.y], link.pair.b)
        cluster_links.append(_between(i, j, ClusterLink(i, j, link.pair.similarity, a, b, link.carried)))
    words = [len(s) for _, s in places]
    # Short in every place is a template only where three documents were aligned: a quote carried
    # into a re-filed copy of the article quoting it is still reuse (reuse.carried).
    aligned = {n for k in link_ids if not links[k].carried for n in graph.edges[k]}
    held = sources(((graph.doc[n], extent[n]) for n in aligned), contexts_of(prepared))
    short = max(words) < params.boilerplate_words and held >= params.boilerplate_docs
    return Finding(
        kind="cluster",
        docs=tuple(ids[d] for d, _ in places),
        occurrences=tuple(_occurrence(prepared[d], s) for d, s in places),
        similarity=min(links[k].pair.similarity for k in link_ids),
        words=min(words),
        boilerplate=boilerplate or short,
        links=_in_order(cluster_links),
    )


def _listing(
    ids: Sequence[str], prepared: Sequence[PreparedDoc], links: Sequence[Link], params: AlignParams
) -> Finding:
    """One listing page's finding: a cluster's places and links, the page's teasers among them."""
    graph = occurrence_graph(links, same=one_passage, merge=False)
    nodes = sorted(range(len(graph.doc)), key=lambda n: (ids[graph.doc[n]], graph.span[n].start))
    cluster = _cluster(ids, prepared, graph, nodes, links, list(range(len(links))), params, False)
    return replace(cluster, kind="listing", boilerplate=False)


def _mostly_overlap(x: TokenSpan, y: TokenSpan) -> bool:
    return mostly_overlap(x.start, x.end, y.start, y.end)


def _groups(graph: OccurrenceGraph, ids: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """Each component's occurrences (by document id, then offset) and links, in one pass each."""
    nodes: dict[int, list[int]] = {}
    for n, label in enumerate(graph.component):
        nodes.setdefault(label, []).append(n)
    link_ids: dict[int, list[int]] = {}
    for k, (x, _) in enumerate(graph.edges):
        link_ids.setdefault(graph.component[x], []).append(k)
    return [
        (sorted(nodes[label], key=lambda n: (ids[graph.doc[n]], graph.span[n].start)), members)
        for label, members in link_ids.items()
    ]


def _reuse_finding(ids: Sequence[str], prepared: Sequence[PreparedDoc], link: Link) -> Finding:
    return Finding(
        kind="reuse",
        docs=(ids[link.x], ids[link.y]),
        occurrences=(_occurrence(prepared[link.x], link.pair.a), _occurrence(prepared[link.y], link.pair.b)),
        similarity=link.pair.similarity,
        words=min(len(link.pair.a), len(link.pair.b)),
    )
