"""``reuse evaluate``: score a JSON scan report against labelled cases (PAN measures)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reuse.cases import EvaluationInputError, doc_name, load_report
from reuse.evaluate import EvaluationResult, missing_documents
from reuse.evaluate import evaluate as evaluate_report
from reuse.groupscore import (
    GroupScores,
    evaluate_groups,
    is_group_truth,
    load_group_report,
    load_group_truth,
    predicted_groups,
)

from ._common import EXIT_INPUT, warn


class EvaluateFormat(StrEnum):
    """How the score table is printed."""

    table = "table"
    json = "json"


_COLUMNS = ("group", "cases", "detections", "detected", "precision", "recall", "granularity", "plagdet")


def format_table(result: EvaluationResult) -> str:
    """Plain text columns, numbers to 3 decimals, so runs can be diffed and pasted into notes."""
    lines = [_COLUMNS]
    for group, s in result.rows:
        lines.append(
            (
                group,
                str(s.cases),
                str(s.detections),
                str(s.detected_cases),
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.granularity:.3f}",
                f"{s.plagdet:.3f}",
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(_COLUMNS))]
    text = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in lines
    ]
    if result.ignored_detections:
        text.append(f"({result.ignored_detections} detections out of scope: same-role or unlisted pairs)")
    return "\n".join(text)


def format_group_table(scores: GroupScores) -> str:
    """Pairwise precision, recall, F1 and the ARI, then the counts behind them.

    >>> print(format_group_table(GroupScores(1.0, 0.5, 2 / 3, 0.6, 5, 1, 1, 2, 1, 1)))
    precision  recall     f1    ari
        1.000   0.500  0.667  0.600
    (5 documents; true groups 1, predicted 1; same-group pairs: 2 true, 1 predicted, 1 correct)
    """
    head = ("precision", "recall", "f1", "ari")
    values = [f"{getattr(scores, name):.3f}" for name in head]
    widths = [max(len(h), len(v)) for h, v in zip(head, values, strict=True)]
    return "\n".join(
        [
            "  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True)),
            "  ".join(v.rjust(w) for v, w in zip(values, widths, strict=True)),
            f"({scores.documents} documents; true groups {scores.true_groups}, predicted "
            f"{scores.predicted_groups}; same-group pairs: {scores.true_pairs} true, "
            f"{scores.predicted_pairs} predicted, {scores.correct_pairs} correct)",
        ]
    )


def check_coverage(missing: tuple[str, ...], total: int, report: Path) -> None:
    """Say on stderr how many truth documents the report lacks; none of them there is exit 3.

    Each missing document's cases are scored as missed, so a few are worth a warning, and all of them
    a refusal: the report was written from another folder or names documents by another id scheme,
    and its scores (all 0) would mean nothing.
    """
    if not missing:
        return
    shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
    if len(missing) == total:
        warn(
            f"none of the {total:,} truth documents is in {report} ({shown}): "
            "a report of another folder, or documents named by another id scheme?"
        )
        raise typer.Exit(EXIT_INPUT)
    warn(f"{len(missing):,} of {total:,} truth documents are not in {report} ({shown}): scored as missed")


def _evaluate_groups(report: Path, truth: Path, output_format: EvaluateFormat) -> None:
    try:
        data = load_group_report(report)
        scores = evaluate_groups(data, truth, report_name=str(report))
        true_groups = load_group_truth(truth)
        groups, documents = predicted_groups(data, str(report))
    except EvaluationInputError as err:
        warn(str(err))
        raise typer.Exit(EXIT_INPUT) from None
    named = {doc for group in true_groups for doc in group}
    held = {doc_name(d) for d in documents} | {doc_name(d) for group in groups for d in group}
    check_coverage(missing_documents(named, held), len(named), report)
    if output_format is EvaluateFormat.json:
        payload = {"report": str(report), "truth": str(truth), **scores.to_dict()}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_group_table(scores))


def evaluate(
    report: Annotated[
        Path,
        typer.Argument(
            help="JSON report written by `reuse scan --format json` (or `reuse dedup`, for groups).",
            show_default=False,
        ),
    ],
    truth: Annotated[
        Path,
        typer.Option(
            "--truth",
            help="ground_truth.jsonl (or its dataset folder; protocol.json and pairs.jsonl beside it "
            'apply), or near-duplicate groups: one {"docs": [...]} per line.',
            show_default=False,
        ),
    ],
    output_format: Annotated[
        EvaluateFormat, typer.Option("--format", help="table (aligned text) or json.")
    ] = EvaluateFormat.table,
) -> None:
    """Score a scan report against labelled cases: PAN precision, recall, granularity and plagdet.

    Rows: all cases, per kind (reuse across documents, repeat within one) and per obfuscation label.
    Only suspicious x source pairs are scored, and only listed pairs where protocol.json says so.
    A truth file of near-duplicate groups (one {"docs": [...]} per line) scores the report's groups
    instead (a scan or a `reuse dedup` report): pairwise precision, recall, F1 and the ARI.
    Truth documents the report does not hold (matched by file name) are counted on stderr; none of
    them there is exit 3 (a report of another folder, or another id scheme).

    Example: reuse evaluate report.json --truth ../shared/datasets/libya-news/ground_truth.jsonl
    """
    if truth.is_file() and is_group_truth(truth):
        _evaluate_groups(report, truth, output_format)
        return
    try:
        result = evaluate_report(load_report(report), truth, report_name=str(report))
    except EvaluationInputError as err:
        warn(str(err))
        raise typer.Exit(EXIT_INPUT) from None
    check_coverage(result.missing_documents, result.truth_documents, report)
    if output_format is EvaluateFormat.json:
        payload = {"report": str(report), "truth": str(truth), **result.to_dict()}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_table(result))
