"""Agency copy as it arrives: NewsML-G2 and NITF files, written here from the bundled fixture texts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from conftest import FIXTURES, read_text
from newsroom import paragraphs
from typer.testing import CliRunner

from reuse_cli.main import app

runner = CliRunner()
NAR = "http://iptc.org/std/nar/2006-10-01/"
NITF = "http://iptc.org/std/NITF/2006-10-18/"


def nitf(text: str, *, headline: str = "", issued: str = "", doc_id: str = "", namespace: str = NITF) -> str:
    """An NITF document: the text's paragraphs, with a caption and a tagline that are not the story."""
    lines = paragraphs(text)
    cut = lines[0].rfind(" ", 0, 40)  # the first paragraph wrapped at a space, as XML is indented
    body = f"\n      <p>{escape(lines[0][:cut])}\n         {escape(lines[0][cut + 1 :])}</p>"
    body += (
        '\n      <media media-type="image"><media-caption>Boats in the port at dawn</media-caption></media>'
    )
    body += "".join(f"\n      <p>{escape(line)}</p>" for line in lines[1:])
    head = f'<docdata><doc-id id-string="{doc_id}"/><date.issue norm="{issued}"/></docdata>' if doc_id else ""
    return (
        f'<nitf xmlns="{namespace}"><head><title>{escape(headline)}</title>{head}</head><body>'
        f"<body.head><hedline><hl1>{escape(headline)}</hl1></hedline></body.head>"
        f"<body.content>{body}\n    </body.content><body.end><tagline>(c) Agency 2026</tagline></body.end>"
        "</body></nitf>"
    )


def news_item(guid: str, headline: str, content: str, *, created: str = "2026-12-01T09:30:00+01:00") -> str:
    """A NewsML-G2 item around ``content`` (a rendition element: inlineXML, inlineData, remoteContent)."""
    return (
        f'<newsItem xmlns="{NAR}" guid="{guid}" version="1" standard="NewsML-G2" standardversion="2.25">'
        f'<itemMeta><itemClass qcode="ninat:text"/><versionCreated>{created}</versionCreated></itemMeta>'
        f'<contentMeta><headline>{escape(headline)}</headline><language tag="ar"/></contentMeta>'
        f"<contentSet>{content}</contentSet></newsItem>"
    )


def scan(folder: Path, *args: str) -> Any:
    result = runner.invoke(app, ["scan", str(folder), "-f", "json", "-q", *args])
    return result, json.loads(result.stdout) if result.stdout else None


def test_an_agency_newsml_item_is_read_as_its_story_and_found_in_a_paper(tmp_path: Path) -> None:
    source, copy = read_text(FIXTURES / "ar_source.txt"), read_text(FIXTURES / "ar_copy.txt")
    rendition = f'<inlineXML contenttype="application/nitf+xml">{nitf(source, headline="Water")}</inlineXML>'
    wire = tmp_path / "afp.xml"
    wire.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + news_item("urn:x:1", "مشروع", rendition), "utf-8"
    )
    (tmp_path / "paper.txt").write_text(copy, encoding="utf-8")
    result, report = scan(tmp_path)
    assert result.exit_code == 0, result.output

    story = "\n".join(paragraphs(source))  # the caption, the tagline and the headline are not the story
    printed = runner.invoke(app, ["extract", str(wire)])
    assert printed.stdout == story
    wire_doc = next(d for d in report["documents"] if d["path"].endswith("afp.xml"))
    assert wire_doc["source"] == {
        "format": "newsml",
        "reader": "reuse-newsml/1",
        "sha256": wire_doc["source"]["sha256"],
        "title": "مشروع",
        "date": "2026-12-01T09:30:00+01:00",
    }
    (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]
    texts = {"afp.xml": story, "paper.txt": copy}
    for side in (finding["a"], finding["b"]):
        assert side["text"] == texts[Path(side["doc"]).name][side["start"] : side["end"]]
    on_wire = next(s for s in (finding["a"], finding["b"]) if s["doc"].endswith("afp.xml"))
    assert on_wire["start"] == story.index("وقال المتحدث")
    runner.invoke(app, ["scan", str(tmp_path), "-o", str(tmp_path / "scan.json"), "-q"])
    drawn = runner.invoke(app, ["report", str(tmp_path / "scan.json"), "-o", str(tmp_path / "r.html")])
    assert drawn.exit_code == 0, drawn.output


