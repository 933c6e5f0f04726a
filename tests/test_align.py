from __future__ import annotations

import itertools

import numpy as np
import pytest

from reuse.align import align_pair, increasing_chain, similarity
from reuse.dots import connected_components, word_matches
from reuse.findings import repeat_findings
from reuse.models import AlignParams
from reuse.prepare import PreparedDoc, prepare
from reuse.spans import SpanPair, TokenSpan, best_counterparts


def _u64(values: list[int]) -> np.ndarray:
    return np.asarray(values, dtype=np.uint64)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param([1, 2, 3], [1, 2, 3], 1.0, id="identical"),
        pytest.param([1, 2, 3], [3, 1, 2], 1.0, id="shuffled-is-order-insensitive"),
        pytest.param([1, 2, 3, 4], [1, 2, 3, 5], 0.75, id="one-word-swapped"),
        pytest.param([1, 1, 2], [1, 2, 2], 2 / 3, id="repeats-count-once-each"),
        pytest.param([1, 2], [1, 2, 3, 4], 0.5, id="longer-span-is-denominator"),
        pytest.param([], [1], 0.0, id="empty"),
    ],
)
def test_similarity(a: list[int], b: list[int], expected: float) -> None:
    assert similarity(_u64(a), _u64(b)) == pytest.approx(expected)


def test_word_matches_equal_brute_force() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.integers(0, 6, 40).astype(np.uint64), rng.integers(0, 6, 30).astype(np.uint64)
    i, j = word_matches(a, b, max_word_pairs=10_000)
    brute = {(x, y) for x in range(a.size) for y in range(b.size) if a[x] == b[y]}
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == brute
    assert len(brute) == i.size


def test_word_matches_skip_words_pairing_too_often() -> None:
    i, _ = word_matches(_u64([1, 1, 1, 2]), _u64([1, 1, 2]), max_word_pairs=4)
    assert i.tolist() == [3]  # word 1 would pair 3 x 2 = 6 times


def test_increasing_chain_is_a_longest_chain() -> None:
    rng = np.random.default_rng(3)
    for _ in range(30):
        n = int(rng.integers(1, 9))
        i, j = rng.integers(0, 6, n), rng.integers(0, 6, n)
        chain = increasing_chain(i.astype(np.int64), j.astype(np.int64))
        assert np.all(np.diff(i[chain]) > 0)
        assert np.all(np.diff(j[chain]) > 0)
        longest = max(
            len(c)
            for r in range(n + 1)
            for c in itertools.combinations(range(n), r)
            if all(i[x] < i[y] and j[x] < j[y] for x, y in itertools.pairwise(sorted(c, key=lambda k: i[k])))
        )
        assert chain.size == longest


def test_best_counterparts_drops_echoes_of_a_template() -> None:
    copy = SpanPair(TokenSpan(0, 30), TokenSpan(0, 30), 1.0)
    echo = SpanPair(TokenSpan(2, 30), TokenSpan(60, 88), 0.7)
    assert best_counterparts([echo, copy], copy_words=40, copy_similarity=0.9) == [copy]


def _tokens(doc_text: str, first: int, end: int) -> str:
    doc = prepare(doc_text)
    start, stop = doc.char_span(first, end)
    return doc_text[start:stop]


def test_align_finds_copy_at_both_document_edges() -> None:
    copied = "the ministry said the new desalination plant would supply three hundred thousand people"
    a = prepare(copied + " before the summer, according to officials")
    b = prepare("In other news today " + copied)
    (pair,) = align_pair(a, b, AlignParams())
    assert (pair.a.start, pair.b.end) == (0, len(b.tokens))
    assert len(pair.a) == len(pair.b) == len(copied.split())


def test_align_unrelated_texts_find_nothing() -> None:
    a = prepare("the council approved the harbour budget after a long debate about fishing quotas")
    b = prepare("mix the flour with warm water and knead the dough until it is smooth and elastic")
    assert align_pair(a, b, AlignParams()) == []


def test_align_shuffled_passage() -> None:
    words = [
        "negotiators",
        "twelve",
        "countries",
        "agreed",
        "tuesday",
        "extend",
        "fisheries",
        "accord",
        "another",
        "five",
        "years",
        "ending",
        "dispute",
        "threatened",
        "close",
        "northern",
        "fishing",
        "grounds",
        "foreign",
        "fleets",
    ]
    shuffled = [words[k] for k in np.random.default_rng(1).permutation(len(words))]
    a = prepare("opening remarks here. " + " ".join(words) + ". closing remarks there")
    b = prepare("unrelated lead sentence. " + " ".join(shuffled) + ". weather report follows")
    (pair,) = align_pair(a, b, AlignParams())
    # Shuffled edges are heuristic (see reuse.align): most of the passage, nothing outside it.
    assert pair.similarity >= 0.9
    for span in (pair.a, pair.b):
        assert span.start >= 3
        assert span.end <= 3 + len(words)
        assert len(span) >= 0.9 * len(words)


