"""``reuse dedup``: the document-level path finds the scan's groups, keeps one of each, deletes nothing."""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import ROOT, read_text
from test_near_duplicates import ROUNDUP_GROUPS, roundup_documents
from typer.testing import CliRunner

from reuse.dates import date_instant
from reuse.dedup import best_member, dedup, to_dedup_report
from reuse.docsketch import (
    DedupConfig,
    candidate_documents,
    check_pairs,
    complete_groups,
    document_sketches,
    estimated_containment,
)
from reuse.groupscore import score_groups
from reuse.models import AlignParams, Document, DuplicateIdError, NearDuplicateParams
from reuse.pipeline import scan
from reuse.prepare import prepare_batch
from reuse_cli.main import app

REFILED = ROOT / "fixtures" / "refiled"
runner = CliRunner()


def fixture_docs(folder: Path = REFILED) -> list[Document]:
    return [Document(p.name, read_text(p), str(p)) for p in sorted(folder.glob("*.txt"))]


def as_sets(groups: Any) -> list[frozenset[str]]:
    return sorted((frozenset(g) for g in groups), key=sorted)


# ---------------------------------------------------------------------------------- same groups


@pytest.mark.parametrize("folder", ["refiled", "news"])
def test_dedup_finds_the_scans_groups_on_the_fixtures(folder: str) -> None:
    docs = fixture_docs(ROOT / "fixtures" / folder)
    assert as_sets(g.docs for g in dedup(docs).groups) == as_sets(g.docs for g in scan(docs).groups)


