"""Wire copy as agencies deliver it: NITF and NewsML-G2 files (``.xml``).

AFP, Reuters, AP, dpa and most national agencies send their stories to newsrooms as IPTC XML: a
NewsML-G2 ``newsItem`` (or a ``newsMessage`` of several) whose content is NITF, XHTML or plain
text, or an NITF file alone. Read here with the standard library's XML parser (expat, which
refuses entity expansion bombs and never fetches external entities), into the text an editor
reads: a line per paragraph, subheading, list item and table row (cells by a tab), whitespace
inside a line collapsed; the headline is metadata, as a page's is, and captions (``media``),
editors' notes and a story's end matter (``body.end``: taglines, credits) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from reuse.extract import Extracted, FormatError

NITF_READER = "reuse-nitf/1"
"""Recipe for an NITF file: :func:`body_lines` of ``body.content``; ``hl1`` is the title."""
NEWSML_READER = "reuse-newsml/1"
"""Recipe for NewsML-G2: each news item's first text rendition (NITF, XHTML or plain text)."""
BLOCKS = frozenset({"p", "hl2", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th"})
"""Elements that are a line of their own unless they hold such lines (a ``td`` holding paragraphs)."""
UNREAD = frozenset({"media", "note", "figure", "figcaption", "script", "style", "aside", "body.end"})
"""Elements whose text is not the story: captions and pictures, editors' notes, end matter, code."""
WHAT = {"nitf": "an NITF story", "newsml": "a NewsML-G2 item", "rss": "an RSS item", "atom": "an Atom entry"}
"""What one story of each format is called, in an error."""
NO_TEXT_ITEMS = frozenset({"packageItem", "conceptItem", "planningItem", "knowledgeItem", "catalogItem"})
"""NewsML-G2 items that hold no story: packages of other items, concepts, plans, vocabularies."""


@dataclass(frozen=True)
class WireStory:
    """One story of a wire file: its text and metadata, its id (NewsML ``guid``, NITF ``doc-id``).

    ``format`` is ``nitf``, ``newsml``, ``rss`` or ``atom``: what the file is (a NewsML item's
    content may be NITF).
    """

    format: str
    found: Extracted
    guid: str = ""
    html: bool = False  # whether the text was read as HTML (a feed's): the report's source.markup says so


def _local(tag: object) -> str:
    """An element's name without its namespace (``{http://iptc.org/...}p`` -> ``p``); "" for comments."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _words(element: ElementTree.Element) -> Iterator[str]:
    """The text inside ``element``, skipping what is not read, a ``br`` as a space."""
    if element.text:
        yield element.text
    for child in element:
        name = _local(child.tag)
        if name == "br":
            yield " "
        elif name not in UNREAD:
            yield from _words(child)
        if child.tail:
            yield child.tail


def _line(element: ElementTree.Element) -> str:
    return " ".join("".join(_words(element)).split())


def _holds_blocks(element: ElementTree.Element) -> bool:
    return any(_local(e.tag) in BLOCKS or _local(e.tag) == "tr" for e in element.iter() if e is not element)


def _loose_text(element: ElementTree.Element) -> bool:
    """Whether ``element`` holds text outside its children (a paragraph written without ``<p>``)."""
    return bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)


def body_lines(element: ElementTree.Element) -> Iterator[str]:
    """A line per paragraph, subheading, list item and table row inside ``element``, in order.

    >>> body = ElementTree.fromstring(
    ...     "<body.content><p>The port\\n  reopens.</p><media><media-caption>A boat</media-caption></media>"
    ...     "<hl2>Quotas</hl2><ul><li>Cod</li><li>Hake</li></ul><table><tr><td>2025</td><td>9 t</td></tr>"
    ...     "</table><p>Boats<br/>return.</p></body.content>")
    >>> list(body_lines(body))
    ['The port reopens.', 'Quotas', 'Cod', 'Hake', '2025\\t9 t', 'Boats return.']
    """
    if _loose_text(element) and _local(element.tag) not in UNREAD:
        yield _line(element)
        return
    for child in element:
        name = _local(child.tag)
        if name in UNREAD or not name:
            continue
        if name == "tr":
            yield "\t".join(_line(cell) for cell in child if _local(cell.tag) in ("td", "th"))
        elif (name in BLOCKS and not _holds_blocks(child)) or _loose_text(child):
            yield _line(child)
        else:
            yield from body_lines(child)


_ISO_BASIC = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def iso_date(value: str | None) -> str:
    """A date as ISO 8601 extended, from NITF's basic form (``20261201T093000+0200``); "" if unreadable.

    >>> iso_date("20261201T093000+0200"), iso_date("2026-12-01T09:30:00Z")
    ('2026-12-01T09:30:00+02:00', '2026-12-01T09:30:00Z')
    >>> iso_date("20261201"), iso_date("soon")
    ('2026-12-01', '')
    """
    found = _ISO_BASIC.match((value or "").strip())
    if found is None:
        return ""
    year, month, day, hour, minute, second, zone = found.groups()
    date = f"{year}-{month}-{day}"
    if hour is None:
        return date
    zone = zone or ""
    if len(zone) == 5:
        zone = f"{zone[:3]}:{zone[3:]}"
    return f"{date}T{hour}:{minute}:{second or '00'}{zone}"


def _child(element: ElementTree.Element | None, *path: str) -> ElementTree.Element | None:
    """The first descendant along ``path`` of local names, whatever their namespaces."""
    for name in path:
        if element is None:
            return None
        element = next((e for e in element.iter() if e is not element and _local(e.tag) == name), None)
    return element


def _text_of(element: ElementTree.Element | None) -> str:
    return "" if element is None else _line(element)


def nitf_story(nitf: ElementTree.Element) -> WireStory:
    """An NITF document's story: ``body.content``'s lines, ``hl1`` (or ``title``) and its issue date."""
    content = _child(nitf, "body", "body.content")
    text = "\n".join(line for line in body_lines(content) if line) if content is not None else ""
    title = _text_of(_child(nitf, "hl1")) or _text_of(_child(nitf, "head", "title"))
    issued, published = _child(nitf, "docdata", "date.issue"), _child(nitf, "pubdata")
    date = iso_date(issued.get("norm") if issued is not None else None) or iso_date(
        published.get("date.publication") if published is not None else None
    )
    doc_id = _child(nitf, "docdata", "doc-id")
    return WireStory(
        "nitf", Extracted(text, title, date), doc_id.get("id-string", "") if doc_id is not None else ""
    )


def _rendition_text(content_set: ElementTree.Element | None, headline: str) -> str:
    """The first rendition of a news item that holds text: inline NITF, XHTML, or plain text."""
    for rendition in content_set if content_set is not None else ():
        name = _local(rendition.tag)
        if name == "inlineXML":
            inner = next(iter(rendition), None)
            if inner is not None and _local(inner.tag) == "nitf":
                text = nitf_story(inner).found.text
            elif inner is not None:
                body = _child(inner, "body") if _local(inner.tag) == "html" else inner
                lines = [line for line in body_lines(body) if line] if body is not None else []
                if lines and lines[0] == headline:  # an <h1> restating the headline, as on a page
                    lines = lines[1:]
                text = "\n".join(lines)
            else:
                text = ""
        elif name == "inlineData":
            text = (rendition.text or "").strip()
        else:  # remoteContent: a picture or a file elsewhere
            text = ""
        if text:
            return text
    return ""


def news_item_story(item: ElementTree.Element) -> WireStory:
    """A NewsML-G2 ``newsItem``'s story: its text rendition, ``headline``, and when it was written."""
    meta = _child(item, "contentMeta")
    headline = _text_of(_child(meta, "headline"))
    text = _rendition_text(_child(item, "contentSet"), headline)
    date = ""
    for where in (_child(meta, "contentCreated"), _child(item, "itemMeta", "versionCreated")):
        date = date or iso_date(where.text if where is not None else None)
    return WireStory("newsml", Extracted(text, headline, date), item.get("guid", ""))


def wire_stories(data: bytes) -> list[WireStory]:
    """Every story in a NewsML-G2, NITF, RSS or Atom file, in order (one without text: ``found.text == ""``).

    Raises:
        FormatError: Not XML, or XML of another kind (a sitemap), in one line.

    >>> item = (b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1"><contentMeta>'
    ...         b'<headline>Port reopens</headline></contentMeta><contentSet><inlineData>'
    ...         b'The port reopened on Tuesday.</inlineData></contentSet></newsItem>')
    >>> story = wire_stories(item)[0]
    >>> story.guid, story.found.title, story.found.text
    ('urn:x:1', 'Port reopens', 'The port reopened on Tuesday.')
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise FormatError(f"not well-formed XML ({exc})") from None
    name = _local(root.tag)
    if name == "nitf":
        return [nitf_story(root)]
    if name == "newsItem":
        return [news_item_story(root)]
    if name == "newsMessage":
        items = [e for e in root.iter() if _local(e.tag) == "newsItem"]
        if not items and any(_local(e.tag) in NO_TEXT_ITEMS for e in root.iter()):
            raise FormatError("a NewsML-G2 message without news items (only packages or concepts)")
        return [news_item_story(item) for item in items]
    from reuse.feeds import FEED_ROOTS, feed_stories

    if name in FEED_ROOTS:
        return feed_stories(root)
    raise FormatError(
        f"XML that is not a news story or feed (NewsML-G2, NITF, RSS, Atom): its root is <{name}>"
    )
