from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pytest
from conftest import FIXTURES, read_text

import reuse.prepare
from reuse.normalize import code_points, normalize
from reuse.prepare import _SEPARATOR, SPELLING_VARIANTS, PreparedDoc, _StopwordTable, prepare, prepare_batch
from reuse.shingle import token_hashes
from reuse.stem import strip_clitics
from reuse.stopwords import EVERY_DOCUMENTS, LANGUAGES, stopword_lists
from reuse.tokenize import Tokens, tokenize, tokenize_code_points

TEXTS = [read_text(p) for p in sorted(FIXTURES.glob("*.txt"))] + ["", " ", "ـ\u064b", "\r\nﻻ ﷺ\r\n"]
TEXTS += [  # a document of each language with a stop list, and one torn between two
    "Der Minister sagte, dass die Fischer nicht mehr in den Hafen zurückkehren würden.",
    "Le ministre a dit que les pêcheurs ne reviendraient pas au port avant l’été.",
    "El ministro dijo que los pescadores no volverán al puerto hasta el verano.",
    "Il ministro ha detto che i pescatori non torneranno al porto prima dell’estate.",
    "O ministro disse que os pescadores não voltarão ao porto antes do verão.",
    "De minister zei dat de vissers niet voor de zomer naar de haven terugkeren.",
    "Bakan, balıkçıların yazdan önce limana dönmeyeceğini söyledi ve bu çok önemli.",
    "Министр заявил, что рыбаки не вернутся в порт до лета, и это очень важно.",
    "Menteri mengatakan bahwa para nelayan tidak akan kembali ke pelabuhan sebelum musim panas.",
    "die war und the war",
    "خفضت الدعم عشرين في المائة وفي المئة لمائتين ومائتي ثلاثمائة مائدة المائية",
    'He said: "Mr. Ali met U.S. envoys 3.5 km away." Then?\nYes! «كلا»؟ نعم. Dr. Omar left (at noon.) End',
]


def _stopword_hashes(words: frozenset[str]) -> npt.NDArray[np.uint64]:
    cps = code_points(" ".join(sorted(words)))
    return token_hashes(cps, strip_clitics(cps, tokenize_code_points(cps)))


