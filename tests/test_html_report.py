"""The HTML report: structure, escaping of untrusted text, direction, and spans that match the report."""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from reuse.html_report import ReportInputError, load_texts_for_report, render_html
from reuse.models import SCHEMA

AR_A = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة. "
    "وقد قال الوزير في مؤتمر صحفي إن المستشفى سيخدم أكثر من مئة ألف مواطن في المنطقة الشمالية. "
    "وأضاف أن الحكومة تعمل على تحسين الخدمات الصحية."
)
AR_B = (
    "نقلت وكالة الأنباء عن مصادر مطلعة أن "
    "و قال الوزير في مؤتمر صحفي إن المستشفى سيخدم أكثر من مئة ألف مواطن في المنطقة الشمالية. "
    "وأشارت الوكالة إلى أن العمل بدأ منذ عامين."
)
EN = (
    "The committee met on Tuesday. The committee met on Tuesday. "
    "Officials said the new budget would be published next week."
)
EVIL = (
    "Breaking: <script>alert(1)</script> and </textarea><img src=x onerror=alert(2)> "
    "Tom &amp; Jerry \u202eevil\u202c \u2066iso\u2069 reached the end of the story today."
)


def span_of(text: str, first: str, last: str) -> tuple[int, int]:
    """``[start, end)`` from the start of ``first`` to the end of the next ``last``."""
    start = text.index(first)
    return start, text.index(last, start) + len(last)


