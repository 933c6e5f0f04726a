"""A self-contained HTML page that shows a ``reuse.report/2`` report side by side, in the text's direction.

The page is one file with inline CSS and JS and no network requests, so it can be mailed or archived.
Document text is untrusted: it only reaches the page through Jinja2's autoescaping (or JSON with ``<``
escaped), and bidi control characters are shown as visible markers so they cannot reorder the page.
Finding details sit in inert ``<template>`` elements and are rendered when scrolled near, so a report of
thousands of findings stays responsive (printing renders them all first). Each paragraph of a text is an
element of its own, with its own direction and, when Arabic, ``lang="ar"``.
"""

from __future__ import annotations

import collections
import functools
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup, escape

from reuse._worddiff import Edit, word_diff
from reuse.direction import direction
from reuse.files import InputFileError, read_report_texts
from reuse.spans import covered

__all__ = ["ReportInputError", "direction", "load_texts_for_report", "render_html", "visible"]

CONTEXT = 150
"""Characters of context shown on each side of a passage (trimmed back to a word boundary)."""
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


ReportInputError = InputFileError
"""The report's documents cannot be shown: a file is missing, changed or unreadable, or a text does not
hold the report's passage. The message is one line, ``<file>: <problem>``, ready for the CLI to print."""
load_texts_for_report = read_report_texts
"""Every document of a report, read again and checked against its ``sha256`` (see :mod:`reuse.files`)."""


def visible(text: str) -> Markup:
    """Escape ``text`` for HTML and show bidi controls as inert markers, so they cannot reorder the page.

    >>> str(visible("<b>x\u202e</b>"))
    '&lt;b&gt;x<span class="ctl" title="U+202E">⟨U+202E⟩</span>&lt;/b&gt;'
    """
    escaped = str(escape(text))
    return Markup(
        _BIDI_CONTROLS.sub(
            lambda m: f'<span class="ctl" title="U+{ord(m[0]):04X}">⟨U+{ord(m[0]):04X}⟩</span>', escaped
        )
    )


def _attr_text(text: str) -> str:
    """Bidi controls spelled out for attribute values (tooltips), where markup cannot go."""
    return _BIDI_CONTROLS.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", text)


@dataclass
class _Part:
    """One occurrence of a finding, with everything the templates need to draw it."""

    key: str
    doc: str
    start: int
    end: int
    finding: int
    kind: str
    reported: str = ""
    peer: str = ""
    label: str = ""
    line: int = 0
    dir: str = "ltr"
    before: str = ""
    after: str = ""
    cut_before: bool = False
    cut_after: bool = False
    passage: str = ""
    cat: str = "reuse"
    """What the span counts as on the page: reuse, repeat, boilerplate or listing (see :func:`_category`)."""


@dataclass
class _Para:
    """One paragraph of a shown passage: context before, the highlighted pieces (if any), context after.

    Each paragraph is its own element with its own direction: Chromium's ``unicode-bidi: plaintext``
    mirrors no bracket in a paragraph that follows a blank line in the same element.
    """

    dir: str
    lang: str
    before: str
    pieces: list[tuple[str, str, str]] | None
    after: str


@dataclass
class _Side:
    """One passage of a pane, with its words marked against the pane's other passage(s)."""

    part: _Part
    paras: list[_Para]


@dataclass
class _Pane:
    """Passages shown side by side: a reuse's two, a repeat's all, or a cluster's first and one copy."""

    sides: list[_Side]
    copy: int = 0
    """The cluster copy compared with the first (1 for #2, …); 0 when the pane is not a comparison."""


@dataclass
class _Finding:
    index: int
    id: str
    kind: str
    similarity: float
    words: int
    parts: list[_Part]
    boilerplate: bool = False
    group: str = ""
    listed: int = 0
    """A listing's stories: the documents whose starts it holds, other listing pages left out."""
    panes: list[_Pane] = field(default_factory=list)
    earliest: dict[str, Any] | None = None
    """The report's ``earliest`` (a reuse's or cluster's first printing), when its documents have dates."""

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(p.doc for p in self.parts))

    @property
    def label(self) -> str:
        """The kind as an editor reads it: a boilerplate cluster is boilerplate, not reuse."""
        return "boilerplate" if self.boilerplate else self.kind

    @property
    def preview(self) -> str:
        """The first words of the first passage, for the list of findings."""
        text = self.parts[0].passage if self.parts else ""
        return text if len(text) <= 90 else text[: _word_end(text, 90, 40)] + " …"


