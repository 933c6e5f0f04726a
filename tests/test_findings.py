"""The findings stage: reuse between two documents, clusters among more, boilerplate flagged."""

from __future__ import annotations

import json

import numpy as np

from reuse.findings import Link, one_passage, repeat_findings, shared_findings, template_links
from reuse.models import AlignParams, Document
from reuse.pipeline import scan
from reuse.prepare import prepare
from reuse.report import to_json, to_report
from reuse.spans import SpanPair, TokenSpan

RNG_WORDS = [f"w{k}z" for k in range(5_000)]


def words(rng: np.random.Generator, n: int) -> str:
    return " ".join(RNG_WORDS[k] for k in rng.integers(0, len(RNG_WORDS), n))


def wire_corpus(carriers: int, others: int = 20, seed: int = 0) -> tuple[list[Document], str]:
    """``carriers`` documents holding one 60-word passage at varied offsets, among unrelated ones."""
    rng = np.random.default_rng(seed)
    passage = words(rng, 60)
    docs = [
        Document(f"c{k:03d}", f"{words(rng, int(rng.integers(5, 50)))}. {passage}. {words(rng, 30)}")
        for k in range(carriers)
    ]
    docs += [Document(f"o{k:03d}", words(rng, 120)) for k in range(others)]
    return docs, passage


def test_a_passage_in_many_documents_is_one_cluster_at_its_exact_offsets() -> None:
    docs, passage = wire_corpus(12)
    (cluster,) = [f for f in scan(docs, workers=1).findings if f.kind != "repeat"]
    assert cluster.kind == "cluster"
    assert not cluster.boilerplate
    assert cluster.docs == tuple(f"c{k:03d}" for k in range(12))
    texts = {d.id: d.text for d in docs}
    for doc, occurrence in zip(cluster.docs, cluster.occurrences, strict=True):
        assert occurrence.start == texts[doc].index(passage)
        assert texts[doc][occurrence.start : occurrence.end] == passage
    # Every occurrence is joined to the others through the aligned links.
    assert {link.i for link in cluster.links} | {link.j for link in cluster.links} == set(range(12))


def test_reuse_between_two_documents_stays_reuse() -> None:
    docs, _ = wire_corpus(2)
    (finding,) = [f for f in scan(docs, workers=1).findings if f.kind != "repeat"]
    assert (finding.kind, finding.docs) == ("reuse", ("c000", "c001"))


def test_a_short_passage_in_three_documents_is_boilerplate() -> None:
    rng = np.random.default_rng(5)
    credit = words(rng, 12)
    docs = [Document(f"d{k}", f"{words(rng, 40)}. {credit}. {words(rng, 40)}") for k in range(3)]
    (finding,) = scan(docs, workers=1).findings
    assert (finding.kind, finding.boilerplate, len(finding.occurrences)) == ("cluster", True, 3)
    report = to_report(scan(docs, workers=1))
    assert all(d["reused_fraction"] == 0.0 for d in report["documents"])  # templates are not reuse


def test_a_quote_inside_a_longer_copy_does_not_chain_the_two() -> None:
    # b copies 60 words of a; c quotes 10 of them (inside b's copy) and so does d; the copy stays a
    # two-document reuse finding, the quote a passage of its own.
    long_a, long_b = TokenSpan(0, 60), TokenSpan(100, 160)
    links = [
        Link(0, 1, SpanPair(long_a, long_b, 1.0)),
        Link(1, 2, SpanPair(TokenSpan(120, 130), TokenSpan(5, 15), 1.0)),
        Link(1, 3, SpanPair(TokenSpan(120, 130), TokenSpan(8, 18), 1.0)),
    ]
    assert not one_passage(long_b, TokenSpan(120, 130))
    assert template_links(links, AlignParams()) == [False, True, True]
    prepared = [prepare(" ".join(f"t{k}" for k in range(200))) for _ in range(4)]
    findings = shared_findings(["a", "b", "c", "d"], prepared, links, AlignParams())
    kinds = sorted((f.kind, f.boilerplate, f.docs) for f in findings)
    assert kinds == [("cluster", True, ("b", "c", "d")), ("reuse", False, ("a", "b"))]


