"""Reading what newsrooms have: web pages, Word drafts, CSV, TSV and Parquet exports.

Every file here is made by the test from known texts (``newsroom.py``): the bundled fixtures, and the
libya-news seed articles when ``../shared/datasets`` is there. The findings must be the ones the
plain-text scan gives, and every reported ``text`` the slice of the text ``reuse extract`` prints.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, read_text, shared_dataset, spans
from newsroom import (
    cms_rows,
    news_page,
    odt_document,
    paragraphs,
    pdf_document,
    press_email,
    table_rows,
    write_crawl,
    write_csv,
    write_drafts,
    write_emails,
    write_json,
    write_jsonl,
    write_odts,
    write_pages,
    write_parquet,
    write_web_archives,
    write_xlsx,
)
from typer.testing import CliRunner

from reuse.extract import HTML_READER
from reuse.io import parse_jsonl
from reuse.models import Document, Fields
from reuse.tables import CSV_READER, XLSX_READER
from reuse_cli.main import app

pytest.importorskip("trafilatura", reason="needs the formats extra: pip install -e '.[formats]'")
runner = CliRunner()
TABLE_ARGS = ["--id-field", "article_id", "--text-field", "body", "--date-field", "published"]


def scan_json(*args: str, code: int = 0) -> dict[str, Any]:
    result = runner.invoke(app, ["scan", *args, "--format", "json", "--quiet"])
    assert result.exit_code == code, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def extracted(path: Path, *args: str) -> dict[str, str]:
    """Document id -> the text ``reuse extract`` prints for ``path`` (JSONL for tables)."""
    result = runner.invoke(app, ["extract", str(path), *args])
    assert result.exit_code == 0, result.output
    if path.suffix in (".csv", ".tsv", ".parquet", ".xlsx", ".jsonl", ".json", ".gz"):
        return {r["id"]: r["text"] for r in map(json.loads, result.stdout_bytes.decode().splitlines())}
    return {str(path): result.stdout_bytes.decode("utf-8")}


def passages(report: dict[str, Any]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Each finding as its kind and (document stem, passage with whitespace collapsed) per span."""
    return sorted(
        (f["kind"], tuple((Path(p["doc"]).stem, " ".join(p["text"].split())) for p in spans(f)))
        for f in report["findings"]
    )


def as_files(fmt: str, texts: dict[str, str], folder: Path) -> tuple[Path, list[str]]:
    """The texts saved as ``fmt``: the path to scan and the options it needs."""
    if fmt in ("html", "html-2002"):
        write_pages(texts, folder, layout="table" if fmt == "html-2002" else "article")
        return folder, []
    one_a_file = {"docx": write_drafts, "mhtml": write_web_archives, "eml": write_emails, "odt": write_odts}
    if fmt in one_a_file:  # a file a text, in the folder
        one_a_file[fmt](texts, folder)
        return folder, []
    if fmt == "warc":  # every page in one crawl, found in the folder by its suffix
        write_crawl(texts, folder)
        return folder, []
    folder.mkdir()
    rows = cms_rows(texts) if fmt.endswith("-cms") else table_rows(texts)
    path = {
        "csv": lambda: write_csv(rows, folder / "export.csv"),
        "csv-semicolon": lambda: write_csv(rows, folder / "export.csv", delimiter=";"),
        "tsv": lambda: write_csv(rows, folder / "export.tsv", delimiter="\t"),
        "parquet": lambda: write_parquet(rows, folder / "export.parquet"),
        "xlsx": lambda: write_xlsx(rows, folder / "export.xlsx"),
        "csv-cms": lambda: write_csv(rows, folder / "export.csv"),
        "jsonl-cms": lambda: write_jsonl(rows, folder / "export.jsonl"),
        "json": lambda: write_json(rows, folder / "export.json"),
    }[fmt]()
    return path, [*TABLE_ARGS, "--title-field", "headline", "--url-field", "url"]


FORMATS = [
    "html",
    "mhtml",
    "warc",
    "eml",
    "docx",
    "odt",
    "json",
    "csv",
    "tsv",
    "parquet",
    "xlsx",
    "csv-semicolon",
    "csv-cms",
    "jsonl-cms",
]
"""``mhtml``: the pages as a browser saves one as a single file; ``json``: an API's page of results;
``warc``: all the pages as a crawler captured them, in one web archive;
``eml``: each text as a press office mails it; ``odt``: as a LibreOffice draft;
``csv-semicolon``: as Excel saves
CSV where the comma is the decimal mark; ``-cms``: each body as a CMS keeps it, in HTML
(:func:`newsroom.html_body`), read as the text a browser shows."""


