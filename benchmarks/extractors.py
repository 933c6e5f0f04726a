"""Which HTML extractor: accuracy and speed of the candidates on CMS-style pages made from known texts.

    pip install -e '.[dev,formats]' justext resiliparse
    python benchmarks/extractors.py            # prints the Markdown table in the README

Pages come from ``tests/newsroom.py``: each known article (the libya-news seed articles when
``../shared/datasets`` is there, and the bundled fixtures) in four CMS layouts, wrapped in a menu,
tags, share bar, byline, "read also" link, captioned photo, "most read" sidebar, comments form,
footer and about 30 KB of scripts and styles; plus pages with all of that and no article at all.
A body is *exact* when the extracted lines, whitespace collapsed and the headline line dropped, are
the article's paragraphs and nothing else. Speed is pages per second on one core over every page.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from newsroom import news_page, paragraphs  # noqa: E402

SEEDS = HERE.parent.parent / "shared" / "datasets" / "libya-news" / "corpus"
FIXTURES = HERE.parent / "fixtures" / "news"
LAYOUTS = ("article", "divs", "br", "table")


def _read(path: Path) -> str:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def _headline(k: int, arabic: bool) -> str:
    return f"تقرير إخباري رقم {k} عن الأوضاع" if arabic else f"News report number {k}"


def pages() -> tuple[list[tuple[str, list[str], str, str]], list[str]]:
    """(html, paragraphs, headline, layout) of every article page, and the no-article pages."""
    texts = [_read(p) for folder in (SEEDS, FIXTURES) for p in sorted(folder.glob("*.txt"))]
    with_body = []
    for layout in LAYOUTS:
        for k, text in enumerate(texts):
            title = _headline(k, "ال" in text)
            page = news_page(text, title=title, seed=k, layout=layout)
            with_body.append((page, paragraphs(text), title, layout))
    empty = [
        news_page("x", title=_headline(k, arabic), seed=k, layout=layout, body=False)
        for layout in LAYOUTS
        for k, arabic in enumerate((True, False))
    ]
    return with_body, empty


def trafilatura_chosen(markup: str) -> str:
    """What ``reuse`` runs (:func:`reuse.extract.html_text`), headline dropped, "" for no article."""
    from reuse.extract import FormatError, html_text

    try:
        return html_text(markup).text
    except FormatError:
        return ""


def trafilatura_default(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, include_tables=False) or ""


def justext_default(markup: str) -> str:
    import justext

    language = "Arabic" if 'lang="ar"' in markup else "English"
    found = justext.justext(markup.encode("utf-8"), justext.get_stoplist(language))
    return "\n".join(p.text for p in found if not p.is_boilerplate)


def resiliparse_main_content(markup: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return str(extract_plain_text(markup, main_content=True))


CANDIDATES: dict[str, Callable[[str], str]] = {
    "trafilatura 2, `favor_precision`, full cascade (chosen)": trafilatura_chosen,
    "trafilatura 2, defaults": trafilatura_default,
    "justext 3, defaults": justext_default,
    "resiliparse 2, `main_content`": resiliparse_main_content,
}


def score(extract: Callable[[str], str]) -> dict[str, Any]:
    """Exact bodies (all, and by layout), boilerplate lines kept, body lines missed, no-article pages
    rejected, pages/s."""
    with_body, empty = pages()
    exact = extra = missed = 0
    by_layout = dict.fromkeys(LAYOUTS, 0)
    for markup, wanted, title, layout in with_body:
        got = [" ".join(line.split()) for line in extract(markup).splitlines() if line.strip()]
        got = [line for line in got if line != title]
        exact += got == wanted
        by_layout[layout] += got == wanted
        extra += sum(line not in wanted for line in got)
        missed += sum(line not in got for line in wanted)
    rejected = sum(not extract(markup).strip() for markup in empty)
    every = [m for m, *_ in with_body] + empty
    start, done = time.process_time(), 0
    while time.process_time() - start < 3.0:
        for markup in every:
            extract(markup)
        done += len(every)
    return {
        "pages": len(with_body),
        "exact": exact,
        "by_layout": " · ".join(str(n) for n in by_layout.values()),
        "extra": extra,
        "missed": missed,
        "empty": len(empty),
        "rejected": rejected,
        "pages_per_s": done / (time.process_time() - start),
    }


def main() -> None:
    with_body, empty = pages()
    size = sum(len(m.encode()) for m, *_ in with_body) / len(with_body) / 1024
    print(f"{len(with_body)} article pages (mean {size:.0f} KB) and {len(empty)} pages without an article\n")
    print(
        "| extractor | exact bodies | of them by layout (" + " · ".join(LAYOUTS) + ") "
        "| boilerplate lines kept | body lines missed | pages without an article rejected "
        "| pages/s (1 core) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, extract in CANDIDATES.items():
        try:
            s = score(extract)
        except ImportError as exc:
            print(f"| {name} | not installed ({exc.name}) | | | | | |")
            continue
        print(
            f"| {name} | {s['exact']}/{s['pages']} | {s['by_layout']} | {s['extra']} | {s['missed']} "
            f"| {s['rejected']}/{s['empty']} | {s['pages_per_s']:,.0f} |"
        )


if __name__ == "__main__":
    main()