def test_cluster_report_grows_with_the_documents_not_their_pairs() -> None:
    sizes = {}
    for carriers in (10, 40):
        docs, _ = wire_corpus(carriers)  # 30 documents or more: past the all-pairs size
        report = to_report(scan(docs, workers=1))
        (cluster,) = [f for f in report["findings"] if f["kind"] == "cluster"]
        assert cluster["documents"] == carriers
        assert len(cluster["links"]) < 3 * carriers  # all pairs would be carriers²/2
        sizes[carriers] = len(to_json(report))
    assert sizes[40] < 6 * sizes[10]  # 4x the documents; all pairs would be 16x


def test_cluster_json_contract() -> None:
    docs, passage = wire_corpus(3, others=0)
    (cluster,) = [f for f in to_report(scan(docs, workers=1))["findings"] if f["kind"] == "cluster"]
    assert set(cluster) == {
        "id",
        "kind",
        "similarity",
        "words",
        "boilerplate",
        "documents",
        "occurrences",
        "links",
    }
    assert [o["text"] for o in cluster["occurrences"]] == [passage] * 3
    for link in cluster["links"]:
        assert set(link) == {"pair", "similarity", "spans", "carried"}
        assert link["carried"] is False
        for k, (start, end) in zip(link["pair"], link["spans"], strict=True):
            occurrence = cluster["occurrences"][k]
            assert occurrence["start"] <= start < end <= occurrence["end"]
    json.dumps(cluster)


def test_a_repeated_headline_and_a_repeated_paragraph_are_two_repeats() -> None:
    """A headline (words 10-21) and the paragraph after it (21-103), restated later in the other order.

    The paragraph's alignment runs 6 words on into the second headline (467-545 against 539-550), as
    in pan13-dev's source-document00426. Those 6 words are more than half the headline but a
    fraction of the paragraph: two passages, each found twice, never one headline paired with a
    paragraph.
    """
    doc = prepare(" ".join(f"w{k}z" for k in range(600)))
    headline = SpanPair(TokenSpan(10, 21), TokenSpan(539, 550), 1.0)
    paragraph = SpanPair(TokenSpan(21, 103), TokenSpan(467, 545), 0.9)
    found = repeat_findings("a", doc, [headline, paragraph])
    places = sorted([(o.start, o.end) for o in f.occurrences] for f in found)
    headlines = [doc.char_span(10, 21), doc.char_span(539, 550)]
    paragraphs = [doc.char_span(21, 103), doc.char_span(467, 545)]
    assert places == sorted([headlines, paragraphs])


def test_a_boilerplate_clusters_places_hold_every_links_spans() -> None:
    """A credit line aligned a little wider in one pair than in the first pair found is one place.

    Boilerplate occurrences merge (the first span found stands for a document's later ones), and
    the place must still cover the wider span, as the JSON contract says (pan13-dev had one such
    cluster, araplagdet-dev nine).
    """
    credit = [f"w{k}z" for k in range(14)]  # then each document's own story
    docs = [prepare(" ".join(credit + [f"d{d}s{k}" for k in range(86)])) for d in range(3)]
    links = [
        Link(0, 1, SpanPair(TokenSpan(0, 10), TokenSpan(0, 10), 1.0)),
        Link(1, 2, SpanPair(TokenSpan(0, 14), TokenSpan(0, 14), 0.9)),
        Link(0, 2, SpanPair(TokenSpan(1, 10), TokenSpan(1, 12), 0.9)),
    ]
    (cluster,) = shared_findings(["a", "b", "c"], docs, links, AlignParams())
    assert cluster.boilerplate
    for link in cluster.links:
        for place, span in ((cluster.occurrences[link.i], link.a), (cluster.occurrences[link.j], link.b)):
            assert place.start <= span.start < span.end <= place.end
    first, wider = docs[0].char_span(0, 10), docs[0].char_span(0, 14)
    assert [(o.start, o.end) for o in cluster.occurrences] == [first, wider, wider]


