"""Scoring near-duplicate groups: pairwise precision, recall, F1 and the ARI, and ``reuse evaluate``."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reuse.cases import EvaluationInputError
from reuse.groupscore import adjusted_rand_index, load_group_truth, predicted_groups, score_groups
from reuse_cli.main import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("predicted", "truth", "expected"),
    [
        # 5 documents. Truth pairs ab ac bc (3); predicted ab cd (2); both: ab (1).
        # ARI: expected = 2 * 3 / C(5, 2) = 0.6, mean = 2.5 -> (1 - 0.6) / (2.5 - 0.6) = 4 / 19.
        pytest.param([["a", "b"], ["c", "d"]], [["a", "b", "c"]], (0.5, 1 / 3, 4 / 19), id="split-and-merge"),
        pytest.param([["a", "b", "c"]], [["a", "b", "c"]], (1.0, 1.0, 1.0), id="identical"),
        # Nothing predicted: precision 1 by convention, recall 0; expected 0, mean 1.5 -> ARI 0.
        pytest.param([], [["a", "b", "c"]], (1.0, 0.0, 0.0), id="nothing-predicted"),
        # Everything in one group: 10 predicted pairs, 1 true pair, 1 both; expected 1, mean 5.5 -> 0.
        pytest.param([["a", "b", "c", "d", "e"]], [["a", "b"]], (0.1, 1.0, 0.0), id="one-big-group"),
    ],
)
def test_scores_by_hand(
    predicted: list[list[str]], truth: list[list[str]], expected: tuple[float, float, float]
) -> None:
    s = score_groups(predicted, truth, documents="abcde")
    assert (s.precision, s.recall, s.ari) == pytest.approx(expected)
    assert s.documents == 5


def test_documents_match_by_file_name() -> None:
    s = score_groups([["corpus/a.txt", "corpus/b.txt"]], [["a.txt", "b.txt"]])
    assert (s.precision, s.recall, s.f1, s.ari) == (1.0, 1.0, 1.0, 1.0)


def test_a_document_in_two_groups_is_an_error() -> None:
    with pytest.raises(EvaluationInputError, match="'a' is in two groups"):
        score_groups([["a", "b"], ["a", "c"]], [])


def brute_force_ari(labels_a: list[int], labels_b: list[int]) -> float:
    """The ARI from every pair of documents, as Hubert and Arabie define it."""
    n = len(labels_a)
    both = pa = pb = 0
    for i, j in itertools.combinations(range(n), 2):
        same_a, same_b = labels_a[i] == labels_a[j], labels_b[i] == labels_b[j]
        both += same_a and same_b
        pa += same_a
        pb += same_b
    total = n * (n - 1) / 2
    expected = pa * pb / total
    mean = (pa + pb) / 2
    return 1.0 if mean == expected else (both - expected) / (mean - expected)


def as_groups(labels: list[int]) -> list[list[str]]:
    by_label: dict[int, list[str]] = {}
    for doc, label in enumerate(labels):
        by_label.setdefault(label, []).append(str(doc))
    return list(by_label.values())


@pytest.mark.property
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=25))
def test_ari_equals_the_pairwise_definition(labels: list[tuple[int, int]]) -> None:
    a, b = [x for x, _ in labels], [y for _, y in labels]
    s = score_groups(as_groups(a), as_groups(b), documents=[str(k) for k in range(len(labels))])
    assert s.ari == pytest.approx(brute_force_ari(a, b))
    assert adjusted_rand_index(s.correct_pairs, s.predicted_pairs, s.true_pairs, len(labels)) == s.ari


def test_predicted_groups_from_scan_and_dedup_reports() -> None:
    scan = {
        "documents": [{"id": "a"}, {"id": "b"}],
        "findings": [{"kind": "near-duplicate", "docs": ["a", "b"]}],
    }
    dedup = {
        "schema": "reuse.dedup/1",
        "documents": [{"id": "a"}, {"id": "b"}],
        "groups": [{"docs": ["a", "b"]}],
    }
    assert predicted_groups(scan) == predicted_groups(dedup) == ([["a", "b"]], ["a", "b"])


def test_bad_truth_row(tmp_path: Path) -> None:
    path = tmp_path / "groups.jsonl"
    path.write_text('{"docs": ["a", "b"]}\n{"docs": "a"}\n', encoding="utf-8")
    with pytest.raises(EvaluationInputError, match="line 2"):
        load_group_truth(path)


@pytest.mark.parametrize("command", ["scan", "dedup"])
def test_evaluate_cli_scores_groups(tmp_path: Path, command: str) -> None:
    report = tmp_path / "report.json"
    made = runner.invoke(app, [command, str(ROOT / "fixtures" / "refiled"), "-o", str(report), "-q"])
    assert made.exit_code == 0, made.output
    truth = tmp_path / "groups.jsonl"
    truth.write_text(
        json.dumps({"docs": ["en_flood_wire.txt", "en_flood_brief.txt", "en_flood_refiled.txt"]})
        + "\n"
        + json.dumps({"docs": ["ar_fire_wire.txt", "ar_fire_refiled.txt"]})  # short version left out
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(report), "--truth", str(truth), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    # True pairs 3 + 1; predicted 3 + 3, of which 4 correct.
    assert (scores["precision"], scores["recall"]) == (4 / 6, 1.0)
    assert scores["schema"] == "reuse.group-evaluation/1"
    table = runner.invoke(app, ["evaluate", str(report), "--truth", str(truth)]).stdout
    assert table.splitlines()[0].split() == ["precision", "recall", "f1", "ari"]


def test_evaluate_cli_rejects_another_schema(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text('{"schema": "other/1"}', encoding="utf-8")
    truth = tmp_path / "groups.jsonl"
    truth.write_text('{"docs": ["a", "b"]}\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(report), "--truth", str(truth)])
    assert result.exit_code == 3
    assert "schema 'other/1'" in result.stderr


@pytest.mark.parametrize(
    ("truth_docs", "code", "message"),
    [
        pytest.param(
            [["en_flood_wire.txt", "en_flood_brief.txt", "elsewhere.txt"]],
            0,
            "1 of 3 truth documents are not in",
            id="one-missing",
        ),
        pytest.param([["a.txt", "b.txt"], ["c.txt", "d.txt"]], 3, "none of the 4 truth documents", id="none"),
    ],
)
def test_evaluate_cli_counts_truth_documents_the_report_lacks(
    tmp_path: Path, truth_docs: list[list[str]], code: int, message: str
) -> None:
    report = tmp_path / "report.json"
    made = runner.invoke(app, ["dedup", str(ROOT / "fixtures" / "refiled"), "-o", str(report), "-q"])
    assert made.exit_code == 0, made.output
    truth = tmp_path / "groups.jsonl"
    truth.write_text("".join(json.dumps({"docs": docs}) + "\n" for docs in truth_docs), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(report), "--truth", str(truth)])
    assert result.exit_code == code
    assert result.stderr.startswith(f"reuse: {message}")
    assert result.stderr.count("\n") == 1
    assert ("ari" in result.stdout) == (code == 0)
