"""Near-duplicate documents in ``reuse scan``: the definition, the groups, what differs, the report.

Expected figures come from the fixture texts (``fixtures/refiled``), counted by paragraph: each
re-filed version was written from its wire story by the edits its name says.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import ROOT, read_text
from typer.testing import CliRunner

from reuse.align import align_pair
from reuse.html_report import render_html
from reuse.models import AlignParams, Document, NearDuplicateParams, Overlap
from reuse.neardup import covered_words, differences, groups, overlap, word_edits
from reuse.pipeline import scan
from reuse.prepare import prepare
from reuse.report import to_csv, to_report
from reuse.spans import SpanPair, TokenSpan
from reuse_cli.main import app

REFILED = ROOT / "fixtures" / "refiled"


def words(text: str) -> int:
    """Word count as the tokenizer sees it for these texts: runs of letters and digits."""
    return len(re.findall(r"[^\W_]+", text))


def paragraph_words(name: str) -> list[int]:
    return [words(p) for p in read_text(REFILED / name).split("\n\n")]


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    docs = [Document(p.name, read_text(p), str(p)) for p in sorted(REFILED.glob("*.txt"))]
    return to_report(scan(docs))


def groups_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["kind"] == "near-duplicate"]


def pair_of(report: dict[str, Any], a: str, b: str) -> dict[str, Any]:
    return next(p for g in groups_of(report) for p in g["pairs"] if (p["a"], p["b"]) == (a, b))


# ------------------------------------------------------------------------------------ definition


@pytest.mark.parametrize(
    ("counts", "containment", "near"),
    [
        pytest.param((100, 50, 45, 40), 0.8, True, id="shorter-b-exactly-0.8"),
        pytest.param((100, 50, 45, 39), 0.78, False, id="shorter-b-under"),
        pytest.param((50, 100, 50, 60), 1.0, True, id="shorter-a-whole"),
        pytest.param((100, 100, 70, 85), 0.85, True, id="equal-length-the-larger-share"),
        pytest.param((100, 400, 100, 100), 1.0, True, id="a-quarter-of-b-all-inside"),
        pytest.param((0, 10, 0, 0), 0.0, False, id="empty-document"),
    ],
)
def test_containment_is_the_shorter_documents_share(
    counts: tuple[int, int, int, int], containment: float, near: bool
) -> None:
    both = Overlap(*counts)
    assert both.containment == pytest.approx(containment)
    assert both.near_duplicate() is near


def test_jaccard_counts_each_aligned_word_once() -> None:
    # 40 and 50 aligned words: 45 shared on average, of 100 + 60 - 45 = 115.
    assert Overlap(100, 60, 40, 50).jaccard == pytest.approx(45 / 115)
    assert Overlap(10, 10, 10, 10).jaccard == 1.0


def test_covered_words_is_the_union_of_spans() -> None:
    assert covered_words([TokenSpan(0, 10), TokenSpan(5, 12), TokenSpan(20, 23), TokenSpan(21, 22)]) == 15
    assert covered_words([]) == 0


def test_overlap_from_span_pairs() -> None:
    pairs = [
        SpanPair(TokenSpan(0, 30), TokenSpan(10, 40), 1.0),
        SpanPair(TokenSpan(25, 50), TokenSpan(40, 60), 0.9),
    ]
    both = overlap(50, 100, pairs)
    assert (both.a_aligned, both.b_aligned) == (50, 50)
    assert (both.a_in_b, both.b_in_a) == (1.0, 0.5)


def versions(a: int, b: int) -> Overlap:
    """Two versions of ``a`` and ``b`` words, each holding 90% of the other."""
    return Overlap(a, b, int(0.9 * a), int(0.9 * b))


def inside(short: int, long: int) -> Overlap:
    """A text of ``short`` words wholly inside one of ``long`` words (``a`` the short one)."""
    return Overlap(short, long, short, short)


def test_versions_are_joined_through_any_chain_of_them() -> None:
    pairs = [(5, 6, versions(100, 100)), (0, 2, versions(300, 290)), (2, 4, versions(290, 280))]
    assert groups(pairs, 0.8) == [[0, 2, 4], [5, 6]]
    assert groups([], 0.8) == []


def test_a_text_two_stories_hold_joins_one_of_them_not_both() -> None:
    """A 50-word statement quoted whole by a 350-word and a 170-word story: two stories, not one group.

    Joining every near-duplicate pair made the stories one group and ``reuse dedup`` dropped one.
    The statement goes with the story holding most of it (both hold all of it: the longer one).
    """
    assert groups([(0, 1, inside(50, 350)), (0, 2, inside(50, 170))], 0.8) == [[0, 1]]
    held_more = Overlap(50, 170, 50, 50)
    held_less = Overlap(50, 350, 42, 42)
    assert groups([(0, 1, held_less), (0, 2, held_more)], 0.8) == [[0, 2]]


def test_a_text_held_by_versions_of_one_story_joins_their_group() -> None:
    """A cut version inside two re-filed versions, and a cut of the cut: one story, one group."""
    pairs = [
        (1, 2, versions(400, 380)),
        (0, 1, inside(120, 400)),
        (0, 2, inside(120, 380)),
        (3, 0, inside(40, 120)),
        (3, 1, inside(40, 400)),
    ]
    assert groups(pairs, 0.8) == [[0, 1, 2, 3]]


def test_re_filed_statements_do_not_join_two_stories_either() -> None:
    """Two versions of a statement, one quoted by story 2 and the other by story 3: still two stories."""
    pairs = [(0, 1, versions(50, 52)), (0, 2, inside(50, 400)), (1, 3, inside(52, 300))]
    assert groups(pairs, 0.8) == [[0, 1, 2]]  # with the longer story; story 3 is in no group


def test_a_cut_version_re_filed_again_joins_its_story_through_the_cut() -> None:
    """A 230-word story (and its re-filed twin) cut to 130 words with a new lede and credit, then
    re-filed again with another lede and credit (151 words). The story holds 110 words of the cut,
    73% of the re-filed cut: still its story (a benchmark set's group). Asking the holder to hold
    80% of the longest version split it, to keep a roundup quoting a statement apart from a story
    that is the statement and one more paragraph; that story is the statement's version (the
    statement is over half of it), and goes with it."""
    pairs = [
        (0, 1, versions(230, 230)),
        (2, 1, Overlap(130, 230, 110, 110)),  # the cut, held by the story
        (2, 3, Overlap(130, 151, 125, 125)),  # the cut re-filed: a version of the cut
    ]
    assert groups(pairs, 0.8) == [[0, 1, 2, 3]]
    statement_and_more = [(0, 1, Overlap(32, 56, 32, 32)), (0, 2, inside(32, 107))]
    assert groups(statement_and_more, 0.8) == [[0, 1, 2]]


def test_a_roundup_of_three_briefs_is_no_version_of_them() -> None:
    """A 200-word roundup holding three 60-word briefs whole is a digest of three stories, not their version.

    Joining each brief to the roundup made one group of all four: the check's JSON copied the
    roundup's other text into every pair's differences (k briefs: k times the draft), and ``reuse
    dedup`` kept one of them and dropped the other stories.
    """
    assert groups([(0, 3, inside(60, 200)), (1, 3, inside(60, 200)), (2, 3, inside(60, 200))], 0.8) == []
    # Two stories held keep the rule: a story holds its cut to a fifth and a statement it quotes whole.
    assert groups([(0, 3, inside(60, 300)), (1, 3, inside(50, 300))], 0.8) == [[0, 1, 3]]
    # The setting: with roundups from four stories up, three briefs join the document holding them.
    three = [(0, 3, inside(60, 200)), (1, 3, inside(60, 200)), (2, 3, inside(60, 200))]
    assert groups(three, 0.8, roundup_stories=4) == [[0, 1, 2, 3]]


def test_briefs_that_are_versions_of_each_other_are_one_story_held() -> None:
    """Brief 0 and its re-filed version 1, and brief 2, inside document 3: two stories, so 3 holds them."""
    pairs = [
        (0, 1, versions(60, 62)),
        (0, 3, inside(60, 200)),
        (1, 3, inside(62, 200)),
        (2, 3, inside(60, 200)),
    ]
    assert groups(pairs, 0.8) == [[0, 1, 2, 3]]
    assert groups([*pairs, (4, 3, inside(40, 200))], 0.8) == [[0, 1]]  # a third story: a roundup


def test_a_roundup_re_filed_is_a_group_of_its_own_without_its_briefs() -> None:
    """Roundups 3 and 4 are versions of each other; the versions between them hold three briefs.

    Roundup 3 holds briefs 0 and 1 and roundup 4 holds brief 2 (their other pairs not aligned, as a
    star or a skipped check leaves them): the stories are counted over the versions together.
    """
    pairs = [
        (3, 4, versions(200, 205)),
        (0, 3, inside(60, 200)),
        (1, 3, inside(60, 200)),
        (2, 4, inside(60, 205)),
    ]
    assert groups(pairs, 0.8) == [[3, 4]]


def test_a_text_a_roundup_holds_joins_its_own_story() -> None:
    """Cut version 4 (70 words) of story 5 (300 words) is inside roundup 3 (370 words) with three briefs.

    The roundup, longer and holding all of it, took it before; the cut goes with its story.
    """
    pairs = [
        (0, 3, inside(80, 370)),
        (1, 3, inside(80, 370)),
        (2, 3, inside(80, 370)),
        (4, 3, inside(70, 370)),
        (4, 5, inside(70, 300)),
    ]
    assert groups(pairs, 0.8) == [[4, 5]]


def test_groups_do_not_depend_on_the_order_of_the_pairs() -> None:
    rng = np.random.default_rng(0)
    pairs = [
        (3, 6, versions(200, 205)),
        (0, 3, inside(60, 200)),
        (1, 3, inside(60, 200)),
        (2, 6, inside(60, 205)),
        (4, 3, inside(70, 200)),
        (4, 5, inside(70, 300)),
        (7, 5, inside(40, 300)),
        (7, 8, inside(40, 150)),
    ]
    expected = groups(pairs, 0.8)
    assert expected == [[3, 6], [4, 5, 7]]
    for _ in range(20):
        shuffled = [pairs[k] for k in rng.permutation(len(pairs))]
        flipped = [(y, x, Overlap(o.b_words, o.a_words, o.b_aligned, o.a_aligned)) for x, y, o in shuffled]
        assert groups(shuffled, 0.8) == groups(flipped, 0.8) == expected


def roundup_documents() -> list[Document]:
    """Three 80-word briefs, a 320-word story and its first 70 words (a cut version), and a roundup.

    The roundup (370 words, longer than the story) is a 40-word lede, the three briefs, the cut
    version and 20 words more; ``roundup_refiled`` is it with two words changed. Words are made up
    and never repeated, so documents share only what they were built from.
    """
    pool = iter(f"w{k}z" for k in np.random.default_rng(5).permutation(20_000).tolist())

    def made_up(n: int) -> list[str]:
        return [next(pool) for _ in range(n)]

    briefs = [made_up(80) for _ in range(3)]
    story = made_up(320)
    cut = story[:70]
    roundup = [*made_up(40), *briefs[0], *briefs[1], *briefs[2], *cut, *made_up(20)]
    refiled = [*roundup[:100], "changed", *roundup[101:300], "amended", *roundup[301:]]
    texts = {f"brief_{k}": b for k, b in enumerate(briefs)}
    texts |= {"roundup": roundup, "roundup_refiled": refiled, "story": story, "story_cut": cut}
    return [Document(i, " ".join(t) + ".") for i, t in texts.items()]


ROUNDUP_GROUPS = [["roundup", "roundup_refiled"], ["story", "story_cut"]]
""":func:`roundup_documents`' groups: the briefs in none, the cut version with its story."""