def make_report(texts: dict[str, str], findings: list[dict[str, Any]]) -> dict[str, Any]:
    """A ``reuse.report/2`` dict for ``texts``; finding spans are ``(doc, start, end)`` tuples."""
    out: list[dict[str, Any]] = []
    for number, spec in enumerate(findings, 1):
        if spec["kind"] == "reuse":
            (da, sa, ea), (db, sb, eb) = spec["spans"]
            sides = {
                "a": {"doc": da, "start": sa, "end": ea, "text": texts[da][sa:ea]},
                "b": {"doc": db, "start": sb, "end": eb, "text": texts[db][sb:eb]},
            }
            out.append({"id": f"F{number}", "kind": "reuse", "similarity": 0.9, "words": 10, **sides})
        else:
            doc = spec["spans"][0][0]
            occurrences = [{"start": s, "end": e, "text": texts[doc][s:e]} for _, s, e in spec["spans"]]
            out.append(
                {
                    "id": f"F{number}",
                    "kind": "repeat",
                    "doc": doc,
                    "similarity": 1.0,
                    "words": 5,
                    "occurrences": occurrences,
                }
            )
    documents = [
        {
            "id": doc_id,
            "path": "",
            "chars": len(text),
            "words": len(text.split()),
            "reused_fraction": 0.5,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        for doc_id, text in texts.items()
    ]
    return {
        "schema": SCHEMA,
        "parameters": {"window": 24},
        "documents": documents,
        "findings": out,
        "errors": [{"path": "bad<b>.txt", "error": "not UTF-8"}],
    }


class Element(NamedTuple):
    tag: str
    attrs: dict[str, str]
    text: str
    inner: tuple[Element, ...] = ()


class Page(HTMLParser):
    """Every element with its attributes and text; a ``span.ctl`` marker reads as the control it shows."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "wbr"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[tuple[str, dict[str, str], list[str], int]] = []
        self.feed(html)
        self.close()
        assert not self.open, f"unclosed: {[tag for tag, *_ in self.open]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in self.VOID:
            self.elements.append(Element(tag, values, ""))
            return
        if tag == "span" and values.get("class") == "ctl":
            control = chr(int(values["title"].removeprefix("U+"), 16))
            for _, _, buffer, _ in self.open:
                buffer.append(control)
        self.open.append((tag, values, [], len(self.elements)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1][0] == tag, f"</{tag}> closes <{self.open[-1][0]}>"
        name, values, buffer, first = self.open.pop()
        self.elements.append(Element(name, values, "".join(buffer), tuple(self.elements[first:])))

    def handle_data(self, data: str) -> None:
        if any(tag == "span" and values.get("class") == "ctl" for tag, values, *_ in self.open):
            return
        for _, _, buffer, _ in self.open:
            buffer.append(data)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements named ``tag`` whose attributes contain the given values (``class_`` for class)."""
        return find(self.elements, tag, **attrs)


def find(elements: tuple[Element, ...] | list[Element], tag: str, **attrs: str) -> list[Element]:
    """Elements named ``tag`` whose attribute words include the given values (``class_`` for class)."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    return [
        e
        for e in elements
        if e.tag == tag and all(value in e.attrs.get(name, "").split() for name, value in wanted.items())
    ]


def passage_of(page: Page, key: str) -> Element:
    """The ``div.passage`` holding the highlighted occurrence ``key``."""
    (passage,) = [e for e in page.find("div", class_="passage") if find(e.inner, "mark", data_k=key)]
    return passage


@pytest.fixture
def texts() -> dict[str, str]:
    return {"ar/a.txt": AR_A, "ar/b.txt": AR_B, "en/c.txt": EN, "evil.txt": EVIL}


@pytest.fixture
def report(texts: dict[str, str]) -> dict[str, Any]:
    a = span_of(AR_A, "وقد قال", "الشمالية.")
    b = span_of(AR_B, "و قال", "الشمالية.")
    evil = span_of(EVIL, "<script>", "Jerry")
    return make_report(
        texts,
        [
            {"kind": "reuse", "spans": [("ar/a.txt", *a), ("ar/b.txt", *b)]},
            {"kind": "repeat", "spans": [("en/c.txt", 0, 29), ("en/c.txt", 30, 59)]},
            {"kind": "reuse", "spans": [("evil.txt", *evil), ("en/c.txt", 60, 98)]},
            # overlaps F1's A side, so the document view must cut runs at both boundaries
            {"kind": "reuse", "spans": [("ar/a.txt", a[0] + 8, a[1] + 6), ("ar/b.txt", 0, 20)]},
        ],
    )


@pytest.fixture
def page(report: dict[str, Any], texts: dict[str, str]) -> Page:
    return Page(render_html(report, texts))


def test_the_menu_says_its_documents_are_those_with_findings(
    report: dict[str, Any], texts: dict[str, str]
) -> None:
    """The overview counts every document, the menu the ones its section shows: labelled so, the
    two counts do not contradict each other."""
    quiet = {"id": "quiet.txt", "chars": 24, "words": 4, "reused_fraction": 0.0}
    page = Page(render_html(report | {"documents": [*report["documents"], quiet]}, texts))
    (link,) = page.find("a", href="#documents")
    assert link.text == "Documents with findings (4)"
    assert "5 documents" in [e.text for e in page.find("li")]


def test_a_pages_headline_date_and_web_address_are_shown_and_only_web_addresses_are_links() -> None:
    """What a page said of itself (reuse scan keeps it in source) names the document for an editor;
    a canonical URL is the page's own word, so a javascript: one is shown nowhere as a link."""
    source = {"format": "html", "title": "Trawlers\n return", "date": "2020-06-03"}
    report = {
        "documents": [
            {"id": "a.html", "source": source | {"url": "https://news.example.ly/1?x=1&y=2"}},
            {"id": "b.html", "source": source | {"title": "الصيادون يعودون", "url": "javascript:alert(1)"}},
            {"id": "c.txt", "source": {"format": "text"}},
        ],
        "findings": [],
    }
    html = render_html(report, {})
    abouts = Page(html).find("small", class_="about")
    assert [e.text for e in abouts] == [
        "Trawlers return · 2020-06-03 · source",
        "الصيادون يعودون · 2020-06-03",
    ]
    assert [a.attrs["href"] for e in abouts for a in find(e.inner, "a")] == [
        "https://news.example.ly/1?x=1&y=2"
    ]
    assert "javascript:" not in html


def test_page_is_one_self_contained_document(report: dict[str, Any], texts: dict[str, str]) -> None:
    html = render_html(report, texts)
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert [
        e.attrs.get("id")
        for e in page.find("section")
        if e.attrs.get("id") in {"overview", "findings", "documents"}
    ] == ["overview", "findings", "documents"]
    assert len(page.find("article", class_="finding")) == len(report["findings"]) == 4
    assert len(page.find("template")) == 4
    assert len(page.find("tr", data_i="0")) == 1
    # offline: no external resource, and a CSP that would block one anyway
    assert not page.find("link")
    assert not page.find("img")
    assert all("src" not in e.attrs for e in page.elements)
    assert not re.search(r"https?://", html)
    csp = page.find("meta", http_equiv="Content-Security-Policy")
    assert "default-src 'none'" in csp[0].attrs["content"]
    # the embedded data is valid JSON naming every finding
    blob = next(e for e in page.find("script") if e.attrs.get("type") == "application/json")
    assert [f["id"] for f in json.loads(blob.text)["findings"]] == ["F1", "F2", "F3", "F4"]


def test_untrusted_text_renders_as_text(report: dict[str, Any], texts: dict[str, str], page: Page) -> None:
    html = render_html(report, texts)
    # only the page's own two scripts, and the document's markup shows escaped
    assert html.count("<script") == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/textarea&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "Tom &amp;amp; Jerry" in html
    assert not page.find("textarea")
    # bidi controls never reach the page raw; each shows as a visible marker
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", html)
    markers = {e.attrs["title"] for e in page.find("span", class_="ctl")}
    assert {"U+202E", "U+202C", "U+2066", "U+2069"} <= markers
    assert "⟨U+202E⟩" in html
    # and the page text still reads as the document's characters
    doc_view = next(e for e in page.find("div", class_="doctext") if "Breaking" in e.text)
    assert doc_view.text == EVIL


def test_script_end_tag_in_ids_cannot_close_the_data_block(texts: dict[str, str]) -> None:
    doc = "</script><script>alert(1)</script> & \u202e.txt"
    texts = {doc: EN}
    report = make_report(texts, [{"kind": "repeat", "spans": [(doc, 0, 29), (doc, 30, 59)]}])
    report["findings"][0]["id"] = "</script><!--"
    html = render_html(report, texts)
    assert html.count("<script") == 2
    assert html.count("</script>") == 2
    blob = html.split('<script type="application/json" id="reuse-data">')[1].split("</script>")[0]
    assert json.loads(blob)["findings"][0]["id"] == "</script><!--"
    # ids are escaped exactly once wherever they appear
    assert "&amp;lt;" not in html
    assert "&amp;amp;" not in html
    shown = {e.text for e in Page(html).find("bdi")}
    assert "</script><script>alert(1)</script> & ⟨U+202E⟩.txt" in shown


def test_direction_follows_the_first_strong_character(page: Page) -> None:
    assert passage_of(page, "f0a").attrs["dir"] == passage_of(page, "f0b").attrs["dir"] == "rtl"
    assert passage_of(page, "f1o0").attrs["dir"] == passage_of(page, "f2a").attrs["dir"] == "ltr"
    dirs = {e.text[:12]: e.attrs["dir"] for e in page.find("div", class_="doctext")}
    assert dirs[AR_A[:12]] == dirs[AR_B[:12]] == "rtl"
    assert dirs[EN[:12]] == dirs[EVIL[:12]] == "ltr"
    # the page chrome stays left to right; ids in it are isolated
    assert page.find("html")[0].attrs["dir"] == "ltr"
    assert any(e.text == "ar/a.txt" for e in page.find("bdi"))


def test_highlights_are_exactly_the_report_spans(
    report: dict[str, Any], texts: dict[str, str], page: Page
) -> None:
    marks = {e.attrs["data-k"]: e for e in page.find("mark")}
    runs = page.find("a", class_="seg")
    checked = 0
    for index, finding in enumerate(report["findings"]):
        if finding["kind"] == "reuse":
            parts = [(f"f{index}a", finding["a"]), (f"f{index}b", finding["b"])]
        else:
            occurrences = finding["occurrences"]
            parts = [(f"f{index}o{j}", dict(o, doc=finding["doc"])) for j, o in enumerate(occurrences)]
        for key, part in parts:
            expected = texts[part["doc"]][part["start"] : part["end"]]
            mark = marks[key]
            assert int(mark.attrs["data-start"]) == part["start"]
            assert int(mark.attrs["data-end"]) == part["end"]
            assert mark.text == expected == part["text"]
            # in the document view a span is the contiguous runs carrying its key
            assert "".join(r.text for r in runs if key in r.attrs["data-k"].split()) == expected
            anchors = [e for e in page.find("span", class_="anc") if e.attrs["id"] == f"s-{key}"]
            assert len(anchors) == 1
            # the context around a passage is cut at spaces, never inside a word
            shown = passage_of(page, key).text.removeprefix("… ").removesuffix(" …")
            full = texts[part["doc"]]
            at = full.index(shown)
            assert at <= part["start"]
            assert part["end"] <= at + len(shown)
            assert at == 0 or full[at - 1].isspace()
            assert at + len(shown) == len(full) or full[at + len(shown)].isspace()
            checked += 1
    assert checked == 8
    overlap = [r for r in runs if {"f0a", "f3a"} <= set(r.attrs["data-k"].split())]
    assert overlap


def test_overlapping_and_edge_spans_keep_every_character(texts: dict[str, str]) -> None:
    rng = random.Random(7)
    spans = []
    for _ in range(40):
        doc = rng.choice(list(texts))
        n = len(texts[doc])
        bounds = sorted(rng.sample(range(n + 1), 4))
        spans.append({"kind": "repeat", "spans": [(doc, bounds[0], bounds[1]), (doc, bounds[2], bounds[3])]})
    spans.append({"kind": "repeat", "spans": [("en/c.txt", 0, 0), ("en/c.txt", len(EN), len(EN))]})
    report = make_report(texts, spans)
    page = Page(render_html(report, texts))
    assert sorted(e.text for e in page.find("div", class_="doctext")) == sorted(texts.values())
    runs = page.find("a", class_="seg")
    for index, finding in enumerate(report["findings"]):
        for j, occurrence in enumerate(finding["occurrences"]):
            key = f"f{index}o{j}"
            assert "".join(r.text for r in runs if key in r.attrs["data-k"].split()) == occurrence["text"]
            assert page.find("mark", data_k=key)[0].text == occurrence["text"]


def test_document_view_reproduces_each_text(page: Page, texts: dict[str, str]) -> None:
    shown = sorted(e.text for e in page.find("div", class_="doctext"))
    assert shown == sorted(texts.values())


def test_word_edits_are_marked_on_both_sides(page: Page) -> None:
    marks = {e.attrs["data-k"]: e for e in page.find("mark")}
    changed = [e for e in page.find("span", class_="w-chg")]
    assert any(e.text == "وقد" and e.attrs["title"].endswith(": و") for e in changed)
    assert any(e.text == "و" and e.attrs["title"].endswith(": وقد") for e in changed)
    # words equal under normalisation are not edits
    assert "الوزير" in marks["f0a"].text
    assert not any(e.text == "الوزير" for e in changed)


def marked_edits(page: Page) -> list[str]:
    """Words marked as changed, dropped or inserted inside passages (not the legend's swatches)."""
    return [
        e.text
        for e in page.find("span")
        if {"w-chg", "w-del", "w-ins"} & set(e.attrs.get("class", "").split())
        and "sw" not in e.attrs["class"]
    ]


def test_words_the_matcher_counts_as_equal_are_not_marked() -> None:
    """One normaliser: clitics (وفي/في), hamza seats (ؤ/ئ), ٱ and Arabic digits are not edits."""
    a = "وقال المسؤول وفي شؤون ٱلمدينة ٣ مشاريع جديدة"
    b = "وقال المسئول في شئون المدينة 3 مشاريع جديدة"
    report = make_report(
        {"a.txt": a, "b.txt": b}, [{"kind": "reuse", "spans": [("a.txt", 0, len(a)), ("b.txt", 0, len(b))]}]
    )
    assert marked_edits(Page(render_html(report, {"a.txt": a, "b.txt": b}))) == []


def test_a_finding_of_similarity_one_marks_no_word_as_changed() -> None:
    """The fixtures' Arabic copy (وفي → في, إنّ → إن) scores 1.00, so its page shows no edits."""
    from conftest import FIXTURES, read_text

    from reuse import Document, scan, to_report

    docs = [Document(f"{n}.txt", read_text(FIXTURES / f"{n}.txt")) for n in ("ar_copy", "ar_source")]
    report = to_report(scan(docs, workers=1))
    (finding,) = report["findings"]
    assert finding["similarity"] == 1.0
    assert marked_edits(Page(render_html(report, {d.id: d.text for d in docs}))) == []


def test_repeat_shows_every_occurrence_with_its_position(page: Page) -> None:
    where = [e.text for e in page.find("div", class_="where") if "en/c.txt" in e.text]
    assert any("#1" in w and "chars 0–29" in w and "line 1" in w for w in where)
    assert any("#2" in w and "chars 30–59" in w for w in where)


def test_text_that_disagrees_with_the_report_is_an_error(
    report: dict[str, Any], texts: dict[str, str]
) -> None:
    changed = dict(texts, **{"ar/a.txt": "x" + AR_A})
    with pytest.raises(ReportInputError, match=r"^ar/a\.txt: text at \d+-\d+ differs"):
        render_html(report, changed)


def test_missing_texts_still_show_the_reported_passages(report: dict[str, Any]) -> None:
    page = Page(render_html(report, {}))
    assert page.find("mark", data_k="f0a")[0].text == report["findings"][0]["a"]["text"]
    assert not page.find("div", class_="doctext")


def test_many_findings_render_lazily(texts: dict[str, str]) -> None:
    spans = [("en/c.txt", 0, 29), ("en/c.txt", 30, 59)]
    report = make_report(texts, [{"kind": "repeat", "spans": spans}] * 300)
    html = render_html(report, texts)
    page = Page(html)
    assert len(page.find("article")) == 300
    # details live in inert templates; the visible cards start empty
    assert all(not e.text.strip() for e in page.find("div", class_="body"))


def write_corpus(folder: Path, texts: dict[str, str]) -> dict[str, Any]:
    """Files for ``texts`` (with a BOM and CRLF in one) and a report whose paths point at them."""
    report = make_report(texts, [])
    for doc in report["documents"]:
        path = folder / doc["id"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(("\ufeff" if doc["id"] == "en/c.txt" else "").encode() + texts[doc["id"]].encode())
        doc["path"] = str(path)
    return report


def test_load_texts_reads_and_checks_files(tmp_path: Path) -> None:
    texts = {"ar/a.txt": AR_A, "en/c.txt": "line one\r\nline two\r\n"}
    report = write_corpus(tmp_path, texts)
    assert load_texts_for_report(report) == texts  # BOM dropped, CRLF kept: offsets stay valid


def test_load_texts_tries_the_report_folder_for_relative_paths(tmp_path: Path) -> None:
    report = write_corpus(tmp_path, {"ar/a.txt": AR_A})
    report["documents"][0]["path"] = "ar/a.txt"
    assert load_texts_for_report(report, root=tmp_path) == {"ar/a.txt": AR_A}


def test_changed_file_is_an_error(tmp_path: Path) -> None:
    report = write_corpus(tmp_path, {"ar/a.txt": AR_A})
    (tmp_path / "ar/a.txt").write_text(AR_A + " ", encoding="utf-8")
    with pytest.raises(ReportInputError, match=r"a\.txt: changed since the scan \(sha256 differs\)$"):
        load_texts_for_report(report)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    report = write_corpus(tmp_path, {"ar/a.txt": AR_A})
    (tmp_path / "ar/a.txt").unlink()
    with pytest.raises(ReportInputError, match=r"a\.txt: no such file$") as caught:
        load_texts_for_report(report)
    assert "\n" not in str(caught.value)


def test_undecodable_file_is_an_error(tmp_path: Path) -> None:
    report = write_corpus(tmp_path, {"ar/a.txt": AR_A})
    (tmp_path / "ar/a.txt").write_bytes(b"\xfa\xfbbad")
    with pytest.raises(
        ReportInputError, match=r"a\.txt: no longer reads as utf-8 \(changed since the scan\)$"
    ):
        load_texts_for_report(report)


def test_document_without_path_is_an_error() -> None:
    report = make_report({"stdin:1": EN}, [])
    with pytest.raises(ReportInputError, match=r"^stdin:1: no file path in the report"):
        load_texts_for_report(report)


def test_cli_writes_the_page_and_reports_bad_input(tmp_path: Path) -> None:
    typer = pytest.importorskip("typer")
    from typer.testing import CliRunner

    cli_report = pytest.importorskip("reuse_cli.report", reason="reuse_cli is importable once installed")
    app = typer.Typer()
    app.command("report")(cli_report.report)
    app.command("other")(lambda: None)  # a second command keeps "report" as a subcommand

    report = write_corpus(tmp_path, {"ar/a.txt": AR_A})
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps(report), encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(app, ["report", str(scan), "-o", str(tmp_path / "out.html")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "out.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    (tmp_path / "ar/a.txt").write_text("changed", encoding="utf-8")
    changed = runner.invoke(app, ["report", str(scan), "-o", str(tmp_path / "out.html")])
    assert changed.exit_code == 3
    assert re.fullmatch(r"reuse: .*a\.txt: changed since the scan \(sha256 differs\)\n", changed.stderr)

    # Two documents changed or gone: both named, a line each (a run named only the first).
    two = write_corpus(tmp_path / "two", {"ar/a.txt": AR_A, "en/b.txt": EN, "en/c.txt": EN + " More."})
    scan_two = tmp_path / "two.json"
    scan_two.write_text(json.dumps(two), encoding="utf-8")
    (tmp_path / "two/ar/a.txt").write_text("changed", encoding="utf-8")
    (tmp_path / "two/en/c.txt").unlink()
    both = runner.invoke(app, ["report", str(scan_two), "-o", str(tmp_path / "two.html")])
    assert both.exit_code == 3
    lines = both.stderr.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"reuse: .*a\.txt: changed since the scan \(sha256 differs\)", lines[0])
    assert re.fullmatch(r"reuse: .*c\.txt: no such file", lines[1])

    missing = runner.invoke(app, ["report", str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.html")])
    assert missing.exit_code == 3
    assert missing.stderr == f"reuse: {tmp_path / 'nope.json'}: no such file\n"
    assert "Traceback" not in missing.output


def _report_cli() -> Any:
    typer = pytest.importorskip("typer")
    cli_report = pytest.importorskip("reuse_cli.report", reason="reuse_cli is importable once installed")
    app = typer.Typer()
    app.command("report")(cli_report.report)
    app.command("other")(lambda: None)  # a second command keeps "report" as a subcommand
    return app


def test_cli_replaces_the_page_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    app = _report_cli()
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps(write_corpus(tmp_path, {"ar/a.txt": AR_A})), encoding="utf-8")
    out = tmp_path / "out.html"
    out.write_text("the previous page", encoding="utf-8")

    def disk_full(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        with open(self, "w", encoding="utf-8") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", disk_full)
    result = CliRunner().invoke(app, ["report", str(scan), "-o", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 3
    assert result.stderr == f"reuse: {out}: cannot write (No space left on device)\n"
    assert out.read_text(encoding="utf-8") == "the previous page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ar", "out.html", "scan.json"]


@pytest.mark.parametrize(
    ("sketch", "message"),
    [
        pytest.param(
            {"preparation": "reuse-prep/0"}, "preparation 'reuse-prep/0', not this version's", id="prep"
        ),
        pytest.param({"normalization": "reuse-norm/0"}, "normalization 'reuse-norm/0', not this", id="norm"),
    ],
)
def test_cli_refuses_a_report_from_other_text_rules(
    tmp_path: Path, sketch: dict[str, str], message: str
) -> None:
    from typer.testing import CliRunner

    report = write_corpus(tmp_path, {"ar/a.txt": AR_A})
    report["parameters"] = {"sketch": sketch}
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps(report), encoding="utf-8")
    result = CliRunner().invoke(_report_cli(), ["report", str(scan), "-o", str(tmp_path / "out.html")])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"reuse: {scan}: {message}")
    assert result.stderr.endswith(": scan again\n")
    assert not (tmp_path / "out.html").exists()


def test_a_cluster_shows_its_first_place_beside_one_copy_at_a_time_and_lists_every_place() -> None:
    passage = "وقال المتحدث إن المشروع <b>سيوفر</b> المياه"
    texts = {
        name: f"{pre} {passage} نهاية"
        for name, pre in (("a.txt", "مقدمة"), ("b.txt", "تمهيد طويل"), ("c.txt", "x"))
    }
    occurrences = []
    for name, text in texts.items():
        start = text.index(passage)
        occurrences.append({"doc": name, "start": start, "end": start + len(passage), "text": passage})
    cluster = {
        "id": "F1",
        "kind": "cluster",
        "similarity": 1.0,
        "words": 7,
        "boilerplate": False,
        "documents": 3,
        "occurrences": occurrences,
        "links": [
            {
                "pair": [0, k],
                "similarity": 1.0,
                "spans": [[o["start"], o["end"]] for o in (occurrences[0], occurrences[k])],
            }
            for k in (1, 2)
        ],
    }
    report = make_report(texts, []) | {"findings": [cluster]}
    page = render_html(report, texts)
    assert "in 3 documents" in page
    # not three passages side by side: the first beside the copy the editor picks, #2 to begin with
    panes = Page(page).find("div", class_="sides")
    assert [(p.attrs["data-copy"], "hidden" in p.attrs) for p in panes] == [("1", False), ("2", True)]
    assert all(len(find(p.inner, "div", class_="side")) == 2 for p in panes)
    for name in texts:
        assert f"<bdi>{name}</bdi> · chars" in page
    assert "<b>سيوفر</b>" not in page
    assert "&lt;b&gt;" in page
    assert 'dir="rtl"' in page
    boilerplate = render_html(report | {"findings": [cluster | {"boilerplate": True}]}, texts)
    assert ">boilerplate<" in boilerplate
    assert "<details open>" not in boilerplate


# ------------------------------------------------------------------ the walk of an editor through the page


@functools.cache
def fixture_page(name: str) -> tuple[dict[str, Any], dict[str, str], str]:
    """``fixtures/<name>`` scanned as ``reuse scan`` does, and its page."""
    from conftest import ROOT, read_text

    from reuse import Document, scan, to_report

    docs = [
        Document(f"fixtures/{name}/{p.name}", read_text(p))
        for p in sorted((ROOT / "fixtures" / name).glob("*.txt"))
    ]
    report = to_report(scan(docs, workers=1))
    texts = {d.id: d.text for d in docs}
    return report, texts, render_html(report, texts)


def doc_rows(page: Page) -> dict[str, Element]:
    """The Documents table's rows by document id."""
    (table,) = page.find("table", class_="docs")
    rows = {}
    for row in find(table.inner, "tr"):
        ids = find(row.inner, "bdi")
        if ids:
            rows[ids[0].text] = row
    return rows


def test_boilerplate_is_shown_as_boilerplate_and_the_counted_share_is_the_reports() -> None:
    """The wire's byline ("Reporting by … Editing by …") is boilerplate: not reuse, and not a repeat
    either, in the table, its bar and the document view; what the page counts is reused_fraction."""
    report, _, html = fixture_page("wire")
    page = Page(html)
    rows = doc_rows(page)
    fractions = {d["id"]: d["reused_fraction"] for d in report["documents"]}
    agency = rows["fixtures/wire/agency.txt"]
    (shares,) = find(agency.inner, "small", class_="shares")
    assert shares.text == "52% reused, 5% boilerplate"
    assert "repeated" not in "".join(r.text for r in rows.values())
    assert [e.attrs["class"] for e in find(agency.inner, "span") if e.attrs.get("style")] == [
        "k-reuse",
        "k-boilerplate",
    ]
    for doc_id, row in rows.items():
        (counted,) = find(row.inner, "td", class_="counted")
        assert counted.text == f"{fractions[doc_id] * 100:.0f}%"
        bar = {e.attrs["class"]: e.attrs["style"] for e in find(row.inner, "span") if e.attrs.get("style")}
        reused = float(bar.get("k-reuse", "width: 0%").split()[1].rstrip("%")) / 100
        assert reused == pytest.approx(fractions[doc_id], abs=1e-4)  # the bar's reuse is the report's
    # the byline is grey in the document view and its card, never yellow (reuse) or blue (repeat)
    (byline,) = [f for f in report["findings"] if f.get("boilerplate")]
    index = report["findings"].index(byline)
    runs = [r for r in page.find("a", class_="seg") if f"f{index}o0" in r.attrs["data-k"].split()]
    assert runs
    assert all(r.attrs["class"].split() == ["seg", "k-boilerplate"] for r in runs)
    assert {m.attrs["class"] for m in page.find("mark", data_k=f"f{index}o0")} == {"hl k-boilerplate"}


def test_a_share_reads_the_same_in_its_bar_and_in_counted() -> None:
    """1,379 of 1,444 characters reused is 0.95498, and the report's reused_fraction 0.955: the bar's label
    said 95% beside Counted's 96% (a walker's report). Both are the 4-decimal share, 96%."""
    text = "word " * 288 + "tail"  # 1,444 characters
    other = text[:1379]
    report = make_report(
        {"a.txt": text, "b.txt": other},
        [{"kind": "reuse", "spans": [("a.txt", 0, 1379), ("b.txt", 0, 1379)]}],
    )
    report["documents"][0]["reused_fraction"] = round(1379 / 1444, 4)
    row = doc_rows(Page(render_html(report, {"a.txt": text, "b.txt": other})))["a.txt"]
    (shares,) = find(row.inner, "small", class_="shares")
    (counted,) = find(row.inner, "td", class_="counted")
    assert (shares.text, counted.text) == ("96% reused", "96%")


def test_repeats_are_counted_apart_from_reuse(page: Page) -> None:
    """en/c.txt repeats its first sentence (F2) and lends its last to evil.txt (F3)."""
    (shares,) = find(doc_rows(page)["en/c.txt"].inner, "small", class_="shares")
    assert shares.text == f"{38 / len(EN):.0%} reused, {58 / len(EN):.0%} repeated"


def test_each_paragraph_is_an_element_with_its_own_direction_and_language() -> None:
    """Chromium mirrors no bracket of an Arabic paragraph after a blank line in one plaintext element
    ("(تحرير: سامي العربي)" showed as ")تحرير: سامي العربي("): each paragraph is an element of its own."""
    _, texts, html = fixture_page("refiled")
    page = Page(html)
    views = {e.text: e for e in page.find("div", class_="doctext")}
    for text, view in views.items():
        paras = find(view.inner, "div", class_="para")
        assert "".join(p.text for p in paras) == text
        for para in paras:
            assert not re.search(r"(?:\A|\n)[^\S\n]*\n\s*\S", para.text)  # no line after an empty one
    ending = texts["fixtures/refiled/ar_fire_refiled.txt"]
    assert ending.endswith("\n\n(تحرير: سامي العربي)\n")
    (last,) = [p for p in find(views[ending].inner, "div", class_="para") if "(تحرير" in p.text]
    assert last.text == "(تحرير: سامي العربي)\n"
    assert (last.attrs["dir"], last.attrs["lang"]) == ("rtl", "ar")
    # passages in cards too; English paragraphs keep the page's language
    for passage in page.find("div", class_="passage"):
        for para in find(passage.inner, "div", class_="para"):
            assert not re.search(r"(?:\A|\n)[^\S\n]*\n\s*\S", para.text.removeprefix("… "))
            arabic = bool(re.search("[\u0600-\u06ff]", para.text))
            assert para.attrs.get("lang") == ("ar" if arabic else None)
    english = next(e for e in page.find("div", class_="para") if e.text.startswith("Floodwaters"))
    assert (english.attrs["dir"], english.attrs.get("lang")) == ("ltr", None)


def test_a_highlight_across_paragraphs_is_one_mark_per_paragraph() -> None:
    _, texts, html = fixture_page("refiled")
    page = Page(html)
    (pane,) = find(page.find("template", id="tpl-f2")[0].inner, "div", data_copy="1")  # F3, #1 beside #2
    marks = find(pane.inner, "mark", data_k="f2o0")  # the Arabic cluster's #1
    start, end = int(marks[0].attrs["data-start"]), int(marks[0].attrs["data-end"])
    passage = texts["fixtures/refiled/ar_fire_refiled.txt"][start:end]
    assert passage.count("\n\n") == 3
    assert [m.text for m in marks] == [p + "\n\n" for p in passage.split("\n\n")[:-1]] + [
        passage.split("\n\n")[-1]
    ]


def test_a_changed_word_reads_from_its_side_to_the_other_in_arabic_too() -> None:
    """In an Arabic change the words ran right to left, so the arrow pointed from the new word to the
    old: the change now reads left to right, each word isolated and named by its side."""
    _, _, html = fixture_page("refiled")
    changes = Page(html).find("span", class_="change")
    arabic = next(c for c in changes if "كبير" in c.text and "ضخم" in c.text)
    assert arabic.attrs["dir"] == "ltr"
    assert arabic.text == "a كبير → b ضخم"
    words = find(arabic.inner, "bdi")
    assert [(w.text, w.attrs.get("lang")) for w in words] == [("كبير", "ar"), ("ضخم", "ar")]
    english = next(c for c in changes if "torrential" in c.text)
    assert [w.attrs.get("lang") for w in find(english.inner, "bdi")] == [None, None]


def test_a_cluster_compares_each_copy_with_the_first() -> None:
    """fixtures/wire: the evening paper's "hottest" (the agency's "warmest") is marked once its copy is
    the one compared; fixtures/refiled F3: #1's paragraphs that #3 has too are not "only in #1" there."""
    report, _, html = fixture_page("wire")
    page = Page(html)
    (template,) = page.find("template", id="tpl-f0")
    (select,) = find(template.inner, "select")
    occurrences = report["findings"][0]["occurrences"]
    assert [o.text for o in find(select.inner, "option")] == [
        f"#{j + 1} · {o['doc']}" for j, o in enumerate(occurrences) if j
    ]
    panes = find(template.inner, "div", class_="sides")
    assert [p.attrs.get("data-copy") for p in panes] == ["1", "2"]
    assert "hidden" not in panes[0].attrs
    assert "hidden" in panes[1].attrs
    evening = panes[[o["doc"] for o in occurrences].index("fixtures/wire/evening_post.txt") - 1]
    first, copy = find(evening.inner, "div", class_="side")
    assert "#3" in find(copy.inner, "div", class_="where")[0].text
    assert [e.text for e in find(copy.inner, "span", class_="w-chg")] == ["hottest"]
    assert [e.text for e in find(first.inner, "span", class_="w-chg")] == ["warmest"]

    report, _, html = fixture_page("refiled")
    page = Page(html)
    f3 = next(i for i, f in enumerate(report["findings"][2:]) if f["id"] == "F3")
    (template,) = page.find("template", id=f"tpl-f{f3}")
    by_copy = {p.attrs["data-copy"]: p for p in find(template.inner, "div", class_="sides")}
    council = "وأعلنت البلدية"  # a paragraph the short version (#2) lacks and the wire's (#3) has
    assert any(council in e.text for e in find(by_copy["1"].inner, "span", class_="w-del"))
    assert not any(council in e.text for e in find(by_copy["2"].inner, "span", class_="w-del"))


def test_a_run_in_two_findings_lists_both(report: dict[str, Any], texts: dict[str, str], page: Page) -> None:
    """F1 and F4 overlap in ar/a.txt: the data names each of the run's findings and where it leads."""
    blob = next(e for e in page.find("script") if e.attrs.get("type") == "application/json")
    parts = json.loads(blob.text)["parts"]
    shared = [r for r in page.find("a", class_="seg") if {"f0a", "f3a"} <= set(r.attrs["data-k"].split())]
    assert shared
    assert parts["f0a"] == [0, "A", "B", "f0b"]
    assert parts["f3a"] == [3, "A", "B", "f3b"]
    assert "f1o0" not in parts  # a run of one finding links straight to its counterpart


def test_cards_have_headings_and_can_take_focus(page: Page) -> None:
    for article in page.find("article", class_="finding"):
        assert article.attrs["tabindex"] == "-1"
        (heading,) = find(article.inner, "h3")
        assert heading.attrs["id"] == article.attrs["aria-labelledby"]
        assert heading.text.split()[0] in {"F1", "F2", "F3", "F4"}


def test_counts_are_in_the_singular_for_one() -> None:
    texts = {"a.txt": EN}
    one = make_report(texts, [{"kind": "repeat", "spans": [("a.txt", 0, 29), ("a.txt", 30, 59)]}])
    group = {"id": "G1", "kind": "near-duplicate", "docs": ["a.txt", "b.txt"], "similarity": 1.0, "pairs": []}
    page = Page(render_html(one | {"findings": [group, *one["findings"]], "errors": []}, texts))
    assert page.find("title")[0].text == "reuse report: 1 finding in 1 document"
    stats = [e.text for e in page.find("li") if find(e.inner, "b")]
    assert stats[:4] == ["1 document", "1 finding: 1 repeat", "1 near-duplicate group", "0 unreadable inputs"]


def test_a_dated_cluster_names_its_first_printing_and_dates_each_place() -> None:
    """The page said a document's date only in the Documents table; the first printing was nowhere."""
    from conftest import ROOT

    from reuse import scan, to_report
    from reuse.io import read_inputs

    docs = read_inputs([str(ROOT / "fixtures" / "papers")], date_field="date").documents
    report = to_report(scan(docs, workers=1))
    page = Page(render_html(report, {d.id: d.text for d in docs}))
    story, item = page.find("article", class_="finding")
    assert "earliest 1887-09-25: galena-gazette-p6 (1 undated)" in story.text
    assert "earliest 1887-09-20: helena-independent-p2" in item.text
    listed = [row.text for row in find(page.find("table", id="finding-list")[0].inner, "tr")[1:]]
    assert ["earliest 1887-09-25" in listed[0], "earliest 1887-09-20" in listed[1]] == [True, True]
    places = {
        find(li.inner, "bdi")[0].text: li
        for li in page.find("ul", class_="occurrences")[0].inner
        if li.tag == "li"
    }
    assert {doc: [t.text for t in find(li.inner, "time")] for doc, li in places.items()} == {
        "eureka-star-p8": ["1888-01-22"],
        "galena-gazette-p6": ["1887-09-25"],
        "lowell-advertiser-p2": ["1887-10-13"],
        "ogden-herald-p3": [],
    }
    marked = [doc for doc, li in places.items() if find(li.inner, "span", class_="earliest")]
    assert marked == ["galena-gazette-p6"]


def test_a_dated_group_names_its_earliest_version() -> None:
    from conftest import ROOT, read_text

    from reuse import Document, scan, to_report
    from reuse.models import Source

    refiled = ROOT / "fixtures" / "refiled"
    dated = {
        "en_flood_wire.txt": "2024-03-02",
        "en_flood_refiled.txt": "2024-03-01",
        "en_flood_brief.txt": "",
    }
    docs = [Document(n, read_text(refiled / n), source=Source("jsonl", date=d)) for n, d in dated.items()]
    report = to_report(scan(docs, workers=1))
    (summary,) = [
        s for s in Page(render_html(report, {d.id: d.text for d in docs})).find("summary") if "G1" in s.text
    ]
    assert summary.text.endswith("earliest 2024-03-01: en_flood_refiled.txt (1 undated)")