def test_a_repeats_place_holds_every_word_any_of_its_pairs_found_there() -> None:
    """A sentence said three times, the second with its last words changed: copy 1 meets copy 2 up
    to the change, copy 3 whole. Copy 1 is one place holding both spans (it was the first span found,
    cut short where copy 2 changes), and the changed copy keeps its own shorter span."""
    doc = prepare(" ".join(f"w{k}z" for k in range(100)))
    pairs = [
        SpanPair(TokenSpan(10, 26), TokenSpan(40, 56), 0.9),  # copy 2's last 4 words changed
        SpanPair(TokenSpan(10, 30), TokenSpan(70, 90), 1.0),
        SpanPair(TokenSpan(40, 56), TokenSpan(70, 86), 0.9),
    ]
    (finding,) = repeat_findings("a", doc, pairs)
    expected = [doc.char_span(10, 30), doc.char_span(40, 56), doc.char_span(70, 90)]
    assert [(o.start, o.end) for o in finding.occurrences] == expected


def test_a_repeat_is_at_least_two_places_that_do_not_overlap() -> None:
    """Spans of one document that overlap are one place: no repeat to show, whatever aligned them."""
    doc = prepare(" ".join(f"w{k}z" for k in range(40)))
    overlapping = [SpanPair(TokenSpan(0, 12), TokenSpan(6, 18), 0.9)]
    assert repeat_findings("a", doc, overlapping) == []
    apart = [SpanPair(TokenSpan(0, 12), TokenSpan(20, 32), 0.9)]
    (finding,) = repeat_findings("a", doc, apart)
    assert [doc.char_span(0, 12), doc.char_span(20, 32)] == [(o.start, o.end) for o in finding.occurrences]


def _texts_and_spans(parts: dict[str, list[str]]) -> tuple[list[str], dict[tuple[int, int], TokenSpan]]:
    """Documents joined from named paragraphs, and each paragraph's token span in its document."""
    texts, spans = [], {}
    for d, (_, paragraphs) in enumerate(parts.items()):
        start = 0
        for k, paragraph in enumerate(paragraphs):
            n = len(paragraph.split())
            spans[d, k] = TokenSpan(start, start + n)
            start += n
        texts.append("\n\n".join(paragraphs))
    return texts, spans


def test_a_paragraph_is_found_in_every_copy_that_holds_it_not_only_where_it_was_aligned() -> None:
    """P2 of an agency story: two papers run P1 + P2, two run P2 alone, aligned with one full paper.

    The full papers' alignment is one span over both paragraphs, so P2 was a cluster of the agency
    and the P2-only papers, and the second full paper, which holds P2 too, was left out. And the P2
    cluster lies in the P1 + P2 cluster's places in three of its five documents: it is the story's
    part, one cluster with the story (the P2-only papers' places are P2), not a second one.
    """
    rng = np.random.default_rng(3)
    p1, p2 = words(rng, 50), words(rng, 45)
    own = [words(rng, 30) for _ in range(4)]
    parts = {"agency": [p1, p2], "full1": [own[0], p1, p2], "full2": [own[1], p1, p2]}
    parts |= {"p2only1": [own[2], p2], "p2only2": [own[3], p2]}
    texts, at = _texts_and_spans(parts)
    both = {d: TokenSpan(at[d, k].start, at[d, k + 1].end) for d, k in ((0, 0), (1, 1), (2, 1))}
    links = [
        Link(0, 1, SpanPair(both[0], both[1], 1.0)),
        Link(1, 2, SpanPair(both[1], both[2], 1.0)),
        Link(0, 3, SpanPair(at[0, 1], at[3, 1], 1.0)),
        Link(0, 4, SpanPair(at[0, 1], at[4, 1], 1.0)),
    ]
    prepared = [prepare(t) for t in texts]
    ids = list(parts)
    findings = shared_findings(ids, prepared, links, AlignParams())
    (story,) = findings
    assert story.docs == ("agency", "full1", "full2", "p2only1", "p2only2")
    for doc, occurrence in zip(story.docs, story.occurrences, strict=True):
        held = texts[ids.index(doc)][occurrence.start : occurrence.end]
        assert held == p2 if doc.startswith("p2only") else (held.startswith(p1) and held.endswith(p2))
    carried = [k for k in story.links if k.carried]
    # agency's P2 inside its P1 + P2 copy, on
    assert sorted((story.docs[k.i], story.docs[k.j]) for k in carried) == [
        ("agency", "full1"),
        ("full1", "full2"),
    ]
    for k in carried:
        assert texts[ids.index(story.docs[k.j])][k.b.start : k.b.end] == p2
    assert (len(story.links), story.words, story.boilerplate) == (6, 45, False)