def check_same_findings_as_text(
    fmt: str, texts: dict[str, str], text_report: dict[str, Any], tmp: Path
) -> None:
    path, args = as_files(fmt, texts, tmp / fmt)
    report = scan_json(str(path), *args)
    assert report["errors"] == []
    assert passages(report) == passages(text_report)
    sources = {d["id"]: d["source"] for d in report["documents"]}
    texts_read: dict[str, str] = {}
    for file in [path] if path.is_file() else sorted(path.iterdir()):
        texts_read |= extracted(file, *args)
    for finding in report["findings"]:
        for part in spans(finding):
            assert texts_read[part["doc"]][part["start"] : part["end"]] == part["text"]
    for doc in report["documents"]:
        assert doc["source"]["format"] == fmt.split("-")[0]
        assert len(doc["source"]["sha256"]) == 64
        assert doc["source"].get("markup") == ("reuse-html-fragment/1" if fmt.endswith("-cms") else None)
    if fmt in ("csv", "tsv", "parquet", "xlsx", "csv-semicolon", "json"):  # the cell is the text: its offsets

        def places(findings: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
            return sorted((Path(p["doc"]).stem, p["start"], p["end"]) for f in findings for p in spans(f))

        assert places(report["findings"]) == places(text_report["findings"])
        assert all(s["date"].startswith("2020-06-") for s in sources.values())
    if fmt.split("-")[0] in ("csv", "tsv", "parquet", "xlsx", "jsonl", "json"):  # the row's headline, address
        rows = {r["article_id"]: r for r in table_rows(texts)}
        assert {i: (s["title"], s["url"]) for i, s in sources.items()} == {
            i: (rows[i]["headline"], rows[i]["url"]) for i in sources
        }
    if fmt == "html-2002":  # the page's date line is the story cell's first line, and is kept
        assert all(t.startswith("2020-06-03\n") for t in texts_read.values())
    if fmt in ("html", "mhtml", "warc"):
        assert all(s["extractor"] == "trafilatura" and s["extractor_version"] for s in sources.values())
        assert all(s["url"].startswith("https://news.example.ly/") and s["title"] for s in sources.values())


@pytest.fixture(scope="module")
def fixture_texts() -> dict[str, str]:
    return {p.name: read_text(p) for p in sorted(FIXTURES.glob("*.txt"))}


@pytest.fixture(scope="module")
def fixture_text_report() -> dict[str, Any]:
    return scan_json(str(FIXTURES))


@pytest.mark.parametrize("fmt", FORMATS)
def test_fixtures_in_every_format_give_the_text_scans_findings(
    fmt: str, fixture_texts: dict[str, str], fixture_text_report: dict[str, Any], tmp_path: Path
) -> None:
    check_same_findings_as_text(fmt, fixture_texts, fixture_text_report, tmp_path)


@pytest.mark.shared
@pytest.mark.parametrize("fmt", [*FORMATS, "html-2002"])
def test_seed_articles_in_every_format_give_the_three_seed_findings(fmt: str, tmp_path: Path) -> None:
    """Each format, and the seed articles as pages laid out by a table, as sites were around 2002."""
    corpus = shared_dataset("libya-news") / "corpus"
    texts = {p.name: read_text(p) for p in sorted(corpus.glob("*.txt"))}
    text_report = scan_json(str(corpus))
    assert [f["kind"] for f in text_report["findings"]] == ["reuse", "repeat", "repeat"]
    check_same_findings_as_text(fmt, texts, text_report, tmp_path)


def test_extract_prints_the_article_exactly_and_says_how_it_was_read(tmp_path: Path) -> None:
    text = read_text(FIXTURES / "ar_repeats.txt")
    page = tmp_path / "page.html"
    page.write_text(news_page(text, title="خطة النقل", url="https://x.ly/n/1", date="2024-03-01"), "utf-8")
    printed = runner.invoke(app, ["extract", str(page)])
    assert printed.exit_code == 0
    assert printed.stdout_bytes.decode("utf-8") == "\n".join(paragraphs(text))
    (line,) = runner.invoke(app, ["extract", str(page), "--format", "jsonl"]).stdout.splitlines()
    record = json.loads(line)
    assert record["source"] | {"sha256": "", "extractor_version": ""} == {
        "format": "html",
        "reader": "reuse-html/4",
        "extractor": "trafilatura",
        "extractor_version": "",
        "encoding": "utf-8",
        "sha256": "",
        "title": "خطة النقل",
        "date": "2024-03-01T09:30:00+02:00",
        "url": "https://x.ly/n/1",
    }


def test_extract_of_a_draft_keeps_one_line_per_paragraph(tmp_path: Path) -> None:
    text = read_text(FIXTURES / "ar_source.txt")
    write_drafts({"d.txt": text}, tmp_path)
    printed = runner.invoke(app, ["extract", str(tmp_path / "d.docx")]).stdout_bytes.decode("utf-8")
    assert printed == "\n".join(["Draft", *(line.strip() for line in text.splitlines() if line.strip())])


def test_a_draft_written_from_python_docxs_blank_template_has_no_date(tmp_path: Path) -> None:
    """Its 2013 creation time is the template's: taken as the draft's, a draft a CMS wrote that way
    was named the first printing of the archived story it copied. A creation time set is kept."""
    import docx

    from reuse.extract import docx_text

    document = docx.Document()
    document.add_paragraph("A draft written by a program. " * 5)
    blank = tmp_path / "blank.docx"
    document.save(str(blank))
    assert docx_text(blank.read_bytes()).date == ""
    document.core_properties.created = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)
    document.save(str(blank))
    assert docx_text(blank.read_bytes()).date == "2024-03-01T09:30:00+00:00"
    document.core_properties.created = datetime.datetime(2013, 12, 23, 23, 15, tzinfo=datetime.UTC)
    document.core_properties.author = "Layla"  # the same time, set by a person: kept
    document.save(str(blank))
    assert docx_text(blank.read_bytes()).date == "2013-12-23T23:15:00+00:00"


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _tracked_draft(path: Path, pasted: str, merged: str) -> Path:
    """A draft as an editor leaves it with Track Changes on, written element by element (Word's XML).

    A heading; ``pasted`` inserted (``w:ins``) after the editor's own words, with a deleted sentence
    between; a sentence moved (away from one paragraph, to another); a byline in a content control;
    a link and a date field; a table whose first row is ``merged``, one cell across three columns,
    with a deleted row and a cell merged down two rows; a text box, kept by Word twice (``mc:Choice``,
    ``mc:Fallback``).
    """
    import docx
    from docx.oxml import parse_xml

    def run(text: str, deleted: bool = False) -> str:
        tag = "w:delText" if deleted else "w:t"
        return f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'

    def cells(*texts: str) -> str:
        return "".join(f"<w:tc><w:p>{run(text)}</w:p></w:tc>" for text in texts)

    change = 'w:author="Desk" w:date="2026-11-30T09:00:00Z"'
    box = "<w:txbxContent><w:p>{}</w:p></w:txbxContent>".format(run("Box: fishing quotas explained."))
    body = [
        f"<w:p>{run('Fisheries accord extended')}</w:p>",
        f'<w:p>{run("Our reporter writes: ")}<w:del w:id="1" {change}>{run("An old lead. ", True)}</w:del>'
        f'<w:ins w:id="2" {change}>{run(pasted)}</w:ins></w:p>',
        f'<w:p><w:moveFrom w:id="3" {change}>{run("Moved sentence.")}</w:moveFrom>{run("Stays here.")}</w:p>',
        f'<w:p>{run("Then: ")}<w:moveTo w:id="4" {change}>{run("Moved sentence.")}</w:moveTo></w:p>',
        f'<w:sdt><w:sdtPr><w:alias w:val="Byline"/></w:sdtPr><w:sdtContent><w:p>{run("By Desk staff")}'
        "</w:p></w:sdtContent></w:sdt>",
        f'<w:p>{run("Source: ")}<w:hyperlink w:anchor="x">{run("the accord")}</w:hyperlink>'
        f'{run(", filed ")}<w:fldSimple w:instr="DATE">{run("30/11/2026")}</w:fldSimple></w:p>',
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p>{run(merged)}</w:p></w:tc></w:tr>'
        f'<w:tr><w:trPr><w:del w:id="5" {change}/></w:trPr>{cells("Deleted row", "", "")}</w:tr>'
        f'<w:tr>{cells("Cod")}<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p>{run("stock")}</w:p>'
        f"</w:tc>{cells('high')}</w:tr>"
        f"<w:tr>{cells('Hake')}<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>{cells('low')}</w:tr></w:tbl>",
        f'<w:p>{run("Sidebar follows.")}<w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"<w:drawing>{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>",
    ]
    document = docx.Document()
    root = document.element.body
    for old in list(root):
        if not old.tag.endswith("sectPr"):
            root.remove(old)
    for element in body:
        root.insert(len(root) - 1, parse_xml(f"<w:wrap {W_NS} {MC_NS}>{element}</w:wrap>")[0])
    document.save(str(path))
    return path


def test_a_draft_reads_with_its_tracked_changes_accepted_and_a_merged_cell_once(tmp_path: Path) -> None:
    """A wire story pasted into a draft with Track Changes on is found; the draft's text is what Word
    shows with the changes accepted (checked line by line against the XML written above)."""
    wire = read_text(FIXTURES / "en_wire.txt")
    pasted = wire.splitlines()[0]
    merged = "Catch limits for every species stay at current levels until the review in five years."
    draft = _tracked_draft(tmp_path / "draft.docx", pasted, merged)
    printed = runner.invoke(app, ["extract", str(draft)]).stdout_bytes.decode("utf-8")
    assert printed.split("\n") == [
        "Fisheries accord extended",
        f"Our reporter writes: {pasted}",
        "Stays here.",
        "Then: Moved sentence.",
        "By Desk staff",
        "Source: the accord, filed 30/11/2026",
        merged,
        "Cod\tstock\thigh",
        "Hake\t\tlow",  # the cell merged down is read once, where it starts
        "Sidebar follows.",
        "Box: fishing quotas explained.",
    ]
    (tmp_path / "en_wire.txt").write_text(wire, "utf-8")
    report = scan_json(str(draft), str(tmp_path / "en_wire.txt"))
    (finding,) = report["findings"]  # the pasted story; no repeat of the merged cell
    assert finding["kind"] == "reuse"
    by_doc = {part["doc"]: part for part in (finding["a"], finding["b"])}
    assert by_doc[str(draft)]["text"] == printed[by_doc[str(draft)]["start"] : by_doc[str(draft)]["end"]]
    assert by_doc[str(draft)]["text"].startswith("GENEVA (Wire)")


