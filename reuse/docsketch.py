"""The document-level candidate stage: whole-document sketches, and the exact check of their pairs.

:mod:`reuse.dedup` runs it over a whole collection; :func:`reuse.pipeline.scan` uses it to complete
the near-duplicate groups its window stage leaves split (:func:`complete_groups`). The definition is
:mod:`reuse.neardup`'s: two documents are near-duplicates when at least ``min_containment`` of the
shorter one's words are aligned with the other. The stages:

1. **prepare**: :func:`reuse.prepare.prepare_batch` (a document keeps its words, about 33 bytes a
   word, not its text);
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
to 109,000, and the candidate stage takes 1.1-1.5 s.

Memory: 4 · ``num_perm`` bytes of signature and about 25 bytes a word per document, plus the
candidate pairs (16 bytes each).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reuse.candidates import candidate_pairs, estimated_jaccard
from reuse.dots import find_root, join
from reuse.models import (
    NORMALIZATION_VERSION,
    PREPARATION_VERSION,
    TEXT_RULES,
    AlignParams,
    NearDuplicateParams,
    _check_positive,
    _check_unit,
)
from reuse.neardup import NearPair, overlap
from reuse.pipeline import align_jobs, window_shingles
from reuse.prepare import PreparedDoc
from reuse.sketch import permutations, segment_minhash

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U32 = npt.NDArray[np.uint32]


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
    under ``min_estimate`` are not checked: 0.6, not lower, because documents that share a long
    passage without being versions of one story (a wire story making half of each of 200 papers)
    would otherwise all be aligned pairwise (0.4: 8,545 checks for a passage in 200 of 400
    documents, 0.6: 76; near-duplicates are at 0.8 or more, and every generated version was still
    proposed). See ``benchmarks/neardup/RESULTS.md`` for the recall of these settings by length
    ratio.
    """

    num_perm: int = 128
    seed: int = 1
    scheme: str = "affine32"
    ngram: int = 3
    rows: int = 1
    max_bucket: int = 4096
    min_estimate: float = 0.6
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
        for name, supported in TEXT_RULES:
            if getattr(self, name) != supported:
                raise ValueError(f"{name} {getattr(self, name)!r} is not this version's {supported!r}")


def document_sketches(prepared: Sequence[PreparedDoc], config: DedupConfig) -> tuple[U32, I64]:
    """Whole-document MinHash signatures ``(docs, num_perm)`` and each document's distinct shingles.

    >>> from reuse.prepare import prepare_batch
    >>> docs = prepare_batch(["Rain fell on the old harbour town", ""])  # 5 content words: 3 trigrams
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
    >>> from reuse.prepare import prepare_batch
    >>> sig, sizes = document_sketches(prepare_batch(texts), DedupConfig())
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

    Each round takes, in order, the pairs that would join two sets not yet joined (a forest),
    aligns them (on every core) and joins those that are versions of one story; a pair whose
    documents are already joined (by an earlier check, or by ``joined``: such pairs known
    beforehand) is never aligned. A small text held inside a longer one joins nothing here, since
    which group it joins depends on every document holding it (:func:`reuse.neardup.groups`), so
    its pairs with each set are aligned. The result's groups, with ``joined``, are those of aligning
    every pair.

    Returns:
        The near-duplicate pairs found, and how many pairs were aligned.

    >>> story = "Rain fell on the old harbour town while fishermen mended their nets by the quay at dawn."
    >>> from reuse.prepare import prepare_batch
    >>> docs = prepare_batch([story, "Breaking: " + story, story + " More later."])
    >>> every = np.array([[0, 1], [0, 2], [1, 2]])
    >>> found, aligned = check_pairs(docs, every, AlignParams(), 0.8, workers=1)
    >>> [(x, y) for x, y, _, _ in found], aligned  # 1-2 is never aligned: 0 joined them already
    ([(0, 1), (0, 2)], 2)
    """
    parent = list(range(len(prepared)))
    for x, y in joined:
        join(parent, x, y)
    pending = [(int(x), int(y)) for x, y in pairs.tolist()]
    found: list[NearPair] = []
    aligned = 0
    while pending:
        trial = parent.copy()
        chosen: list[tuple[int, int]] = []
        later: list[tuple[int, int]] = []
        for x, y in pending:
            if find_root(parent, x) == find_root(parent, y):
                continue
            tx, ty = find_root(trial, x), find_root(trial, y)
            if tx == ty:
                later.append((x, y))
                continue
            trial[max(tx, ty)] = min(tx, ty)
            chosen.append((x, y))
        for (x, y), spans in zip(chosen, align_jobs(prepared, chosen, params, workers), strict=True):
            both = overlap(len(prepared[x].tokens), len(prepared[y].tokens), spans)
            if spans and both.near_duplicate(min_containment):
                found.append((x, y, both, spans))
                if both.versions(min_containment):  # a small text inside a longer one joins no group yet
                    join(parent, x, y)
        aligned += len(chosen)
        if progress is not None:
            progress(aligned)
        pending = later
    return found, aligned


def completion_pairs(signatures: U32, sizes: I64, aligned: I64, config: DedupConfig) -> I64:
    """The document sketch's candidate pairs that a scan has not aligned yet, best estimate first.

    Args:
        signatures: Every document's whole-document signature (:func:`document_sketches`).
        sizes: Every document's distinct shingles.
        aligned: ``(n, 2)`` document pairs the scan has aligned already (``x < y``).
        config: The document sketch.

    Returns:
        ``(m, 2)`` pairs for :func:`check_pairs`, in :func:`candidate_documents`' order.

    >>> texts = ["alpha beta gamma delta epsilon zeta eta"] * 3
    >>> from reuse.prepare import prepare_batch
    >>> sig, sizes = document_sketches(prepare_batch(texts), DedupConfig())
    >>> completion_pairs(sig, sizes, np.array([[0, 1]]), DedupConfig()).tolist()
    [[0, 2], [1, 2]]
    """
    pairs = candidate_documents(signatures, sizes, config).pairs
    if pairs.size and aligned.size:
        width = signatures.shape[0]
        done = np.isin(pairs[:, 0] * width + pairs[:, 1], aligned[:, 0] * width + aligned[:, 1])
        pairs = pairs[~done]
    return pairs


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

    >>> story = "Rain fell on the old harbour town while fishermen mended their nets by the quay at dawn."
    >>> from reuse.prepare import prepare_batch
    >>> docs = prepare_batch([story, "Breaking: " + story])
    >>> more, aligned = complete_groups(docs, np.zeros((0, 2), dtype=np.int64), [], AlignParams(),
    ...                                 NearDuplicateParams(), workers=1)
    >>> [(x, y) for x, y, _, _ in more], aligned
    ([(0, 1)], 1)
    """
    config = config or DedupConfig()
    signatures, sizes = document_sketches(prepared, config)
    pairs = completion_pairs(signatures, sizes, aligned, config)
    return check_pairs(
        prepared,
        pairs,
        params,
        near_duplicates.min_containment,
        workers=workers,
        joined=[(x, y) for x, y, both, _ in found if both.versions(near_duplicates.min_containment)],
    )
