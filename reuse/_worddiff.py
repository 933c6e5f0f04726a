"""Word-level edits between two passages, for the HTML report's side-by-side view.

Words are compared exactly as the matcher compares them: each passage goes through
:func:`reuse.prepare.prepare` (normalisation, tokenisation, clitic stripping, token hashes), so the
page marks as changed only words the matcher counted as different (وفي/في, إنّ/إن, ٣/3 are equal).
The edits keep offsets into the *original* passages, so the page shows what the documents actually say.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

from reuse.prepare import PreparedDoc, prepare

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


def _word_spans(doc: PreparedDoc) -> list[tuple[int, int]]:
    """Original-text range of each token: the whole word, clitics and diacritics included."""
    return [doc.char_span(k, k + 1) for k in range(len(doc.tokens))]


def words(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the words of ``text``, as the matcher splits it.

    >>> words("قال: وقد ذهبَ")
    [(0, 3), (5, 8), (9, 13)]
    """
    return _word_spans(prepare(text))


def word_diff(a: str, b: str) -> tuple[list[Edit], list[Edit]]:
    """Edits of ``a`` and of ``b``: what to mark on each side of a finding.

    Matching words get no edit (the whole passage is highlighted as reused already). Two words match
    when the matcher gives them the same hash, so a clitic or a diacritic is not an edit:

    >>> word_diff("وفي المدينة إنّ ٣", "في المدينه إن 3")
    ([], [])
    >>> ea, eb = word_diff("وقد قال الوزير", "و قال الوزيرُ")
    >>> [("وقد قال الوزير"[e.start:e.end], e.op, e.other) for e in ea]
    [('وقد', 'chg', 'و')]
    >>> [(e.start, e.end, e.op) for e in eb]
    [(0, 1, 'chg')]
    >>> word_diff("a b c", "a c")
    ([Edit(start=2, end=3, op='del', other='')], [])
    """
    da, db = prepare(a), prepare(b)
    if len(da.tokens) > MAX_WORDS or len(db.tokens) > MAX_WORDS:
        return [], []
    wa, wb = _word_spans(da), _word_spans(db)
    # autojunk would treat frequent words (و, the) as junk in long passages and misalign the rest.
    matcher = SequenceMatcher(None, da.hashes.tolist(), db.hashes.tolist(), autojunk=False)
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
