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

Files are read through :mod:`reuse.files`; nothing here touches the file system itself.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from reuse.files import InputFileError, read_json, read_jsonl
from reuse.models import SCHEMA
from reuse.spans import union

EVALUATION_SCHEMA = "reuse.evaluation/1"

Interval = tuple[int, int]
Spans = dict[str, list[Interval]]
PairKey = tuple[str, str]


EvaluationInputError = InputFileError
"""A report, truth or protocol file that cannot be read or does not have the expected shape.

The message is one line naming the file (and the line, for JSONL) so a CLI can print it as is.
"""


@dataclass(frozen=True)
class Detection:
    """One reported span pair: a reuse finding, or two consecutive occurrences of a repeat finding."""

    doc_a: str
    a_start: int
    a_end: int
    doc_b: str
    b_start: int
    b_end: int

    @property
    def kind(self) -> str:
        """``"repeat"`` within one document, ``"reuse"`` across two."""
        return pair_kind(self.doc_a, self.doc_b)


@dataclass(frozen=True)
class Case(Detection):
    """A labelled reuse: ``[a_start, a_end)`` of ``doc_a`` is reused as ``[b_start, b_end)`` of ``doc_b``.

    ``obfuscation`` is the truth's label (``None`` where the truth has none).
    """

    obfuscation: str | None = None


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


class Truth(NamedTuple):
    """What :func:`load_truth` returns: the cases and, under the listed-pairs protocol, the pairs."""

    cases: tuple[Case, ...]
    listed_pairs: frozenset[PairKey] | None


@dataclass(frozen=True)
class EvaluationResult:
    """The score table: ``rows`` maps a group name (``"all"``, ``"kind=reuse"``, ...) to its scores.

    ``ignored_detections`` counts detections left out by scope (same-role or unlisted pairs).
    """

    rows: tuple[tuple[str, Scores], ...]
    ignored_detections: int = 0

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


# ---------------------------------------------------------------------------------------- parsing


def doc_name(doc: str) -> str:
    """The file name that truth and report are matched on (last path component, either slash).

    Example:
        >>> doc_name("corpus/sub\\\\000.txt")
        '000.txt'
    """
    return doc.replace("\\", "/").rsplit("/", 1)[-1]


def pair_kind(doc_a: str, doc_b: str) -> str:
    """``"repeat"`` when both spans are in one document, else ``"reuse"``.

    Example:
        >>> pair_kind("x.txt", "x.txt"), pair_kind("x.txt", "y.txt")
        ('repeat', 'reuse')
    """
    return "repeat" if doc_a == doc_b else "reuse"


def pair_key(doc_a: str, doc_b: str) -> PairKey:
    """An orientation-free key for a document pair.

    Example:
        >>> pair_key("b.txt", "a.txt") == pair_key("a.txt", "b.txt")
        True
    """
    return (doc_a, doc_b) if doc_a <= doc_b else (doc_b, doc_a)


def _field(row: Mapping[str, Any], name: str, source: str, line: int | None, where: str = "") -> Any:
    if name not in row:
        raise EvaluationInputError(source, f"{where}missing field {name!r}", line=line)
    return row[name]


def _offset(row: Mapping[str, Any], name: str, source: str, line: int | None, where: str = "") -> int:
    value = _field(row, name, source, line, where)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise EvaluationInputError(source, f"{where}field {name!r} is not a non-negative integer", line=line)
    return value


def _range(
    row: Mapping[str, Any], start: str, end: str, source: str, line: int | None, where: str = ""
) -> Interval:
    lo, hi = _offset(row, start, source, line, where), _offset(row, end, source, line, where)
    if hi < lo:
        raise EvaluationInputError(source, f"{where}{end!r} ({hi}) is before {start!r} ({lo})", line=line)
    return lo, hi


def _name(row: Mapping[str, Any], name: str, source: str, line: int | None, where: str = "") -> str:
    value = _field(row, name, source, line, where)
    if not isinstance(value, str) or not value:
        raise EvaluationInputError(source, f"{where}field {name!r} is not a document name", line=line)
    return doc_name(value)


