"""``reuse dedup``: near-duplicate groups at archive scale, and which document of each to keep.

The definition is the scan's (:mod:`reuse.neardup`): two documents are near-duplicates when at
least ``min_containment`` of the shorter one's words are aligned with the other. What changes is how
pairs are found, since aligning every pair of a million documents is out of the question:

1. **prepare**: :func:`reuse.prepare.prepare_batch`, in batches; each document keeps its words and
   drops its text and offset map (about 25 bytes a word are kept);
2. **sketch**: each document's content-word n-grams (:func:`reuse.pipeline.window_shingles`) as one
   whole-document segment of :func:`reuse.sketch.segment_minhash`, ``num_perm`` values each;
3. **candidates**: :func:`reuse.candidates.candidate_pairs` over bands of ``rows`` values, then
   :func:`reuse.candidates.estimated_jaccard`, turned into the estimated containment of the smaller
   shingle set (below); pairs under ``min_estimate`` are dropped;
4. **check**: :func:`reuse.align.align_pair` and :func:`reuse.neardup.overlap` on the remaining
   pairs, best estimate first, skipping a pair whose documents an earlier check already joined:
   the groups are the connected components of the near-duplicate candidate pairs either way.

*Short versions.* A story cut to a fifth of its length has a whole-document Jaccard of about 0.2
with the full one, where text-dedup's usual thresholds (0.45-0.7) would miss it. So the bands are
as low-threshold as they go: 128 bands of one row, which a pair of Jaccard ``J`` shares with
probability ``1 - (1 - J)^128`` (0.9999 at 0.1). What filters is containment, estimated from the
Jaccard and the two set sizes ``|X| <= |Y|``: ``|X ∩ Y| = J (|X| + |Y|) / (1 + J)``, so
``c = |X ∩ Y| / |X|``. Measured on real articles (``benchmarks/neardup/RESULTS.md``), a version
keeping the first 15% of an article is proposed with its article 100% of the time (2 rows: 67%);
on 100,000 documents one-row bands collide 464,000 pairs (2 rows: 115,000), which the estimate cuts
to 109,000, and the candidate stage takes 1.1 s.

Memory: 4 · ``num_perm`` bytes of signature and about 25 bytes a word per document, plus the
candidate pairs (16 bytes each).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from reuse.candidates import candidate_pairs, estimated_jaccard
from reuse.models import (
    DEDUP_SCHEMA,
    NORMALIZATION_VERSION,
    PREPARATION_VERSION,
    AlignParams,
    Document,
    DuplicateIdError,
    InputError,
    NearDuplicateGroup,
    NearDuplicateParams,
    Overlap,
    _check_positive,
    _check_unit,
)
from reuse.neardup import NearPair, overlap, version_groups
from reuse.normalize import Normalized, NormalizedText
from reuse.pipeline import align_jobs, window_shingles
from reuse.prepare import PreparedDoc, prepare_batch
from reuse.sketch import permutations, segment_minhash

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U32 = npt.NDArray[np.uint32]

KEEP_POLICIES = ("first", "longest", "newest")
_BATCH_DOCS = 2000  # documents prepared at a time: their texts and offset maps are dropped after


@dataclass(frozen=True)
class DedupConfig:
    """The document-level sketch and the candidate filter; written into every dedup report.

    ``ngram`` content words per shingle (3: unrelated articles share few, a changed word costs
    three), ``num_perm`` MinHash values in ``num_perm // rows`` bands of ``rows`` (one: see the
    module's note on short versions). Every bucket is paired in full, not as a star around its
    lowest document (the scan's ``star_from``): an article sharing one paragraph with every version
    of a story and filed before them would be every version's star centre, and its pairs, which
    the estimate rejects, the only ones proposed. A bucket of more than ``max_bucket`` documents is
    skipped (text common to that many documents: boilerplate, or one story filed in more than 4,096
    documents of one collection, which is then not grouped). Pairs whose estimated containment is
    under ``min_estimate`` are not checked. See ``benchmarks/neardup/RESULTS.md`` for the recall of
    these settings by length ratio.
    """

    num_perm: int = 128
    seed: int = 1
    scheme: str = "affine32"
    ngram: int = 3
    rows: int = 1
    max_bucket: int = 4096
    min_estimate: float = 0.4
    normalization: str = NORMALIZATION_VERSION
    preparation: str = PREPARATION_VERSION

    def __post_init__(self) -> None:
        _check_positive(self, "num_perm", "ngram", "rows", "max_bucket")
        _check_positive(self, "seed", zero_ok=True)
        _check_unit(self, "min_estimate")
        if self.scheme != "affine32":
            raise ValueError(f"unsupported MinHash scheme {self.scheme!r}: only 'affine32'")
        if self.num_perm % self.rows:
            raise ValueError(f"num_perm ({self.num_perm}) must be a multiple of rows ({self.rows})")
        versions = (("normalization", NORMALIZATION_VERSION), ("preparation", PREPARATION_VERSION))
        for name, supported in versions:
            if getattr(self, name) != supported:
                raise ValueError(f"{name} {getattr(self, name)!r} is not this version's {supported!r}")


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


_NO_TEXT = Normalized(NormalizedText(""), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))


def prepare_words(texts: Sequence[str]) -> list[PreparedDoc]:
    """:func:`reuse.prepare.prepare_batch`, keeping each document's words but not its text.

    The aligner reads words only; dropping the normalised text and its offset map (8 bytes a
    character) keeps a hundred thousand articles in well under a gigabyte.

    >>> [len(d.tokens) for d in prepare_words(["The minister said: «Peace»", "قال الوزير"])]
    [4, 2]
    """
    out: list[PreparedDoc] = []
    for start in range(0, len(texts), _BATCH_DOCS):
        out += [replace(d, normalized=_NO_TEXT) for d in prepare_batch(texts[start : start + _BATCH_DOCS])]
    return out


def document_sketches(prepared: Sequence[PreparedDoc], config: DedupConfig) -> tuple[U32, I64]:
    """Whole-document MinHash signatures ``(docs, num_perm)`` and each document's distinct shingles.

    >>> docs = prepare_words(["Rain fell on the old harbour town", ""])  # 5 content words: 3 trigrams
    >>> sig, sizes = document_sketches(docs, DedupConfig())
    >>> sig.shape, sizes.tolist()
    ((2, 128), [3, 0])
    """
    shingles = [np.unique(window_shingles(d, config.ngram)) for d in prepared]
    sizes = np.array([s.size for s in shingles], dtype=np.int64)
    ends = np.cumsum(sizes)
    a, b = permutations(config.num_perm, config.seed)
    hashes = np.concatenate(shingles) if shingles else np.zeros(0, dtype=np.uint32)
    return segment_minhash(hashes, ends - sizes, ends, a, b), sizes


def estimated_containment(jaccard: F64, size_x: I64, size_y: I64) -> F64:
    """Estimated share of the smaller set inside the larger, from their Jaccard and sizes.

    ``|X ∩ Y| = J (|X| + |Y|) / (1 + J)``, divided by ``min(|X|, |Y|)``.

    >>> estimated_containment(np.array([0.25, 1.0]), np.array([100, 50]), np.array([400, 50])).tolist()
    [1.0, 1.0]
    """
    smaller = np.maximum(np.minimum(size_x, size_y), 1)
    return np.minimum(1.0, jaccard * (size_x + size_y) / ((1 + jaccard) * smaller))


@dataclass(frozen=True)
class Candidates:
    """Document pairs to check, best estimate first, and how many the bands gave before the filter."""

    pairs: I64
    estimate: F64
    colliding: int


def candidate_documents(signatures: U32, sizes: I64, config: DedupConfig) -> Candidates:
    """Document pairs whose signatures share a band and whose estimated containment passes.

    Documents without shingles (fewer than ``ngram`` content words) take part in no pair.

    >>> texts = ["alpha beta gamma delta epsilon zeta eta"] * 2 + ["other words entirely here now please"]
    >>> sig, sizes = document_sketches(prepare_words(texts), DedupConfig())
    >>> candidate_documents(sig, sizes, DedupConfig()).pairs.tolist()
    [[0, 1]]
    """
    present = np.flatnonzero(sizes > 0)
    bands = config.num_perm // config.rows
    found = candidate_pairs(
        signatures[present], present, bands, max_bucket=config.max_bucket, star_from=config.max_bucket
    )
    pairs = present[found] if found.size else np.zeros((0, 2), dtype=np.int64)
    jaccard = estimated_jaccard(signatures, pairs)
    estimate = estimated_containment(jaccard, sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    keep = estimate >= config.min_estimate
    pairs, estimate = pairs[keep], estimate[keep]
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -estimate))
    return Candidates(pairs[order], estimate[order], int(found.shape[0]))


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def check_pairs(
    prepared: Sequence[PreparedDoc],
    pairs: I64,
    params: AlignParams,
    min_containment: float,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    joined: Sequence[tuple[int, int]] = (),
) -> tuple[list[NearPair], int]:
    """Align candidate pairs in order until every pair's documents are joined or found apart.

    Each round takes, in order, the pairs that would join two groups not yet joined (a forest),
    aligns them (on every core) and joins those that are near-duplicates; a pair whose documents
    are already joined (by an earlier check, or by ``joined``: near-duplicate pairs known
    beforehand) is never aligned. The result's groups, with ``joined``, are those of aligning every
    pair.

    Returns:
        The near-duplicate pairs found, and how many pairs were aligned.
    """
    parent = list(range(len(prepared)))
    for x, y in joined:
        rx, ry = _find(parent, x), _find(parent, y)
        parent[max(rx, ry)] = min(rx, ry)
    pending = [(int(x), int(y)) for x, y in pairs.tolist()]
    found: list[NearPair] = []
    aligned = 0
    while pending:
        trial = parent.copy()
        chosen: list[tuple[int, int]] = []
        later: list[tuple[int, int]] = []
        for x, y in pending:
            if _find(parent, x) == _find(parent, y):
                continue
            tx, ty = _find(trial, x), _find(trial, y)
            if tx == ty:
                later.append((x, y))
                continue
            trial[max(tx, ty)] = min(tx, ty)
            chosen.append((x, y))
        for (x, y), spans in zip(chosen, align_jobs(prepared, chosen, params, workers), strict=True):
            both = overlap(len(prepared[x].tokens), len(prepared[y].tokens), spans)
            if spans and both.near_duplicate(min_containment):
                found.append((x, y, both, spans))
                rx, ry = _find(parent, x), _find(parent, y)
                parent[max(rx, ry)] = min(rx, ry)
        aligned += len(chosen)
        if progress is not None:
            progress(aligned)
        pending = later
    return found, aligned


def complete_groups(
    prepared: Sequence[PreparedDoc],
    aligned: I64,
    found: Sequence[NearPair],
    params: AlignParams,
    near_duplicates: NearDuplicateParams,
    *,
    config: DedupConfig | None = None,
    workers: int | None = None,
) -> tuple[list[NearPair], int]:
    """The near-duplicate pairs the document sketch adds to those a scan found: the scan's driver.

    The scan aligns the pairs its passage windows propose, and a story filed k times is aligned as
    a star around one version (k pairs, not k²/2): two versions that are each other's
    near-duplicates but not the centre's may then never meet. The document sketch proposes them
    as it does for ``reuse dedup``, and only pairs that would join two groups not yet joined are
    aligned (none already ``aligned``), so the scan's groups contain those ``reuse dedup`` finds.

    Args:
        prepared: The scan's prepared documents.
        aligned: ``(n, 2)`` document pairs the scan has aligned already (``x < y``).
        found: The near-duplicate pairs among them.
        params: The scan's aligner settings.
        near_duplicates: The near-duplicate definition.
        config: The document sketch (the dedup's).
        workers: Processes for the alignment.

    Returns:
        The further near-duplicate pairs, and how many pairs were aligned for them.
    """
    config = config or DedupConfig()
    signatures, sizes = document_sketches(prepared, config)
    pairs = candidate_documents(signatures, sizes, config).pairs
    if pairs.size and aligned.size:
        width = len(prepared)
        done = np.isin(pairs[:, 0] * width + pairs[:, 1], aligned[:, 0] * width + aligned[:, 1])
        pairs = pairs[~done]
    return check_pairs(
        prepared,
        pairs,
        params,
        near_duplicates.min_containment,
        workers=workers,
        joined=[(x, y) for x, y, _, _ in found],
    )


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
    seen: set[str] = set()
    for doc in documents:
        if doc.id in seen:
            raise DuplicateIdError(doc.id)
        seen.add(doc.id)
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

    prepared = prepare_words([d.text for d in documents])
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
    groups = version_groups(ids, None, found)
    words = [len(d.tokens) for d in prepared]
    decisions = _decide(ids, words, groups, found, keep, dates)
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
    found: list[NearPair],
    keep: str,
    dates: Sequence[Any] | None,
) -> tuple[Decision, ...]:
    """One decision per document: the best of each group by ``keep`` is kept, the others dropped."""
    index = {doc: k for k, doc in enumerate(ids)}
    evidence: dict[int, list[tuple[int, int, Overlap]]] = {}
    for x, y, both, _ in found:
        evidence.setdefault(x, []).append((x, y, both))
        evidence.setdefault(y, []).append((x, y, both))
    decisions = [Decision(doc, True, words[k], reason="no near-duplicate") for k, doc in enumerate(ids)]
    for number, group in enumerate(groups, start=1):
        name = f"G{number}"
        members = [index[d] for d in group.docs]
        best = best_member(keep, members, words, dates)
        for k in members:
            # The evidence: the checked pair with the kept document if there is one, else the first.
            x, y, both = next((e for e in evidence[k] if best in e[:2]), evidence[k][0])
            partner = y if k == x else x
            shorter, longer = (x, y) if _a_is_shorter(both) else (y, x)
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


def _a_is_shorter(both: Overlap) -> bool:
    """Whether ``a`` is the document :attr:`Overlap.containment` measures."""
    if both.a_words == both.b_words:
        return both.a_in_b >= both.b_in_a
    return both.a_words < both.b_words


def to_dedup_report(result: DedupResult) -> dict[str, Any]:
    """The result as the versioned ``reuse.dedup/1`` dict: one row per document, then the groups.

    >>> r = to_dedup_report(dedup([Document("a", "some words here"), Document("b", "other text")]))
    >>> r["schema"], [(d["id"], d["action"]) for d in r["documents"]], r["groups"]
    ('reuse.dedup/1', [('a', 'keep'), ('b', 'keep')], [])
    """

    def pair(p: Any) -> dict[str, Any]:
        o = p.overlap
        return {
            "a": p.a,
            "b": p.b,
            "a_words": o.a_words,
            "b_words": o.b_words,
            "a_in_b": round(o.a_in_b, 4),
            "b_in_a": round(o.b_in_a, 4),
            "jaccard": round(o.jaccard, 4),
            "containment": round(o.containment, 4),
        }

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
