"""Web archives (WARC): each HTML page a crawler captured is a document, named by its address.

The crawls are written here with warcio's writer (``newsroom.crawl``) from known texts, with what a
crawler keeps beside the pages (styles, images, a 404, a redirect), pages sent gzip-compressed or
chunked, a page captured twice, and files cut short or not WARC at all.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, read_text, spans
from newsroom import arc_crawl, crawl, news_page, paragraphs, write_crawl, write_pages
from typer.testing import CliRunner

from reuse.io import ReadOptions, read_file, read_inputs
from reuse.models import Document, InputError
from reuse_cli.main import app

pytest.importorskip("trafilatura", reason="needs the formats extra: pip install -e '.[formats]'")
pytest.importorskip("warcio", reason="needs the formats extra: pip install -e '.[formats]'")
runner = CliRunner()
SITE = "https://news.example.ly/stories/"


def _page(text: str, k: int = 0, **kw: Any) -> bytes:
    return news_page(text, title=paragraphs(text)[0][:60], seed=k, url=f"{SITE}{k}", **kw).encode("utf-8")


def _html(**headers: str) -> dict[str, str]:
    return {"Content-Type": "text/html; charset=utf-8"} | headers


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name: read_text(p) for p in sorted(FIXTURES.glob("*.txt"))}


def test_each_html_page_answered_200_is_a_document_named_by_its_address(
    texts: dict[str, str], tmp_path: Path
) -> None:
    path = write_crawl(texts, tmp_path)
    found = [item for item in read_file(path, "crawl.warc.gz") if isinstance(item, Document)]
    assert len(found) == len(texts)
    stems = sorted(Path(name).stem for name in texts)
    assert [d.id for d in found] == [f"crawl.warc.gz#{SITE}{stem}.html" for stem in stems]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    files = write_pages(texts, tmp_path / "pages")  # the same pages as files, read as a page file is
    for n, (doc, stem) in enumerate(zip(found, stems, strict=True), start=1):
        assert isinstance(doc, Document)
        assert doc.source is not None
        assert doc.path == "crawl.warc.gz"
        assert (doc.source.format, doc.source.record, doc.source.sha256) == ("warc", f"page {n}", digest)
        (as_file,) = read_file(files[stem], stem)
        assert isinstance(as_file, Document)
        assert as_file.source is not None
        assert doc.text == as_file.text, stem  # the gzip-sent and the chunked page too
        assert (doc.source.title, doc.source.url) == (as_file.source.title, as_file.source.url)
        assert doc.source.url.startswith("https://news.example.ly/")  # the page's own canonical address


def test_a_page_captured_again_is_named_by_its_capture_time_and_one_without_article_is_named(
    tmp_path: Path,
) -> None:
    story = read_text(FIXTURES / "en_local.txt")
    data = crawl(
        [
            (f"{SITE}harbour.html", _page(story), _html()),
            (f"{SITE}index.html", _page(story, body=False), _html()),  # menus, teasers, no article
            (f"{SITE}harbour.html", _page(story.replace("busy", "quiet")), _html()),
        ]
    )
    (tmp_path / "c.warc").write_bytes(gzip.decompress(data))  # a plain .warc: the members joined
    found = read_file(tmp_path / "c.warc", "c.warc")
    assert [type(item).__name__ for item in found] == ["Document", "InputError", "Document"]
    first, missing, again = found
    assert isinstance(first, Document)
    assert isinstance(again, Document)
    assert first.id == f"c.warc#{SITE}harbour.html"
    assert again.id == f"c.warc#{SITE}harbour.html@2026-12-01T08:00:02Z"
    assert "quiet" in again.text
    assert "quiet" not in first.text
    assert isinstance(missing, InputError)
    assert missing.path == f"c.warc#{SITE}index.html"
    assert missing.error.startswith("no article text found")


@pytest.mark.parametrize("suffix", [".arc", ".arc.gz"])
def test_an_arc_file_from_before_warc_is_read_as_a_web_archive(suffix: str, tmp_path: Path) -> None:
    """The Internet Archive's crawls before 2008: the same pages, named the same way, format ``arc``."""
    story = read_text(FIXTURES / "en_local.txt")
    captures = [
        (f"{SITE}harbour.html", "20080430204826", "text/html", _page(story)),
        ("https://news.example.ly/site.css", "20080430204827", "text/css", b"p {}"),
        (f"{SITE}wire.html", "20080430204828", "text/html", _page(read_text(FIXTURES / "en_wire.txt"), 1)),
    ]
    path = tmp_path / f"crawl{suffix}"
    path.write_bytes(arc_crawl(captures, gzip=suffix.endswith(".gz")))
    read = read_inputs([str(tmp_path)])
    assert read.errors == ()
    assert [d.id for d in read.documents] == [f"{path}#{SITE}harbour.html", f"{path}#{SITE}wire.html"]
    first = read.documents[0]
    assert first.source is not None
    assert (first.source.format, first.source.record) == ("arc", "page 1")
    (as_warc,) = read_file(_single_capture_warc(tmp_path, _page(story)), "one.warc.gz")
    assert isinstance(as_warc, Document)
    assert first.text == as_warc.text
    cut = tmp_path / "cut" / f"crawl{suffix}"
    cut.parent.mkdir()
    cut.write_bytes(path.read_bytes()[:-200])
    *pages, error = read_file(cut, "cut")
    assert len(pages) == 1
    assert isinstance(error, InputError)
    assert error.error.startswith("stopped after 1 page: ")


