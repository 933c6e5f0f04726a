"""Tests for ``reuse.evaluate`` (PAN text-alignment measures) and the ``reuse evaluate`` command.

Every expected value below is worked out by hand in the comment beside it. Notation: a case or
detection "x[0,100)~y[0,100)" covers 100 characters of x.txt and 100 of y.txt, 200 in all.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

import pytest

from reuse.cases import Case, Detection, EvaluationInputError, detections_from_report, load_truth
from reuse.evaluate import Scores, evaluate, score, score_table
from reuse.models import SCHEMA

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"

C = Case("x.txt", 0, 100, "y.txt", 0, 100)
"""The reference case: x[0,100)~y[0,100), 200 characters."""


def _d(a0: int, a1: int, b0: int, b1: int, doc_a: str = "x.txt", doc_b: str = "y.txt") -> Detection:
    return Detection(doc_a, a0, a1, doc_b, b0, b1)


def _check(s: Scores, precision: float, recall: float, granularity: float, plagdet: float) -> None:
    assert s.precision == pytest.approx(precision)
    assert s.recall == pytest.approx(recall)
    assert s.granularity == pytest.approx(granularity)
    assert s.plagdet == pytest.approx(plagdet, abs=1e-4)


@pytest.mark.parametrize(
    ("cases", "detections", "expected"),
    [
        # One detection exactly equal to C: |r ∩ C| = 200 = |r| = |C| -> P = R = G = 1, F1 = 1,
        # plagdet = 1 / log2(2) = 1.
        pytest.param([C], [_d(0, 100, 0, 100)], (1.0, 1.0, 1.0, 1.0), id="exact"),
        # Two halves x[0,50)~y[0,50) and x[50,100)~y[50,100): each is 100/100 inside C -> P = 1;
        # together they cover 200/200 -> R = 1; C is detected by 2 -> G = 2; F1 = 1;
        # plagdet = 1 / log2(3) = 0.6309.
        pytest.param(
            [C], [_d(0, 50, 0, 50), _d(50, 100, 50, 100)], (1.0, 1.0, 2.0, 1 / math.log2(3)), id="two-halves"
        ),
        # Case x[100,200)~y[100,200) (200 chars), detection x[0,300)~y[0,300) (600 chars):
        # P = 200/600 = 1/3; R = 200/200 = 1; G = 1; F1 = 2·(1/3)·1 / (4/3) = 0.5; plagdet = 0.5 / 1.
        pytest.param(
            [Case("x.txt", 100, 200, "y.txt", 100, 200)],
            [_d(0, 300, 0, 300)],
            (1 / 3, 1.0, 1.0, 0.5),
            id="overlong",
        ),
        # Exact detection plus one on an unrelated pair x~z, which detects nothing and scores 0:
        # P = (1 + 0) / 2 = 0.5; R = 1; G = 1; F1 = 2·0.5·1 / 1.5 = 2/3; plagdet = 2/3.
        pytest.param(
            [C],
            [_d(0, 100, 0, 100), _d(0, 100, 0, 100, doc_b="z.txt")],
            (0.5, 1.0, 1.0, 2 / 3),
            id="unrelated-pair",
        ),
        # No detections: P = 1 by convention, R = 0, G = 1 (nothing detected), F1 = 0, plagdet = 0.
        pytest.param([C], [], (1.0, 0.0, 1.0, 0.0), id="no-detections"),
        # The detection names y first and x second (orientation swapped): it still covers C exactly.
        pytest.param(
            [C], [_d(0, 100, 0, 100, doc_a="y.txt", doc_b="x.txt")], (1.0, 1.0, 1.0, 1.0), id="swapped"
        ),
        # Swapped documents but the spans not swapped with them: y[0,100)~x[500,600) shares nothing
        # with C's x[0,100) -> it detects nothing: P = 0, R = 0, plagdet = 0.
        pytest.param(
            [C], [_d(0, 100, 500, 600, doc_a="y.txt", doc_b="x.txt")], (0.0, 0.0, 1.0, 0.0), id="swapped-miss"
        ),
        # Half of C, x[0,50)~y[0,50): P = 100/100 = 1; R = 100/200 = 0.5; G = 1;
        # F1 = 2·1·0.5 / 1.5 = 2/3; plagdet = 2/3.
        pytest.param([C], [_d(0, 50, 0, 50)], (1.0, 0.5, 1.0, 2 / 3), id="half"),
        # Overlap on x but not on y (y[500,600)): not a detection -> P = 0, R = 0, plagdet = 0.
        pytest.param([C], [_d(0, 100, 500, 600)], (0.0, 0.0, 1.0, 0.0), id="one-side-only"),
        # Two cases, the second x[200,300)~y[200,300) missed: R = (1 + 0) / 2 = 0.5; P = 1; G = 1;
        # F1 = 2/3; plagdet = 2/3.
        pytest.param(
            [C, Case("x.txt", 200, 300, "y.txt", 200, 300)],
            [_d(0, 100, 0, 100)],
            (1.0, 0.5, 1.0, 2 / 3),
            id="one-of-two",
        ),
        # One detection x[0,300)~y[0,300) spanning both cases above (600 chars, 400 of them in cases):
        # P = 400/600 = 2/3; R = (1 + 1) / 2 = 1; G = 1 (each case detected once);
        # F1 = 2·(2/3)·1 / (5/3) = 0.8; plagdet = 0.8.
        pytest.param(
            [C, Case("x.txt", 200, 300, "y.txt", 200, 300)],
            [_d(0, 300, 0, 300)],
            (2 / 3, 1.0, 1.0, 0.8),
            id="one-for-two",
        ),
        # The same detection reported twice: P = (1 + 1) / 2 = 1; R = 1; G = 2; plagdet = 1/log2(3).
        pytest.param([C], [_d(0, 100, 0, 100)] * 2, (1.0, 1.0, 2.0, 1 / math.log2(3)), id="duplicate"),
        # Exact detection on suspicious x source plus one between two sources: the second is out of
        # scope (neither right nor wrong) -> P = R = G = 1, plagdet = 1.
        pytest.param(
            [Case("suspicious-1.txt", 0, 100, "source-1.txt", 0, 100)],
            [
                _d(0, 100, 0, 100, doc_a="suspicious-1.txt", doc_b="source-1.txt"),
                _d(0, 100, 0, 100, doc_a="source-1.txt", doc_b="source-2.txt"),
                _d(0, 100, 0, 100, doc_a="suspicious-1.txt", doc_b="suspicious-2.txt"),
            ],
            (1.0, 1.0, 1.0, 1.0),
            id="same-role-ignored",
        ),
        # Repeat case in one document x[0,80)~x[100,180) (160 chars); detection x[0,80)~x[100,120)
        # covers 100 chars, all inside: P = 1; R = 100/160 = 0.625; G = 1;
        # F1 = 2·0.625 / 1.625 = 0.7692; plagdet = 0.7692.
        pytest.param(
            [Case("x.txt", 0, 80, "x.txt", 100, 180)],
            [_d(0, 80, 100, 120, doc_b="x.txt")],
            (1.0, 0.625, 1.0, 2 * 0.625 / 1.625),
            id="repeat-partial",
        ),
    ],
)
def test_score_hand_computed(
    cases: list[Case], detections: list[Detection], expected: tuple[float, float, float, float]
) -> None:
    _check(score(cases, detections), *expected)


def test_score_counts() -> None:
    # Two halves of C plus one unrelated detection: 1 case, 3 detections, 1 detected case.
    s = score([C], [_d(0, 50, 0, 50), _d(50, 100, 50, 100), _d(0, 1, 0, 1, doc_b="z.txt")])
    assert (s.cases, s.detections, s.detected_cases) == (1, 3, 1)


def test_listed_pairs_ignore_unlisted() -> None:
    # Only x~y is listed; the x~z detection is ignored, not counted wrong: P = R = G = 1.
    detections = [_d(0, 100, 0, 100), _d(0, 100, 0, 100, doc_b="z.txt")]
    listed = {("x.txt", "y.txt")}
    s = score([C], detections, listed_pairs=listed)
    _check(s, 1.0, 1.0, 1.0, 1.0)
    assert s.detections == 1
    # Without the protocol it counts: P = (1 + 0) / 2 = 0.5.
    assert score([C], detections).precision == pytest.approx(0.5)


def test_repeat_finding_gives_consecutive_detections() -> None:
    # 3 occurrences -> 2 detections: 1st~2nd and 2nd~3rd, both in the same document, matched by file name.
    occurrences = [{"start": s, "end": s + 80, "text": ""} for s in (1232, 1315, 1398)]
    report = {
        "findings": [{"id": "F2", "kind": "repeat", "doc": "corpus/004.txt", "occurrences": occurrences}]
    }
    assert detections_from_report(report) == [
        Detection("004.txt", 1232, 1312, "004.txt", 1315, 1395),
        Detection("004.txt", 1315, 1395, "004.txt", 1398, 1478),
    ]


def test_cluster_finding_gives_its_aligned_pairs_and_boilerplate_none() -> None:
    # A passage aligned against one representative occurrence (#0) in three other places.
    occurrences = [
        {"doc": "c/a.txt", "start": 0, "end": 10},
        {"doc": "c/b.txt", "start": 5, "end": 15},
        {"doc": "c/c.txt", "start": 7, "end": 17},
        {"doc": "c/c.txt", "start": 50, "end": 60},
    ]
    links = [
        {"pair": [0, 1], "similarity": 1.0, "spans": [[0, 10], [5, 15]]},
        {"pair": [0, 2], "similarity": 0.9, "spans": [[2, 10], [9, 17]]},  # a link keeps its exact spans
        {"pair": [0, 3], "similarity": 0.8, "spans": [[0, 10], [50, 60]]},
    ]
    cluster = {
        "id": "F1",
        "kind": "cluster",
        "boilerplate": False,
        "occurrences": occurrences,
        "links": links,
    }
    assert detections_from_report({"findings": [cluster]}) == [
        Detection("a.txt", 0, 10, "b.txt", 5, 15),
        Detection("a.txt", 2, 10, "c.txt", 9, 17),
        Detection("a.txt", 0, 10, "c.txt", 50, 60),
    ]
    assert detections_from_report({"findings": [cluster | {"boilerplate": True}]}) == []


def test_repeat_finding_scores_against_repeat_truth() -> None:
    # Truth labels the same chain as two cases; each detection detects exactly one of them
    # (1st~2nd does not overlap 2nd~3rd on both sides in either orientation): P = R = G = 1.
    cases = [
        Case("004.txt", 1232, 1312, "004.txt", 1315, 1395),
        Case("004.txt", 1315, 1395, "004.txt", 1398, 1478),
    ]
    occurrences = [{"start": s, "end": s + 80} for s in (1232, 1315, 1398)]
    report = {"findings": [{"id": "F1", "kind": "repeat", "doc": "c/004.txt", "occurrences": occurrences}]}
    table = score_table(cases, detections_from_report(report))
    assert [name for name, _ in table.rows] == ["all", "kind=reuse", "kind=repeat"]
    _check(table.row("kind=repeat"), 1.0, 1.0, 1.0, 1.0)
    # No reuse case and no reuse detection: P = 1 and R = 1 by the empty conventions.
    assert table.row("kind=reuse").cases == 0


def test_per_kind_rows() -> None:
    # Reuse case C detected exactly; repeat case x[200,280)~x[300,380) missed.
    # all: P = 1 (one detection, fully inside C); R = (1 + 0) / 2 = 0.5; plagdet = 2/3.
    # kind=reuse: P = R = 1. kind=repeat: no detections -> P = 1, R = 0, plagdet 0.
    cases = [C, Case("x.txt", 200, 280, "x.txt", 300, 380)]
    table = score_table(cases, [_d(0, 100, 0, 100)])
    _check(table.row("all"), 1.0, 0.5, 1.0, 2 / 3)
    _check(table.row("kind=reuse"), 1.0, 1.0, 1.0, 1.0)
    _check(table.row("kind=repeat"), 1.0, 0.0, 1.0, 0.0)


def test_per_obfuscation_rows() -> None:
    # Case A = C ("none"), case B = x[200,300)~y[200,300) ("word shuffling").
    # Detections: exact A; half of B, x[200,250)~y[200,250); one on the unrelated pair x~z.
    # all: P = (1 + 1 + 0) / 3 = 2/3; R = (1 + 0.5) / 2 = 0.75; G = 1;
    #      F1 = 2·(2/3)·(3/4) / (2/3 + 3/4) = 1 / (17/12) = 12/17 = 0.7059.
    # obfuscation=none: only A and the detection of A -> 1, 1, 1, 1.
    # obfuscation=word shuffling: only B and the half detection: P = 1, R = 100/200 = 0.5, F1 = 2/3.
    cases = [
        Case("x.txt", 0, 100, "y.txt", 0, 100, obfuscation="none"),
        Case("x.txt", 200, 300, "y.txt", 200, 300, obfuscation="word shuffling"),
    ]
    detections = [_d(0, 100, 0, 100), _d(200, 250, 200, 250), _d(0, 100, 0, 100, doc_b="z.txt")]
    table = score_table(cases, detections)
    assert [name for name, _ in table.rows] == [
        "all",
        "kind=reuse",
        "obfuscation=none",
        "obfuscation=word shuffling",
    ]
    _check(table.row("all"), 2 / 3, 0.75, 1.0, 12 / 17)
    _check(table.row("obfuscation=none"), 1.0, 1.0, 1.0, 1.0)
    _check(table.row("obfuscation=word shuffling"), 1.0, 0.5, 1.0, 2 / 3)
    assert table.row("obfuscation=none").detections == 1


# ------------------------------------------------------------------------------------ file inputs


def _write_truth(folder: Path, rows: list[dict[str, Any]], pairs: list[dict[str, Any]] | None = None) -> Path:
    path = folder / "ground_truth.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    if pairs is not None:
        (folder / "protocol.json").write_text('{"score_pairs": "listed"}', encoding="utf-8")
        (folder / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    return path


def _reuse(doc_a: str, a: tuple[int, int], doc_b: str, b: tuple[int, int], fid: str = "F1") -> dict[str, Any]:
    return {
        "id": fid,
        "kind": "reuse",
        "similarity": 1.0,
        "words": 1,
        "a": {"doc": doc_a, "start": a[0], "end": a[1], "text": ""},
        "b": {"doc": doc_b, "start": b[0], "end": b[1], "text": ""},
    }


def _report(*findings: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "parameters": {},
        "documents": [],
        "findings": list(findings),
        "errors": [],
    }


CASE_ROW = {"a": "x.txt", "a_start": 0, "a_end": 100, "b": "y.txt", "b_start": 0, "b_end": 100}


def test_evaluate_with_listed_protocol(tmp_path: Path) -> None:
    # pairs.jsonl lists x~y only; the corpus/x.txt~corpus/z.txt finding is ignored, the exact one scores 1.
    truth = _write_truth(tmp_path, [CASE_ROW], pairs=[{"a": "x.txt", "b": "y.txt", "n_cases": 1}])
    assert load_truth(truth).listed_pairs == frozenset({("x.txt", "y.txt")})
    report = _report(
        _reuse("corpus/y.txt", (0, 100), "corpus/x.txt", (0, 100)),
        _reuse("corpus/x.txt", (0, 100), "corpus/z.txt", (0, 100), "F2"),
    )
    result = evaluate(report, truth)
    _check(result.row("all"), 1.0, 1.0, 1.0, 1.0)
    assert result.ignored_detections == 1
    # The dataset folder works as well as the file.
    assert evaluate(report, tmp_path).row("all") == result.row("all")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param('{"a": "x.txt", "b": "y.txt"}\n', "line 1: missing field 'a_start'", id="missing-field"),
        pytest.param(json.dumps(CASE_ROW) + "\n{not json\n", "line 2: malformed JSON", id="malformed-line"),
        pytest.param(json.dumps({**CASE_ROW, "a_end": -1}) + "\n", "line 1: field 'a_end'", id="negative"),
        pytest.param(json.dumps({**CASE_ROW, "a_end": 0, "a_start": 5}) + "\n", "is before", id="reversed"),
        pytest.param(
            json.dumps({**CASE_ROW, "kind": "repeat"}) + "\n", "kind 'repeat' does not fit", id="bad-kind"
        ),
        pytest.param("[1, 2]\n", "line 1: a case must be a JSON object", id="not-object"),
    ],
)
def test_load_truth_rejects_bad_rows(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ground_truth.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationInputError, match=message) as info:
        load_truth(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_load_truth_missing_file_and_missing_pairs(tmp_path: Path) -> None:
    with pytest.raises(EvaluationInputError, match="no such file"):
        load_truth(tmp_path / "absent.jsonl")
    truth = _write_truth(tmp_path, [CASE_ROW])
    (tmp_path / "protocol.json").write_text('{"score_pairs": "listed"}', encoding="utf-8")
    with pytest.raises(EvaluationInputError, match=r"pairs\.jsonl: no such file"):
        load_truth(truth)


@pytest.mark.parametrize(
    ("finding", "message"),
    [
        pytest.param(
            {"id": "F1", "kind": "reuse", "a": {"doc": "x", "start": 0, "end": 1}},
            "F1: missing field 'b'",
            id="no-b",
        ),
        pytest.param({"id": "F1", "kind": "merge"}, "unknown kind 'merge'", id="unknown-kind"),
        pytest.param(
            {"id": "F1", "kind": "cluster"}, "missing field 'occurrences'", id="cluster-no-occurrences"
        ),
        pytest.param(
            {"id": "F1", "kind": "repeat", "doc": "x"}, "missing field 'occurrences'", id="no-occurrences"
        ),
        pytest.param(
            {"id": "F1", "kind": "repeat", "doc": "x", "occurrences": [{"start": "0", "end": 1}]},
            "'start' is not a non-negative integer",
            id="string-offset",
        ),
    ],
)
def test_detections_from_report_rejects_bad_findings(finding: dict[str, Any], message: str) -> None:
    with pytest.raises(EvaluationInputError, match=message):
        detections_from_report({"findings": [finding]}, source="r.json")


# -------------------------------------------------------------------------------------------- CLI


@pytest.fixture
def cli_app() -> Any:
    """A throwaway app holding only ``evaluate``; needs ``reuse_cli`` (``pip install -e .``)."""
    module = pytest.importorskip(
        "reuse_cli.evaluate", reason="reuse_cli is importable after `pip install -e .`"
    )
    import typer

    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("evaluate")(module.evaluate)
    # A second command keeps typer from collapsing the app into the single command.
    app.command("noop")(lambda: None)
    return app


def _invoke(app: Any, *args: str) -> Any:
    from typer.testing import CliRunner

    return CliRunner().invoke(app, ["evaluate", *args])


def test_cli_table_and_json(tmp_path: Path, cli_app: Any) -> None:
    truth = _write_truth(tmp_path, [{**CASE_ROW, "obfuscation": "none"}])
    report = tmp_path / "report.json"
    report.write_text(json.dumps(_report(_reuse("c/x.txt", (0, 100), "c/y.txt", (0, 100)))), encoding="utf-8")

    result = _invoke(cli_app, str(report), "--truth", str(truth))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "group",
        "cases",
        "detections",
        "detected",
        "precision",
        "recall",
        "granularity",
        "plagdet",
    ]
    assert lines[1].split() == ["all", "1", "1", "1", "1.000", "1.000", "1.000", "1.000"]
    assert [line.split()[0] for line in lines[1:]] == ["all", "kind=reuse", "obfuscation=none"]

    result = _invoke(cli_app, str(report), "--truth", str(truth), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["schema"] == "reuse.evaluation/1"
    assert payload["rows"][0] == {
        "group": "all", "cases": 1, "detections": 1, "detected_cases": 1,
        "precision": 1.0, "recall": 1.0, "granularity": 1.0, "f1": 1.0, "plagdet": 1.0,
    }  # fmt: skip


def test_cli_missing_report_exits_3(tmp_path: Path, cli_app: Any) -> None:
    truth = _write_truth(tmp_path, [CASE_ROW])
    missing = tmp_path / "absent.json"
    result = _invoke(cli_app, str(missing), "--truth", str(truth))
    assert result.exit_code == 3
    assert result.stderr == f"reuse: {missing}: no such file\n"
    assert "Traceback" not in result.output


def test_cli_malformed_truth_line_exits_3(tmp_path: Path, cli_app: Any) -> None:
    truth = tmp_path / "ground_truth.jsonl"
    truth.write_text(json.dumps(CASE_ROW) + "\n{oops\n", encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text(json.dumps(_report()), encoding="utf-8")
    result = _invoke(cli_app, str(report), "--truth", str(truth))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"reuse: {truth}: line 2: malformed JSON")
    assert result.stderr.count("\n") == 1


def test_evaluate_names_the_truth_documents_the_report_does_not_hold(tmp_path: Path) -> None:
    truth = _write_truth(tmp_path, [CASE_ROW, {**CASE_ROW, "a": "w.txt"}])
    report = _report(_reuse("c/x.txt", (0, 100), "c/y.txt", (0, 100))) | {"documents": [{"id": "c/v.txt"}]}
    result = evaluate(report, truth)
    assert (result.truth_documents, result.missing_documents) == (3, ("w.txt",))


def test_cli_warns_of_truth_documents_missing_from_the_report(tmp_path: Path, cli_app: Any) -> None:
    truth = _write_truth(tmp_path, [CASE_ROW, {**CASE_ROW, "a": "w.txt"}])
    report = tmp_path / "report.json"
    report.write_text(json.dumps(_report(_reuse("c/x.txt", (0, 100), "c/y.txt", (0, 100)))), encoding="utf-8")
    result = _invoke(cli_app, str(report), "--truth", str(truth))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"reuse: 1 of 3 truth documents are not in {report} (w.txt): scored as missed\n"
    assert result.stdout.splitlines()[1].split()[:2] == ["all", "2"]


def test_cli_exits_3_when_no_truth_document_is_in_the_report(tmp_path: Path, cli_app: Any) -> None:
    # A report of another folder (or another id scheme): every score 0 would only mislead.
    truth = _write_truth(tmp_path, [CASE_ROW])
    report = tmp_path / "report.json"
    other = _report(_reuse("c/a.txt", (0, 100), "c/b.txt", (0, 100))) | {"documents": [{"id": "c/a.txt"}]}
    report.write_text(json.dumps(other), encoding="utf-8")
    result = _invoke(cli_app, str(report), "--truth", str(truth))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"reuse: none of the 2 truth documents is in {report} (x.txt, y.txt)")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


# ----------------------------------------------------------------------------------------- shared


def _shared_truth(dataset: str) -> Path:
    path = SHARED / dataset / "ground_truth.jsonl"
    if not path.exists():
        reason = f"{path} is absent (the shared datasets live beside the project in ../shared)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.mark.shared
@pytest.mark.parametrize("dataset", ["libya-news", "araplagdet-dev", "pan13-dev"])
def test_truth_spans_as_report_score_perfectly(dataset: str) -> None:
    # A report holding exactly the truth spans (each case as its own finding, a repeat as a
    # 2-occurrence repeat finding) detects every case once and nothing else: P = R = G = 1.
    truth_path = _shared_truth(dataset)
    truth = load_truth(truth_path)
    findings: list[dict[str, Any]] = []
    for i, c in enumerate(truth.cases):
        if c.kind == "repeat":
            occurrences = [{"start": c.a_start, "end": c.a_end}, {"start": c.b_start, "end": c.b_end}]
            findings.append(
                {"id": f"F{i}", "kind": "repeat", "doc": f"corpus/{c.doc_a}", "occurrences": occurrences}
            )
        else:
            findings.append(
                _reuse(
                    f"corpus/{c.doc_a}",
                    (c.a_start, c.a_end),
                    f"corpus/{c.doc_b}",
                    (c.b_start, c.b_end),
                    f"F{i}",
                )
            )
    started = time.perf_counter()
    result = evaluate(_report(*findings), truth_path)
    assert time.perf_counter() - started < 5
    overall = result.row("all")
    assert overall.plagdet == pytest.approx(1.0)
    assert overall.cases == overall.detections == overall.detected_cases == len(truth.cases)