def test_repeat_three_times_in_a_row_is_split_by_period() -> None:
    sentence = "the new buses will enter service before the end of the current month"
    doc = prepare(f"Intro words here. {sentence} - {sentence} - {sentence}. Final words.")
    pairs = align_pair(doc, doc, AlignParams(), same=True)
    spans = sorted({(p.a.start, p.a.end) for p in pairs} | {(p.b.start, p.b.end) for p in pairs})
    n = len(sentence.split())
    assert spans == [(3, 3 + n), (3 + n, 3 + 2 * n), (3 + 2 * n, 3 + 3 * n)]


@pytest.mark.parametrize("middle_copies", [1, 2, 3])
def test_a_sentence_repeated_around_another_repeated_one_is_a_repeat_of_its_own(middle_copies: int) -> None:
    """ "A X X A": the two A's sit beside the X's in the dot plot but in the other order, so one
    chain in order cannot take both; A was lost to the longer X (found with its three copies only
    once X came three times, and with X merged into one reordered "A X" / "X A" repeat). Each
    repeated sentence is a repeat of its own, whatever lies between."""
    a = "Suitable for all cars, trucks, motorcycles, quads, bicycles, machines"
    x = "Between the two paragraphs there is a quite different text about the weather in the valley"
    doc = prepare(f"{a}. " + f"{x}. " * (1 + middle_copies) + f"{a}.")
    n_a, n_x = len(a.split()), len(x.split())
    pairs = align_pair(doc, doc, AlignParams(), same=True)
    found = {((p.a.start, p.a.end), (p.b.start, p.b.end)) for p in pairs}
    last_a = n_a + (1 + middle_copies) * n_x
    assert ((0, n_a), (last_a, last_a + n_a)) in found
    x_starts = [n_a + k * n_x for k in range(1 + middle_copies)]
    x_repeats = {((s, s + n_x), (t, t + n_x)) for s, t in itertools.pairwise(x_starts)}
    assert x_repeats <= found
    assert len(found) == 1 + middle_copies  # nothing else: no span joining an A to an X


def test_a_sentence_said_twice_between_two_others_ends_with_itself() -> None:
    """ "A X X A" where X's second word and A's second word are one word ("وأكدت المصادر" and
    "قالت مصادر"): the chance match one period on carried the second X two words into the last A.
    Each X is a whole sentence, the same words, similarity 1 (found by a walk through Arabic repeats)."""
    a = (
        "قالت مصادر في الخطوط الجوية الليبية إن رحلات الشركة إلى إسطنبول ستستأنف مطلع الشهر المقبل"
        " بعد حصولها على الموافقات اللازمة"
    )
    x = "وأكدت المصادر أن الشركة تسلمت طائرتين جديدتين من طراز إيرباص ضمن صفقة وقعت العام الماضي"
    text = f"{a}. {x}. {x}. {a}.\nوأوضحت أن أسعار التذاكر لن تشهد أي زيادة."
    doc = prepare(text)
    found = [
        (
            text[slice(*doc.char_span(p.a.start, p.a.end))],
            text[slice(*doc.char_span(p.b.start, p.b.end))],
            p.similarity,
        )
        for p in align_pair(doc, doc, AlignParams(), same=True)
    ]
    assert sorted(found) == sorted([(a, a, 1.0), (x, x, 1.0)])


def test_connected_components_equal_brute_force() -> None:
    rng = np.random.default_rng(11)
    for _ in range(20):
        n = int(rng.integers(1, 30))
        src, dst = rng.integers(0, n, 25), rng.integers(0, n, 25)
        labels = connected_components(n, src.astype(np.int64), dst.astype(np.int64))
        # Reference: repeated relaxation until nothing changes.
        ref = list(range(n))
        changed = True
        while changed:
            changed = False
            for x, y in zip(src.tolist(), dst.tolist(), strict=True):
                low = min(ref[x], ref[y])
                if ref[x] != low or ref[y] != low:
                    ref[x] = ref[y] = low
                    changed = True
        assert labels.tolist() == ref


def test_phrase_shuffled_passage_is_one_finding() -> None:
    phrases = [
        "the committee approved the budget",
        "after three days of debate",
        "on new schools and roads",
        "in the northern provinces",
        "despite objections from the opposition",
        "which called the plan wasteful",
    ]
    order = [3, 0, 5, 1, 4, 2]
    a = prepare("Opening line. " + " ".join(phrases) + ". Weather follows.")
    b = prepare("Other lead text. " + " ".join(phrases[k] for k in order) + ". Sports results.")
    (pair,) = align_pair(a, b, AlignParams())
    assert len(pair.a) >= 0.9 * sum(len(p.split()) for p in phrases)