def test_an_api_dumps_nested_fields_are_named_by_their_dotted_path(tmp_path: Path) -> None:
    """WordPress's REST API nests a post's body and headline (``content.rendered``, ``title.rendered``):
    in JSONL and in Parquet (a struct column) they are named by their path, as Spark names them."""
    story = "The council voted on Tuesday to reopen the northern harbour after three weeks of repairs."
    posts = [
        {
            "id": 7,
            "link": "https://x.ly/7",
            "title": {"rendered": "Port reopens &#8211; <em>officials</em>"},
            "content": {"rendered": f"<p>{story}</p>"},
        },
        {
            "id": 9,
            "link": "https://x.ly/9",
            "title": {"rendered": "Boats"},
            "content": {"rendered": f"<p>So {story}</p>"},
        },
    ]
    args = ["--text-field", "content.rendered", "--title-field", "title.rendered", "--url-field", "link"]
    for path in (
        write_jsonl(posts, tmp_path / "posts.jsonl"),
        write_parquet(posts, tmp_path / "posts.parquet"),
    ):
        report = scan_json(str(path), *args)
        documents = [(d["id"], d["source"]["title"], d["source"]["url"]) for d in report["documents"]]
        assert documents == [
            ("7", "Port reopens – officials", "https://x.ly/7"),
            ("9", "Boats", "https://x.ly/9"),
        ]
        assert extracted(path, *args) == {"7": story, "9": f"So {story}"}  # read as HTML, tags gone
        (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]
        assert finding["a"]["text"] == story.rstrip(".")
        wrong = runner.invoke(app, ["scan", str(path), "--text-field", "content.raw"])
        assert wrong.exit_code == 3
        assert "content.raw" in wrong.stderr.splitlines()[0]
    (literal,) = parse_jsonl(['{"id": 1, "a.b": "literal", "a": {"b": "x"}}'], "x", fields=Fields(text="a.b"))
    assert isinstance(literal, Document)
    assert literal.text == "literal"  # a key with a dot in it is taken as it is first


def test_a_press_release_pdf_is_found_in_the_article_and_its_running_footer_is_not_a_repeat(
    tmp_path: Path,
) -> None:
    """A ministry's statement as a PDF of three pages, each with the office's header and a footer of
    ten words that only its page number changes; an article that copied a paragraph of it."""
    import textwrap

    wire = read_text(FIXTURES / "en_wire.txt")
    lines = [line for paragraph in paragraphs(wire) for line in textwrap.wrap(paragraph, 88)]
    thirds = [lines[k::3] for k in range(3)]  # three pages, in order
    thirds = [
        lines[: len(lines) // 3],
        lines[len(lines) // 3 : 2 * len(lines) // 3],
        lines[2 * len(lines) // 3 :],
    ]
    footer = "Page {} of 3 - Ministry of Fisheries, 12 Harbour Road, Port Ellis, telephone 555 0100"
    pages = [
        ["MINISTRY OF FISHERIES - PRESS RELEASE", *page, footer.format(k + 1)]
        for k, page in enumerate(thirds)
    ]
    statement = tmp_path / "statement.pdf"
    statement.write_bytes(pdf_document(pages, title="Fisheries accord", created="D:20240301093000+02'00'"))
    (tmp_path / "article.txt").write_text(read_text(FIXTURES / "en_local.txt"), "utf-8")

    printed = runner.invoke(app, ["extract", str(statement)]).stdout_bytes.decode("utf-8")
    assert printed == "\n".join(lines)  # header and footers out, the body line for line
    report = scan_json(str(tmp_path))
    kinds = sorted(f["kind"] for f in report["findings"])
    assert kinds == ["reuse"]  # the copied paragraph; no repeat of the footer
    finding = report["findings"][0]
    side = next(part for part in spans(finding) if part["doc"].endswith("statement.pdf"))
    assert printed[side["start"] : side["end"]] == side["text"]
    assert "Negotiators from twelve countries" in side["text"]
    (source,) = [d["source"] for d in report["documents"] if d["id"].endswith(".pdf")]
    assert (source["format"], source["reader"], source["extractor"]) == ("pdf", "reuse-pdf/2", "pypdf")
    assert (source["title"], source["date"]) == ("Fisheries accord", "2024-03-01T09:30:00+02:00")


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("about:blank", ""),
        ("file:///home/desk/release.html", ""),
        ("https://x.ly/r", ""),
        ("About: the accord", "About: the accord"),
    ],
)
def test_a_pdf_title_that_is_an_address_is_no_headline(title: str, kept: str) -> None:
    """A page without a title printed to PDF by Chromium is titled "about:blank" (or its address): the
    Documents table showed that as the release's headline (a walker's desk folder)."""
    from reuse.extract import pdf_extracted

    assert pdf_extracted(pdf_document([["A statement of the ministry."]], title=title)).title == kept


def test_a_press_release_by_email_is_its_body_and_its_attached_documents(tmp_path: Path) -> None:
    """The statement as mailed: plain text and HTML, an Arabic subject. Mailed in its body, the body is
    found in the article; mailed as an attached PDF ("please find attached"), the attachment is a
    document of its own, found, and found again by ``reuse report``. A release mailed as HTML alone
    is read as a browser shows it."""
    import textwrap

    wire = read_text(FIXTURES / "en_wire.txt")
    statement = pdf_document([textwrap.wrap(p, 88) for p in paragraphs(wire)], title="Statement")
    subject = "بيان صحفي: تمديد اتفاق الصيد"
    (tmp_path / "body.eml").write_bytes(press_email(wire, subject=subject))
    note = "Please find attached the ministry's statement on the fisheries accord, for publication."
    (tmp_path / "attached.eml").write_bytes(press_email(note, subject=subject, attachment=statement))
    (tmp_path / "html-only.eml").write_bytes(press_email(wire, subject="Fisheries", plain=False))
    (tmp_path / "article.txt").write_text(read_text(FIXTURES / "en_local.txt"), "utf-8")

    body = tmp_path / "body.eml"
    printed = runner.invoke(app, ["extract", str(body)]).stdout_bytes.decode("utf-8")
    assert printed == "\n".join(paragraphs(wire)) + "\n"  # the body as typed
    html_only = tmp_path / "html-only.eml"
    assert extracted(html_only) == {str(html_only): "\n".join(paragraphs(wire))}
    attached = tmp_path / "attached.eml"
    lines = runner.invoke(app, ["extract", str(attached)]).stdout.splitlines()  # two documents: jsonl
    read = {r["id"]: r for r in map(json.loads, lines)}
    assert list(read) == [str(attached), f"{attached}#release.pdf"]
    assert read[str(attached)]["text"] == note + "\n"
    pdf = read[f"{attached}#release.pdf"]
    assert pdf["text"] == "\n".join(line for p in paragraphs(wire) for line in textwrap.wrap(p, 88))
    assert (pdf["source"]["format"], pdf["source"]["record"], pdf["source"]["reader"]) == (
        "eml",
        "attachment release.pdf",
        "reuse-pdf/2",
    )

    out = tmp_path / "found.json"
    article = tmp_path / "article.txt"
    scanned = runner.invoke(app, ["scan", str(body), str(attached), str(article), "-o", str(out)])
    assert scanned.exit_code == 0, scanned.output
    report = json.loads(out.read_text("utf-8"))
    passages = [
        part
        for f in report["findings"]
        for part in ([f["a"], f["b"]] if f["kind"] == "reuse" else f.get("occurrences", []))
    ]
    found = {part["doc"] for part in passages}
    assert {str(body), f"{attached}#release.pdf", str(article)} <= found  # one passage, in all three
    texts = {str(body): printed, str(article): read_text(article)} | {i: r["text"] for i, r in read.items()}
    assert all(texts[p["doc"]][p["start"] : p["end"]] == p["text"] for p in passages)
    sources = {d["id"]: d["source"] for d in report["documents"]}
    assert (sources[str(body)]["format"], sources[str(body)]["reader"]) == ("eml", "reuse-eml/1")
    assert (sources[str(body)]["title"], sources[str(body)]["date"]) == (subject, "2026-12-01T09:30:00+02:00")
    drawn = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "found.html")])
    assert drawn.exit_code == 0, drawn.output  # every document read again, the attachment too

    undeclared = tmp_path / "undeclared.eml"  # 8-bit Arabic with no charset: UTF-8, as clients send it
    undeclared.write_bytes(b"From: a@b.ly\r\nSubject: x\r\n\r\n" + "وقال المتحدث باسم الوزارة".encode())
    assert extracted(undeclared) == {str(undeclared): "وقال المتحدث باسم الوزارة"}


