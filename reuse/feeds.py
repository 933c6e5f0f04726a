"""News feeds (RSS 2.0, RSS 1.0, Atom) saved as ``.xml``: each item's article as a document.

A site's feed is the list of what it published last, and most carry each story whole (WordPress's
``content:encoded`` by default), so a fact-checker who saves the feeds of the outlets she follows
can scan them against each other and against an agency's copy. An item's text is its full content
when the feed has it, else its description or summary; either is HTML as a rule, read as a browser
shows it (:func:`reuse.markup.fragment_text`, the formats extra), a line per paragraph. The item's
title, publication time and link are its metadata. Parsed with the standard library's XML parser,
as :mod:`reuse.newsml` is.
"""

from __future__ import annotations

import email.utils
from xml.etree import ElementTree

from reuse.extract import Extracted
from reuse.newsml import WireStory, _local, _text_of, body_lines, iso_date

FEED_READER = "reuse-feed/1"
"""Recipe for an item of RSS or Atom: its full content, else its description, read as HTML."""
FEED_ROOTS = frozenset({"rss", "RDF", "feed"})
"""Root elements of the feeds read: RSS 2.0, RSS 1.0 (RDF), Atom."""


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) == name]


def _first(element: ElementTree.Element, *names: str) -> ElementTree.Element | None:
    """The first child named one of ``names`` (by local name), in the order of ``names``."""
    return next((found[0] for name in names if (found := _children(element, name))), None)


def _date(value: str | None) -> str:
    """An RSS ``pubDate`` (RFC 822) or an Atom or Dublin Core date (ISO 8601) as ISO 8601; "" if neither.

    >>> _date("Tue, 01 Dec 2026 09:30:00 +0200"), _date("2026-12-01T09:30:00Z"), _date("soon")
    ('2026-12-01T09:30:00+02:00', '2026-12-01T09:30:00Z', '')
    """
    text = (value or "").strip()
    if found := iso_date(text):
        return found
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _html_text(markup: str) -> str:
    from reuse.markup import fragment_text

    return fragment_text(markup)


def _content(item: ElementTree.Element, *, atom: bool) -> tuple[str, bool]:
    """An item's article: its full content, else its description (RSS) or summary (Atom).

    RSS's ``content:encoded`` and ``description`` hold HTML; Atom's ``content`` and ``summary`` say
    what they hold (``text``, the default; ``html``; ``xhtml``, as elements). ``media:content``, a
    picture, shares the local name and is no article: only Atom's ``content`` is read as one. The
    flag says whether the text was read as HTML.
    """
    for name in ("content", "summary") if atom else ("encoded", "description"):
        for element in _children(item, name):
            kind = element.get("type", "text") if atom else "html"
            html = kind in ("html", "text/html")
            if kind == "xhtml":
                text = "\n".join(line for line in body_lines(element) if line)
            elif html:
                text = _html_text(element.text or "")
            else:
                text = (element.text or "").strip()
            if text:
                return text, html
    return "", False


def _link(item: ElementTree.Element) -> str:
    """An item's address: RSS's ``link`` text, Atom's ``link rel="alternate"`` (or first) ``href``."""
    links = _children(item, "link")
    for link in links:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link.get("href", "").strip()
    return (links[0].text or "").strip() if links else ""


def feed_stories(root: ElementTree.Element) -> list[WireStory]:
    """Every item (entry) of an RSS or Atom feed, in the feed's order.

    >>> feed = ElementTree.fromstring(
    ...     '<rss><channel><item><title>Port reopens</title><link>https://x.test/a</link>'
    ...     '<pubDate>Tue, 01 Dec 2026 09:30:00 GMT</pubDate>'
    ...     '<description>&lt;p&gt;The port reopened.&lt;/p&gt;&lt;p&gt;Boats return.&lt;/p&gt;</description>'
    ...     '</item></channel></rss>')
    >>> story = feed_stories(feed)[0]
    >>> story.format, story.guid, story.found
    ('rss', 'https://x.test/a', Extracted(text='The port reopened.\\nBoats return.', title='Port reopens', \
date='2026-12-01T09:30:00+00:00', url='https://x.test/a'))
    """
    atom = _local(root.tag) == "feed"
    items = [e for e in root.iter() if _local(e.tag) == ("entry" if atom else "item")]
    stories = []
    for item in items:
        link = _link(item)
        dated = _first(item, "published", "pubDate", "date", "updated", "issued", "modified")
        guid = _first(item, "id", "guid")
        date = _date(dated.text if dated is not None else "")
        text, html = _content(item, atom=atom)
        found = Extracted(text, _text_of(_first(item, "title")), date, link)
        about = (guid.text or "").strip() if guid is not None else ""
        stories.append(WireStory("atom" if atom else "rss", found, about or link, html=html))
    return stories