COPIED = (
    "the harbour authority said on monday that dredging of the eastern channel would begin in "
    "april and last until the autumn, allowing larger container ships to dock at the new quay "
    "without waiting for high tide, a change that shipping firms have requested for a decade"
)


def test_copy_edges_leave_out_chance_matches_of_common_words_around_it() -> None:
    # A sentence before the copy shares three words with the text before it in B ("harbour ...
    # ships ... quay") in order; it is not part of the copy.
    a = prepare(
        "The harbour museum shows old ships and a model of the quay built by volunteers over "
        "many winters in the village hall. " + COPIED + ". Tickets cost five dinars."
    )
    b = prepare("Harbour ships quay. " + COPIED + ". Other news follows here today.")
    (pair,) = align_pair(a, b, AlignParams())
    copied_words = len(prepare(COPIED).tokens)
    assert len(pair.a) == len(pair.b) == copied_words
    assert pair.similarity == 1.0


def test_a_passage_pasted_twice_is_two_findings_but_an_echo_of_a_stock_phrase_is_not() -> None:
    a = prepare("Opening words. " + COPIED + ". Closing words.")
    b = prepare("Lead. " + COPIED + ". Middle part of the story. " + COPIED + ". End.")
    pairs = align_pair(a, b, AlignParams())
    assert [len(p.b) for p in pairs] == [len(prepare(COPIED).tokens)] * 2
    assert pairs[0].a == pairs[1].a
    assert pairs[0].b.start < pairs[1].b.start
    stock = " ".join(COPIED.split()[:12])  # 12 words: too short to be a second copy
    c = prepare("Lead. " + COPIED + ". Middle part of the story. " + stock + ". End.")
    assert len(align_pair(a, c, AlignParams())) == 1


def test_two_neighbouring_copies_with_text_between_them_stay_two_findings() -> None:
    first = COPIED
    second = (
        "officials from the ministry of transport visited the site and promised new cranes, wider "
        "access roads and a rail spur to the industrial zone south of the city within two years"
    )
    filler = " ".join(f"filler{k} word{k}" for k in range(20))  # 40 words: more than block_gap
    a = prepare("Intro. " + first + ". " + filler + ". " + second + ". Outro.")
    b = prepare("Lead. " + second + ". " + first + ". Tail.")
    pairs = align_pair(b, a, AlignParams())
    assert len(pairs) == 2
    assert all(p.similarity == 1.0 for p in pairs)


def test_topical_text_before_a_copy_does_not_stretch_it() -> None:
    # B's lead shuffles a third of the copy's words among others: a block on the coarse grid that
    # holds the copy, looser than the copy itself.
    content = [w for w in COPIED.replace(",", "").split() if len(w) > 4]
    lead = [w for pair in zip(content[::3], ["topic"] * 99, strict=False) for w in pair]
    a = prepare("Opening words. " + COPIED + ". Closing words.")
    b = prepare(" ".join(reversed(lead)) + ". " + COPIED + ". End.")
    (pair,) = align_pair(a, b, AlignParams())
    assert len(pair.b) == len(prepare(COPIED).tokens)
    assert pair.similarity == 1.0


def test_a_shuffled_block_that_opens_with_an_in_order_stretch_is_one_finding() -> None:
    # The first half is copied in order (an ordered piece, similarity 1.0); the second half is
    # shuffled word by word.
    sentence = (
        "officials from the ministry of transport visited the site and promised new cranes wider "
        "access roads and a rail spur to the industrial zone south of the city within two years"
    )
    second = sentence.split(" ")
    shuffled = [second[k] for k in np.random.default_rng(3).permutation(len(second))]
    a = prepare("Intro words here. " + COPIED + " " + " ".join(second) + ". Outro words there.")
    b = prepare("Lead text. " + COPIED + " " + " ".join(shuffled) + ". Tail text.")
    (pair,) = align_pair(a, b, AlignParams())
    total = len(prepare(COPIED).tokens) + len(second)
    assert len(pair.a) >= 0.95 * total
    assert len(pair.b) >= 0.95 * total


SECOND = (
    "fishermen who lost their boats in the january gale will receive compensation from a fund "
    "that the regional council set up last spring with money from the port fees"
)