def test_a_release_forwarded_as_an_attachment_is_read_with_its_own_attachment(tmp_path: Path) -> None:
    """A colleague forwards the ministry's email "as attachment" (``message/rfc822``), and the release
    is that email's attached PDF: the forwarded email's body and its PDF are documents of their own,
    named inside the file the desk saved, found in the article, and found again by ``reuse report``.
    Forwards inside forwards are opened too, to a depth; a saved ``.eml`` attached as a file is one."""
    import email
    import email.policy
    import textwrap
    from email.message import EmailMessage

    wire = read_text(FIXTURES / "en_wire.txt")
    statement = pdf_document([textwrap.wrap(p, 88) for p in paragraphs(wire)], title="Statement")
    note = "Please find attached the ministry's statement on the fisheries accord, for publication."
    original = email.message_from_bytes(
        press_email(note, subject="Fisheries accord", attachment=statement), policy=email.policy.default
    )

    def forward(inner: EmailMessage | bytes, text: str) -> EmailMessage:
        message = EmailMessage()
        message["From"], message["To"] = "editor@news.example.ly", "desk@news.example.ly"
        message["Subject"], message["Date"] = "Fwd: Fisheries accord", "Tue, 01 Dec 2026 10:00:00 +0200"
        message.set_content(text)
        if isinstance(inner, bytes):  # a saved .eml attached as a file
            message.add_attachment(inner, "application", "octet-stream", filename="saved.eml")
        else:
            message.add_attachment(inner)  # message/rfc822, named by nothing but its subject
        return message

    assert isinstance(original, EmailMessage)
    forwarded = tmp_path / "fwd.eml"
    forwarded.write_bytes(forward(original, "FYI, the ministry's release below.").as_bytes())
    lines = runner.invoke(app, ["extract", str(forwarded)]).stdout.splitlines()
    read = {r["id"]: r for r in map(json.loads, lines)}
    inner, pdf = f"{forwarded}#Fisheries accord.eml", f"{forwarded}#Fisheries accord.eml#release.pdf"
    assert list(read) == [str(forwarded), inner, pdf]
    assert read[str(forwarded)]["text"] == "FYI, the ministry's release below.\n"
    assert read[inner]["text"] == note + "\n"
    assert read[pdf]["text"] == "\n".join(line for p in paragraphs(wire) for line in textwrap.wrap(p, 88))
    assert read[pdf]["source"]["record"] == "attachment Fisheries accord.eml / attachment release.pdf"
    assert read[pdf]["source"]["sha256"] == hashlib.sha256(forwarded.read_bytes()).hexdigest()
    # The PDF has no date of its own: it was sent with the ministry's email, not with the forward.
    assert read[pdf]["source"]["date"] == read[inner]["source"]["date"] == "2026-12-01T09:30:00+02:00"
    assert read[str(forwarded)]["source"]["date"] == "2026-12-01T10:00:00+02:00"

    article = tmp_path / "article.txt"
    article.write_text(read_text(FIXTURES / "en_local.txt"), "utf-8")
    out = tmp_path / "found.json"
    assert runner.invoke(app, ["scan", str(forwarded), str(article), "-o", str(out)]).exit_code == 0
    report = json.loads(out.read_text("utf-8"))
    (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]
    assert {finding["a"]["doc"], finding["b"]["doc"]} == {pdf, str(article)}
    assert runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "found.html")]).exit_code == 0

    nested = tmp_path / "nested.eml"  # forwarded again, as a saved file, then again as a message
    saved = forward(original, "Forwarding.").as_bytes()
    deep = email.message_from_bytes(forward(saved, "Once more.").as_bytes(), policy=email.policy.default)
    assert isinstance(deep, EmailMessage)
    nested.write_bytes(forward(deep, "And again.").as_bytes())
    ids = [r["id"] for r in map(json.loads, runner.invoke(app, ["extract", str(nested)]).stdout.splitlines())]
    assert ids[-1] == f"{nested}#Fwd: Fisheries accord.eml#saved.eml#Fisheries accord.eml#release.pdf"


def test_an_odt_draft_reads_with_its_tracked_changes_accepted_and_a_merged_cell_once(tmp_path: Path) -> None:
    """The rules of Word drafts, for LibreOffice's: the change log's deleted text, footnotes and comments
    are not read; a pasted story marked as inserted is; spaces, tabs and line breaks as shown."""
    wire = read_text(FIXTURES / "en_wire.txt")
    pasted = html.escape(wire.splitlines()[0])
    merged = "Catch limits for every species stay at current levels until the review in five years."
    change = "<office:change-info><dc:creator>Desk</dc:creator></office:change-info>"
    body = (
        '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
        f"{change}<text:p>An old lead that was deleted.</text:p></text:deletion></text:changed-region>"
        f'<text:changed-region text:id="c2"><text:insertion>{change}</text:insertion></text:changed-region>'
        "</text:tracked-changes>"
        '<text:h text:outline-level="1">Fisheries accord extended</text:h>'
        '<text:p>Our reporter writes: <text:change text:change-id="c1"/>'
        '<text:change-start text:change-id="c2"/>'
        f'{pasted}<text:change-end text:change-id="c2"/></text:p>'
        '<text:p>Two<text:s text:c="3"/>spaces<text:tab/>tab<text:line-break/>and a note'
        "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote."
        "</text:p></text:note-body></text:note> and a comment<office:annotation><dc:creator>Ed</dc:creator>"
        "<text:p>Check this.</text:p></office:annotation>.</text:p>"
        '<text:p>See <text:bookmark-ref text:ref-name="t" text:reference-format="text">the table'
        "</text:bookmark-ref> below.</text:p>"
        "<text:list><text:list-item><text:p>First point</text:p></text:list-item></text:list>"
        '<table:table><table:table-column table:number-columns-repeated="3"/><table:table-row>'
        f'<table:table-cell table:number-columns-spanned="3"><text:p>{merged}</text:p></table:table-cell>'
        "<table:covered-table-cell/><table:covered-table-cell/></table:table-row><table:table-row>"
        "<table:table-cell><text:p>Cod</text:p></table:table-cell><table:table-cell><text:p>stock</text:p>"
        "</table:table-cell><table:table-cell><text:p>high</text:p></table:table-cell></table:table-row>"
        "</table:table>"
        '<text:p>Sidebar follows.<draw:frame draw:name="box"><draw:text-box><text:p>Box: quotas explained.'
        "</text:p></draw:text-box></draw:frame></text:p>"
    )
    draft = tmp_path / "draft.odt"
    draft.write_bytes(odt_document(body, title="Accord", created="2026-11-30T09:00:00"))
    printed = runner.invoke(app, ["extract", str(draft)]).stdout_bytes.decode("utf-8")
    assert printed.split("\n") == [
        "Fisheries accord extended",
        f"Our reporter writes: {wire.splitlines()[0]}",
        "Two   spaces\ttab",
        "and a note and a comment.",
        "See the table below.",  # a cross-reference shows its text
        "First point",
        merged,
        "Cod\tstock\thigh",
        "Sidebar follows.",
        "Box: quotas explained.",
    ]
    (tmp_path / "en_wire.txt").write_text(wire, "utf-8")
    report = scan_json(str(draft), str(tmp_path / "en_wire.txt"))
    (finding,) = report["findings"]  # the pasted story; no repeat of the merged cell
    side = next(part for part in spans(finding) if part["doc"] == str(draft))
    assert printed[side["start"] : side["end"]] == side["text"]
    (source,) = [d["source"] for d in report["documents"] if d["id"] == str(draft)]
    assert (source["format"], source["reader"], source["title"]) == ("odt", "reuse-odt/1", "Accord")