def _spelt_as_usual(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Each variant spelling's word hash as its usual spelling's, word by word in plain Python."""

    def one(word: str) -> int:
        cps = code_points(normalize(word).text)
        (hashed,) = token_hashes(cps, strip_clitics(cps, tokenize_code_points(cps))).tolist()
        return int(hashed)

    usual = {one(variant): one(spelling) for variant, spelling in SPELLING_VARIANTS}
    return np.array([usual.get(h, h) for h in hashes.tolist()], dtype=np.uint64)


def _stop_hashes_of(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The stop words of a document of these word hashes, language by language in plain Python:
    every document's, and those of the language whose list holds most of its words (first on a tie)."""
    lists = {language: set(_stopword_hashes(words).tolist()) for language, words in stopword_lists().items()}
    held = {language: sum(h in lists[language] for h in hashes.tolist()) for language in LANGUAGES}
    chosen = max(LANGUAGES, key=lambda language: held[language])
    return np.array(sorted(set().union(*(lists[x] for x in (*EVERY_DOCUMENTS, chosen)))), dtype=np.uint64)


def _one_by_one(text: str) -> PreparedDoc:
    """What preparing one document was before batches: each step on its own text, each word placed
    in the original by the per-character offset map."""
    normalized = normalize(text)
    cps = code_points(normalized.text)
    tokens = tokenize(normalized.text)
    hashes = _spelt_as_usual(token_hashes(cps, strip_clitics(cps, tokens)))
    content = ~np.isin(hashes, _stop_hashes_of(hashes)) & (tokens.ends - tokens.starts > 1)
    starts = normalized.offsets[tokens.starts].astype(np.int64)
    ends = normalized.ends[tokens.ends - 1].astype(np.int64)
    return PreparedDoc(Tokens(starts, ends), hashes, content, _breaks(normalized.text, tokens, hashes))


_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "mt",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
}
_ABBREVIATIONS |= {
    "rep",
    "jr",
    "sr",
    "vs",
    "etc",
    "inc",
    "co",
    "corp",
    "ltd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
}
_ABBREVIATIONS |= {"jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def _breaks(text: str, tokens: Tokens, hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.int8]:
    """What follows each word, by regular expression: 2 a line break, 1 a sentence end, else 0."""
    out = []
    abbreviations = set(_stopword_hashes(frozenset(_ABBREVIATIONS)).tolist())
    for k, (start, end) in enumerate(zip(tokens.starts.tolist(), tokens.ends.tolist(), strict=True)):
        gap = text[end : tokens.starts[k + 1] if k + 1 < len(tokens) else len(text)]
        rest = text[end:]
        if re.search(r"[\n\r\v\f\x85\u2028\u2029]", gap):
            out.append(2)
        elif (
            end - start > 1
            and int(hashes[k]) not in abbreviations
            and any(
                re.match(r"[.!?\u061f\u06d4\u3002][\"')\]}»”’›]?(\s|$)", rest[m.start() :])
                for m in re.finditer(r"[.!?\u061f\u06d4\u3002]", gap)
            )
        ):
            out.append(1)
        else:
            out.append(0)
    return np.array(out, dtype=np.int8)


def _arrays(doc: PreparedDoc) -> list[npt.NDArray[np.generic]]:
    t = doc.tokens
    return [t.starts, t.ends, doc.hashes, doc.content, doc.content_positions, doc.breaks]


@pytest.mark.parametrize("batch_chars", [1, 500, 1 << 16])
def test_batch_equals_each_document_alone(batch_chars: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reuse.prepare, "_BATCH_CHARS", batch_chars)
    batch = prepare_batch(TEXTS)
    for text, doc in zip(TEXTS, batch, strict=True):
        for want in (prepare(text), _one_by_one(text)):
            for got_array, want_array in zip(_arrays(doc), _arrays(want), strict=True):
                assert got_array.dtype == want_array.dtype
                assert np.array_equal(got_array, want_array)
        if len(doc.tokens):
            assert doc.char_span(0, len(doc.tokens)) == want.char_span(0, len(want.tokens))


def test_fixture_spans_slice_the_original_words() -> None:
    doc = prepare_batch(TEXTS)[0]
    text = TEXTS[0]
    reference = normalize(text)
    words = tokenize(reference.text).words(reference.text)
    assert len(words) == len(doc.tokens)
    for k, word in enumerate(words):
        start, end = doc.char_span(k, k + 1)
        assert normalize(text[start:end]).text == word


def test_a_word_after_an_expanding_character_is_placed_in_the_original() -> None:
    # "ﻻ" is one character that normalises to two ("لا"): the words after it keep their places.
    doc = prepare_batch(["plain text", "ﻻ here", "قالَ"])
    assert doc[1].tokens.words("ﻻ here") == ["ﻻ", "here"]
    assert doc[2].char_span(0, 1) == (0, 4)  # the dropped fatha belongs to the word


def test_batch_of_nothing() -> None:
    assert prepare_batch([]) == []


def test_separator_stays_and_splits_words() -> None:
    assert normalize(_SEPARATOR).text == _SEPARATOR
    assert len(tokenize_code_points(code_points(_SEPARATOR))) == 0


def test_stopword_table_is_exact() -> None:
    stops = np.array([3, 17, 1 << 40, (1 << 64) - 1], dtype=np.uint64)
    languages = np.array([1, 2, 6, 256], dtype=np.uint16)
    table = _StopwordTable(stops, languages)
    others = np.random.default_rng(0).integers(0, 1 << 63, 10_000, dtype=np.uint64)
    probes = np.concatenate([stops, others, table.table, table.table ^ np.uint64(1)])
    expected = [int(languages[stops.tolist().index(p)]) if p in stops else 0 for p in probes.tolist()]
    assert table.languages(probes).tolist() == expected


def test_a_documents_own_languages_function_words_are_no_evidence_and_another_languages_are() -> None:
    """German function words are set aside in German text only: in English, "war", "die" and "man"
    are words like any other, and "der" in an English sentence is evidence too."""
    german = prepare("Der Krieg war lang, und die Leute sagten, man habe nichts gewusst.")
    text = "The war was long, and the people who die there, a man said, knew der Spiegel."
    english = prepare(text)
    assert german.tokens.words("Der Krieg war lang, und die Leute sagten, man habe nichts gewusst.") == [
        "Der", "Krieg", "war", "lang", "und", "die", "Leute", "sagten", "man", "habe", "nichts", "gewusst",
    ]  # fmt: skip
    assert german.content.tolist() == [0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1]
    kept = [w for w, c in zip(english.tokens.words(text), english.content.tolist(), strict=True) if c]
    assert kept == ["war", "long", "people", "die", "man", "knew", "der", "Spiegel"]
    arabic = prepare("قال الوزير في المؤتمر إن الصيادين لن يعودوا")
    assert arabic.content.tolist() == [False, True, False, True, False, True, False, True]