@pytest.mark.parametrize(
    ("own_a", "own_b"),
    [
        pytest.param(
            "local shopkeepers told reporters that the closure of the fish market had cost them most "
            "of their customers during the busiest weeks of the tourist season this year",
            "a spokesman for the ministry of culture declined to say when the coastal railway line "
            "would reopen after engineers found cracks in two of its bridges last month",
            id="a-sentence-each",
        ),
        pytest.param(
            "shopkeepers said the closure cost them their summer customers",
            "the coastal railway line remains closed after engineers found cracks",
            id="ten-words-each",
        ),
    ],
)
def test_paragraphs_copied_in_swapped_order_around_text_of_each_own_are_two_findings(
    own_a: str, own_b: str
) -> None:
    """Both paragraphs and the sentences between them fill one region, as a shuffled passage's
    pieces do; but the sentences share no word, so they are each article's own, and one finding
    over all of it would say that most of each article is in the other."""
    a = prepare("Port news. " + COPIED + ". " + own_a + ". " + SECOND + ". More to follow.")
    b = prepare("Coast report. " + SECOND + ". " + own_b + ". " + COPIED + ". End of report.")
    pairs = align_pair(a, b, AlignParams())
    assert [(len(p.a), len(p.b), p.similarity) for p in pairs] == [
        (len(prepare(COPIED).tokens), len(prepare(COPIED).tokens), 1.0),
        (len(prepare(SECOND).tokens), len(prepare(SECOND).tokens), 1.0),
    ]
    assert pairs[0].b.start > pairs[1].b.start


def test_paragraphs_copied_in_order_around_a_rewritten_sentence_are_one_edited_copy() -> None:
    """In order, the sentence between them is an edit of the copy (a synonym-substituted or
    rewritten stretch, as AraPlagDet's cases have): one finding, at a lower similarity."""
    own_a = "shopkeepers said the closure cost them their summer customers"
    own_b = "the coastal railway line remains closed after engineers found cracks"
    a = prepare("Port news. " + COPIED + ". " + own_a + ". " + SECOND + ". More to follow.")
    b = prepare("Coast report. " + COPIED + ". " + own_b + ". " + SECOND + ". End of report.")
    (pair,) = align_pair(a, b, AlignParams())
    copied = len(prepare(COPIED).tokens) + len(prepare(SECOND).tokens)
    assert len(pair.a) == copied + len(own_a.split())
    assert pair.similarity < 1.0


def test_a_line_said_twice_back_to_back_whose_words_recur_inside_it_is_two_whole_copies() -> None:
    """Found by a random search: the two pieces found lay one copy apart but each shifted by the
    line's inner "quay ... quay", and joined they overlapped by four words; as a repeat that was one
    occurrence. The copies are the two lines, 10 words each, after 22 words of filler."""
    filler = " ".join(f"dock{k}" for k in range(22))
    line = "quay quay harbour ferry keel port sail rope quay ferry"
    doc = prepare(f"{filler}\n{line}\n{line}\nstorm528 sail138 port325 rope530")
    (pair,) = align_pair(doc, doc, AlignParams(), same=True)
    assert (pair.a, pair.b, pair.similarity) == (TokenSpan(22, 32), TokenSpan(32, 42), 1.0)


# ------------------------------------------------------------------ edges at sentence ends

_COPY = (
    "The National Oil Corporation said on Monday that production had resumed at the Sharara field "
    "after a two-week shutdown caused by protests, and that exports through the port of Zawiya had "
    "not been seriously affected."
)
_COPY_AR = (
    "أعلنت المؤسسة الوطنية للنفط يوم الاثنين استئناف الإنتاج في حقل الشرارة جنوب غرب البلاد بعد توقف "
    "دام أسبوعين بسبب احتجاجات، وأكدت أن الصادرات عبر ميناء الزاوية لم تتأثر بشكل كبير."
)


def _copied(a: str, b: str) -> list[tuple[str, str]]:
    """The texts of each aligned span pair, as the report gives them."""
    x, y = prepare(a), prepare(b)
    return [
        (a[slice(*x.char_span(p.a.start, p.a.end))], b[slice(*y.char_span(p.b.start, p.b.end))])
        for p in align_pair(x, y, AlignParams())
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            "Fishermen in Misrata are still waiting for the support promised months ago. ",
            "Researchers will begin studying the pottery in the coming months. ",
            id="the-same-word-ends-both-sentences-before",
        ),
        pytest.param(
            "Prices rose sharply in Tripoli, traders at the market said. ",
            "Traders complained that prices in Tripoli remained high. ",
            id="a-clause-with-one-chance-match",
        ),
        pytest.param(
            "Officials gave no details.\n\n", "Nobody else was hurt.\n\n", id="nothing-shared-before"
        ),
    ],
)
def test_a_copy_starts_at_its_sentence_not_at_a_chance_word_before_it(a: str, b: str) -> None:
    """A chance match a sentence before a copied paragraph does not drag the span into that sentence."""
    assert _copied(a + _COPY, b + _COPY) == [(_COPY[:-1], _COPY[:-1])]


