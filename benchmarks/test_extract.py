"""Reading web pages: extraction throughput, and its share of a whole scan of HTML pages.

News-sized pages: synthetic news texts of 350-450 words (``corpus.py``) in the CMS page of
``tests/newsroom.py`` (menus, sidebar, footer, ~30 KB of scripts and styles; 35-45 KB a page), the
three layouts in turn. Both benchmarks run the path users run, :func:`reuse.io.read_inputs` on a
folder, and assert that every article came out exactly.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, TIMINGS
from corpus import make_corpus

sys.path.insert(0, str(ROOT / "tests"))

from newsroom import news_page, paragraphs

from reuse.io import read_inputs
from reuse.pipeline import scan

pytest.importorskip("trafilatura", reason="needs the formats extra")
LAYOUTS = ("article", "divs", "br")


def _write_pages(folder: Path, documents: int) -> dict[str, str]:
    """``documents`` pages in ``folder``; returns page path -> the article text a reader should get."""
    corpus = make_corpus(documents, seed=7, words=(350, 450))
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for k, text in enumerate(corpus.texts):
        path = folder / f"{k:05d}.html"
        title = f"Report {k}: " + " ".join(text.split()[:6])
        path.write_text(news_page(text, title=title, seed=k, layout=LAYOUTS[k % 3]), encoding="utf-8")
        expected[path.as_posix()] = "\n".join(paragraphs(text))
    return expected


def _check(documents: Any, expected: dict[str, str]) -> None:
    assert len(documents) == len(expected)
    for d in documents:
        assert "\n".join(paragraphs(d.text)) == expected[d.id], d.id


def _timed_reads(benchmark: Any, source: Path, workers: int | None) -> tuple[Any, list[float]]:
    """``source`` read three times (after one warm-up) with the path users run; each read's wall clock."""
    walls: list[float] = []

    def read() -> Any:
        start = time.perf_counter()
        inputs = read_inputs([source.as_posix()], workers=workers)
        walls.append(time.perf_counter() - start)
        return inputs

    return benchmark.pedantic(read, rounds=3, warmup_rounds=1), walls


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("pages")
    return folder, _write_pages(folder, 300)


@pytest.mark.parametrize("workers", [pytest.param(1, id="1-core"), pytest.param(None, id="all-cores")])
def test_extract_html_pages(benchmark: Any, pages: tuple[Path, dict[str, str]], workers: int | None) -> None:
    """300 news pages read from a folder: decode, extract the article, hash; pages per second.

    One core is timed with the session's timer (``time.process_time`` gives the steady per-core
    figure); all cores by the wall clock, since the work happens in worker processes.
    """
    folder, expected = pages
    inputs, walls = _timed_reads(benchmark, folder, workers)
    _check(inputs.documents, expected)
    if benchmark.stats:
        best = float(benchmark.stats.stats.min) if workers == 1 else min(walls)
        megabytes = sum(p.stat().st_size for p in folder.glob("*.html")) / 1e6
        info = {"seconds_min": best, "pages": len(expected), "pages_per_s": len(expected) / best}
        info["mb"], info["mb_per_s"] = megabytes, megabytes / best
        benchmark.extra_info.update(info)
        stage = "extract, 1 core" if workers == 1 else "extract, all cores (wall clock)"
        TIMINGS[("html-pages", stage)] = info


