"""Real web pages: what each extractor keeps and misses, what reading costs next to scanning.

    pip install -e '.[dev,formats]' justext resiliparse
    python benchmarks/real_pages.py                # prints the two Markdown tables in the README
    python benchmarks/real_pages.py --pages DIR    # where the pages are kept (downloaded once)

The pages are the ones trafilatura's and htmldate's own tests were written against, saved from news
sites, magazines, blogs and public bodies (mostly German, some English, French and Spanish): the
``tests/cache`` folders of the trafilatura 1.0.0 and htmldate 1.0.0 source packages on PyPI, which
``pip download`` fetches (nothing is copied into this repository). trafilatura 1.0.0's
``tests/realworld_tests.py`` says of 83 of them what the text must hold and what it must not (for
example ``'Impressum' not in result``); those checks are read from its source with :mod:`ast` and
scored for every extractor. They were written for trafilatura with readers' comments and tables kept,
which ``reuse`` leaves out by design, so no extractor here passes every one.

The second table times ``reuse``'s reader (:func:`reuse.io.read_inputs`, one core, no cache) on
every distinct page, and then the scan of the texts it read (:func:`reuse.pipeline.scan`, one core),
stage by stage.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extractors import CANDIDATES  # noqa: E402

SOURCES = ("trafilatura==1.0.0", "htmldate==1.0.0")
LABELS = "trafilatura-1.0.0/tests/realworld_tests.py"


def fetch(folder: Path) -> list[Path]:
    """The saved pages of :data:`SOURCES`, downloaded and unpacked into ``folder`` once."""
    folder.mkdir(parents=True, exist_ok=True)
    for requirement in SOURCES:
        name, release = requirement.split("==")
        if not (folder / f"{name}-{release}").is_dir():
            with tempfile.TemporaryDirectory() as download:
                command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
                subprocess.run([*command, "-q", "-d", download, requirement], check=True)
                (archive,) = Path(download).glob("*.tar.gz")
                with tarfile.open(archive) as sdist:
                    sdist.extractall(folder, filter="data")
    return sorted(folder.glob("*/tests/cache/*.html"))


def labels(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Page file name -> the snippets its text must hold (``with``) and must not (``without``).

    From ``test_extract`` in trafilatura 1.0.0's real-world tests: each ``load_mock_page(url)`` call
    names the page the ``assert`` lines after it check with ``'…' in result`` or ``not in``.
    """
    tree = ast.parse((folder / LABELS).read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MOCK_PAGES":
            pages = ast.literal_eval(node.value)
    found: dict[str, dict[str, list[str]]] = {}

    def walk(statements: list[ast.stmt], page: str | None) -> str | None:
        for statement in statements:
            if isinstance(statement, ast.If):
                page = walk(statement.body, page)
            elif isinstance(statement, ast.Assign) and isinstance(call := statement.value, ast.Call):
                if getattr(call.func, "id", "") == "load_mock_page":
                    page = pages[ast.literal_eval(call.args[0])]
            elif isinstance(statement, ast.Assert) and page is not None:
                for test in ast.walk(statement.test):
                    if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Constant)):
                        continue
                    if getattr(test.comparators[0], "id", "") != "result" or len(test.ops) != 1:
                        continue
                    kind = "with" if isinstance(test.ops[0], ast.In) else "without"
                    found.setdefault(page, {"with": [], "without": []})[kind].append(str(test.left.value))
        return page

    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "test_extract":
            walk(node.body, None)
    return found


def markup(path: Path) -> str:
    """The page decoded as ``reuse`` decodes it: its declared charset, else UTF-8."""
    from reuse.extract import sniff_html_charset

    data = path.read_bytes()
    return data.decode(sniff_html_charset(data) or "utf-8", errors="replace")


def fast_pass_first(page: str) -> str:
    """reuse-html/2, for comparison: trafilatura's fast pass first, its full cascade when it finds nothing."""
    import trafilatura

    from reuse import extract

    tree = trafilatura.load_html(page)
    title, _, _, headings = extract._page_metadata(tree)
    laid_out_by_tables = tree.find(".//table") is not None
    text = extract._fast_pass(tree) or extract._full_cascade(trafilatura.load_html(page))
    if not text and laid_out_by_tables:
        blocks = trafilatura.load_html(page)
        extract.tables_as_blocks(blocks)
        text = extract._fast_pass(blocks)
    lines = (text or "").split("\n")
    return "\n".join(lines[1:] if lines and extract._collapse(lines[0]) in {title, *headings} else lines)


