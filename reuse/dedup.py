"""``reuse dedup``: near-duplicate groups at archive scale, and which document of each to keep.

The definition is the scan's (:mod:`reuse.neardup`); the pairs come from the document-level
candidate stage (:mod:`reuse.docsketch`: a whole-document MinHash whose one-row bands still meet a
story cut to a fifth, an estimated-containment filter, and an exact check that skips pairs already
joined), since aligning every pair of a million documents is out of the question. Each group keeps
one document (the first, the longest or the newest); nothing is deleted or moved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from reuse.docsketch import DedupConfig, candidate_documents, check_pairs, document_sketches
from reuse.models import (
    DEDUP_SCHEMA,
    AlignParams,
    Document,
    InputError,
    NearDuplicateGroup,
    NearDuplicateParams,
    Overlap,
    unique_ids,
)
from reuse.neardup import version_groups
from reuse.prepare import prepare_batch

KEEP_POLICIES = ("first", "longest", "newest")


@dataclass(frozen=True)
class Decision:
    """What to do with one document: keep it or drop it, and why.

    ``group`` and ``kept`` name its near-duplicate group and the document kept of it (``None`` for a
    document in no group); ``partner`` and ``overlap`` are the checked pair that joined it to its
    group, the evidence (for the kept document too).
    """

    id: str
    keep: bool
    words: int
    group: str | None = None
    kept: str | None = None
    partner: str | None = None
    overlap: Overlap | None = None
    reason: str = ""


@dataclass(frozen=True)
class DedupResult:
    """The groups, one decision per document (input order), and what each stage took."""

    decisions: tuple[Decision, ...]
    groups: tuple[NearDuplicateGroup, ...]
    kept: tuple[str, ...]
    keep: str
    parameters: dict[str, object] = field(default_factory=dict)
    errors: tuple[InputError, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)


def best_member(
    policy: str, members: Sequence[int], words: Sequence[int], dates: Sequence[Any] | None
) -> int:
    """The document of a group to keep: the first, the longest or the newest (ties: the first).

    Dates compare as numbers when every known date of the group is one, else as strings (ISO dates
    sort by time that way); a document without a date is never the newest while one has a date.

    >>> best_member("longest", [0, 2, 3], [10, 30, 30, 5], None)
    2
    >>> best_member("newest", [0, 1, 2], [1, 1, 1], ["2024-05-01", None, "2024-06-30"])
    2
    """
    if policy == "longest":
        return max(members, key=lambda k: (words[k], -k))
    dated = [k for k in members if dates is not None and dates[k] is not None]
    if policy != "newest" or dates is None or not dated:
        return min(members)
    numeric = all(isinstance(dates[k], int | float) and not isinstance(dates[k], bool) for k in dated)
    return max(dated, key=lambda k: (dates[k] if numeric else str(dates[k]), -k))


def dedup(
    documents: Sequence[Document],
    *,
    keep: str = "first",
    dates: Sequence[Any] | None = None,
    config: DedupConfig | None = None,
    params: AlignParams | None = None,
    near_duplicates: NearDuplicateParams | None = None,
    errors: Sequence[InputError] = (),
    workers: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> DedupResult:
    """Group near-duplicate documents and decide which of each group to keep; nothing is deleted.

    Args:
        documents: The texts, in input order (``keep="first"`` keeps the earliest).
        keep: ``"first"``, ``"longest"`` (most words) or ``"newest"`` (latest of ``dates``).
        dates: One sortable value per document (ISO strings or numbers; ``None``: unknown, never
            preferred), for ``keep="newest"``.
        config: The document sketch and candidate filter.
        params: Aligner settings (those of the scan, so both find the same near-duplicates).
        near_duplicates: When two documents are near-duplicates (:mod:`reuse.neardup`).
        errors: Input problems met while reading, carried into the result.
        workers: Processes for the exact check (default: one per CPU).
        progress: Optional ``progress(stage, done, total)`` callback.

    Returns:
        One decision per document, and the groups.

    Raises:
        DuplicateIdError: Two documents share an id (decisions name documents by id).
        ValueError: An unknown ``keep``, or ``dates`` of another length than ``documents``.

    >>> story = "Rain fell on the old harbour town while fishermen mended their nets by the quay at dawn. "
    >>> docs = [Document("a", story * 2), Document("b", "Breaking: " + story * 2), Document("c", "Hi.")]
    >>> [(d.id, d.keep, d.group) for d in dedup(docs, keep="longest").decisions]
    [('a', False, 'G1'), ('b', True, 'G1'), ('c', True, None)]
    """
    if keep not in KEEP_POLICIES:
        raise ValueError(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {keep!r}")
    if dates is not None and len(dates) != len(documents):
        raise ValueError("dates must give one value per document")
    unique_ids(documents)
    config = config or DedupConfig()
    params = params or AlignParams()
    near_duplicates = near_duplicates or NearDuplicateParams()
    report = progress or (lambda stage, done, total: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    prepared = prepare_batch([d.text for d in documents])
    lap("prepare")
    signatures, sizes = document_sketches(prepared, config)
    lap("sketch")
    candidates = candidate_documents(signatures, sizes, config)
    del signatures
    lap("candidates")
    total = len(candidates.pairs)
    found, aligned = check_pairs(
        prepared,
        candidates.pairs,
        params,
        near_duplicates.min_containment,
        workers=workers,
        progress=lambda done: report("check", done, total),
    )
    lap("check")
    ids = [d.id for d in documents]
    groups = version_groups(ids, None, found, near_duplicates.min_containment)
    words = [len(d.tokens) for d in prepared]
    decisions = _decide(ids, words, groups, keep, dates)
    lap("decide")
    return DedupResult(
        decisions=decisions,
        groups=groups,
        kept=tuple(d.id for d in decisions if d.keep),
        keep=keep,
        parameters={
            "sketch": asdict(config),
            "align": asdict(params),
            "near_duplicates": asdict(near_duplicates),
            "keep": keep,
        },
        errors=tuple(errors),
        timings=timings,
        figures={
            "documents": len(documents),
            "words": int(sum(words)),
            "colliding_pairs": candidates.colliding,
            "checked_candidates": total,
            "aligned_pairs": aligned,
            "near_duplicate_pairs": len(found),
            "groups": len(groups),
            "dropped": sum(not d.keep for d in decisions),
        },
    )


def _decide(
    ids: list[str],
    words: list[int],
    groups: tuple[NearDuplicateGroup, ...],
    keep: str,
    dates: Sequence[Any] | None,
) -> tuple[Decision, ...]:
    """One decision per document: the best of each group by ``keep`` is kept, the others dropped."""
    index = {doc: k for k, doc in enumerate(ids)}
    decisions = [Decision(doc, True, words[k], reason="no near-duplicate") for k, doc in enumerate(ids)]
    for number, group in enumerate(groups, start=1):
        name = f"G{number}"
        members = [index[d] for d in group.docs]
        best = best_member(keep, members, words, dates)
        evidence: dict[int, list[tuple[int, int, Overlap]]] = {}
        for pair in group.pairs:  # the group's own pairs: a text two groups hold is evidence for one
            x, y = index[pair.a], index[pair.b]
            evidence.setdefault(x, []).append((x, y, pair.overlap))
            evidence.setdefault(y, []).append((x, y, pair.overlap))
        for k in members:
            # The evidence: the checked pair with the kept document if there is one, else the first.
            x, y, both = next((e for e in evidence[k] if best in e[:2]), evidence[k][0])
            partner = y if k == x else x
            shorter, longer = (x, y) if both.a_is_shorter else (y, x)
            joined = (
                f"{both.containment:.0%} of the words of {ids[shorter]} are aligned with {ids[longer]} "
                f"(Jaccard {both.jaccard:.2f})"
            )
            reason = (
                f"kept as the {keep} of {name} ({len(members)} documents); {joined}"
                if k == best
                else f"near-duplicate in {name}, which keeps {ids[best]} ({keep}); {joined}"
            )
            decisions[k] = Decision(ids[k], k == best, words[k], name, ids[best], ids[partner], both, reason)
    return tuple(decisions)


def to_dedup_report(result: DedupResult) -> dict[str, Any]:
    """The result as the versioned ``reuse.dedup/1`` dict: one row per document, then the groups.

    >>> r = to_dedup_report(dedup([Document("a", "some words here"), Document("b", "other text")]))
    >>> r["schema"], [(d["id"], d["action"]) for d in r["documents"]], r["groups"]
    ('reuse.dedup/1', [('a', 'keep'), ('b', 'keep')], [])
    """

    def pair(p: Any) -> dict[str, Any]:
        return {"a": p.a, "b": p.b, **p.overlap.to_dict()}

    kept = {d.group: d.kept for d in result.decisions if d.group}
    return {
        "schema": DEDUP_SCHEMA,
        "parameters": result.parameters,
        "documents": [
            {
                "id": d.id,
                "action": "keep" if d.keep else "drop",
                "words": d.words,
                "group": d.group,
                "kept": d.kept,
                "partner": d.partner,
                "containment": round(d.overlap.containment, 4) if d.overlap else None,
                "reason": d.reason,
            }
            for d in result.decisions
        ],
        "groups": [
            {"id": f"G{k}", "docs": list(g.docs), "kept": kept[f"G{k}"], "pairs": [pair(p) for p in g.pairs]}
            for k, g in enumerate(result.groups, start=1)
        ],
        "errors": [{"path": e.path, "error": e.error} for e in result.errors],
    }
