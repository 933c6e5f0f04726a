"""Re-filed versions of real-length articles, and hard negatives: the near-duplicate benchmark set.

Articles are cut from real text: the source documents of ``araplagdet-dev`` (Arabic Wikipedia) and
``pan13-dev`` (English) beside the project when present, else the bundled fixtures. Consecutive
paragraphs of one document make one article of 200-800 words, so neighbouring articles share a
topic and its vocabulary but no passage. When the real text runs out (large sets), further
articles are drawn sentence by sentence from the word frequencies of the real Arabic text
(:mod:`newslike`); the set says how many were.

A story is filed again with one to three of these edits (each version from the original or from an
earlier version):

* ``lede``: a new opening paragraph (real sentences kept aside for that);
* ``cut``: the ending cut (45-85% of the words kept);
* ``credit``: a dateline and agency, or a credit line at the end;
* ``words``: 1-3% of the words changed for others;
* ``spelling`` (Arabic): hamza, alef maqsura, teh marbuta, tashkeel and tatweel variants;
* ``swap``: two neighbouring sentences swapped.

Hard negatives, never near-duplicates: ``shared-paragraph`` (an article carrying one paragraph of
another story), ``digest`` (one paragraph from each of three stories), ``same-topic`` (neighbouring
articles of one source document).

The truth follows the definition by construction: every word carries its origin, and a version is
kept only when at least 85% of the shorter of it and its parent comes from the other; a negative only
when at most 50% of the shorter of it and any member of the other story does. (The detector's
threshold, 0.8, lies between.)

``python benchmarks/refiled.py OUT --docs 10000 --seed 1`` writes ``OUT/docs.jsonl`` (``id``,
``text``, ``date``), ``OUT/groups.jsonl`` (one ``{"docs": [...]}`` per story with versions),
``OUT/negatives.jsonl`` and ``OUT/versions.jsonl`` (each version's parent and edits).

>>> s = make_refiled(60, seed=3, source="fixtures")
>>> len(s.ids), len(s.groups) > 0, all(len(g) >= 2 for g in s.groups)
(60, True, True)
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "datasets"
REAL = ((SHARED / "araplagdet-dev" / "corpus", "ar"), (SHARED / "pan13-dev" / "corpus", "en"))
FIXTURES = ((ROOT / "fixtures" / "news", ""), (ROOT / "fixtures" / "refiled", ""))

MIN_WORDS, MAX_WORDS = 200, 800
VERSION_CONTAINMENT = 0.85  # a version keeps at least this share of the shorter of it and its parent
NEGATIVE_CONTAINMENT = 0.5  # a hard negative shares at most this share of the shorter document

Word = tuple[str, int]  # the word as written, and its origin (-1: new text)
Article = list[list[list[Word]]]  # paragraphs of sentences of words

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CREDITS_AR = ["(رويترز)", "(أ ف ب)", "(وام)", "(الأناضول)", "(د ب أ)", "(وكالات)"]
_CREDITS_EN = ["(Reuters)", "(AFP)", "(AP)", "(Anadolu)", "(dpa)", "(Riverside Press)"]
_NAMES = ["Sami", "Layla", "Omar", "Nadia", "Tom", "Mia", "Karim", "Hana", "Yusuf", "Rania"]


@dataclass(frozen=True)
class RefiledSet:
    """Documents (id, text, date), the true groups, and the hard negatives and versions behind them."""

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    dates: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    negatives: tuple[tuple[str, str, str], ...]
    versions: tuple[tuple[str, str, str], ...]
    real_articles: int
    synthetic_articles: int

    def write(self, folder: Path) -> None:
        """Write docs.jsonl, groups.jsonl, negatives.jsonl and versions.jsonl into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "docs.jsonl", "w", encoding="utf-8") as out:
            for doc_id, text, date in zip(self.ids, self.texts, self.dates, strict=True):
                out.write(json.dumps({"id": doc_id, "text": text, "date": date}, ensure_ascii=False) + "\n")
        rows = {
            "groups.jsonl": [{"docs": list(g)} for g in self.groups],
            "negatives.jsonl": [{"a": a, "b": b, "kind": k} for a, b, k in self.negatives],
            "versions.jsonl": [{"parent": p, "child": c, "edits": e} for p, c, e in self.versions],
        }
        for name, items in rows.items():
            (folder / name).write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")


