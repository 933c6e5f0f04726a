"""News-like documents whose words follow the unigram frequencies of real Arabic text.

The collection the scan-cost figures are measured on: each document has 6-20 sentences of 8-25
words drawn independently from the word frequencies of a real Arabic corpus (``araplagdet-dev``
beside the project when present, else the bundled fixtures), and 10% of documents carry a 60-word
passage copied verbatim from an earlier document, at a recorded character offset. With real
frequencies the common words (and, after stop words are set aside, the common content words) recur
between unrelated documents as they do in an archive, which is what makes chance collisions of
passage windows grow with the collection.

>>> corpus = make_newslike(50, seed=3)
>>> len(corpus.texts), len(corpus.planted) > 0
(50, True)
>>> p = corpus.planted[0]
>>> copy = corpus.texts[p.target][p.target_start : p.target_end]
>>> copy == corpus.texts[p.source][p.source_start : p.source_end], len(copy.split())
(True, 60)
"""

from __future__ import annotations

import collections
from functools import cache
from pathlib import Path

import numpy as np
import regex
from corpus import Corpus, Planted

HERE = Path(__file__).resolve().parent
SOURCES = (
    HERE.parent.parent / "shared" / "datasets" / "araplagdet-dev" / "corpus",
    HERE.parent / "fixtures" / "news",
)
PASSAGE_WORDS = 60


@cache
def unigrams() -> tuple[tuple[str, ...], np.ndarray]:
    """Words of the first real Arabic corpus found and their probabilities (most frequent first)."""
    counts: collections.Counter[str] = collections.Counter()
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8-sig")
            words = regex.findall(r"[\p{L}\p{M}\p{N}]+", text)
            counts.update(w for w in words if regex.match(r"\p{Arabic}", w))
        if counts:
            break
    words, freq = zip(*counts.most_common(), strict=True)
    p = np.asarray(freq, dtype=np.float64)
    return words, p / p.sum()


def make_newslike(documents: int, *, seed: int = 0, reuse_rate: float = 0.1) -> Corpus:
    """``documents`` texts; ``reuse_rate`` of them carry a passage copied from an earlier one."""
    rng = np.random.default_rng(seed)
    words, p = unigrams()
    vocabulary = np.asarray(words, dtype=object)
    cdf = np.cumsum(p)
    texts: list[str] = []
    planted: list[Planted] = []
    for d in range(documents):
        lengths = rng.integers(8, 26, int(rng.integers(6, 21)))
        drawn = vocabulary[np.minimum(np.searchsorted(cdf, rng.random(int(lengths.sum()))), len(words) - 1)]
        sentences = [" ".join(s) + "." for s in np.split(drawn, np.cumsum(lengths)[:-1])]
        copy = None
        if d and rng.random() < reuse_rate:
            source = int(rng.integers(max(0, d - 1000), d))
            tokens = list(regex.finditer(r"\S+", texts[source]))
            if len(tokens) > PASSAGE_WORDS:
                first = int(rng.integers(0, len(tokens) - PASSAGE_WORDS + 1))
                start, end = tokens[first].start(), tokens[first + PASSAGE_WORDS - 1].end()
                copy = (source, start, end)
                sentences.insert(int(rng.integers(0, len(sentences) + 1)), texts[source][start:end])
        text = " ".join(sentences)
        if copy is not None:
            passage = texts[copy[0]][copy[1] : copy[2]]
            at = text.index(passage) if passage in text else -1
            planted.append(Planted(copy[0], copy[1], copy[2], d, at, at + len(passage)))
        texts.append(text)
    return Corpus(tuple(texts), ("ar",) * documents, (0,) * documents, tuple(planted))


def make_shared_passage(documents: int, shared_by: int, *, seed: int = 0, words: int = 120) -> Corpus:
    """News-like documents, ``shared_by`` of which carry one ``words``-word passage (a wire story).

    The passage is drawn like the rest and inserted at a sentence boundary of each carrier; each
    planted entry pairs the first carrier (``source``) with another one (``target``).

    >>> corpus = make_shared_passage(20, 5, seed=1)
    >>> len(corpus.planted), len({p.target for p in corpus.planted})
    (4, 4)
    """
    rng = np.random.default_rng([seed, 1])  # not make_newslike's stream: the passage is new text
    base = make_newslike(documents, seed=seed, reuse_rate=0.0)
    vocabulary, p = unigrams()
    cdf = np.cumsum(p)
    drawn = np.minimum(np.searchsorted(cdf, rng.random(words)), len(vocabulary) - 1)
    passage = " ".join(vocabulary[k] for k in drawn) + "."
    carriers = sorted(rng.choice(documents, shared_by, replace=False).tolist())
    texts = list(base.texts)
    spans = {}
    for d in carriers:
        breaks = [0] + [k + 2 for k in range(len(texts[d])) if texts[d].startswith(". ", k)]
        at = breaks[int(rng.integers(0, len(breaks)))]
        texts[d] = texts[d][:at] + passage + " " + texts[d][at:]
        spans[d] = (at, at + len(passage))
    first = carriers[0]
    planted = tuple(Planted(first, *spans[first], d, *spans[d]) for d in carriers[1:])
    return Corpus(tuple(texts), base.languages, base.topics, planted)