def case_from_row(row: Any, source: str = "truth", line: int | None = None) -> Case:
    """Build a :class:`Case` from one ``ground_truth.jsonl`` row, checking every field it uses.

    An explicit ``"kind"`` must agree with the documents (a repeat names one document twice).

    Example:
        >>> case_from_row({"a": "x.txt", "a_start": 0, "a_end": 5, "b": "y.txt", "b_start": 2, "b_end": 7})
        Case(doc_a='x.txt', a_start=0, a_end=5, doc_b='y.txt', b_start=2, b_end=7, obfuscation=None)
    """
    if not isinstance(row, dict):
        raise EvaluationInputError(source, "a case must be a JSON object", line=line)
    doc_a, doc_b = _name(row, "a", source, line), _name(row, "b", source, line)
    a_start, a_end = _range(row, "a_start", "a_end", source, line)
    b_start, b_end = _range(row, "b_start", "b_end", source, line)
    obfuscation = row.get("obfuscation")
    if obfuscation is not None and not isinstance(obfuscation, str):
        raise EvaluationInputError(source, "field 'obfuscation' is not a string", line=line)
    kind = row.get("kind")
    if kind is not None and kind != pair_kind(doc_a, doc_b):
        raise EvaluationInputError(
            source, f"kind {kind!r} does not fit documents {doc_a!r} and {doc_b!r}", line=line
        )
    return Case(doc_a, a_start, a_end, doc_b, b_start, b_end, obfuscation)


def load_truth(path: Path) -> Truth:
    """Read ``ground_truth.jsonl`` and, beside it, ``protocol.json`` and ``pairs.jsonl`` when relevant.

    ``path`` may also be the dataset folder holding ``ground_truth.jsonl``. ``listed_pairs`` is set
    only when ``protocol.json`` says ``"score_pairs": "listed"``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = Path(d) / "ground_truth.jsonl"
        ...     row = '{"a": "x.txt", "a_start": 0, "a_end": 5, "b": "y.txt", "b_start": 0, "b_end": 5}'
        ...     _ = p.write_text(row + "\\n", encoding="utf-8")
        ...     truth = load_truth(p)
        >>> len(truth.cases), truth.listed_pairs
        (1, None)
    """
    if path.is_dir():
        path = path / "ground_truth.jsonl"
    cases = tuple(case_from_row(row, str(path), line) for line, row in read_jsonl(path))
    protocol_path = path.parent / "protocol.json"
    if not protocol_path.exists():
        return Truth(cases, None)
    protocol = read_json(protocol_path)
    if not isinstance(protocol, dict):
        raise EvaluationInputError(str(protocol_path), "protocol must be a JSON object")
    mode = protocol.get("score_pairs", "all")
    if mode == "all":
        return Truth(cases, None)
    if mode != "listed":
        raise EvaluationInputError(
            str(protocol_path), f"unknown score_pairs {mode!r} (want 'all' or 'listed')"
        )
    pairs_path = path.parent / "pairs.jsonl"
    pairs: set[PairKey] = set()
    for line, row in read_jsonl(pairs_path):
        if not isinstance(row, dict):
            raise EvaluationInputError(str(pairs_path), "a pair must be a JSON object", line=line)
        pairs.add(pair_key(_name(row, "a", str(pairs_path), line), _name(row, "b", str(pairs_path), line)))
    return Truth(cases, frozenset(pairs))


def load_report(path: Path) -> dict[str, Any]:
    """Read a ``reuse scan --format json`` report and check that it is one.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = Path(d) / "r.json"
        ...     _ = p.write_text('{"schema": "reuse.report/2", "findings": []}', encoding="utf-8")
        ...     load_report(p)["findings"]
        []
    """
    report = read_json(path)
    if not isinstance(report, dict):
        raise EvaluationInputError(str(path), "a report must be a JSON object")
    schema = report.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise EvaluationInputError(str(path), f"schema {schema!r} is not {SCHEMA!r}")
    if not isinstance(report.get("findings"), list):
        raise EvaluationInputError(str(path), "missing list field 'findings'")
    return report


