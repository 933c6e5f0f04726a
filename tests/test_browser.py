"""The HTML report in a real browser: offline, right-to-left where the text is, responsive at 1,000 findings.

Drives Debian's chromium (``.ci/install-browser.sh``) through Playwright; never downloads a browser.
Skipped when either is missing, except under ``CI=true`` where a missing browser is a failure.
Screenshots land in ``tests/artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from reuse.html_report import render_html
from reuse.models import SCHEMA

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"

AR_A = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة بحضور عدد من المسؤولين. "
    "وقد قال وزير الصحة في مؤتمر صحفي إن المستشفى سيخدم أكثر من مئة ألف مواطن في المنطقة الشمالية، "
    "وإنه مجهز بأحدث الأجهزة الطبية. "
    "وأضاف أن الحكومة تعمل على تحسين الخدمات الصحية في جميع المحافظات خلال العام المقبل."
)
AR_B = (
    "نقلت وكالة الأنباء الرسمية عن مصادر مطلعة أن "
    "و قال وزير الصحة في مؤتمر صحفي إن المستشفى سوف يخدم أكثر من مئة ألف مواطن في المنطقة الشمالية، "
    "وانه مجهز بأحدث الاجهزة الطبية. "
    "وأشارت الوكالة إلى أن العمل في المشروع بدأ منذ عامين بتكلفة بلغت 40 مليون دولار (BBC News)."
)
EN_A = (
    "The city council approved the new transport plan on Monday evening after a long debate. "
    "The mayor said the plan would cut travel times by a third and bring new bus routes to the "
    "northern districts within two years. Critics argued that the budget was too small."
)
EN_B = (
    "Local reporters covered the meeting in detail. According to the minutes, the mayor said that the plan "
    "would reduce travel times by a third and bring new bus routes to the northern districts within two "
    "years. <script>alert(1)</script> Tom &amp; Jerry \u202eevil\u202c."
)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run; see .ci/install-browser.sh)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright; no browser download)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (run .ci/install-browser.sh as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Opened:
    """A page with everything it asked the network for and everything it complained about."""

    def __init__(self, browser: Any, path: Path, width: int = 1400, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        started = time.perf_counter()
        self.page.goto(self.url, wait_until="load")
        self.load_s = time.perf_counter() - started

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def in_viewport(self, selector: str) -> bool:
        return bool(
            self.page.eval_on_selector(
                selector,
                """el => { const r = el.getBoundingClientRect();
                       return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; }""",
            )
        )

    def close(self) -> None:
        self.page.close()


def _report(texts: dict[str, str], spans: list[tuple[str, int, int, str, int, int]]) -> dict[str, Any]:
    findings = [
        {
            "id": f"F{n}",
            "kind": "reuse",
            "similarity": 0.9,
            "words": len(texts[da][sa:ea].split()),
            "a": {"doc": da, "start": sa, "end": ea, "text": texts[da][sa:ea]},
            "b": {"doc": db, "start": sb, "end": eb, "text": texts[db][sb:eb]},
        }
        for n, (da, sa, ea, db, sb, eb) in enumerate(spans, 1)
    ]
    documents = [
        {"id": d, "path": "", "chars": len(t), "words": len(t.split()), "reused_fraction": 0.4,
         "sha256": hashlib.sha256(t.encode()).hexdigest()}
        for d, t in texts.items()
    ]  # fmt: skip
    return {
        "schema": SCHEMA,
        "parameters": {},
        "documents": documents,
        "findings": findings,
        "errors": [],
    }


def _between(text: str, first: str, last: str) -> tuple[int, int]:
    start = text.index(first)
    return start, text.index(last, start) + len(last)


def arabic_report() -> tuple[dict[str, Any], dict[str, str]]:
    texts = {"akhbar/001.txt": AR_A, "akhbar/002.txt": AR_B}
    a, b = _between(AR_A, "وقد قال", "الطبية."), _between(AR_B, "و قال", "الطبية.")
    return _report(texts, [("akhbar/001.txt", *a, "akhbar/002.txt", *b)]), texts


def english_report() -> tuple[dict[str, Any], dict[str, str]]:
    texts = {"news/001.txt": EN_A, "news/002.txt": EN_B}
    a, b = _between(EN_A, "The mayor", "two years."), _between(EN_B, "the mayor", "two years.")
    return _report(texts, [("news/001.txt", *a, "news/002.txt", *b)]), texts


def big_report(count: int = 1000, documents: int = 100) -> tuple[dict[str, Any], dict[str, str]]:
    """``count`` findings over ``documents``: Arabic and English, long enough to need lazy rendering."""
    texts: dict[str, str] = {}
    spans: list[tuple[str, int, int, str, int, int]] = []
    for d in range(documents):
        body = (AR_A + " " + AR_B) if d % 2 else (EN_A + " " + EN_B)
        texts[f"corpus/{d:03d}.txt"] = "\n\n".join(f"{k}. {body}" for k in range(10))
    ids = list(texts)
    for n in range(count):
        da, db = ids[n % documents], ids[(n + 2) % documents]
        ta, tb = texts[da], texts[db]
        k = (n // documents) % 10
        sa = ta.index(f"{k}. ") + 3
        sb = tb.index(f"{k}. ") + 3
        ea = ta.index(" ", sa + 200)
        eb = tb.index(" ", sb + 200)
        spans.append((da, sa, ea, db, sb, eb))
    return _report(texts, spans), texts


def _write(tmp_path: Path, name: str, made: tuple[dict[str, Any], dict[str, str]]) -> Path:
    path = tmp_path / name
    path.write_text(render_html(*made), encoding="utf-8")
    return path


def _check_clean(opened: Opened) -> None:
    assert opened.errors == []
    assert opened.dialogs == []  # the document's <script>alert(1)</script> never ran
    assert set(opened.requests) <= {opened.url, "about:blank"}, opened.requests


def test_page_loads_offline_without_errors(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, "en.html", english_report()))
    try:
        opened.page.click('#finding-list tr[data-i="0"]')
        opened.page.wait_for_selector('mark[data-k="f0b"].active')
        opened.page.click('.doc a.seg[data-k~="f0a"]')
        _check_clean(opened)
        # the document's markup and bidi override show as text
        text = opened.page.inner_text('mark[data-k="f0b"]')
        assert "alert(1)" not in text
        assert "<script>alert(1)</script>" in opened.page.inner_text("#finding-f0 .sides")
        assert opened.page.locator(".ctl").first.inner_text() == "⟨U+202E⟩"
    finally:
        opened.close()


def test_arabic_passages_are_right_to_left(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, "ar.html", arabic_report()))
    try:
        opened.page.wait_for_selector('mark[data-k="f0a"]')
        direction = "el => getComputedStyle(el).direction"
        assert (
            opened.page.eval_on_selector('#finding-f0 .passage:has(mark[data-k="f0a"])', direction) == "rtl"
        )
        assert (
            opened.page.eval_on_selector('#finding-f0 .passage:has(mark[data-k="f0b"])', direction) == "rtl"
        )
        assert opened.page.eval_on_selector(".doc .doctext", direction) == "rtl"
        assert opened.page.eval_on_selector("body", direction) == "ltr"
        # right-to-left for real: the passage's first word is drawn to the right of its last
        first_right_of_last = opened.page.eval_on_selector(
            '#finding-f0 .passage:has(mark[data-k="f0a"])',
            """el => { const r = document.createRange(); const t = el.querySelector('.para').firstChild;
                   r.setStart(t, 0); r.setEnd(t, 5); const first = r.getBoundingClientRect();
                   const m = el.querySelector('mark'); const last = m.getBoundingClientRect();
                   return first.right > last.left; }""",
        )
        assert first_right_of_last
    finally:
        opened.close()
    english = Opened(browser, _write(tmp_path, "en.html", english_report()))
    try:
        english.page.wait_for_selector('mark[data-k="f0a"]')
        style = "el => getComputedStyle(el).direction"
        assert english.page.eval_on_selector('#finding-f0 .passage:has(mark[data-k="f0a"])', style) == "ltr"
    finally:
        english.close()


def test_clicking_a_finding_scrolls_to_it_and_highlights_both_spans(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, "ar.html", arabic_report()), height=700)
    try:
        page = opened.page
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.click('#finding-list a[data-i="0"]')
        for key in ("f0a", "f0b"):
            page.wait_for_selector(f'#finding-f0 mark[data-k="{key}"].active')
            assert opened.in_viewport(f'#finding-f0 mark[data-k="{key}"]')
            # the document view's runs of the same spans are highlighted too
            assert page.locator(f'.doc a.seg[data-k~="{key}"]:not(.active)').count() == 0
        # a run in the document view links to its counterpart in the other document
        page.click('.doc a.seg[data-k~="f0a"]')
        page.wait_for_timeout(100)
        assert opened.in_viewport('.doc a.seg[data-k~="f0b"]')
        _check_clean(opened)
    finally:
        opened.close()


def test_a_thousand_findings_stay_responsive(browser: Any, tmp_path: Path) -> None:
    started = time.perf_counter()
    path = _write(tmp_path, "big.html", big_report(1000))
    render_s = time.perf_counter() - started
    opened = Opened(browser, path)
    try:
        page = opened.page
        assert page.locator("article.finding").count() == 1000
        filled_at_load = page.locator("article.finding[data-filled]").count()
        assert filled_at_load < 100  # details render on demand, not all at once

        started = time.perf_counter()
        for _ in range(20):
            page.mouse.wheel(0, 4000)
            page.wait_for_timeout(20)
        scroll_s = time.perf_counter() - started

        started = time.perf_counter()
        page.click('#finding-list th button[data-sort="words"]')
        sort_s = time.perf_counter() - started
        words = page.eval_on_selector_all("#finding-list tbody tr", "rows => rows.map(r => +r.dataset.words)")
        assert words == sorted(words, reverse=True)

        started = time.perf_counter()
        page.locator('#finding-list tr[data-i="987"] a').scroll_into_view_if_needed()
        page.click('#finding-list tr[data-i="987"] a')
        page.wait_for_selector('#finding-f987 mark[data-k="f987b"].active')
        page.wait_for_timeout(100)
        jump_s = time.perf_counter() - started
        assert opened.in_viewport('#finding-f987 mark[data-k="f987a"]')
        assert opened.in_viewport('#finding-f987 mark[data-k="f987b"]')
        _check_clean(opened)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report-1000-findings.png"))

        timings = {
            "html_bytes": path.stat().st_size,
            "render_html_s": round(render_s, 3),
            "browser_load_s": round(opened.load_s, 3),
            "cards_filled_at_load": filled_at_load,
            "scroll_20_wheels_s": round(scroll_s, 3),
            "sort_1000_rows_s": round(sort_s, 3),
            "jump_to_finding_987_s": round(jump_s, 3),
        }
        print("1,000 findings:", json.dumps(timings))
        (ARTIFACTS / "timings-1000.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
        # generous: a frozen page takes minutes; a healthy one well under a few seconds
        assert opened.load_s < 30
        assert jump_s < 30
    finally:
        opened.close()


@pytest.mark.parametrize(("name", "make"), [("arabic", arabic_report), ("english", english_report)])
def test_screenshots(browser: Any, tmp_path: Path, name: str, make: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    opened = Opened(browser, _write(tmp_path, f"{name}.html", make()), width=1280, height=900)
    try:
        opened.page.wait_for_selector('mark[data-k="f0a"]')
        opened.page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)
        opened.page.click('#finding-list tr[data-i="0"]')
        opened.page.wait_for_selector('mark[data-k="f0a"].active')
        opened.page.locator("#finding-f0").screenshot(path=str(ARTIFACTS / f"finding-{name}.png"))
        _check_clean(opened)
        assert (ARTIFACTS / f"report-{name}.png").stat().st_size > 10_000
    finally:
        opened.close()


@pytest.mark.parametrize(
    ("name", "corpus"),
    [
        pytest.param(
            "fixtures", Path(__file__).resolve().parents[1] / "fixtures" / "news", id="bundled-fixtures"
        ),
        pytest.param(
            "seed-corpus",
            Path(__file__).resolve().parents[2] / "shared" / "datasets" / "libya-news" / "corpus",
            id="seed-corpus",
            marks=pytest.mark.shared,
        ),
    ],
)
def test_scanned_corpus_report(
    browser: Any, tmp_path: Path, name: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``reuse scan --format html`` end to end on a real corpus, screenshot for a person to read."""
    from typer.testing import CliRunner

    from reuse_cli.main import app

    if not corpus.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{corpus} is absent (CI=true: the shared datasets must be present)")
        pytest.skip(f"{corpus} is absent (the shared datasets live beside the project in ../shared)")
    page = tmp_path / f"{name}.html"
    # Scan from the repository root with a relative path, as a user would: the page (and the
    # screenshot the README shows) names documents as given, never by this machine's absolute path.
    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    given = os.path.relpath(corpus, root)
    result = CliRunner().invoke(app, ["scan", given, "--format", "html", "--output", str(page), "-q"])
    assert result.exit_code == 0, result.output
    ARTIFACTS.mkdir(exist_ok=True)
    opened = Opened(browser, page, width=1280, height=900)
    try:
        opened.page.wait_for_selector('mark[data-k="f0a"]')
        opened.page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)
        _check_clean(opened)
        directions = opened.page.eval_on_selector_all(
            "#finding-f0 .sides [dir]", "els => els.map(e => getComputedStyle(e).direction)"
        )
        assert directions, "the first finding shows its passages"
    finally:
        opened.close()


