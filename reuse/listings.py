"""Listing pages: a page that holds the starts of other documents, as a site's front page does.

A site's front, section and tag pages list its stories by headline and opening lines, and a crawl of
the site, or a folder of its saved pages, holds both. Read as articles, every front would be reused
text of a dozen stories, and two fronts listing one story reuse of each other: in a crawl of 60 test
articles and 5 fronts, 59 of 80 findings were that. So a document is a **listing** when it holds the
starts of ``listing_docs`` (3) or more other documents, each in a place of its own, each opening
short (``teaser_words``, 60, or fewer, and a third of its story or less), and together a third of the
page or more; those links become one listing finding, as a passage in many documents becomes one
cluster. A listing's links to another listing that meet its teasers (one story's opening lines on
two fronts) go with them, as do its links from a teaser to a passage of another document (an article
that quoted the story's opening lines): the page repeats the story, not the article.

A copy of one story in many papers is no listing: each paper holds the others' starts, but in one
place. Nor is a text that copies the openings of long sources amid its own (reuse), nor one that
copies more than a third of each story. The test is on the text alone: page metadata does not say
which pages are fronts (of 178 real pages, half name no ``og:type``, and fronts and articles both
say ``website`` or ``article``).
"""

from __future__ import annotations

from collections.abc import Sequence

from reuse.models import AlignParams
from reuse.spans import TokenSpan, meets

TEASER_SHARE = 1 / 3
"""The most of a document a listing may hold at its start and still be listing it, not copying it."""
LISTED_SHARE = 1 / 3
"""The least of a listing page its teasers cover: a front is mostly teasers (headlines and "read
more" aside), where a document that copied the openings of long sources among its own text is reuse.
On araplagdet-dev, six suspicious documents hold 40-300-word openings of three sources each, at 4-19%
of their words: plagiarism, not listings."""


def listing_links(
    pages: Sequence[tuple[int, int, TokenSpan, TokenSpan]], lengths: Sequence[int], params: AlignParams
) -> dict[int, list[int]]:
    """Each listing page (document index) and the indices of ``pages`` that set it aside.

    Args:
        pages: Aligned span pairs between different documents: ``(x, y, span in x, span in y)``.
        lengths: Each document's words.
        params: ``listing_docs``, the documents whose starts make a listing; ``lede_words``, how
            far into a document its start may be matched (a dateline the teaser left out); and
            ``teaser_words``, the longest teaser (a headline and a standfirst, two or three sentences).

    >>> teaser = lambda page, at, story: (page, story, TokenSpan(at, at + 30), TokenSpan(0, 30))
    >>> front = [teaser(9, 0, 1), teaser(9, 40, 2), teaser(9, 80, 3)]
    >>> listing_links(front, [400] * 9 + [130], AlignParams())
    {9: [0, 1, 2]}
    >>> wire = [teaser(9, 0, 1), teaser(9, 5, 2), teaser(9, 10, 3)]  # three papers' start, one place
    >>> listing_links(wire, [400] * 9 + [130], AlignParams())
    {}
    >>> listing_links(front, [400] * 9 + [2000], AlignParams())  # openings amid a long text of its own
    {}
    """
    held: dict[int, list[tuple[TokenSpan, int, int]]] = {}  # page -> (its span, the other doc, link)
    for k, (x, y, a, b) in enumerate(pages):
        for page, span, other, other_span in ((x, a, y, b), (y, b, x, a)):
            short = len(other_span) <= min(params.teaser_words, lengths[other] * TEASER_SHARE)
            if other_span.start <= params.lede_words and short:
                held.setdefault(page, []).append((span, other, k))
    listings: dict[int, list[int]] = {}
    taken = set[int]()  # a link two listings share is the first's
    for page, starts in sorted(held.items()):
        listed, end, covered = set[int](), -1, 0
        for span, other, _ in sorted(starts, key=lambda s: (s[0].start, s[0].end, s[1])):
            if span.start >= end and other not in listed:
                listed.add(other)
                end, covered = span.end, covered + len(span)
        if len(listed) >= params.listing_docs and covered >= lengths[page] * LISTED_SHARE:
            listings[page] = sorted({k for _, _, k in starts} - taken)
            taken.update(listings[page])
    teasers = {
        page: [pages[k][2] if pages[k][0] == page else pages[k][3] for k in links]
        for page, links in listings.items()
    }
    for k, (x, y, a, b) in enumerate(pages):  # a teaser met elsewhere: on another front, in a quote
        if (x in listings or y in listings) and k not in taken:
            for page, span in ((x, a), (y, b)):
                if page in listings and any(meets(span, t) for t in teasers[page]):
                    listings[page].append(k)
                    break
    return listings
