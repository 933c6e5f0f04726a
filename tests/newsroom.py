"""The files a newsroom has, made from plain texts: CMS web pages, Word drafts, table exports.

Tests and benchmarks build these from the seed articles (or synthetic texts) at run time, so no copy
of the shared data is ever committed. A page looks like a real CMS article page: a header with a
navigation menu, a share bar, the headline, byline and date, the article's paragraphs, a "most read"
sidebar of teaser sentences, a comments box, a footer of links and legal text, inline scripts and
styles, JSON-LD and Open Graph metadata. Only the paragraphs are the article.
"""

from __future__ import annotations

import html
import json
import quopri
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_NAV_AR = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات", "رأي", "فيديو", "صور", "اتصل بنا"]
_NAV_EN = ["Home", "Politics", "Business", "Sport", "Culture", "Opinion", "Video", "Photos", "Contact"]
_TEASERS_AR = [
    "ارتفاع أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج للشهر الثالث",
    "منتخب ليبيا لكرة القدم يستعد لمواجهة حاسمة في تصفيات كأس الأمم الأفريقية",
    "الأرصاد الجوية تحذر من موجة حر شديدة تضرب المناطق الساحلية نهاية الأسبوع",
    "افتتاح معرض الكتاب الدولي بمشاركة أكثر من مئتي دار نشر عربية وأجنبية",
    "البنك المركزي يعلن إجراءات جديدة لتوفير السيولة النقدية في المصارف التجارية",
    "وزارة الصحة تطلق حملة وطنية للتطعيم ضد شلل الأطفال في جميع البلديات",
]
_TEASERS_EN = [
    "Oil prices climb after producers agree a third month of output cuts",
    "National team prepares for a decisive qualifier against the group leaders",
    "Forecasters warn of a severe heatwave on the coast this weekend",
    "International book fair opens with more than two hundred publishers",
    "Central bank announces new measures to ease the cash shortage at banks",
    "Health ministry launches a national polio vaccination campaign",
]
_SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());gtag('config','G-XXXX');"
    "var ads={slots:['top','side','bottom'],refresh:30000,lazy:true};"
    "document.addEventListener('DOMContentLoaded',function(){ads.slots.forEach(function(s){"
    "var el=document.getElementById('ad-'+s);if(el){el.setAttribute('data-ready','1')}})});"
)
_STYLE = (
    "body{font-family:sans-serif;margin:0}.nav a{padding:4px 8px}.share a{display:inline-block}"
    ".sidebar li{margin:6px 0}.footer{font-size:12px;color:#666}"
)