def _paragraphs(folders: tuple[tuple[Path, str], ...]) -> Iterator[tuple[int, str, str]]:
    """``(file number, language, paragraph)`` of every prose line (8 words or more) of the sources."""
    number = 0
    for folder, _ in folders:
        pattern = "source-*.txt" if folder.name == "corpus" else "*.txt"
        for path in sorted(folder.glob(pattern)):
            number += 1
            with open(path, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
            for line in text.splitlines():
                if len(line.split()) >= 8:
                    yield number, "ar" if _ARABIC.search(line) else "en", line.strip()


class _Origins:
    """Hands out one origin number per word of source text, so every copy of a word can be traced."""

    def __init__(self) -> None:
        self.next = 0

    def paragraph(self, text: str) -> list[list[Word]]:
        sentences = []
        for sentence in _SENTENCE_END.split(text):
            words = sentence.split()
            sentences.append([(w, self.next + k) for k, w in enumerate(words)])
            self.next += len(words)
        return [s for s in sentences if s]


def _real_articles(
    rng: np.random.Generator, folders: tuple[tuple[Path, str], ...], origins: _Origins, *, short: bool = False
) -> tuple[list[tuple[int, str, Article]], list[str]]:
    """Articles of consecutive paragraphs of one file, and a pool of sentences for new ledes.

    Every seventh paragraph goes to the pool instead. An article most of whose word 8-grams an
    earlier article already had (a list or template repeated across pages) is left out, so no two
    articles are near-duplicates by accident. ``short``: the fixtures, whose files are short news
    items, give one article per file from 50 words on.
    """
    length = (lambda _: 50) if short else _length
    articles: list[tuple[int, str, Article]] = []
    pool: list[str] = []
    seen: set[int] = set()
    current: Article = []
    current_file, words, target = -1, 0, 0
    for k, (number, language, text) in enumerate(_paragraphs(folders)):
        if k % 7 == 6:
            pool += [s for s in _SENTENCE_END.split(text) if 6 <= len(s.split()) <= 40]
            continue
        if number != current_file:
            current, current_file, words = [], number, 0
            target = length(rng)
        paragraph = origins.paragraph(text)
        current.append(paragraph)
        words += sum(len(s) for s in paragraph)
        if words >= target:
            if words <= MAX_WORDS and _fresh(current, seen):
                articles.append((number, language, current))
            current, words, target = [], 0, length(rng)
    return articles, pool


def _length(rng: np.random.Generator) -> int:
    """An article length: log-normal around 400 words, clipped to 200-800."""
    return int(np.clip(rng.lognormal(np.log(400), 0.4), MIN_WORDS, MAX_WORDS))


_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "\u0640": None}
    | {chr(c): None for c in range(0x064B, 0x0653)}
)
_PUNCTUATION = re.compile(r"[^\w]+")


def _fresh(article: Article, seen: set[int]) -> bool:
    """Whether at most 20% of the article's word 3-grams (loosely normalised) were seen before.

    Loose on purpose: real corpora hold lightly reworded copies of one text (two revisions of one
    encyclopedia article), which must not end up as two unrelated stories.
    """
    words = [_PUNCTUATION.sub("", w.translate(_FOLD)).casefold() for p in article for s in p for w, _ in s]
    words = [w for w in words if w]
    grams = {hash(tuple(words[k : k + 3])) for k in range(max(0, len(words) - 2))}
    repeated = len(grams & seen)
    seen |= grams
    return repeated <= 0.2 * max(1, len(grams))


