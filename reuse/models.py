"""Value objects passed between pipeline stages and written into reports.

Every offset is a half-open range of code points into a document's *original* text (the file as read
with ``encoding="utf-8-sig", newline=""``, or a JSONL record's ``text``), so ``text[start:end]`` is
always the reported passage, whatever normalisation did to match it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

SCHEMA = "reuse.report/1"


@dataclass(frozen=True)
class Document:
    """One text to scan.

    ``id`` is how reports name the document: the path as the user gave it, or a JSONL record's id.
    """

    id: str
    text: str
    path: str = ""

    @property
    def sha256(self) -> str:
        """Hex digest of the UTF-8 text as read, so later commands can tell that a file changed."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class InputError:
    """A file or record that could not be read; the scan goes on without it."""

    path: str
    error: str

    def __str__(self) -> str:
        return f"{self.path}: {self.error}"


@dataclass(frozen=True)
class SketchConfig:
    """Everything that determines a MinHash value; stored beside every signature and report.

    Sketches built with different configs are never compared. Passage windows come at two scales:
    ``window`` words every ``stride`` find copies and short shuffles; ``coarse_window`` words every
    ``coarse_stride`` (0: off) find passages of hundreds of words shuffled as a whole, whose small
    windows share too few words with any window of the source.
    """

    num_perm: int = 128
    seed: int = 1
    scheme: str = "affine32"
    ngram: int = 1
    window: int = 24
    stride: int = 8
    coarse_window: int = 128
    coarse_stride: int = 64
    bands: int = 32
    normalization: str = "reuse-norm/1"

    @property
    def rows(self) -> int:
        """Rows per LSH band."""
        return self.num_perm // self.bands


@dataclass(frozen=True)
class CandidateParams:
    """Knobs of the candidate stage: which document pairs are worth aligning.

    Collections of at most ``exhaustive_up_to`` documents are compared pair by pair. Beyond, an LSH
    bucket whose windows come from more than ``max_bucket`` documents is common text and skipped,
    and a document pair is aligned only when its best colliding window pair has an estimated
    Jaccard of at least ``min_jaccard``: 0.15 is what an 8-word copy (about 6 content words) gives
    inside a 24-word window. Chance collisions of topical windows mostly score below it (on
    32,000 news-like documents, 99% of them), and their number grows with the square of the
    collection, so what they cost must not.
    """

    exhaustive_up_to: int = 16
    max_bucket: int = 64
    min_jaccard: float = 0.15


@dataclass(frozen=True)
class Occurrence:
    """A half-open span ``[start, end)`` of one document's original text."""

    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """A reused passage: two or more aligned occurrences.

    ``kind == "reuse"``: ``docs`` holds two different documents, one occurrence each.
    ``kind == "repeat"``: ``docs`` holds one document, repeated ``len(occurrences)`` times (in text order,
    not overlapping).
    ``similarity`` is in [0, 1] (see :func:`reuse.align.similarity`); ``words`` counts the words of the
    shortest occurrence.
    """

    kind: str
    docs: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]
    similarity: float
    words: int

    def sort_key(self) -> tuple[int, tuple[str, ...], tuple[tuple[int, int], ...]]:
        """Largest first, then document and offset, so report order never depends on hashing."""
        return (-self.words, self.docs, tuple((o.start, o.end) for o in self.occurrences))


@dataclass(frozen=True)
class ScanResult:
    """What :func:`reuse.pipeline.scan` returns: the input, the findings and what went wrong.

    ``timings`` (seconds) and ``figures`` (counts: documents, words, windows, candidate pairs,
    pairs with findings, findings) describe each stage; they are not part of the JSON report, which
    stays byte-identical from run to run.
    """

    documents: tuple[Document, ...]
    findings: tuple[Finding, ...]
    errors: tuple[InputError, ...] = ()
    word_counts: tuple[int, ...] = ()
    parameters: dict[str, object] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AlignParams:
    """Knobs of the aligner (all counts are in words).

    A finding needs ``min_words`` words and a :func:`similarity` of ``threshold``. The bar moves with
    length, since the evidence does: one of at least ``long_words`` words needs only
    ``long_threshold`` (chance does not share half of 40 words in place, and rewritten passages,
    synonyms swapped, score 0.5-0.65); one of fewer than ``short_words`` needs ``short_threshold``
    (a short passage with several words changed is a template or a stock phrase, not a copy).
    A passage matched in two places of the other document is reported twice only when the second
    match is a near-copy (``copy_similarity``) of at least ``long_words`` words.
    """

    min_words: int = 8
    threshold: float = 0.65
    long_words: int = 40
    long_threshold: float = 0.5
    short_words: int = 20
    short_threshold: float = 0.8
    copy_similarity: float = 0.9
    gap: int = 6
    min_neighbours: int = 3
    max_word_pairs: int = 400
    block_gap: int = 32
    block_neighbours: int = 8
    wide_gap: int = 128
    wide_neighbours: int = 12
    rare_count: int = 2
