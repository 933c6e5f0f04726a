"""Score near-duplicate groups against true groups: pairwise precision, recall, F1 and the ARI.

Both sides are partitions of one set of documents: every document not in a group is a group of its
own. *Pairwise* measures count document pairs placed in one group: precision is the share of
predicted same-group pairs that are true, recall the share of true same-group pairs predicted.
The adjusted Rand index (Hubert and Arabie, 1985) compares the two partitions as a whole, corrected
for chance: 1 for identical partitions, about 0 for a random one. It is what text-dedup reports on
NEWS-COPY (0.73 for MinHash).

The predicted groups come from a scan report (findings of kind ``"near-duplicate"``) or a dedup
report (``reuse.dedup/1``, its ``groups``); the truth is one ``{"docs": [...]}`` per line. Documents
are matched by file name (:func:`reuse.cases.doc_name`), as in the passage evaluation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path
from typing import Any

from reuse.cases import EvaluationInputError, doc_name
from reuse.files import read_json, read_jsonl, read_text
from reuse.models import DEDUP_SCHEMA, SCHEMA

GROUP_EVALUATION_SCHEMA = "reuse.group-evaluation/1"


@dataclass(frozen=True)
class GroupScores:
    """Pairwise precision, recall and F1, the ARI, and the counts behind them."""

    precision: float
    recall: float
    f1: float
    ari: float
    documents: int
    true_groups: int
    predicted_groups: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    def to_dict(self) -> dict[str, Any]:
        """Plain values for ``--format json``.

        >>> GroupScores(1.0, 1.0, 1.0, 1.0, 3, 1, 1, 1, 1, 1).to_dict()["schema"]
        'reuse.group-evaluation/1'
        """
        return {"schema": GROUP_EVALUATION_SCHEMA} | {
            name: getattr(self, name) for name in self.__dataclass_fields__
        }


def _labels(groups: Iterable[Iterable[str]], source: str) -> dict[str, int]:
    """Group number of every document named in ``groups`` (a document in two groups is an error)."""
    label: dict[str, int] = {}
    for number, group in enumerate(groups):
        for doc in group:
            name = doc_name(doc)
            if label.setdefault(name, number) != number:
                raise EvaluationInputError(source, f"document {name!r} is in two groups")
    return label


def _pairs_within(sizes: Iterable[int]) -> int:
    return sum(comb(n, 2) for n in sizes)


def score_groups(
    predicted: Sequence[Sequence[str]], truth: Sequence[Sequence[str]], documents: Iterable[str] = ()
) -> GroupScores:
    """Compare predicted groups with true ones over ``documents`` plus every document either names.

    Empty conventions: no predicted pair gives precision 1, no true pair recall 1.

    Args:
        predicted: Predicted groups of document names or paths.
        truth: True groups.
        documents: Every document of the collection (singletons included), for the ARI.

    Returns:
        The scores.

    >>> s = score_groups([["a", "b"], ["c", "d"]], [["a", "b", "c"]], documents="abcde")
    >>> s.precision, round(s.recall, 4), s.correct_pairs, round(s.ari, 4)
    (0.5, 0.3333, 1, 0.2105)
    >>> score_groups([["x/a", "b"]], [["a", "b"]]).ari
    1.0
    """
    pred = _labels(predicted, "report")
    true = _labels(truth, "truth")
    universe = sorted({doc_name(d) for d in documents} | set(pred) | set(true))
    # Singletons get labels of their own, past every group's.
    pred_of = {d: pred.get(d, len(predicted) + k) for k, d in enumerate(universe)}
    true_of = {d: true.get(d, len(truth) + k) for k, d in enumerate(universe)}
    cells: dict[tuple[int, int], int] = {}
    for d in universe:
        key = (pred_of[d], true_of[d])
        cells[key] = cells.get(key, 0) + 1
    rows: dict[int, int] = {}
    cols: dict[int, int] = {}
    for (p, t), n in cells.items():
        rows[p] = rows.get(p, 0) + n
        cols[t] = cols.get(t, 0) + n
    correct = _pairs_within(cells.values())
    predicted_pairs = _pairs_within(rows.values())
    true_pairs = _pairs_within(cols.values())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return GroupScores(
        precision=precision,
        recall=recall,
        f1=f1,
        ari=adjusted_rand_index(correct, predicted_pairs, true_pairs, len(universe)),
        documents=len(universe),
        true_groups=sum(1 for g in truth if len(g) >= 2),
        predicted_groups=sum(1 for g in predicted if len(g) >= 2),
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct,
    )


def adjusted_rand_index(together: int, predicted_pairs: int, true_pairs: int, n: int) -> float:
    """ARI from pair counts: pairs together in both, together in the prediction, in the truth.

    ``ARI = (index - expected) / (mean - expected)`` with ``index`` the pairs together in both,
    ``expected = predicted · true / C(n, 2)`` and ``mean = (predicted + true) / 2``. Two identical
    partitions (both all singletons included) score 1.

    >>> adjusted_rand_index(1, 2, 3, 5)  # (1 - 0.6) / (2.5 - 0.6)
    0.2105263157894737
    """
    total = comb(n, 2)
    expected = predicted_pairs * true_pairs / total if total else 0.0
    mean = (predicted_pairs + true_pairs) / 2
    if mean == expected:
        return 1.0
    return (together - expected) / (mean - expected)


def predicted_groups(report: Mapping[str, Any], source: str = "report") -> tuple[list[list[str]], list[str]]:
    """The near-duplicate groups of a scan or dedup report, and every document it covers.

    >>> report = {"documents": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
    ...           "findings": [{"id": "G1", "kind": "near-duplicate", "docs": ["a", "c"]}]}
    >>> predicted_groups(report)
    ([['a', 'c']], ['a', 'b', 'c'])
    """
    documents = [str(d["id"]) for d in report.get("documents") or [] if isinstance(d, Mapping)]
    if isinstance(report.get("groups"), list):  # a dedup report
        found = report["groups"]
    else:
        found = [f for f in report.get("findings") or [] if f.get("kind") == "near-duplicate"]
    groups = []
    for group in found:
        docs = group.get("docs") if isinstance(group, Mapping) else None
        if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
            raise EvaluationInputError(source, f"group {group.get('id', '?')!s}: 'docs' is not a list of ids")
        groups.append(docs)
    return groups, documents


def is_group_truth(path: Path) -> bool:
    """Whether a truth file holds groups (``{"docs": [...]}`` rows) rather than passage cases.

    Only the first non-blank line is looked at, and a file that cannot be read or parsed is not a
    group truth: the passage evaluation then reports what is wrong with it.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "groups.jsonl"
    ...     _ = p.write_text('\\n{"docs": ["a", "b"]}\\n{oops\\n', encoding="utf-8")
    ...     is_group_truth(p), is_group_truth(Path(d))
    (True, False)
    """
    try:
        first = next((line for line in read_text(path).splitlines() if line.strip()), "")
        row = json.loads(first)
    except (EvaluationInputError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and "docs" in row


def load_group_truth(path: Path) -> list[list[str]]:
    """Read one ``{"docs": [...]}`` per line (blank lines skipped).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "groups.jsonl"
    ...     _ = p.write_text('{"docs": ["a", "b"]}\\n\\n{"docs": ["c", "d", "e"]}\\n', encoding="utf-8")
    ...     load_group_truth(p)
    [['a', 'b'], ['c', 'd', 'e']]
    """
    groups = []
    for line, row in read_jsonl(path):
        docs = row.get("docs") if isinstance(row, dict) else None
        if not isinstance(docs, list) or not all(isinstance(d, str) and d for d in docs):
            raise EvaluationInputError(str(path), 'want {"docs": [ids...]}', line=line)
        groups.append(docs)
    return groups


def evaluate_groups(
    report: Mapping[str, Any], truth_path: Path, *, report_name: str = "report"
) -> GroupScores:
    """Score a scan or dedup report's near-duplicate groups against a group truth file.

    >>> import tempfile
    >>> report = {"documents": [{"id": d} for d in "abcd"],
    ...           "findings": [{"kind": "near-duplicate", "docs": ["a", "b"]}]}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "groups.jsonl"
    ...     _ = p.write_text('{"docs": ["a", "b"]}\\n', encoding="utf-8")
    ...     s = evaluate_groups(report, p)
    >>> s.precision, s.recall, s.ari
    (1.0, 1.0, 1.0)
    """
    groups, documents = predicted_groups(report, report_name)
    return score_groups(groups, load_group_truth(truth_path), documents)


def load_group_report(path: Path) -> dict[str, Any]:
    """Read a scan report (``reuse.report/2``) or a dedup report (``reuse.dedup/1``).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "dedup.json"
    ...     _ = p.write_text('{"schema": "reuse.dedup/1", "documents": [], "groups": []}', encoding="utf-8")
    ...     load_group_report(p)["groups"]
    []
    """
    report = read_json(path)
    if not isinstance(report, dict):
        raise EvaluationInputError(str(path), "a report must be a JSON object")
    schema = report.get("schema")
    if schema not in (SCHEMA, DEDUP_SCHEMA):
        wanted = f"{SCHEMA!r} nor {DEDUP_SCHEMA!r}"
        raise EvaluationInputError(str(path), f"schema {schema!r} is neither {wanted}")
    return report