def _synthetic_article(
    rng: np.random.Generator, origins: _Origins, vocabulary: np.ndarray, cdf: np.ndarray
) -> Article:
    """An article of sentences drawn from real Arabic word frequencies (when real text runs out)."""
    target, words = _length(rng), 0
    article: Article = []
    while words < target:
        sentences = []
        for _ in range(int(rng.integers(2, 5))):
            drawn = vocabulary[
                np.minimum(np.searchsorted(cdf, rng.random(int(rng.integers(8, 26)))), cdf.size - 1)
            ]
            sentences.append(" ".join(drawn) + ".")
        paragraph = origins.paragraph(" ".join(sentences))
        article.append(paragraph)
        words += sum(len(s) for s in paragraph)
    return article


def _words(article: Article) -> list[Word]:
    return [w for p in article for s in p for w in s]


def _copy(article: Article) -> Article:
    return [[list(s) for s in p] for p in article]


def containment(x: Article, y: Article) -> float:
    """Share of the shorter article's words whose origin the other one holds (by construction)."""
    return _contained(_origin_array(x), _origin_array(y))


# ------------------------------------------------------------------------------------------ edits


def _lede(rng: np.random.Generator, article: Article, pool: list[str]) -> None:
    count = int(rng.integers(1, 3))
    text = " ".join(pool[int(rng.integers(0, len(pool)))] for _ in range(count))
    words = text.split()[: int(rng.integers(12, 46))]
    article.insert(0, [[(w, -1) for w in words]])


def _cut(rng: np.random.Generator, article: Article) -> None:
    total = len(_words(article))
    keep = max(60, int(total * rng.uniform(0.45, 0.85)))
    kept, count = [], 0
    for paragraph in article:
        sentences = []
        for sentence in paragraph:
            if count >= keep:
                break
            sentences.append(sentence)
            count += len(sentence)
        if sentences:
            kept.append(sentences)
    article[:] = kept


def _credit(rng: np.random.Generator, article: Article, language: str) -> None:
    names = rng.choice(_NAMES, 2, replace=False).tolist()
    if language == "ar":
        agency = str(rng.choice(_CREDITS_AR))
        line = f"(تحرير: {names[0]} {names[1]})"
    else:
        agency = str(rng.choice(_CREDITS_EN))
        line = f"Reporting by {names[0]}; editing by {names[1]}."
    if rng.random() < 0.5:
        article[0][0][:0] = [(agency, -1), ("-", -1)]
    else:
        article.append([[(w, -1) for w in line.split()]])


def _change_words(rng: np.random.Generator, article: Article, vocabulary: list[str]) -> None:
    spots = [
        (p, s, w) for p, para in enumerate(article) for s, sent in enumerate(para) for w in range(len(sent))
    ]
    count = max(1, int(len(spots) * rng.uniform(0.01, 0.03)))
    for k in rng.choice(len(spots), min(count, len(spots)), replace=False).tolist():
        p, s, w = spots[k]
        article[p][s][w] = (vocabulary[int(rng.integers(0, len(vocabulary)))], -1)


_SPELLING = [("أ", "ا"), ("إ", "ا"), ("ا", "أ"), ("ة", "ه"), ("ى", "ي"), ("ي", "ى")]


def _respell(rng: np.random.Generator, word: str) -> str:
    """One spelling variant that Arabic normalisation undoes (hamza, yeh, teh marbuta, marks)."""
    choice = int(rng.integers(0, 4))
    if choice == 0 and word[:1] in "أإا":
        return ("ا" if word[0] != "ا" else "أ") + word[1:]
    if choice == 1 and len(word) > 2 and word[-1] in "ةىي":
        return word[:-1] + {"ة": "ه", "ى": "ي", "ي": "ى"}[word[-1]]
    if choice == 2 and len(word) > 2:
        at = int(rng.integers(1, len(word)))
        return word[:at] + "\u064e" + word[at:]  # a fatha
    if len(word) > 3:
        return word[:2] + "\u0640" + word[2:]  # a tatweel
    return word


def _spelling(rng: np.random.Generator, article: Article) -> None:
    for paragraph in article:
        for sentence in paragraph:
            for k, (word, origin) in enumerate(sentence):
                if _ARABIC.search(word) and rng.random() < 0.08:
                    sentence[k] = (_respell(rng, word), origin)