def justext_by_language(page: str) -> str:
    """justext with the stop list of the language the page declares (English when it declares none)."""
    import re

    import justext

    languages = {"de": "German", "fr": "French", "es": "Spanish", "it": "Italian"}
    declared = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", page)
    language = languages.get(declared.group(1).lower(), "English") if declared else "English"
    found = justext.justext(page.encode("utf-8"), justext.get_stoplist(language))
    return "\n".join(p.text for p in found if not p.is_boilerplate)


def quality_table(folder: Path, paths: list[Path]) -> None:
    wanted = labels(folder)
    pages = {path.name: markup(path) for path in paths if path.name in wanted}
    chosen, default, _, resiliparse = CANDIDATES.items()
    candidates: dict[str, Callable[[str], str]] = {
        chosen[0]: chosen[1],
        "trafilatura 2, `favor_precision`, fast pass first (reuse-html/2)": fast_pass_first,
        default[0]: default[1],
        "justext 3, the page's language": justext_by_language,
        resiliparse[0]: resiliparse[1],
    }
    musts = sum(len(w["with"]) for w in wanted.values())
    must_nots = sum(len(w["without"]) for w in wanted.values())
    print(f"{len(pages)} labelled pages: {musts} snippets the text must hold, {must_nots} it must not\n")
    print("| extractor | snippets found | unwanted snippets kept | pages without text | ms a page (1 core) |")
    print("|---|---:|---:|---:|---:|")
    misses: dict[str, list[str]] = {}
    for name, extract in candidates.items():
        found = kept = empty = 0
        extract(next(iter(pages.values())))  # imports and first-call setup are not a page's cost
        start = time.process_time()
        for page_name, page in pages.items():
            try:
                text = " ".join(extract(page).split())
            except ImportError:
                raise
            except Exception:  # an extractor that fails on a page gives it no text
                text = ""
            empty += not text
            for snippet in wanted[page_name]["with"]:
                hit = " ".join(snippet.split()) in text
                found += hit
                if not hit:
                    misses.setdefault(name, []).append(f"{page_name}: {snippet!r}")
            kept += sum(" ".join(s.split()) in text for s in wanted[page_name]["without"])
        spent = (time.process_time() - start) / len(pages) * 1000
        print(f"| {name} | {found}/{musts} | {kept}/{must_nots} | {empty} | {spent:.1f} |")
    if os.environ.get("REUSE_BENCH_MISSES"):
        print(json.dumps(misses, ensure_ascii=False, indent=1))


def cost_table(paths: list[Path]) -> None:
    from reuse.io import read_inputs
    from reuse.pipeline import scan

    distinct: dict[str, Path] = {}
    for path in paths:
        distinct.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
    with tempfile.TemporaryDirectory() as copy:
        for k, path in enumerate(distinct.values()):
            (Path(copy) / f"{k:03d}-{path.name}").write_bytes(path.read_bytes())
        per_page = []
        for path in sorted(Path(copy).iterdir()):
            start = time.process_time()
            read_inputs([path.as_posix()], workers=1)
            per_page.append(time.process_time() - start)
        start = time.process_time()
        inputs = read_inputs([copy], workers=1)
        read = time.process_time() - start
    result = scan(inputs.documents, workers=1)
    pages = len(inputs.documents) + len(inputs.errors)
    megabytes = sum(p.stat().st_size for p in distinct.values()) / 1e6
    print(f"\n{pages} distinct pages ({megabytes:.1f} MB), {len(inputs.errors)} without an article\n")
    print("| | read | " + " | ".join(result.timings) + " |")
    print("|---|---:|" + "---:|" * len(result.timings))
    row = [read, *result.timings.values()]
    print("| ms a page | " + " | ".join(f"{1000 * s / pages:.2f}" for s in row) + " |")
    ms = sorted(1000 * s for s in per_page)
    print(
        f"\nreading one page: median {statistics.median(ms):.1f} ms, 90th percentile "
        f"{ms[int(0.9 * len(ms))]:.1f} ms, most {ms[-1]:.1f} ms; {pages / read:.0f} pages/s on one core"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "reuse-bench" / "real-pages"
    parser.add_argument("--pages", type=Path, default=default, help="where the pages are kept")
    folder = parser.parse_args().pages
    paths = fetch(folder)
    quality_table(folder, paths)
    cost_table(paths)


if __name__ == "__main__":
    main()
