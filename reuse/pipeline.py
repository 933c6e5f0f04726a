"""The scan: documents in, findings out. One function per stage, each timed."""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace

import numpy as np
import numpy.typing as npt

from reuse.align import Steps, align_pair, steps
from reuse.candidates import band_key, band_pairs, cap_per_document, doc_pair_evidence, estimated_jaccard
from reuse.cpus import usable_cpus
from reuse.findings import Link, repeat_findings, shared_findings
from reuse.models import (
    AlignParams,
    CandidateParams,
    Document,
    Finding,
    InputError,
    NearDuplicateParams,
    Progress,
    ScanResult,
    SketchConfig,
    unique_ids,
)
from reuse.neardup import NearPair, overlap, version_groups
from reuse.prepare import PreparedDoc, prepare_batch
from reuse.shingle import ngram_hashes, to_uint32
from reuse.sketch import WindowSignatures, signatures_of_windows, window_layout, window_signatures
from reuse.spans import SpanPair


@contextmanager
def _timer(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - start, 4)


@contextmanager
def _stage(report: Progress, stage: str) -> Iterator[None]:
    """A stage of one step for the progress bar: shown while it runs (0 of 1), done after."""
    report(stage, 0, 1)
    yield
    report(stage, 1, 1)


def window_shingles(doc: PreparedDoc, ngram: int) -> npt.NDArray[np.uint32]:
    """The 32-bit shingles a document's windows are sketched from: n-grams of its content words."""
    return to_uint32(ngram_hashes(doc.hashes[doc.content], ngram))


@dataclass(frozen=True)
class Candidates:
    """The candidate stage's answer: document pairs to align, and what it took to find them.

    ``pairs`` is ``(n, 2)``, ``x < y``, sorted. ``windows`` are the passage windows sketched (all
    scales), ``window_pairs`` the colliding window pairs, ``colliding`` the document pairs they
    join before verification, ``capped`` the verified pairs dropped by the per-document cap.
    """

    pairs: npt.NDArray[np.int64]
    windows: int = 0
    window_pairs: int = 0
    colliding: int = 0
    capped: int = 0


def candidate_doc_pairs(
    prepared: Sequence[PreparedDoc],
    config: SketchConfig,
    params: CandidateParams | None = None,
    centres: npt.NDArray[np.int64] | None = None,
) -> Candidates:
    """Pairs of different documents worth aligning.

    Up to ``params.exhaustive_up_to`` documents, every pair; beyond, the pairs whose passage
    windows, at any scale of ``config``, share an LSH bucket, verified by the estimated Jaccard
    of their best window pair (a probabilistic filter: see :mod:`reuse.candidates`), at most
    ``params.max_pairs_per_doc`` per document (its best). A bucket of many documents is paired as a
    star around its first window: first in the order of ``centres`` (each document's place in it;
    :func:`centre_order`), else of the documents.
    """
    params = params or CandidateParams()
    n = len(prepared)
    if n <= params.exhaustive_up_to:
        x, y = np.triu_indices(n, k=1)
        return Candidates(np.stack((x, y), axis=1).astype(np.int64))
    windows = window_pairs = 0
    found_pairs, found_jaccard = [], []
    for scale, shingles in scale_shingles(prepared, config):
        doc, start, end = window_layout(np.array([s.size for s in shingles], dtype=np.int64), scale)
        keys = band_keys_in_turn(shingles, scale, doc.size)
        # Stable: a document's windows keep their order, and documents of one key theirs.
        order = np.arange(doc.size) if centres is None else np.argsort(centres[doc], kind="stable")
        found = band_pairs(
            (key[order] for key in keys),
            doc[order],
            max_bucket=params.max_bucket,
            star_from=params.star_from,
            opening=start[order] == 0,
        )
        pairs = np.sort(order[found], axis=1)
        found_pairs.append(np.sort(doc[pairs], axis=1))
        found_jaccard.append(pair_jaccard(shingles, (doc, start, end), pairs, scale))
        windows += doc.size
        window_pairs += pairs.shape[0]
    doc_pairs, best = doc_pair_evidence(np.concatenate(found_pairs), np.concatenate(found_jaccard))
    verified = best >= params.min_jaccard
    kept = cap_per_document(doc_pairs[verified], best[verified], params.max_pairs_per_doc)
    pairs = doc_pairs[verified][kept]
    return Candidates(pairs, windows, window_pairs, doc_pairs.shape[0], int(kept.size - kept.sum()))


_VERIFY_PAIRS = 1 << 16
"""Window pairs verified at a time: the whole signatures of at most twice as many windows (64 MiB)."""


