"""A site's crawl with its fronts: what listing pages change in a scan's findings.

60 news-like stories (``corpus.make_corpus``, which plants reuse among them) as article pages
(``tests/newsroom.py``), and five fronts listing 10-20 of them by headline and opening lines, all in
one ``.warc.gz``. The crawl is scanned without listings (``listing_docs`` past any page) and with
them, and the stories' own findings are compared with a scan of the stories alone.

``python benchmarks/site_fronts.py`` prints the counts the README states.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from corpus import make_corpus  # noqa: E402
from newsroom import crawl, front_page, news_page  # noqa: E402

from reuse.io import read_inputs  # noqa: E402
from reuse.models import AlignParams, Finding  # noqa: E402
from reuse.pipeline import scan  # noqa: E402

SITE = "https://news.example.ly"
FRONTS = {"home": range(40, 60), "economy": range(15), "politics": range(15, 30), "sport": range(30, 45)}
FRONTS["tag-libya"] = range(0, 60, 6)


def write_site(folder: Path, stories: int = 60) -> tuple[Path, Path]:
    """The crawl with its fronts, and the crawl of the stories alone."""
    texts = make_corpus(stories, seed=3, words=(350, 450)).texts
    html = {"Content-Type": "text/html; charset=utf-8"}
    urls = [f"{SITE}/stories/{k}.html" for k in range(stories)]
    pages = [
        (url, news_page(text, title=" ".join(text.split()[:6]), seed=k, url=url).encode(), html)
        for k, (url, text) in enumerate(zip(urls, texts, strict=True))
    ]
    fronts = [
        (f"{SITE}/{name}/", front_page([(urls[k], texts[k]) for k in listed], name=name).encode(), html)
        for name, listed in FRONTS.items()
    ]
    site, alone = folder / "site.warc.gz", folder / "stories.warc.gz"
    site.write_bytes(crawl(pages + fronts))
    alone.write_bytes(crawl(pages))
    return site, alone


def _key(f: Finding, rename: tuple[str, str] = ("", "")) -> tuple[object, ...]:
    docs = tuple(d.replace(*rename) for d in f.docs)
    return (f.kind, docs, tuple((o.start, o.end) for o in f.occurrences), f.boilerplate)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site, alone = write_site(Path(tmp))
        documents = read_inputs([str(site)]).documents
        fronts = {f"{site}#{SITE}/{name}/" for name in FRONTS}
        before = scan(documents, params=AlignParams(listing_docs=10**9)).findings
        after = scan(documents).findings
        stories = scan(read_inputs([str(alone)]).documents).findings

        def with_fronts(found: tuple[Finding, ...]) -> int:
            return sum(any(d in fronts for d in f.docs) for f in found)

        print(f"{len(documents)} documents ({len(fronts)} fronts)")
        print(f"without listings: {len(before)} findings, {with_fronts(before)} of them with a front")
        kinds = dict(
            sorted(Counter(f.kind + (" (boilerplate)" if f.boilerplate else "") for f in after).items())
        )
        print(f"with listings: {len(after)} findings, {with_fronts(after)} with a front: {kinds}")
        among = [_key(f) for f in after if not any(d in fronts for d in f.docs)]
        alone_keys = [_key(f, (str(alone), str(site))) for f in stories]
        same = among == alone_keys
        print(f"findings among the stories: {len(among)}; the stories alone: {len(alone_keys)}; same: {same}")
        for f in after:
            if f.kind != "listing" and any(d in fronts for d in f.docs):
                where = [d.rsplit("#", 1)[-1] for d in f.docs]
                print(f"  left with a front: {f.kind}, {f.words} words, {where}")


if __name__ == "__main__":
    main()