def test_an_arabic_copy_starts_at_its_sentence() -> None:
    a = "ورفع المحتجون لافتات تطالب بتسريع صرف الدعم الموعود منذ أشهر.\n" + _COPY_AR
    b = "وسيبدأ فريق من الباحثين دراستها خلال الأشهر المقبلة. " + _COPY_AR
    assert _copied(a, b) == [(_COPY_AR[:-1], _COPY_AR[:-1])]


@pytest.mark.parametrize(
    ("after_a", "after_b"),
    [
        pytest.param("\n\nIn Tripoli, prices rose.", "\n\nIn Benghazi, the port was calm.", id="In"),
        pytest.param("\n\nIt was the first rise.", "\n\nIt was the quietest day.", id="It-was-the"),
        pytest.param(" The port was calm.", " The minister left.", id="The-within-a-line"),
    ],
)
def test_a_copy_ends_at_its_sentence_not_with_the_next_ones_first_words(after_a: str, after_b: str) -> None:
    """Next paragraphs that happen to start alike are not part of the copy."""
    a, b = "Rain fell on Monday. " + _COPY + after_a, "The sun shone all week. " + _COPY + after_b
    assert _copied(a, b) == [(_COPY[:-1], _COPY[:-1])]


def test_an_arabic_copy_ends_before_the_next_paragraphs_clitic() -> None:
    a = "هطلت أمطار غزيرة يوم الاثنين.\n" + _COPY_AR + "\n\nوفي طرابلس ارتفعت الأسعار."
    b = "أشرقت الشمس طوال الأسبوع.\n" + _COPY_AR + "\n\nوفي بنغازي كان الميناء هادئا."
    assert _copied(a, b) == [(_COPY_AR[:-1], _COPY_AR[:-1])]


@pytest.mark.parametrize("lead", ["Mr. ", "U.S. envoy ", "3.5 million people heard that "])
def test_an_abbreviation_or_a_number_at_a_copys_start_is_no_sentence_end(lead: str) -> None:
    """The copy keeps its first words: the full stop in "Mr.", "U.S." or "3.5" ends no sentence."""
    body = lead + "Smith said the new border crossing near Ras Ajdir would open to commercial lorries soon."
    a = "Rain fell on Monday. " + body + " Officials in Tripoli declined to comment."
    b = "The sun shone all week. " + body + " Nobody else spoke."
    assert _copied(a, b) == [(body[:-1], body[:-1])]


def test_words_shared_in_mid_sentence_stay_inside_the_span() -> None:
    """ "… of National Unity on the" where the sentences go on differently: the same words in both,
    kept (a verbatim copy's edges are exact); only a sentence end moves an edge."""
    shared = "according to a statement by the Government of National Unity in Tripoli on the"
    a = f"The order was issued {shared} end of the week, officials said."
    b = f"Fuel prices rose sharply {shared} market traders' account of events."
    assert _copied(a, b) == [(shared, shared)]


def test_two_paragraphs_copied_in_swapped_order_stay_one_whole_pair() -> None:
    """The edges of a block copied in another order face other sentences: their chance matches cut nothing.

    Each paragraph's last sentence has few words matched by the other paragraph's end, and a
    chance match further in is no copy going on from a sentence end.
    """
    first = (
        "The National Oil Corporation said on Monday that production had resumed at the Sharara field "
        "after a two-week shutdown caused by protests. Exports were not affected."
    )
    second = (
        "Residents of Derna said that reconstruction had barely begun two years after the floods, and "
        "that the money promised had reached only a fraction of the families. Many still live in tents."
    )
    a = f"Rain fell.\n\n{first}\n\n{second}\n\nOfficials said nothing."
    b = f"The sun shone.\n\n{second}\n\n{first}\n\nPrices rose."
    assert _copied(a, b) == [(f"{first}\n\n{second[:-1]}", f"{second}\n\n{first[:-1]}")]


def test_a_line_break_on_one_side_only_is_the_copy_laid_out_anew() -> None:
    """The same words before a break that only one side has are copied, not chance (found on PAN 2013)."""
    a = "Rain fell on Monday. Officials said " + _COPY + " Nobody else spoke."
    b = "The sun shone all week.\n\nOfficials said\n" + _COPY + "\n\nPrices rose."
    assert _copied(a, b) == [(f"Officials said {_COPY[:-1]}", f"Officials said\n{_COPY[:-1]}")]