def pair_jaccard(
    shingles: list[npt.NDArray[np.uint32]],
    windows: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]],
    pairs: npt.NDArray[np.int64],
    scale: SketchConfig,
) -> npt.NDArray[np.float64]:
    """The estimated Jaccard of each window pair (:func:`reuse.candidates.estimated_jaccard`).

    ``windows`` are every window's document, start and end (:func:`reuse.sketch.window_layout`).
    Only windows that collided need their whole signature, computed again for a chunk of pairs at a
    time, so memory stays bounded however many collide.
    """
    doc, start, end = windows
    out = np.empty(pairs.shape[0], dtype=np.float64)
    for c0 in range(0, pairs.shape[0], _VERIFY_PAIRS):
        chunk = pairs[c0 : c0 + _VERIFY_PAIRS]
        involved = np.unique(chunk)
        signatures = signatures_of_windows(shingles, doc[involved], start[involved], end[involved], scale)
        out[c0 : c0 + chunk.shape[0]] = estimated_jaccard(signatures, np.searchsorted(involved, chunk))
    return out


def scale_shingles(
    prepared: Sequence[PreparedDoc], config: SketchConfig
) -> Iterator[tuple[SketchConfig, list[npt.NDArray[np.uint32]]]]:
    """Each window scale's config and the shingles of each document it sketches.

    The wide scale is for passages of 500-1,000 words shuffled as a whole; a document no longer
    than its window cannot hold more of one than its coarse windows already see, so only longer
    documents get wide windows (their whole-document window only added pairs: a passage in 200 of
    400 news-like documents, 621 -> 508 pairs aligned; araplagdet-dev and pan13-dev unchanged).
    """
    shingles = [window_shingles(d, config.ngram) for d in prepared]
    for number, scale in enumerate(window_scales(config)):
        wide = number > 0 and scale.window == config.wide_window and scale.stride == config.wide_stride
        yield scale, [s if s.size > scale.window else s[:0] for s in shingles] if wide else shingles


def sketch(
    prepared: Sequence[PreparedDoc], config: SketchConfig
) -> Iterator[tuple[SketchConfig, WindowSignatures]]:
    """The window signatures of every scale, one scale at a time, for drivers that ship them (Spark)."""
    for scale, shingles in scale_shingles(prepared, config):
        yield scale, window_signatures(shingles, scale)


_SIGNATURES_AT_ONCE = 128 << 20
"""Bytes of one scale's window signatures :func:`band_keys_in_turn` holds at a time. Under it (about
10,000 news-like documents) every band is sketched in one pass; at 100,000 documents the smallest
scale's 955 MB of signatures are sketched four bands at a time, 120 MB each: the scan's peak memory
fell from 2.24 to 1.42 GB, its reports unchanged."""


