from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse.normalize import NormalizedText, normalize
from reuse.tokenize import Tokens, tokenize, tokenize_code_points, tokenize_regex


def _spans(tokens: Tokens) -> list[tuple[int, int]]:
    return list(zip(tokens.starts.tolist(), tokens.ends.tolist(), strict=True))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("   \n\t ", [], id="only-space"),
        pytest.param("«»،؛؟!...—", [], id="only-punctuation"),
        pytest.param("قال الوزير إن الحكومة", ["قال", "الوزير", "ان", "الحكومه"], id="arabic"),
        pytest.param("كَتَبَ الطُّلَّابُ", ["كتب", "الطلاب"], id="arabic-marks-do-not-split"),
        pytest.param("The cat's hat, they said.", ["the", "cat", "s", "hat", "they", "said"], id="english"),
        pytest.param("عام ٢٠١٥ و۱۳۹۹ and 3.14", ["عام", "2015", "و1399", "and", "3", "14"], id="digits"),
        pytest.param("COVID-19 كوفيد19", ["covid", "19", "كوفيد19"], id="mixed-scripts"),
        pytest.param("الأمم«المتحدة»(UN)،2015م", ["الامم", "المتحده", "un", "2015م"], id="punctuation-glued"),
        pytest.param("a\u200db\u200fc", ["abc"], id="format-controls-dropped"),
        pytest.param("東京 2020 😀 ok", ["東京", "2020", "ok"], id="cjk-and-emoji"),
        pytest.param("x²³ ½ Ⅻ", ["x23", "1", "2", "xii"], id="compatibility-numbers"),
        pytest.param("ﻻ ﷺ", ["لا", "صلي", "الله", "عليه", "وسلم"], id="presentation-forms"),
    ],
)
def test_tokenize_matches_regex_reference(text: str, words: list[str]) -> None:
    normalized = normalize(text).text
    fast, reference = tokenize(normalized), tokenize_regex(normalized)
    assert _spans(fast) == _spans(reference)
    assert fast.words(normalized) == words


def test_tokenize_code_points_agrees_with_tokenize() -> None:
    from reuse.normalize import code_points

    text = normalize("Breaking: «السلام» 2024").text
    assert _spans(tokenize_code_points(code_points(text))) == _spans(tokenize(text))


def test_token_arrays_are_int64() -> None:
    tokens = tokenize(NormalizedText("ab cd"))
    assert tokens.starts.dtype.name == tokens.ends.dtype.name == "int64"
    assert len(tokens) == 2


MIXED_UNICODE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic, with marks and digits
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),  # Arabic presentation forms
        st.characters(min_codepoint=0x20, max_codepoint=0x24F),  # Latin, punctuation, accents
        st.characters(min_codepoint=0x2000, max_codepoint=0x2BFF),  # punctuation, symbols, numbers
        st.characters(codec="utf-8"),  # anything encodable, surrogates excluded
    ),
    max_size=100,
)


@settings(max_examples=300, deadline=None)
@given(MIXED_UNICODE)
def test_vectorised_tokenizer_equals_regex_on_random_text(text: str) -> None:
    normalized = normalize(text).text
    assert _spans(tokenize(normalized)) == _spans(tokenize_regex(normalized))