@dataclass
class _Segment:
    """A run of a document between two span boundaries, and the spans covering all of it."""

    text: str
    anchors: list[str]
    parts: list[_Part]

    @property
    def keys(self) -> str:
        return " ".join(p.key for p in self.parts)

    @property
    def cats(self) -> list[str]:
        return sorted({p.cat for p in self.parts})


@dataclass
class _Block:
    """A paragraph of a document view: its runs, in an element of its own direction (see :class:`_Para`)."""

    dir: str
    lang: str
    segments: list[_Segment]


@dataclass
class _Doc:
    index: int
    id: str
    chars: int
    words: int | None
    reused_fraction: float | None
    text: str | None
    dir: str = "ltr"
    shares: dict[str, float] = field(default_factory=dict)
    """Share of the text in each category (:data:`CATEGORIES`), each character in the first that holds it."""
    spans: list[_Part] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    title: str = ""
    date: str = ""
    url: str = ""

    @property
    def counted(self) -> float:
        """Reused and repeated, as the report's ``reused_fraction`` counts: boilerplate and listings aside."""
        return self.shares.get("reuse", 0.0) + self.shares.get("repeat", 0.0)

    @property
    def about(self) -> list[str]:
        """What the document's source said of itself, to show beside its id: headline, date."""
        return [value for value in (self.title, self.date) if value]


def web_link(url: object) -> str:
    """``url`` when it is a web address a page may link to, else ``""``.

    A page's canonical URL is whatever the page says: a ``javascript:`` or ``data:`` one must never
    become a link in the report.

    >>> web_link("https://news.example.ly/a?b=1"), web_link("javascript:alert(1)"), web_link(None)
    ('https://news.example.ly/a?b=1', '', '')
    """
    text = str(url or "").strip()
    return text if re.match(r"https?://[^\s]+$", text, re.IGNORECASE) else ""


def _word_start(text: str, pos: int, limit: int) -> int:
    """Move ``pos`` forward (at most to ``limit``) so context never starts inside a word."""
    while pos < limit and pos > 0 and not text[pos - 1].isspace():
        pos += 1
    return pos


def _word_end(text: str, pos: int, limit: int) -> int:
    """Move ``pos`` back (at most to ``limit``) so context never ends inside a word."""
    while pos > limit and pos < len(text) and not text[pos].isspace():
        pos -= 1
    return pos


def _pieces(passage: str, edits: list[Edit]) -> list[tuple[str, str, str]]:
    """Split a passage into ``(text, css class, counterpart)`` runs: plain matched text and edits."""
    out: list[tuple[str, str, str]] = []
    pos = 0
    for edit in edits:
        if edit.start > pos:
            out.append((passage[pos : edit.start], "", ""))
        out.append((passage[edit.start : edit.end], f"w-{edit.op}", edit.other))
        pos = edit.end
    if pos < len(passage) or not out:
        out.append((passage[pos:], "", ""))
    return out


_EMPTY_LINES = re.compile(r"(?:\A|\n)(?:[^\S\n]*\n)+[^\S\n]*")
"""Empty lines, and the indentation after them: a paragraph starts where they end."""


def _paragraph_cuts(text: str) -> list[int]:
    """Where ``text`` splits into paragraphs: 0, the end of each run of empty lines, and its end.

    >>> text = "ab\\n\\n(cd)\\nef\\n  \\n gh"
    >>> [text[lo:hi] for lo, hi in itertools.pairwise(_paragraph_cuts(text))]
    ['ab\\n\\n', '(cd)\\nef\\n  \\n ', 'gh']
    """
    ends = {m.end() for m in _EMPTY_LINES.finditer(text)} - {0, len(text)}
    return [0, *sorted(ends), len(text)]


def _lang(text: str) -> str:
    """``"ar"`` when the first letter of ``text`` is Arabic, for fonts, hyphenation and screen readers.

    >>> _lang("2024 - قال"), _lang("The minister said"), _lang("")
    ('ar', '', '')
    """
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL", "L"):
            return "ar" if bidi == "AL" else ""
    return ""


def _clip(pieces: list[tuple[str, str, str]], lo: int, hi: int) -> list[tuple[str, str, str]]:
    """The pieces of a passage between its offsets ``lo`` and ``hi`` (a piece cut at a paragraph end)."""
    out, pos = [], 0
    for text, cls, other in pieces:
        a, b = max(lo, pos), min(hi, pos + len(text))
        if a < b:
            out.append((text[a - pos : b - pos], cls, other))
        pos += len(text)
    return out or [("", "", "")]