def band_keys_in_turn(
    shingles: list[npt.NDArray[np.uint32]], scale: SketchConfig, windows: int
) -> Iterator[npt.NDArray[np.uint64]]:
    """Each band's key of the ``windows`` windows of ``scale``, band after band, a group of bands at a time.

    The same keys as :func:`reuse.candidates.band_key` of the whole signatures: each permutation is
    computed once, for its group of bands, and a group's signatures are at most
    ``_SIGNATURES_AT_ONCE`` bytes (one band at least).
    """
    rows = scale.num_perm // scale.bands
    bands_at_once = max(1, min(scale.bands, _SIGNATURES_AT_ONCE // max(1, windows * rows * 4)))
    for first in range(0, scale.bands, bands_at_once):
        last = min(scale.bands, first + bands_at_once)
        part = window_signatures(shingles, scale, slice(first * rows, last * rows)).signatures
        for band in range(first, last):
            yield band_key(part, band, rows, first_perm=first * rows)
        del part  # before the next group is sketched, not after


def window_scales(config: SketchConfig) -> list[SketchConfig]:
    """The config of each window scale: ``config`` itself, then its coarse and wide windows if on."""
    return [config] + [
        replace(config, window=window, stride=stride)
        for window, stride in (
            (config.coarse_window, config.coarse_stride),
            (config.wide_window, config.wide_stride),
        )
        if stride
    ]


_JOB_STATE: tuple[Sequence[PreparedDoc], AlignParams, Steps] | None = None


def _align_job(job: tuple[int, int]) -> list[SpanPair]:
    assert _JOB_STATE is not None
    prepared, params, run = _JOB_STATE
    x, y = job
    return align_pair(prepared[x], prepared[y], params, same=x == y, run=run)


def align_jobs(
    prepared: Sequence[PreparedDoc], jobs: list[tuple[int, int]], params: AlignParams, workers: int | None
) -> Iterator[list[SpanPair]]:
    """Align every job ``(x, y)`` (``x == y``: repeats inside x), in job order: the align stage's driver.

    ``reuse scan`` and ``reuse check`` both align through it. With several workers the jobs run in
    forked processes, which inherit the prepared documents instead of receiving them pickled; results
    come back in job order, so output never depends on scheduling.

    >>> from reuse.prepare import prepare_batch
    >>> docs = prepare_batch(["one two three four five six seven eight nine ten"] * 2)
    >>> [len(pairs) for pairs in align_jobs(docs, [(0, 1), (0, 0)], AlignParams(), workers=1)]
    [1, 0]
    """
    global _JOB_STATE
    words = sum(prepared[x].hashes.size + (prepared[y].hashes.size if y != x else 0) for x, y in jobs)
    run = steps(words)  # numpy for small work: loading numba would cost more than it saves
    workers = workers or usable_cpus()
    if workers <= 1 or len(jobs) < 64 or "fork" not in mp.get_all_start_methods():
        # In this thread, without the module-level state: `reuse serve` aligns in several threads.
        yield from (align_pair(prepared[x], prepared[y], params, same=x == y, run=run) for x, y in jobs)
        return
    _JOB_STATE = (prepared, params, run)
    try:
        _align_job(jobs[-1])  # compiles (or loads) the numba steps once, before the workers fork
        with mp.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_align_job, jobs, chunksize=16)
    finally:
        _JOB_STATE = None


def centre_order(documents: Sequence[Document]) -> npt.NDArray[np.int64]:
    """Each document's key in the order that picks a star bucket's centre: shortest text first.

    The key is the text's length, then the first 32 bits of its sha256, as one number (Spark's
    ``centre`` column, ``reuse.spark.driver``); a tie, which only identical texts share, goes to the
    document first in id order. The texts alone decide it, so a
    collection's findings do not follow its file names: in id order, araplagdet-dev laid
    out with the suspicious documents' names first scored 0.965 against 0.969. The shortest document
    holding a passage is the one most nearly the passage itself, and every other holder is aligned
    with it.

    >>> docs = [Document("a", "a longer text"), Document("b", "short"), Document("c", "short")]
    >>> np.argsort(centre_order(docs), kind="stable").tolist()  # the order: b, c (a tie, by id), a
    [1, 2, 0]
    """
    return np.array([(len(d.text) << 32) | int(d.sha256[:8], 16) for d in documents], dtype=np.int64)


def _checked_input(
    documents: Iterable[Document], *settings: object, workers: int | None = None
) -> list[Document]:
    """The documents as a list (a generator would be spent by the id check), the settings' types checked.

    So a library caller's mistake is named here rather than deep in a stage.

    >>> _checked_input(["a text"])
    Traceback (most recent call last):
    ...
    TypeError: scan() takes Document(id, text) objects; documents[0] is a str
    >>> _checked_input([], AlignParams(), SketchConfig())
    Traceback (most recent call last):
    ...
    TypeError: scan()'s config must be a SketchConfig (got AlignParams)
    """
    listed = list(documents)
    for k, doc in enumerate(listed):
        if not isinstance(doc, Document):
            raise TypeError(
                f"scan() takes Document(id, text) objects; documents[{k}] is a {type(doc).__name__}"
            )
    kinds = (
        ("config", SketchConfig),
        ("params", AlignParams),
        ("candidates", CandidateParams),
        ("near_duplicates", NearDuplicateParams),
    )
    for (name, kind), value in zip(kinds, settings, strict=True):
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"scan()'s {name} must be a {kind.__name__} (got {type(value).__name__})")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers is a number of processes, 1 or more (None: one per CPU); got {workers!r}")
    return listed