def test_the_folder_a_browser_saves_beside_a_page_is_its_parts_not_pages(
    tmp_path: Path, fixture_text_report: dict[str, Any]
) -> None:
    """ "Save page as: complete" writes ``story.html`` and ``story_files/`` (frames, scripts, styles):
    a folder of such pages scans as the pages alone, and a ``_files`` folder with no page is read."""
    pages = write_pages({p.name: read_text(p) for p in FIXTURES.glob("*.txt")}, tmp_path / "saved")
    for page in pages.values():
        parts_folder = page.with_name(page.stem + "_files")
        parts_folder.mkdir()
        frame = news_page(read_text(FIXTURES / "unrelated.txt"), title="Advertisement")
        (parts_folder / "ad-frame.html").write_text(frame, "utf-8")
        (parts_folder / "widget.htm").write_text("<html><body>Most read</body></html>", "utf-8")
        (parts_folder / "style.css").write_text("p { margin: 0 }", "utf-8")
    report = scan_json(str(tmp_path / "saved"))
    assert sorted(Path(d["id"]).name for d in report["documents"]) == sorted(p.name for p in pages.values())
    assert report["errors"] == []
    assert passages(report) == passages(fixture_text_report)
    lone = tmp_path / "saved" / "archive_files"  # no archive.html beside it: its pages are pages
    lone.mkdir()
    (lone / "kept.html").write_text(news_page(read_text(FIXTURES / "unrelated.txt"), title="Kept"), "utf-8")
    assert f"{lone}/kept.html" in {d["id"] for d in scan_json(str(tmp_path / "saved"))["documents"]}


def test_extract_of_a_table_is_jsonl_and_text_needs_one_document(tmp_path: Path) -> None:
    path = write_csv(table_rows({"a.txt": "first text", "b.txt": "second text"}), tmp_path / "t.csv")
    lines = runner.invoke(app, ["extract", str(path), *TABLE_ARGS]).stdout.splitlines()
    assert [(r["id"], r["text"], r["source"]["record"]) for r in map(json.loads, lines)] == [
        ("a", "first text", "row 1"),
        ("b", "second text", "row 2"),
    ]
    as_text = runner.invoke(app, ["extract", str(path), *TABLE_ARGS, "--format", "text"])
    assert as_text.exit_code == 2
    assert "holds 2 documents; use --format jsonl" in as_text.stderr
    assert runner.invoke(app, ["extract", str(tmp_path / "nope.html")]).exit_code == 3


