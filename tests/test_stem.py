from __future__ import annotations

import pytest

from reuse.normalize import code_points, normalize
from reuse.stem import strip_clitics
from reuse.tokenize import tokenize


def stem(word: str) -> str:
    text = normalize(word).text
    return strip_clitics(code_points(text), tokenize(text)).words(text)[0]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        pytest.param("وفي", "في", id="waw-on-three-letters"),
        pytest.param("وعقدت", "عقدت", id="waw-conjunction"),
        pytest.param("فقال", "قال", id="fa-conjunction"),
        pytest.param("فاز", "فاز", id="short-fa-word-kept"),
        pytest.param("المدينة", "مدينه", id="article"),
        pytest.param("بالمدينة", "مدينه", id="ba-article"),
        pytest.param("كالبحر", "بحر", id="kaf-article"),
        pytest.param("للمدرسة", "مدرسه", id="lam-lam"),
        pytest.param("والكتاب", "كتاب", id="waw-article"),
        pytest.param("الله", "الله", id="short-article-word-kept"),
        pytest.param("لبنان", "لبنان", id="lam-root-letter-kept"),
        pytest.param("كتابهم", "كتابهم", id="suffixes-kept"),
        pytest.param("world", "world", id="latin-untouched"),
    ],
)
def test_strip_clitics(word: str, expected: str) -> None:
    assert stem(word) == expected