def paragraphs(text: str) -> list[str]:
    """The article's paragraphs as a page shows them: non-blank lines, whitespace collapsed."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def is_arabic(text: str) -> bool:
    """Whether the text is mostly Arabic letters (decides the page's language and direction)."""
    letters = [c for c in text[:400] if c.isalpha()]
    return sum("\u0600" <= c <= "\u06ff" for c in letters) > len(letters) / 2


def news_page(
    text: str,
    *,
    title: str,
    date: str = "2020-06-03",
    url: str = "https://news.example.ly/article/1",
    seed: int = 0,
    body: bool = True,
    layout: str = "article",
) -> str:
    """A CMS article page whose article body is ``text``'s paragraphs (``body=False``: none at all).

    ``layout`` is how the CMS marks the body up: ``article`` (``<article>`` of ``<p>``), ``divs`` (no
    semantic tags: ``<div class="entry-content">`` of ``<p>``, as many WordPress themes), ``br``
    (one ``<div>`` with paragraphs split by ``<br><br>``, as older CMSs) or ``table`` (a page of the
    early 2000s, laid out by a table: :func:`table_page`). In every layout some words are links or
    bold and a "read also" link and a captioned photo sit between paragraphs. The pages are 35-45 KB,
    as the HTML of a news article page is once ads and trackers are stripped out.
    """
    if layout == "table":
        return table_page(text, title=title, date=date, seed=seed, body=body)
    rng = random.Random(seed)
    arabic = is_arabic(text + title)
    nav, teasers = (_NAV_AR, _TEASERS_AR) if arabic else (_NAV_EN, _TEASERS_EN)
    lang = 'lang="ar" dir="rtl"' if arabic else 'lang="en"'
    esc = html.escape
    menu = "".join(f'<li><a href="/section/{k}">{esc(n)}</a></li>' for k, n in enumerate(nav))
    submenu = "".join(
        f'<li><a href="/tag/{k}">{esc(rng.choice(nav))} {k}</a></li>' for k in range(rng.randint(40, 60))
    )
    picks = [rng.choice(teasers) for _ in range(12)]
    sidebar = "".join(f'<li><a href="/article/{900 + k}">{esc(t)}</a></li>' for k, t in enumerate(picks))
    footer_links = "".join(f'<a href="/page/{k}">{esc(n)}</a> ' for k, n in enumerate(nav * 4))
    legal = (
        "جميع الحقوق محفوظة. يمنع النسخ أو إعادة النشر دون إذن مسبق من إدارة التحرير."
        if arabic
        else "All rights reserved. This material may not be published, broadcast or redistributed."
    )
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": date},
        ensure_ascii=False,
    )
    paras = [_inline(rng, p) for p in paragraphs(text)] if body else []
    also = "اقرأ أيضا" if arabic else "Read also"
    extras = [
        f'<div class="read-also"><a href="/article/{rng.randint(1, 999)}">{also}: {esc(picks[0])}</a></div>',
        f'<figure><img src="/img/{seed}.jpg" alt=""><figcaption>{esc(picks[1])}</figcaption></figure>',
    ]
    if layout == "br":
        article = '<div class="text">' + "<br><br>\n".join(paras) + "</div>\n" + "".join(extras)
    else:
        blocks = [f"<p>{p}</p>\n" for p in paras]
        for k, extra in enumerate(extras):
            blocks.insert(min(len(blocks), 1 + 2 * k), extra + "\n")
        article = "".join(blocks)
    byline = "بقلم المحرر" if arabic else "By the newsdesk"
    open_article, close_article = (
        ('<article class="post">', "</article>") if layout == "article" else ('<div class="post">', "</div>")
    )
    scripts = "".join(f"<script>/*{k}*/{_SCRIPT * 6}</script>" for k in range(rng.randint(8, 12)))
    return f"""<!DOCTYPE html>
<html {lang}><head><meta charset="utf-8">
<title>{esc(title)} | أخبار ليبيا</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{esc(url)}">
<meta property="article:published_time" content="{date}T09:30:00+02:00">
<link rel="canonical" href="{esc(url)}">
<script type="application/ld+json">{ld}</script>
<style>{_STYLE * 20}</style>{scripts}
</head><body>
<header class="site-header"><div class="logo"><a href="/">News</a></div>
<nav class="nav"><ul>{menu}</ul><ul class="tags">{submenu}</ul></nav></header>
<main><div class="share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
{open_article}
<h1 class="headline">{esc(title)}</h1>
<div class="byline">{byline} · <time datetime="{date}">{date}</time></div>
<div class="{"entry-content" if layout == "divs" else "article-body"}">
{article}</div>
{close_article}
<section class="comments"><h3>{"التعليقات" if arabic else "Comments"}</h3>
<form><textarea name="c"></textarea><button>{"أرسل" if arabic else "Send"}</button></form></section>
<aside class="sidebar"><h3>{"الأكثر قراءة" if arabic else "Most read"}</h3><ul>{sidebar}</ul></aside>
</main>
<footer class="footer"><div>{footer_links}</div><p>{esc(legal)}</p></footer>
<script>{_SCRIPT * 10}</script>
</body></html>
"""