def test_a_scan_keeps_briefs_out_of_the_roundup_holding_them() -> None:
    """The roundup holds each brief whole, and the cut version: versions of neither.

    Before, the briefs and the cut version (the roundup is longer than the story) joined the roundup's
    group, and the check's JSON repeated the roundup's text once a brief.
    """
    result = scan(roundup_documents(), workers=1)
    assert [list(g.docs) for g in result.groups] == ROUNDUP_GROUPS
    (roundup, story) = result.groups
    assert [(p.a, p.b) for p in roundup.pairs] == [("roundup", "roundup_refiled")]
    assert [(p.a, p.b) for p in story.pairs] == [("story", "story_cut")]
    # Each brief is still reported, as reuse: a passage finding between it and both roundups.
    for k in range(3):
        held = {d for f in result.findings for d in f.docs if f"brief_{k}" in f.docs}
        assert held >= {f"brief_{k}", "roundup", "roundup_refiled"}


@pytest.mark.parametrize("value", [0.0, -0.1, 1.5])
def test_min_containment_must_be_a_share(value: float) -> None:
    with pytest.raises(ValueError, match="min_containment"):
        NearDuplicateParams(min_containment=value)


# ---------------------------------------------------------------------------------- the fixtures


def test_fixture_groups(report: dict[str, Any]) -> None:
    assert [g["docs"] for g in groups_of(report)] == [
        ["ar_fire_refiled.txt", "ar_fire_short.txt", "ar_fire_wire.txt"],
        ["en_flood_brief.txt", "en_flood_refiled.txt", "en_flood_wire.txt"],
    ]
    # Same-topic articles and the analysis sharing one 40-word paragraph stay out.
    grouped = {d for g in groups_of(report) for d in g["docs"]}
    assert not grouped & {"ar_fire_other.txt", "en_flood_analysis.txt"}