def test_a_page_chromium_saves_as_a_single_file_reads_as_the_page(browser: Any, tmp_path: Path) -> None:
    """Chromium's own "save as single file" (MHTML, as its DevTools snapshot writes it): the article is
    the page's; a page that names no address of its own gets the one it was saved from."""
    import html
    import sys

    from typer.testing import CliRunner

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import FIXTURES, read_text
    from newsroom import news_page, paragraphs

    from reuse_cli.main import app

    def extract(path: Path) -> tuple[str, dict[str, Any]]:
        printed = CliRunner().invoke(app, ["extract", str(path)])
        assert printed.exit_code == 0, printed.output
        (line,) = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"]).stdout.splitlines()
        return printed.stdout_bytes.decode("utf-8"), json.loads(line)["source"]

    text = read_text(FIXTURES / "ar_repeats.txt")
    bare = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    pages = {
        "story": news_page(text, title="خطة النقل", date="2024-03-01", url="https://x.ly/n/1"),
        "bare": f'<html><head><meta charset="utf-8"></head><body><article>{bare}</article></body></html>',
    }
    for name, markup in pages.items():
        page = tmp_path / f"{name}.html"
        page.write_text(markup, "utf-8")
        opened = Opened(browser, page)
        try:
            session = opened.page.context.new_cdp_session(opened.page)
            snapshot = session.send("Page.captureSnapshot", {"format": "mhtml"})["data"]
        finally:
            opened.close()
        assert snapshot.startswith("From: <Saved by Blink>")
        saved = tmp_path / f"{name}.mhtml"
        saved.write_bytes(snapshot.encode("ascii"))  # the snapshot is ASCII: its parts are encoded
        (as_page, how_page), (as_archive, how_archive) = extract(page), extract(saved)
        assert as_archive == as_page == "\n".join(paragraphs(text))
        assert how_archive["format"] == "mhtml"
        assert how_archive.get("title") == how_page.get("title")
        saved_from = "https://x.ly/n/1" if name == "story" else page.resolve().as_uri()
        assert how_archive["url"] == saved_from


