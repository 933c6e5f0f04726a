"""A self-contained HTML page that shows a ``reuse.report/2`` report side by side, in the text's direction.

The page is one file with inline CSS and JS and no network requests, so it can be mailed or archived.
Document text is untrusted: it only reaches the page through Jinja2's autoescaping (or JSON with ``<``
escaped), and bidi control characters are shown as visible markers so they cannot reorder the page.
Finding details sit in inert ``<template>`` elements and are rendered when scrolled near, so a report of
thousands of findings stays responsive.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterator, Mapping
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
    pieces: list[tuple[str, str, str]] = field(default_factory=list)


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

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(p.doc for p in self.parts))

    @property
    def preview(self) -> str:
        """The first words of the first passage, for the list of findings."""
        text = "".join(piece[0] for piece in self.parts[0].pieces) if self.parts else ""
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
    def kinds(self) -> list[str]:
        return sorted({p.kind for p in self.parts})


@dataclass
class _Doc:
    index: int
    id: str
    chars: int
    words: int | None
    reused_fraction: float | None
    text: str | None
    dir: str = "ltr"
    reuse_share: float = 0.0
    repeat_share: float = 0.0
    spans: list[_Part] = field(default_factory=list)
    segments: list[_Segment] = field(default_factory=list)
    title: str = ""
    date: str = ""
    url: str = ""

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
        return part.reported
    passage = text[part.start : part.end]
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


@dataclass
class _Group:
    """A near-duplicate group: its documents, each pair's containments and differences, its passages."""

    id: str
    docs: list[str]
    similarity: float
    pairs: list[dict[str, Any]]
    inside: list[tuple[str, int]]


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
            )
        )
    return out


def _iter_findings(report: Mapping[str, Any]) -> Iterator[_Finding]:
    pages = {str(f.get("doc")) for f in report.get("findings", []) if f.get("kind") == "listing"}
    for index, raw in enumerate(_passage_findings(report)):
        kind = str(raw.get("kind", "repeat" if "occurrences" in raw else "reuse"))
        held = {str(o.get("doc")) for o in raw.get("occurrences") or []} - pages
        yield _Finding(
            index=index,
            id=str(raw.get("id", f"F{index + 1}")),
            kind=kind,
            similarity=float(raw.get("similarity", 0.0)),
            words=int(raw.get("words", 0)),
            parts=_parts_of(raw, index, kind),
            boilerplate=bool(raw.get("boilerplate", False)),
            group=str(raw.get("group", "")),
            listed=len(held) if kind == "listing" else 0,
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
        # Every occurrence is diffed against the first (A, or repeat #1); the first against the second.
        # A cluster shows its first passage and lists the others, so only the first two are diffed.
        edits: list[list[Edit]] = [[] for _ in passages]
        # A listing shows its page's first teaser alone: its places are different stories' openings.
        last = {"cluster": 2, "listing": 1}.get(finding.kind, len(passages))
        for j in range(1, last):
            first, edits[j] = word_diff(passages[0], passages[j])
            if j == 1:
                edits[0] = first
        for part, passage, part_edits in zip(finding.parts, passages, edits, strict=True):
            part.pieces = _pieces(passage, part_edits)
    for doc in docs.values():
        if doc.text is not None and doc.spans:
            doc.segments = _segments(doc.text, doc.spans)
            covered = _share([(p.start, p.end) for p in doc.spans], len(doc.text))
            reused = [
                (p.start, p.end)
                for p in doc.spans
                if p.kind == "reuse" or (p.kind == "cluster" and not findings[p.finding].boilerplate)
            ]
            doc.reuse_share = _share(reused, len(doc.text))
            doc.repeat_share = max(0.0, covered - doc.reuse_share)
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    shown = {p.key for d in docs.values() if d.segments for p in d.spans}
    data = {"findings": [{"id": f.id, "keys": [p.key for p in f.parts]} for f in findings]}
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            parameters=report.get("parameters") or {},
            schema=str(report.get("schema", "")),
            docs=list(docs.values()),
            doc_index={d.id: d.index for d in docs.values() if d.segments},
            findings=findings,
            groups=_groups(report, {f.id: f.index for f in findings}),
            kinds=kinds,
            errors=report.get("errors") or [],
            shown=shown,
            data_json=_script_json(data),
            json_value=lambda v: json.dumps(v, ensure_ascii=False),
        )
    )