def _paras(part: _Part, pieces: list[tuple[str, str, str]], default: str) -> list[_Para]:
    """The passage of ``part`` and its context, cut into paragraphs, each with its own direction.

    The highlighted pieces go to every paragraph they reach (one ``<mark>`` each); an empty passage
    is marked once, in the paragraph where it stands.
    """
    shown = part.before + part.passage + part.after
    start, end = len(part.before), len(part.before) + len(part.passage)
    paras, marked = [], False
    for lo, hi in itertools.pairwise(_paragraph_cuts(shown)):
        here = start < hi and end > lo if end > start else not marked and lo <= start <= hi
        marked = marked or here
        chunk = shown[lo:hi]
        paras.append(
            _Para(
                dir=direction(chunk, default),
                lang=_lang(chunk),
                before=shown[lo : max(lo, min(hi, start))],
                pieces=_clip(pieces, max(lo, start) - start, min(hi, end) - start) if here else None,
                after=shown[max(lo, end) : hi],
            )
        )
    return paras


def _blocks(text: str, segments: list[_Segment], default: str) -> list[_Block]:
    """A document's runs grouped into paragraphs; a run across a paragraph end is cut there.

    The second half of a cut run keeps the run's spans but not its anchors, so an anchor stays unique.
    """
    out: list[_Block] = []
    pos = 0
    queue = collections.deque(segments)
    for lo, hi in itertools.pairwise(_paragraph_cuts(text)):
        chunk = text[lo:hi]
        block = _Block(direction(chunk, default), _lang(chunk), [])
        while queue and pos < hi:
            seg = queue.popleft()
            if pos + len(seg.text) > hi:  # runs on into the next paragraph
                head = hi - pos
                queue.appendleft(_Segment(seg.text[head:], [], seg.parts))
                seg = _Segment(seg.text[:head], seg.anchors, seg.parts)
            block.segments.append(seg)
            pos += len(seg.text)
        out.append(block)
    if queue and out:  # empty runs at the very end (a span of no characters at the text's end)
        out[-1].segments.extend(queue)
    return out


def _category(kind: str, boilerplate: bool) -> str:
    """What a finding's spans count as in the page, as the report's ``reused_fraction`` counts them.

    It counts reuse (a passage in another document, a cluster's copies) and repeats; boilerplate and
    listings it does not, so the page shows them apart.
    """
    if boilerplate:
        return "boilerplate"
    return {"repeat": "repeat", "listing": "listing"}.get(kind, "reuse")


CATEGORIES = ("reuse", "repeat", "boilerplate", "listing")
"""The page's span categories, in the order a character covered by several is counted in."""
CATEGORY_NAMES = {"reuse": "reused", "repeat": "repeated", "boilerplate": "boilerplate", "listing": "listing"}


def _parts_of(finding: Mapping[str, Any], index: int, kind: str) -> list[_Part]:
    """Occurrences of a reuse (``a``/``b``), repeat or cluster (``occurrences``) finding, with stable keys.

    Keys (``f3a``, ``f7o2``) come from positions, never from report strings, so they are safe as
    element ids and in CSS selectors.
    """
    if "occurrences" in finding:
        raw = list(finding["occurrences"])
        doc = str(finding.get("doc", ""))
        keys = [f"f{index}o{j}" for j in range(len(raw))]
        labels = [f"#{j + 1}" for j in range(len(raw))]
        docs = [str(o.get("doc", doc)) for o in raw]  # a cluster's occurrences name their documents
        if kind == "listing":  # the page's own places first: the page is what the finding is about
            order = sorted(range(len(raw)), key=lambda j: docs[j] != doc)
            raw, docs = [raw[j] for j in order], [docs[j] for j in order]
    else:
        raw = [finding["a"], finding["b"]]
        keys, labels, docs = [f"f{index}a", f"f{index}b"], ["A", "B"], [str(o["doc"]) for o in raw]
    parts = [
        _Part(
            key,
            doc,
            int(o["start"]),
            int(o["end"]),
            index,
            kind,
            reported=str(o.get("text", "")),
            label=label,
        )
        for key, doc, label, o in zip(keys, docs, labels, raw, strict=True)
    ]
    for j, part in enumerate(parts):
        part.peer = parts[(j + 1) % len(parts)].key
    return parts


