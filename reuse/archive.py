"""The archive: index documents once (``reuse index``), then check drafts against them (``reuse check``).

Two thin drivers over the scan's own stages (:func:`~reuse.prepare.prepare_batch`,
:func:`~reuse.pipeline.sketch` (the window signatures of every scale),
:func:`~reuse.pipeline.candidate_doc_pairs`, :func:`~reuse.pipeline.align_jobs`,
:func:`~reuse.findings.repeat_findings` and :func:`~reuse.findings.shared_findings`); what they add is
only which documents meet, and where they are kept (:mod:`reuse.store`).

**Indexing** stores, per document, its text and the distinct *postings keys* of its passage windows:
each LSH band key (:func:`~reuse.candidates.band_key`) of each window at each scale, folded with its
scale into 32 bits (:func:`posting_keys`).

**Checking** a draft looks its postings keys up, takes the archive documents holding any of them,
prepares them again from their stored text, and runs the candidate stage on the draft plus those
documents only. That gives exactly the draft's candidate pairs of the scan's stages over the draft
(first) plus the whole archive (:func:`~reuse.pipeline.scan` with ``as_given``): every window
sharing a bucket with a draft window belongs to a looked-up document, so each bucket holding a draft
window has the same members, the same document count (the skew rule) and the same lowest window (the
representative, which is a draft window: the draft comes first; so is the second partner, the lowest
window met in two bands, whenever a draft window is; the lowest opening window met in two bands is
one of the bucket's), and the verification compares the
same window signatures (recomputed, bit for bit, from the text). A 32-bit key that matches by chance
only adds a document to prepare. Only draft pairs are aligned; archive documents are never compared
with each other.

Exact except for one rule: a key held by more than ``max_bucket`` archive documents (a footer in
every article) is skipped without fetching those documents, as the scan skips its bucket; a document
looked up for another key still carries that window into the candidate stage, where the bucket is
then smaller than in the scan. The findings stage sees only the draft's links: a passage the draft
shares with two or more archive documents is a cluster of the draft's links, and boilerplate is
judged by the documents the draft shares it with (the scan would also count archive documents that
share it only with each other).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from reuse.findings import Link, repeat_findings, shared_findings
from reuse.models import (
    AlignParams,
    CandidateParams,
    Document,
    Finding,
    InputError,
    NearDuplicateGroup,
    NearDuplicateParams,
    ScanResult,
    SketchConfig,
    unique_ids,
)
from reuse.neardup import NearPair, overlap, version_groups
from reuse.pipeline import align_jobs, band_keys_in_turn, candidate_doc_pairs, scale_shingles
from reuse.prepare import PreparedDoc, prepare_batch
from reuse.sketch import window_layout
from reuse.store import INDEX_SCHEMA, ArchiveStore, IndexFileError

I32 = npt.NDArray[np.int32]
_GOLDEN = 0x9E3779B97F4A7C15
_ADD_BATCH_CHARS = 4 << 20  # characters per transaction of `index add`: about 2,000 news articles

Progress = Callable[[str, int, int], None]


def settings(
    config: SketchConfig | None = None,
    candidates: CandidateParams | None = None,
    params: AlignParams | None = None,
) -> dict[str, Any]:
    """Every setting that changes an index's keys or a check's findings, as the index records them.

    >>> sorted(settings())
    ['align', 'candidates', 'sketch']
    """
    return {
        "sketch": asdict(config or SketchConfig()),
        "candidates": asdict(candidates or CandidateParams()),
        "align": asdict(params or AlignParams()),
    }


def _configs(store: ArchiveStore) -> tuple[SketchConfig, CandidateParams, AlignParams]:
    """The index's settings as the stages take them; settings no version could have written are damage.

    Raises:
        IndexFileError: A section missing, a setting unknown or out of range.
    """
    stored = store.settings
    try:
        return (
            SketchConfig(**stored["sketch"]),
            CandidateParams(**stored["candidates"]),
            AlignParams(**stored["align"]),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise IndexFileError(str(store.path), f"damaged: its settings cannot be used ({err})") from None


def posting_keys(prepared: Sequence[PreparedDoc], config: SketchConfig) -> list[I32]:
    """Each document's distinct postings keys: its windows' band keys at every scale, in 32 bits.

    A key is the top 32 bits of the band key XOR a per-scale constant, so one key names a scale, a
    band and the band's values (up to chance matches, which only cost a lookup).

    >>> from reuse.prepare import prepare_batch
    >>> words = " ".join(f"word{k}" for k in range(30))
    >>> a, b, c = posting_keys(prepare_batch([words, words, "other text entirely"]), SketchConfig())
    >>> bool((a == b).all()), len(np.intersect1d(a, c))
    (True, 0)
    """
    codes: list[npt.NDArray[np.uint64]] = []
    for scale_number, (scale, shingles) in enumerate(scale_shingles(prepared, config)):
        doc, _, _ = window_layout(np.array([s.size for s in shingles], dtype=np.int64), scale)
        salt = np.uint64(scale_number * _GOLDEN % (1 << 64))
        for keys in band_keys_in_turn(
            shingles, scale, doc.size
        ):  # a few bands' signatures in memory at a time
            # One code per (document, key): document in the high half, key in the low half.
            codes.append((doc.astype(np.uint64) << np.uint64(32)) | ((keys ^ salt) >> np.uint64(32)))
    code = np.sort(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.uint64)
    code = code[np.concatenate(([True], code[1:] != code[:-1]))] if code.size else code  # distinct
    doc = (code >> np.uint64(32)).astype(np.int64)
    keys32 = (code & np.uint64(0xFFFFFFFF)).astype(np.uint32).view(np.int32)
    bounds = np.searchsorted(doc, np.arange(len(prepared) + 1))
    return [keys32[bounds[d] : bounds[d + 1]] for d in range(len(prepared))]


SET_ASIDE = (
    "left out of the check: a draft has this archived document's id (a draft checked again is not "
    "its own source)"
)
"""What is said of an archived document :func:`check` leaves out because a draft has its id."""


@dataclass(frozen=True)
class AddResult:
    """What ``index add`` did: ids added, replaced (their text changed) and skipped (unchanged).

    ``copies`` pairs each added or replaced id whose text the index already held under another id
    with that id: one file added under two spellings of its path (``corp/a.txt``, ``/abs/corp/a.txt``)
    is two documents, and a check then finds a draft copied from it in both.
    """

    added: tuple[str, ...]
    replaced: tuple[str, ...]
    skipped: tuple[str, ...]
    copies: tuple[tuple[str, str], ...] = ()


def _batches(documents: Sequence[Document], chars: int) -> Iterator[Sequence[Document]]:
    first = 0
    while first < len(documents):
        last, size = first + 1, len(documents[first].text)
        while last < len(documents) and size + len(documents[last].text) <= chars:
            size += len(documents[last].text)
            last += 1
        yield documents[first:last]
        first = last


def _keys(documents: Sequence[Document], config: SketchConfig) -> list[I32]:
    return posting_keys(prepare_batch([d.text for d in documents]), config)


def _copies(store: ArchiveStore, fresh: Sequence[Document], earlier: dict[str, str]) -> list[tuple[str, str]]:
    """Each of ``fresh`` (about to be written) whose text another id holds, with that id.

    ``earlier`` maps the texts written by this add so far to their first id; the batch's own are
    added to it. An id ``fresh`` replaces is no other holder: its old text is on its way out.
    """
    held = store.holders(list({d.sha256 for d in fresh}))
    leaving = {d.id for d in fresh}
    found: list[tuple[str, str]] = []
    for doc in fresh:
        others = [i for i in held.get(doc.sha256, []) if i not in leaving]
        first = others[0] if others else earlier.get(doc.sha256)
        if first is not None:
            found.append((doc.id, first))
        earlier.setdefault(doc.sha256, doc.id)
    return found


def index_add(
    store: ArchiveStore,
    documents: Sequence[Document],
    *,
    batch_chars: int = _ADD_BATCH_CHARS,
    progress: Progress | None = None,
    on_commit: Callable[[Sequence[str]], None] | None = None,
) -> AddResult:
    """Add documents to the index: unchanged ones (same id and ``sha256``) skipped, changed ones replaced.

    Each batch of about ``batch_chars`` characters is one transaction: a crash keeps every batch
    committed before it and nothing of the one under way. Whether a document is new, unchanged or
    replaced, and the text whose keys a replacement deletes, are read inside that transaction, so a
    concurrent add or remove on the same file (another process) is seen as it committed: the same
    documents added twice are skipped the second time, never inserted twice. The keys of the
    documents that look new are computed before it, so the write lock is held for little more than
    the writing. Called inside :meth:`ArchiveStore.writing`, every batch is part of that one
    transaction (``on_commit`` then says a batch is written, to be committed with it).

    Args:
        store: The open index.
        documents: The documents (ids must be distinct).
        batch_chars: Characters per transaction.
        progress: Called as ``progress("index", done, total)``.
        on_commit: Called with the ids of each batch once it is committed.

    Returns:
        The ids added, replaced and skipped, and which of the added and replaced ones hold a text the
        index holds under another id (:class:`AddResult`).

    Raises:
        DuplicateIdError: Two documents share an id.

    >>> import tempfile; from pathlib import Path
    >>> store = ArchiveStore.connect(Path(tempfile.mkdtemp()) / "a.db", settings(), create=True)
    >>> index_add(store, [Document("a", "some words here"), Document("b", "more words")]).added
    ('a', 'b')
    >>> r = index_add(store, [Document("a", "some words here"), Document("b", "changed")])
    >>> r.skipped, r.replaced, store.count()
    (('a',), ('b',), 2)
    >>> index_add(store, [Document("a2", "some words here")]).copies
    (('a2', 'a'),)
    """
    unique_ids(documents)
    config, _, _ = _configs(store)
    added: list[str] = []
    replaced: list[str] = []
    skipped: list[str] = []
    copies: list[tuple[str, str]] = []
    earlier: dict[str, str] = {}
    done = 0
    for batch in _batches(documents, batch_chars):
        ids = [d.id for d in batch]
        # A first look, outside the write lock, only to sketch ahead what will probably be written.
        looked = store.by_id(ids)
        ahead = [d for d in batch if looked.get(d.id, (0, ""))[1] != d.sha256]
        keys_of = {d.id: k for d, k in zip(ahead, _keys(ahead, config), strict=True)}
        with store.writing():
            known = store.by_id(ids)  # again, inside the transaction: what the write decides on
            fresh = [d for d in batch if known.get(d.id, (0, ""))[1] != d.sha256]
            late = [d for d in fresh if d.id not in keys_of]  # changed by another writer since the look
            keys_of.update((d.id, k) for d, k in zip(late, _keys(late, config), strict=True))
            old = store.documents([known[d.id][0] for d in fresh if d.id in known])
            old_keys = posting_keys(prepare_batch([s.document.text for s in old]), config)
            copies += _copies(store, fresh, earlier) if fresh else []
            if fresh:
                store.write(
                    [(d, keys_of[d.id]) for d in fresh],
                    [(s.number, k) for s, k in zip(old, old_keys, strict=True)],
                )
        skipped += [d.id for d in batch if d.id in known and known[d.id][1] == d.sha256]
        replaced += [d.id for d in fresh if d.id in known]
        added += [d.id for d in fresh if d.id not in known]
        done += len(batch)
        if on_commit is not None:
            on_commit([d.id for d in fresh])
        if progress is not None:
            progress("index", done, len(documents))
    return AddResult(tuple(added), tuple(replaced), tuple(skipped), tuple(copies))


def index_remove(
    store: ArchiveStore, ids: Sequence[str], *, all_or_nothing: bool = False
) -> tuple[list[str], list[str]]:
    """Remove documents by id, in one transaction; returns the ids removed and those not found.

    Which ids are there, and the texts whose keys are deleted, are read inside that transaction (a
    document replaced by a concurrent add is removed in the version that is there). Their keys are
    derived again from their stored text, so the key table needs no index by document. An id given
    twice is removed (and reported) once.

    Args:
        store: The open index.
        ids: The documents' ids.
        all_or_nothing: Remove nothing when any of ``ids`` is not there (``reuse index remove``).

    >>> import tempfile; from pathlib import Path
    >>> store = ArchiveStore.connect(Path(tempfile.mkdtemp()) / "a.db", settings(), create=True)
    >>> _ = index_add(store, [Document("a", "some words here")])
    >>> index_remove(store, ["a", "zzz"], all_or_nothing=True), store.count()
    (([], ['zzz']), 1)
    >>> index_remove(store, ["a", "zzz"]), store.count()
    ((['a'], ['zzz']), 0)
    """
    config, _, _ = _configs(store)
    ids = list(dict.fromkeys(ids))
    with store.writing():
        known = store.by_id(ids)
        unknown = [i for i in ids if i not in known]
        if unknown and all_or_nothing:
            return [], unknown
        old = store.documents([known[i][0] for i in ids if i in known])
        keys = posting_keys(prepare_batch([s.document.text for s in old]), config)
        if old:
            store.write([], [(s.number, k) for s, k in zip(old, keys, strict=True)])
    return [i for i in ids if i in known], unknown


@contextmanager
def _timer(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - start, 4)


def _neighbours(store: ArchiveStore, draft: PreparedDoc, config: SketchConfig, max_bucket: int) -> list[int]:
    """Numbers of the archive documents sharing any postings key with the draft (skewed keys aside).

    A key held by more than ``max_bucket`` documents besides the draft is a bucket the candidate stage
    skips; its documents are not fetched for it.
    """
    (keys,) = posting_keys([draft], config)
    found_keys, found_docs = store.lookup(keys)
    if found_keys.size == 0:
        return []
    values, counts = np.unique(found_keys, return_counts=True)
    skewed = values[counts + 1 > max_bucket]
    return [int(n) for n in np.unique(found_docs[~np.isin(found_keys, skewed)])]


def check(
    drafts: Sequence[Document],
    store: ArchiveStore,
    *,
    errors: Sequence[InputError] = (),
    progress: Progress | None = None,
    workers: int | None = None,
    near_duplicates: NearDuplicateParams | None = None,
) -> ScanResult:
    """Find what each draft reuses from the archive, and what it repeats inside itself.

    Each draft is checked on its own against the archive documents (one WAL snapshot for all of
    them, so a concurrent ``index add`` is seen wholly or not at all). Archive documents whose id is a
    draft's are left out (a draft checked again is not its own source, :data:`SET_ASIDE`), and not
    counted in ``figures["archive_documents"]``, the documents the drafts were checked against.

    Args:
        drafts: The texts to check.
        store: The open index; its settings are the ones used.
        errors: Input problems met while reading, carried into the result.
        progress: Called as ``progress("check", done, total)``.
        workers: Processes for alignment (default: one per CPU).
        near_duplicates: When the draft and an archive document are near-duplicates (the scan's
            definition, :mod:`reuse.neardup`, from the pairs aligned here).

    Returns:
        A :class:`ScanResult` over the drafts and the archive documents they share passages with,
        whose reuse findings each join a draft and an archive document (clusters: a draft and two or
        more archive documents), and in ``groups`` each draft with the archive documents it is a
        near-duplicate of (a story filed again).

    Raises:
        DuplicateIdError: Two drafts share an id.

    >>> import tempfile; from pathlib import Path
    >>> store = ArchiveStore.connect(Path(tempfile.mkdtemp()) / "a.db", settings(), create=True)
    >>> copied = "The quick brown fox jumps over the lazy dog near the river bank"
    >>> _ = index_add(store, [Document("old", "One two three. " + copied + " today.")])
    >>> result = check([Document("draft", copied + ", they said.")], store)
    >>> [(f.kind, f.docs, f.words) for f in result.findings]
    [('reuse', ('draft', 'old'), 13)]
    """
    seen = unique_ids(drafts)
    config, candidates, params = _configs(store)
    near_duplicates = near_duplicates or NearDuplicateParams()
    timings: dict[str, float] = {}
    findings: list[Finding] = []
    groups: list[NearDuplicateGroup] = []
    involved: dict[str, tuple[Document, int]] = {}
    figures = {"looked_up": 0, "candidate_pairs": 0, "pairs_with_findings": 0}
    with _timer(timings, "prepare"):
        prepared_drafts = prepare_batch([d.text for d in drafts])
    with store.snapshot():
        total = store.count()
        in_archive = len(store.by_id(list(seen)))
        compared = 1 + total - in_archive  # documents in the scan this check stands for
        exhaustive = compared <= candidates.exhaustive_up_to
        for k, (draft, prepared_draft) in enumerate(zip(drafts, prepared_drafts, strict=True)):
            with _timer(timings, "lookup"):
                numbers = (
                    store.numbers()
                    if exhaustive
                    else _neighbours(store, prepared_draft, config, candidates.max_bucket)
                )
                stored = [s.document for s in store.documents(numbers) if s.document.id not in seen]
            figures["looked_up"] += len(stored)
            with _timer(timings, "prepare"):
                prepared = [prepared_draft, *prepare_batch([d.text for d in stored])]
            with _timer(timings, "candidates"):
                lsh = candidates if exhaustive else replace(candidates, exhaustive_up_to=0)
                found = candidate_doc_pairs(prepared, config, lsh).pairs
            jobs = [(0, int(y)) for y in found[found[:, 0] == 0, 1].tolist()] + [(0, 0)]
            figures["candidate_pairs"] += len(jobs) - 1
            with _timer(timings, "align"):
                aligned = list(align_jobs(prepared, jobs, params, workers))
            with _timer(timings, "findings"):
                links = [
                    Link(0, y, p)
                    for (_, y), pairs in zip(jobs[:-1], aligned[:-1], strict=True)
                    for p in pairs
                ]
                figures["pairs_with_findings"] += sum(bool(pairs) for pairs in aligned[:-1])
                ids = [draft.id] + [d.id for d in stored]
                findings += repeat_findings(draft.id, prepared_draft, aligned[-1])
                findings += shared_findings(ids, prepared, links, params)
            with _timer(timings, "near-duplicates"):
                near: list[NearPair] = []
                for (_, y), pairs in zip(jobs[:-1], aligned[:-1], strict=True):
                    both = overlap(len(prepared[0].tokens), len(prepared[y].tokens), pairs)
                    if pairs and both.near_duplicate(near_duplicates.min_containment):
                        near.append((0, y, both, pairs))
                groups += version_groups(ids, prepared, near, near_duplicates.min_containment)
                for link in links:
                    involved.setdefault(
                        stored[link.y - 1].id, (stored[link.y - 1], len(prepared[link.y].tokens))
                    )
            if progress is not None:
                progress("check", k + 1, len(drafts))
    findings.sort(key=Finding.sort_key)
    archived = [involved[i] for i in sorted(involved)]
    documents = (*drafts, *(d for d, _ in archived))
    word_counts = tuple(len(d.tokens) for d in prepared_drafts) + tuple(n for _, n in archived)
    parameters: dict[str, object] = dict(store.settings)
    parameters["index"] = {"schema": INDEX_SCHEMA, "path": str(store.path), "documents": total}
    parameters["near_duplicates"] = asdict(near_duplicates)
    figures |= {
        "documents": len(drafts),
        "archive_documents": total - in_archive,
        "findings": len(findings),
        "near_duplicate_groups": len(groups),
    }
    return ScanResult(
        documents, tuple(findings), tuple(errors), word_counts, parameters, timings, figures, tuple(groups)
    )
