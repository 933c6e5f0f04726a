"""Labelled cases and reported detections: truth files and reports read for the PAN measures.

A case and a detection are each a pair of half-open code-point ranges, one in document ``a`` and one
in document ``b`` (the same document for a repeat). Documents are matched by file name (the last
path component), so a report written from ``corpus/x.txt`` scores against truth naming ``x.txt``.
A file that does not have the expected shape is an :data:`EvaluationInputError` naming the file and
line. The measures themselves are :mod:`reuse.evaluate`'s.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from reuse.files import InputFileError, read_json, read_jsonl
from reuse.models import SCHEMA

Interval = tuple[int, int]
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


class Truth(NamedTuple):
    """What :func:`load_truth` returns: the cases and, under the listed-pairs protocol, the pairs."""

    cases: tuple[Case, ...]
    listed_pairs: frozenset[PairKey] | None


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
    cluster gives its aligned pairs (``links``, with their exact spans, less those ``carried``), so PAN
    scores are those of the pairs found; a boilerplate cluster gives none (such templates were never
    reported as reuse).
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
        elif kind in ("cluster", "listing"):  # a listing's links are a story's opening lines, copied
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
                if link.get("carried"):
                    continue  # not aligned: a place inside a longer copy, which is scored as aligned
                (i, j), ((a_start, a_end), (b_start, b_end)) = link["pair"], link["spans"]
                detections.append(Detection(places[i][0], a_start, a_end, places[j][0], b_start, b_end))
        else:
            raise EvaluationInputError(
                source, f"{where}unknown kind {kind!r} (want 'reuse', 'repeat', 'cluster' or 'listing')"
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
