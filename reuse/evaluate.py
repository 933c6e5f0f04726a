"""Score a scan report against labelled cases with the PAN text-alignment measures.

The measures are those of Potthast et al., "An Evaluation Framework for Plagiarism Detection"
(COLING 2010), as described in ``../shared/datasets/README.md``: character-level macro precision and
recall, granularity, F1 and ``plagdet = F1 / log2(1 + granularity)``.

A case and a detection are each a pair of half-open code-point ranges, one in document ``a`` and one
in document ``b`` (the same document for a repeat). Either is treated as the set of (document,
character) positions it covers. A detection *detects* a case when both name the same two documents
(in either orientation) and, in that orientation, the a-ranges overlap and the b-ranges overlap.

Documents are matched by file name (the last path component), so a report written from
``corpus/x.txt`` scores against truth naming ``x.txt``.

Scope (the PAN convention): a pair of two ``source`` documents or two ``suspicious`` documents is
neither right nor wrong and is left out; with ``"score_pairs": "listed"`` in ``protocol.json`` only
the document pairs of ``pairs.jsonl`` count.

Conventions for empty inputs: no detections gives precision 1 (nothing wrong was claimed), no cases
gives recall 1 (nothing was missed), no detected case gives granularity 1.

Per obfuscation label, recall uses only that label's cases and precision only the detections that
detect at least one case of that label, measured against that label's cases: the row is simply
:func:`score` applied to those subsets.

Truth and reports are read by :mod:`reuse.cases` (through :mod:`reuse.files`); nothing here touches
the file system itself.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reuse.cases import (
    Case,
    Detection,
    Interval,
    PairKey,
    detections_from_report,
    doc_name,
    load_truth,
    pair_key,
)
from reuse.spans import union

EVALUATION_SCHEMA = "reuse.evaluation/1"

Spans = dict[str, list[Interval]]


@dataclass(frozen=True)
class Scores:
    """The PAN measures for one group of cases and detections, plus the counts behind them."""

    precision: float
    recall: float
    granularity: float
    f1: float
    plagdet: float
    cases: int
    detections: int
    detected_cases: int

    def to_dict(self) -> dict[str, float | int]:
        """Plain values for a JSON report.

        Example:
            >>> Scores(1.0, 1.0, 1.0, 1.0, 1.0, 1, 1, 1).to_dict()["plagdet"]
            1.0
        """
        return {
            "cases": self.cases,
            "detections": self.detections,
            "detected_cases": self.detected_cases,
            "precision": self.precision,
            "recall": self.recall,
            "granularity": self.granularity,
            "f1": self.f1,
            "plagdet": self.plagdet,
        }


@dataclass(frozen=True)
class EvaluationResult:
    """The score table: ``rows`` maps a group name (``"all"``, ``"kind=reuse"``, ...) to its scores.

    ``ignored_detections`` counts detections left out by scope (same-role or unlisted pairs);
    ``truth_documents`` counts the documents the cases name, and ``missing_documents`` (file names,
    sorted) are those the report holds nowhere (:func:`missing_documents`).
    """

    rows: tuple[tuple[str, Scores], ...]
    ignored_detections: int = 0
    truth_documents: int = 0
    missing_documents: tuple[str, ...] = ()

    def row(self, group: str) -> Scores:
        """The scores of one group, by name.

        Example:
            >>> s = Scores(1.0, 1.0, 1.0, 1.0, 1.0, 1, 1, 1)
            >>> EvaluationResult((("all", s),)).row("all") == s
            True
        """
        for name, scores in self.rows:
            if name == group:
                return scores
        raise KeyError(group)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for ``--format json``.

        Example:
            >>> s = Scores(1.0, 1.0, 1.0, 1.0, 1.0, 1, 1, 1)
            >>> EvaluationResult((("all", s),)).to_dict()["rows"][0]["group"]
            'all'
        """
        return {
            "schema": EVALUATION_SCHEMA,
            "ignored_detections": self.ignored_detections,
            "rows": [{"group": name, **scores.to_dict()} for name, scores in self.rows],
        }


# ---------------------------------------------------------------------------------------- scoring


def _role(doc: str) -> str | None:
    name = doc.lower()
    if "suspicious" in name:
        return "suspicious"
    if "source" in name:
        return "source"
    return None


def is_scored_pair(doc_a: str, doc_b: str, listed_pairs: Collection[PairKey] | None = None) -> bool:
    """Whether a pair of documents is scored at all (PAN scope), before looking at any span.

    Two documents of the same role (both ``source`` or both ``suspicious`` in the file name) are out;
    with ``listed_pairs``, so is every pair not listed (in either orientation).

    Example:
        >>> is_scored_pair("source-1.txt", "source-2.txt"), is_scored_pair("suspicious-1.txt", "source-2.txt")
        (False, True)
        >>> is_scored_pair("x.txt", "x.txt")
        True
        >>> is_scored_pair("x.txt", "y.txt", listed_pairs={("a.txt", "b.txt")})
        False
    """
    role_a, role_b = _role(doc_a), _role(doc_b)
    if role_a is not None and role_a == role_b:
        return False
    return listed_pairs is None or pair_key(doc_a, doc_b) in listed_pairs


