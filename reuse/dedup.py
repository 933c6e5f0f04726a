"""``reuse dedup``: near-duplicate groups at archive scale, and which document of each to keep.

The definition is the scan's (:mod:`reuse.neardup`); the pairs come from the document-level
candidate stage (:mod:`reuse.docsketch`: a whole-document MinHash whose one-row bands still meet a
story cut to a fifth, an estimated-containment filter, and an exact check that skips pairs already
joined), since aligning every pair of a million documents is out of the question. Each group keeps
one version of its story (the first, the longest, the newest or the oldest, never a smaller text the
story quotes), and drops a document only in favour of a kept one holding at least
``min_containment`` of its words (:func:`dedup`); nothing is deleted or moved.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from reuse.dates import blank, date_instant
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
from reuse.neardup import overlap, version_groups
from reuse.pipeline import align_jobs
from reuse.prepare import prepare_batch

KEEP_POLICIES = ("first", "longest", "newest", "oldest")
DATED_POLICIES = ("newest", "oldest")
"""The policies that choose by date: a group none of whose versions has one keeps its first."""

Known = dict[tuple[int, int], Overlap]
"""Aligned document pairs by index, ``(x, y)``: the overlap's ``a`` is ``x``."""


@dataclass(frozen=True)
class Decision:
    """What to do with one document: keep it or drop it, and why.

    ``group`` names its near-duplicate group (``None`` for a document in no group) and ``kept`` the
    document kept in its place: for a dropped one, the kept document holding it; else the one its
    group keeps. ``partner`` and ``overlap`` are the aligned pair behind the decision, the evidence:
    for a dropped document, its pair with ``kept``.
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
    """The groups, one decision per document (input order), and what each stage took.

    ``unreadable_dates`` names the documents whose date is not one (:func:`date_instant`): taken as
    undated, so never kept as the newest or the oldest; the CLI names them on stderr.
    """

    decisions: tuple[Decision, ...]
    groups: tuple[NearDuplicateGroup, ...]
    kept: tuple[str, ...]
    keep: str
    parameters: dict[str, object] = field(default_factory=dict)
    errors: tuple[InputError, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    unreadable_dates: tuple[str, ...] = ()
    dates: tuple[str | None, ...] = ()
    """Each document's date as the keep rule read it (input order), for ``newest`` and ``oldest``."""


def best_member(
    policy: str, members: Sequence[int], words: Sequence[int], dates: Sequence[Any] | None
) -> int:
    """The document of ``members`` to keep: the first, longest, newest or oldest (ties: the first).

    Dates compare as instants (:func:`date_instant`); a document without a date, or with one that
    is not a date, is never the newest, nor the oldest, while another has a date: its date is
    unknown, and a historian keeping the first printing keeps the first one known.

    >>> best_member("longest", [0, 2, 3], [10, 30, 30, 5], None)
    2
    >>> best_member("newest", [0, 1, 2], [1, 1, 1], ["2024-06-30T09:00Z", None, "2024-06-30T11:30+03:00"])
    0
    >>> best_member("oldest", [0, 1, 2], [1, 1, 1], [None, "1887-10-02", "Sun, 25 Sep 1887 00:00:00 GMT"])
    2
    """
    if policy == "longest":
        return max(members, key=lambda k: (words[k], -k))
    instants = {k: date_instant(dates[k]) for k in members} if dates is not None else {}
    dated = [k for k, instant in instants.items() if instant is not None]
    if policy not in DATED_POLICIES or not dated:
        return min(members)
    if policy == "oldest":
        return min(dated, key=lambda k: (instants[k], k))
    return max(dated, key=lambda k: (instants[k], -k))


def chosen_by(keep: str, versions: Sequence[int], dates: Sequence[Any] | None) -> str:
    """The policy that chose a group's kept version: ``keep``, or ``first`` where a date policy had no date.

    With ``keep="newest"`` (or ``"oldest"``) and no version dated, :func:`best_member` keeps the first
    by input order, and the reasons say so: "kept as the newest" of versions none of which has a
    date was untrue.

    >>> chosen_by("newest", [0, 2], [None, "2024-03-01", "not a date"]), chosen_by("newest", [0, 1], None)
    ('first', 'first')
    >>> chosen_by("newest", [1, 2], [None, "2024-03-01", None]), chosen_by("longest", [0], None)
    ('newest', 'longest')
    >>> chosen_by("oldest", [0, 1], [None, "not a date"])
    'first'
    """
    if keep in DATED_POLICIES and (dates is None or all(date_instant(dates[k]) is None for k in versions)):
        return "first"
    return keep