def test_scan_of_html_pages_by_stage(benchmark: Any, tmp_path: Path) -> None:
    """`reuse scan pages/` on 1,000 pages, each stage timed (wall clock; align runs on every core).

    Twice, as an editor runs it: the first scan extracts every page (and fills the extract cache),
    the second finds the unchanged pages' texts in the cache. Stages are recorded, never asserted.
    """
    expected = _write_pages(tmp_path / "pages", 1000)
    cache = tmp_path / "cache"

    def run() -> dict[str, float]:
        start = time.perf_counter()
        inputs = read_inputs([(tmp_path / "pages").as_posix()], cache=cache)
        extract = time.perf_counter() - start
        result = scan(inputs.documents)
        _check(inputs.documents, expected)
        assert result.findings
        return {"extract": extract, **result.timings}

    first = run()
    stages = benchmark.pedantic(run, rounds=1, iterations=1)
    for name, timed in (("html-scan, first", first), ("html-scan, again (cached)", stages)):
        benchmark.extra_info[name] = timed
        benchmark.extra_info[f"{name}: slowest stage"] = max(timed, key=lambda s: timed[s])
        for stage, seconds in timed.items():
            TIMINGS[(name, stage)] = {"seconds_min": seconds, "pages": 1e3, "pages_per_s": 1e3 / seconds}


@pytest.mark.parametrize("answered_by", ["lxml", "compiled"])
def test_boilerplate_expressions_compiled_vs_lxml(
    benchmark: Any, pages: tuple[Path, dict[str, str]], answered_by: str
) -> None:
    """trafilatura's ``re:test`` expressions on 300 parsed pages: lxml's XPath, then :mod:`reuse.regex_paths`.

    Each expression selects (nothing is deleted, so every round sees the same trees). The compiled
    run records its speed-up over the lxml run of this session; both must select the same elements.
    """
    import trafilatura
    from trafilatura import xpaths

    from reuse.regex_paths import speed_up_trafilatura

    compiled = [getattr(xpaths, name)[at] for name, at in speed_up_trafilatura()]
    expressions = compiled if answered_by == "compiled" else [e.as_lxml() for e in compiled]
    folder, _ = pages
    trees = [trafilatura.load_html(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.html"))]

    def select() -> int:
        return sum(len(expression(tree)) for tree in trees for expression in expressions)

    selected = benchmark.pedantic(select, rounds=3, warmup_rounds=1)
    assert selected > 0
    if benchmark.stats:
        best = float(benchmark.stats.stats.min)
        info = {
            "seconds_min": best,
            "pages": len(trees),
            "pages_per_s": len(trees) / best,
            "selected": selected,
        }
        reference = TIMINGS.get(("html-pages", "boilerplate XPaths, lxml"))
        if answered_by == "compiled" and reference:
            assert selected == reference["selected"]
            info["speedup_vs_lxml"] = reference["seconds_min"] / best
        benchmark.extra_info.update(info)
        TIMINGS[("html-pages", f"boilerplate XPaths, {answered_by}")] = info


@pytest.mark.parametrize("held_as", ["folder", "crawl"])
def test_read_pages_from_a_crawl_vs_a_folder(
    benchmark: Any, pages: tuple[Path, dict[str, str]], held_as: str, tmp_path: Path
) -> None:
    """The same 300 pages read on every core from a folder, then from one ``.warc.gz`` (wall clock).

    A crawl is parsed in the scan's own process, its pages handed to the workers as they are read;
    the crawl run records its time over the folder run of this session.
    """
    pytest.importorskip("warcio", reason="needs the formats extra")
    from newsroom import crawl

    folder, expected = pages
    files = sorted(folder.glob("*.html"))
    source = folder
    if held_as == "crawl":
        source = tmp_path / "crawl.warc.gz"
        html = {"Content-Type": "text/html; charset=utf-8"}
        captures = [(f"https://news.example.ly/{page.name}", page.read_bytes(), html) for page in files]
        source.write_bytes(crawl(captures))
    inputs, walls = _timed_reads(benchmark, source, None)
    texts = ["\n".join(paragraphs(d.text)) for d in inputs.documents]
    assert texts == [expected[p.as_posix()] for p in files]
    info = {"seconds_min": min(walls), "pages": len(files), "pages_per_s": len(files) / min(walls)}
    reference = TIMINGS.get(("html-pages", "read from a folder, all cores"))
    if held_as == "crawl" and reference:
        info["vs_folder"] = min(walls) / reference["seconds_min"]
    benchmark.extra_info.update(info)
    TIMINGS[("html-pages", f"read from a {held_as}, all cores")] = info