def _single_capture_warc(folder: Path, page: bytes) -> Path:
    path = folder / "one.warc.gz"
    path.write_bytes(crawl([(f"{SITE}harbour.html", page, _html())]))
    return path


def test_pages_sent_compressed_are_read_and_an_encoding_it_cannot_undo_is_named(tmp_path: Path) -> None:
    """gzip (as x-gzip too), deflate and brotli (what browsers ask for; warcio's own brotli hook
    fails on brotli 1.2), chunked or not; zstd is named as such rather than read as markup; a body
    that is not the gzip its header says is read as it is, as warcio does."""
    import zlib

    import brotli

    story = read_text(FIXTURES / "en_local.txt")
    page = _page(story)
    deflated = zlib.compressobj(wbits=zlib.MAX_WBITS)
    sent = {
        "gzip": (gzip.compress(page), _html(**{"Content-Encoding": "gzip"})),
        "deflate": (deflated.compress(page) + deflated.flush(), _html(**{"Content-Encoding": "deflate"})),
        "br": (brotli.compress(page), _html(**{"Content-Encoding": "br"})),
        "br-chunked": (
            brotli.compress(page),
            _html(**{"Content-Encoding": "br", "Transfer-Encoding": "chunked"}),
        ),
        "x-gzip": (gzip.compress(page), _html(**{"Content-Encoding": "x-gzip"})),
        "mislabelled": (page, _html(**{"Content-Encoding": "gzip"})),
        "zstd": (b"\x28\xb5\x2f\xfd" + page[:40], _html(**{"Content-Encoding": "zstd"})),
        "plain": (page, _html()),
    }
    path = tmp_path / "sent.warc.gz"
    path.write_bytes(crawl([(f"{SITE}{name}.html", body, headers) for name, (body, headers) in sent.items()]))
    found = {item.path if isinstance(item, InputError) else item.id: item for item in read_file(path, "s")}
    plain = found[f"s#{SITE}plain.html"]
    assert isinstance(plain, Document)
    for name in ("gzip", "x-gzip", "deflate", "br", "br-chunked", "mislabelled"):
        read = found[f"s#{SITE}{name}.html"]
        assert isinstance(read, Document), read
        assert read.text == plain.text, name
    zstd = found[f"s#{SITE}zstd.html"]
    assert isinstance(zstd, InputError)
    assert zstd.error == "its body is compressed as zstd, which reuse cannot undo"