def make_refiled(documents: int, seed: int) -> Any:
    """The benchmark generator (benchmarks/refiled.py): re-filed stories and hard negatives."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("refiled").make_refiled(documents, seed=seed)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def generated() -> Any:
    return make_refiled(400, seed=7)


def test_scan_and_dedup_agree_on_a_generated_set(generated: Any) -> None:
    docs = [Document(i, t) for i, t in zip(generated.ids, generated.texts, strict=True)]
    by_scan = [g.docs for g in scan(docs).groups]
    by_dedup = [g.docs for g in dedup(docs).groups]
    assert as_sets(by_scan) == as_sets(by_dedup)
    for found in (by_scan, by_dedup):
        scores = score_groups(found, generated.groups, generated.ids)
        assert scores.precision >= 0.97
        assert scores.recall >= 0.97
    group_of = {d: k for k, g in enumerate(by_dedup) for d in g}
    hard = [(a, b) for a, b, _ in generated.negatives]
    assert hard
    assert not [(a, b) for a, b in hard if a in group_of and group_of[a] == group_of.get(b)]


# -------------------------------------------------------------------------------- the sketch path


def test_estimated_containment_from_jaccard_and_sizes() -> None:
    # X (100) inside Y (400): J = 100 / 400 = 0.25, |X ∩ Y| = 0.25 * 500 / 1.25 = 100, all of X.
    estimate = estimated_containment(
        np.array([0.25, 0.0, 0.5]), np.array([100, 10, 100]), np.array([400, 10, 100])
    )
    assert estimate.tolist() == pytest.approx([1.0, 0.0, 2 / 3])


def test_short_version_is_a_candidate() -> None:
    """A third of a long article (Jaccard about 0.33 with it) still shares a band and passes."""
    long_text = (
        read_text(REFILED / "en_flood_refiled.txt") + "\n\n" + read_text(REFILED / "en_flood_analysis.txt")
    )
    short_text = read_text(REFILED / "en_flood_brief.txt")
    prepared = prepare_batch([long_text, short_text, read_text(REFILED / "ar_fire_wire.txt")])
    signatures, sizes = document_sketches(prepared, DedupConfig())
    found = candidate_documents(signatures, sizes, DedupConfig())
    assert found.pairs.tolist() == [[0, 1]]
    assert found.estimate[0] >= 0.8


def test_documents_without_shingles_pair_with_nothing() -> None:
    prepared = prepare_batch(["the and of", "the and of", "Rain fell on the old harbour town"])
    signatures, sizes = document_sketches(prepared, DedupConfig())
    assert sizes.tolist()[:2] == [0, 0]
    assert candidate_documents(signatures, sizes, DedupConfig()).pairs.shape == (0, 2)


def test_a_statement_two_stories_quote_whole_drops_neither_story() -> None:
    """A 50-word statement inside a 350-word story and a 170-word one: the stories share only it.

    Joining every near-duplicate pair made the two stories one group and ``reuse dedup`` dropped the
    shorter story. Now the statement goes with one story (the one holding most of it; both hold all
    of it, so the longer) and both stories are kept; the scan's groups say the same.
    """
    rng = np.random.default_rng(3)

    def words(n: int) -> str:
        return " ".join(f"w{k}z" for k in rng.choice(20_000, n, replace=False))

    statement = words(50) + "."
    docs = [
        Document("statement", statement),
        Document("story_a", statement + " " + words(300) + "."),
        Document("story_b", words(60) + ". " + statement + " " + words(60) + "."),
    ]
    result = dedup(docs, keep="longest")
    assert [(d.id, d.keep, d.group) for d in result.decisions] == [
        ("statement", False, "G1"),
        ("story_a", True, "G1"),
        ("story_b", True, None),
    ]
    scanned = as_sets(g.docs for g in scan(docs, workers=1).groups)
    assert scanned == as_sets(g.docs for g in result.groups) == [{"statement", "story_a"}]


def test_dedup_keeps_every_brief_a_roundup_holds() -> None:
    """A roundup of three briefs (and a story's cut version) is no version of them: every brief is kept.

    Before, the briefs joined the roundup's group and ``reuse dedup`` kept the longest document,
    the roundup, dropping three different stories; the cut version went with the roundup, not its story.
    """
    docs = roundup_documents()
    result = dedup(docs, keep="longest")
    decisions = {d.id: (d.keep, d.group, d.kept) for d in result.decisions}
    assert decisions == {
        "brief_0": (True, None, None),
        "brief_1": (True, None, None),
        "brief_2": (True, None, None),
        "roundup": (True, "G1", "roundup"),  # as long as its re-filed version: the first
        "roundup_refiled": (False, "G1", "roundup"),
        "story": (True, "G2", "story"),
        "story_cut": (False, "G2", "story"),
    }
    assert [sorted(g.docs) for g in result.groups] == ROUNDUP_GROUPS
    assert as_sets(g.docs for g in scan(docs, workers=1).groups) == as_sets(ROUNDUP_GROUPS)


def test_joined_documents_are_not_aligned_again() -> None:
    docs = fixture_docs()
    prepared = prepare_batch([d.text for d in docs])
    n = len(docs)
    every = np.array([(x, y) for x in range(n) for y in range(x + 1, n)], dtype=np.int64)
    found, aligned = check_pairs(prepared, every, AlignParams(), 0.8, workers=1)
    # Two groups of three. ar_fire_short is half of ar_fire_refiled, so a version: joined, and its
    # pair with ar_fire_wire is never aligned. en_flood_brief is 41% of en_flood_refiled, a smaller
    # text inside it, which joins nothing by itself (the group it joins depends on every document
    # holding it): the refiled-wire pair is aligned too.
    assert aligned == len(every) - 1
    assert len(found) == 5
    story = "Rain fell on the old harbour town while fishermen mended their nets by the quay at dawn."
    three = prepare_batch([story, "Breaking: " + story, story + " More later."])
    found, aligned = check_pairs(three, np.array([[0, 1], [0, 2], [1, 2]]), AlignParams(), 0.8, workers=1)
    assert [(x, y) for x, y, _, _ in found] == [(0, 1), (0, 2)]  # three versions: 1-2 joined already
    assert aligned == 2


def test_complete_groups_adds_the_pairs_a_star_left_out() -> None:
    """The scan aligned a star around x; the document sketch adds a-b, which joins a to the group.

    x is the wire story with an analysis appended, a a lede and the story's first half, b that half
    alone: b lies wholly inside x and a, a only 74% inside x (its lede is its own).
    """
    wire = read_text(REFILED / "en_flood_wire.txt")
    half = "\n\n".join(wire.split("\n\n")[:2])
    lede = read_text(REFILED / "en_flood_refiled.txt").split("\n\n")[0]
    texts = [wire + "\n\n" + read_text(REFILED / "en_flood_analysis.txt"), lede + "\n\n" + half, half]
    prepared = prepare_batch(texts)
    star = np.array([[0, 1], [0, 2]], dtype=np.int64)
    found, _ = check_pairs(prepared, star, AlignParams(), 0.8, workers=1)
    assert [(x, y) for x, y, _, _ in found] == [(0, 2)]  # a is no near-duplicate of x
    more, aligned = complete_groups(prepared, star, found, AlignParams(), NearDuplicateParams(), workers=1)
    assert [(x, y, both.containment) for x, y, both, _ in more] == [(1, 2, 1.0)]
    assert aligned == 1  # only a-b: the star's pairs are not aligned again


# ---------------------------------------------------------------------------------- what is kept


@pytest.mark.parametrize(
    ("policy", "dates", "expected"),
    [
        pytest.param("first", None, 1, id="first"),
        pytest.param("longest", None, 2, id="longest-tie-first"),
        pytest.param("newest", ["2020-01-01", "2019-12-31", None, "2021-03-04"], 3, id="newest-iso"),
        pytest.param("newest", [5, 9, 7, 1], 1, id="newest-numbers"),
        pytest.param("newest", [None, None, None, None], 1, id="no-dates-first"),
        pytest.param("newest", ["2020-01-01", "2020-01-01", None, "2020-01-01"], 1, id="same-date-first"),
        # 11:30 +03:00 is 08:30 UTC, before 09:00 UTC; 23:00 -05:00 is 04:00 UTC the next day.
        pytest.param(
            "newest", [None, "2024-03-04T09:00:00+00:00", "2024-03-04T11:30:00+03:00", None], 1, id="zones"
        ),
        pytest.param(
            "newest", [None, "2024-03-02T01:00:00Z", "2024-03-01T23:00:00-05:00", None], 2, id="west-of-utc"
        ),
        pytest.param(
            "newest",
            [
                None,
                "Sun, 03 Mar 2024 10:00:00 GMT",
                "Sat, 02 Mar 2024 09:00:00 GMT",
                "Mon, 04 Mar 2024 09:00 +0100",
            ],
            3,
            id="rfc-2822",
        ),
        pytest.param("newest", [None, "2024-03-05", "not a date", None], 1, id="unreadable-is-undated"),
        pytest.param("oldest", ["2020-01-01", "2019-12-31", None, "2021-03-04"], 1, id="oldest-iso"),
        pytest.param("oldest", [None, "1888-01-22", "1887-09-25", "1887-10"], 2, id="oldest-1880s"),
        pytest.param("oldest", [None, None, "2024-03-05", None], 2, id="oldest-undated-never-kept"),
        pytest.param("oldest", [None, "not a date", "2024-03-05", "2024-03-06"], 2, id="oldest-unreadable"),
        pytest.param("oldest", [None, None, None, None], 1, id="oldest-no-dates-first"),
        pytest.param(
            "oldest", [None, "1887-09-25", "1887-09-25T00:00Z", None], 1, id="oldest-same-instant-first"
        ),
        pytest.param(
            "oldest",
            [None, "Sun, 25 Sep 1887 12:00:00 GMT", "1887-09-25T11:00-02:00", None],
            1,
            id="oldest-zones",
        ),
        pytest.param(
            "newest", [None, "2024-03-01", "2024-03-01T09:30", "2024-03-01T09:30+01:00"], 2, id="naive-utc"
        ),
        pytest.param(
            "newest",
            [None, "2024-03-01T10:00:00", "1709300000", "Fri, 01 Mar 2024 12:00:00 GMT"],
            2,
            id="unix-text",
        ),
    ],
)
def test_best_member(policy: str, dates: list[Any] | None, expected: int) -> None:
    words = [10, 40, 90, 90]  # documents 2 and 3 tie for longest
    assert best_member(policy, [1, 2, 3], words, dates) == expected


def test_keep_longest_keeps_the_version_with_lede_and_credit() -> None:
    result = dedup(fixture_docs(), keep="longest")
    kept = {d.group: d.kept for d in result.decisions if d.group}
    assert kept == {"G1": "ar_fire_refiled.txt", "G2": "en_flood_refiled.txt"}
    dropped = sorted(d.id for d in result.decisions if not d.keep)
    assert dropped == ["ar_fire_short.txt", "ar_fire_wire.txt", "en_flood_brief.txt", "en_flood_wire.txt"]
    reasons = {d.id: d.reason for d in result.decisions}
    assert reasons["ar_fire_other.txt"] == "no near-duplicate"
    assert reasons["en_flood_wire.txt"].startswith("near-duplicate in G2, which keeps en_flood_refiled.txt")


def test_dedup_names_dates_it_cannot_read_and_keeps_the_newest_dated() -> None:
    story = words(np.random.default_rng(5), 120)
    docs = [Document("v0", story), Document("v1", "Update: " + story), Document("v2", story + " More later.")]
    result = dedup(docs, keep="newest", dates=["2024-03-05", "not a date", " "], workers=1)
    assert result.unreadable_dates == ("v1",)  # a blank date is no date, not an unreadable one
    assert [(d.id, d.keep) for d in result.decisions] == [("v0", True), ("v1", False), ("v2", False)]


def test_keep_newest_keeps_the_newest_version_not_a_newer_brief_it_holds() -> None:
    """en_flood_brief is newest, but it is a text the story holds (41% of it), not a version of it."""
    docs = fixture_docs()
    dates = ["2024-01-0" + str(k % 9 + 1) for k in range(len(docs))]
    dates[[d.id for d in docs].index("en_flood_brief.txt")] = "2025-06-01"
    result = dedup(docs, keep="newest", dates=dates)
    by_id = {d.id: d for d in result.decisions}
    assert by_id["en_flood_wire.txt"].keep  # 2024-01-08, the newer of the two versions
    brief = by_id["en_flood_brief.txt"]
    assert (brief.keep, brief.kept) == (False, "en_flood_wire.txt")
    assert brief.reason.endswith("en_flood_wire.txt holds 100% of its words (Jaccard 0.50)")


@pytest.mark.parametrize(
    ("dates", "kept", "by"),
    [
        pytest.param([None, None, None], "v0", "first: no version has a date", id="none-dated"),
        pytest.param([None, "2024-03-01", None], "v1", "newest", id="one-dated"),
        pytest.param(["2024-03-01", "not a date", "2024-03-01"], "v0", "newest", id="tie-input-order"),
    ],
)
def test_keep_newest_says_what_chose_when_no_version_has_a_date(
    dates: list[str | None], kept: str, by: str
) -> None:
    """With no date among a group's versions the first (input order) is kept, as the README's tie rule
    says; the reasons said "kept as the newest of the 3 versions" while stderr said that no document
    had a date. The reasons now name what decided, and say newest only where a date did."""
    story = words(np.random.default_rng(29), 150)
    docs = [Document("v0", story), Document("v1", "Update: " + story), Document("v2", story + " More.")]
    result = dedup(docs, keep="newest", dates=dates, workers=1)
    reasons = {d.id: d.reason for d in result.decisions}
    assert [d.id for d in result.decisions if d.keep] == [kept]
    policy = by.partition(":")[0]
    undated = " (none has a date)" if policy != "newest" else ""
    assert reasons[kept].startswith(f"kept as the {policy} of the 3 versions{undated} of the story in G1")
    for other in {"v0", "v1", "v2"} - {kept}:
        assert reasons[other].startswith(f"near-duplicate in G1, which keeps {kept} ({by}); {kept} holds")
    assert ("newest" in " ".join(reasons.values())) == (policy == "newest")


def test_cli_keep_newest_of_records_without_dates_says_the_first_was_kept(tmp_path: Path) -> None:
    """The walk's case: three near-duplicate JSONL records without a date field, written as CSV."""
    names = ["en_flood_wire.txt", "en_flood_refiled.txt", "ar_fire_other.txt"]
    path = tmp_path / "corp.jsonl"
    path.write_text(
        "".join(json.dumps({"id": n, "text": read_text(REFILED / n)}) + "\n" for n in names), encoding="utf-8"
    )
    result = runner.invoke(app, ["dedup", str(path), "--keep", "newest", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff")))}
    assert [(r["action"], r["kept"]) for r in rows.values()] == [
        ("keep", "en_flood_wire.txt"),
        ("drop", "en_flood_wire.txt"),
        ("keep", ""),
    ]
    assert rows["en_flood_wire.txt"]["reason"].startswith(
        "kept as the first of the 2 versions (none has a date) of the story in G1"
    )
    assert (
        "which keeps en_flood_wire.txt (first: no version has a date)"
        in rows["en_flood_refiled.txt"]["reason"]
    )
    assert "kept as the newest" not in result.stdout
    assert (
        "reuse: 3 documents (en_flood_wire.txt, en_flood_refiled.txt, ar_fire_other.txt) have no 'date': "
        "never kept as newest (a group with no dated version keeps " in (result.stderr)
    )


def test_text_files_are_never_dated_by_their_modification_time(tmp_path: Path) -> None:
    """A copy changes a file's modification time: a walker's folder copied without ``-p`` kept 97 other
    versions under ``--keep newest``. Plain text files have no date, as in ``reuse scan``."""
    import os

    decisions = []
    for newer in ("en_flood_wire.txt", "en_flood_refiled.txt"):
        folder = tmp_path / newer
        folder.mkdir()
        for k, name in enumerate(("en_flood_wire.txt", "en_flood_refiled.txt")):
            (folder / name).write_text(read_text(REFILED / name), encoding="utf-8")
            stamp = 2_000_000_000 if name == newer else 1_000_000_000 + k
            os.utime(folder / name, (stamp, stamp))
        result = runner.invoke(app, ["dedup", str(folder), "--keep", "newest", "-f", "json"])
        assert result.exit_code == 0, result.output
        assert "have no 'date'" in result.stderr
        decisions.append([(Path(d["id"]).name, d["action"]) for d in json.loads(result.stdout)["documents"]])
    assert decisions[0] == decisions[1]


def words(rng: np.random.Generator, n: int) -> str:
    """``n`` distinct made-up words: texts that share nothing unless built from each other."""
    return " ".join(f"w{k}z" for k in rng.choice(20_000, n, replace=False)) + "."


def quoting_story() -> tuple[str, str]:
    """A 70-word statement, and a story quoting it whole in 330 words (about a fifth of the story)."""
    rng = np.random.default_rng(11)
    statement = words(rng, 70)
    return statement, words(rng, 130) + " " + statement + " " + words(rng, 130)


@pytest.mark.parametrize(
    ("keep", "dates"),
    [
        pytest.param("first", None, id="first"),
        pytest.param("newest", ["2024-03-09", "2024-03-01"], id="newest"),
        pytest.param("longest", None, id="longest"),
    ],
)
def test_a_statement_the_story_quotes_is_never_kept_in_its_place(keep: str, dates: list[str] | None) -> None:
    """The statement comes first (and is newest), but keeping it would drop the story's 260 own words."""
    statement, story = quoting_story()
    result = dedup([Document("statement", statement), Document("story", story)], keep=keep, dates=dates)
    dropped, kept = result.decisions
    assert (dropped.keep, dropped.group, dropped.kept, kept.keep) == (False, "G1", "story", True)
    assert dropped.overlap is not None
    assert dropped.overlap.a_in_b == 1.0  # the share of the dropped one
    # Not "keeps story (newest)": the statement is the newest; the story was the only version to keep.
    assert dropped.reason == (
        "near-duplicate in G1, which keeps story (the only version of the story); story holds 100% of its "
        "words (Jaccard 0.21)"
    )
    assert kept.reason.startswith(
        "kept as the only version of the story in G1 (the other document of G1 is a smaller text the story "
        "holds, not a version)"
    )


def test_a_version_the_kept_one_holds_only_half_of_is_kept_too() -> None:
    """The newest version is the story cut to 55%: dropping the full story would lose 45% of it."""
    story = words(np.random.default_rng(13), 300)
    cut = " ".join(story.split()[:165])
    result = dedup([Document("full", story), Document("cut", cut)], keep="newest", dates=[1, 2])
    full, kept = result.decisions
    assert (kept.keep, kept.group) == (True, "G1")
    assert (full.keep, full.kept) == (True, "cut")
    assert full.reason == "kept too: G1 keeps cut (newest), which holds only 55% of its words"
    (group,) = to_dedup_report(result)["groups"]  # the JSON names both (a walker's pipeline read one)
    assert (group["kept"], group["keeps"]) == ("cut", ["full", "cut"])


def test_full_copies_are_dropped_in_favour_of_the_one_kept_too_when_the_newest_is_cut() -> None:
    """The walk's reprints: six full copies of a story and the newest copy cut to half.

    The cut holds half of each full copy, so the longest full copy is kept too; the other five are
    copies of it and go. The check had aligned few of their pairs with it (it joins a group through
    a chain and skips the rest), and a pair never aligned read as "not held": all six were kept.
    """
    rng = np.random.default_rng(41)
    story = words(rng, 280).split()
    docs = [Document(f"full{k}", " ".join(story[: 280 - k])) for k in range(6)]
    docs.append(Document("cut", " ".join(story[:140])))
    dates = [f"1887-10-0{k + 1}" for k in range(6)] + ["1888-01-22"]
    result = dedup(docs, keep="newest", dates=dates, workers=1)
    assert [(d.id, d.keep, d.kept) for d in result.decisions] == [
        ("full0", True, "cut"),
        *((f"full{k}", False, "full0") for k in range(1, 6)),
        ("cut", True, "cut"),
    ]
    assert result.decisions[0].reason == "kept too: G1 keeps cut (newest), which holds only 50% of its words"
    assert result.decisions[3].reason == (
        "near-duplicate in G1, which keeps cut (newest) and full0; "
        "full0 holds 100% of its words (Jaccard 0.99)"
    )
    assert result.figures["aligned_to_decide"] >= 5


def test_a_dropped_version_is_aligned_with_the_kept_one_when_the_check_skipped_their_pair() -> None:
    """The check joins three versions by two pairs; keeping a leaf, the other leaf's pair is aligned."""
    story = words(np.random.default_rng(17), 150)
    docs = [
        Document("v0", story),
        Document("v1", "Update from the desk: " + story),
        Document("v2", story + " More."),
    ]
    (group,) = dedup(docs, workers=1).groups
    checked = [(p.a, p.b) for p in group.pairs]
    centre = next(d for d in ("v0", "v1", "v2") if all(d in pair for pair in checked))
    kept, other = (d for d in ("v0", "v1", "v2") if d != centre)
    result = dedup(docs, keep="newest", dates=[2 if d.id == kept else 1 for d in docs], workers=1)
    decision = next(d for d in result.decisions if d.id == other)
    assert (decision.keep, decision.kept, decision.partner) == (False, kept, kept)
    assert decision.overlap is not None
    assert decision.overlap.a_in_b >= 0.8
    assert result.figures["aligned_to_decide"] == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"keep": "eldest"}, "keep must be one of", id="keep"),
        pytest.param({"dates": ["2020"]}, "one value per document", id="dates"),
    ],
)
def test_dedup_invalid(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dedup(fixture_docs(), **kwargs)


def test_report_lists_every_document_in_input_order() -> None:
    docs = fixture_docs()
    report = to_dedup_report(dedup(docs))
    assert report["schema"] == "reuse.dedup/1"
    assert [d["id"] for d in report["documents"]] == [d.id for d in docs]
    assert report["parameters"]["sketch"]["ngram"] == 3
    # The first version of each story: en_flood_brief comes first, but it is a text the story holds.
    assert [g["kept"] for g in report["groups"]] == ["ar_fire_refiled.txt", "en_flood_refiled.txt"]


# ------------------------------------------------------------------------------------------- CLI


def snapshot(folder: Path) -> dict[str, tuple[float, bytes]]:
    return {p.name: (p.stat().st_mtime, p.read_bytes()) for p in folder.iterdir()}


def test_cli_writes_a_list_and_touches_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for p in REFILED.glob("*.txt"):
        (folder / p.name).write_bytes(p.read_bytes())
    before = snapshot(folder)
    out = tmp_path / "keep.csv"
    result = runner.invoke(app, ["dedup", str(folder), "--keep", "longest", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert snapshot(folder) == before
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 8
    assert sum(r["action"] == "drop" for r in rows) == 4
    brief = next(r for r in rows if r["id"].endswith("en_flood_brief.txt"))
    assert brief["group"] == "G2"
    assert brief["kept"].endswith("en_flood_refiled.txt")
    assert brief["containment"] == "1.0"
    assert "8 documents, 2 near-duplicate groups, 4 to drop (nothing deleted)" in result.stderr


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        pytest.param([], "d.html", "does not write html (it writes table, json, csv, xlsx)", id="html"),
        pytest.param(["-f", "csv"], "d.xlsx", "--format csv contradicts", id="xlsx-named-csv"),
        pytest.param(["-f", "json"], "d.csv", "--format json contradicts", id="csv-named-json"),
    ],
)
def test_cli_output_suffix_of_another_format_is_a_usage_error(
    tmp_path: Path, args: list[str], name: str, message: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(app, ["dedup", str(REFILED), *args, "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_cli_writes_the_keep_drop_list_as_a_workbook(tmp_path: Path) -> None:
    """Editors are handed a keep/drop list in Excel: ``-o keep.xlsx`` was refused (csv only)."""
    openpyxl = pytest.importorskip("openpyxl", reason="needs the formats extra")
    listed = runner.invoke(app, ["dedup", str(REFILED), "-f", "csv", "-q"]).stdout
    rows = list(csv.reader(io.StringIO(listed)))
    out = tmp_path / "keep.xlsx"
    assert runner.invoke(app, ["dedup", str(REFILED), "-q", "-o", str(out)]).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["documents"]

    def same(value: Any) -> Any:  # a number as a number: the CSV's 1.0 reads back from Excel as 1
        text = "" if value is None else str(value)
        return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else text

    cells = [[same(c.value) for c in row] for row in book["documents"].iter_rows()]
    assert cells == [
        [same(c) for c in row] for row in [[rows[0][0].removeprefix("\ufeff"), *rows[0][1:]], *rows[1:]]
    ]
    again = tmp_path / "again.xlsx"
    runner.invoke(app, ["dedup", str(REFILED), "-q", "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_cli_json_and_table() -> None:
    result = runner.invoke(app, ["dedup", str(REFILED), "-f", "json", "-q"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert len(report["groups"]) == 2
    table = runner.invoke(app, ["dedup", str(REFILED), "-f", "table", "-q"]).stdout
    assert "G1" in table
    assert "drop" in table
    assert "ar_fire_other" not in table  # documents in no group are left out of the table


def test_cli_keep_newest_reads_a_jsonl_date_field(tmp_path: Path) -> None:
    wire, refiled = read_text(REFILED / "en_flood_wire.txt"), read_text(REFILED / "en_flood_refiled.txt")
    lines = [
        {"id": "wire", "text": wire, "published": "2024-03-01T10:00"},
        {"id": "refiled", "text": refiled, "published": "2024-03-01T12:30"},
        {"id": "other", "text": read_text(REFILED / "ar_fire_other.txt")},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    result = runner.invoke(
        app, ["dedup", str(path), "--keep", "newest", "--date-field", "published", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    actions = {d["id"]: d["action"] for d in json.loads(result.stdout)["documents"]}
    assert actions == {"wire": "drop", "refiled": "keep", "other": "keep"}
    assert "reuse: 1 document (other) has no 'published'" in result.stderr


def test_cli_keep_newest_names_the_first_undated_documents_and_counts_the_others(tmp_path: Path) -> None:
    """It said "7 documents have no 'date'" without naming one: where to start looking was anyone's guess."""
    rng = np.random.default_rng(29)
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": f"s{k}", "text": words(rng, 30)}) + "\n" for k in range(7)))
    result = runner.invoke(app, ["dedup", str(path), "--keep", "newest", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert (
        "reuse: 7 documents (s0, s1, s2, s3, s4 and 2 more) have no 'date': never kept as newest (a group "
        "with no dated version keeps its first, by input order)\n"
    ) in result.stderr


def test_cli_keep_newest_compares_instants_and_never_keeps_a_quoted_statement(tmp_path: Path) -> None:
    rng = np.random.default_rng(19)
    statement, story = quoting_story()
    stories = [words(rng, 150) for _ in range(3)]
    records = [
        ("utc", stories[0], "2024-03-04T09:00:00+00:00"),
        ("moscow", "Update: " + stories[0], "2024-03-04T11:30:00+03:00"),  # 08:30 UTC: older
        ("sunday", stories[1], "Sun, 03 Mar 2024 10:00:00 GMT"),
        ("monday", stories[1] + " More.", "Mon, 04 Mar 2024 10:00:00 GMT"),
        ("dated", stories[2], "2024-03-05"),
        ("bad", "Update: " + stories[2], "not a date"),
        ("statement", statement, "2024-03-09"),
        ("story", story, "2024-03-01"),
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "date": d}) + "\n" for i, t, d in records))
    result = runner.invoke(app, ["dedup", str(path), "--keep", "newest", "-f", "json"])
    assert result.exit_code == 0, result.output
    kept = {d["id"] for d in json.loads(result.stdout)["documents"] if d["action"] == "keep"}
    assert kept == {"utc", "monday", "dated", "story"}
    assert "reuse: 1 document (bad) has a 'date' that is not a date: never kept as newest\n" in result.stderr
    assert result.stderr.count("bad") == 1


@pytest.mark.parametrize(
    "year",
    [
        pytest.param(1888, id="number"),
        pytest.param(1888.0, id="float"),
        pytest.param("1888", id="text"),
        pytest.param("1888.0", id="float-text"),
    ],
)
def test_a_four_digit_number_is_a_year_not_unix_seconds(tmp_path: Path, year: Any) -> None:
    """A year column as pandas writes it with a gap (``1888.0``) was 1888 Unix seconds, 00:31 on
    1 January 1970: newer than a story dated 00:30 that day, where the text ``1888`` was the year."""
    assert date_instant(year) == date_instant("1888-01-01")
    wire, refiled = read_text(REFILED / "en_flood_wire.txt"), read_text(REFILED / "en_flood_refiled.txt")
    path = tmp_path / "a.jsonl"
    records = [
        {"id": "old", "text": refiled, "date": year},
        {"id": "new", "text": wire, "date": "1970-01-01T00:30Z"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(app, ["dedup", str(path), "--keep", "newest", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert {d["id"]: d["action"] for d in json.loads(result.stdout)["documents"]} == {
        "old": "drop",
        "new": "keep",
    }


def test_cli_keep_oldest_keeps_the_first_printing(tmp_path: Path) -> None:
    """A historian keeps a story's first printing: the oldest dated version, whatever the input order.

    A version without a date (or with one that is not a date) is never kept as the oldest while
    another has one, as with newest: its date is unknown. A group with no dated version keeps its
    first, and says so.
    """
    rng = np.random.default_rng(43)
    stories = [words(rng, 150) for _ in range(2)]
    records = [
        ("courier", stories[0] + " More.", "1887-12-25"),
        ("gazette", "From the Gazette: " + stories[0], "Sun, 25 Sep 1887 00:00:00 GMT"),
        ("undated", stories[0], None),
        ("star", "Reprinted: " + stories[0], "not a date"),
        ("herald", stories[1], None),
        ("post", stories[1] + " Ends.", None),
    ]
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t, "date": d}) + "\n" for i, t, d in records))
    result = runner.invoke(app, ["dedup", str(path), "--keep", "oldest", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff")))}
    assert {i: (r["action"], r["kept"]) for i, r in rows.items()} == {
        "courier": ("drop", "gazette"),
        "gazette": ("keep", "gazette"),
        "undated": ("drop", "gazette"),
        "star": ("drop", "gazette"),
        "herald": ("keep", "herald"),
        "post": ("drop", "herald"),
    }
    assert rows["gazette"]["reason"].startswith("kept as the oldest of the 4 versions of the story in G1")
    assert rows["post"]["reason"].startswith(
        "near-duplicate in G2, which keeps herald (first: no version has"
    )
    assert "3 documents (undated, herald, post) have no 'date': never kept as oldest" in result.stderr
    assert "1 document (star) has a 'date' that is not a date: never kept as oldest" in result.stderr
    # Each row says the date the rule read, as written: why the gazette, second in the file, was kept.
    assert {i: r["date"] for i, r in rows.items()} == {i: d or "" for i, _, d in records}
    table = runner.invoke(app, ["dedup", str(path), "--keep", "oldest", "-f", "table", "-q"]).stdout
    assert "Sun, 25 Sep 1887" in table.split("G2")[0]
    first = runner.invoke(app, ["dedup", str(path), "-f", "json", "-q"]).stdout  # not by date: none shown
    assert {d["date"] for d in json.loads(first)["documents"]} == {None}


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(DuplicateIdError):
        dedup([Document("a", "one text"), Document("a", "another")])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"rows": 3}, "num_perm (128) must be a multiple of rows (3)", id="rows"),
        pytest.param({"min_estimate": 2.0}, "min_estimate must be between 0 and 1", id="estimate"),
        pytest.param({"ngram": 0}, "ngram must be more than 0", id="ngram"),
    ],
)
def test_dedup_config_invalid(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        DedupConfig(**changes)


def test_cli_bad_threshold_is_a_usage_error() -> None:
    result = runner.invoke(app, ["dedup", str(REFILED), "--min-containment", "0"])
    assert result.exit_code == 2
    assert "min_containment must be more than 0" in result.stderr


def test_cli_missing_path_is_an_input_error() -> None:
    result = runner.invoke(app, ["dedup", "no/such/folder"])
    assert result.exit_code == 3
    assert "no such file or folder" in result.stderr


def test_cli_table_shows_ids_as_plain_text_without_bidi_controls() -> None:
    from reuse_cli.dedup import to_table

    ids = ["[bold]wire\u202e.txt", "brief.txt"]
    report = {
        "documents": [
            {"id": d, "action": a, "words": 9, "reason": f"kept: {ids[0]}"}
            for d, a in zip(ids, ["keep", "drop"], strict=True)
        ],
        "groups": [{"id": "G1", "docs": ids, "kept": ids[0]}],
    }
    table = to_table(report)
    assert "\u202e" not in table
    assert table.count("[bold]wire⟨U+202E⟩.txt") == 3  # the id, and in both reasons


def test_cli_keep_newest_never_dates_a_record_by_its_file(tmp_path: Path) -> None:
    """A record without a date is undated, as JSONL's always were: its file's last change is when
    the export was written, the same for every row, not when the story was. A text file is undated
    too (its modification time changes with a copy); so the group keeps its first."""
    rng = np.random.default_rng(23)
    story = words(rng, 150)
    (tmp_path / "cms.jsonl").write_text(json.dumps({"id": "cms", "text": story}) + "\n")
    (tmp_path / "page.txt").write_text("Update: " + story)
    result = runner.invoke(app, ["dedup", str(tmp_path), "--keep", "newest", "-f", "json"])
    assert result.exit_code == 0, result.output
    actions = {Path(d["id"]).name: d["action"] for d in json.loads(result.stdout)["documents"]}
    assert actions == {"cms": "keep", "page.txt": "drop"}
    assert "reuse: 2 documents (cms, " in result.stderr
    assert "have no 'date': never kept as newest" in result.stderr