def _fill_part(part: _Part, text: str | None) -> str:
    """Attach context, direction and line number to ``part``; return its passage.

    The passage decides the direction, not the context before it (another paragraph, maybe in
    another language); a passage with no strong character takes its context's.
    """
    if text is None:
        part.dir = direction(part.reported)
        part.passage = part.reported
        return part.reported
    passage = part.passage = text[part.start : part.end]
    if part.reported and passage != part.reported:
        raise ReportInputError(part.doc, f"text at {part.start}-{part.end} differs from the report")
    lo = _word_start(text, max(0, part.start - CONTEXT), part.start)
    hi = _word_end(text, min(len(text), part.end + CONTEXT), part.end)
    part.before, part.after = text[lo : part.start], text[part.end : hi]
    part.cut_before, part.cut_after = lo > 0, hi < len(text)
    part.line = text.count("\n", 0, part.start) + 1
    part.dir = direction(passage + part.after + part.before)
    return passage


def _segments(text: str, spans: list[_Part]) -> list[_Segment]:
    """Cut a document at every span boundary; each run lists the spans covering it.

    Overlapping findings cannot nest as elements, so each run is its own element and a span is the
    contiguous runs carrying its key.
    """
    cuts = sorted({0, len(text), *(p.start for p in spans), *(p.end for p in spans)})
    ordered = sorted(spans, key=lambda p: (p.start, -p.end, p.key))
    out: list[_Segment] = []
    active: list[_Part] = []
    nxt = 0
    for lo, hi in itertools.pairwise(cuts):
        active = [p for p in active if p.end > lo]
        anchors = []
        while nxt < len(ordered) and ordered[nxt].start == lo:
            if ordered[nxt].end > lo:
                active.append(ordered[nxt])
            anchors.append(ordered[nxt].key)
            nxt += 1
        out.append(_Segment(text[lo:hi], anchors, list(active)))
    return out


COMPARED = 50
"""A cluster card offers its first this many copies to compare with the first place; all are listed."""


def _side(part: _Part, passage: str, edits: list[Edit]) -> _Side:
    return _Side(part, _paras(part, _pieces(passage, edits), part.dir))


def _panes(finding: _Finding, passages: list[str]) -> list[_Pane]:
    """What a finding's card shows side by side, with the changed words marked.

    A reuse or repeat: every occurrence diffed against the first, the first against the second. A
    cluster: the first place beside one copy at a time (the editor picks which), each pair diffed on
    its own, so every copy's changed words are marked. A listing: its page's first teaser alone, as
    its places are different stories' openings.
    """
    parts = finding.parts
    if not parts:
        return []
    if finding.kind == "listing" or len(parts) == 1:
        return [_Pane([_side(parts[0], passages[0], [])])]
    if finding.kind == "cluster":
        panes = []
        for j in range(1, min(len(parts), COMPARED + 1)):
            first, other = word_diff(passages[0], passages[j])
            panes.append(_Pane([_side(parts[0], passages[0], first), _side(parts[j], passages[j], other)], j))
        return panes
    edits: list[list[Edit]] = [[] for _ in passages]
    for j in range(1, len(passages)):
        first, edits[j] = word_diff(passages[0], passages[j])
        if j == 1:
            edits[0] = first
    return [_Pane([_side(p, t, e) for p, t, e in zip(parts, passages, edits, strict=True)])]


def _shares(spans: list[_Part], total: int) -> dict[str, float]:
    """Share of ``total`` characters in each category, a character counted in the first that holds it.

    So reuse plus repeat is the report's ``reused_fraction``, and boilerplate is never shown as a repeat.
    """
    shares, taken = {}, 0.0
    for n, cat in enumerate(CATEGORIES, 1):
        upto = _share([(p.start, p.end) for p in spans if p.cat in CATEGORIES[:n]], total)
        shares[cat], taken = upto - taken, upto
    return shares


def _shared_runs(docs: Iterable[_Doc], findings: list[_Finding], shown: set[str]) -> dict[str, list[Any]]:
    """``[finding, label, counterpart label, where to go]`` of each span that shares a run with another.

    A run in two findings cannot link to both: a click on it lists them (report.js), from this data.
    """
    out: dict[str, list[Any]] = {}
    for doc in docs:
        for block in doc.blocks:
            for seg in block.segments:
                if len(seg.parts) < 2:
                    continue
                for p in seg.parts:
                    parts = findings[p.finding].parts
                    peer = next(q for q in parts if q.key == p.peer)
                    go = p.peer if p.peer in shown and p.peer != p.key else "card"
                    out[p.key] = [p.finding, p.label, peer.label, go]
    return out


