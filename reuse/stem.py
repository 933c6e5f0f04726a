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

# Which code points can open a stripped prefix (و ف ب ك ل ا), over the range ا .. و they lie in; the
# extra last entry answers for everything outside it.
_OPENS = np.zeros(_WAW - _ALEF + 2, dtype=np.bool_)
_OPENS[[c - _ALEF for c in (_WAW, _FA, _BA, _KAF, _LAM, _ALEF)]] = True

I64 = npt.NDArray[np.int64]


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
    # Only tokens that open with one of the prefix letters can change (none in Latin text).
    first = cps[tokens.starts].astype(np.int64) - _ALEF
    np.clip(first, -1, _OPENS.size - 1, out=first)  # -1 wraps to the last entry, False like it
    changes = np.flatnonzero(_OPENS[first])
    if changes.size == 0:
        return tokens
    start, length = tokens.starts[changes], tokens.ends[changes] - tokens.starts[changes]
    # The first four characters of each such token, which every rule below reads from. A read past
    # the token's end is harmless: each rule also asks for a length that keeps its reads inside.
    padded = cps if int(start.max()) + 4 <= cps.size else np.append(cps, np.zeros(3, dtype=np.uint32))
    c0, c1, c2, c3 = (padded[start + k] for k in range(4))
    # 1. conjunction و / ف
    conj = ((c0 == _WAW) & (length >= 3)) | ((c0 == _FA) & (length >= 4))
    a, b, c = np.where(conj, c1, c0), np.where(conj, c2, c1), np.where(conj, c3, c2)
    # 2. preposition before the article: ب/ك + ال, or ل + ل (ل + ال with the alef dropped)
    before_article = ((a == _BA) | (a == _KAF)) & (b == _ALEF) & (c == _LAM)
    lam_lam = (a == _LAM) & (b == _LAM)
    prep = (before_article | lam_lam) & (length - conj >= 5)
    # 3. the article ال (or the second ل of لل), keeping at least three letters
    x, y = np.where(prep, b, a), np.where(prep, c, b)
    rest = length - conj - prep
    article = (x == _ALEF) & (y == _LAM) & (rest >= 5)
    lam_left = prep & lam_lam & (rest >= 4) & ~article
    starts = tokens.starts.copy()
    starts[changes] = start + conj + prep + 2 * article + lam_left
    return Tokens(starts, tokens.ends)
