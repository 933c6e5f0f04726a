"""Which PDF reader: how much of each known text comes back in reading order, Arabic above all.

    pip install -e '.[dev,formats]' pypdfium2 pdfminer.six   # and chromium (.ci/install-browser.sh)
    python benchmarks/pdf_readers.py          # prints the Markdown table in the README

Chromium prints each known article (the bundled fixtures, and the libya-news seed articles when
``../shared/datasets`` is there) to PDF as a page in five font settings: its default fonts, DejaVu
Sans, Noto Naskh Arabic, Noto Kufi Arabic and Noto Sans Arabic. Writers differ in how they store
Arabic: some a line in reading order, some each word on its own, left to right as seen. A reader's
score on a text is the share of the text's word 5-grams found in what it extracted (words as the
tokenizer's ``\\w+``, presentation forms folded), averaged over the texts of a language. ``reuse``
is pypdf with :mod:`reuse.pdftext`'s reading order. Speed is pages per second on one core.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from newsroom import is_arabic, paragraphs  # noqa: E402

SEEDS = HERE.parent.parent / "shared" / "datasets" / "libya-news" / "corpus"
FIXTURES = HERE.parent / "fixtures" / "news"
FONTS = {
    "default": "",
    "DejaVu Sans": "DejaVu Sans",
    "Noto Naskh": "Noto Naskh Arabic",
    "Noto Kufi": "Noto Kufi Arabic",
    "Noto Sans": "Noto Sans Arabic",
}


def _read(path: Path) -> str:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text))


def recall(extracted: str, text: str, n: int = 5) -> float:
    """The share of ``text``'s word ``n``-grams that ``extracted`` holds."""
    got, want = _words(extracted), _words(text)
    found = {tuple(got[k : k + n]) for k in range(len(got) - n + 1)}
    grams = [tuple(want[k : k + n]) for k in range(len(want) - n + 1)]
    return sum(g in found for g in grams) / max(1, len(grams))


def readers() -> dict[str, Callable[[Path], str]]:
    """Each reader installed here: PDF file -> its text."""
    from reuse.pdftext import pdf_pages, pdf_text

    found: dict[str, Callable[[Path], str]] = {
        "reuse (pypdf, reading order)": lambda p: pdf_text(pdf_pages(p.read_bytes())[0])
    }
    try:
        import pypdf

        found["pypdf alone"] = lambda p: "\n".join(pg.extract_text() for pg in pypdf.PdfReader(p).pages)
    except ImportError:
        pass
    try:
        import pypdfium2

        def pdfium(path: Path) -> str:
            pdf = pypdfium2.PdfDocument(str(path))
            try:
                return "\n".join(pdf[k].get_textpage().get_text_range() for k in range(len(pdf)))
            finally:
                pdf.close()

        found["pypdfium2"] = pdfium
    except ImportError:
        pass
    try:
        from pdfminer.high_level import extract_text

        found["pdfminer.six"] = lambda p: extract_text(str(p))
    except ImportError:
        pass
    return found


def print_pdfs(texts: dict[str, str], folder: Path) -> dict[tuple[str, str], Path]:
    """(font setting, text name) -> the PDF Chromium printed of the text as a page in that font."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for setting, font in FONTS.items():
            for name, text in texts.items():
                body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
                style = f"<style>body {{ font-family: '{font}' }}</style>" if font else ""
                side = "rtl" if is_arabic(text) else "ltr"
                page = browser.new_page()
                page.set_content(
                    f'<html dir="{side}"><head><meta charset="utf-8">{style}</head><body>{body}</body></html>'
                )
                out[setting, name] = folder / f"{len(out)}.pdf"
                page.pdf(path=str(out[setting, name]))
                page.close()
        browser.close()
    return out


def main() -> None:
    sources = sorted(FIXTURES.glob("*.txt")) + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
    texts = {f"{p.parent.name}/{p.name}": _read(p) for p in sources}
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = print_pdfs(texts, Path(tmp))
        print("| reader | " + " | ".join(f"Arabic, {s}" for s in FONTS) + " | English | pages/s |")
        print("|---|" + "---:|" * (len(FONTS) + 2))
        for label, read in readers().items():
            cells, pages, started = [], 0, time.perf_counter()
            for setting in FONTS:
                scores = [recall(read(pdfs[setting, n]), t) for n, t in texts.items() if is_arabic(t)]
                cells.append(f"{sum(scores) / len(scores):.2f}")
                pages += len(scores)
            english = [recall(read(pdfs["default", n]), t) for n, t in texts.items() if not is_arabic(t)]
            pages += len(english)
            rate = pages / (time.perf_counter() - started)
            print(
                f"| {label} | " + " | ".join(cells) + f" | {sum(english) / len(english):.2f} | {rate:.0f} |"
            )


if __name__ == "__main__":
    main()