def _swap(rng: np.random.Generator, article: Article) -> None:
    sentences = [(p, s) for p, para in enumerate(article) for s in range(len(para))]
    for _ in range(int(rng.integers(1, 3))):
        if len(sentences) < 2:
            return
        k = int(rng.integers(0, len(sentences) - 1))
        (p1, s1), (p2, s2) = sentences[k], sentences[k + 1]
        article[p1][s1], article[p2][s2] = article[p2][s2], article[p1][s1]


EDITS = ("lede", "cut", "credit", "words", "spelling", "swap")


def refile(
    rng: np.random.Generator, article: Article, language: str, pool: list[str], vocabulary: list[str]
) -> tuple[Article, str]:
    """A re-filed version of ``article`` with one to three edits, and their names."""
    edits = [e for e in EDITS if e != "spelling" or language == "ar"]
    chosen = sorted(rng.choice(len(edits), int(rng.integers(1, 4)), replace=False).tolist())
    version = _copy(article)
    for k in chosen:
        edit = edits[k]
        if edit == "lede":
            _lede(rng, version, pool)
        elif edit == "cut":
            _cut(rng, version)
        elif edit == "credit":
            _credit(rng, version, language)
        elif edit == "words":
            _change_words(rng, version, vocabulary)
        elif edit == "spelling":
            _spelling(rng, version)
        else:
            _swap(rng, version)
    return version, "+".join(edits[k] for k in chosen)


def render(article: Article) -> str:
    """Paragraphs separated by blank lines, sentences and words by spaces."""
    return "\n\n".join(" ".join(w for s in p for w, _ in s) for p in article)


# ---------------------------------------------------------------------------------------- the set