def table_page(text: str, *, title: str, date: str = "2020-06-03", seed: int = 0, body: bool = True) -> str:
    """A news page as sites made them around 2002, which archives still hold by the thousand.

    No semantic tags at all: one ``<table>`` lays the page out, a row of menu links, then a row of
    three cells (section links; the story in ``<font>``, headline in ``<b>``, paragraphs split by
    ``<br><br>``; a "most read" list), then a row with the copyright line; a date in ``<meta>``.
    """
    rng = random.Random(seed)
    arabic = is_arabic(text + title)
    nav, teasers = (_NAV_AR, _TEASERS_AR) if arabic else (_NAV_EN, _TEASERS_EN)
    esc = html.escape
    menu = " | ".join(
        f'<a href="/{k}.htm"><font color="white">{esc(n)}</font></a>' for k, n in enumerate(nav)
    )
    sections = "<br>".join(f'<a href="/s{k}.htm">{esc(rng.choice(nav))}</a>' for k in range(14))
    picks = [esc(rng.choice(teasers)) for _ in range(8)]
    most_read = "<br><br>".join(f'<a href="/news/{900 + k}.htm">{t}</a>' for k, t in enumerate(picks))
    most = "الأكثر قراءة" if arabic else "Most read"
    paras = [_inline(rng, p) for p in paragraphs(text)] if body else []
    story = f"<b>{esc(title)}</b><br>{date}<br><br>\n" + "<br><br>\n".join(paras) if body else ""
    legal = "جميع الحقوق محفوظة" if arabic else "Copyright 2002 The Port News. All rights reserved."
    scripts = "".join(f"<script>/*{k}*/{_SCRIPT * 8}</script>" for k in range(rng.randint(4, 6)))
    return f"""<html dir="{"rtl" if arabic else "ltr"}"><head><title>{esc(title)}</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="date" content="{date}">
{scripts}</head><body bgcolor="#ffffff">
<table width="780" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3" bgcolor="#003366">{menu}</td></tr>
<tr><td width="140" valign="top"><font size="2">{sections}</font></td>
<td width="480" valign="top"><font face="Arial" size="3">{story}</font></td>
<td width="160" valign="top"><font size="2"><b>{most}</b><br>{most_read}</font></td></tr>
<tr><td colspan="3" align="center"><font size="1">{esc(legal)}</font></td></tr>
</table></body></html>
"""


def _inline(rng: random.Random, paragraph: str) -> str:
    """The escaped paragraph with a word or two made a link or bold, as editors do."""
    words = [html.escape(w) for w in paragraph.split(" ")]
    for _ in range(rng.randint(0, 2)):
        k = rng.randrange(len(words))
        words[k] = rng.choice([f'<a href="/tag/{k}">{words[k]}</a>', f"<strong>{words[k]}</strong>"])
    return " ".join(words)


def front_page(stories: Sequence[tuple[str, str]], *, name: str, seed: int = 0, words: int = 35) -> str:
    """A site's front or section page: :func:`news_page`'s chrome around a list of teasers, each a
    story's headline (a link) and its first ``words`` words, then "Read more", as CMS fronts show them.
    ``stories`` are (address, text) pairs."""
    base = news_page(paragraphs(stories[0][1])[0], title=name, seed=seed)
    esc = html.escape
    items = []
    for url, text in stories:
        head, lede = " ".join(text.split()[:7]), " ".join(paragraphs(text)[0].split()[:words])
        items.append(
            f'<article class="teaser"><h2><a href="{esc(url)}">{esc(head)}</a></h2>'
            f'<p>{esc(lede)}…</p><a href="{esc(url)}">Read more</a></article>'
        )
    start = base.index('<article class="post">')
    end = base.index("</article>", start) + len("</article>")
    river = f'<h1>{esc(name)}</h1><section class="river">{"".join(items)}</section>'
    pager = '<div class="pagination"><a href="?page=2">2</a> <a href="?page=2">Next</a></div>'
    return base[:start] + river + pager + base[end:]