def story_versions(
    members: Sequence[int], words: Sequence[int], pairs: Known, min_containment: float
) -> list[int]:
    """The versions of a group's longest member, in index order: those the keep rule chooses among.

    Versions (:meth:`~reuse.models.Overlap.versions`) are near-duplicates, the shorter at least half
    the longer (re-filed, cut to half), joined through any chain of ``pairs``. A group is one story's
    versions and the smaller texts they hold (a statement they quote, the story cut to a fifth:
    :func:`reuse.neardup.groups`); keeping a statement because it came first, or last, would drop
    the story quoting it.

    >>> pairs = {(0, 1): Overlap(74, 394, 73, 73), (1, 2): Overlap(394, 380, 380, 378)}
    >>> story_versions([0, 1, 2], [74, 394, 380], pairs, 0.8)
    [1, 2]
    """
    linked: dict[int, list[int]] = {}
    for (x, y), both in pairs.items():
        if both.versions(min_containment):
            linked.setdefault(x, []).append(y)
            linked.setdefault(y, []).append(x)
    longest = max(members, key=lambda k: (words[k], -k))
    found, todo = {longest}, [longest]
    while todo:
        for other in linked.get(todo.pop(), []):
            if other not in found:
                found.add(other)
                todo.append(other)
    return sorted(found)


def pair_with(pairs: Known, doc: int, holder: int) -> Overlap | None:
    """The aligned pair of ``doc`` and ``holder``, ``doc`` as its ``a``: ``a_in_b`` is the share held.

    ``None`` when the pair was never aligned.

    >>> pair_with({(3, 5): Overlap(74, 394, 73, 73)}, 5, 3), pair_with({}, 3, 5)
    (Overlap(a_words=394, b_words=74, a_aligned=73, b_aligned=73), None)
    """
    if (doc, holder) in pairs:
        return pairs[doc, holder]
    if (holder, doc) in pairs:
        both = pairs[holder, doc]
        return Overlap(both.b_words, both.a_words, both.b_aligned, both.a_aligned)
    return None


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

    A group keeps one version of its story (:func:`story_versions`: its longest member's versions,
    re-filed or cut to half), chosen by ``keep``; a smaller text the story holds (a statement it
    quotes, the story cut to a fifth) is never kept in its place, or a statement that came first
    would drop the story quoting it. Another member is dropped only in favour of a kept document
    holding at least ``min_containment`` of its words (their pair is aligned now if the check
    skipped it); one that no kept document holds that much of (the full story, when the newest
    version is a cut of it) is kept too, and may hold smaller members in turn. So every dropped
    document has at least ``min_containment`` of its words in the kept one named.

    Args:
        documents: The texts, in input order (``keep="first"`` keeps the earliest).
        keep: ``"first"``, ``"longest"`` (most words), ``"newest"`` (latest of ``dates``) or
            ``"oldest"`` (earliest of ``dates``: the first printing).
        dates: One date per document, for ``"newest"`` and ``"oldest"``: ISO 8601 or RFC 2822 text (a time
            without a zone is UTC), Unix seconds, or ``None`` (unknown: never preferred); one that
            is not a date counts as unknown and is named in ``unreadable_dates``.
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
    index = {doc: k for k, doc in enumerate(ids)}
    groups = version_groups(ids, None, found, near_duplicates.min_containment)
    words = [len(d.tokens) for d in prepared]
    instants = [date_instant(d) for d in dates] if dates is not None else None
    known: Known = {(x, y): both for x, y, both, _ in found}
    stories = []
    for group in groups:
        docs = [index[d] for d in group.docs]
        own = {(index[p.a], index[p.b]): p.overlap for p in group.pairs}
        versions = story_versions(docs, words, own, near_duplicates.min_containment)
        best = best_member(keep, versions, words, dates)  # each reads the dates (date_instant) once
        stories.append((docs, versions, best, chosen_by(keep, versions, dates)))

    def align(jobs: list[tuple[int, int]]) -> None:
        for (x, y), spans in zip(jobs, align_jobs(prepared, jobs, params, workers), strict=True):
            known[x, y] = overlap(words[x], words[y], spans)

    holders, unaligned = holders_of(
        [(docs, best) for docs, _, best, _ in stories], words, known, near_duplicates.min_containment, align
    )
    decisions = _decide(ids, words, groups, stories, keep, known, holders)
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
        dates=tuple(None if blank(d) else str(d) for d in dates) if keep in DATED_POLICIES and dates else (),
        figures={
            "documents": len(documents),
            "words": int(sum(words)),
            "colliding_pairs": candidates.colliding,
            "checked_candidates": total,
            "aligned_pairs": aligned,
            "near_duplicate_pairs": len(found),
            "groups": len(groups),
            "aligned_to_decide": unaligned,
            "dropped": sum(not d.keep for d in decisions),
        },
        unreadable_dates=tuple(
            ids[k]
            for k, value in enumerate(dates or ())
            if instants is not None and instants[k] is None and not blank(value)
        ),
    )