def detections_from_report(report: Mapping[str, Any], source: str = "report") -> list[Detection]:
    """Turn report findings into detections: one per reuse, ``k - 1`` per repeat of ``k`` occurrences.

    A repeat's occurrence ``i`` is paired with occurrence ``i + 1``, as the truth labels repeats. A
    cluster gives its aligned pairs (``links``, with their exact spans), so PAN scores are those of
    the pairs found; a boilerplate cluster gives none (such templates were never reported as reuse).
    Near-duplicate groups hold no passage and give none (their passages are findings of their own).
    ``source`` names the report in error messages.

    Example:
        >>> occ = [{"start": s, "end": s + 3} for s in (0, 5, 10)]
        >>> report = {"findings": [{"id": "F1", "kind": "repeat", "doc": "c/x.txt", "occurrences": occ}]}
        >>> [(d.doc_a, d.a_start, d.b_start) for d in detections_from_report(report)]
        [('x.txt', 0, 5), ('x.txt', 5, 10)]
    """
    findings = report.get("findings")
    if not isinstance(findings, list):
        raise EvaluationInputError(source, "missing list field 'findings'")
    detections: list[Detection] = []
    for index, finding in enumerate(findings):
        if not isinstance(finding, dict):
            raise EvaluationInputError(source, f"findings[{index}] is not a JSON object")
        where = f"finding {finding.get('id', index)!s}: "
        kind = _field(finding, "kind", source, None, where)
        if kind == "near-duplicate":
            continue  # a group of documents, no passage: scored by reuse.groupscore
        if kind == "reuse":
            sides = []
            for side in ("a", "b"):
                span = _field(finding, side, source, None, where)
                if not isinstance(span, dict):
                    raise EvaluationInputError(source, f"{where}field {side!r} is not a JSON object")
                sides.append(
                    (
                        _name(span, "doc", source, None, where),
                        *_range(span, "start", "end", source, None, where),
                    )
                )
            (doc_a, a_start, a_end), (doc_b, b_start, b_end) = sides
            detections.append(Detection(doc_a, a_start, a_end, doc_b, b_start, b_end))
        elif kind == "repeat":
            doc = _name(finding, "doc", source, None, where)
            occurrences = _field(finding, "occurrences", source, None, where)
            if not isinstance(occurrences, list) or not all(isinstance(o, dict) for o in occurrences):
                raise EvaluationInputError(source, f"{where}field 'occurrences' is not a list of objects")
            spans = [_range(o, "start", "end", source, None, where) for o in occurrences]
            detections.extend(
                Detection(doc, *first, doc, *second) for first, second in itertools.pairwise(spans)
            )
        elif kind == "cluster":
            if finding.get("boilerplate"):
                continue  # templates shared by many documents: not reuse anyone scores
            occurrences = _field(finding, "occurrences", source, None, where)
            if not isinstance(occurrences, list) or not all(isinstance(o, dict) for o in occurrences):
                raise EvaluationInputError(source, f"{where}field 'occurrences' is not a list of objects")
            places = [
                (_name(o, "doc", source, None, where), *_range(o, "start", "end", source, None, where))
                for o in occurrences
            ]
            links = _field(finding, "links", source, None, where)
            if not isinstance(links, list) or not all(_cluster_link(k, len(places)) for k in links):
                raise EvaluationInputError(
                    source,
                    f"{where}'links' is not a list of {{pair: [i, j], spans: [[start, end], [start, end]]}}",
                )
            for link in links:
                (i, j), ((a_start, a_end), (b_start, b_end)) = link["pair"], link["spans"]
                detections.append(Detection(places[i][0], a_start, a_end, places[j][0], b_start, b_end))
        else:
            raise EvaluationInputError(
                source, f"{where}unknown kind {kind!r} (want 'reuse', 'repeat' or 'cluster')"
            )
    return detections


def _cluster_link(link: object, size: int) -> bool:
    """Whether ``link`` is ``{"pair": [i, j], "spans": [[start, end], [start, end]]}``, i and j < ``size``."""
    if not isinstance(link, dict):
        return False
    pair, spans = link.get("pair"), link.get("spans")
    return (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(i, int) and 0 <= i < size for i in pair)
        and isinstance(spans, list)
        and len(spans) == 2
        and all(
            isinstance(s, list)
            and len(s) == 2
            and all(isinstance(x, int) and x >= 0 for x in s)
            and s[0] <= s[1]
            for s in spans
        )
    )


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
    return score_table(truth.cases, detections, listed_pairs=truth.listed_pairs)