def test_cut_version_is_wholly_inside_its_wire_story(report: dict[str, Any]) -> None:
    wire = paragraph_words("en_flood_wire.txt")  # 4 paragraphs; the brief keeps the first two
    pair = pair_of(report, "en_flood_brief.txt", "en_flood_wire.txt")
    assert (pair["a_words"], pair["b_words"]) == (sum(wire[:2]), sum(wire))
    assert pair["a_in_b"] == 1.0  # one word changed (ageing -> old) inside the copied span
    assert pair["b_in_a"] == round(sum(wire[:2]) / sum(wire), 4)
    assert pair["containment"] == 1.0


def test_lede_and_credit_line_are_outside_the_alignment(report: dict[str, Any]) -> None:
    refiled = paragraph_words("en_flood_refiled.txt")  # lede, the wire's 4 paragraphs, credit line
    wire = sum(paragraph_words("en_flood_wire.txt"))
    assert sum(refiled[1:5]) == wire
    pair = pair_of(report, "en_flood_refiled.txt", "en_flood_wire.txt")
    assert pair["a_in_b"] == round(wire / sum(refiled), 4)
    assert pair["b_in_a"] == 1.0
    assert pair["jaccard"] == round(wire / sum(refiled), 4)  # b inside a: J = |b| / |a|
    found = [(d["what"], d["a_words"], d["b_words"]) for d in pair["differences"]]
    assert found == [("lede", refiled[0], 0), ("changed", 1, 1), ("changed", 1, 1), ("ending", refiled[5], 0)]
    changed = [(d["a"]["text"], d["b"]["text"]) for d in pair["differences"] if d["what"] == "changed"]
    assert changed == [("torrential", "heavy"), ("strengthen", "reinforce")]
    assert (
        pair["summary"]
        == f"a: {refiled[0]}-word lede; a: {refiled[5]} words more at the end; 2 words changed"
    )