def write_pages(texts: dict[str, str], folder: Path, *, layout: str = "article") -> dict[str, Path]:
    """Each named text as ``folder/<stem>.html`` in ``layout`` (:func:`news_page`); returns stem -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for k, (name, text) in enumerate(sorted(texts.items())):
        path = folder / f"{Path(name).stem}.html"
        title = paragraphs(text)[0][:60]
        page = news_page(text, title=title, seed=k, url=f"https://news.example.ly/{k}", layout=layout)
        path.write_text(page, "utf-8")
        out[Path(name).stem] = path
    return out


def web_archive(page: str, url: str) -> bytes:
    """``page`` saved as Chrome's "Save page as: single file" writes it (MHTML, RFC 2557): the page
    quoted-printable with the address it came from, then a stylesheet and an image, base64."""
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.policy import SMTP

    archive = MIMEMultipart("related", type="text/html", boundary="----MultipartBoundary--xyz----")
    archive["From"] = "<Saved by Blink>"
    archive["Snapshot-Content-Location"] = url
    archive["Subject"] = "saved page"
    archive["Date"] = "Tue, 1 Dec 2026 08:00:00 -0000"
    html = MIMEText(page, "html", "utf-8")
    del html["Content-Transfer-Encoding"]
    html.set_payload(quopri.encodestring(page.encode("utf-8")).decode("ascii"))
    html["Content-Transfer-Encoding"] = "quoted-printable"
    html["Content-Location"] = url
    css = MIMEText("article p { margin: 0 }", "css", "utf-8")
    css["Content-Location"] = url.rsplit("/", 1)[0] + "/site.css"
    image = MIMEApplication(bytes(range(256)), "png")
    image.replace_header("Content-Type", "image/png")
    image["Content-Location"] = url.rsplit("/", 1)[0] + "/photo.png"
    for part in (html, css, image):
        archive.attach(part)
    return archive.as_bytes(policy=SMTP)


def write_web_archives(texts: dict[str, str], folder: Path) -> dict[str, Path]:
    """Each named text as :func:`write_pages`'s page, saved by a browser as ``folder/<stem>.mhtml``."""
    pages = write_pages(texts, folder / "pages")
    out = {}
    for k, (stem, page) in enumerate(sorted(pages.items())):
        out[stem] = folder / f"{stem}.mhtml"
        out[stem].write_bytes(web_archive(page.read_text("utf-8"), f"https://news.example.ly/{k}"))
        page.unlink()
    (folder / "pages").rmdir()
    return out


