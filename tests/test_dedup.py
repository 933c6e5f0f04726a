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
from typer.testing import CliRunner

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


def test_keep_newest_uses_the_dates() -> None:
    docs = fixture_docs()
    dates = ["2024-01-0" + str(k % 9 + 1) for k in range(len(docs))]
    dates[[d.id for d in docs].index("en_flood_brief.txt")] = "2025-06-01"
    result = dedup(docs, keep="newest", dates=dates)
    assert {d.group: d.kept for d in result.decisions if d.group}["G2"] == "en_flood_brief.txt"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"keep": "oldest"}, "keep must be one of", id="keep"),
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
    assert [g["kept"] for g in report["groups"]] == ["ar_fire_refiled.txt", "en_flood_brief.txt"]  # first


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
        pytest.param([], "d.xlsx", "reuse dedup does not write xlsx (it writes table, json, csv)", id="xlsx"),
        pytest.param(["-f", "csv"], "d.html", "reuse dedup does not write html", id="html"),
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
    wire, brief = read_text(REFILED / "en_flood_wire.txt"), read_text(REFILED / "en_flood_brief.txt")
    lines = [
        {"id": "wire", "text": wire, "published": "2024-03-01T10:00"},
        {"id": "brief", "text": brief, "published": "2024-03-01T12:30"},
        {"id": "other", "text": read_text(REFILED / "ar_fire_other.txt")},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    result = runner.invoke(
        app, ["dedup", str(path), "--keep", "newest", "--date-field", "published", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    actions = {d["id"]: d["action"] for d in json.loads(result.stdout)["documents"]}
    assert actions == {"wire": "drop", "brief": "keep", "other": "keep"}
    assert "1 documents have no 'published'" in result.stderr


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