def _percent(share: float) -> str:
    """A share as a whole percentage, rounded down: 79.9% is not said as the 80% a drop needs."""
    return f"{math.floor(share * 100 + 1e-9)}%"


def holders_of(
    groups: Sequence[tuple[Sequence[int], int]],
    words: Sequence[int],
    known: Known,
    min_containment: float,
    align: Callable[[list[tuple[int, int]]], None],
) -> tuple[list[dict[int, int | None]], int]:
    """Which kept document holds each other member of each group: ``None`` for one kept too.

    ``groups`` gives each group's members and the document it keeps (``best``). The other members
    are taken longest first (ties: input order), so one kept because no kept document holds it is
    there to hold the smaller ones: each is held by the first kept document (the best first, then
    those kept too, in that order) holding at least ``min_containment`` of its words, and is kept
    too when none does. A member's pair with a kept document is evidence only once aligned: the
    check joins a group through a chain of pairs and skips the rest, so ``align`` is asked for the
    pairs missing from ``known`` (which it fills), in rounds, all groups' pairs of a round in one
    call: first every member with the best, then those left with the first kept too, and so on.
    Reading a pair never aligned as "not held" kept every full copy of a story whose newest version
    was cut to half.

    Returns:
        Per group, each member other than the best and its holder; and how many pairs were aligned.

    >>> known = {(1, 0): Overlap(100, 50, 50, 50), (2, 0): Overlap(100, 50, 50, 50)}
    >>> def align(jobs):
    ...     print("align", jobs)
    ...     known.update({job: Overlap(100, 100, 100, 100) for job in jobs})
    >>> holders_of([([0, 1, 2], 0)], [50, 100, 100], known, 0.8, align)
    align [(2, 1)]
    ([{1: None, 2: 1}], 1)
    """
    holders: list[dict[int, int | None]] = [{} for _ in groups]
    pending = [sorted((k for k in docs if k != best), key=lambda k: (-words[k], k)) for docs, best in groups]
    latest = [best for _, best in groups]  # the kept document the pending members are compared with next
    aligned = 0
    while any(pending):
        jobs = [
            (k, latest[g])
            for g, todo in enumerate(pending)
            for k in todo
            if pair_with(known, k, latest[g]) is None
        ]
        if jobs:
            align(jobs)
            aligned += len(jobs)
        for g, todo in enumerate(pending):
            left = []
            for k in todo:
                both = pair_with(known, k, latest[g])
                if both is not None and both.a_in_b >= min_containment:
                    holders[g][k] = latest[g]
                else:
                    left.append(k)
            if left:  # the longest member no kept document holds: kept too, and compared with the rest
                holders[g][left[0]] = None
                latest[g] = left[0]
            pending[g] = left[1:]
    return [{k: h[k] for k in sorted(h)} for h in holders], aligned


def _decide(
    ids: list[str],
    words: list[int],
    groups: tuple[NearDuplicateGroup, ...],
    stories: list[tuple[list[int], list[int], int, str]],
    keep: str,
    known: Known,
    holders: list[dict[int, int | None]],
) -> tuple[Decision, ...]:
    """One decision per document: each group's ``best`` kept, the others dropped where a kept one holds them.

    ``stories`` gives each group's members, its story's versions, the version to keep and the policy
    that chose it (:func:`chosen_by`: ``first`` where ``keep`` is ``newest`` or ``oldest`` and no
    version has a date, which the reasons then say); ``holders`` the kept document holding each
    other member, or ``None`` for one kept too (:func:`holders_of`), whose pairs are in ``known``.
    """
    decisions = [Decision(doc, True, words[k], reason="no near-duplicate") for k, doc in enumerate(ids)]
    for number, (group, (docs, versions, best, by)) in enumerate(zip(groups, stories, strict=True), start=1):
        name = f"G{number}"
        story = f"the {by} of the {len(versions)} versions" if len(versions) > 1 else "the only version"
        if len(versions) == 1:  # nothing chosen: "keeps X (newest)" named X the newest of one, older or not
            by = "the only version of the story"
        elif by != keep:  # newest or oldest, and no version has a date: the first of them, by input order
            story += " (none has a date)"
            by += ": no version has a date"
        reason = f"kept as {story} of the story in {name}{_others(name, len(docs) - len(versions))}"
        # The evidence: the group's first checked pair with the kept document.
        evidence = next((p for p in group.pairs if ids[best] in (p.a, p.b)), None)
        decisions[best] = Decision(ids[best], True, words[best], name, ids[best], reason=reason)
        if evidence is not None:
            decisions[best] = replace(
                decisions[best],
                partner=evidence.b if evidence.a == ids[best] else evidence.a,
                overlap=evidence.overlap,
                reason=f"{reason}; {_aligned(evidence.a, evidence.b, evidence.overlap)}",
            )
        for k, holder in holders[number - 1].items():
            if holder is None:
                both = pair_with(known, k, best)
                held = _percent(both.a_in_b if both else 0.0)
                reason = f"kept too: {name} keeps {ids[best]} ({by}), which holds only {held} of its words"
                decisions[k] = Decision(ids[k], True, words[k], name, ids[best], ids[best], both, reason)
                continue
            both = pair_with(known, k, holder)
            assert both is not None  # a holder holds it: their pair was aligned
            also = f" and {ids[holder]}" if holder != best else ""
            reason = (
                f"near-duplicate in {name}, which keeps {ids[best]} ({by}){also}; {ids[holder]} holds "
                f"{_percent(both.a_in_b)} of its words (Jaccard {both.jaccard:.2f})"
            )
            decisions[k] = Decision(ids[k], False, words[k], name, ids[holder], ids[holder], both, reason)
    return tuple(decisions)


