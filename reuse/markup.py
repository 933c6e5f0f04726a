"""Article bodies kept as HTML in a table or JSONL field (a CMS export's body column), read as text.

A CMS stores an article's body as an HTML fragment: ``<p>`` paragraphs, inline ``<strong>`` and
``<a>``, entities, WordPress's ``<!-- wp:paragraph -->`` comments, or (its classic editor) plain
lines with a blank line between paragraphs and ``<p>`` added only when the page is served. Scanned
as it is, every tag and attribute is words: ``class="has-text-align-left"`` joins passages and
shows up inside every finding's text. A fragment has no menus or footers to leave out, so this is
not trafilatura's job (which also refuses a body under 250 characters); it is the text a browser
shows, one paragraph a line, as pages are read (:mod:`reuse.extract`).

The rules (:data:`FRAGMENT_READER`): scripts, styles and embedded objects are left out; a block
element (paragraph, heading, list item, quote, table row, ``<div>``...) or ``<br>`` ends a line,
and so does a blank line inside text (WordPress's paragraphs); other runs of whitespace are one
space, as in a browser; entities are decoded; empty lines are dropped. Offsets index this text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from reuse.cpus import in_order_on_cores, usable_cpus

FRAGMENT_READER = "reuse-html-fragment/1"
"""Recipe for a record's text held as HTML; recorded as the document's ``source.markup``."""

MARKUP_CHOICES = ("auto", "text", "html")
"""What a record's text is: ``html`` (read as :func:`fragment_text`), ``text`` (as it is), or ``auto``:
html for a file in which most texts hold HTML tags (:func:`looks_like_html`)."""

BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav"),
        *("ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)
"""Elements that begin and end a line (a cell ends one too: a table's cells seldom run as prose)."""
LEFT_OUT = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
"""Elements whose content is not text a reader sees."""

_TAG = re.compile(
    r"<(?:/?(?:p|div|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|blockquote|figure|figcaption|table|tr|td|"
    r"section|article|img)\b[^<>]*|br\s*/?)>|<!-- /?wp:",
    re.IGNORECASE,
)
_BLANK_LINE = re.compile(r"[^\S\n]*\n[^\S\n]*\n\s*")


def looks_like_html(texts: Sequence[str]) -> bool:
    """Whether at least half of ``texts`` hold an HTML tag of an article body (``<p>``, ``<br>``, ...).

    One file's texts are judged together, so its records are all read the same way. Prose that
    mentions a tag now and then stays text: it takes half of the file's records.

    >>> looks_like_html(["<p>The harbour reopened.</p>", "Plain words", "<p>More</p>"])
    True
    >>> looks_like_html(["a < b and b > c", "x <p> is a tag", "plain", "plain"])
    False
    """
    marked = sum(1 for text in texts if _TAG.search(text))
    return bool(texts) and 2 * marked >= len(texts)


@functools.cache
def _parser() -> Any:
    """The HTML parser (lxml's) without comments or processing instructions, made once per process."""
    from lxml import html

    return html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def fragment_text(markup: str) -> str:
    """The text a browser shows for an HTML fragment, one paragraph a line.

    >>> fragment_text('<!-- wp:paragraph --><p class="x">The <b>port</b>\\n reopened.</p><p>Al &amp; co</p>')
    'The port reopened.\\nAl & co'
    >>> fragment_text("First paragraph,\\nstill the first.\\n\\nSecond.<br>Third<script>x()</script>")
    'First paragraph, still the first.\\nSecond.\\nThird'
    >>> fragment_text("<ul><li>واحد</li><li>اثنان</li></ul>")
    'واحد\\nاثنان'
    """
    from lxml import etree, html

    if not markup.strip():
        return ""
    root = html.fragment_fromstring(markup, create_parent="div", parser=_parser())
    for element in list(root.iter(*LEFT_OUT)):
        element.drop_tree()  # keeps the text after it
    lines: list[list[str]] = [[]]

    def add(text: str | None) -> None:
        if not text:
            return
        if "\n" not in text:  # most texts: no blank line to look for
            lines[-1].append(text)
            return
        first, *paragraphs = _BLANK_LINE.split(text)
        lines[-1].append(first)
        lines.extend([paragraph] for paragraph in paragraphs)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                lines.append([])
            if tag:  # a comment's or processing instruction's "text" is not shown
                add(element.text)
        else:
            if tag in BLOCK_TAGS:
                lines.append([])
            if element is not root:
                add(element.tail)
    shown = (" ".join("".join(parts).split()) for parts in lines)
    return "\n".join(line for line in shown if line)


SPREAD_CHARACTERS = 4_000_000
"""Characters of HTML from which :func:`fragment_texts` reads on every core (about a tenth of a second
on one): below it, starting the processes costs more than they save."""


def fragment_texts(texts: Sequence[str], workers: int | None = 1) -> list[str]:
    """:func:`fragment_text` of each text, in order; a large file's texts are read on ``workers`` cores.

    A CMS export's bodies are most of its bytes, and reading them as HTML is several times slower
    than everything else done to a text before alignment, so a large one is spread over forked
    processes (default 1: in this process; ``None``: one per CPU; :func:`reuse.cpus.in_order_on_cores`).

    >>> fragment_texts(["<p>one</p><p>two</p>", "three<br>four"], workers=2)
    ['one\\ntwo', 'three\\nfour']
    """
    if texts:
        _parser()  # lxml imported (or ImportError raised) here, and the parser made before any fork
    workers = workers or usable_cpus()
    if sum(map(len, texts)) < SPREAD_CHARACTERS:
        workers = 1
    return in_order_on_cores(fragment_text, texts, workers)
