"""Function words that carry no evidence of reuse on their own.

They are left out of window sketches and of the word matches the aligner seeds on (a shared
"في" or "the" says nothing), but they stay in the spans and in the similarity. The lists are short
and fixed: one default for every corpus. Forms are written naturally and normalised on load, so
they follow :mod:`reuse.normalize`'s rules (``إلى`` and ``الى`` are the same entry).
"""

from __future__ import annotations

from functools import cache

_ARABIC = """
في من على إلى الى عن أن ان إن إنه انه أنه هذا هذه هذان ذلك تلك التي الذي الذين اللذين اللتين اللواتي
و ف ب ل ك ما لا لم لن قد كان كانت كانوا يكون تكون مع كل بين بعد قبل عند عندما حتى أو او أم ثم هو هي
هم هما هن نحن أنا انا أنت انت أنتم له لها لهم لنا لي به بها بهم فيه فيها فيهم منه منها منهم عليه عليها
عليهم إليه اليه إليها إليهم كما أي غير بعض ومن وفي وعلى وإلى وعن وأن وان وإن وهو وهي وهم ولا ولم ولن وقد
وكان وكانت ومع وكل وبين وبعد وقبل وعند وحتى وما ولكن لكن لقد حيث منذ خلال ضد نحو دون أمام فقط جدا عبر
لدى إذا اذا إذ لو أيضا ايضا هناك هنا ذات ذو يا أما بل قال وقال قالت وقالت أكثر اكثر أقل كذلك لذلك التى
الا إلا أحد احد سوف سيكون مثل وأيضا ثلاثة اثنين أول اول آخر اخر عام حول لأن لان فإن فان وذلك هذا بأن بان
"""

_ENGLISH = """
a an the and or but if then else of to in on at by for with from as into onto about over under than
is are was were be been being am do does did done have has had having it its it's this that these those
i me my we our us you your he him his she her they them their what which who whom whose when where why
how not no nor so too very can could will would shall should may might must also just only both each
few more most other some such own same all any there here up down out off again further once s t
said says mr mrs ms one two new
"""


@cache
def stopwords() -> frozenset[str]:
    """The normalised stop words of every language we know.

    >>> "الي" in stopwords() and "the" in stopwords()
    True
    """
    from reuse.normalize import normalize

    words = (_ARABIC + _ENGLISH).split()
    return frozenset(normalize(word).text for word in words)
