"""Text out of web pages and Word drafts: the article a person would read, and what it says about itself.

Pure functions from a file's bytes or decoded markup to :class:`Extracted`; reading files is
:mod:`reuse.io`'s job. Offsets in reports index the text returned here, so the recipe is versioned
(:data:`HTML_READER`, :data:`DOCX_READER`) and written into every report beside the extractor's own
version: ``reuse report`` extracts again and refuses a text that came out different.

Web pages go through trafilatura with ``favor_precision=True``: its full cascade, which weighs its
own result against readability's and justext's. On CMS-style pages made from the seed articles and
the fixtures (``benchmarks/extractors.py``, table in the README) this gave every article body
exactly, left menus, sidebars, captions, "read also" links, comments and footers out, and returned
nothing for pages without an article; trafilatura's default falls back to a dump of the whole page
when the article is missing, and justext and resiliparse kept captions, teasers or menus. On real
news and blog pages (``benchmarks/real_pages.py``) its fast pass alone took a box for the article
on 6 of 173 distinct pages; the cascade reads them whole. trafilatura's boilerplate expressions
that test ``id`` and ``class`` by regular expression are answered by :mod:`reuse.regex_paths`,
which selects the same elements without a call from libxml2 into Python for each one.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from reuse.extract_cache import Failure, cache_key, lookup, remember
from reuse.models import Source
from reuse.regex_paths import speed_up_trafilatura

T = TypeVar("T", str, Failure)

HTML_READER = "reuse-html/4"
"""Recipe for pages: trafilatura's full cascade (favour precision, no comments or tables) on the whole
page, then its fast pass on the page less the elements it deletes unread, then, for a page laid out by
tables, its fast pass with the tables as blocks; the headline line dropped (it is metadata), one line
per paragraph. A cascade's text under trafilatura's least (250 characters) with a line only in the
elements trafilatura deletes unread is no article. (/3 took it: a page of a menu read as "menu";
/2 ran the fast pass first, which can take a sidebar box for the article; /1 handed trafilatura the
whole page and had no table layout.)"""
PDF_READER = "reuse-pdf/2"
"""Recipe for PDF files: pypdf's text of each page, Arabic presentation forms as letters, running
headers and footers dropped, pages joined by a line end (:mod:`reuse.pdftext`); a title that is an
address (``about:blank``, a URL: what a browser's print to PDF writes for a page without one) is none.
(/1 took such a title as the headline.)"""
DOCX_READER = "reuse-docx/3"
"""Recipe for Word files: body paragraphs and table rows in document order, one line each, table
cells separated by a tab, tracked changes accepted (:mod:`reuse.wordml`); headers, footers, footnotes
and comments left out; the creation time as the date, unless it is python-docx's template's. (/1 was
python-docx's reading: no tracked insertions, no content controls, a merged cell once per column it
spans; /2 took the template's creation time as the draft's date.)"""

TEMPLATE_CREATED = "2013-12-23T23:15:00+00:00"
"""The creation time python-docx's blank template carries (author ``python-docx``): every file a
program writes with ``docx.Document()`` has it unless set, and it is no date of that draft. Taken as
one, a draft written that way was a decade older than the archived story it copied, and named the
first printing."""


class FormatError(ValueError):
    """A file that cannot be read as its format says; the message is one line, for ``<file>: <message>``."""


@dataclass(frozen=True)
class Extracted:
    """A document's text and the metadata its source carried (empty strings when absent)."""

    text: str
    title: str = ""
    date: str = ""
    url: str = ""


@functools.cache  # reading a distribution's metadata costs about as much as extracting a page
def package_version(name: str) -> str:
    """Installed version of a distribution, or ``""`` when it is not installed.

    >>> package_version("numpy") != ""
    True
    """
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def sniff_html_charset(data: bytes) -> str | None:
    """The encoding a page declares (BOM, then ``<meta charset>`` in its first 4 KB), as browsers decide.

    >>> sniff_html_charset(b'<html><head><meta charset="windows-1256">')
    'windows-1256'
    >>> sniff_html_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">')
    'utf-8'
    >>> sniff_html_charset(b"<p>no declaration</p>") is None
    True
    """
    from reuse.io import marked_encoding

    if (marked := marked_encoding(data)) is not None:
        return marked
    found = _META_CHARSET.search(data[:4096])
    if found is None:
        return None
    name = found[1].decode("ascii").lower()
    # a page whose bytes were read to find its <meta> is no UTF-16: browsers read it as UTF-8
    return "utf-8" if name in ("utf8", "utf-8") or name.startswith(("utf-16", "utf16", "utf-32")) else name


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _first(tree: Any, *xpaths: str) -> str:
    """The first non-blank value any of ``xpaths`` finds, whitespace collapsed."""
    for xpath in xpaths:
        for found in tree.xpath(xpath):
            value = _collapse(found if isinstance(found, str) else found.text_content())
            if value:
                return value
    return ""


def _json_ld_date(tree: Any) -> str:
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # not JSON, or nested past Python's stack: no date here
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return str(item["datePublished"])
    return ""


def _page_metadata(tree: Any) -> tuple[str, str, str, list[str]]:
    """Headline, publication date and canonical URL as the page declares them, and its ``<h1>`` texts.

    Only declared metadata is read (Open Graph, article and Dublin Core meta tags, JSON-LD,
    ``<time datetime>``); nothing is guessed from the text, so it is fast and never wrong by inference.
    """
    headings = [_collapse(h.text_content()) for h in tree.xpath("//h1")]
    title = _first(tree, '//meta[@property="og:title"]/@content', "//h1", "//title")
    date = (
        _first(
            tree,
            '//meta[@property="article:published_time"]/@content',
            '//meta[@itemprop="datePublished"]/@content',
            '//meta[@name="date" or @name="pubdate" or @name="DC.date.issued"]/@content',
        )
        or _json_ld_date(tree)
        or _first(tree, "//time/@datetime")
    )
    url = _first(tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
    return title, date, url, headings


UNREAD_ELEMENTS = ("aside", "footer", "iframe", "menu", "nav", "noscript", "script", "style", "svg")
"""Elements trafilatura deletes, subtree and all, before it reads a page (its ``MANUALLY_CLEANED``)."""


@functools.cache
def _fast_options() -> Any:
    """The fast pass's settings, built once: trafilatura building them for each page cost 6% of a page."""
    from trafilatura.settings import Extractor

    return Extractor(fast=True, precision=True, comments=False, tables=False, dedup=False)


@functools.cache
def _unread_tags() -> tuple[str, ...]:
    from trafilatura.settings import MANUALLY_CLEANED

    return tuple(tag for tag in UNREAD_ELEMENTS if tag in MANUALLY_CLEANED)


def drop_unread(tree: Any) -> None:
    """Delete the menus, footers, sidebars, scripts and styles trafilatura would delete unread.

    Its first passes run XPath over every element of the page, before it deletes these; on news
    pages they are most of the elements, so deleting them first makes the fast pass about a third
    cheaper (``benchmarks/test_extract.py``). Only tags trafilatura itself deletes whole (checked
    against its list at run time) go, each with its subtree, keeping the text after it, as trafilatura
    does; JSON-LD scripts stay, since trafilatura reads them to tell a forum thread from an article.
    What trafilatura reads before it deletes them is JSON-LD and, in one rule, whether an infinite-
    scroll container holds an ``<h1>``: one inside a menu or footer there would no longer count.

    >>> from lxml import html
    >>> tree = html.fromstring('<div><nav><a>Home</a></nav><p>Text</p> <footer>(c)</footer> after</div>')
    >>> drop_unread(tree)
    >>> html.tostring(tree, encoding="unicode")
    '<div><p>Text</p>  after</div>'
    """
    doomed = [
        element
        for element in tree.iter(*_unread_tags())
        if element.tag != "script" or element.get("type") != "application/ld+json"
    ]
    for element in doomed:
        element.drop_tree()


TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "th", "td")


def tables_as_blocks(tree: Any) -> None:
    """Read a page laid out by tables as blocks: the cell holding the most text of its own is the article.

    trafilatura is told to leave tables out (data tables would add grid text to the article), and
    so finds no article at all on the pages of the late 1990s and 2000s, which archives hold by the
    thousand: their whole page is one table, its cells the menu, the story and the sidebars. Every
    table, row and cell becomes a plain block (``<div>``), and the cell with the most text outside
    links and inner cells is put in an ``<article>``, where trafilatura looks for the story and
    applies its usual rules; a page whose largest cell is shorter than trafilatura's least text
    (``MIN_EXTRACTED_SIZE``, 250 characters: a copyright line) has no article.

    >>> from lxml import html
    >>> story = "The trawlers came back to port. " * 8
    >>> tree = html.fromstring(f"<div><table><tr><td><a>Home</a></td><td>{story}</td></tr></table></div>")
    >>> tables_as_blocks(tree)
    >>> [(e.tag, (e.text or "")[:3]) for e in tree.iter()]
    [('div', ''), ('div', ''), ('div', ''), ('div', ''), ('a', 'Hom'), ('article', ''), ('div', 'The')]
    """
    own = _own_text_by_cell(tree)
    for element in tree.iter(*TABLE_PARTS):
        element.tag = "div"
    story = max(own, key=lambda cell: own[cell], default=None)
    if story is not None and own[story] >= _fast_options().min_extracted_size:
        article = story.makeelement("article")
        story.addprevious(article)
        article.append(story)  # moves it, tail and all
        article.tail, story.tail = story.tail, None


def _own_text_by_cell(tree: Any) -> dict[Any, int]:
    """Each table cell's characters of text outside links and the cells inside it (in document order)."""
    own: dict[Any, int] = {}
    for element in tree.iter():
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if not text or not text.strip() or holder is None:
                continue
            if holder.tag == "a" or next(holder.iterancestors("a"), None) is not None:
                continue
            cell = holder if holder.tag in ("td", "th") else next(holder.iterancestors("td", "th"), None)
            if cell is not None:
                own[cell] = own.get(cell, 0) + len(text.strip())
    return own


def _fast_pass(tree: Any) -> str | None:
    """The text trafilatura's fast pass finds in ``tree`` (changed here) less what it deletes unread.

    Its own rules only, no comparison with its bundled justext and readability; favouring
    precision, so no dump of the whole page when the article is missing.
    """
    import trafilatura

    drop_unread(tree)
    text: str | None = trafilatura.extract(tree, options=_fast_options())
    return text


def _only_unread(text: str, markup: str) -> bool:
    """Whether a line of ``text`` is not in the page less the elements trafilatura deletes unread.

    trafilatura's cascade, finding no article, can fall back to a few words of the whole page: a
    menu's, a footer's. Such words are not in the page once its menus and footers are gone, where
    a short article's are.

    >>> page = "<html><body><nav>Home</nav><p>A short note.</p><footer>(c) 2026</footer></body></html>"
    >>> _only_unread("A short note.", page), _only_unread("(c) 2026", page)
    (False, True)
    """
    import trafilatura

    tree = trafilatura.load_html(markup)
    if tree is None:
        return True
    drop_unread(tree)
    kept = _collapse(tree.text_content())
    return any(_collapse(line) not in kept for line in text.split("\n") if line.strip())


@functools.cache
def _cascade_options() -> Any:
    from trafilatura.settings import Extractor

    return Extractor(fast=False, precision=True, comments=False, tables=False, dedup=False)


def _full_cascade(tree: Any) -> str | None:
    """The text trafilatura's full cascade finds in ``tree`` (changed here), a whole page.

    Its own result weighed against readability's and justext's: its fast pass alone can take a box
    whose class names an article (a PDF edition teaser in a sidebar) for the story, when the story's
    own container has a name it does not know. Readability and justext judge a page by all of it, so
    they get all of it: with the menus and footers deleted first, they miss a short article.
    """
    import trafilatura

    text: str | None = trafilatura.extract(tree, options=_cascade_options())
    return text


def html_text(markup: str) -> Extracted:
    """The article of a news page: its paragraphs, one per line, without menus, sidebars or footers.

    The headline is metadata, not text: trafilatura keeps an ``<h1>`` inside the article as its
    first line, and that line is dropped (a lede that restates the headline would otherwise read as
    a repeat).

    Raises:
        FormatError: The page has no article body the extractor recognises, or is not HTML.

    >>> page = ('<html><head><title>Port news</title></head><body><nav><a href="/">Home</a></nav>'
    ...         '<article><h1>Trawlers return</h1><p>' + 'The trawlers came back to port. ' * 12 +
    ...         '</p></article><footer>All rights reserved.</footer></body></html>')
    >>> found = html_text(page)
    >>> found.title, found.text[:31]
    ('Trawlers return', 'The trawlers came back to port.')
    """
    import trafilatura

    speed_up_trafilatura()
    tree = trafilatura.load_html(markup)
    if tree is None:
        raise FormatError("not an HTML page (nothing to parse)")
    title, date, url, headings = _page_metadata(tree)
    laid_out_by_tables = tree.find(".//table") is not None
    text = _full_cascade(tree)
    if text and len(text) < _fast_options().min_extracted_size and _only_unread(text, markup):
        text = None  # a few words of a menu, a footer or a form's box: no article
    text = text or _fast_pass(trafilatura.load_html(markup))
    if not text and laid_out_by_tables:  # a page laid out by a table, as sites were around 2002
        blocks = trafilatura.load_html(markup)
        tables_as_blocks(blocks)
        text = _fast_pass(blocks)
    lines = (text or "").split("\n")
    if lines and _collapse(lines[0]) in {title, *headings}:
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if not body:
        raise FormatError("no article text found (the page has no article body the extractor recognises)")
    return Extracted(body, title, date, url)


def check_office_zip(data: bytes, what: str, member: str, suffix: str, old_suffix: str) -> None:
    """Refuse bytes that are not an Office Open XML file: ``what`` names it, ``member`` must be in it.

    What the bytes are instead is said (:func:`not_a_zip`): a file cut short, or one of the old
    binary formats under the new suffix.

    Raises:
        FormatError: Not a zip archive, or a zip archive without ``member``.

    >>> check_office_zip(b"PK\\x03\\x04 cut", "a Word .docx file", "word/document.xml", ".docx", ".doc")
    Traceback (most recent call last):
    ...
    reuse.extract.FormatError: not a Word .docx file (a damaged zip archive (cut short?): copy it again)
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            bomb = unpacked_too_far(archive, len(data))
    except zipfile.BadZipFile:
        raise FormatError(f"not {what} ({not_a_zip(data, suffix, old_suffix)})") from None
    if member not in names:
        raise FormatError(f"not {what} (a zip archive without {member})")
    if bomb:
        raise FormatError(bomb)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an OLE compound file begins: Word 97-2003's ``.doc``, Excel's ``.xls``, PowerPoint's ``.ppt``."""
OLE_KINDS = (("WordDocument", ".doc", "a Word 97-2003"), ("Workbook", ".xls", "an Excel 97-2003"))
"""The stream that says what an OLE file holds, its suffix, and its name in words."""


def not_a_zip(data: bytes, suffix: str, old_suffix: str) -> str:
    """What a file named ``suffix`` (``.docx``, ``.xlsx``, ``.odt``) that does not open as a zip archive is.

    A copy cut short is no old format to save again, and a Word 97-2003 file under the new suffix
    needs only its own name back: ``reuse`` reads ``.doc`` itself (``old_suffix``: the old format
    people mistake for this one).

    >>> not_a_zip(b"PK\\x03\\x04 cut here", ".docx", ".doc")
    'a damaged zip archive (cut short?): copy it again'
    >>> not_a_zip(OLE_MAGIC + "WordDocument".encode("utf-16-le"), ".docx", ".doc")
    'a Word 97-2003 .doc file named .docx: rename it to .doc'
    >>> not_a_zip(OLE_MAGIC + "Workbook".encode("utf-16-le"), ".xlsx", ".xls")
    'an Excel 97-2003 .xls file named .xlsx: save it as .xlsx'
    >>> not_a_zip(b"plain words", ".xlsx", ".xls")
    'not a zip archive; an old .xls? save it as .xlsx'
    """
    if data.startswith(b"PK"):
        return "a damaged zip archive (cut short?): copy it again"
    if data.startswith(OLE_MAGIC):
        for stream, old, kind in OLE_KINDS:
            if stream.encode("utf-16-le") in data:  # the name of a stream in the file's directory
                todo = f"rename it to {old}" if old == ".doc" else f"save it as {suffix}"  # .doc is read
                return f"{kind} {old} file named {suffix}: {todo}"
        return f"an old binary Office file (OLE) named {suffix}: save it as {suffix}"
    if data.lstrip().startswith(b"{\\rtf"):
        return f"not a zip archive: an RTF file named {suffix}? rename it to .rtf"
    return f"not a zip archive; an old {old_suffix}? save it as {suffix}"


UNPACK_RATIO = 200
"""Text XML packs 5 to 20 times; a file whose parts would unpack to more than this many times its
size, and to more than :data:`UNPACK_FLOOR` bytes, is a zip bomb, not a document."""
UNPACK_FLOOR = 50_000_000


def unpacked_too_far(archive: zipfile.ZipFile, size: int) -> str:
    """Why a zip archive of ``size`` bytes is refused unread (a zip bomb), or ``""``.

    Readers unpack a whole part into memory, so a few megabytes made to unpack to gigabytes would
    stop a scan, or ``reuse serve``, for want of memory. The sizes the archive declares are what
    Python's unzipping stops at, so they are the ones checked.

    >>> bomb = io.BytesIO()
    >>> with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as made:
    ...     made.writestr("word/document.xml", bytes(60_000_000))
    >>> unpacked_too_far(zipfile.ZipFile(bomb), len(bomb.getvalue()))
    'its parts would unpack to 60 MB from 0.06 MB (a zip bomb?)'
    """
    declared = sum(info.file_size for info in archive.infolist())
    if declared > UNPACK_FLOOR and declared > UNPACK_RATIO * max(size, 1):
        return f"its parts would unpack to {declared / 1e6:,.0f} MB from {size / 1e6:.2f} MB (a zip bomb?)"
    return ""


def docx_text(data: bytes) -> Extracted:
    """The text of a Word ``.docx`` file: a line per paragraph and table row, changes accepted.

    As the draft reads with its tracked changes accepted (:mod:`reuse.wordml`).

    Raises:
        FormatError: The file is not a ``.docx`` (not a zip, a zip of something else, an old ``.doc``)
            or cannot be parsed.

    >>> docx_text(b"not really a draft")
    Traceback (most recent call last):
    ...
    reuse.extract.FormatError: not a Word .docx file (not a zip archive; an old .doc? save it as .docx)
    """
    check_office_zip(data, "a Word .docx file", "word/document.xml", ".docx", ".doc")
    import docx

    from reuse.wordml import body_lines

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(body_lines(document.element.body))
        props = document.core_properties
        title = _collapse(props.title)
        date = props.created.isoformat() if props.created else ""
        if date == TEMPLATE_CREATED and props.author == "python-docx":
            date = ""
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        reason = " ".join(str(exc).split())
        raise FormatError(f"cannot read as a Word .docx file ({type(exc).__name__}: {reason})") from None
    text = "\n".join(lines)
    if not text.strip():
        raise FormatError("empty or whitespace-only text: nothing to compare")
    return Extracted(text, title, date)


def web_archive_page(data: bytes) -> tuple[bytes, str | None, str]:
    """The page inside a web archive: its HTML bytes, declared charset, and the address saved from.

    A web archive (``.mhtml``) is a browser's "save page as: single file", a MIME message (RFC
    2557). The page is its first ``text/html`` part (frames and images follow it), quoted-printable
    or base64 as the browser wrote it.

    Raises:
        FormatError: Not a MIME archive, or one without an HTML page.

    >>> page = (b"MIME-Version: 1.0\\r\\nContent-Type: multipart/related; boundary=B\\r\\n\\r\\n--B\\r\\n"
    ...         b"Content-Type: text/html; charset=utf-8\\r\\nContent-Transfer-Encoding: quoted-printable"
    ...         b"\\r\\nContent-Location: https://x.ly/a\\r\\n\\r\\n<p>caf=C3=A9 =3D ok</p>\\r\\n--B--\\r\\n")
    >>> web_archive_page(page)
    (b'<p>caf\\xc3\\xa9 = ok</p>', 'utf-8', 'https://x.ly/a')
    """
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart() and message.get_content_type() != "text/html":
        raise FormatError("not a web archive (.mhtml): no MIME parts, and no page")
    for part in message.walk():
        if part.get_content_type() == "text/html":
            html = part.get_payload(decode=True)
            if isinstance(html, bytes) and html.strip():
                location = part.get("Content-Location") or message.get("Snapshot-Content-Location") or ""
                return html, part.get_content_charset(), str(location).strip()
    raise FormatError("a web archive (.mhtml) without an HTML page in it")


def _extracted(
    data: bytes, cache: Path | None, source: Source, extract: Callable[[], Extracted]
) -> tuple[str, Source]:
    """``extract()``'s text and ``source``, or both from the extract ``cache`` if read so before.

    ``source`` is completed with the file's sha256 and what the text says of itself.
    """
    source = replace(source, sha256=hashlib.sha256(data).hexdigest())
    if cache is not None and (hit := _cached(cache, source)) is not None:
        if isinstance(hit, Failure):
            raise FormatError(hit.reason)
        return hit
    try:
        found = extract()
    except FormatError as failure:  # the same bytes, recipe and extractor fail the same way
        _remembered(cache, Failure(str(failure)), source)
        raise
    about = replace(source, title=found.title, date=found.date, url=found.url or source.url)
    return _remembered(cache, found.text, about)


def read_page(
    data: bytes,
    encoding: str,
    cache: Path | None = None,
    *,
    archive: bool = False,
    charset: str | None = None,
    url: str = "",
) -> tuple[str, Source]:
    """A page file's article and how it was read; ``encoding`` applies when the page declares none.

    With ``archive``, ``data`` is a web archive (:func:`web_archive_page`) and the page in it is
    read; its source's ``url`` is the address it was saved from unless the page names its own. A
    page captured from the web (:mod:`reuse.warc`) comes with the ``charset`` its HTTP header named,
    used when the page declares none, and the ``url`` it was captured from. With ``cache`` (a
    folder, :mod:`reuse.extract_cache`), a page extracted before by this recipe and extractor
    version is not extracted again.

    Raises:
        ValueError: The bytes do not decode, or (:class:`FormatError`) the page has no article.
    """
    from reuse.io import decoded

    page, declared, saved_from = web_archive_page(data) if archive else (data, charset, url)
    markup, codec = decoded(page, sniff_html_charset(page) or declared or encoding)
    version = package_version("trafilatura")
    how = Source("mhtml" if archive else "html", HTML_READER, "trafilatura", version, codec, url=saved_from)
    return _extracted(data, cache, how, lambda: html_text(markup))


def pdf_extracted(data: bytes) -> Extracted:
    """A PDF's text (:mod:`reuse.pdftext`) and the title and date its metadata gives.

    Raises:
        ValueError: Not a PDF, damaged, encrypted, or (:class:`FormatError`) without a text layer.
    """
    from reuse.pdftext import pdf_pages, pdf_text

    pages, title, date = pdf_pages(data)
    text = pdf_text(pages)
    if not text.strip():
        raise FormatError("no text in it (a scanned PDF? run OCR on it first)")
    return Extracted(text, title, date)


def read_pdf(data: bytes, cache: Path | None = None) -> tuple[str, Source]:
    """A PDF file's text and how it was read (``cache`` as for :func:`read_page`).

    Raises:
        ValueError: See :func:`pdf_extracted`.
    """
    how = Source("pdf", PDF_READER, "pypdf", package_version("pypdf"))
    return _extracted(data, cache, how, lambda: pdf_extracted(data))


def read_draft(data: bytes, cache: Path | None = None) -> tuple[str, Source]:
    """A ``.docx`` file's text and how it was read (``cache`` as for :func:`read_page`).

    Raises:
        FormatError: See :func:`docx_text`.
    """
    how = Source("docx", DOCX_READER, "python-docx", package_version("python-docx"))
    return _extracted(data, cache, how, lambda: docx_text(data))


def _cached(cache: Path, source: Source) -> tuple[str, Source] | Failure | None:
    """What the cache holds for the bytes and recipe ``source`` describes: text and source, or a failure."""
    if not source.extractor_version:  # the extractor is not installed: let extraction say so
        return None
    return lookup(cache, cache_key(source))


def _remembered(cache: Path | None, text: T, source: Source) -> tuple[T, Source]:
    """``(text, source)``, stored in the extract cache first when there is one (a text or a failure)."""
    if cache is not None and source.extractor_version:
        remember(cache, text, source)
    return text, source