def make_refiled(documents: int, *, seed: int = 0, source: str = "auto") -> RefiledSet:
    """``documents`` texts: stories filed once or several times, hard negatives and single articles.

    Args:
        documents: How many documents to make.
        seed: Everything is drawn from one generator seeded with it.
        source: ``"auto"`` (the shared corpora when present, else the fixtures), ``"real"``,
            ``"fixtures"`` or ``"synthetic"`` (articles from real word frequencies only).
    """
    rng = np.random.default_rng(seed)
    origins = _Origins()
    folders = REAL if source == "real" or (source == "auto" and REAL[0][0].is_dir()) else FIXTURES
    real: list[tuple[int, str, Article]] = []
    pool: list[str] = []
    if source != "synthetic":
        real, pool = _real_articles(rng, folders, origins, short=folders is FIXTURES)
    from newslike import unigrams

    words, p = unigrams()
    frequent = np.asarray(words[:20000], dtype=object)
    cdf = np.cumsum(p[:20000]) / np.sum(p[:20000])
    vocabulary = [w for w in words[50:5000]]
    if not pool:
        pool = [render(_synthetic_article(rng, _Origins(), frequent, cdf))[:300]]
    order = rng.permutation(len(real)).tolist()
    stories = [real[k] for k in order]
    synthetic = 0

    def next_story() -> tuple[int, str, Article]:
        nonlocal synthetic
        if stories:
            return stories.pop()
        synthetic += 1
        return -synthetic, "ar", _synthetic_article(rng, origins, frequent, cdf)

    texts: list[str] = []
    dates: list[str] = []
    origins_of: list[np.ndarray] = []  # each document's word origins (compact: the texts are rendered)
    members: list[list[int]] = []  # each story's documents
    spare: list[list[list[list[Word]]]] = []  # each story's paragraphs short enough to share
    negatives: list[tuple[int, int, str]] = []
    versions: list[tuple[int, int, str]] = []
    by_file: dict[int, int] = {}  # source file -> a document of a story from it (same-topic pairs)

    def add(article: Article, day: int) -> int:
        texts.append(render(article))
        dates.append(_date(day))
        origins_of.append(_origin_array(article))
        return len(texts) - 1

    def negative(article: Article, stories: list[int]) -> bool:
        mine = _origin_array(article)
        return all(
            _contained(mine, origins_of[m]) <= NEGATIVE_CONTAINMENT for s in stories for m in members[s]
        )

    def close(story: int, article: Article) -> None:
        shortest = min(origins_of[k].size for k in members[story])
        fitting = [p for p in article if 15 <= sum(len(s) for s in p) <= 0.3 * shortest]
        picks = rng.permutation(len(fitting))[:3].tolist()
        spare.append([[list(s) for s in fitting[k]] for k in picks])

    while len(texts) < documents:
        role = rng.random()
        if role < 0.03 and len(members) >= 3:  # a digest of three stories
            picks = [k for k in rng.choice(len(members), 3, replace=False).tolist() if spare[k]]
            digest = [spare[k][int(rng.integers(0, len(spare[k])))] for k in picks]
            if len(picks) == 3 and negative(digest, picks):
                k = add(digest, int(rng.integers(0, 2000)))
                negatives += [(k, m, "digest") for story in picks for m in members[story]]
                members.append([k])
                spare.append([])
            continue
        number, language, article = next_story()
        day = int(rng.integers(0, 2000))
        if role < 0.13 and members:  # carries one paragraph of another story
            other = int(rng.integers(0, len(members)))
            if spare[other]:
                carrier = _copy(article)
                paragraph = spare[other][int(rng.integers(0, len(spare[other])))]
                carrier.insert(int(rng.integers(0, len(carrier) + 1)), paragraph)
                if negative(carrier, [other]):
                    k = add(carrier, day)
                    negatives += [(k, m, "shared-paragraph") for m in members[other]]
                    members.append([k])
                    spare.append([])
                    continue
        story = len(members)
        first = add(article, day)
        members.append([first])
        if number > 0:
            if number in by_file:
                negatives.append((by_file[number], first, "same-topic"))
            by_file[number] = first
        if role < 0.58:  # filed again, 1-4 times
            filed = {first: article}
            for _ in range(int(rng.integers(1, 5))):
                parent = members[story][int(rng.integers(0, len(members[story])))]
                for _attempt in range(5):
                    version, edits = refile(rng, filed[parent], language, pool, vocabulary)
                    kept = _origin_array(version)
                    if kept.size >= 40 and _contained(kept, origins_of[parent]) >= VERSION_CONTAINMENT:
                        k = add(version, day + int(rng.integers(0, 6)))
                        filed[k] = version
                        members[story].append(k)
                        versions.append((parent, k, edits))
                        break
        close(story, article)
    keep = set(range(min(documents, len(texts))))
    ids = [f"d{k:06d}" for k in rng.permutation(len(keep)).tolist()]
    return RefiledSet(
        ids=tuple(ids),
        texts=tuple(texts[: len(keep)]),
        dates=tuple(dates[: len(keep)]),
        groups=tuple(
            tuple(sorted(ids[k] for k in m if k in keep)) for m in members if sum(k in keep for k in m) >= 2
        ),
        negatives=tuple((ids[a], ids[b], kind) for a, b, kind in negatives if a in keep and b in keep),
        versions=tuple((ids[a], ids[b], e) for a, b, e in versions if a in keep and b in keep),
        real_articles=len(real) - len(stories),
        synthetic_articles=synthetic,
    )


def _date(day: int) -> str:
    return (datetime.date(2015, 1, 1) + datetime.timedelta(days=day)).isoformat()


def _origin_array(article: Article) -> np.ndarray:
    return np.fromiter((o for _, o in _words(article)), dtype=np.int64)


def _contained(x: np.ndarray, y: np.ndarray) -> float:
    """Share of the shorter of two documents' words whose origin the other holds (by construction)."""
    if x.size > y.size:
        x, y = y, x
    return float(np.count_nonzero(np.isin(x, y[y >= 0]))) / max(1, x.size)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", default="auto", choices=["auto", "real", "fixtures", "synthetic"])
    args = parser.parse_args(argv)
    made = make_refiled(args.docs, seed=args.seed, source=args.source)
    made.write(args.out)
    print(
        json.dumps(
            {
                "documents": len(made.ids),
                "groups": len(made.groups),
                "grouped_documents": sum(len(g) for g in made.groups),
                "negatives": len(made.negatives),
                "real_articles": made.real_articles,
                "synthetic_articles": made.synthetic_articles,
            }
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