def crawl(captures: Sequence[tuple[str, bytes, dict[str, str]]], *, gzip: bool = True) -> bytes:
    """A WARC file as a crawler writes one (warcio's writer, each record its own gzip member): a
    ``warcinfo`` record, then per capture a ``request`` and its ``response``. A capture is the address,
    the body as sent and its HTTP headers; ``Status`` in them (default ``200 OK``) is the status line.
    A ``Transfer-Encoding: chunked`` header sends the body chunked, as servers stream pages."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "newsroom.py"}))
    for k, (url, body, headers) in enumerate(captures):
        headers = dict(headers)
        status = headers.pop("Status", "200 OK")
        if headers.get("Transfer-Encoding") == "chunked":
            body = (
                b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (body[:700], body[700:]) if c) + b"0\r\n\r\n"
            )
        date = f"2026-12-01T08:{k // 60 % 60:02d}:{k % 60:02d}Z"
        request = StatusAndHeaders(f"GET /{url.split('/', 3)[-1]} HTTP/1.1", [("Host", "news.example.ly")])
        asked = writer.create_warc_record(
            url, "request", http_headers=request, warc_headers_dict={"WARC-Date": date}
        )
        answer = StatusAndHeaders(status, list(headers.items()), protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=answer,
            warc_headers_dict={"WARC-Date": date},
        )
        for record in (asked, response):
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools a payload to a temporary file to digest it
    return out.getvalue()


def arc_crawl(captures: Sequence[tuple[str, str, str, bytes]], *, gzip: bool = False) -> bytes:
    """An ARC file (version 1, the Internet Archive's crawl format before WARC) as its crawlers wrote
    one: the ``filedesc`` header, then per capture (address, ``yyyymmddhhmmss``, type, body) a line of
    them and the HTTP response, 200 OK. Written byte by byte here: warcio reads ARC but writes WARC."""
    import gzip as gz

    version = b"1 0 The Internet Archive\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [b"filedesc://crawl.arc 0.0.0.0 20080430204825 text/plain %d\n%b\n" % (len(version), version)]
    for url, date, kind, body in captures:
        response = b"HTTP/1.1 200 OK\r\nContent-Type: %b\r\n\r\n%b" % (kind.encode(), body)
        line = b"%b 93.184.216.119 %b %b %d\n" % (url.encode(), date.encode(), kind.encode(), len(response))
        records.append(line + response + b"\n")
    return b"".join(gz.compress(record) if gzip else record for record in records)


def write_crawl(texts: dict[str, str], folder: Path) -> Path:
    """Each named text as :func:`write_pages`'s page, captured from ``https://news.example.ly/stories/<stem>.html``
    into ``folder/crawl.warc.gz`` among what a crawler also keeps: the site's stylesheet, a photo, a
    page that answered 404 and a redirect. The third page is sent gzip-compressed, the fourth chunked."""
    import gzip

    pages = write_pages(texts, folder / "pages")
    captures: list[tuple[str, bytes, dict[str, str]]] = [
        ("https://news.example.ly/site.css", b"article p { margin: 0 }", {"Content-Type": "text/css"}),
        ("https://news.example.ly/photo.jpg", bytes(range(256)), {"Content-Type": "image/jpeg"}),
        (
            "https://news.example.ly/gone",
            b"<html><body>Not found</body></html>",
            {"Status": "404 Not Found", "Content-Type": "text/html"},
        ),
        ("https://news.example.ly/old", b"", {"Status": "301 Moved Permanently", "Location": "/stories/"}),
    ]
    for k, (stem, page) in enumerate(sorted(pages.items())):
        body = page.read_bytes()
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if k == 2:
            body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
        if k == 3:
            headers["Transfer-Encoding"] = "chunked"
        captures.insert(2 + k, (f"https://news.example.ly/stories/{stem}.html", body, headers))
        page.unlink()
    (folder / "pages").rmdir()
    path = folder / "crawl.warc.gz"
    path.write_bytes(crawl(captures))
    return path


def pdf_document(pages: Sequence[Sequence[str]], *, title: str = "", created: str = "") -> bytes:
    """A PDF whose pages show these lines in Helvetica (Latin-1 text), as a word processor exports a
    press release: one text object a page, a line a ``Tj``; ``title`` and ``created`` (``D:2024...``)
    in its metadata. Written object by object here, so the tests need no PDF library to make one."""

    def literal(line: str) -> str:
        return "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    count = len(pages)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids ["
        + " ".join(f"{4 + 2 * k} 0 R" for k in range(count))
        + f"] /Count {count} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for k, lines in enumerate(pages):
        shown = " ".join(f"{literal(line)} Tj T*" for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 56 780 Td {shown} ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            f" /Contents {5 + 2 * k} 0 R >>"
        )
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
    objects.append(f"<< /Title {literal(title)} /CreationDate {literal(created)} >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>"
    return out + f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()


def press_email(text: str, *, subject: str, attachment: bytes | None = None, plain: bool = True) -> bytes:
    """``text`` as a press office mails it: plain text and HTML alternatives (or HTML alone), UTF-8,
    an encoded subject, and optionally a PDF attached; the bytes a mail client saves as ``.eml``."""
    from email.message import EmailMessage
    from email.policy import SMTP

    message = EmailMessage()
    message["From"] = "Press Office <press@ministry.example.ly>"
    message["To"] = "desk@news.example.ly"
    message["Subject"] = subject
    message["Date"] = "Tue, 01 Dec 2026 09:30:00 +0200"
    message["Message-ID"] = "<release-1@ministry.example.ly>"
    markup = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    if plain:
        message.set_content("\n".join(paragraphs(text)), cte="quoted-printable")
        message.add_alternative(f"<html><body>{markup}</body></html>", subtype="html")
    else:
        message.set_content(f"<html><body>{markup}</body></html>", subtype="html")
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="release.pdf")
    return message.as_bytes(policy=SMTP)


def write_emails(texts: dict[str, str], folder: Path) -> dict[str, Path]:
    """Each named text as the saved email ``folder/<stem>.eml`` (plain and HTML); returns stem -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, text in texts.items():
        out[Path(name).stem] = folder / f"{Path(name).stem}.eml"
        out[Path(name).stem].write_bytes(press_email(text, subject=" ".join(text.split()[:6])))
    return out


ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"'
)