def test_extract_of_a_folder_or_a_file_it_cannot_read_is_one_line_and_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not typer's usage panel (exit 2) for a file without read permission, nor "no such file" for a
    folder."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to("folder")
    for name in ("folder", "link"):
        result = runner.invoke(app, ["extract", str(tmp_path / name)])
        assert result.exit_code == 3
        assert result.stderr == f"reuse: {tmp_path / name}: is a folder (reuse extract reads one file;" + (
            " reuse scan reads a folder)\n"
        )
    locked = tmp_path / "locked.txt"
    locked.write_text("words nobody may read", encoding="utf-8")

    def denied(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    # As for a file without read permission, even to root: click asks os.access, reading raises.
    monkeypatch.setattr(os, "access", lambda *_, **__: False)
    monkeypatch.setattr(Path, "read_bytes", denied)
    result = runner.invoke(app, ["extract", str(locked)])
    assert (result.exit_code, result.stderr) == (3, f"reuse: {locked}: cannot read: Permission denied\n")


def test_a_page_declaring_windows_1256_needs_no_encoding_option(tmp_path: Path) -> None:
    text = read_text(FIXTURES / "ar_source.txt")
    markup = news_page(text, title="خبر").replace('charset="utf-8"', 'charset="windows-1256"')
    (tmp_path / "old.html").write_bytes(markup.encode("cp1256"))
    report = scan_json(str(tmp_path))
    assert report["documents"][0]["source"]["encoding"] == "windows-1256"
    assert report["documents"][0]["chars"] == len("\n".join(paragraphs(text)))


def test_an_excel_unicode_text_export_is_read_as_a_table(tmp_path: Path) -> None:
    """Excel's "Unicode Text" export, the way it saves Arabic: tab-separated UTF-16 behind FF FE, CRLF."""
    texts = {"r1": read_text(FIXTURES / "ar_source.txt"), "r2": read_text(FIXTURES / "ar_copy.txt")}
    rows = ["article_id\tbody"] + [f'{key}\t"{text.strip()}"' for key, text in texts.items()]
    path = tmp_path / "export.tsv"
    path.write_bytes("\r\n".join(rows).encode("utf-16"))
    assert extracted(path, "--id-field", "article_id", "--text-field", "body") == {
        key: text.strip() for key, text in texts.items()
    }


def test_a_page_resaved_as_utf8_under_its_old_windows_1256_declaration_is_read_as_utf8(
    tmp_path: Path,
) -> None:
    """A site moved to UTF-8 that kept its old ``<meta charset>``: the bytes, valid UTF-8, decide."""
    text = read_text(FIXTURES / "ar_source.txt")
    markup = news_page(text, title="خبر").replace('charset="utf-8"', 'charset="windows-1256"')
    (tmp_path / "moved.html").write_bytes(markup.encode("utf-8"))
    (tmp_path / "moved16.html").write_bytes(markup.replace("windows-1256", "utf-16").encode("utf-8"))
    report = scan_json(str(tmp_path), "--glob", "*.html")
    assert [d["source"]["encoding"] for d in report["documents"]] == ["utf-8", "utf-8"]
    extracted = runner.invoke(app, ["extract", str(tmp_path / "moved.html")])
    assert extracted.stdout.rstrip("\n").split("\n") == paragraphs(text)


def test_a_sidebar_box_named_article_text_is_not_taken_for_the_story(tmp_path: Path) -> None:
    """A magazine's page: the story in containers whose names trafilatura does not know, and a
    sidebar box advertising the PDF edition whose class (``article-text``) it does. trafilatura's
    fast pass reads the box as the article, as it did on Spiegel, Horizont and La Vie des idées
    pages (``benchmarks/real_pages.py``); the full cascade, weighing readability's reading, reads
    the story. The box's text must not come out, or the story is lost to the scan."""
    import trafilatura

    from reuse.extract import _fast_pass

    story = paragraphs(read_text(FIXTURES / "en_wire.txt"))
    box = [
        "Read the whole weekly edition as a PDF on every device, on Friday evening before it is printed.",
        "Our archive holds every edition since 1947, free to search for every reader but the last year.",
    ]
    page = (
        '<html><head><title>Trawlers</title></head><body><div id="content-main" class="grid">'
        '<div class="column-wide"><div class="dig-artikel"><h2>Trawlers return</h2><div class="dig-text">'
        + "".join(f'<div class="dig-absatz">{line}</div>' for line in story)
        + '</div></div></div><div class="column-small"><div class="box"><div class="article-text">'
        + "".join(f"<p>{line}</p>" for line in box)
        + "</div></div></div></div></body></html>"
    )
    assert _fast_pass(trafilatura.load_html(page)) == "\n".join(box)  # the trap: the fast pass alone
    path = tmp_path / "magazine.html"
    path.write_text(page, encoding="utf-8")
    printed = runner.invoke(app, ["extract", str(path)])
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout.rstrip("\n").split("\n") == story


def _whole_page_text(markup: str) -> str | None:
    """trafilatura's fast pass on the whole page, as reuse-html/1 ran it."""
    import trafilatura

    return trafilatura.extract(
        trafilatura.load_html(markup),
        fast=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )


def test_dropping_what_trafilatura_deletes_unread_leaves_its_text_as_it_was(
    fixture_texts: dict[str, str],
) -> None:
    """The menus, footers, scripts and styles go before trafilatura reads the page, and it must not
    notice: its fast pass gives the text it gives on the whole page, on every fixture (Arabic and
    English) in every layout, on pages without an article, and on a page that hides a footer, an
    aside and a script inside its article and declares a forum thread in JSON-LD."""
    import trafilatura

    from reuse.extract import _fast_options, drop_unread

    pages = [
        news_page(text, title=name, seed=k, layout=layout, body=body)
        for k, (name, text) in enumerate(sorted(fixture_texts.items()))
        for layout in ("article", "divs", "br", "table")
        for body in (True, False)
    ]
    article = "".join(f"<p>{line}</p>" for line in paragraphs(fixture_texts["en_wire.txt"]))
    pages.append(
        '<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>'
        f"</head><body><nav><a href='/'>Home</a></nav><article>{article[:400]}<aside>Related: more"
        f"</aside><script>var x = 1;</script>{article[400:]}<footer>Filed by the desk</footer> after"
        '<dl class="comments"><dt>Reader</dt><dd>A reader wrote this comment at some length.</dd></dl>'
        "</article></body></html>"
    )  # a forum's comments are its posts: trafilatura keeps this <dl> only when it sees the JSON-LD
    some_text = 0
    for markup in pages:
        tree = trafilatura.load_html(markup)
        assert tree is not None
        drop_unread(tree)
        assert not tree.xpath("//nav | //footer | //aside | //style | //script[not(@type)]")
        kept = trafilatura.extract(tree, options=_fast_options())
        assert kept == _whole_page_text(markup)
        some_text += bool(kept)
    assert some_text > len(pages) // 4  # the comparison is not between two empty results
    assert "A reader wrote" in (kept or "")


def test_compiled_boilerplate_expressions_leave_every_page_as_lxml_reads_it(
    fixture_texts: dict[str, str],
) -> None:
    """``reuse.regex_paths`` answers trafilatura's ``re:test`` expressions in Python instead of lxml's
    XPath; the text of every page must come out as it does with lxml's own answers: every fixture in
    every layout, and pages whose article holds the boxes those expressions delete (a hidden
    subscription box, a share bar, a consent banner, a comment list, a box hidden from screen
    readers), each written with its ``class`` before or after its ``id``."""
    from trafilatura import xpaths

    from reuse.extract import FormatError, html_text
    from reuse.regex_paths import speed_up_trafilatura

    pages = [
        news_page(text, title=name, seed=k, layout=layout)
        for k, (name, text) in enumerate(sorted(fixture_texts.items()))
        for layout in ("article", "divs", "br")
    ]
    story = [f"<p>{line}</p>" for line in paragraphs(fixture_texts["en_wire.txt"])]
    boxes = [
        '<div style="display:none">Subscribe now for full access to every story we publish.</div>',
        '<div class="hide-print social-share">Share this story on Facebook, X and WhatsApp today.</div>',
        '<div id="cookie-consent" class="banner">We use cookies to improve your experience here.</div>',
        '<div class="banner" id="cookie-consent">We use cookies to improve your experience there.</div>',
        '<ul id="comments-list"><li>A reader wrote a long comment about the trawlers here.</li></ul>',
        '<div aria-hidden="true">Advertisement: the best boats for sale, at the harbour now.</div>',
    ]
    for k in range(len(boxes)):
        article = story[:2] + boxes[k:] + boxes[:k] + story[2:]
        pages.append(f"<html><body><article>{''.join(article)}</article></body></html>")

    def texts() -> list[str]:
        out = []
        for markup in pages:
            try:
                out.append(html_text(markup).text)
            except FormatError as error:
                out.append(f"error: {error}")
        return out

    changed = speed_up_trafilatura()
    compiled = texts()
    places = [(getattr(xpaths, name), at) for name, at in changed]
    stand_ins = [expressions[at] for expressions, at in places]
    try:  # in place, as trafilatura's modules hold the lists themselves
        for (expressions, at), stand_in in zip(places, stand_ins, strict=True):
            expressions[at] = stand_in.as_lxml()
        by_lxml = texts()
    finally:
        for (expressions, at), stand_in in zip(places, stand_ins, strict=True):
            expressions[at] = stand_in
    assert compiled == by_lxml
    assert sum(not text.startswith("error") for text in compiled) == len(pages)
    assert not any("Subscribe now" in text or "We use cookies" in text for text in compiled)


def _zip_of_text(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")


def _cut_in_half(make: Callable[[Path], object]) -> Callable[[Path], None]:
    """A writer of a file copied half way: a zip archive without its end (its table of contents)."""

    def write(path: Path) -> None:
        make(path)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    return write


def _ole_file(stream: str) -> Callable[[Path], None]:
    """A writer of an OLE compound file (Word 97-2003, Excel 97-2003) whose directory names ``stream``."""

    def write(path: Path) -> None:
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le"))

    return write


def _long_draft(path: Path) -> None:
    from newsroom import write_docx

    write_docx("A draft with words. " * 200, path)


def _encrypted_pdf() -> bytes:
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_document([["A statement under embargo."]])))
    writer.encrypt(user_password="embargo", owner_password="press office", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bomb(path: Path, member: str) -> None:
    """A 60 KB file whose one part unpacks to 60 MB of zeros: it would take a reader's memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, bytes(60_000_000))


def _csv_without_text_column(path: Path) -> None:
    path.write_text("article_id,headline\n1,Port news\n", encoding="utf-8")


def _parquet_with_numbers_for_text(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"article_id": ["a", "b"], "body": [1, 2], "published": ["x", "y"]}), path)


def _parquet_with_a_struct_for_date(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = [{"day": "2020-01-01"}, {"day": "2020-01-02"}]
    pq.write_table(pa.table({"article_id": ["a", "b"], "body": ["x y", "z w"], "published": days}), path)


BAD_INPUTS = [
    pytest.param(
        "empty.html",
        lambda p: p.write_text(news_page("x", title="عنوان", body=False), "utf-8"),
        "no article text found (the page has no article body the extractor recognises)",
        id="page-without-article",
    ),
    pytest.param(
        "login.html",
        lambda p: p.write_text(
            "<html><body><form><input name='user'></form>"
            "<footer>Copyright 2026 News Ltd. All rights reserved.</footer></body></html>"
        ),
        "no article text found (the page has no article body the extractor recognises)",
        id="login-page-of-a-form-and-a-footer",
    ),
    pytest.param(
        "draft.docx",
        _zip_of_text,
        "not a Word .docx file (a zip archive without word/document.xml)",
        id="docx-zip-of-something-else",
    ),
    pytest.param(
        "old.docx",
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc"),
        "not a Word .docx file (not a zip archive; an old .doc? save it as .docx)",
        id="docx-not-a-zip",
    ),
    pytest.param(
        "cut.docx",
        _cut_in_half(_long_draft),
        "not a Word .docx file (a damaged zip archive (cut short?): copy it again)",
        id="docx-cut-short",
    ),
    pytest.param(
        "cut.xlsx",
        _cut_in_half(lambda p: write_xlsx([{"article_id": "a", "body": "words " * 2000}], p)),
        "not an Excel .xlsx workbook (a damaged zip archive (cut short?): copy it again)",
        id="xlsx-cut-short",
    ),
    pytest.param(
        "cut.odt",
        _cut_in_half(lambda p: p.write_bytes(odt_document("A draft with words. " * 200))),
        "not an OpenDocument text (a damaged zip archive (cut short?): copy it again)",
        id="odt-cut-short",
    ),
    pytest.param(
        "renamed.docx",
        _ole_file("WordDocument"),
        "not a Word .docx file (a Word 97-2003 .doc file named .docx: rename it to .doc)",
        id="doc-named-docx",
    ),
    pytest.param(
        "renamed.odt",
        _ole_file("WordDocument"),
        "not an OpenDocument text (a Word 97-2003 .doc file named .odt: rename it to .doc)",
        id="doc-named-odt",
    ),
    pytest.param(
        "renamed.xlsx",
        _ole_file("Workbook"),
        "not an Excel .xlsx workbook (an Excel 97-2003 .xls file named .xlsx: save it as .xlsx)",
        id="xls-named-xlsx",
    ),
    pytest.param(
        "bomb.docx",
        lambda p: _zip_bomb(p, "word/document.xml"),
        "its parts would unpack to 60 MB from 0.06 MB (a zip bomb?)",
        id="docx-zip-bomb",
    ),
    pytest.param(
        "bomb.odt",
        lambda p: _zip_bomb(p, "content.xml"),
        "its parts would unpack to 60 MB from 0.06 MB (a zip bomb?)",
        id="odt-zip-bomb",
    ),
    pytest.param(
        "draft.odt",
        _zip_of_text,
        "not an OpenDocument text (a zip archive without content.xml)",
        id="odt-zip-of-something-else",
    ),
    pytest.param(
        "release.eml",
        lambda p: p.write_text("Notes for the desk, not an email at all.\nSecond line.", "utf-8"),
        "not an email (none of the headers an email has: From, Subject, Date...)",
        id="eml-not-an-email",
    ),
    pytest.param(
        "statement.pdf",
        lambda p: p.write_bytes(b"<html>a page saved with the wrong suffix</html>"),
        "not a PDF file (it does not start with %PDF-)",
        id="pdf-not-a-pdf",
    ),
    pytest.param(
        "statement.pdf",
        lambda p: p.write_bytes(_encrypted_pdf()),
        "encrypted: it needs a password to open",
        id="pdf-encrypted",
    ),
    pytest.param(
        "scan.pdf",
        lambda p: p.write_bytes(pdf_document([[], []])),
        "no text in it (a scanned PDF? run OCR on it first)",
        id="pdf-without-text",
    ),
    pytest.param(
        "statement.pdf",
        lambda p: p.write_bytes(pdf_document([["Only this page."]])[:300]),
        "cannot read as a PDF",
        id="pdf-cut-short",
    ),
    pytest.param(
        "export.csv",
        _csv_without_text_column,
        "no column 'body' (columns: 'article_id', 'headline'; use --text-field)",
        id="csv-missing-column",
    ),
    pytest.param(
        "export.parquet",
        _parquet_with_numbers_for_text,
        "column 'body' holds int64, not text (a string column; use --text-field)",
        id="parquet-wrong-type",
    ),
    pytest.param(
        "export.parquet",
        _parquet_with_a_struct_for_date,
        "column 'published' holds struct<day: string>, not one value"
        " (use --date-field; name a field inside it: published.day)",
        id="parquet-struct-for-date",
    ),
    pytest.param(
        "export.parquet",
        lambda p: p.write_bytes(b"id,text\n1,not parquet\n"),
        "not a Parquet file",
        id="parquet-not-parquet",
    ),
    pytest.param(
        "export.xlsx",
        lambda p: write_xlsx([{"article_id": "a", "headline": "عنوان"}], p),
        "no column 'body' (columns: 'article_id', 'headline'; use --text-field)",
        id="xlsx-missing-column",
    ),
    pytest.param(
        "export.xlsx",
        _zip_of_text,
        "not an Excel .xlsx workbook (a zip archive without xl/workbook.xml)",
        id="xlsx-zip-of-something-else",
    ),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_naming_the_file_and_nothing_else_is_lost(
    tmp_path: Path, name: str, make: Callable[[Path], None], message: str, fixture_text_report: dict[str, Any]
) -> None:
    folder = tmp_path / "corpus"
    write_pages({p.name: read_text(p) for p in FIXTURES.glob("*.txt")}, folder)
    make(folder / name)
    result = runner.invoke(app, ["scan", str(folder), *TABLE_ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if not line.startswith("reuse: 7 documents")]
    assert len(errors) == 1
    assert errors[0].startswith(f"reuse: {folder / name}: {message}")
    report = json.loads(result.stdout)
    assert [e["path"] for e in report["errors"]] == [str(folder / name)]
    assert passages(report) == passages(fixture_text_report)
    assert "Traceback" not in result.output
    assert runner.invoke(app, ["scan", str(folder), *TABLE_ARGS, "-f", "json", "--strict"]).exit_code == 3
    alone = runner.invoke(app, ["scan", str(folder / name), *TABLE_ARGS, "-f", "json"])
    assert alone.exit_code == 3
    assert "no document could be read" in alone.stderr


def test_a_bad_row_is_named_and_the_other_rows_are_read(tmp_path: Path) -> None:
    rows = table_rows({"a.txt": "first text here", "b.txt": " ", "c.txt": "third text here"})
    path = write_parquet(rows, tmp_path / "t.parquet")
    result = runner.invoke(app, ["scan", str(path), *TABLE_ARGS, "-f", "json"])
    assert result.exit_code == 0
    assert f"reuse: {path}:row 2: empty or whitespace-only text" in result.stderr
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["a", "c"]


def test_a_null_text_is_said_to_be_empty_not_whitespace(tmp_path: Path) -> None:
    """A Parquet null read as "empty or whitespace-only text", where JSONL's says it holds null."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table({"id": ["a", "b", "c"], "text": ["some words", None, "  "]}), tmp_path / "t.parquet"
    )
    result = runner.invoke(app, ["extract", str(tmp_path / "t.parquet")])
    assert result.stderr.splitlines() == [
        f"reuse: {tmp_path / 't.parquet'}:row 2: no text: the text cell is empty (null)",
        f"reuse: {tmp_path / 't.parquet'}:row 3: empty or whitespace-only text: nothing to compare",
    ]