def test_a_short_quote_carried_into_a_refiled_article_stays_reuse_not_boilerplate() -> None:
    """An article quotes 20 words of a statement and is re-filed whole: three places, one quote.

    Short in every place, but aligned between two documents only: no template, still reuse to gate on;
    and the carried pair is no detection for the PAN scores (only aligned pairs are).
    """
    from reuse.cases import detections_from_report

    rng = np.random.default_rng(4)
    quote, before, after, other = words(rng, 20), words(rng, 60), words(rng, 60), words(rng, 40)
    texts, at = _texts_and_spans({"article": [before, quote, after], "refiled": [before, quote, after]})
    texts.append(f"{other}\n\n{quote}")
    whole = TokenSpan(0, at[0, 2].end)
    links = [
        Link(0, 1, SpanPair(whole, whole, 1.0)),
        Link(0, 2, SpanPair(at[0, 1], TokenSpan(40, 60), 1.0)),
    ]
    prepared = [prepare(t) for t in texts]
    findings = shared_findings(["article", "refiled", "statement"], prepared, links, AlignParams())
    (cluster,) = [f for f in findings if f.kind == "cluster"]
    assert cluster.docs == ("article", "refiled", "statement")
    assert not cluster.boilerplate
    assert [k.carried for k in cluster.links] == [True, False]
    occurrences = [
        {"doc": d, "start": o.start, "end": o.end}
        for d, o in zip(cluster.docs, cluster.occurrences, strict=True)
    ]
    links_json = [
        {
            "pair": [k.i, k.j],
            "similarity": k.similarity,
            "spans": [[k.a.start, k.a.end], [k.b.start, k.b.end]],
            "carried": k.carried,
        }
        for k in cluster.links
    ]
    report = {
        "findings": [
            {
                "id": "F1",
                "kind": "cluster",
                "boilerplate": False,
                "occurrences": occurrences,
                "links": links_json,
            }
        ]
    }
    assert {(d.doc_a, d.doc_b) for d in detections_from_report(report)} == {("article", "statement")}


def test_a_headline_restated_in_the_lede_is_no_repeat_but_one_said_again_later_is() -> None:
    """A text file's first line is its headline and the lede restates it, as news is written: that
    was reported as a repeat (a walk through Arabic news, "استئناف الإنتاج في حقل الشرارة …").
    The same headline pasted again further down is still one."""
    from reuse.models import Document
    from reuse.pipeline import scan

    headline = "ليبيا: استئناف الإنتاج في حقل الشرارة بعد توقف دام ثلاثة أسابيع"
    lede = (
        "أعلنت المؤسسة الوطنية للنفط يوم الأحد استئناف الإنتاج في حقل الشرارة بعد توقف دام ثلاثة أسابيع"
        " بسبب احتجاجات نظمها سكان المنطقة."
    )
    rest = (
        "وقالت المؤسسة إن الإنتاج سيعود إلى مستواه الطبيعي خلال أيام، مشيرة إلى أن فرق الصيانة أنهت"
        " إصلاح الأضرار التي لحقت بالمعدات."
    )
    text = f"{headline}\n\n{lede}\n\n{rest}\n"
    assert scan([Document("a.txt", text)], workers=1).findings == ()
    pasted = f"{text}\n{headline}\n"
    (repeat,) = scan([Document("a.txt", pasted)], workers=1).findings
    assert repeat.occurrences[-1].start > len(text)  # the headline said again
    places = [pasted[o.start : o.end] for o in repeat.occurrences]
    assert places[-1] in headline
    assert places[-1].endswith("بعد توقف دام ثلاثة أسابيع")