def test_the_http_charset_reads_a_page_that_declares_none(tmp_path: Path) -> None:
    story = read_text(FIXTURES / "ar_source.txt")
    page = _page(story).decode("utf-8").replace('<meta charset="utf-8">', "").encode("cp1256")
    assert b'charset="utf-8"' not in page
    data = crawl([(f"{SITE}ar.html", page, {"Content-Type": "text/html; charset=windows-1256"})])
    (tmp_path / "ar.warc.gz").write_bytes(data)
    (doc,) = read_file(tmp_path / "ar.warc.gz", "ar.warc.gz")
    assert isinstance(doc, Document)
    assert doc.source is not None
    assert "\n".join(paragraphs(doc.text)) == "\n".join(paragraphs(story))
    assert doc.source.encoding == "windows-1256"


def test_a_crawl_cut_short_keeps_the_pages_before_and_names_the_file(
    texts: dict[str, str], tmp_path: Path
) -> None:
    whole = write_crawl(texts, tmp_path / "whole").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    result = runner.invoke(app, ["scan", str(cut), str(FIXTURES / "en_wire.txt"), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (error,) = report["errors"]
    assert error["path"] == str(cut)
    assert error["error"].startswith("stopped after ")
    assert "cut short" in error["error"]
    assert f"reuse: {cut}: stopped after " in result.stderr
    pages = [d for d in report["documents"] if d["id"].startswith(f"{cut}#")]
    assert 0 < len(pages) < len(texts)
    assert [d["source"]["record"] for d in pages] == [f"page {n}" for n in range(1, len(pages) + 1)]
    strict = runner.invoke(app, ["scan", str(cut), "--strict", "-f", "json", "-q"])
    assert strict.exit_code == 3


def test_a_crawl_cut_anywhere_is_read_up_to_the_cut_without_a_traceback(
    texts: dict[str, str], tmp_path: Path
) -> None:
    """Cut inside a gzip member, a record's headers, an HTTP header, a chunked body: never an exception."""
    whole = write_crawl(texts, tmp_path).read_bytes()
    plain = gzip.decompress(whole)
    for data, suffix in ((whole, ".warc.gz"), (plain, ".warc")):
        cut = tmp_path / f"cut{suffix}"
        pages = []
        for end in range(0, len(data), max(1, len(data) // 97)):
            cut.write_bytes(data[:end])
            found = read_file(cut, "cut")
            errors = [item for item in found if isinstance(item, InputError)]
            assert len(errors) == 1 or (not errors and end == 0), (suffix, end, found)
            assert all("\n" not in str(error) for error in errors)
            pages.append(sum(isinstance(item, Document) for item in found))
        assert pages == sorted(pages), (suffix, pages)  # a longer part of the file never reads less
        assert pages[-1] >= len(texts) - 1, (suffix, pages)


def test_a_file_that_is_not_a_web_archive_is_one_line_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "notes.warc").write_text("just some notes\n" * 5, encoding="utf-8")
    (tmp_path / "story.txt").write_text(read_text(FIXTURES / "en_wire.txt"), encoding="utf-8")
    empty = tmp_path / "assets.warc.gz"
    empty.write_bytes(crawl([("https://news.example.ly/site.css", b"p {}", {"Content-Type": "text/css"})]))
    read = read_inputs([str(tmp_path)])
    assert [d.id for d in read.documents] == [f"{tmp_path}/story.txt"]
    assert [str(e) for e in read.errors] == [
        f"{empty}: holds no HTML page answered with 200 (no article to read)",
        f"{tmp_path}/notes.warc: cannot read as a WARC web archive (Unknown archive format, first line:"
        " ['just', 'some', 'notes'])",
    ]


def test_extract_prints_each_page_as_jsonl_and_report_reads_the_crawl_again(
    texts: dict[str, str], tmp_path: Path
) -> None:
    path = write_crawl(texts, tmp_path)
    printed = runner.invoke(app, ["extract", str(path)])
    assert printed.exit_code == 0, printed.output
    lines = [json.loads(line) for line in printed.stdout.splitlines()]
    saved = tmp_path / "scan.json"
    assert runner.invoke(app, ["scan", str(path), "-o", str(saved), "-q"]).exit_code == 0
    report = json.loads(saved.read_text(encoding="utf-8"))
    assert [(r["id"], r["source"]["record"]) for r in lines] == [
        (d["id"], d["source"]["record"]) for d in report["documents"]
    ]
    by_id = {r["id"]: r["text"] for r in lines}
    for finding in report["findings"]:
        for span in spans(finding):
            assert by_id[span["doc"]][span["start"] : span["end"]] == span["text"]
    page = tmp_path / "report.html"
    again = runner.invoke(app, ["report", str(saved), "-o", str(page)])
    assert again.exit_code == 0, again.output
    path.write_bytes(path.read_bytes() + crawl([]))  # another crawl appended: the file changed
    changed = runner.invoke(app, ["report", str(saved), "-o", str(page)])
    assert changed.exit_code == 3
    assert changed.stderr == f"reuse: {path}: changed since the scan (sha256 differs)\n"


def test_a_large_crawl_reads_the_same_on_every_core(tmp_path: Path) -> None:
    story = read_text(FIXTURES / "en_local.txt")
    captures = [(f"{SITE}{k}.html", _page(f"Item {k}. " + story, k), _html()) for k in range(40)]
    path = tmp_path / "big.warc.gz"
    path.write_bytes(crawl(captures))
    one = read_file(path, "big.warc.gz", ReadOptions(), workers=1)
    two = read_file(path, "big.warc.gz", ReadOptions(), workers=2)
    assert len(one) == 40
    assert not any(isinstance(item, InputError) for item in one)
    assert one == two
    # Cut in its last page: the damage is found while the other pages are being extracted on other
    # cores, and is still named after them, once.
    path.write_bytes(crawl(captures)[:-2000])
    one = read_file(path, "big.warc.gz", ReadOptions(), workers=1)
    two = read_file(path, "big.warc.gz", ReadOptions(), workers=2)
    assert [type(item) for item in one] == [Document] * 39 + [InputError]
    assert str(one[-1]).startswith("big.warc.gz: stopped after 39 pages: ")
    assert one == two


def test_gzip_members_are_walked_to_their_end_across_reads(tmp_path: Path) -> None:
    """Members larger than one read (64 KB), cut at and around every boundary and inside each."""
    import io
    import random

    from reuse.warc import cut_gzip_member

    rng = random.Random(5)
    members = [gzip.compress(rng.randbytes(size)) for size in (10, 200_000, 70_000, 5, 1 << 17)]
    members.insert(2, gzip.compress(b"news " * 400_000))  # 2 MB out of a few KB: more than 1 MB a read
    starts = [sum(map(len, members[:k])) for k in range(len(members) + 1)]
    data = b"".join(members)
    cuts = {start + d for start in starts for d in (-9, -1, 0, 1, 10)} | {
        rng.randrange(len(data)) for _ in range(60)
    }
    for cut in sorted(c for c in cuts if 0 <= c <= len(data)):
        expected = None if cut in starts else max(start for start in starts if start < cut)
        assert cut_gzip_member(io.BytesIO(data[:cut])) == expected, cut
    assert cut_gzip_member(io.BytesIO(data + b"\0" * 10)) == len(data)  # not a gzip member at all


def test_a_record_longer_than_its_content_length_says_is_read_without_warcio_printing(
    texts: dict[str, str], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A crawler that miscounted a record: warcio reads on past the stray bytes, and says so on stderr
    in three lines of its own; the pages are what matters, and ``reuse`` stays one line a problem."""
    one, two = list(texts.values())[:2]
    first = crawl([(f"{SITE}1.html", _page(one, 1), _html())], gzip=False)
    assert first.endswith(b"</html>\n\r\n\r\n")
    stray = first[:-4] + b"x\r\n\r\n"  # a byte more than its Content-Length counts
    path = tmp_path / "miscounted.warc"
    path.write_bytes(stray + crawl([(f"{SITE}2.html", _page(two, 2), _html())], gzip=False))
    found = read_file(path, "miscounted.warc")
    assert [item.id for item in found if isinstance(item, Document)] == [
        f"miscounted.warc#{SITE}1.html",
        f"miscounted.warc#{SITE}2.html",
    ]
    assert capfd.readouterr().err == ""


def test_a_page_whose_record_moved_since_its_headers_were_read_is_that_pages_error(tmp_path: Path) -> None:
    """Pages are read again at their place by the process that extracts them: a file overwritten in
    between gives that page an error, never an exception out of the scan."""
    import io

    from reuse.warc import captured_page, html_captures

    story = read_text(FIXTURES / "en_local.txt")
    data = crawl([(f"{SITE}{k}.html", _page(story, k), _html()) for k in range(2)])
    _, second = list(html_captures(io.BytesIO(data)))
    assert b"<html" in captured_page(io.BytesIO(data), second)
    for changed in (b"", b"not a crawl at all" * 1000):
        with pytest.raises(ValueError, match=f"no longer at byte {second.offset}"):
            captured_page(io.BytesIO(changed), second)


def test_a_sites_fronts_are_listings_and_its_stories_findings_are_as_without_them(tmp_path: Path) -> None:
    """A site's crawl: nine stories (one quoting another) and three fronts of their teasers.

    Each front is read, as trafilatura reads a teaser list, and is one listing finding; what the
    stories share is found exactly as in a crawl of the stories alone.
    """
    import random

    from newsroom import front_page

    from reuse.pipeline import scan

    rng = random.Random(8)
    vocabulary = [f"w{k}z" for k in range(3000)]

    def paragraph(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n)).capitalize() + "."

    stories = ["\n\n".join(paragraph(60) for _ in range(5)) for _ in range(9)]
    stories[2] += "\n\n" + stories[7].split("\n\n")[2]  # a paragraph quoted from another story
    urls = [f"{SITE}{k}.html" for k in range(9)]
    pages = [(url, _page(text, k), _html()) for k, (url, text) in enumerate(zip(urls, stories, strict=True))]
    fronts = {"home": range(6), "politics": range(3, 9), "tag-libya": range(0, 9, 2)}
    fronts_pages = [
        (
            f"https://news.example.ly/{name}/",
            front_page([(urls[k], stories[k]) for k in listed], name=name).encode(),
            _html(),
        )
        for name, listed in fronts.items()
    ]
    site, alone = tmp_path / "site.warc.gz", tmp_path / "stories.warc.gz"
    site.write_bytes(crawl(pages + fronts_pages))
    alone.write_bytes(crawl(pages))
    read = read_inputs([str(site)])
    assert not read.errors
    found = scan(read.documents, workers=1).findings
    listings = [f for f in found if f.kind == "listing"]
    front_ids = {f"{site}#https://news.example.ly/{name}/" for name in fronts}
    assert len(listings) == 3
    assert {d for f in listings for d in f.docs} >= front_ids
    others = [f for f in found if f.kind != "listing"]
    assert not any(d in front_ids for f in others for d in f.docs)
    expected = scan(read_inputs([str(alone)]).documents, workers=1).findings
    renamed = [
        (f.kind, tuple(d.replace(str(alone), str(site)) for d in f.docs), f.occurrences) for f in expected
    ]
    assert [(f.kind, f.docs, f.occurrences) for f in others] == renamed
    assert [f.kind for f in expected] == ["reuse"]  # the quoted paragraph