def _printed(browser: Any, texts: dict[str, str], folder: Path, font: str) -> None:
    """Each text as Chromium prints a page of it to PDF, right to left for Arabic, in ``font``."""
    import html
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from newsroom import is_arabic, paragraphs

    folder.mkdir()
    for name, text in texts.items():
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
        side = "rtl" if is_arabic(text) else "ltr"
        page = browser.new_page()
        try:
            page.set_content(
                f'<html dir="{side}"><head><meta charset="utf-8"></head><body>{body}</body></html>'
            )
            page.pdf(path=str(folder / f"{Path(name).stem}.pdf"))
        finally:
            page.close()


@pytest.mark.parametrize("font", ["", "DejaVu Sans"])
@pytest.mark.parametrize("corpus", ["fixtures", pytest.param("seed", marks=pytest.mark.shared)])
def test_texts_printed_to_pdf_by_chromium_give_the_texts_findings(
    browser: Any, tmp_path: Path, corpus: str, font: str
) -> None:
    """A real PDF writer's files, Arabic included: the same passages found as in the texts, word for
    word, and every reported text the slice of what `reuse extract` prints for its PDF. Chromium
    stores Arabic as seen: each word on its own with its default fonts, and with DejaVu Sans the runs
    on either side of a number (the seed articles have years and counts)."""
    import re
    import sys

    from typer.testing import CliRunner

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import FIXTURES, read_text, shared_dataset

    from reuse_cli.main import app

    folder = FIXTURES if corpus == "fixtures" else shared_dataset("libya-news") / "corpus"
    texts = {p.name: read_text(p) for p in sorted(folder.glob("*.txt"))}
    _printed(browser, texts, tmp_path / "pdf", font)

    def scan(path: Path) -> dict[str, Any]:
        result = CliRunner().invoke(app, ["scan", str(path), "-f", "json", "-q"])
        assert result.exit_code == 0, result.output
        report: dict[str, Any] = json.loads(result.stdout)
        return report

    def passages(report: dict[str, Any]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        def sides(f: dict[str, Any]) -> list[dict[str, Any]]:
            if f["kind"] == "reuse":
                return [f["a"], f["b"]]
            return [{"doc": f["doc"]} | o for o in f["occurrences"]]

        return sorted(  # words: a PDF stored in visual order may move a comma next to a line break
            (
                f["kind"],
                tuple((Path(p["doc"]).stem, " ".join(re.findall(r"\w+", p["text"]))) for p in sides(f)),
            )
            for f in report["findings"]
            if f["kind"] != "near-duplicate"
        )

    as_text, as_pdf = scan(folder), scan(tmp_path / "pdf")
    assert as_pdf["errors"] == []
    assert passages(as_pdf) == passages(as_text)
    if corpus == "seed":
        assert [f["kind"] for f in as_pdf["findings"]] == ["reuse", "repeat", "repeat"]
    printed = {
        d["id"]: CliRunner().invoke(app, ["extract", d["id"]]).stdout_bytes.decode("utf-8")
        for d in as_pdf["documents"]
    }
    for finding in as_pdf["findings"]:
        for side in [finding.get("a"), finding.get("b")] if finding["kind"] == "reuse" else []:
            assert printed[side["doc"]][side["start"] : side["end"]] == side["text"]
    assert all(d["source"]["format"] == "pdf" for d in as_pdf["documents"])


# ------------------------------------------------------------------ the walk of an editor through the page

ROOT = Path(__file__).resolve().parents[1]


def _scanned(tmp_path: Path, corpus: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``reuse scan fixtures/<corpus> --format html``, from the repository root as a user would."""
    from typer.testing import CliRunner

    from reuse_cli.main import app

    monkeypatch.chdir(ROOT)
    page = tmp_path / f"{corpus}.html"
    result = CliRunner().invoke(app, ["scan", f"fixtures/{corpus}", "-f", "html", "-o", str(page), "-q"])
    assert result.exit_code == 0, result.output
    return page


def test_printing_prints_every_card(browser: Any, tmp_path: Path) -> None:
    """Cards fill in as they scroll near; printing (or saving as PDF) from the top fills them all first."""
    import re

    from typer.testing import CliRunner

    from reuse_cli.main import app

    # Few documents: printing opens every section, and the PDF's text is read back (40 s with 100).
    opened = Opened(browser, _write(tmp_path, "big.html", big_report(40, documents=6)))
    try:
        assert opened.page.locator("article.finding[data-filled]").count() < 40
        opened.page.pdf(path=str(tmp_path / "big.pdf"))
        assert opened.page.locator("article.finding[data-filled]").count() == 40
        _check_clean(opened)
    finally:
        opened.close()
    printed = CliRunner().invoke(app, ["extract", str(tmp_path / "big.pdf")])
    assert printed.exit_code == 0, printed.output
    # each card names its two passages' places: every card is in the PDF, filled
    assert len(re.findall(r"· chars \d+–\d+", printed.stdout)) == 2 * 40


_SAME_LINE_ALONE = """
(target) => {
  const view = [...document.querySelectorAll('.doc .doctext')].find(v => v.textContent.includes(target));
  const texts = (root) => {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); const out = [];
    while (w.nextNode()) { out.push(w.currentNode); }
    return out;
  };
  const box = (root) => {
    const r = document.createRange();
    for (const node of texts(root)) {
      const at = node.data.indexOf(target);
      if (at >= 0) {
        r.setStart(node, at); r.setEnd(node, at + target.length); return r.getBoundingClientRect();
      }
    }
  };
  // The reference: the same element holding only the line itself (no empty line before it), placed a
  // whole number of pixels below the original so that both are drawn at the same sub-pixel offsets.
  const clone = view.cloneNode(true);
  for (const node of texts(clone)) { node.data = node.data.includes(target) ? target : ""; }
  const outer = view.getBoundingClientRect();
  Object.assign(clone.style, { position: "absolute", margin: "0", top: "0px",
                               left: outer.left + scrollX + "px", width: outer.width + "px" });
  document.body.appendChild(clone);
  const first = box(clone);
  const a = box(view);
  clone.style.top = (a.top - first.top) + outer.height + 50 + "px";
  const b = box(clone);
  return [a, b].map(r => ({ x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }));
}
"""


def _fill_every_card(page: Any) -> None:
    """Fill the cards that fill as they scroll near: a full-page screenshot brings every card near, and one
    filled between measuring a place and shooting it moves everything below it (on a slow machine only)."""
    for card in page.locator("article.finding:not([data-filled])").all():
        card.scroll_into_view_if_needed()
    page.wait_for_function("() => !document.querySelector('article.finding:not([data-filled])')")
    page.evaluate("() => scrollTo(0, 0)")


def test_an_arabic_line_after_a_blank_line_shows_its_brackets_as_on_its_own(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fixtures/refiled/ar_fire_refiled.txt ends "\\n\\n(تحرير: سامي العربي)": one `unicode-bidi:
    plaintext` element across the blank line drew it with its brackets facing outwards. Drawn now pixel
    for pixel as the same line alone."""
    opened = Opened(browser, _scanned(tmp_path, "refiled", monkeypatch), width=1100)
    try:
        _fill_every_card(opened.page)
        original, alone = opened.page.evaluate(_SAME_LINE_ALONE, "(تحرير: سامي العربي)")
        assert original["width"] > 50
        shots = [opened.page.screenshot(clip=box, full_page=True) for box in (original, alone)]
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "bracket-after-blank-line.png").write_bytes(shots[0])
        assert shots[0] == shots[1]
        _check_clean(opened)
    finally:
        opened.close()


