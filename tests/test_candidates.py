from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from conftest import FIXTURES, read_text
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

import reuse.candidates as candidates
from reuse.candidates import band_key, band_keys, band_pairs, candidate_pairs
from reuse.models import CandidateParams, SketchConfig
from reuse.pipeline import candidate_doc_pairs, window_shingles
from reuse.prepare import PreparedDoc, prepare
from reuse.shingle import fmix64, fmix64_inplace
from reuse.sketch import window_signatures

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
NO_LIMIT = 10**9


def band_keys_reference(signatures: U32, bands: int) -> npt.NDArray[np.uint64]:
    """The key formula written out over all bands at once."""
    n, num_perm = signatures.shape
    rows = num_perm // bands
    banded = signatures[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    key = np.zeros((n, bands), dtype=np.uint64)
    for r in range(rows):
        key = fmix64(key ^ banded[:, :, r]) + np.uint64(r + 1)
    return fmix64(key ^ (np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)))


def datasketch_pairs(signatures: U32, doc: I64, bands: int) -> set[tuple[int, int]]:
    """Cross-document pairs that ``datasketch.MinHashLSH`` finds for the same signatures."""
    num_perm = signatures.shape[1]
    lsh = MinHashLSH(num_perm=num_perm, params=(bands, num_perm // bands))
    sketches = [MinHash(num_perm, seed=1, scheme="affine32", hashvalues=sig) for sig in signatures]
    for i, m in enumerate(sketches):
        lsh.insert(i, m)
    pairs = set()
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j != i and doc[i] != doc[j]:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def as_set(pairs: npt.NDArray[np.int64]) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in pairs}


def clumpy_signatures(windows: int, num_perm: int, alphabet: int, seed: int) -> U32:
    """Signatures over a tiny alphabet, so that many bands collide."""
    return np.random.default_rng(seed).integers(0, alphabet, (windows, num_perm), dtype=np.uint32)


@pytest.mark.parametrize(
    ("windows", "num_perm", "bands", "alphabet"),
    [
        pytest.param(60, 8, 4, 2, id="dense-buckets"),
        pytest.param(200, 16, 8, 3, id="many-pairs"),
        pytest.param(300, 128, 64, 2, id="128-perms"),
        pytest.param(50, 12, 3, 2, id="odd-rows"),
    ],
)
def test_candidate_pairs_equal_datasketch_lsh(windows: int, num_perm: int, bands: int, alphabet: int) -> None:
    sig = clumpy_signatures(windows, num_perm, alphabet, seed=windows)
    doc = np.random.default_rng(1).integers(0, windows // 3, windows)
    got = candidate_pairs(sig, doc, bands, max_bucket=NO_LIMIT, star_from=NO_LIMIT)
    expected = datasketch_pairs(sig, doc, bands)
    assert expected, "the case should produce candidates"
    assert as_set(got) == expected


def test_real_windows_equal_datasketch_lsh() -> None:
    config = SketchConfig()
    shingles = [window_shingles(prepare(read_text(p)), 1) for p in sorted(FIXTURES.glob("*.txt"))]
    ws = window_signatures(shingles, config)
    got = candidate_pairs(ws.signatures, ws.doc, config.bands, max_bucket=NO_LIMIT, star_from=NO_LIMIT)
    expected = datasketch_pairs(ws.signatures, ws.doc, config.bands)
    assert expected, "the fixtures hold planted reuse"
    assert as_set(got) == expected


def test_band_keys_equal_reference() -> None:
    sig = clumpy_signatures(100, 128, 1 << 32, seed=2)
    for bands in (1, 16, 32, 128):
        assert np.array_equal(band_keys(sig, bands), band_keys_reference(sig, bands))
        rows = 128 // bands
        assert np.array_equal(band_key(sig, bands - 1, rows), band_keys_reference(sig, bands)[:, -1])


def test_output_is_sorted_unique_int64() -> None:
    sig = clumpy_signatures(80, 8, 2, seed=4)
    doc = np.arange(80) % 7
    pairs = candidate_pairs(sig, doc, 4, max_bucket=NO_LIMIT, star_from=NO_LIMIT)
    assert pairs.dtype == np.int64
    assert pairs.shape[1] == 2
    assert np.all(pairs[:, 0] < pairs[:, 1])
    assert np.array_equal(pairs, np.unique(pairs, axis=0))


def test_no_windows_and_no_candidates() -> None:
    assert candidate_pairs(np.zeros((0, 8), dtype=np.uint32), np.zeros(0, dtype=np.int64), 4).shape == (0, 2)
    sig = np.arange(40, dtype=np.uint32).reshape(5, 8)
    assert candidate_pairs(sig, np.arange(5), 4).shape == (0, 2)


def test_same_doc_pairs_only_on_request() -> None:
    sig = np.array([[1, 2], [1, 2], [1, 2]], dtype=np.uint32)
    doc = np.array([0, 0, 1])
    assert candidate_pairs(sig, doc, 2, star_from=NO_LIMIT).tolist() == [[0, 2], [1, 2]]
    assert candidate_pairs(sig, doc, 2, star_from=NO_LIMIT, same_doc=True).tolist() == [
        [0, 1],
        [0, 2],
        [1, 2],
    ]


@pytest.mark.parametrize(
    ("docs_in_bucket", "max_bucket", "paired"),
    [
        pytest.param(4, 4, True, id="at-limit"),
        pytest.param(5, 4, False, id="over-limit"),
        pytest.param(3, 1, False, id="shared-by-few-but-limit-one"),
    ],
)
def test_boilerplate_buckets_are_skipped(docs_in_bucket: int, max_bucket: int, paired: bool) -> None:
    # One band shared by windows of `docs_in_bucket` documents (two windows each).
    sig = np.zeros((2 * docs_in_bucket, 4), dtype=np.uint32)
    sig[:, 2:] = np.arange(2 * docs_in_bucket, dtype=np.uint32)[:, None] + 10  # second band unique
    doc = np.repeat(np.arange(docs_in_bucket), 2)
    pairs = candidate_pairs(sig, doc, 2, max_bucket=max_bucket, star_from=NO_LIMIT)
    assert (pairs.size > 0) == paired


def test_huge_buckets_are_skipped_outright() -> None:
    sig = np.zeros((9 * 2, 2), dtype=np.uint32)  # one bucket of 18 windows > 8 * max_bucket
    assert candidate_pairs(sig, np.arange(18), 1, max_bucket=2, star_from=NO_LIMIT).shape == (0, 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=60), st.integers(0, 40))
def test_maybe_repeated_keeps_every_repeated_window(values: list[int], salt: int) -> None:
    keys = fmix64(np.array(values, dtype=np.uint64) + np.uint64(salt))
    got = candidates._maybe_repeated(keys).tolist()
    assert got == sorted(set(got))
    assert {i for i, v in enumerate(values) if values.count(v) > 1} <= set(got)


def test_prefilter_collisions_do_not_make_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Signatures whose band keys are equal in their low 16 bits only: the bit table lets them through,
    # the buckets must not pair them.
    monkeypatch.setattr(candidates, "_MAX_FILTER_BITS", 16)
    sig = clumpy_signatures(3000, 2, 1 << 32, seed=8)
    sig[1] = sig[0]
    keys = band_key(sig, 0, 2)
    low = keys & np.uint64(0xFFFF)
    assert np.unique(low).size < low.size  # some low-bit collisions exist
    assert candidate_pairs(sig, np.arange(3000), 1).tolist() == [[0, 1]]


def test_sorted_unique() -> None:
    values = np.random.default_rng(3).integers(0, 50, 500)
    assert np.array_equal(candidates._sorted_unique(values), np.unique(values))
    assert candidates._sorted_unique(np.zeros(0, dtype=np.int64)).size == 0


def test_inplace_fmix64_equals_fmix64() -> None:
    values = np.random.default_rng(6).integers(0, 1 << 64, 1000, dtype=np.uint64)
    expected = fmix64(values)
    fmix64_inplace(values, np.empty_like(values))
    assert np.array_equal(values, expected)


def _shuffled_passage_corpus(seed: int, length: int = 300) -> list[PreparedDoc]:
    """20 documents (past the all-pairs size) of made-up words; document 1 holds document 0's
    ``length``-word passage shuffled as a whole."""
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{k}x" for k in range(20_000)]

    def words(n: int) -> list[str]:
        return [vocabulary[k] for k in rng.integers(0, len(vocabulary), n)]

    passage = words(length)
    texts = [" ".join(words(150) + passage + words(150))]
    texts.append(" ".join(words(100) + [passage[k] for k in rng.permutation(length)] + words(100)))
    texts += [" ".join(words(500)) for _ in range(18)]
    return [prepare(t) for t in texts]


def test_a_passage_shuffled_as_a_whole_becomes_a_candidate_through_the_coarse_windows() -> None:
    # A 24-word window of the shuffle shares about two words with any window of the original
    # (Jaccard 0.04: a band match is luck); a 128-word window shares about 55 with one (0.27).
    corpora = [_shuffled_passage_corpus(seed) for seed in range(8)]
    with_coarse = [[0, 1] in candidate_doc_pairs(c, SketchConfig()).pairs.tolist() for c in corpora]
    small_only = [
        [0, 1] in candidate_doc_pairs(c, SketchConfig(coarse_stride=0, wide_stride=0)).pairs.tolist()
        for c in corpora
    ]
    assert all(with_coarse)
    assert not all(small_only)


def test_a_long_passage_shuffled_as_a_whole_becomes_a_candidate_through_the_wide_windows() -> None:
    # 900 words shuffled: a 128-word window of the shuffle shares about 18 words with one of the
    # original (Jaccard 0.08: luck again); a 512-word window about 290 (0.4).
    corpora = [_shuffled_passage_corpus(seed, length=900) for seed in range(6)]
    with_wide = [[0, 1] in candidate_doc_pairs(c, SketchConfig()).pairs.tolist() for c in corpora]
    without = [[0, 1] in candidate_doc_pairs(c, SketchConfig(wide_stride=0)).pairs.tolist() for c in corpora]
    assert all(with_wide)
    assert not all(without)


def test_estimated_jaccard_equals_datasketch() -> None:
    sig = clumpy_signatures(30, 128, 3, seed=5)
    pairs = np.array([[0, 1], [2, 7], [5, 29], [4, 4]], dtype=np.int64)
    got = candidates.estimated_jaccard(sig, pairs)
    sketches = [MinHash(128, seed=1, scheme="affine32", hashvalues=s) for s in sig]
    assert got.tolist() == [sketches[x].jaccard(sketches[y]) for x, y in pairs.tolist()]


def test_doc_pair_evidence_groups_by_pair() -> None:
    rng = np.random.default_rng(9)
    doc_pairs = np.sort(rng.integers(0, 6, (200, 2)), axis=1)
    doc_pairs = doc_pairs[doc_pairs[:, 0] < doc_pairs[:, 1]]
    jaccard = np.asarray(rng.random(doc_pairs.shape[0]), dtype=np.float64)
    pairs, best = candidates.doc_pair_evidence(doc_pairs, jaccard)
    expected: dict[tuple[int, int], list[float]] = {}
    for (x, y), j in zip(doc_pairs.tolist(), jaccard.tolist(), strict=True):
        expected.setdefault((x, y), []).append(j)
    assert [tuple(p) for p in pairs.tolist()] == sorted(expected)
    assert best.tolist() == [max(expected[k]) for k in sorted(expected)]


def test_verification_keeps_copies_and_drops_topical_chance_pairs() -> None:
    # Twenty documents over one small vocabulary (windows share a few words with most others, so
    # bands collide by chance), two of which share a 60-word passage.
    rng = np.random.default_rng(4)
    vocabulary = [f"w{k}" for k in range(400)]

    def words(n: int) -> list[str]:
        return [vocabulary[k] for k in rng.integers(0, len(vocabulary), n)]

    passage = words(60)
    texts = [" ".join(words(100) + passage + words(100)), " ".join(words(50) + passage + words(150))]
    texts += [" ".join(words(260)) for _ in range(18)]
    docs = [prepare(t) for t in texts]
    unverified = candidate_doc_pairs(docs, SketchConfig(), CandidateParams(min_jaccard=0))
    verified = candidate_doc_pairs(docs, SketchConfig(), CandidateParams(min_jaccard=0.5))
    assert unverified.colliding > 20, "the vocabulary is small enough for chance collisions"
    assert verified.pairs.tolist() == [[0, 1]]
    assert verified.colliding == unverified.colliding


@pytest.mark.parametrize(
    ("function_words", "passage"),
    [
        pytest.param(
            "le la les de des du et en un une est pour que qui dans sur avec par au aux ce cette il ne pas",
            "Le ministre de la pêche a annoncé mardi que les chalutiers ne pourraient plus sortir du port "
            "avant la fin des réparations de la digue, détruite par la tempête de janvier dernier. Les "
            "armateurs réclament une indemnité pour chaque semaine perdue, et les mareyeurs craignent "
            "une pénurie de sardines sur les marchés de la côte jusqu'au printemps.",
            id="french",
        ),
        pytest.param(
            "der die das den dem und in im ist war mit von zu auf für nicht sich es ein eine als auch",
            "Der Fischereiminister kündigte am Dienstag an, dass die Trawler den Hafen erst nach der "
            "Reparatur des Damms verlassen dürfen, den der Sturm im Januar zerstört hatte. Die Reeder "
            "verlangen eine Entschädigung für jede verlorene Woche, und die Fischhändler fürchten "
            "einen Mangel an Sardinen auf den Märkten der Küste bis zum Frühjahr.",
            id="german",
        ),
        pytest.param(
            "و در به از که این را با است برای آن یک تا بر هم نیز شد می ها های بود شده کرد",
            "وزیر شیلات روز سه‌شنبه اعلام کرد که کشتی‌های ماهیگیری تا پایان تعمیر موج‌شکن، که در "
            "توفان دی‌ماه ویران شد، اجازه خروج از بندر را ندارند. صاحبان کشتی‌ها برای هر هفته از دست "
            "رفته غرامت می‌خواهند و ماهی‌فروشان از کمبود ساردین در بازارهای ساحلی تا بهار نگران‌اند.",
            id="persian",
        ),
        pytest.param(
            "کے کی کا میں ہے ہیں اور سے کو نے پر یہ وہ بھی تھا ایک کہ جو کر کیا گیا ہو اس ان",
            "ماہی گیری کے وزیر نے منگل کو اعلان کیا کہ ٹرالر بندرگاہ سے اس وقت تک نہیں نکل سکیں گے جب "
            "تک جنوری کے طوفان میں تباہ ہونے والے بند کی مرمت مکمل نہیں ہو جاتی۔ جہازوں کے مالکان ہر "
            "ضائع ہونے والے ہفتے کا معاوضہ مانگ رہے ہیں اور مچھلی فروشوں کو خدشہ ہے کہ بہار تک ساحل کی "
            "منڈیوں میں سارڈین کی قلت رہے گی۔",
            id="urdu",
        ),
    ],
)
def test_unrelated_articles_are_not_candidates_for_their_languages_function_words(
    function_words: str, passage: str
) -> None:
    """Forty articles whose only common words are their language's function words, two of which
    share a passage: only those two are worth aligning. Before documents had languages, windows of
    "le", "de", "et" or "der", "und", "ist" joined most pairs of a French or German collection."""
    rng = np.random.default_rng(9)
    common = function_words.split()

    def article(k: int) -> list[str]:  # a function word, then a word of this article's own
        return [w for i in range(200) for w in (common[rng.integers(len(common))], f"mot{k}n{i}")]

    texts = [" ".join(article(k)) for k in range(40)]
    texts[7] = " ".join([*article(7)[:150], passage, *article(70)[:150]])
    texts[23] = " ".join([*article(23)[:100], passage, *article(230)[:200]])
    found = candidate_doc_pairs([prepare(t) for t in texts], SketchConfig())
    assert found.pairs.tolist() == [[7, 23]]


def test_small_collections_are_compared_pair_by_pair() -> None:
    docs = [prepare(f"text {k}") for k in range(4)]
    assert candidate_doc_pairs(docs, SketchConfig()).pairs.tolist() == [
        [0, 1],
        [0, 2],
        [0, 3],
        [1, 2],
        [1, 3],
        [2, 3],
    ]


def test_buckets_of_many_documents_are_paired_as_a_star() -> None:
    # One bucket holding a window of each of 12 documents (a passage they all carry), and one of 3.
    sig = np.zeros((15, 2), dtype=np.uint32)
    sig[12:] = 7
    doc = np.arange(15)
    pairs = as_set(candidate_pairs(sig, doc, 1, star_from=8))
    assert pairs == {(0, k) for k in range(1, 12)} | {(12, 13), (12, 14), (13, 14)}
    everything = as_set(candidate_pairs(sig, doc, 1, star_from=NO_LIMIT))
    assert len(everything) == 12 * 11 // 2 + 3
    # Across bands each window keeps the lowest window it met in a shared bucket (and the lowest it
    # met in two bands, none here): in band 0, 0-5 and 6-11 meet; in band 1, 3-11 meet; so 1-5 pair
    # with 0 and 6-11 with 3.
    sig = np.zeros((12, 2), dtype=np.uint32)
    sig[6:, 0] = 1
    sig[:3, 1] = np.arange(3) + 10
    pairs = as_set(candidate_pairs(sig, np.arange(12), 2, star_from=2))
    assert pairs == {(0, k) for k in range(1, 6)} | {(3, k) for k in range(6, 12)}


def test_a_window_met_by_chance_in_one_band_does_not_hide_a_copy_from_its_source() -> None:
    """A source (1) and its copy (2) agree in every band; an unrelated window (0, lower) meets both in
    one band by chance. Each window was paired with the lowest window it met in any band, so 1 and 2
    were each paired with 0 only: the copy was never aligned (a scan of 10,000 documents found half
    of its planted copies). 2 met 1 in three bands and 0 in one: it is paired with both."""
    sig = np.array([[5, 0, 0, 0], [5, 1, 2, 3], [5, 1, 2, 3], [9, 9, 9, 9]], dtype=np.uint32)
    pairs = as_set(candidate_pairs(sig, np.arange(4), 4, star_from=1))
    assert (1, 2) in pairs


def test_a_story_met_through_a_front_that_comes_first_is_paired_with_the_fronts_after_it() -> None:
    """Window 0 is a front's teaser (lowest, not an opening window), 1 the story's opening window, 2
    another front's teaser, 3 a window that meets them in one band by chance. Each met the front
    first, so without openings 1 and 2 are paired with 0 only; the story's opening, met in both
    bands, is paired with 2 as well, and not with 3."""
    keys = [np.array([7, 7, 7, 7], dtype=np.uint64), np.array([8, 8, 8, 9], dtype=np.uint64)]
    doc, opening = np.arange(4), np.array([False, True, False, False])
    without = as_set(band_pairs(iter(keys), doc))
    assert without == {(0, 1), (0, 2), (0, 3)}
    assert as_set(band_pairs(iter(keys), doc, opening=opening)) == without | {(1, 2)}


def _wire_story(carriers: int, seed: int = 3) -> list[PreparedDoc]:
    """80 documents of made-up words; ``carriers`` hold one 120-word passage, each at its own offset."""
    rng = np.random.default_rng(seed)
    vocabulary = [f"v{k}y" for k in range(20_000)]

    def words(n: int) -> list[str]:
        return [vocabulary[k] for k in rng.integers(0, len(vocabulary), n)]

    passage = words(120)
    texts = [
        " ".join(words(int(rng.integers(0, 60))) + passage + words(60))
        if k < carriers
        else " ".join(words(200))
        for k in range(80)
    ]
    return [prepare(t) for t in texts]


def test_a_passage_in_many_documents_costs_pairs_in_proportion_to_them() -> None:
    # All pairs would grow 4x from 20 to 40 carriers (190 -> 780); a star about 2x.
    counts = {k: len(candidate_doc_pairs(_wire_story(k), SketchConfig()).pairs) for k in (20, 40)}
    assert counts[40] < 2.5 * counts[20]
    assert counts[40] < 40 * 39 // 2 / 2
    every = len(candidate_doc_pairs(_wire_story(40), SketchConfig(), CandidateParams(star_from=80)).pairs)
    assert every >= 40 * 39 // 2  # without the star: every pair of carriers


def test_bands_sketched_a_few_at_a_time_give_the_pairs_of_whole_signatures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The candidate stage never holds every signature: one band's columns at a time here, and the
    colliding windows' whole signatures a few pairs at a time. Its pairs must be those of the whole
    signatures (every scale, then the same verification and cap)."""
    import reuse.pipeline as pipeline
    from reuse.candidates import cap_per_document, doc_pair_evidence, estimated_jaccard

    rng = np.random.default_rng(3)
    frequency = 1 / np.arange(1, 2001)  # Zipf-like words, so that some windows collide by chance
    texts = [
        " ".join(f"w{k}" for k in rng.choice(2000, 150, p=frequency / frequency.sum())) for _ in range(300)
    ]
    for k in range(0, 300, 6):  # every sixth document's middle is copied into the next one
        texts[k + 1] += " " + " ".join(texts[k].split()[40:100])
    prepared = [prepare(t) for t in texts]
    config, params = SketchConfig(), CandidateParams()
    found, jaccard = [], []
    for scale, sketched in pipeline.sketch(prepared, config):
        keys = (
            band_key(sketched.signatures, band, scale.num_perm // scale.bands) for band in range(scale.bands)
        )
        pairs = band_pairs(keys, sketched.doc, opening=sketched.start == 0)
        found.append(np.sort(sketched.doc[pairs], axis=1))
        jaccard.append(estimated_jaccard(sketched.signatures, pairs))
    doc_pairs, best = doc_pair_evidence(np.concatenate(found), np.concatenate(jaccard))
    verified = best >= params.min_jaccard
    want = doc_pairs[verified][
        cap_per_document(doc_pairs[verified], best[verified], params.max_pairs_per_doc)
    ]
    assert 20 < want.shape[0] < doc_pairs.shape[0]  # pairs found, and some not verified

    monkeypatch.setattr(pipeline, "_SIGNATURES_AT_ONCE", 1)
    monkeypatch.setattr(pipeline, "_VERIFY_PAIRS", 7)
    got = candidate_doc_pairs(prepared, config, params)
    assert np.array_equal(got.pairs, want)
    assert got.window_pairs == sum(f.shape[0] for f in found)


def test_the_pairs_aligned_follow_the_texts_not_their_names() -> None:
    """A source and six documents quoting parts of it: named so that the source's id sorts first or
    last, the same texts must meet the same texts. Centred on the first window by id, the names chose
    the centre (7 pairs one way, 10 the other: a walker's araplagdet-dev laid out with the suspicious
    documents first lost 0.004 of plagdet); centred on the shortest holder, they do not."""
    from reuse.models import Document
    from reuse.pipeline import centre_order
    from reuse.prepare import prepare_batch

    rng = np.random.default_rng(4)
    vocabulary = [f"w{k}q" for k in range(20_000)]

    def words(n: int) -> list[str]:
        return [str(w) for w in rng.choice(vocabulary, n)]

    source = words(600)
    texts = [" ".join(source)]
    for _ in range(6):
        start = int(rng.integers(0, 450))
        texts.append(" ".join(words(150) + source[start : start + 120] + words(150)))
    texts += [" ".join(words(300)) for _ in range(14)]

    def met(names: list[str]) -> set[frozenset[int]]:
        docs = sorted((Document(n, t) for n, t in zip(names, texts, strict=True)), key=lambda d: d.id)
        text_of = [names.index(d.id) for d in docs]
        found = candidate_doc_pairs(
            prepare_batch([d.text for d in docs]), SketchConfig(), CandidateParams(), centre_order(docs)
        )
        return {frozenset((text_of[x], text_of[y])) for x, y in found.pairs.tolist()}

    fillers = [f"z{k:02d}" for k in range(14)]
    first = met(["src", *(f"susp{k}" for k in range(6)), *fillers])
    last = met(["x-src", *(f"a-susp{k}" for k in range(6)), *fillers])
    assert first == last
    assert {frozenset((0, k)) for k in range(1, 7)} <= first  # each quote meets the source