def test_a_copy_ending_in_an_initialism_keeps_it() -> None:
    """ "the U.S." ends no sentence: the end stays where the two texts part."""
    shared = (
        "Negotiators from twelve countries agreed late on Tuesday to extend the fisheries accord with the U.S"
    )
    a, b = f"Rain fell. {shared}. envoy in Tunis.", f"The sun shone. {shared}. team on Monday."
    assert _copied(a, b) == [(shared, shared)]


def test_restatements_said_back_to_back_are_cut_where_their_sentences_start() -> None:
    """ "The ministry said X. The governor said X. The mayor said X." gives three whole sentences.

    Cut every period words from where the words first agree, each copy began two words in and
    ended with the next one's changed words ("… the month. The governor").
    """
    said = " said the new border crossing near Ras Ajdir would open to lorries before the end of the month."
    text = f"Rain fell. The ministry{said} The governor{said} The mayor{said} Nobody else spoke."
    doc = prepare(text)
    found = [
        (text[slice(*doc.char_span(p.a.start, p.a.end))], text[slice(*doc.char_span(p.b.start, p.b.end))])
        for p in align_pair(doc, doc, AlignParams(), same=True)
    ]
    sentences = [f"The {who}{said[:-1]}" for who in ("ministry", "governor", "mayor")]
    assert found == [(sentences[0], sentences[1]), (sentences[1], sentences[2])]


def test_a_line_break_a_pdf_put_before_back_to_back_copies_moves_no_cut() -> None:
    """A line wrapped two words before the first copy is no sentence start: it does not recur one
    period on, as a repeated sentence's start does (found on the seed articles printed to PDF)."""
    said = "including the airbase and the town of Tarhuna which is a heavy blow to the eastern forces."
    text = f"The government said its forces took back\nrecently, {said} – {said} – {said} Nobody else spoke."
    doc = prepare(text)
    found = {
        text[slice(*doc.char_span(span.start, span.end))]
        for p in align_pair(doc, doc, AlignParams(), same=True)
        for span in (p.a, p.b)
    }
    assert found == {said[:-1]}


RULES = (
    "The ministry said the new rules on fishing quotas would take effect in March after a vote in parliament."
)


def _places(doc_text: str, *sentences: str) -> list[tuple[int, int]]:
    """Where each of ``sentences`` stands in ``doc_text``, in characters, without its full stop."""
    places, start = [], 0
    for sentence in sentences:
        start = doc_text.index(sentence, start)
        places.append((start, start + len(sentence) - 1))
        start += len(sentence)
    return places


def _pairs_in_chars(doc: PreparedDoc, pairs: list[SpanPair]) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    return {(doc.char_span(p.a.start, p.a.end), doc.char_span(p.b.start, p.b.end)) for p in pairs}


def test_a_sentence_said_three_times_apart_is_three_copies_when_words_between_chain_them() -> None:
    """Copies with other sentences between are not copies back to back, even when words of those
    sentences ("officials", "said") lie near the copies' diagonal and chain one copy to the next: the
    run was cut every 30 words as if back to back, and each "copy" took in the sentence after it."""
    between = (
        "Port officials said trawler owners had complained about fuel costs for months.",
        "Environmental groups said officials should watch the catches more closely.",
    )
    text = f"Opening words of the story. {RULES} {between[0]} {RULES} {between[1]} {RULES} The end."
    doc = prepare(text)
    places = _places(text, RULES, RULES, RULES)
    found = _pairs_in_chars(doc, align_pair(doc, doc, AlignParams(), same=True))
    assert found <= set(itertools.combinations(places, 2))
    assert {x for pair in found for x in pair} == set(places)


def test_a_sentence_said_three_times_with_a_word_changed_once_is_aligned_whole_each_time() -> None:
    """A sentence with few content words, said three times apart and once with a word changed: copy 1
    with copy 3 and copy 2 with copy 3 share copy 3's columns and formed one cluster, whose chain kept
    one of them; the other was lost, and copy 3 was found from its changed word on only (a repeat of
    three places, the third cut short)."""
    sentence = "It should be understood that most dogs will eat just about anything that they shouldn't."
    changed = sentence.replace("most dogs", "most people")
    text = (
        f"Owners often ask what to feed a puppy. {sentence} The breeder gives each family a sheet of advice. "
        f"{sentence} Puppies should look lively and feed well in their first weeks. {changed} The end."
    )
    doc = prepare(text)
    (finding,) = repeat_findings("a", doc, align_pair(doc, doc, AlignParams(), same=True))
    assert [(o.start, o.end) for o in finding.occurrences] == _places(text, sentence, sentence, changed)