def test_a_run_in_two_findings_offers_each(browser: Any, tmp_path: Path) -> None:
    """A run in a repeat and a reuse linked to one of them only: a click lists both, each reachable."""
    text = "One two three four five six. One two three four five six. Seven eight nine ten."
    other = "Elsewhere: One two three four five six. Seven eight nine ten. The end."
    texts = {"a.txt": text, "b.txt": other}
    repeat = {
        "id": "F1", "kind": "repeat", "doc": "a.txt", "similarity": 1.0, "words": 6,
        "occurrences": [{"start": s, "end": s + 28, "text": text[s : s + 28]} for s in (0, 29)],
    }  # fmt: skip
    report = _report(texts, [("a.txt", 29, 79, "b.txt", 11, 61)])
    report["findings"] = [repeat, report["findings"][0] | {"id": "F2"}]
    opened = Opened(browser, _write(tmp_path, "overlap.html", (report, texts)))
    try:
        page = opened.page
        shared = page.locator('.doc a.seg[data-k~="f0o1"][data-k~="f1a"]')
        shared.focus()
        page.keyboard.press("Enter")
        menu = page.locator("#seg-menu")
        assert menu.is_visible()
        assert menu.locator("a").all_inner_texts() == ["F2 reuse A: to B", "F1 repeat #2: to #1"]
        assert page.evaluate("document.activeElement.textContent") == "F2 reuse A: to B"
        # the run's own link went to F2's counterpart only; F1 is reachable too
        menu.locator("a", has_text="F1").click()
        assert not menu.is_visible()
        page.wait_for_selector('.doc a.seg[data-k~="f0o0"].active')
        assert opened.in_viewport('.doc a.seg[data-k~="f0o0"]')
        assert page.locator('.doc a.seg[data-k~="f1b"].active').count() == 0
        # Escape closes the list and gives focus back to the run
        shared.click()
        assert menu.is_visible()
        page.keyboard.press("Escape")
        assert not menu.is_visible()
        assert page.evaluate("document.activeElement.dataset.k") == shared.get_attribute("data-k")
        _check_clean(opened)
    finally:
        opened.close()