def test_arabic_spelling_variants_are_no_difference(report: dict[str, Any]) -> None:
    refiled = paragraph_words("ar_fire_refiled.txt")  # lede, paragraphs 1, 2, 4, 3 of the wire, credit
    wire = sum(paragraph_words("ar_fire_wire.txt"))
    pair = pair_of(report, "ar_fire_refiled.txt", "ar_fire_wire.txt")
    assert pair["a_in_b"] == round(wire / sum(refiled), 4)
    assert pair["b_in_a"] == 1.0
    whats = sorted(d["what"] for d in pair["differences"])
    assert whats == ["ending", "lede", "moved"]  # hamza, teh marbuta, tashkeel, tatweel: not changes
    (moved,) = [d for d in pair["differences"] if d["what"] == "moved"]
    assert moved["a_words"] in (refiled[3], refiled[4])


def docs_of(finding: dict[str, Any]) -> set[str]:
    if finding["kind"] == "reuse":
        return {finding["a"]["doc"], finding["b"]["doc"]}
    return {o["doc"] for o in finding["occurrences"]}


def test_passage_findings_inside_a_group_carry_its_id(report: dict[str, Any]) -> None:
    by_id = {f["id"]: f for f in report["findings"]}
    for group in groups_of(report):
        assert group["findings"]
        for fid in group["findings"]:
            finding = by_id[fid]
            assert finding["group"] == group["id"]
            assert docs_of(finding) <= set(group["docs"])
    # The story's text, in all three versions of each story, is a cluster inside its group.
    for group in groups_of(report):
        assert any(docs_of(by_id[fid]) == set(group["docs"]) for fid in group["findings"])
    # The analysis shares one paragraph with two versions: a cluster of its own, in no group.
    outside = [f for f in report["findings"] if f["kind"] != "near-duplicate" and "group" not in f]
    assert [docs_of(f) for f in outside] == [
        {"en_flood_analysis.txt", "en_flood_refiled.txt", "en_flood_wire.txt"}
    ]