def test_an_nitf_file_gives_its_headline_and_issue_date_as_metadata(tmp_path: Path) -> None:
    text = read_text(FIXTURES / "en_wire.txt")
    path = tmp_path / "wire.nitf"
    path.write_text(
        nitf(text, headline="Fisheries accord", issued="20261201T093000+0200", doc_id="W-1"), "utf-8"
    )
    printed = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert printed.exit_code == 0, printed.output
    (line,) = printed.stdout.splitlines()
    read = json.loads(line)
    assert read["id"] == str(path)
    assert read["text"] == "\n".join(paragraphs(text))
    assert (read["source"]["format"], read["source"]["reader"]) == ("nitf", "reuse-nitf/1")
    assert (read["source"]["title"], read["source"]["date"]) == (
        "Fisheries accord",
        "2026-12-01T09:30:00+02:00",
    )
    unnamespaced = tmp_path / "plain.xml"
    unnamespaced.write_text(nitf(text, headline="Fisheries accord", namespace=""), "utf-8")
    assert runner.invoke(app, ["extract", str(unnamespaced)]).stdout == read["text"]


def test_a_newsml_message_gives_each_story_and_names_the_picture_it_cannot_read(tmp_path: Path) -> None:
    """A message of three items: XHTML (its <h1> the headline again), a picture, plain text."""
    wire, local = read_text(FIXTURES / "en_wire.txt"), read_text(FIXTURES / "en_local.txt")
    xhtml = "".join(f"<p>{escape(line)}</p>" for line in paragraphs(wire))
    items = [
        news_item(
            "urn:x:text",
            "Fisheries accord",
            '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>x</title></head><body><h1>Fisheries accord</h1>{xhtml}</body></html></inlineXML>",
        ),
        news_item("urn:x:photo", "Boats", '<remoteContent href="https://x.test/boats.jpg"/>'),
        news_item(
            "urn:x:plain", "Local", f'<inlineData contenttype="text/plain">\n{escape(local)}\n</inlineData>'
        ),
    ]
    message = tmp_path / "feed.xml"
    message.write_text(
        f'<newsMessage xmlns="{NAR}"><header/><itemSet>{"".join(items)}</itemSet></newsMessage>'
    )
    (tmp_path / "notes.xml").write_text(
        "<urlset><url><loc>https://x.test/a</loc></url></urlset>"
    )  # a sitemap
    (tmp_path / "broken.xml").write_text("<newsItem><contentSet>")
    result, report = scan(tmp_path)
    assert result.exit_code == 0, result.output
    ids = [d["id"] for d in report["documents"]]
    assert ids == [f"{message}#urn:x:text", f"{message}#urn:x:plain"]
    by_id = {d["id"]: d for d in report["documents"]}
    assert by_id[ids[0]]["source"]["record"] == "item 1"
    assert by_id[ids[1]]["source"]["record"] == "item 3"
    assert by_id[ids[1]]["chars"] == len(local.strip())
    errors = {e["path"]: e["error"] for e in report["errors"]}
    assert errors == {
        f"{message}#urn:x:photo": "a NewsML-G2 item without text (a picture?)",
        str(
            tmp_path / "notes.xml"
        ): "XML that is not a news story or feed (NewsML-G2, NITF, RSS, Atom): its root is <urlset>",
        str(tmp_path / "broken.xml"): errors[str(tmp_path / "broken.xml")],
    }
    assert errors[str(tmp_path / "broken.xml")].startswith("not well-formed XML (no element found")
    (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]  # the fixtures' shared lede
    assert {finding["a"]["doc"], finding["b"]["doc"]} == set(ids)
    extracted = runner.invoke(app, ["extract", str(message)])
    assert [json.loads(line)["text"] for line in extracted.stdout.splitlines()] == [
        "\n".join(paragraphs(wire)),
        local.strip(),
    ]
    saved = tmp_path / "scan.json"
    runner.invoke(app, ["scan", str(message), "-o", str(saved), "-q"])
    drawn = runner.invoke(app, ["report", str(saved), "-o", str(tmp_path / "r.html")])
    assert drawn.exit_code == 0, drawn.output