def test_a_pair_that_two_clusters_already_tell_is_no_finding_of_its_own() -> None:
    """A paper reprints two paragraphs of a wire story; other papers reprint one each. The paper's
    link to the wire spans both paragraphs, so it is one passage with neither cluster and was a reuse
    finding of its own, over the text the two clusters show: the same copy reviewed (and counted) twice."""
    rng = np.random.default_rng(4)

    def words(n: int) -> str:
        return " ".join(f"v{k}y" for k in rng.integers(0, 50_000, n))

    first, second = words(60), words(60)
    texts = {
        "wire": f"{first} {second}",
        "both": f"{words(30)} {first} {second} {words(30)}",
        "one_a": f"{words(40)} {first} {words(40)}",
        "one_b": f"{words(40)} {first} {words(40)}",
        "two_a": f"{words(40)} {second} {words(40)}",
        "two_b": f"{words(40)} {second} {words(40)}",
    }
    result = scan([Document(k, t) for k, t in texts.items()])
    kinds = sorted(f.kind for f in result.findings)
    assert kinds == ["cluster", "cluster"]
    for cluster in result.findings:
        assert {"wire", "both"} <= set(cluster.docs)


def test_a_story_some_papers_reprint_only_the_first_half_of_is_one_cluster_of_every_paper() -> None:
    """Six papers reprint a 140-word story, three only its first 70 words. The halves are a passage
    inside the whole one, another passage (so that a quote does not chain two stories): two clusters,
    the whole story in six papers and its first half in nine, and neither listed all nine."""
    rng = np.random.default_rng(7)
    story = words(rng, 140)
    half = " ".join(story.split()[:70])
    docs = [Document(f"full{k}", f"{words(rng, 40)}. {story}. {words(rng, 40)}") for k in range(6)]
    docs += [Document(f"half{k}", f"{words(rng, 40)}. {half}. {words(rng, 40)}") for k in range(3)]
    docs += [Document(f"other{k}", words(rng, 150)) for k in range(10)]
    (cluster,) = [f for f in scan(docs, workers=1).findings if f.kind == "cluster"]
    assert cluster.docs == tuple(sorted(d.id for d in docs[:9]))
    texts = {d.id: d.text for d in docs}
    for doc, place in zip(cluster.docs, cluster.occurrences, strict=True):
        assert texts[doc][place.start : place.end] == (half if doc.startswith("half") else story)


def test_a_quote_many_articles_share_and_two_copies_of_one_story_hold_stays_a_cluster_of_its_own() -> None:
    """A 40-word statement quoted by eight articles; one of them is reprinted whole by two papers. The
    quote lies inside the reprint cluster's places in three of its ten documents: not that story's part."""
    rng = np.random.default_rng(8)
    quote = words(rng, 40)
    docs = [Document(f"quoting{k}", f"{words(rng, 60)}. {quote}. {words(rng, 60)}") for k in range(8)]
    docs += [Document(f"reprint{k}", docs[0].text) for k in range(2)]
    docs += [Document(f"other{k}", words(rng, 150)) for k in range(10)]
    clusters = [f for f in scan(docs, workers=1).findings if f.kind == "cluster"]
    by_size = sorted(clusters, key=lambda f: len(f.docs))
    assert [len(f.docs) for f in by_size] == [3, 10]
    assert set(by_size[0].docs) == {"quoting0", "reprint0", "reprint1"}