def test_group_ids_come_first_and_passage_ids_keep_their_numbers(report: dict[str, Any]) -> None:
    ids = [f["id"] for f in report["findings"]]
    assert ids[:2] == ["G1", "G2"]
    assert ids[2:] == [f"F{k}" for k in range(1, len(ids) - 1)]
    assert report["parameters"]["near_duplicates"] == {"min_containment": 0.8}


def test_a_bad_threshold_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["scan", str(REFILED), "--min-containment", "1.5"])
    assert result.exit_code == 2
    assert "min_containment must be between 0 and 1 (got 1.5)" in result.stderr


def test_difference_texts_are_slices_of_the_documents(report: dict[str, Any]) -> None:
    for group in groups_of(report):
        for pair in group["pairs"]:
            for d in pair["differences"]:
                for side in ("a", "b"):
                    if d[side] is not None:
                        text = read_text(REFILED / pair[side])
                        assert text[d[side]["start"] : d[side]["end"]] == d[side]["text"]


def test_csv_has_a_whole_document_row_per_near_duplicate_pair(report: dict[str, Any]) -> None:
    rows = [r for r in csv.DictReader(io.StringIO(to_csv(report))) if r["kind"] == "near-duplicate"]
    assert len(rows) == 6  # three pairs in each group of three
    row = next(r for r in rows if (r["doc_a"], r["doc_b"]) == ("en_flood_brief.txt", "en_flood_wire.txt"))
    assert (row["start_a"], row["end_a"]) == ("0", str(len(read_text(REFILED / "en_flood_brief.txt"))))
    assert row["similarity"] == "1.0"


def test_no_group_in_the_news_fixtures() -> None:
    docs = [Document(p.name, read_text(p)) for p in sorted((ROOT / "fixtures" / "news").glob("*.txt"))]
    result = scan(docs)
    assert result.groups == ()
    # en_crlf_bom shares 30 of its 41 words with en_wire: reuse, not a near-duplicate (0.73 < 0.8).
    assert all(f.kind != "near-duplicate" for f in result.findings)


def test_threshold_option_moves_the_line() -> None:
    docs = [Document(p.name, read_text(p)) for p in sorted((ROOT / "fixtures" / "news").glob("*.txt"))]
    result = scan(docs, near_duplicates=NearDuplicateParams(min_containment=0.7))
    assert [g.docs for g in result.groups] == [("en_crlf_bom.txt", "en_wire.txt")]


# --------------------------------------------------------------------------------- differences


def test_differences_of_a_lede_a_changed_word_and_a_cut() -> None:
    story = "Rain fell on the old harbour town while fishermen mended their nets by the quay at dawn."
    a = prepare(story + " The mayor said the storm would pass by noon.")
    b = prepare("Breaking news: " + story.replace("old", "ancient"))
    diffs = differences(a, b, align_pair(a, b, AlignParams()))
    assert [(d.what, d.a_words, d.b_words) for d in diffs] == [
        ("lede", 0, 2),
        ("changed", 1, 1),
        ("ending", 9, 0),
    ]


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        pytest.param("abcdef", "abcdef", [], id="same"),
        pytest.param("abcdef", "abXdef", [("replace", 2, 3, 2, 3)], id="one-changed"),
        pytest.param("abcdef", "abcdefgh", [("insert", 6, 6, 6, 8)], id="added-ending"),
        pytest.param("abcdef", "cdef", [("delete", 0, 2, 0, 0)], id="cut-opening"),
        pytest.param("aaab", "aab", [("delete", 2, 3, 2, 2)], id="no-unique-anchor-but-b"),
    ],
)
def test_word_edits(x: str, y: str, expected: list[tuple[str, int, int, int, int]]) -> None:
    def h(s: str) -> np.ndarray:
        return np.array([ord(c) for c in s], dtype=np.uint64)

    assert word_edits(h(x), h(y)) == expected


