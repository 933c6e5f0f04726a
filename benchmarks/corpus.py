"""A deterministic synthetic news corpus for benchmarks: looks like news, not noise.

* **Vocabularies** (Arabic-like and English-like) of real function words followed by made-up content
  words built from syllables, drawn with Zipf frequencies (rank^-1.1), so common words repeat the way
  they do in news and rare words are rare.
* **Topics**: every document belongs to a topic whose own words it uses often. Documents of one topic
  share vocabulary without sharing passages: the *hard negatives* a detector must not pair.
* **Boilerplate** shared by many documents: datelines, agency credits and footers.
* **Planted reuse**: a run of sentences copied from an earlier document into a later one, with light
  edits (a few words substituted, dropped or doubled), at recorded character offsets.

Everything is drawn from one seeded :class:`numpy.random.Generator`, so a corpus is a pure function
of its arguments.

>>> corpus = make_corpus(6, seed=1, words=(200, 300), reuse_rate=0.5)
>>> len(corpus.texts), corpus == make_corpus(6, seed=1, words=(200, 300), reuse_rate=0.5)
(6, True)
>>> p = corpus.planted[0]
>>> len(corpus.texts[p.target][p.target_start : p.target_end].split()) >= 30
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _words(text: str) -> list[str]:
    """Word lists are written as one string each: compact, and easy to read as text."""
    return text.split()


_ARABIC_FUNCTION = _words(
    "في من على إلى أن عن مع هذا التي الذي كان قال وقال بين بعد قبل خلال حيث كما أو لا ما هو هي "
    "ذلك تلك عند منذ حتى إن قد لم لن كل بعض وفي ومن وأن الى"
)
_ENGLISH_FUNCTION = _words(
    "the of and to in a is that for on was with said he as it by at from his an were are which "
    "this be has had have not but its after who they been their more about also two would"
)
# Arabic content words: a three-letter root poured into a morphological pattern (1, 2, 3 stand
# for the root letters), sometimes with the article, a feminine or plural ending, or a diacritic.
_ARABIC_ROOT_LETTERS = list("بتثجحخدذرزسشصضطظعغفقكلمنهوي")
_ARABIC_PATTERNS = _words(
    "123 1ا23 م12و3 ت12ي3 12ا3 ا1ت2ا3 م1ا23 12ي3 م12ّ3 ي123 ت1ا23 است12ا3 م1ت2ّ3 1و23 أ12ا3"
)
_ARABIC_ENDINGS = ["", "", "", "ة", "ات", "ون", "ين", "ي", "ية"]
_ENGLISH_SYLLABLES = _words(
    "ba co de fi gu ha ki lo ma ne po ra si ta vo wi ze st tr pr on an en er in or al ic ist ment "
    "tion ure ary ous ive ed ing ly ry gen port cen tral min ter nat ion dem oc sec ur"
)
_CITIES_AR = ["القاهرة", "بيروت", "الرياض", "طرابلس", "تونس", "عمّان", "بغداد", "الرباط", "دبي", "الخرطوم"]
_CITIES_EN = ["CAIRO", "BEIRUT", "RIYADH", "TRIPOLI", "TUNIS", "AMMAN", "BAGHDAD", "RABAT", "DUBAI", "GENEVA"]
_AGENCIES_AR = ["(رويترز)", "(أ ف ب)", "(وام)", "(الأناضول)", "(د ب أ)"]
_AGENCIES_EN = ["(Reuters)", "(AFP)", "(AP)", "(Anadolu)", "(dpa)"]
_FOOTERS_AR = [
    "جميع الحقوق محفوظة لوكالة الأنباء. يمنع النسخ أو إعادة النشر دون إذن مسبق.",
    "تابعونا على مواقع التواصل الاجتماعي للمزيد من الأخبار العاجلة والتقارير الحصرية.",
    "للاشتراك في النشرة الإخبارية اليومية أرسل كلمة أخبار إلى الرقم المخصص.",
]
_FOOTERS_EN = [
    "All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on social media for breaking news, live updates and exclusive reports.",
    "Sign up for our daily newsletter to get the top stories delivered to your inbox.",
]


_REUSE_WINDOW = 200  # a document reuses one of the 200 before it (a news cycle)
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Planted:
    """Text of ``source`` reused (lightly edited) in ``target``; half-open character spans."""

    source: int
    source_start: int
    source_end: int
    target: int
    target_start: int
    target_end: int


@dataclass(frozen=True)
class Corpus:
    """Generated documents and the reuse planted in them."""

    texts: tuple[str, ...]
    languages: tuple[str, ...]
    topics: tuple[int, ...]
    planted: tuple[Planted, ...]

    @property
    def megabytes(self) -> float:
        """Size of the raw text in MB (10^6 bytes) of UTF-8."""
        return sum(len(t.encode("utf-8")) for t in self.texts) / 1e6


def _arabic_words(rng: np.random.Generator, size: int) -> list[str]:
    roots = rng.choice(_ARABIC_ROOT_LETTERS, size=(2 * size, 3)).tolist()
    patterns = rng.choice(_ARABIC_PATTERNS, size=2 * size).tolist()
    endings = rng.choice(_ARABIC_ENDINGS, size=2 * size).tolist()
    article = (rng.random(2 * size) < 0.35).tolist()
    words = []
    for root, pattern, ending, the in zip(roots, patterns, endings, article, strict=True):
        word = pattern.replace("1", root[0]).replace("2", root[1]).replace("3", root[2]) + ending
        words.append("ال" + word if the else word)
    return words


def _english_words(rng: np.random.Generator, size: int) -> list[str]:
    counts = rng.integers(2, 5, size=2 * size).tolist()
    syllables = rng.choice(_ENGLISH_SYLLABLES, size=(2 * size, 4)).tolist()
    return ["".join(parts[:n]) for parts, n in zip(syllables, counts, strict=True)]


class _Language:
    """A Zipf vocabulary and the pieces of boilerplate of one language."""

    def __init__(self, rng: np.random.Generator, arabic: bool, size: int, topics: int, sources: int) -> None:
        self.arabic = arabic
        function = _ARABIC_FUNCTION if arabic else _ENGLISH_FUNCTION
        content = _arabic_words(rng, size) if arabic else _english_words(rng, size)
        # Twice as many candidates as needed; keep the first `size` distinct ones.
        content = [w for w in dict.fromkeys(content) if w not in set(function)][:size]
        self.words = np.array(function + content, dtype=object)
        ranks = np.arange(1, self.words.size + 1, dtype=np.float64)
        self.cdf = np.cumsum(ranks**-1.1) / np.sum(ranks**-1.1)
        # Each topic favours its own 60 mid-frequency content words.
        self.topic_words = [
            rng.choice(np.arange(len(function) + 50, self.words.size), size=60, replace=False)
            for _ in range(topics)
        ]
        self.cities = _CITIES_AR if arabic else _CITIES_EN
        # News sources: the real agencies, then made-up ones. Each has a footer of its own (a stock
        # one for the first few, then a made-up sentence) that all its boilerplate documents share.
        agencies = _AGENCIES_AR if arabic else _AGENCIES_EN
        stock = _FOOTERS_AR if arabic else _FOOTERS_EN
        self.agencies: list[str] = []
        self.footers: list[str] = []
        for k in range(sources):
            name = agencies[k] if k < len(agencies) else f"({self.words[int(rng.integers(60, 2000))]})"
            self.agencies.append(name)
            own = stock[k] if k < len(stock) else self.sentences(rng, int(rng.integers(0, topics)), 14)[0]
            self.footers.append(f"{own} {name}")

    def sentences(self, rng: np.random.Generator, topic: int, count: int) -> list[str]:
        """Sentences of 8-30 words, about ``count`` words in all: Zipf words mixed with topic words,
        a number now and then, commas and full stops."""
        lengths = rng.integers(8, 31, size=count // 8 + 1)
        lengths = lengths[: int(np.searchsorted(np.cumsum(lengths), count)) + 1]
        total = int(lengths.sum())
        index = np.searchsorted(self.cdf, rng.random(total))
        from_topic = rng.random(total) < 0.18
        index[from_topic] = rng.choice(self.topic_words[topic], size=int(from_topic.sum()))
        words: list[str] = self.words[np.minimum(index, self.words.size - 1)].tolist()
        out = []
        start = 0
        for length in lengths.tolist():
            sentence = words[start : start + length]
            start += length
            if rng.random() < 0.25:
                number = str(int(rng.integers(2, 2030)))
                if self.arabic and rng.random() < 0.5:
                    number = number.translate(_INDIC)
                sentence[int(rng.integers(0, length))] = number
            if rng.random() < 0.5:
                sentence[length // 2] += "،" if self.arabic else ","
            if not self.arabic:
                sentence[0] = sentence[0].capitalize()
            out.append(" ".join(sentence) + ".")
        return out

    def dateline(self, rng: np.random.Generator, source: int) -> str:
        return f"{rng.choice(self.cities)} {self.agencies[source]} - "

    def credit(self, rng: np.random.Generator) -> str:
        reporter, editor = (str(self.words[int(i)]) for i in rng.integers(60, 400, size=2))
        if self.arabic:
            return f"(إعداد {reporter} للنشرة العربية - تحرير {editor})"
        return f"(Reporting by {reporter.title()}; Editing by {editor.title()})"


def _edit(rng: np.random.Generator, language: _Language, passage: str) -> str:
    """Light edits: about 4% of words substituted, 2% dropped and 2% doubled."""
    out: list[str] = []
    for word in passage.split(" "):
        roll = rng.random()
        if roll < 0.04:
            out.append(str(language.words[int(rng.integers(0, 300))]))
        elif roll < 0.06:
            continue
        elif roll < 0.08:
            out += [word, word]
        else:
            out.append(word)
    return " ".join(out)


def make_corpus(
    documents: int,
    *,
    seed: int = 0,
    words: tuple[int, int] = (200, 1000),
    arabic_share: float = 0.5,
    reuse_rate: float = 0.2,
    boilerplate_rate: float = 0.6,
    topics: int | None = None,
    sources: int | None = None,
    vocabulary: int = 20_000,
) -> Corpus:
    """Generate ``documents`` news-like texts.

    Args:
        documents: How many documents.
        seed: Seed of the :class:`numpy.random.Generator`.
        words: Range of body lengths in words (inclusive), drawn uniformly.
        arabic_share: Fraction of documents in the Arabic-like language (the rest English-like).
        reuse_rate: Fraction of documents that reuse a passage of an earlier one (same language).
        boilerplate_rate: Fraction of documents with their source's dateline, a credit and its footer.
        topics: Number of topics per language; by default one per 100 documents (at least 20), as
            stories in a news stream, so that a bigger corpus has more stories rather than ever more
            documents about the same ones.
        sources: News sources per language, each with its own dateline agency and footer; by default
            one per 1,000 documents (at least 5), so a footer is shared by a few hundred documents
            whatever the corpus size.
        vocabulary: Content words per language.

    Returns:
        The corpus, with the planted passages' character spans.
    """
    rng = np.random.default_rng(seed)
    topics = topics or max(20, documents // 100)
    sources = sources or max(5, documents // 1000)
    languages = {
        True: _Language(rng, True, vocabulary, topics, sources),
        False: _Language(rng, False, vocabulary, topics, sources),
    }
    texts: list[str] = []
    kinds: list[str] = []
    topic_of: list[int] = []
    planted: list[Planted] = []
    # For the last _REUSE_WINDOW documents (the only ones reused from): their sentences and where
    # each starts in the text.
    sentences_of: dict[int, list[str]] = {}
    starts_of: dict[int, list[int]] = {}
    for d in range(documents):
        arabic = bool(rng.random() < arabic_share)
        language = languages[arabic]
        topic = int(rng.integers(0, topics))
        target_words = int(rng.integers(words[0], words[1] + 1))
        sentences = language.sentences(rng, topic, target_words)
        reuse_from = -1
        same_language = [k for k in range(max(0, d - _REUSE_WINDOW), d) if (kinds[k] == "ar") == arabic]
        if same_language and rng.random() < reuse_rate:
            reuse_from = int(rng.choice(same_language))
            source = sentences_of[reuse_from]
            run = int(rng.integers(2, 7))
            first = int(rng.integers(0, max(1, len(source) - run)))
            run = min(run, len(source) - first)
            passage = _edit(rng, language, " ".join(source[first : first + run]))
            at = int(rng.integers(0, len(sentences) + 1))
            sentences.insert(at, passage)
        boiler = rng.random() < boilerplate_rate
        source_id = int(rng.integers(0, len(language.agencies)))
        prefix = language.dateline(rng, source_id) if boiler else ""
        body_starts: list[int] = []
        position = len(prefix)
        for sentence in sentences:
            body_starts.append(position)
            position += len(sentence) + 1
        text = prefix + " ".join(sentences)
        if boiler:
            text += "\n" + language.credit(rng) + "\n" + language.footers[source_id]
        if reuse_from >= 0:
            source_starts = starts_of[reuse_from]
            source_text = texts[reuse_from]
            source_start = source_starts[first]
            source_end = source_starts[first + run - 1] + len(sentences_of[reuse_from][first + run - 1])
            assert source_text[source_start:source_end] == " ".join(
                sentences_of[reuse_from][first : first + run]
            )
            planted.append(
                Planted(
                    reuse_from, source_start, source_end, d, body_starts[at], body_starts[at] + len(passage)
                )
            )
        texts.append(text)
        kinds.append("ar" if arabic else "en")
        topic_of.append(topic)
        sentences_of[d] = sentences
        starts_of[d] = body_starts
        sentences_of.pop(d - _REUSE_WINDOW, None)
        starts_of.pop(d - _REUSE_WINDOW, None)
    return Corpus(tuple(texts), tuple(kinds), tuple(topic_of), tuple(planted))