def test_parquet_ids_and_dates_are_text_never_a_python_repr(tmp_path: Path) -> None:
    """A binary id column is UTF-8 text; a map, a list or a boolean is no id or date, said so."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = ["first text here", "second text here", "third text here"]
    table = {
        "article_id": pa.array([b"a", "\u0628".encode(), b"\xff"], pa.binary()),
        "body": texts,
        "tags": pa.array([[("k", 1)]] * 3, pa.map_(pa.string(), pa.int64())),
        "flag": [True, False, True],
        "meta": [{"day": "2020-01-01"}] * 3,
    }
    pq.write_table(pa.table(table), tmp_path / "t.parquet")
    ids = ["--id-field", "article_id", "--text-field", "body"]
    result = runner.invoke(app, ["extract", str(tmp_path / "t.parquet"), *ids])
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "\u0628"]
    assert (
        result.stderr
        == f"reuse: {tmp_path / 't.parquet'}:row 3: the id cell holds bytes that are not UTF-8 (byte 0)\n"
    )
    for option, column, kind in [
        ("--date-field", "tags", "map<string, int64"),  # pyarrow names the map's field after the column
        ("--id-field", "meta", "struct<day: string>"),
    ]:
        refused = runner.invoke(app, ["extract", str(tmp_path / "t.parquet"), *ids, option, column])
        assert refused.exit_code == 3
        (line,) = refused.stderr.splitlines()
        assert line.startswith(f"reuse: {tmp_path / 't.parquet'}: column {column!r} holds {kind}")
        assert f"not one value (use {option}" in line
    assert "name a field inside it: meta.day)" in line
    flags = runner.invoke(app, ["extract", str(tmp_path / "t.parquet"), *ids, "--title-field", "flag"])
    assert "row 1: the title cell holds a boolean (true), not text or a number" in flags.stderr
    assert "Traceback" not in flags.output


def test_an_excel_export_that_opens_with_a_summary_sheet_is_read_from_its_sheet_of_records(
    tmp_path: Path,
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book.active.append(["Exported", "2026-12-01"])
    book.active.append(["Articles", 3])
    archive = book.create_sheet("Archive")
    for row in (
        ["article_id", "body"],
        ["a", "The harbour reopened."],
        ["b", 2020],
        ["c", "Boats returned."],
    ):
        archive.append(row)
    book.save(tmp_path / "export.xlsx")
    result = runner.invoke(app, ["scan", str(tmp_path / "export.xlsx"), *TABLE_ARGS[:4], "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["a", "c"]
    assert (
        f"reuse: {tmp_path / 'export.xlsx'}:sheet 'Archive' row 3: the text cell holds a number"
        in result.stderr
    )
    book.remove(archive)  # no sheet of records left: the first sheet's columns are named
    book.save(tmp_path / "summary.xlsx")
    alone = runner.invoke(app, ["scan", str(tmp_path / "summary.xlsx"), *TABLE_ARGS[:4]])
    assert alone.exit_code == 3
    assert "no column 'body' (columns: 'Exported', '2026-12-01'; use --text-field)" in alone.stderr


def test_an_excel_sheet_whose_header_comes_after_a_title_and_a_blank_row_is_read(tmp_path: Path) -> None:
    """Exports often open with a title line, or a blank row: the header is the row naming the columns."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append([None, None])  # openpyxl writes no empty row: a cell of nothing keeps its place
    book.active["A1"] = None
    book.active.append(["Archive export, 2026-12-01"])
    book.active.append([None])
    for row in (["id", "text"], ["a", "The harbour reopened."], ["b", "Boats returned."]):
        book.active.append(row)
    book.save(tmp_path / "titled.xlsx")
    result = runner.invoke(app, ["scan", str(tmp_path / "titled.xlsx"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["a", "b"]


def test_an_excel_export_keeps_ids_dates_and_line_ends_and_names_a_number_for_text(tmp_path: Path) -> None:
    """What an editor's workbook holds: numeric ids, date cells, a cell with CR LF inside, a number
    typed into the text column. Dates become ISO 8601, the text is the cell's string exactly."""
    import datetime

    rows = [
        {"article_id": 101, "body": "السطر الأول\r\nوالسطر الثاني", "published": datetime.date(2020, 6, 3)},
        {"article_id": 102, "body": 2020, "published": datetime.datetime(2020, 6, 4, 9, 30)},
        {"article_id": 103, "body": "Harbour notes, second edition.", "published": "4 June"},
    ]
    path = write_xlsx(rows, tmp_path / "export.xlsx")
    printed = extracted(path, *TABLE_ARGS)
    assert printed == {"101": "السطر الأول\r\nوالسطر الثاني", "103": "Harbour notes, second edition."}
    result = runner.invoke(app, ["scan", str(path), *TABLE_ARGS, "-f", "json"])
    assert f"reuse: {path}:row 3: the text cell holds a number, not text" in result.stderr  # Excel's row
    sources = {d["id"]: d["source"] for d in json.loads(result.stdout)["documents"]}
    assert {i: (s["format"], s["reader"], s["date"]) for i, s in sources.items()} == {
        "101": ("xlsx", XLSX_READER, "2020-06-03"),
        "103": ("xlsx", XLSX_READER, "4 June"),
    }


def test_report_extracts_pages_again_and_refuses_changed_text(tmp_path: Path) -> None:
    write_pages({p.name: read_text(p) for p in FIXTURES.glob("ar_*.txt")}, tmp_path / "pages")
    saved = tmp_path / "scan.json"
    assert runner.invoke(app, ["scan", str(tmp_path / "pages"), "-o", str(saved), "-q"]).exit_code == 0
    page = tmp_path / "report.html"
    ok = runner.invoke(app, ["report", str(saved), "-o", str(page)])
    assert ok.exit_code == 0, ok.output
    assert "وقال المتحدث" in page.read_text(encoding="utf-8")

    data = json.loads(saved.read_text(encoding="utf-8"))
    data["documents"][0]["sha256"] = "0" * 64  # as if an older recipe had read the same page
    data["documents"][0]["source"]["reader"] = "reuse-html/2"
    saved.write_text(json.dumps(data), encoding="utf-8")
    drift = runner.invoke(app, ["report", str(saved), "-o", str(page)])
    assert drift.exit_code == 3
    version = data["documents"][0]["source"]["extractor_version"]
    assert (
        f"the file is unchanged but its text extracts differently now (reuse-html/2, trafilatura {version} "
        f"at the scan, {HTML_READER}, trafilatura {version} now): scan it again"
    ) in drift.stderr

    first = Path(data["documents"][0]["path"])
    first.write_text(first.read_text(encoding="utf-8").replace("</footer>", "<p>x</p></footer>"), "utf-8")
    changed = runner.invoke(app, ["report", str(saved), "-o", str(page)])
    assert changed.exit_code == 3
    assert changed.stderr == f"reuse: {first}: changed since the scan (sha256 differs)\n"


def test_record_html_is_read_as_text_when_most_records_hold_it_and_can_be_forced_either_way(
    tmp_path: Path,
) -> None:
    """auto judges a file's records together, says so on stderr, and names a record left with no text;
    --markup text keeps the tags as words, --markup html reads a file auto would leave alone."""
    story = "The council voted on Tuesday to reopen the northern harbour after three weeks of repairs."
    rows = [
        {"article_id": "a", "body": f"<p>{story}</p><p>Boats &amp; crews waited.</p>"},
        {"article_id": "b", "body": f'<p class="lede">Officials said {story}</p>'},
        {"article_id": "c", "body": '<figure><img src="/harbour.jpg"></figure>'},
    ]
    path = write_csv(rows, tmp_path / "export.csv")
    result = runner.invoke(
        app, ["scan", str(path), "--id-field", "article_id", "--text-field", "body", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert f"reuse: {path}: text field read as HTML" in result.stderr
    assert f"reuse: {path}:row 3: no text once its HTML is read" in result.stderr
    report = json.loads(result.stdout)
    texts = extracted(path, "--id-field", "article_id", "--text-field", "body")
    assert texts == {"a": f"{story}\nBoats & crews waited.", "b": f"Officials said {story}"}
    (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]
    assert {finding["a"]["text"], finding["b"]["text"]} == {story.rstrip(".")}  # word-exact spans

    book = tmp_path / "found.xlsx"
    runner.invoke(
        app, ["scan", str(path), "--id-field", "article_id", "--text-field", "body", "-o", str(book)]
    )
    import openpyxl

    sheet = list(openpyxl.load_workbook(book)["documents"].values)
    how = [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    assert [(d["id"], d["reader"], d["markup"]) for d in how] == [
        ("a", CSV_READER, "reuse-html-fragment/1"),
        ("b", CSV_READER, "reuse-html-fragment/1"),
    ]
    said = runner.invoke(app, ["extract", str(path), "--id-field", "article_id", "--text-field", "body"])
    assert said.stderr.startswith(f"reuse: {path}:row 3: no text once its HTML is read")
    assert f"reuse: {path}: text field read as HTML" in said.stderr
    kept = extracted(path, "--id-field", "article_id", "--text-field", "body", "--markup", "text")
    assert kept == {row["article_id"]: row["body"] for row in rows}

    mostly_plain = [
        *rows[:1],
        {"article_id": "d", "body": "Plain words."},
        {"article_id": "e", "body": "More."},
    ]
    path = write_csv(mostly_plain, tmp_path / "mixed.csv")
    assert extracted(path, "--id-field", "article_id", "--text-field", "body")["a"] == rows[0]["body"]
    forced = extracted(path, "--id-field", "article_id", "--text-field", "body", "--markup", "html")
    assert forced["a"] == f"{story}\nBoats & crews waited."


def test_a_large_record_files_html_read_on_several_cores_is_read_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spread over forked processes, a record file's HTML texts come back in their rows' order, with
    the row that holds no text named where it stands, exactly as read in one process."""
    import reuse.markup
    from reuse.io import ReadOptions, read_file

    texts = {p.name: read_text(p) for p in sorted(FIXTURES.glob("*.txt"))}
    rows = cms_rows(texts) * 3
    rows = [row | {"article_id": f"{row['article_id']}-{k}"} for k, row in enumerate(rows)]
    rows.insert(5, {**rows[0], "article_id": "empty", "body": "<figure><img src='x.jpg'></figure>"})
    path = write_csv(rows, tmp_path / "export.csv")
    options = ReadOptions(id_field="article_id", text_field="body")
    alone = read_file(path, "export.csv", options, workers=1)
    monkeypatch.setattr(reuse.markup, "SPREAD_CHARACTERS", 1)
    parent, fragment_text = os.getpid(), reuse.markup.fragment_text

    def in_a_child(markup: str) -> str:  # forked processes inherit it; here it fails
        assert os.getpid() != parent, "read in the calling process, not spread"
        return fragment_text(markup)

    monkeypatch.setattr(reuse.markup, "fragment_text", in_a_child)
    together = read_file(path, "export.csv", options, workers=2)
    assert together == alone
    assert len(alone) == len(rows)
    assert str(alone[5]).startswith("export.csv:row 6: no text")
    assert all(doc.source and doc.source.markup for doc in alone if isinstance(doc, Document))