def test_a_chance_word_after_a_copys_end_goes_when_the_copys_last_words_hold_a_changed_one() -> None:
    """ "… picnic areas, beaches and hiking trails. When the temperature" against "… beaches and roads
    trails. Once body temperature": "temperature" is chance across the sentence end. The copy's own
    run back from that end was one word ("trails") before the changed "roads", which read as the copy
    not going on, so the chance word stayed in the span."""
    from reuse.edges import trim_edges

    copy = (
        "Taghkanic State Park offers swimming, camping, cottage rentals, picnic areas, beaches and {} trails."
    )
    a = prepare(copy.format("hiking") + " When the temperature rises")
    b = prepare(copy.format("roads") + " Once body temperature falls")
    a_span, b_span = trim_edges(a, b, TokenSpan(0, len(a.hashes) - 1), TokenSpan(0, len(b.hashes) - 1))
    assert a.char_span(a_span.start, a_span.end) == (0, len(copy.format("hiking")) - 1)
    assert b.char_span(b_span.start, b_span.end) == (0, len(copy.format("roads")) - 1)


def test_a_paragraph_before_a_copy_is_left_out_when_only_chance_words_brought_it_in() -> None:
    """A block of words rare in both documents reached back into the paragraph before a copy ("change",
    "region" matched further on), so the span began "change the region's future.\\n\\nLISBON …" on one
    side and at "LISBON …" on the other. The edges did not face each other, which read as a shuffled
    block's, and the paper's own words were reported as the wire's."""
    from reuse.edges import trim_edges

    wire = (
        "LISBON, Oct 14 (Reuters) - Heavy rain from Storm Aurelia flooded dozens of coastal towns in "
        "southern Portugal on Monday, forcing more than 4,000 people from their homes."
    )
    a_text = "Brief\n\nThe mayor said the plan would change the region's future.\n\n" + wire
    b_text = "Other brief\n\nSomething else was discussed at the board today.\n\n" + wire
    a, b = prepare(a_text), prepare(b_text)
    a_start = next(k for k in range(len(a.hashes)) if a.char_span(k, k + 1)[0] == a_text.index("change"))
    b_start = next(k for k in range(len(b.hashes)) if b.char_span(k, k + 1)[0] == b_text.index("LISBON"))
    a_span, b_span = trim_edges(a, b, TokenSpan(a_start, len(a.hashes)), TokenSpan(b_start, len(b.hashes)))
    assert a.char_span(a_span.start, a_span.end)[0] == a_text.index("LISBON")
    assert b.char_span(b_span.start, b_span.end)[0] == b_text.index("LISBON")


def test_a_paragraph_moved_within_a_copy_stays_in_its_span() -> None:
    """The copy's last paragraph moved up in the other version faces nothing in place at the end, as
    chance words before a copy do; but its words are in the other span, in order: it is copied text
    and stays (a re-filed fire story lost its moved paragraph, 100% of it contained fell to 82%)."""
    from reuse.edges import trim_edges

    first = "Firefighters fought the blaze through the night in the old market district of the city."
    second = "Officials said three shops were destroyed and two people were treated for smoke inhalation."
    moved = "The cause of the fire is not yet known, a spokesman said."
    a = prepare(f"{moved}\n\n{first}\n\n{second}")
    b = prepare(f"{first}\n\n{second}\n\n{moved}")
    whole_a, whole_b = TokenSpan(0, len(a.hashes)), TokenSpan(0, len(b.hashes))
    assert trim_edges(a, b, whole_a, whole_b) == (whole_a, whole_b)


DISCLAIMER = (
    "The views expressed in these updates belong to their contributors and not to the newspaper's editors."
)


def _live_blog(
    entries: int, seed: int, numbered: bool = False, vocabulary: int = 0
) -> tuple[str, list[tuple[int, int]]]:
    """``entries`` entries of made-up words (``numbered``: each after "Update <k>:"), each followed by
    :data:`DISCLAIMER`; its places (its words, without the full stop). Each entry draws 14 of
    ``vocabulary`` made-up words, so that words recur between entries; 0: no word is in two entries."""
    rng = np.random.default_rng(seed)
    syllables = ["ka", "lo", "mi", "ren", "sa", "tu", "vor", "el", "din", "pa", "qui", "zo"]
    if vocabulary:
        words = ["".join(rng.choice(syllables, size=3)) for _ in range(vocabulary)]
        chosen = np.concatenate([rng.choice(words, size=14) for _ in range(entries)])
    else:
        made = sorted(
            {"".join(rng.choice([*syllables, "bex", "fy", "gu"], size=4)) for _ in range(56 * entries)}
        )
        chosen = rng.choice(made, size=14 * entries, replace=False)
    text, places = "", []
    for k in range(entries):
        text += (
            (f"Update {k + 1}: " if numbered else "")
            + " ".join(chosen[14 * k : 14 * (k + 1)]).capitalize()
            + ". "
        )
        places.append((len(text), len(text) + len(DISCLAIMER) - 1))
        text += DISCLAIMER + "\n\n"
    return text, places


