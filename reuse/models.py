"""Value objects passed between pipeline stages and written into reports.

Every offset is a half-open range of code points into a document's *original* text (the file as read
with ``encoding="utf-8-sig", newline=""``, or a JSONL record's ``text``), so ``text[start:end]`` is
always the reported passage, whatever normalisation did to match it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields

SCHEMA = "reuse.report/2"
"""The JSON report contract every writer and reader of a report names (the only copy of the string)."""
NORMALIZATION_VERSION = "reuse-norm/3"
"""The rules of :mod:`reuse.normalize`; bump when a rule changes what a character becomes.
(/2: the Persian and Urdu forms of ya, kaf and ha are their Arabic letters.)"""
PREPARATION_VERSION = "reuse-prep/4"
"""What turns normalised text into word hashes: the stop words (:mod:`reuse.stopwords`), the clitic
rules (:mod:`reuse.stem`), the token hash (:func:`reuse.shingle.token_hashes`) and the spelling
variants (:data:`reuse.prepare.SPELLING_VARIANTS`). Bump when any
changes; ``tests/test_models.py`` pins a fingerprint of all three so a change cannot slip through.
(/2: each document also sets aside its own language's function words, for nine more languages;
/3: and for Persian and Urdu; /4: the spellings of :data:`reuse.prepare.SPELLING_VARIANTS` are one word.)"""
TEXT_RULES = (("normalization", NORMALIZATION_VERSION), ("preparation", PREPARATION_VERSION))
"""The text rules a sketch, an index or a report was made under, by name: only this version's are read."""


Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` so a front end can draw a bar; the library prints nothing."""


@dataclass(frozen=True)
class Source:
    """How a document's text was read, so a report can say it and ``reuse report`` can read it again.

    ``format`` is what the file was (``text``, ``html``, ``docx``, ``pdf``, ``eml``, ``newsml``, ``nitf``,
    ``csv``, ``tsv``, ``parquet``, ``xlsx``, ``jsonl``, ``stdin``, and more: README); ``reader`` names and
    versions our recipe for turning that format into text
    (``reuse-html/4``: which extractor settings, what is kept); ``extractor`` and ``extractor_version``
    the library that did the work; ``sha256`` is of the source file's bytes (the document's own
    ``sha256`` is of the text). ``record`` places a row or line inside a table or JSONL file.
    ``title``, ``date`` and ``url`` are what the source says about itself, when it says it.
    ``markup`` names the recipe that read a record's text held as HTML (:mod:`reuse.markup`).
    ``id_field`` and ``text_field`` name the fields a record was read from, when not ``id`` and ``text``.
    """

    format: str
    reader: str = ""
    extractor: str = ""
    extractor_version: str = ""
    encoding: str = ""
    sha256: str = ""
    record: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    markup: str = ""
    id_field: str = ""
    text_field: str = ""

    def to_dict(self) -> dict[str, str]:
        """The fields that are set, in declaration order (the report's ``source`` object).

        >>> Source("html", extractor="trafilatura", title="").to_dict()
        {'format': 'html', 'extractor': 'trafilatura'}
        """
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Fields:
    """Which column of a table (or field of a JSONL record) is what.

    ``id`` and ``text`` must be there; ``date``, ``title`` and ``url``, when named, are kept in each
    document's source (a CMS export's published date, headline and address).

    >>> Fields(date="published").named()
    ['id', 'text', 'published']
    """

    id: str = "id"
    text: str = "text"
    date: str | None = None
    title: str | None = None
    url: str | None = None

    def kept(self) -> dict[str, str | None]:
        """The source field (``date``, ``title``, ``url``) each kept column goes to; None: not named."""
        return {"date": self.date, "title": self.title, "url": self.url}

    def named(self) -> list[str]:
        """The columns to read, each once."""
        return list(dict.fromkeys(n for n in (self.id, self.text, self.date, self.title, self.url) if n))


DEFAULT_FIELDS = Fields()
"""Columns ``id`` and ``text``, nothing else kept."""


DEDUP_SCHEMA = "reuse.dedup/1"
"""The keep/drop list of ``reuse dedup`` (:func:`reuse.dedup.to_dedup_report`)."""


@dataclass(frozen=True)
class Document:
    """One text to scan.

    ``id`` is how reports name the document: the path as the user gave it, or a record's id (JSONL,
    CSV, Parquet). ``path`` is the file it was read from (a record's table, an attachment's email;
    "" for stdin or a text made in code). ``source`` says how the text was read, when it came from
    a file or stdin.
    """

    id: str
    text: str
    path: str = ""
    source: Source | None = None

    def __post_init__(self) -> None:
        """Two strings: an id of another type sorts against none, and a text of none fails deep in prepare.

        >>> Document("a", None)  # type: ignore[arg-type]
        Traceback (most recent call last):
        ...
        TypeError: Document(id, text) takes two strings; got id str, text NoneType
        """
        if not isinstance(self.id, str) or not isinstance(self.text, str):
            got = f"id {type(self.id).__name__}, text {type(self.text).__name__}"
            raise TypeError(f"Document(id, text) takes two strings; got {got}")

    @property
    def sha256(self) -> str:
        """Hex digest of the UTF-8 text as read, so later commands can tell that a file changed."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class DuplicateIdError(ValueError):
    """Two documents of one scan share an id: reports name documents by id, so ids must be unique.

    ``places`` say where each of the two was read (:func:`document_place`), when known; ``twice``:
    they are one document read twice (a file named twice).

    >>> print(DuplicateIdError("1", ("en.csv row 1", "ar.csv row 1")))  # doctest: +ELLIPSIS
    duplicate document id '1': en.csv row 1 and ar.csv row 1 (reports name documents by id, ...)
    >>> print(DuplicateIdError("a.txt", ("a.txt", "a.txt"), twice=True))
    duplicate document id 'a.txt': a file named twice (name it once)
    """

    def __init__(self, doc_id: str, places: Sequence[str] = (), *, twice: bool = False) -> None:
        super().__init__(f"duplicate document id {doc_id!r}: {_shared_by(places, twice)}")
        self.doc_id = doc_id
        self.places = tuple(places)


def _shared_by(places: Sequence[str], twice: bool) -> str:
    """Who shares an id, in words, and the way out: a file is named once, a record gets an id of its own."""
    if twice:
        return "a file named twice (name it once)"
    who = " and ".join(places) if places and all(places) else "two documents"
    return (
        f"{who} (reports name documents by id, so ids must be unique: change one, or scan their files apart)"
    )


def document_place(doc: Document) -> str:
    """Where ``doc`` was read, for a message: its file, and its row or line in it when it is a record.

    A record made without its file's path (in code, or read from stdin) is named by its format.
    ``""`` when nothing says (a document made in code, stdin).

    >>> document_place(Document("1", "x", "en.csv", Source("csv", record="row 1")))
    'en.csv row 1'
    >>> document_place(Document("1", "x", "", Source("jsonl", record="line 1")))
    'line 1 of a jsonl file'
    >>> document_place(Document("m#a.pdf", "x", "m.eml", Source("eml", record="attachment a.pdf")))
    'm.eml attachment a.pdf'
    """
    record = doc.source.record if doc.source else ""
    if doc.path:
        return f"{doc.path} {record}".strip()
    return f"{record} of a {doc.source.format} file" if doc.source and record else ""


def unique_ids(documents: Iterable[Document]) -> set[str]:
    """The documents' ids, checked unique.

    Raises:
        DuplicateIdError: Naming the first id seen twice, and where both documents were read.

    >>> unique_ids([Document("a", "x"), Document("b", "y")]) == {"a", "b"}
    True
    """
    seen: dict[str, Document] = {}
    for doc in documents:
        if (first := seen.get(doc.id)) is not None:
            places = (document_place(first), document_place(doc))
            if places[0] == places[1] and first != doc:  # one row of two files, whose names it lacks
                places = (places[0], places[1].replace(" of a ", " of another ", 1))
            raise DuplicateIdError(doc.id, places, twice=first == doc)
        seen[doc.id] = doc
    return set(seen)


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

    Sketches built with different configs are never compared. Passage windows come at three
    scales: ``window`` words every ``stride`` find copies and short shuffles; ``coarse_window``
    words every ``coarse_stride`` (0: off) find passages of a few hundred words shuffled as a whole,
    whose small windows share too few words with any window of the source; ``wide_window`` every
    ``wide_stride`` (0: off) does the same for shuffles of 500 to 1,000 words, the aligner's widest
    scale (on araplagdet-dev two such cases had met their source only by a chance collision).
    ``normalization`` and ``preparation`` name the text rules the sketches were built with; only
    this version's are accepted.

    Raises:
        ValueError: A value out of range, or one that does not divide another as it must.

    >>> SketchConfig(window=20, stride=8)
    Traceback (most recent call last):
    ...
    ValueError: window (20) must be a multiple of stride (8)
    """

    num_perm: int = 128
    seed: int = 1
    scheme: str = "affine32"
    ngram: int = 1
    window: int = 24
    stride: int = 8
    coarse_window: int = 128
    coarse_stride: int = 64
    wide_window: int = 512
    wide_stride: int = 256
    bands: int = 32
    normalization: str = NORMALIZATION_VERSION
    preparation: str = PREPARATION_VERSION

    def __post_init__(self) -> None:
        _check_positive(self, "num_perm", "ngram", "window", "stride", "bands")
        _check_positive(self, "seed", "coarse_stride", "wide_stride", zero_ok=True)
        if self.scheme != "affine32":
            raise ValueError(f"unsupported MinHash scheme {self.scheme!r}: only 'affine32'")
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})")
        if self.window % self.stride:
            raise ValueError(f"window ({self.window}) must be a multiple of stride ({self.stride})")
        for scale in ("coarse", "wide"):
            size, step = getattr(self, f"{scale}_window"), getattr(self, f"{scale}_stride")
            if step and (size <= 0 or size % step):
                raise ValueError(
                    f"{scale}_window ({size}) must be a positive multiple of {scale}_stride ({step})"
                )
        for name, supported in TEXT_RULES:
            if getattr(self, name) != supported:
                raise ValueError(f"{name} {getattr(self, name)!r} is not this version's {supported!r}")

    @property
    def rows(self) -> int:
        """Rows per LSH band."""
        return self.num_perm // self.bands


@dataclass(frozen=True)
class CandidateParams:
    """Knobs of the candidate stage: which document pairs are worth aligning.

    Collections of at most ``exhaustive_up_to`` documents are compared pair by pair. Beyond, the
    windows of an LSH bucket holding more than ``star_from`` documents are not paired with each
    other: each window is paired with the lowest window it shares any such bucket with, in any band,
    and with the lowest it shares such buckets with in two bands or more (a wire story in k papers
    costs about 2k alignments, not k²/2), and with the lowest document opening it shares them with
    in two bands or more (a story met through the fronts that tease it). With the default, 1, that is
    every bucket: on araplagdet-dev it aligned 1,692 pairs instead of 3,312 (every pair of every
    bucket) for the same recall, precision 0.986 -> 0.985 (with the partner met in two bands, 1,691;
    with the opening, 1,708). A bucket of more
    than ``max_bucket`` documents is skipped. A document pair is aligned only when its best colliding
    window pair has an estimated Jaccard of at least ``min_jaccard``: 0.15 is what an 8-word copy
    (about 6 content words) gives inside a 24-word window. Chance collisions of topical windows
    mostly score below it (on 32,000 news-like documents, 99% of them), and their number grows
    with the square of the collection, so what they cost must not. A document in more than
    ``max_pairs_per_doc`` verified pairs keeps its ``max_pairs_per_doc`` best (highest estimate,
    ties by the other document's index; :func:`reuse.candidates.cap_per_document`), so no document
    costs more than that many alignments; the default is far above what a story filed in
    ``max_bucket`` documents gives its star centre.

    Raises:
        ValueError: A negative count, ``max_bucket`` under 1, or ``min_jaccard`` outside [0, 1].

    >>> CandidateParams(min_jaccard=1.5)
    Traceback (most recent call last):
    ...
    ValueError: min_jaccard must be between 0 and 1 (got 1.5)
    """

    exhaustive_up_to: int = 16
    max_bucket: int = 1000
    star_from: int = 1
    min_jaccard: float = 0.15
    max_pairs_per_doc: int = 4000

    def __post_init__(self) -> None:
        _check_positive(self, "max_bucket")
        _check_positive(self, "max_pairs_per_doc")
        _check_positive(self, "star_from")
        _check_positive(self, "exhaustive_up_to", zero_ok=True)
        _check_unit(self, "min_jaccard")


@dataclass(frozen=True)
class Occurrence:
    """A half-open span ``[start, end)`` of one document's original text."""

    start: int
    end: int


@dataclass(frozen=True)
class ClusterLink:
    """One aligned pair inside a cluster: occurrences ``i`` and ``j`` and the exact spans aligned.

    ``a`` lies within occurrence ``i`` and ``b`` within occurrence ``j`` (an occurrence is the union
    of the spans aligned in that place, which can differ a little from one partner to the next).
    ``carried``: not aligned itself, but found inside a longer aligned copy that holds the passage
    (:mod:`reuse.carried`); ``b`` is where the passage's words lie in it.
    """

    i: int
    j: int
    similarity: float
    a: Occurrence
    b: Occurrence
    carried: bool = False


@dataclass(frozen=True)
class Finding:
    """A reused passage: two or more aligned occurrences.

    ``kind == "reuse"``: ``docs`` holds two different documents, one occurrence each.
    ``kind == "repeat"``: ``docs`` holds one document, repeated ``len(occurrences)`` times (in text order,
    not overlapping).
    ``kind == "cluster"``: a passage in three or more documents; ``docs[k]`` is the document of
    ``occurrences[k]`` (sorted by document, then offset), ``links`` the aligned pairs of occurrences
    (:class:`ClusterLink`), and ``boilerplate`` says every occurrence is short (a header, credit or
    footer).
    ``similarity`` is in [0, 1] (see :func:`reuse.align.similarity`); ``words`` counts the words of the
    shortest occurrence.
    """

    kind: str
    docs: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]
    similarity: float
    words: int
    boilerplate: bool = False
    links: tuple[ClusterLink, ...] = ()

    def sort_key(self) -> tuple[int, tuple[str, ...], tuple[tuple[int, int], ...]]:
        """Largest first, then document and offset, so report order never depends on hashing."""
        return (-self.words, self.docs, tuple((o.start, o.end) for o in self.occurrences))


@dataclass(frozen=True)
class ScanResult:
    """What :func:`reuse.pipeline.scan` returns: the input, the findings and what went wrong.

    ``timings`` (seconds) and ``figures`` (counts: documents, words, windows, candidate pairs,
    pairs with findings, findings) describe each stage; they are not part of the JSON report, which
    stays byte-identical from run to run. ``groups`` are the near-duplicate documents
    (:mod:`reuse.neardup`); the passage findings between two members of a group stay in ``findings``.
    """

    documents: tuple[Document, ...]
    findings: tuple[Finding, ...]
    errors: tuple[InputError, ...] = ()
    word_counts: tuple[int, ...] = ()
    parameters: dict[str, object] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    groups: tuple[NearDuplicateGroup, ...] = ()


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

    A cluster of dots seeds a finding only with ``min_cluster_words`` distinct content words. An
    ordered chain is trimmed to its best-scoring stretch: +2 per match, ``substitution_cost`` per
    pair of unmatched words facing each other and ``indel_cost`` per word on one side only
    (:func:`reuse.align.trim_chain`). A reuse finding under ``boilerplate_words`` words whose passage occurs
    in ``boilerplate_docs`` or more documents is boilerplate and dropped
    (:func:`reuse.pipeline.drop_boilerplate`). A document holding the starts (matched within ``lede_words`` of
    them, up to ``teaser_words`` long) of ``listing_docs`` or more others, each in a place of its own, is a
    listing page: those links are one listing finding (:mod:`reuse.listings`). Pieces reordered inside one
    region of the other document (at most ``block_gap`` apart) are one shuffled passage, unless they are
    copies with, between them on each side, ``min_words`` words or more of which under ``own_text_shared`` of
    the content words occur in the other side's region: that is text of each side's own, and the copies stay
    apart (:func:`reuse.align.align_pair`).

    Raises:
        ValueError: A count that is not positive, or a similarity outside [0, 1].

    >>> AlignParams(threshold=1.5)
    Traceback (most recent call last):
    ...
    ValueError: threshold must be between 0 and 1 (got 1.5)
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
    own_text_shared: float = 0.5
    block_neighbours: int = 8
    wide_gap: int = 128
    wide_neighbours: int = 12
    rare_count: int = 2
    min_cluster_words: int = 3
    substitution_cost: float = 0.5
    indel_cost: float = 1.0
    boilerplate_docs: int = 3
    boilerplate_words: int = 30
    listing_docs: int = 3
    lede_words: int = 12
    teaser_words: int = 60

    def __post_init__(self) -> None:
        _check_positive(
            self,
            "min_words",
            "long_words",
            "short_words",
            "gap",
            "max_word_pairs",
            "block_gap",
            "wide_gap",
            "rare_count",
            "min_cluster_words",
            "boilerplate_docs",
            "listing_docs",
            "teaser_words",
        )
        _check_positive(
            self,
            "min_neighbours",
            "block_neighbours",
            "wide_neighbours",
            "substitution_cost",
            "indel_cost",
            "boilerplate_words",
            "lede_words",
            zero_ok=True,
        )
        _check_unit(
            self, "threshold", "long_threshold", "short_threshold", "copy_similarity", "own_text_shared"
        )


def _check_positive(config: object, *names: str, zero_ok: bool = False) -> None:
    """Raise a one-line :class:`ValueError` naming the first field that is not a number above 0 (or 0).

    Fields declared ``int`` need a whole number; ``float`` fields take either.
    """
    declared = {f.name: f.type for f in fields(config)}  # type: ignore[arg-type]
    for name in names:
        value = getattr(config, name)
        whole = declared[name] == "int"
        if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
            raise ValueError(f"{name} must be {'a whole number' if whole else 'a number'} (got {value!r})")
        if value < 0 or (value == 0 and not zero_ok):
            raise ValueError(f"{name} must be {'0 or more' if zero_ok else 'more than 0'} (got {value!r})")


def _check_unit(config: object, *names: str) -> None:
    """Raise a one-line :class:`ValueError` naming the first field that is not a number in [0, 1]."""
    for name in names:
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValueError(f"{name} must be between 0 and 1 (got {value!r})")


@dataclass(frozen=True)
class NearDuplicateParams:
    """When two documents are near-duplicates: the same story, filed again (:mod:`reuse.neardup`).

    At least ``min_containment`` of the shorter document's words lie inside spans aligned with the
    other. One definition for ``reuse scan``, ``reuse dedup`` and ``reuse evaluate``. The default,
    0.8, is measured (``benchmarks/neardup/RESULTS.md``): re-filed versions of real articles (new
    lede, cut ending, credit line, changed words, spelling, swapped sentences) score 0.85-1.00 (1st
    percentile 0.90), articles sharing a paragraph, digests and same-topic articles at most 0.48;
    grouping is perfect anywhere from 0.5 to 0.85 and loses versions from 0.9. Of araplagdet-dev's
    632 labelled reuse pairs 0.8% reach 0.8 and 4% reach 0.5, so the line sits high in the gap.

    Raises:
        ValueError: ``min_containment`` not above 0 or above 1.

    >>> NearDuplicateParams(min_containment=0)
    Traceback (most recent call last):
    ...
    ValueError: min_containment must be more than 0 and at most 1 (got 0)
    """

    min_containment: float = 0.8

    def __post_init__(self) -> None:
        _check_unit(self, "min_containment")
        if self.min_containment == 0:
            value = self.min_containment
            raise ValueError(f"min_containment must be more than 0 and at most 1 (got {value!r})")


VERSION_SHARE = 0.5
"""A near-duplicate that holds at least this share of the longer document is one of its versions."""


@dataclass(frozen=True)
class Overlap:
    """How much of two documents the aligner matched, counted in words (tokens, stop words included).

    ``a_aligned`` is the number of words of ``a`` inside any span aligned with ``b`` (the union of
    the spans, so a word is counted once), and the same for ``b``. Exact: counted from the aligner's
    spans, not estimated from sketches.

    >>> o = Overlap(a_words=100, b_words=50, a_aligned=45, b_aligned=48)
    >>> o.a_in_b, o.b_in_a, o.containment, o.near_duplicate()
    (0.45, 0.96, 0.96, True)
    >>> round(o.jaccard, 4)  # 46.5 aligned words (the mean of both sides) of 150 - 46.5
    0.4493
    """

    a_words: int
    b_words: int
    a_aligned: int
    b_aligned: int

    @property
    def a_in_b(self) -> float:
        """Share of ``a``'s words aligned with ``b`` (0 for an empty document)."""
        return self.a_aligned / self.a_words if self.a_words else 0.0

    @property
    def b_in_a(self) -> float:
        """Share of ``b``'s words aligned with ``a``."""
        return self.b_aligned / self.b_words if self.b_words else 0.0

    @property
    def jaccard(self) -> float:
        """Aligned words over all words of both, each aligned word counted once.

        The two sides of an alignment can differ in length (a changed word, a dropped one), so an
        aligned word is their mean: ``k = (a_aligned + b_aligned) / 2`` and ``J = k / (a + b - k)``.
        """
        shared = (self.a_aligned + self.b_aligned) / 2
        union = self.a_words + self.b_words - shared
        return shared / union if union else 0.0

    @property
    def containment(self) -> float:
        """The shorter document's share of aligned words (either one's, when equally long, the larger).

        This is what :meth:`near_duplicate` compares with the threshold.
        """
        return self.a_in_b if self.a_is_shorter else self.b_in_a

    def near_duplicate(self, min_containment: float = NearDuplicateParams.min_containment) -> bool:
        """Whether at least ``min_containment`` of the shorter document's words are aligned."""
        return self.containment >= min_containment

    def versions(self, min_containment: float = NearDuplicateParams.min_containment) -> bool:
        """Whether the two are versions of one story: near-duplicates, and the shorter half the longer.

        A re-filed story, or one cut to half, is a version; a statement or a paragraph that an article
        quotes whole is a near-duplicate of it too (all of its words are in the article), but a small
        part of it, and two articles quoting it are not thereby one story (:func:`reuse.neardup.groups`).

        >>> Overlap(100, 90, 90, 88).versions(), Overlap(200, 120, 120, 120).versions()
        (True, True)
        >>> Overlap(300, 50, 50, 50).versions()  # a 50-word statement inside a 300-word article
        False
        """
        smaller = min(self.a_in_b, self.b_in_a)
        return self.near_duplicate(min_containment) and smaller >= min(min_containment, VERSION_SHARE)

    @property
    def a_is_shorter(self) -> bool:
        """Whether ``a`` is the document :attr:`containment` measures."""
        if self.a_words == self.b_words:
            return self.a_in_b >= self.b_in_a
        return self.a_words < self.b_words

    def to_dict(self) -> dict[str, int | float]:
        """The figures reports give for a pair of documents (shares rounded to 4 places).

        >>> Overlap(a_words=3, b_words=6, a_aligned=3, b_aligned=3).to_dict()["b_in_a"]
        0.5
        """
        return {
            "a_words": self.a_words,
            "b_words": self.b_words,
            "a_in_b": round(self.a_in_b, 4),
            "b_in_a": round(self.b_in_a, 4),
            "jaccard": round(self.jaccard, 4),
            "containment": round(self.containment, 4),
        }


@dataclass(frozen=True)
class Difference:
    """One way two versions of a story differ, as original-text spans of each (``None``: absent there).

    ``what`` is ``"lede"`` (opening words only one version has), ``"ending"`` (closing words only one
    has: the other was cut or extended), ``"passage"`` (words in the middle only one has),
    ``"changed"`` (words replaced by others) or ``"moved"`` (the same words in another place).
    ``a_words`` and ``b_words`` count the words on each side.
    """

    what: str
    a: Occurrence | None
    b: Occurrence | None
    a_words: int = 0
    b_words: int = 0


@dataclass(frozen=True)
class VersionPair:
    """Two near-duplicate documents: how much of each the other holds, and what differs."""

    a: str
    b: str
    overlap: Overlap
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True)
class NearDuplicateGroup:
    """Documents joined by near-duplicate pairs (a connected group), in the order the stages took them.

    A scan takes documents in id order (:func:`reuse.pipeline.scan`), ``reuse dedup`` in input order.

    ``pairs`` are the near-duplicate pairs found between members (every one the scan aligned; a
    dedup checks only enough of them to connect the group).
    """

    docs: tuple[str, ...]
    pairs: tuple[VersionPair, ...]