def _others(group: str, others: int) -> str:
    """What a group holds besides its story's versions, for the kept one's reason (``""``: nothing).

    "the only version of the story in G2 (2 documents)" read as a contradiction: the other document
    is a smaller text the story holds (a statement it quotes), never one of its versions.

    >>> _others("G2", 1)
    ' (the other document of G2 is a smaller text the story holds, not a version)'
    >>> _others("G1", 2), _others("G3", 0)
    (' (the 2 other documents of G1 are smaller texts the story holds, not versions)', '')
    """
    if not others:
        return ""
    if others == 1:
        return f" (the other document of {group} is a smaller text the story holds, not a version)"
    return f" (the {others} other documents of {group} are smaller texts the story holds, not versions)"


def _aligned(a: str, b: str, both: Overlap) -> str:
    """A pair's evidence in words: how much of the shorter is aligned with the longer."""
    shorter, longer = (a, b) if both.a_is_shorter else (b, a)
    share = f"{_percent(both.containment)} of the words of {shorter}"
    return f"{share} are aligned with {longer} (Jaccard {both.jaccard:.2f})"


DEDUP_COLUMNS = ("id", "action", "group", "kept", "words", "date", "partner", "containment", "reason")
"""The keep/drop list's columns in CSV and XLSX, one row per document in input order."""


def dedup_rows(report: Mapping[str, Any]) -> Iterator[list[Any]]:
    """One row of :data:`DEDUP_COLUMNS` per document of a ``reuse.dedup/1`` report (``""`` for none)."""
    for document in report["documents"]:
        yield ["" if document[c] is None else document[c] for c in DEDUP_COLUMNS]


def to_dedup_report(result: DedupResult) -> dict[str, Any]:
    """The result as the versioned ``reuse.dedup/1`` dict: one row per document, then the groups.

    >>> r = to_dedup_report(dedup([Document("a", "some words here"), Document("b", "other text")]))
    >>> r["schema"], [(d["id"], d["action"]) for d in r["documents"]], r["groups"]
    ('reuse.dedup/1', [('a', 'keep'), ('b', 'keep')], [])
    """

    def pair(p: Any) -> dict[str, Any]:
        return {"a": p.a, "b": p.b, **p.overlap.to_dict()}

    kept = {d.group: d.id for d in result.decisions if d.group and d.id == d.kept}
    keeps: dict[str, list[str]] = {}  # every document a group keeps: its version, and those kept too
    for d in result.decisions:
        if d.group and d.keep:
            keeps.setdefault(d.group, []).append(d.id)
    return {
        "schema": DEDUP_SCHEMA,
        "parameters": result.parameters,
        "documents": [
            {
                "id": d.id,
                "action": "keep" if d.keep else "drop",
                "words": d.words,
                "date": result.dates[k] if result.dates else None,
                "group": d.group,
                "kept": d.kept,
                "partner": d.partner,
                "containment": round(d.overlap.containment, 4) if d.overlap else None,
                "reason": d.reason,
            }
            for k, d in enumerate(result.decisions)
        ],
        "groups": [
            {
                "id": f"G{k}",
                "docs": list(g.docs),
                "kept": kept[f"G{k}"],
                "keeps": keeps[f"G{k}"],
                "pairs": [pair(p) for p in g.pairs],
            }
            for k, g in enumerate(result.groups, start=1)
        ],
        "errors": [{"path": e.path, "error": e.error} for e in result.errors],
    }