def _overlap(a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> bool:
    return max(a_lo, b_lo) < min(a_hi, b_hi)


def detects(case: Case, detection: Detection) -> bool:
    """Whether ``detection`` detects ``case``: same two documents, overlapping on both sides.

    Both orientations are tried, so a detection reported b-to-a still counts.

    Example:
        >>> c = Case("x.txt", 0, 100, "y.txt", 0, 100)
        >>> detects(c, Detection("y.txt", 90, 120, "x.txt", 50, 60))
        True
        >>> detects(c, Detection("x.txt", 0, 9, "z.txt", 0, 9))
        False
    """
    c, r = case, detection
    straight = (
        c.doc_a == r.doc_a
        and c.doc_b == r.doc_b
        and _overlap(c.a_start, c.a_end, r.a_start, r.a_end)
        and _overlap(c.b_start, c.b_end, r.b_start, r.b_end)
    )
    return straight or (
        c.doc_a == r.doc_b
        and c.doc_b == r.doc_a
        and _overlap(c.a_start, c.a_end, r.b_start, r.b_end)
        and _overlap(c.b_start, c.b_end, r.a_start, r.a_end)
    )


def _spans(item: Case | Detection) -> Spans:
    """The (document, character) set of a case or detection, as merged intervals per document."""
    spans: dict[str, list[Interval]] = defaultdict(list)
    spans[item.doc_a].append((item.a_start, item.a_end))
    spans[item.doc_b].append((item.b_start, item.b_end))
    return {doc: union(intervals) for doc, intervals in spans.items()}


def _size(spans: Spans) -> int:
    return sum(hi - lo for intervals in spans.values() for lo, hi in intervals)


def _intersection_size(left: list[Interval], right: list[Interval]) -> int:
    """Characters shared by two merged, sorted interval lists (a linear sweep)."""
    total, i, j = 0, 0, 0
    while i < len(left) and j < len(right):
        lo, hi = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        total += max(0, hi - lo)
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return total


def _covered(target: Spans, others: Iterable[Spans]) -> int:
    """``|target ∩ union(others)|`` in characters."""
    pooled: dict[str, list[Interval]] = defaultdict(list)
    for spans in others:
        for doc, intervals in spans.items():
            if doc in target:
                pooled[doc].extend(intervals)
    return sum(_intersection_size(target[doc], union(pooled[doc])) for doc in pooled)


def _match(cases: Sequence[Case], detections: Sequence[Detection]) -> list[list[int]]:
    """For each detection, the indices of the cases it detects; only same-pair cases are tried."""
    by_pair: dict[PairKey, list[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        by_pair[pair_key(case.doc_a, case.doc_b)].append(index)
    return [
        [i for i in by_pair.get(pair_key(r.doc_a, r.doc_b), ()) if detects(cases[i], r)] for r in detections
    ]


def score(
    cases: Sequence[Case],
    detections: Sequence[Detection],
    *,
    listed_pairs: Collection[PairKey] | None = None,
) -> Scores:
    """Compute the PAN measures for ``cases`` and ``detections`` that lie in scope.

    Cases and detections outside :func:`is_scored_pair` are dropped first (neither right nor wrong).

    Example:
        >>> c = Case("x.txt", 0, 100, "y.txt", 0, 100)
        >>> halves = [Detection("x.txt", 0, 50, "y.txt", 0, 50),
        ...           Detection("x.txt", 50, 100, "y.txt", 50, 100)]
        >>> s = score([c], halves)
        >>> s.precision, s.recall, s.granularity, round(s.plagdet, 4)
        (1.0, 1.0, 2.0, 0.6309)
    """
    cases = [c for c in cases if is_scored_pair(c.doc_a, c.doc_b, listed_pairs)]
    detections = [r for r in detections if is_scored_pair(r.doc_a, r.doc_b, listed_pairs)]
    matches = _match(cases, detections)
    case_spans = [_spans(c) for c in cases]
    detection_spans = [_spans(r) for r in detections]

    detectors: list[list[int]] = [[] for _ in cases]
    precision_sum = 0.0
    for r_index, hits in enumerate(matches):
        for c_index in hits:
            detectors[c_index].append(r_index)
        size = _size(detection_spans[r_index])
        if hits and size:
            precision_sum += _covered(detection_spans[r_index], (case_spans[i] for i in hits)) / size

    recall_sum = 0.0
    for c_index, found_by in enumerate(detectors):
        size = _size(case_spans[c_index])
        if found_by and size:
            recall_sum += _covered(case_spans[c_index], (detection_spans[i] for i in found_by)) / size

    detected = [len(found_by) for found_by in detectors if found_by]
    precision = precision_sum / len(detections) if detections else 1.0
    recall = recall_sum / len(cases) if cases else 1.0
    granularity = sum(detected) / len(detected) if detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        precision=precision,
        recall=recall,
        granularity=granularity,
        f1=f1,
        plagdet=f1 / math.log2(1 + granularity),
        cases=len(cases),
        detections=len(detections),
        detected_cases=len(detected),
    )


def score_table(
    cases: Sequence[Case],
    detections: Sequence[Detection],
    *,
    listed_pairs: Collection[PairKey] | None = None,
) -> EvaluationResult:
    """Score overall, per kind and per obfuscation label.

    Rows: ``all``; ``kind=reuse``; ``kind=repeat`` when the scored cases or detections hold a repeat;
    ``obfuscation=<label>`` per label (that label's cases, and the detections that detect one of them).

    Example:
        >>> c = Case("x.txt", 0, 10, "y.txt", 0, 10, obfuscation="none")
        >>> table = score_table([c], [Detection("x.txt", 0, 10, "y.txt", 0, 10)])
        >>> [name for name, _ in table.rows]
        ['all', 'kind=reuse', 'obfuscation=none']
    """
    scored_cases = [c for c in cases if is_scored_pair(c.doc_a, c.doc_b, listed_pairs)]
    scored = [r for r in detections if is_scored_pair(r.doc_a, r.doc_b, listed_pairs)]
    rows: list[tuple[str, Scores]] = [("all", score(scored_cases, scored))]
    for kind in ("reuse", "repeat"):
        kind_cases = [c for c in scored_cases if c.kind == kind]
        kind_detections = [r for r in scored if r.kind == kind]
        if kind == "reuse" or kind_cases or kind_detections:
            rows.append((f"kind={kind}", score(kind_cases, kind_detections)))
    for label in sorted({c.obfuscation for c in scored_cases if c.obfuscation is not None}):
        label_cases = [c for c in scored_cases if c.obfuscation == label]
        matches = _match(label_cases, scored)
        label_detections = [r for r, hits in zip(scored, matches, strict=True) if hits]
        rows.append((f"obfuscation={label}", score(label_cases, label_detections)))
    return EvaluationResult(tuple(rows), ignored_detections=len(detections) - len(scored))


def evaluate(report: Mapping[str, Any], truth_path: Path, *, report_name: str = "report") -> EvaluationResult:
    """Score a parsed report against the truth file at ``truth_path`` (and its protocol, if any).

    Example:
        >>> import tempfile
        >>> finding = {"id": "F1", "kind": "reuse", "a": {"doc": "c/x.txt", "start": 0, "end": 5},
        ...            "b": {"doc": "c/y.txt", "start": 0, "end": 5}}
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = Path(d) / "ground_truth.jsonl"
        ...     row = '{"a": "y.txt", "a_start": 0, "a_end": 5, "b": "x.txt", "b_start": 0, "b_end": 5}'
        ...     _ = p.write_text(row + "\\n", encoding="utf-8")
        ...     evaluate({"findings": [finding]}, p).row("all").plagdet
        1.0
    """
    truth = load_truth(truth_path)
    detections = detections_from_report(report, source=report_name)
    table = score_table(truth.cases, detections, listed_pairs=truth.listed_pairs)
    named = {doc for c in truth.cases for doc in (c.doc_a, c.doc_b)}
    held = report_documents(report) | {doc for r in detections for doc in (r.doc_a, r.doc_b)}
    return replace(table, truth_documents=len(named), missing_documents=missing_documents(named, held))


def report_documents(report: Mapping[str, Any]) -> set[str]:
    """The file names of the documents a report read (its ``documents``), as truth is matched on them.

    Example:
        >>> sorted(report_documents({"documents": [{"id": "corpus/x.txt"}, {"id": "y"}, "junk"]}))
        ['x.txt', 'y']
    """
    documents = report.get("documents") or []
    return {doc_name(str(d["id"])) for d in documents if isinstance(d, Mapping) and "id" in d}


def missing_documents(truth_documents: Iterable[str], held: Collection[str]) -> tuple[str, ...]:
    """The truth's documents (by file name) that are not in ``held``, sorted.

    Every one of them is scored as missed, so all of them missing usually means the report was
    written from another folder, or names its documents by another id scheme than the truth.

    Example:
        >>> missing_documents(["c/x.txt", "y.txt", "z.txt"], {"x.txt", "y.txt"})
        ('z.txt',)
    """
    return tuple(sorted({doc_name(d) for d in truth_documents} - set(held)))
