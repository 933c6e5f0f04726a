from __future__ import annotations

import pytest

from reuse.normalize import code_points, normalize, normalize_code_points


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("أحمد إبراهيم آمنة ٱلكتاب", "احمد ابراهيم امنه الكتاب", id="alef-variants"),
        pytest.param("مؤتمر رئيس ﺋ", "مءتمر رءيس ء", id="hamza-seats-are-the-hamza"),
        pytest.param("مسؤول مسئول الشؤون الشئون", "مسءول مسءول الشءون الشءون", id="egyptian-and-other-seats"),
        pytest.param("مستشفى", "مستشفي", id="alef-maqsura"),
        pytest.param("مدرسة", "مدرسه", id="ta-marbuta"),
        pytest.param("كَتَبَ الطُّلَّابُ", "كتب الطلاب", id="tashkeel-and-shadda"),
        pytest.param("جـــميل", "جميل", id="tatweel"),
        pytest.param("عام ٢٠١٥ و۱۳۹۹", "عام 2015 و1399", id="arabic-indic-and-persian-digits"),
        pytest.param("ﻻ", "لا", id="lam-alef-ligature"),
        pytest.param("Straße CAFÉ", "strasse cafe", id="casefold-and-accents"),
        pytest.param("ａｂｃ１", "abc1", id="fullwidth"),
        pytest.param("a\u200fb\u202ec", "abc", id="bidi-and-format-controls"),
        pytest.param("الذی یکون فی کتاب", "الذي يكون في كتاب", id="persian-keyboard-ya-and-kaf"),
        pytest.param("ﯼ ﮎ", "ي ك", id="persian-ya-and-kaf-presentation-forms"),
        pytest.param("خانۀ بھی کہ ہے صلوۃ", "خانه بهي كه هے صلوه", id="persian-and-urdu-ha"),
        pytest.param("می\u200cشود", "ميشود", id="persian-zero-width-non-joiner"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_offsets_point_into_original() -> None:
    original = "قالَ: «الأُمَمُ المتحدة»"
    n = normalize(original)
    assert len(n.offsets) == len(n.text) + 1
    for k, char in enumerate(n.text):
        source = original[n.offsets[k]]
        assert normalize(source).text == char or char in normalize(source).text


def test_span_keeps_trailing_marks() -> None:
    original = "سلامٌ عليكم"
    n = normalize(original)
    word_end = n.text.index(" ")
    start, end = n.original_span(0, word_end)
    assert original[start:end] == "سلامٌ"


def test_expansion_maps_back_to_one_character() -> None:
    original = "xﷺy"
    n = normalize(original)
    y = n.text.index("y")
    assert n.original_span(1, y) == (1, 2)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("plain", id="identity"),
        pytest.param("a\u064bb", id="dropped-mark"),
        pytest.param("a\u064bb\ufdfa", id="dropped-and-expanding"),
        pytest.param("\u0640\u064b", id="nothing-kept"),
    ],
)
def test_code_points_path_equals_normalize(text: str) -> None:
    out, offsets, ends = normalize_code_points(code_points(text))
    n = normalize(text)
    assert out.tobytes().decode("utf-32-le") == n.text
    assert offsets.tolist() == n.offsets.tolist()
    assert (offsets[1:] if ends is None else ends).tolist() == n.ends.tolist()
    assert (ends is None) == ("\ufdfa" not in text)  # only an expansion needs ends of their own


def test_a_copy_that_moved_its_hamzas_to_the_other_seat_is_found_whole() -> None:
    """An Egyptian paper's مسئول, شئون and رئيس-style seats against another's مسؤول and شؤون: under
    reuse-norm/2 (ؤ → و, ئ → ي) each changed word broke the copy, and its span lost the words around it."""

    gulf = (
        "وقال مسؤول في وزارة الشؤون الاجتماعية إن المسؤولين عن ملف الشؤون الإنسانية سيجتمعون مع "
        "رؤساء البلديات يوم الأحد المقبل لبحث أوضاع الأسر النازحة في المدن الساحلية"
    )
    egyptian = gulf.replace("ؤ", "ئ")
    assert egyptian.count("ئ") == 5
    assert _found_between_other_sentences(gulf, egyptian) == ([gulf, egyptian], 1.0)


def _found_between_other_sentences(source: str, copy: str) -> tuple[list[str], float]:
    """The one finding's passages and similarity, ``source`` and ``copy`` amid sentences of their own."""
    from reuse.models import Document
    from reuse.pipeline import scan

    docs = [
        Document("a", f"أمطار غزيرة في المدينة. {source}. وانتهى الاجتماع."),
        Document("b", f"ارتفاع أسعار الخبز في الأسواق. {copy}. ولم يصدر تعليق."),
    ]
    (finding,) = scan(docs, workers=1).findings
    return [
        doc.text[o.start : o.end] for doc, o in zip(docs, finding.occurrences, strict=True)
    ], finding.similarity


@pytest.mark.parametrize(
    ("said", "old", "new"),
    [
        pytest.param("خفضت الدعم بنسبة عشرين في {}", "المائة", "المئة", id="per-cent"),
        pytest.param("ستصرف مساعدات لأكثر من {} ألف أسرة", "ثلاثمائة", "ثلاثمئة", id="compound"),
        pytest.param("أنفقت {} مليون دينار", "مائتين", "مئتين", id="dual"),
    ],
)
def test_a_copy_that_spells_hundred_without_its_alef_is_found_whole(said: str, old: str, new: str) -> None:
    """مائة and مئة are one word in two spellings: under reuse-prep/3 the copy read as edited there."""

    sentence = (
        f"وقال وزير المالية في مؤتمر صحفي عقده في العاصمة إن الحكومة {said} خلال الأشهر الستة "
        "المقبلة في جميع المحافظات الجنوبية والشرقية"
    )
    source, copy = sentence.format(old), sentence.format(new)
    assert _found_between_other_sentences(source, copy) == ([source, copy], 1.0)


def test_the_alef_of_other_words_with_hundreds_letters_stays() -> None:
    """مائدة (a table) and المائية (aquatic) are not hundreds: no rule takes their alef."""
    from reuse.prepare import prepare

    for word, other in (("مائدة", "مئدة"), ("المائية", "المئية"), ("ماء", "مء")):
        first, second = prepare(word).hashes, prepare(other).hashes
        assert first.tolist() != second.tolist(), word
