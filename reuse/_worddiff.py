"""Word-level edits between two passages, for the HTML report's side-by-side view.

Words are compared after a light normalisation (Arabic diacritics and tatweel dropped, alef, yeh and
teh marbuta variants unified, case folded) so that spelling noise does not hide the real edits; the
edits keep offsets into the *original* passages so the page shows what the documents actually say.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

# A word: letters/digits plus the Arabic marks and tatweel that stdlib ``\w`` would split a word at.
_WORD = re.compile(r"[\w\u0610-\u061A\u0640\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]+")
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "\u0640": None}
    | {chr(c): None for c in range(0x064B, 0x0653)}
)
MAX_WORDS = 5000
"""Longer passages are not diffed (SequenceMatcher is quadratic at worst); they show as one match."""


class Edit(NamedTuple):
    """Words ``[start, end)`` of one passage that the other passage lacks or has differently.

    ``op`` is ``"del"`` (only in A), ``"ins"`` (only in B) or ``"chg"`` (replaced); ``other`` is the
    counterpart's original text for ``"chg"``, so the page can show it on hover.
    """

    start: int
    end: int
    op: str
    other: str = ""


def normalise(word: str) -> str:
    """Comparison key of a word, so ``أحمد``/``احمد`` and ``The``/``the`` count as the same word.

    >>> normalise("أَحْمَدُ") == normalise("احمد"), normalise("مدرسة") == "مدرسه", normalise("The")
    (True, True, 'the')
    """
    return word.translate(_FOLD).casefold()


def words(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the words of ``text``; punctuation and spaces between them are not words.

    >>> words("قال: وقد ذهبَ")
    [(0, 3), (5, 8), (9, 13)]
    """
    return [m.span() for m in _WORD.finditer(text)]


def word_diff(a: str, b: str) -> tuple[list[Edit], list[Edit]]:
    """Edits of ``a`` and of ``b``: what to mark on each side of a finding.

    Matching words get no edit (the whole passage is highlighted as reused already).

    >>> ea, eb = word_diff("وقد قال الوزير", "و قال الوزيرُ")
    >>> [("وقد قال الوزير"[e.start:e.end], e.op, e.other) for e in ea]
    [('وقد', 'chg', 'و')]
    >>> [(e.start, e.end, e.op) for e in eb]
    [(0, 1, 'chg')]
    >>> word_diff("a b c", "a c")
    ([Edit(start=2, end=3, op='del', other='')], [])
    """
    wa, wb = words(a), words(b)
    if len(wa) > MAX_WORDS or len(wb) > MAX_WORDS:
        return [], []
    ka = [normalise(a[s:e]) for s, e in wa]
    kb = [normalise(b[s:e]) for s, e in wb]
    # autojunk would treat frequent words (و, the) as junk in long passages and misalign the rest.
    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    edits_a: list[Edit] = []
    edits_b: list[Edit] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        span_a = (wa[i1][0], wa[i2 - 1][1]) if i2 > i1 else None
        span_b = (wb[j1][0], wb[j2 - 1][1]) if j2 > j1 else None
        if op == "replace" and span_a and span_b:
            edits_a.append(Edit(*span_a, "chg", b[span_b[0] : span_b[1]]))
            edits_b.append(Edit(*span_b, "chg", a[span_a[0] : span_a[1]]))
        elif op == "delete" and span_a:
            edits_a.append(Edit(*span_a, "del"))
        elif op == "insert" and span_b:
            edits_b.append(Edit(*span_b, "ins"))
    return edits_a, edits_b
