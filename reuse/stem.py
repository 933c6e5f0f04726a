"""Light Arabic clitic stripping, so "وفي" matches "في" and "بالمدينة" matches "المدينة".

Rewriters add and drop proclitics freely (و "and", ف "so", ب/ل/ك before the article) and the article
ال itself; the word underneath is the evidence of reuse. We strip, on the normalised text:

1. a leading و from words of 3+ letters (وفي → في), ف from words of 4+ (many short words start with ف);
2. then ب, ك or ل when the article follows (بال، كال، and لل, where ل+ال lost its alef);
3. then the article ال (or the ل left of لل) from words that keep 3+ letters.

Suffixes (pronouns ه ها هم …) are kept: after ة → ه normalisation a suffix rule would merge unrelated
words. The rules act on token *ranges*, so spans still cover the whole original word.

Why not a library: pyarabic offers per-string normalisation that :mod:`reuse.normalize` already does
vectorised, and no stemmer; Tashaphyne and ISRI (nltk) are per-word Python stemmers, slower, and
root-level stemming conflates far more than reuse detection wants; camel-tools needs data downloads.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from reuse.tokenize import Tokens

_WAW, _FA, _BA, _KAF, _LAM, _ALEF = (ord(c) for c in "وفبكلا")


I64 = npt.NDArray[np.int64]


def _at(cps: npt.NDArray[np.uint32], index: I64, end: I64) -> I64:
    """Code point at ``index`` where it lies before ``end`` (else -1), for every token at once."""
    inside = index < end
    return np.where(inside, cps[np.minimum(index, cps.size - 1)].astype(np.int64), -1)


def strip_clitics(cps: npt.NDArray[np.uint32], tokens: Tokens) -> Tokens:
    """Narrow each token's range to the word without its Arabic proclitics and article.

    >>> from reuse.normalize import code_points, normalize
    >>> from reuse.tokenize import tokenize
    >>> text = normalize("وفي بالمدينة للمدرسة والكتاب فاز الله").text
    >>> stems = strip_clitics(code_points(text), tokenize(text))
    >>> stems.words(text)
    ['في', 'مدينه', 'مدرسه', 'كتاب', 'فاز', 'الله']
    """
    if cps.size == 0 or len(tokens) == 0:
        return tokens
    start, end = tokens.starts.copy(), tokens.ends
    # 1. conjunction و / ف
    first = _at(cps, start, end)
    conj = ((first == _WAW) & (end - start >= 3)) | ((first == _FA) & (end - start >= 4))
    start = start + conj
    # 2. preposition before the article: ب/ك + ال, or ل + ل (ل + ال with the alef dropped)
    first, second, third = _at(cps, start, end), _at(cps, start + 1, end), _at(cps, start + 2, end)
    before_article = ((first == _BA) | (first == _KAF)) & (second == _ALEF) & (third == _LAM)
    lam_lam = (first == _LAM) & (second == _LAM)
    prep = (before_article | lam_lam) & (end - start >= 5)
    start = start + prep
    # 3. the article ال (or the second ل of لل), keeping at least three letters
    first, second = _at(cps, start, end), _at(cps, start + 1, end)
    article = (first == _ALEF) & (second == _LAM) & (end - start >= 5)
    lam_left = prep & lam_lam & (end - start >= 4)
    start = start + np.where(article, 2, 0) + np.where(lam_left & ~article, 1, 0)
    return Tokens(start, end)