@pytest.mark.parametrize("corpus", ["wire", "refiled", "news"])
def test_the_page_fits_a_phone(
    browser: Any, tmp_path: Path, corpus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 390 px nothing runs off the side: the Documents table, the cards' passages, the groups."""
    opened = Opened(browser, _scanned(tmp_path, corpus, monkeypatch), width=390, height=844)
    try:
        page = opened.page
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # every card filled, every group open
        wide = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert wide[0] <= wide[1], wide
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-{corpus}.png"), full_page=True)
        _check_clean(opened)
    finally:
        opened.close()


def test_enter_on_a_finding_takes_focus_to_its_card(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, "big.html", big_report(30)), height=700)
    try:
        page = opened.page
        page.focus('#finding-list a[data-i="17"]')
        page.keyboard.press("Enter")
        page.wait_for_selector('#finding-f17 mark[data-k="f17a"].active')
        assert page.evaluate("document.activeElement.id") == "finding-f17"
        assert opened.in_viewport("#finding-f17 .sides")
        _check_clean(opened)
    finally:
        opened.close()


def test_the_documents_table_header_stays_below_the_top_bar(browser: Any, tmp_path: Path) -> None:
    texts = {f"wire/{n:03d}.txt": EN_A if n % 2 else EN_B for n in range(60)}
    a, b = _between(EN_A, "The mayor", "two years."), _between(EN_B, "the mayor", "two years.")
    report = _report(texts, [("wire/001.txt", *a, "wire/002.txt", *b)])
    opened = Opened(browser, _write(tmp_path, "docs.html", (report, texts)), height=600)
    try:
        page = opened.page
        page.locator("table.docs tbody tr").nth(40).scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 100)")
        nav = page.eval_on_selector("nav.top", "el => el.getBoundingClientRect().bottom")
        header = page.eval_on_selector("table.docs thead th", "el => el.getBoundingClientRect().top")
        assert header >= nav - 0.5, (header, nav)
        assert header < nav + 5  # and still sticks
        _check_clean(opened)
    finally:
        opened.close()