def odt_document(body: str, *, title: str = "", created: str = "") -> bytes:
    """An OpenDocument text whose ``office:text`` holds ``body`` (ODF XML), as LibreOffice lays the
    package out: ``mimetype`` first and stored, the manifest, ``content.xml`` and ``meta.xml``."""
    import io
    import zipfile

    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NAMESPACES}>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NAMESPACES}><office:meta>'
        f"<dc:title>{html.escape(title)}</dc:title><meta:creation-date>{created}</meta:creation-date>"
        "</office:meta></office:document-meta>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_odts(texts: dict[str, str], folder: Path) -> dict[str, Path]:
    """Each named text as the draft ``folder/<stem>.odt``: a heading, then a paragraph per line."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, text in texts.items():
        body = '<text:h text:outline-level="1">Draft</text:h>' + "".join(
            f"<text:p>{html.escape(p)}</text:p>" for p in paragraphs(text)
        )
        out[Path(name).stem] = folder / f"{Path(name).stem}.odt"
        out[Path(name).stem].write_bytes(odt_document(body, title="Draft"))
    return out


def write_docx(text: str, path: Path, *, title: str | None = None) -> Path:
    """A Word draft: an optional heading, then one paragraph per non-blank line of ``text``."""
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, level=1)
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))
    return path


def write_drafts(texts: dict[str, str], folder: Path) -> dict[str, Path]:
    """Each named text as the Word draft ``folder/<stem>.docx`` (headed "Draft"); returns stem -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        Path(n).stem: write_docx(t, folder / f"{Path(n).stem}.docx", title="Draft") for n, t in texts.items()
    }


def table_rows(texts: dict[str, str]) -> list[dict[str, str]]:
    """A CMS export: one row per article with id, text, date, headline and URL columns."""
    return [
        {
            "article_id": Path(name).stem,
            "body": text,
            "published": f"2020-06-{k + 1:02d}",
            "headline": " ".join(text.split()[:6]),
            "url": f"https://news.example.ly/a/{k}",
        }
        for k, (name, text) in enumerate(sorted(texts.items()))
    ]


def html_body(text: str, *, seed: int = 0) -> str:
    """The text as a CMS keeps an article body: HTML paragraphs in block-editor comments, with a class,
    a link or bold word or two, and entities (the editor's ``&`` is ``&amp;``)."""
    rng = random.Random(seed)
    block = '<!-- wp:paragraph -->\n<p class="has-text-align-right">{}</p>\n<!-- /wp:paragraph -->'
    return "\n".join(block.format(_inline(rng, p)) for p in paragraphs(text))


def cms_rows(texts: dict[str, str]) -> list[dict[str, str]]:
    """:func:`table_rows` with each body as a CMS keeps it (:func:`html_body`)."""
    return [row | {"body": html_body(row["body"], seed=k)} for k, row in enumerate(table_rows(texts))]


def write_jsonl(rows: Sequence[dict[str, Any]], path: Path) -> Path:
    """The rows as JSON Lines, UTF-8, as a scraper or a CMS's API dump writes them."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return path


def write_json(rows: Sequence[dict[str, Any]], path: Path) -> Path:
    """The rows as one page of an API's results: ``{"total": n, "data": [...]}``, UTF-8."""
    path.write_text(
        json.dumps({"total": len(rows), "data": list(rows)}, ensure_ascii=False, indent=1), "utf-8"
    )
    return path


def write_csv(rows: Sequence[dict[str, str]], path: Path, *, delimiter: str = ",") -> Path:
    """The rows as CSV (or TSV), UTF-8, as a database export writes them."""
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(rows: Sequence[dict[str, Any]], path: Path) -> Path:
    """The rows as an Excel workbook, as an editor saves an export: a header row, then the rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    book.save(path)
    return path


def write_parquet(rows: Sequence[dict[str, Any]], path: Path) -> Path:
    """The rows as a Parquet file of string columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(list(rows)), path)
    return path