def scan(
    documents: Iterable[Document],
    *,
    config: SketchConfig | None = None,
    params: AlignParams | None = None,
    candidates: CandidateParams | None = None,
    errors: Sequence[InputError] = (),
    progress: Progress | None = None,
    workers: int | None = None,
    near_duplicates: NearDuplicateParams | None = None,
    as_given: bool = False,
) -> ScanResult:
    """Find passages reused between documents and repeated inside each.

    The stages take the documents in id order, whatever order they came in: which pairs a capped
    document keeps and which side of a pair is "a" follow the documents' order, and one collection
    must give the same findings however it is listed. Which window stands for a bucket follows the
    texts alone, shortest first (:func:`centre_order`), so that it does not follow their names.

    Args:
        documents: The texts, in the order reports should list them.
        config: Sketch and LSH settings for the candidate stage.
        params: Aligner settings (minimum words, similarity threshold).
        candidates: Which document pairs are worth aligning.
        errors: Input problems met while reading, carried into the result.
        progress: Optional callback for a progress bar.
        workers: Processes for the alignment stage (default: one per CPU; 1 aligns in this process).
        near_duplicates: When two documents are near-duplicates (:mod:`reuse.neardup`); their
            groups come in the result's ``groups``.
        as_given: Take the documents in the order given instead, the first window of a bucket its
            centre: ``reuse check`` stands for a scan with the draft first (:mod:`reuse.archive`),
            where every window sharing a bucket with the draft's is paired with it.

    Returns:
        Findings sorted by size, then document and offset, and the near-duplicate groups, with each
        stage's time and counts.

    Raises:
        DuplicateIdError: Two documents share an id (a :class:`ValueError`; findings name documents
            by id, so two texts under one id would be merged in the report).

    >>> copied = "The quick brown fox jumps over the lazy dog near the river bank"
    >>> docs = [Document("a", "One two three. " + copied + " today."), Document("b", copied + ", they said.")]
    >>> [(f.kind, f.words) for f in scan(docs).findings]
    [('reuse', 13)]
    """
    documents = _checked_input(documents, config, params, candidates, near_duplicates, workers=workers)
    unique_ids(documents)
    settings = (config, params, candidates, errors, progress, workers, near_duplicates)
    if as_given:
        return _scan_in_order(documents, *settings, centres=None)
    in_order = sorted(documents, key=lambda d: d.id)
    result = _scan_in_order(in_order, *settings, centres=centre_order(in_order))
    words = {d.id: n for d, n in zip(in_order, result.word_counts, strict=True)}
    return replace(result, documents=tuple(documents), word_counts=tuple(words[d.id] for d in documents))


def _scan_in_order(
    documents: Sequence[Document],
    config: SketchConfig | None,
    params: AlignParams | None,
    candidates: CandidateParams | None,
    errors: Sequence[InputError],
    progress: Progress | None,
    workers: int | None,
    near_duplicates: NearDuplicateParams | None,
    *,
    centres: npt.NDArray[np.int64] | None,
) -> ScanResult:
    """:func:`scan`'s stages over ``documents`` in the order given (``centres``: see candidate_doc_pairs)."""
    config = config or SketchConfig()
    params = params or AlignParams()
    candidates = candidates or CandidateParams()
    near_duplicates = near_duplicates or NearDuplicateParams()
    timings: dict[str, float] = {}
    report = progress or (lambda stage, done, total: None)
    with _timer(timings, "prepare"), _stage(report, "prepare"):
        prepared = prepare_batch([d.text for d in documents])
    with _timer(timings, "candidates"), _stage(report, "candidates"):
        found = candidate_doc_pairs(prepared, config, candidates, centres)
    findings: list[Finding] = []
    links: list[Link] = []
    near: list[NearPair] = []
    paired = 0
    ids = [d.id for d in documents]
    with _timer(timings, "align"):
        jobs = [(int(x), int(y)) for x, y in found.pairs.tolist()] + [(k, k) for k in range(len(prepared))]
        for done, ((x, y), pairs) in enumerate(
            zip(jobs, align_jobs(prepared, jobs, params, workers), strict=True)
        ):
            if x != y:
                links += [Link(x, y, p) for p in pairs]
                paired += bool(pairs)
                both = overlap(len(prepared[x].tokens), len(prepared[y].tokens), pairs)
                if pairs and both.near_duplicate(near_duplicates.min_containment):
                    near.append((x, y, both, pairs))
            else:
                findings += repeat_findings(ids[x], prepared[x], pairs)
            report("align", done + 1, len(jobs))
    with _timer(timings, "findings"), _stage(report, "findings"):
        findings += shared_findings(ids, prepared, links, params)
        findings.sort(key=Finding.sort_key)
    checked = 0
    with _timer(timings, "near-duplicates"), _stage(report, "near-duplicates"):
        if len(prepared) > candidates.exhaustive_up_to:
            # Imported here: reuse.docsketch drives the align stage through this module.
            from reuse.docsketch import complete_groups

            more, checked = complete_groups(
                prepared, found.pairs, near, params, near_duplicates, workers=workers
            )
            near += more
        groups = version_groups(ids, prepared, near, near_duplicates.min_containment)
    parameters: dict[str, object] = {
        "sketch": asdict(config),
        "candidates": asdict(candidates),
        "align": asdict(params),
        "near_duplicates": asdict(near_duplicates),
    }
    word_counts = tuple(len(d.tokens) for d in prepared)
    figures = {
        "documents": len(documents),
        "words": sum(word_counts),
        "windows": found.windows,
        "window_pairs": found.window_pairs,
        "colliding_pairs": found.colliding,
        "candidate_pairs": len(found.pairs),
        "capped_pairs": found.capped,
        "pairs_with_findings": paired,
        "findings": len(findings),
        "near_duplicate_checks": checked,
        "near_duplicate_pairs": len(near),
        "near_duplicate_groups": len(groups),
    }
    return ScanResult(
        tuple(documents), tuple(findings), tuple(errors), word_counts, parameters, timings, figures, groups
    )