def varied_report(count: int = 90) -> tuple[dict[str, Any], dict[str, str]]:
    """``count`` findings whose passages run from one sentence to a dozen: cards of very unequal height."""
    texts: dict[str, str] = {}
    spans: list[tuple[str, int, int, str, int, int]] = []
    for n in range(count):
        body = (AR_A + " " + AR_B) if n % 2 else (EN_A + " " + EN_B)
        reach = 1 + (n * 7) % 12  # sentences in the passage
        ids = (f"desk/{n:03d}a.txt", f"desk/{n:03d}b.txt")
        for doc in ids:
            texts[doc] = " ".join([body] * reach)
        end = len(texts[ids[0]])
        spans.append((ids[0], 0, end, ids[1], 0, end))
    return _report(texts, spans), texts


@pytest.mark.parametrize("target", [38, 20, 50])
def test_clicking_a_finding_in_the_list_shows_its_card_after_the_cards_above_fill(
    browser: Any, tmp_path: Path, target: int
) -> None:
    """The cards render as they come near. Jumping to F39 filled the cards above it, which grew and pushed
    it below the window: the screen showed F36 and F37 (a walker's report, desktop width)."""
    opened = Opened(browser, _write(tmp_path, "varied.html", varied_report()))
    try:
        page = opened.page
        page.click(f'#finding-list a[data-i="{target}"]')
        page.wait_for_timeout(1500)  # every card near it filled, every shift done
        assert opened.in_viewport(f"#finding-f{target} .sides")
        _check_clean(opened)
    finally:
        opened.close()