def _share(spans: list[tuple[int, int]], total: int) -> float:
    """Fraction of ``total`` characters covered by the union of ``spans``."""
    return covered(spans) / total if total else 0.0


def _script_json(value: object) -> Markup:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and bidi controls as ``\\uXXXX`` escapes.

    So ``</script>`` or ``<!--`` in a document id cannot end the script element early.

    >>> str(_script_json({"id": "</script>\u202e"}))
    '{"id": "\\\\u003c/script\\\\u003e\\\\u202e"}'
    """
    raw = json.dumps(value, ensure_ascii=False)
    return Markup(re.sub("[<>&\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m[0]):04x}", raw))


@functools.cache
def _environment() -> jinja2.Environment:
    """One Jinja environment per process: autoescaping on, unknown names an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reuse", "templates"),  # package data, read by Jinja
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["visible"] = visible
    env.filters["attr_text"] = _attr_text
    return env


NEAR_DUPLICATE = "near-duplicate"


def _passage_findings(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The findings with passages: near-duplicate groups are shown in a section of their own."""
    return [f for f in report.get("findings") or [] if f.get("kind") != NEAR_DUPLICATE]


@dataclass
class _Change:
    """One difference between two versions, as the group section shows it."""

    what: str
    side: str
    text: str
    other: str
    dir: str
    words: int

    @property
    def other_side(self) -> str:
        return "b" if self.side == "a" else "a"

    @property
    def paras(self) -> list[_Para]:
        """The text as paragraphs, each in its own direction (see :class:`_Para`)."""
        return _text_paras(self.text, self.dir)

    @property
    def langs(self) -> tuple[str, str]:
        """The language of each changed word (``"ar"`` or none), this side's first."""
        return _lang(self.text), _lang(self.other)


def _text_paras(text: str, default: str) -> list[_Para]:
    """Plain text as paragraphs, nothing highlighted."""
    return [
        _Para(direction(text[lo:hi], default), _lang(text[lo:hi]), text[lo:hi], None, "")
        for lo, hi in itertools.pairwise(_paragraph_cuts(text))
    ]


@dataclass
class _Group:
    """A near-duplicate group: its documents, each pair's containments and differences, its passages."""

    id: str
    docs: list[str]
    similarity: float
    pairs: list[dict[str, Any]]
    inside: list[tuple[str, int]]
    earliest: dict[str, Any] | None = None


_CHANGE_LABELS = {
    "lede": "lede only in",
    "ending": "ending only in",
    "passage": "passage only in",
    "changed": "words changed in",
    "moved": "moved in",
}
_SHOWN_CHARS = 400
"""Longer difference texts are cut (at a word end) in the group section; the JSON has them whole."""


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[: _word_end(text, _SHOWN_CHARS, 200)] + " …"


def _groups(report: Mapping[str, Any], index_of: Mapping[str, int]) -> list[_Group]:
    """The near-duplicate groups of a report, ready for the template."""
    out = []
    for raw in report.get("findings") or []:
        if raw.get("kind") != NEAR_DUPLICATE:
            continue
        pairs = []
        for pair in raw.get("pairs") or []:
            changes = []
            for d in pair.get("differences") or []:
                side = "a" if d.get("a") else "b"
                here, there = d.get(side) or {}, d.get("b" if side == "a" else "a") or {}
                text = str(here.get("text", ""))
                changes.append(
                    _Change(
                        what=_CHANGE_LABELS.get(str(d.get("what")), str(d.get("what"))),
                        side=side,
                        text=_shown(text),
                        other=_shown(str(there.get("text", ""))),
                        dir=direction(text),
                        words=int(d.get(f"{side}_words", 0)),
                    )
                )
            pairs.append(dict(pair) | {"changes": changes})
        inside = [(str(f), index_of[str(f)]) for f in raw.get("findings") or [] if str(f) in index_of]
        out.append(
            _Group(
                id=str(raw.get("id", "")),
                docs=[str(d) for d in raw.get("docs") or []],
                similarity=float(raw.get("similarity", 0.0)),
                pairs=pairs,
                inside=inside,
                earliest=_earliest_of(raw),
            )
        )
    return out


def _earliest_of(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """A finding's ``earliest`` as the page shows it, or ``None`` (none of its documents has a date).

    >>> _earliest_of({"earliest": {"date": "1887-09-25", "docs": ["gazette"], "undated": 1}})
    {'date': '1887-09-25', 'docs': ['gazette'], 'undated': 1}
    >>> _earliest_of({"earliest": "not an object"}), _earliest_of({})
    (None, None)
    """
    first = raw.get("earliest")
    if not isinstance(first, Mapping) or not first.get("docs"):
        return None
    return {
        "date": str(first.get("date", "")),
        "docs": [str(d) for d in first["docs"]],
        "undated": int(first.get("undated") or 0),
    }


def _iter_findings(report: Mapping[str, Any]) -> Iterator[_Finding]:
    pages = {str(f.get("doc")) for f in report.get("findings", []) if f.get("kind") == "listing"}
    for index, raw in enumerate(_passage_findings(report)):
        kind = str(raw.get("kind", "repeat" if "occurrences" in raw else "reuse"))
        held = {str(o.get("doc")) for o in raw.get("occurrences") or []} - pages
        boilerplate = bool(raw.get("boilerplate", False))
        parts = _parts_of(raw, index, kind)
        for part in parts:
            part.cat = _category(kind, boilerplate)
        yield _Finding(
            index=index,
            id=str(raw.get("id", f"F{index + 1}")),
            kind=kind,
            similarity=float(raw.get("similarity", 0.0)),
            words=int(raw.get("words", 0)),
            parts=parts,
            boilerplate=boilerplate,
            group=str(raw.get("group", "")),
            listed=len(held) if kind == "listing" else 0,
            earliest=_earliest_of(raw),
        )


def render_html(report: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """The report as one self-contained HTML page; ``texts`` maps document ids to their texts.

    Documents missing from ``texts`` still show their passages (from the report), without context.

    Raises:
        ReportInputError: a text does not hold the report's passage at the reported offsets.

    >>> page = render_html({"documents": [], "findings": []}, {})
    >>> page.startswith("<!DOCTYPE html>"), "src=" in page, "http" in page.replace("http-equiv", "")
    (True, False, False)
    """
    docs: dict[str, _Doc] = {}

    def doc_for(doc_id: str, meta: Mapping[str, Any] | None = None) -> _Doc:
        if doc_id not in docs:
            meta = meta or {}
            text = texts.get(doc_id)
            fraction = meta.get("reused_fraction")
            source = meta.get("source") or {}
            docs[doc_id] = _Doc(
                title=" ".join(str(source.get("title") or "").split()),
                date=str(source.get("date") or ""),
                url=web_link(source.get("url")),
                index=len(docs),
                id=doc_id,
                chars=int(meta.get("chars", len(text) if text is not None else 0)),
                words=int(meta["words"]) if "words" in meta else None,
                reused_fraction=float(fraction) if fraction is not None else None,
                text=text,
                dir=direction(text) if text is not None else "ltr",
            )
        return docs[doc_id]

    for meta in report.get("documents") or []:
        doc_for(str(meta.get("id", "")), meta)
    findings = list(_iter_findings(report))
    for finding in findings:
        passages = []
        for part in finding.parts:
            doc = doc_for(part.doc)
            passages.append(_fill_part(part, doc.text))
            doc.spans.append(part)
        finding.panes = _panes(finding, passages)
    for doc in docs.values():
        if doc.text is not None and doc.spans:
            doc.blocks = _blocks(doc.text, _segments(doc.text, doc.spans), doc.dir)
            doc.shares = _shares(doc.spans, len(doc.text))
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.label] = kinds.get(finding.label, 0) + 1
    shown = {p.key for d in docs.values() if d.blocks for p in d.spans}
    data = {
        "findings": [{"id": f.id, "kind": f.label, "keys": [p.key for p in f.parts]} for f in findings],
        "parts": _shared_runs(docs.values(), findings, shown),
    }
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            parameters=report.get("parameters") or {},
            schema=str(report.get("schema", "")),
            docs=list(docs.values()),
            doc_index={d.id: d.index for d in docs.values() if d.blocks},
            doc_dates={d.id: d.date for d in docs.values() if d.date},
            findings=findings,
            groups=_groups(report, {f.id: f.index for f in findings}),
            kinds=kinds,
            errors=report.get("errors") or [],
            shown=shown,
            cats=CATEGORIES,
            cat_names=CATEGORY_NAMES,
            lang_of=_lang,
            data_json=_script_json(data),
            json_value=lambda v: json.dumps(v, ensure_ascii=False),
        )
    )