def test_xml_that_would_expand_or_read_a_local_file_is_an_error_line(tmp_path: Path) -> None:
    """Wire files come from outside: an entity bomb is refused, a file named by an entity is not read."""
    entities = "".join(f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">' for k in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY e0 "lol">{entities}]>'
    (tmp_path / "bomb.xml").write_text(
        bomb + "<nitf><body><body.content><p>&e9;</p></body.content></body></nitf>"
    )
    secret = tmp_path / "secret.txt"
    secret.write_text("the editor's password", encoding="utf-8")
    external = f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
    (tmp_path / "external.xml").write_text(
        external + "<nitf><body><body.content><p>&s;</p></body.content></body></nitf>"
    )
    _, report = scan(tmp_path)
    assert [d["path"] for d in report["documents"]] == [str(secret)]
    errors = {Path(e["path"]).name: e["error"] for e in report["errors"]}
    assert errors["bomb.xml"].startswith(
        "not well-formed XML ("
    )  # expat 2.4+: "limit on input amplification"
    assert errors["external.xml"].startswith("not well-formed XML (undefined entity")


def test_a_sites_rss_feed_gives_each_article_whole(tmp_path: Path) -> None:
    """A WordPress feed: each item's content:encoded (HTML, in CDATA) is its article, not the summary;
    the item's picture (media:content) is no text. One item carries the fixture copy of ar_source."""
    pytest.importorskip("lxml", reason="a feed's HTML needs the formats extra: pip install -e '.[formats]'")
    source, copy, other = (read_text(FIXTURES / f) for f in ("ar_source.txt", "ar_copy.txt", "unrelated.txt"))

    def item(slug: str, title: str, text: str, day: int) -> str:
        html = "".join(f"<p>{line}</p>\n" for line in paragraphs(text))
        return (
            f"<item><title>{escape(title)}</title><link>https://paper.test/{slug}/</link>"
            f'<guid isPermaLink="false">https://paper.test/?p={day}</guid>'
            f"<pubDate>Tue, 0{day} Dec 2026 08:15:00 +0100</pubDate>"
            f"<description><![CDATA[{paragraphs(text)[0][:60]} [&#8230;]]]></description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded>"
            f'<media:content url="https://paper.test/{slug}.jpg" medium="image">'
            "<media:title>A photo</media:title>"
            "</media:content></item>"
        )

    feed = tmp_path / "paper-feed.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>Paper</title>{item('water', 'مشروع', copy, 1)}{item('other', 'Other', other, 2)}"
        "</channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    result, report = scan(tmp_path)
    assert result.exit_code == 0, result.output
    first = f"{feed}#https://paper.test/?p=1"
    by_id = {d["id"]: d for d in report["documents"]}
    assert set(by_id) == {first, f"{feed}#https://paper.test/?p=2", str(tmp_path / "source.txt")}
    about = by_id[first]["source"]
    assert (about["format"], about["reader"], about["markup"], about["record"]) == (
        "rss",
        "reuse-feed/1",
        "reuse-html-fragment/1",
        "item 1",
    )
    assert (about["title"], about["date"], about["url"]) == (
        "مشروع",
        "2026-12-01T08:15:00+01:00",
        "https://paper.test/water/",
    )
    article = "\n".join(paragraphs(copy))
    assert by_id[first]["chars"] == len(article)  # the whole article: not the summary, not the photo's title
    (finding,) = [f for f in report["findings"] if f["kind"] == "reuse"]
    on_feed = next(s for s in (finding["a"], finding["b"]) if s["doc"] == first)
    assert on_feed["text"] == article[on_feed["start"] : on_feed["end"]]
    assert on_feed["start"] == 0
    saved = tmp_path / "scan.json"
    runner.invoke(app, ["scan", str(tmp_path), "-o", str(saved), "-q"])
    assert runner.invoke(app, ["report", str(saved), "-o", str(tmp_path / "r.html")]).exit_code == 0


def test_an_atom_feed_reads_html_xhtml_and_text_entries(tmp_path: Path) -> None:
    pytest.importorskip("lxml", reason="a feed's HTML needs the formats extra: pip install -e '.[formats]'")
    lines = paragraphs(read_text(FIXTURES / "en_wire.txt"))
    entries = [
        ("html", escape("".join(f"<p>{line}</p>" for line in lines))),
        (
            "xhtml",
            '<div xmlns="http://www.w3.org/1999/xhtml">'
            + "".join(f"<p>{line}</p>" for line in lines)
            + "</div>",
        ),
        ("text", "\n".join(lines)),
    ]
    feed = tmp_path / "atom.xml"
    feed.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        + "".join(
            f"<entry><id>tag:wire.test,2026:{k}</id><title>Accord {k}</title>"
            f'<link rel="alternate" href="https://wire.test/{k}"/>'
            f"<updated>2026-12-0{k + 1}T10:00:00Z</updated>"
            f'<content type="{kind}">{content}</content></entry>'
            for k, (kind, content) in enumerate(entries)
        )
        + "</feed>",
        encoding="utf-8",
    )
    printed = runner.invoke(app, ["extract", str(feed)])
    read = [json.loads(line) for line in printed.stdout.splitlines()]
    assert [r["text"] for r in read] == ["\n".join(lines)] * 3
    assert [r["id"] for r in read] == [f"{feed}#tag:wire.test,2026:{k}" for k in range(3)]
    assert [(r["source"]["format"], r["source"]["url"], r["source"]["date"]) for r in read] == [
        ("atom", f"https://wire.test/{k}", f"2026-12-0{k + 1}T10:00:00Z") for k in range(3)
    ]
    assert [r["source"].get("markup", "") for r in read] == ["reuse-html-fragment/1", "", ""]  # html only