def test_an_arabic_passage_in_the_list_shows_its_opening_words(browser: Any, tmp_path: Path) -> None:
    """The list cut half the Arabic previews at their start: a left-to-right cell's ellipsis hid the
    opening words past its right edge, where an Arabic sentence begins (a walker's report)."""
    opened = Opened(browser, _write(tmp_path, "varied.html", varied_report(12)), width=900)
    try:
        shown = """el => { const t = el.querySelector('bdi').firstChild; const r = document.createRange();
                   r.setStart(t, 0); r.setEnd(t, 6); const first = r.getBoundingClientRect();
                   const box = el.getBoundingClientRect();
                   return [first.left >= box.left - 0.5 && first.right <= box.right + 0.5,
                           el.scrollWidth > el.clientWidth]; }"""
        for i in (1, 3, 5):  # Arabic passages long enough to be cut
            inside, cut = opened.page.eval_on_selector(f'#finding-list tr[data-i="{i}"] td.preview', shown)
            assert cut, f"row {i} is not cut"  # the passage is longer than its cell
            assert inside, f"row {i} hides its first word"  # and its first word is in view
        _check_clean(opened)
    finally:
        opened.close()


def test_a_findings_address_is_its_name(browser: Any, tmp_path: Path) -> None:
    """F38's card was at #finding-f37: a link an editor shared read as another finding. Now #F38."""
    path = _write(tmp_path, "varied.html", varied_report(40))
    opened = Opened(browser, path)
    try:
        page = opened.page
        page.click('#finding-list a[data-i="37"]')
        page.wait_for_selector('#finding-f37 mark[data-k="f37a"].active')
        assert page.evaluate("location.hash") == "#F38"
        assert page.eval_on_selector('#finding-list a[data-i="37"]', "a => a.getAttribute('href')") == "#F38"
        _check_clean(opened)
    finally:
        opened.close()
    for address, index in (("#F21", 20), ("#finding-f20", 20)):  # a shared link, and one made before
        shared = Opened(browser, path)
        try:
            shared.page.goto(path.resolve().as_uri() + address)
            shared.page.reload()
            shared.page.wait_for_selector(f'#finding-f{index} mark[data-k="f{index}a"].active')
            shared.page.wait_for_timeout(1000)
            assert shared.in_viewport(f"#finding-f{index} .sides")
        finally:
            shared.close()