# ------------------------------------------------------------------------------- table and HTML


def test_table_shows_a_group_as_one_row(report: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # relative paths, as a user types them: the table's columns fit as in the README
    result = CliRunner().invoke(app, ["scan", "fixtures/refiled", "-f", "table", "-q"])
    assert result.exit_code == 0
    lines = result.stdout
    rows = set(re.findall(r"^│ ([FG]\d+) ", lines, flags=re.M))
    grouped = {f["id"] for f in report["findings"] if "group" in f}
    outside = {f["id"] for f in report["findings"] if f["kind"] != "near-duplicate" and "group" not in f}
    assert grouped
    assert rows == {"G1", "G2"} | outside  # passages inside a group are not rows of their own
    assert "27-word lede" in lines


def test_html_has_an_expandable_section_per_group(report: dict[str, Any]) -> None:
    texts = {p.name: read_text(p) for p in REFILED.glob("*.txt")}
    page = render_html(report, texts)
    assert page.count('<details class="group"') == 2
    assert 'id="near-duplicates"' in page
    assert 'href="#group-G2"' in page
    assert "lede only in a" in page
    assert "ending only in a" in page
    # the passage findings keep their cards and list rows
    assert page.count('<article class="finding') == len(report["findings"]) - 2


def test_scan_json_cli_reports_groups(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["scan", str(REFILED), "-o", str(out), "--min-containment", "0.9"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["parameters"]["near_duplicates"]["min_containment"] == 0.9
    # At 0.9 the short Arabic version is still wholly inside; every pair of the fixtures is >= 0.9.
    assert len([f for f in data["findings"] if f["kind"] == "near-duplicate"]) == 2
    assert "2 near-duplicate groups (6 documents)" in result.stderr


def test_a_quote_moved_to_the_end_with_its_attribution_reworded_is_moved_not_the_copys_own() -> None:
    """The source quotes the chairman in its fourth paragraph; the copy moves the quote to its end
    ("The chairman had told reporters: …" for "He added in remarks to reporters: …"). The aligner
    takes the source's words around the old place as one span, so the quote was "the copy's own
    words in the middle" and the source's quote "changed" words: an editor would read that the
    quote is not in the source (a walk through Arabic copy). Its words, in order, are ``moved``."""
    quote = "no one can keep the bread of the people hostage to the quarrels of the politicians"
    p = [
        "The national oil company said on Sunday that output resumed at the Sharara field after a stop "
        "of three weeks caused by protests of residents who demanded services and work.",
        "The company said in a statement on its website that output reached about one hundred and twenty "
        "thousand barrels a day in the first hours and would reach full capacity within a week.",
        "The chairman said losses from the closure passed four hundred and fifty million dollars and that "
        "maintenance crews worked around the clock to repair pipelines and pumps.",
        "Sharara is among the largest fields of the country and the company runs it with foreign partners "
        "including Repsol of Spain and Total of France.",
        "Libya relies on oil exports for more than ninety percent of its public revenue, so any stop in "
        "output is a direct blow to the state budget and to the salaries of its employees.",
    ]
    source = "\n\n".join([*p[:3], f'He added in remarks to reporters: "{quote}".', *p[3:]])
    copy = "\n\n".join([*p, f'The chairman had told reporters: "{quote}".'])
    (group,) = scan([Document("source", source), Document("copy", copy)], workers=1).groups
    (pair,) = group.pairs
    moved = [d for d in pair.differences if d.what == "moved"]
    texts = {"source": source, "copy": copy}
    assert len(moved) == 1
    for side, doc in ((moved[0].a, pair.a), (moved[0].b, pair.b)):
        assert side is not None
        assert quote in texts[doc][side.start : side.end]
    assert "moved" in describe_pair(pair)
    own = sorted(
        texts[doc][side.start : side.end]
        for d in pair.differences
        if d.what == "passage"
        for side, doc in ((d.a, pair.a), (d.b, pair.b))
        if side is not None
    )
    assert own == ["He added in remarks to", "The chairman had told"]  # only the attributions


def describe_pair(pair: Any) -> str:
    from reuse.neardup import describe

    return describe(pair.differences)