@pytest.mark.parametrize("entries", [5, 20, 21, 60])
def test_a_disclaimer_after_every_entry_is_one_repeat_of_all_its_places(entries: int) -> None:
    """A live blog's disclaimer after each of 21 entries: each of its words pairs 21 x 21 = 441 times,
    past ``max_word_pairs`` (400), and was skipped, so the whole repeat was lost (found at 20)."""
    text, places = _live_blog(entries, seed=entries)
    doc = prepare(text)
    (finding,) = repeat_findings("blog", doc, align_pair(doc, doc, AlignParams(), same=True))
    assert [(o.start, o.end) for o in finding.occurrences] == places


def test_a_disclaimer_two_live_blogs_say_after_every_entry_is_found_between_them() -> None:
    """Two blogs with 21 and 25 entries: the disclaimer's words pair 21 x 25 times, past the cap."""
    (text_a, places_a), (text_b, places_b) = _live_blog(21, seed=1), _live_blog(25, seed=2)
    a, b = prepare(text_a), prepare(text_b)
    found = {
        (a.char_span(p.a.start, p.a.end), b.char_span(p.b.start, p.b.end))
        for p in align_pair(a, b, AlignParams())
    }
    assert found
    assert found <= set(itertools.product(places_a, places_b))
    assert {x for x, _ in found} == set(places_a)


def test_a_disclaimer_two_numbered_live_blogs_say_after_every_entry_is_found_at_each_of_its_places() -> None:
    """Each blog's entries start "Update <k>:". The copies in order, with those words between them,
    made one region that read as copies swapped around each side's own text, and of its pieces only
    those meeting fewer than two of the region's copies were kept: each disclaimer met all the other
    side's, so none was, and the two blogs shared nothing (10 and 12 entries: nothing found)."""
    (text_a, places_a), (text_b, places_b) = (
        _live_blog(10, seed=1, numbered=True, vocabulary=3000),
        _live_blog(12, seed=2, numbered=True, vocabulary=3000),
    )
    a, b = prepare(text_a), prepare(text_b)
    pairs = align_pair(a, b, AlignParams())
    assert {b.char_span(p.b.start, p.b.end)[0] for p in pairs} <= {start for start, _ in places_b}
    found = [a.char_span(p.a.start, p.a.end) for p in pairs]
    # each place of A found once, from its start ("Update <k>" after it can match the other's)
    assert sorted(start for start, _ in found) == [start for start, _ in places_a]
    assert all(end >= place_end for (_, end), (_, place_end) in zip(sorted(found), places_a, strict=True))


def _made_up(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct made-up words: texts that share nothing unless built from each other."""
    return [f"w{k}z" for k in rng.choice(50_000, n, replace=False)]


@pytest.mark.parametrize(("pasted", "pairs"), [(108, 2), (45, 2), (20, 1)])
def test_a_paragraph_pasted_into_a_copy_is_left_out_of_its_spans(pasted: int, pairs: int) -> None:
    """A walker's archive: a wire story of 108 words pasted into a copy of an article read as one edited
    passage (similarity 0.74) whose text held the wire story. A paragraph as long as a long passage
    (``long_words``) is the other article's own text: the copy is the words before it and after it.
    A shorter insertion is an edit and stays inside."""
    rng = np.random.default_rng(41)
    story, wire = _made_up(rng, 300), _made_up(rng, pasted)
    a = prepare(" ".join(story))
    b = prepare(" ".join(story[:130] + wire + story[130:]))
    found = align_pair(a, b, AlignParams())
    assert len(found) == pairs
    if pairs == 2:
        assert [(p.a.start, p.a.end, p.b.start, p.b.end) for p in found] == [
            (0, 130, 0, 130),
            (130, 300, 130 + pasted, 300 + pasted),
        ]
        assert all(p.similarity == 1.0 for p in found)
    else:
        ((x, y),) = [(p.a, p.b) for p in found]
        assert (x.start, x.end, y.start, y.end) == (0, 300, 0, 300 + pasted)


def test_a_passage_between_copies_that_the_other_side_holds_keeps_the_copy_whole() -> None:
    """Phrases moved about inside a copy are found in the other side's block: still one passage."""
    rng = np.random.default_rng(43)
    story = _made_up(rng, 300)
    moved = story[200:260]  # said earlier in the copy, and dropped from its place
    a = prepare(" ".join(story))
    b = prepare(" ".join(story[:130] + moved + story[130:200] + story[260:]))
    found = align_pair(a, b, AlignParams())
    assert len(found) == 1
    assert (found[0].a.start, found[0].a.end) == (0, 300)
