"""The report: one plain dict (the ``reuse.report/2`` JSON contract) and its serialisations.

Nothing here depends on timing or hashing order, so the same input gives byte-identical output.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any

from reuse import __version__
from reuse.dates import earliest
from reuse.files import InputFileError
from reuse.models import (
    SCHEMA,
    TEXT_RULES,
    Difference,
    Finding,
    NearDuplicateGroup,
    ScanResult,
)
from reuse.spans import covered

Report = dict[str, Any]


def _coverage(result: ScanResult) -> dict[str, float]:
    """Share of each document's characters inside any finding's occurrence, boilerplate aside.

    Listings aside too: a story's opening lines on a front are no reuse of the story's, nor of the front's.
    """
    spans: dict[str, list[tuple[int, int]]] = {d.id: [] for d in result.documents}
    for finding in result.findings:
        if finding.boilerplate or finding.kind == "listing":
            continue
        docs = finding.docs if finding.kind != "repeat" else finding.docs * len(finding.occurrences)
        for doc, occ in zip(docs, finding.occurrences, strict=True):
            spans[doc].append((occ.start, occ.end))
    sizes = {d.id: len(d.text) for d in result.documents}
    return {doc: round(covered(s) / sizes[doc] if sizes[doc] else 0.0, 4) for doc, s in spans.items()}


def check_report(data: Any, source: str) -> Report:
    """``data`` as a report, if it is a ``reuse.report/2`` report whose text rules this version shares.

    Offsets do not depend on the version, but what the words of a span are does: a report written
    with other normalisation or preparation rules (``parameters.sketch``) would be shown with words
    matched differently than when it was found. A report that names no versions is taken as is.

    Raises:
        InputFileError: One line naming ``source`` and what is wrong.

    >>> check_report({"schema": "reuse.report/2", "findings": []}, "r.json")["findings"]
    []
    >>> check_report({"schema": "reuse.report/2", "parameters": {"sketch": {"preparation": "x/0"}}}, "r.json")
    Traceback (most recent call last):
    ...
    reuse.files.InputFileError: r.json: preparation 'x/0', not this version's 'reuse-prep/4': scan again
    """
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputFileError(source, f"not a {SCHEMA} JSON report")
    sketch = (data.get("parameters") or {}).get("sketch") or {}
    for name, current in TEXT_RULES:
        written = sketch.get(name, current)
        if written != current:
            raise InputFileError(source, f"{name} {written!r}, not this version's {current!r}: scan again")
    return data


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _earliest(docs: tuple[str, ...] | list[str], dates: Mapping[str, str] | None) -> dict[str, Any]:
    """``{"earliest": ...}`` when any of ``docs`` has a date (:func:`reuse.dates.earliest`), else nothing."""
    first = earliest(docs, dates) if dates else None
    return {"earliest": first} if first else {}


def finding_dict(
    finding: Finding, number: int, texts: dict[str, str], dates: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One finding as the JSON contract writes it (``dates``, by document: its ``earliest``)."""
    head: dict[str, Any] = {"id": f"F{number}", "kind": finding.kind}
    if finding.kind == "reuse":
        (a, b), (oa, ob) = finding.docs, finding.occurrences
        return head | {
            "similarity": finding.similarity,
            "words": finding.words,
            **_earliest(finding.docs, dates),
            "a": {"doc": a} | _span(texts[a], oa.start, oa.end),
            "b": {"doc": b} | _span(texts[b], ob.start, ob.end),
        }
    if finding.kind in ("cluster", "listing"):
        page = {"doc": listing_page(finding)} if finding.kind == "listing" else {}
        return (
            head
            | page
            | {
                "similarity": finding.similarity,
                "words": finding.words,
                "boilerplate": finding.boilerplate,
                "documents": len(set(finding.docs)),
                **(_earliest(finding.docs, dates) if finding.kind == "cluster" else {}),
                "occurrences": [
                    {"doc": d} | _span(texts[d], o.start, o.end)
                    for d, o in zip(finding.docs, finding.occurrences, strict=True)
                ],
                "links": [
                    {
                        "pair": [link.i, link.j],
                        "similarity": link.similarity,
                        "spans": [[link.a.start, link.a.end], [link.b.start, link.b.end]],
                        "carried": link.carried,
                    }
                    for link in finding.links
                ],
            }
        )
    doc = finding.docs[0]
    return head | {
        "doc": doc,
        "similarity": finding.similarity,
        "words": finding.words,
        "occurrences": [_span(texts[doc], o.start, o.end) for o in finding.occurrences],
    }


def listing_page(finding: Finding) -> str:
    """A listing finding's page: the document in every one of its links (each joins it to a story)."""
    ends = [{finding.docs[link.i], finding.docs[link.j]} for link in finding.links]
    return min(set.intersection(*ends))


def _difference_dict(d: Difference, a: str, b: str) -> dict[str, Any]:
    return {
        "what": d.what,
        "a": _span(a, d.a.start, d.a.end) if d.a else None,
        "b": _span(b, d.b.start, d.b.end) if d.b else None,
        "a_words": d.a_words,
        "b_words": d.b_words,
    }


def group_dict(
    group: NearDuplicateGroup,
    number: int,
    texts: dict[str, str],
    inside: list[str],
    dates: Mapping[str, str] | None = None,
) -> Report:
    """One near-duplicate group as the JSON contract writes it (``inside``: its passage findings' ids).

    ``similarity`` is the lowest containment of any of its pairs and ``words`` the word count of its
    shortest member, so groups sort and filter like other findings.

    >>> from reuse.models import Overlap, VersionPair
    >>> pair = VersionPair("a", "b", Overlap(a_words=10, b_words=20, a_aligned=10, b_aligned=10))
    >>> g = group_dict(NearDuplicateGroup(("a", "b"), (pair,)), 1, {"a": "", "b": ""}, ["F2"])
    >>> g["id"], g["docs"], g["similarity"], g["words"], g["pairs"][0]["b_in_a"], g["findings"]
    ('G1', ['a', 'b'], 1.0, 10, 0.5, ['F2'])
    """
    from reuse.neardup import describe

    pairs = []
    for p in group.pairs:
        pairs.append(
            {
                "a": p.a,
                "b": p.b,
                **p.overlap.to_dict(),
                "summary": describe(p.differences, "a", "b"),
                "differences": [_difference_dict(d, texts[p.a], texts[p.b]) for d in p.differences],
            }
        )
    return {
        "id": f"G{number}",
        "kind": "near-duplicate",
        "docs": list(group.docs),
        "similarity": round(min(p.overlap.containment for p in group.pairs), 4),
        "words": min(min(p.overlap.a_words, p.overlap.b_words) for p in group.pairs),
        **_earliest(group.docs, dates),
        "pairs": pairs,
        "findings": inside,
    }


def _grouped(findings: list[dict[str, Any]], groups: tuple[NearDuplicateGroup, ...]) -> dict[str, list[str]]:
    """Tag each passage finding whose documents all lie in one group with the group's id (in place).

    A reuse finding between two members, or a cluster (a passage in three or more documents) of
    members only: the story's own text, shared because the documents are versions of it.

    Returns each group's id and the ids of the findings inside it.
    """
    group_of = {doc: f"G{k}" for k, g in enumerate(groups, start=1) for doc in g.docs}
    inside: dict[str, list[str]] = {f"G{k}": [] for k in range(1, len(groups) + 1)}
    for f in findings:
        if f["kind"] == "reuse":
            docs = {f["a"]["doc"], f["b"]["doc"]}
        elif f["kind"] == "cluster":
            docs = {o["doc"] for o in f["occurrences"]}
        else:
            continue
        tags = {group_of.get(d) for d in docs}
        if len(tags) == 1 and None not in tags:
            f["group"] = tags.pop()
            inside[f["group"]].append(f["id"])
    return inside


def document_dates(result: ScanResult) -> dict[str, str]:
    """Each document's own date as its source wrote it: a record's ``--date-field``, a page's time.

    A file's modification time is no date here: copying a folder changes it, and the report would
    change with it.
    """
    return {d.id: d.source.date for d in result.documents if d.source and d.source.date}


def to_report(result: ScanResult) -> Report:
    """The scan as the versioned ``reuse.report/2`` dict.

    Near-duplicate groups come first among the findings (``G1``, ``G2``, …, kind
    ``"near-duplicate"``), then the passage findings (``F1``, …); a reuse finding between two members
    of one group carries ``"group": "G<k>"``. Where documents have dates (``Source.date``), a
    reuse, a cluster and a group name their ``earliest`` (:func:`reuse.dates.earliest`).

    >>> from reuse.models import Document, ScanResult
    >>> r = to_report(ScanResult((Document("a.txt", "some text", "a.txt"),), ()))
    >>> r["schema"], r["tool"]["name"], r["documents"][0]["chars"], r["findings"]
    ('reuse.report/2', 'reuse', 9, [])
    """
    texts = {d.id: d.text for d in result.documents}
    dates = document_dates(result)
    coverage = _coverage(result)
    words = result.word_counts or (0,) * len(result.documents)
    findings = [finding_dict(f, k, texts, dates) for k, f in enumerate(result.findings, start=1)]
    inside = _grouped(findings, result.groups)
    groups = [group_dict(g, k, texts, inside[f"G{k}"], dates) for k, g in enumerate(result.groups, start=1)]
    return {
        "schema": SCHEMA,
        "tool": {"name": "reuse", "version": __version__},
        "parameters": result.parameters,
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "chars": len(d.text),
                "words": n,
                "reused_fraction": coverage[d.id],
                "sha256": d.sha256,
            }
            | ({"source": d.source.to_dict()} if d.source else {})
            for d, n in zip(result.documents, words, strict=True)
        ],
        "findings": groups + findings,
        "errors": [{"path": e.path, "error": e.error} for e in result.errors],
    }


FAIL_ON = ("reuse", "repeat", "any", "none")
"""What a gate can fail on (``--fail-on``, and ``fail_on`` of ``reuse serve``)."""


def fails(report: Report, fail_on: str) -> bool:
    """Whether the report holds findings of the kind ``fail_on`` names: the publication gate.

    ``reuse`` counts a cluster that is not boilerplate (a passage shared with two or more other
    documents is reuse too), ``repeat`` counts repeats, ``any`` both, ``none`` nothing.

    >>> cluster = {"kind": "cluster", "boilerplate": False}
    >>> footer = cluster | {"boilerplate": True}
    >>> fails({"findings": [cluster]}, "reuse"), fails({"findings": [footer]}, "reuse")
    (True, False)
    """
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    kinds = {
        "reuse" if f["kind"] == "cluster" and not f.get("boilerplate") else f["kind"]
        for f in report["findings"]
    }
    failing = {"reuse": {"reuse"}, "repeat": {"repeat"}, "any": {"reuse", "repeat"}, "none": set()}
    return bool(kinds & failing[fail_on])


def to_json(report: Report) -> str:
    """Pretty JSON, non-ASCII kept readable (Arabic stays Arabic)."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(report: Report) -> str:
    """One finding per line."""
    return "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in report["findings"])


CSV_COLUMNS = (
    "id",
    "kind",
    "doc_a",
    "start_a",
    "end_a",
    "doc_b",
    "start_b",
    "end_b",
    "similarity",
    "words",
    "text_a",
    "text_b",
    "boilerplate",
    "carried",
    "date_a",
    "date_b",
    "title_a",
    "title_b",
    "url_a",
    "url_b",
)
"""The findings' columns in CSV and XLSX, one row per span pair. ``similarity`` is that pair's (a
cluster's or listing's link's own, not the finding's lowest); ``boilerplate`` says whether the finding
is a boilerplate cluster, which is not counted as reuse; ``carried`` whether the pair is a cluster's
place inside a longer copy rather than a pair aligned (:mod:`reuse.carried`); ``date_a`` and
``date_b`` are the two documents' own dates as their sources wrote them (``source.date``; empty
when none), so a spreadsheet sorts a story's printings by date; ``title_*`` and ``url_*`` are their
headlines and addresses (a page's, a draft's, a record's ``--title-field``/``--url-field``), what an
editor knows a story by where ids are file names or database keys. New columns come last: the columns
before keep their places."""


def span_pairs(finding: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """A finding as span pairs, each with its ``doc``.

    A repeat of k occurrences gives its k-1 consecutive pairs, a cluster its aligned pairs
    (``links``: k-1 when each occurrence was aligned against one representative).
    """
    if finding["kind"] == "reuse":
        yield finding["a"], finding["b"]
        return
    if finding["kind"] in ("cluster", "listing"):
        occurrences = finding["occurrences"]
        for link in finding["links"]:
            yield tuple(  # type: ignore[misc]
                _within(occurrences[k], start, end)
                for k, (start, end) in zip(link["pair"], link["spans"], strict=True)
            )
        return
    occurrences = [{"doc": finding["doc"]} | o for o in finding["occurrences"]]
    yield from itertools.pairwise(occurrences)


def _within(occurrence: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """The span ``[start, end)`` of ``occurrence``'s document, its text cut from the occurrence's."""
    offset = occurrence["start"]
    return {
        "doc": occurrence["doc"],
        "start": start,
        "end": end,
        "text": occurrence["text"][start - offset : end - offset],
    }


def excel_safe(cell: object) -> object:
    """A cell Excel will show as text: strings that would start a formula get a leading apostrophe.

    Document ids come from file names and table columns, which anyone can set to ``=HYPERLINK(...)``.
    Passages never need it: a span starts at a word, a letter or a digit.

    >>> excel_safe("=cmd|' /C calc'!A0"), excel_safe("-3 dead"), excel_safe("قال"), excel_safe(-3)
    ("'=cmd|' /C calc'!A0", "'-3 dead", 'قال', -3)
    """
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def finding_rows(report: Report) -> Iterator[list[Any]]:
    """One row of :data:`CSV_COLUMNS` per span pair (the CSV's and the workbook's findings).

    A cluster's or listing's row is one of its ``links``, with that link's similarity. A
    near-duplicate group gives one row per pair of whole documents, without text: the pair's
    containment as ``similarity`` and the shorter document's words as ``words``.

    >>> occ = [{"doc": d, "start": 0, "end": 3, "text": "abc"} for d in ("x", "y", "z")]
    >>> links = [{"pair": [0, 1], "similarity": 1.0, "spans": [[0, 3], [0, 3]]},
    ...          {"pair": [0, 2], "similarity": 0.9, "spans": [[0, 3], [0, 3]]}]
    >>> f = {"id": "F1", "kind": "cluster", "similarity": 0.9, "words": 3, "boilerplate": True,
    ...      "occurrences": occ, "links": links}
    >>> [(row[5], row[8], row[12]) for row in finding_rows({"documents": [], "findings": [f]})]
    [('y', 1.0, True), ('z', 0.9, True)]
    """
    chars = {d["id"]: d["chars"] for d in report["documents"]}
    sources = {d["id"]: d.get("source") or {} for d in report["documents"]}

    def about(a: str, b: str) -> list[str]:
        """Both documents' dates, then titles, then addresses (empty where a source has none)."""
        return [
            str(sources.get(doc, {}).get(key) or "") for key in ("date", "title", "url") for doc in (a, b)
        ]

    for f in report["findings"]:
        if f["kind"] == "near-duplicate":
            for p in f["pairs"]:
                words = min(p["a_words"], p["b_words"])
                row = [p["a"], 0, chars[p["a"]], p["b"], 0, chars[p["b"]], p["containment"], words, "", ""]
                yield [f["id"], f["kind"], *row, False, False, *about(p["a"], p["b"])]
            continue
        pairs = list(span_pairs(f))
        if f["kind"] in ("cluster", "listing"):  # one pair per link, in the links' order
            similarities = [link["similarity"] for link in f["links"]]
            carried = [bool(link.get("carried", False)) for link in f["links"]]
        else:
            similarities = [f["similarity"]] * len(pairs)
            carried = [False] * len(pairs)
        boilerplate = bool(f.get("boilerplate", False))
        for (a, b), similarity, via in zip(pairs, similarities, carried, strict=True):
            yield [
                f["id"],
                f["kind"],
                a["doc"],
                a["start"],
                a["end"],
                b["doc"],
                b["start"],
                b["end"],
                similarity,
                f["words"],
                a["text"],
                b["text"],
                boilerplate,
                via,
                *about(a["doc"], b["doc"]),
            ]


def to_csv(report: Report) -> str:
    """One row per span pair, for spreadsheets: a UTF-8 byte order mark first, formula-like ids defused.

    The mark is what makes Excel read the file as UTF-8 (without it, Arabic opens as mojibake);
    LibreOffice, Google Sheets, pandas and ``csv`` with ``encoding="utf-8-sig"`` read it as well.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([_csv_cell(cell) for cell in row] for row in finding_rows(report))
    return buffer.getvalue()


def _csv_cell(cell: object) -> object:
    """A CSV cell: booleans as ``true``/``false`` (as the JSON writes them), strings Excel-safe."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return excel_safe(cell)


def share_label(share: float) -> str:
    """A share as a whole per cent that never claims all or none of a document it does not cover.

    >>> share_label(0.9993), share_label(1.0), share_label(0.004), share_label(0.0), share_label(0.2049)
    ('>99%', '100%', '<1%', '0%', '20%')
    """
    if 0.995 <= share < 1:
        return ">99%"
    if 0 < share < 0.005:
        return "<1%"
    return f"{share:.0%}"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def summary(report: Report, figures: Mapping[str, int] | None = None) -> str:
    """One line for people: what was compared and what was found.

    With nothing found, it says what was aligned: the candidate pairs (``figures``, the scan's
    ``ScanResult.figures``) out of all pairs, since only candidates are compared; without figures it
    claims nothing about pairs.

    >>> summary({"documents": [{"id": "a", "reused_fraction": 0.0}], "findings": [], "errors": []})
    '1 document, no reuse or repeats found (compared 1 document with itself)'
    >>> docs = [{"id": str(k), "reused_fraction": 0.0} for k in range(2000)]
    >>> line = summary({"documents": docs, "findings": [], "errors": []}, {"candidate_pairs": 3470})
    >>> line.split(" (")[0]
    '2,000 documents, no reuse or repeats found'
    >>> line.split(" found ")[1]
    '(aligned 3,470 candidate pairs of 1,999,000 and each document with itself)'

    A passage shared by three or more documents is reused too, unless boilerplate:

    >>> shared = [{"kind": "cluster", "boilerplate": False}, {"kind": "cluster", "boilerplate": True}]
    >>> summary({"documents": [{"id": "a", "reused_fraction": 0.5}], "findings": shared, "errors": []})[:74]
    '1 document, 2 findings (1 reused (1 shared by 3+ documents), 0 repeated, 1'
    """
    docs = report["documents"]
    errors = f", {len(report['errors']):,} unreadable" if report["errors"] else ""
    found = _found(report, docs)
    if found:
        return f"{_plural(len(docs), 'document')}{errors}, {found}"
    pairs = len(docs) * (len(docs) - 1) // 2
    if not pairs:
        what = " (compared 1 document with itself)"
    elif figures and "candidate_pairs" in figures:
        candidates = figures["candidate_pairs"]
        what = (
            f" (aligned {_plural(candidates, 'candidate pair')} of {pairs:,} and each document with itself)"
        )
    else:
        what = ""
    return f"{_plural(len(docs), 'document')}{errors}, no reuse or repeats found{what}"


def check_summary(report: Report, drafts: int, archived: int) -> str:
    """``summary`` for ``reuse check``: of the drafts, the report's first ``drafts`` documents.

    A check's report also holds the archived documents a draft shares passages with, but only the
    drafts were checked, each against the archive and itself, never against each other (the line
    says so, since two drafts sharing a paragraph are reported only by ``reuse scan``).

    >>> docs = [{"id": "d1", "reused_fraction": 0.2}, {"id": "d2", "reused_fraction": 0.0},
    ...         {"id": "old", "reused_fraction": 0.9}]
    >>> reuse = {"kind": "reuse"}
    >>> line = check_summary({"documents": docs, "findings": [reuse], "errors": []}, 2, 630)
    >>> checked, found = line.split(", 1 finding ")
    >>> checked
    '2 drafts checked against 630 archived documents (not with each other)'
    >>> found
    '(1 reused, 0 repeated); most covered: d1 (20%)'
    """
    alone = " (not with each other)" if drafts > 1 else ""
    errors = f", {len(report['errors']):,} unreadable" if report["errors"] else ""
    found = _found(report, report["documents"][:drafts]) or "no reuse or repeats found"
    return (
        f"{_plural(drafts, 'draft')} checked against {_plural(archived, 'archived document')}{alone}"
        f"{errors}, {found}"
    )


def document_labels(report: Report) -> dict[str, str]:
    """How a table or summary names each document: its id, and for a record its file and row.

    Two exports both number their articles from 1: a bare id says neither which export nor which row.

    >>> document_labels({"documents": [{"id": "a.txt", "path": "a.txt"},
    ...                                {"id": "7", "path": "en.csv", "source": {"record": "row 3"}}]})
    {'a.txt': 'a.txt', '7': '7 (en.csv row 3)'}
    """
    labels = {}
    for doc in report["documents"]:
        place = " ".join(
            p for p in (doc.get("path") or "", (doc.get("source") or {}).get("record") or "") if p
        )
        labels[doc["id"]] = (
            f"{doc['id']} ({place})" if place and doc.get("path") not in ("", doc["id"]) else doc["id"]
        )
    return labels


def _found(report: Report, covered_among: list[dict[str, Any]]) -> str:
    """The findings by kind and the most covered of ``covered_among``; empty when nothing was found."""
    findings = [f for f in report["findings"] if f["kind"] != "near-duplicate"]
    if not findings:
        return ""
    groups = [f for f in report["findings"] if f["kind"] == "near-duplicate"]
    grouped = (
        f"; {_plural(len(groups), 'near-duplicate group')} "
        f"({sum(len(g['docs']) for g in groups):,} documents)"
        if groups
        else ""
    )
    kinds = {k: sum(f["kind"] == k for f in findings) for k in ("reuse", "repeat", "cluster", "listing")}
    boilerplate = sum(bool(f.get("boilerplate")) for f in findings)
    # A passage shared by three or more documents is reused too: "0 reused" beside it read as all clear.
    shared = kinds["cluster"] - boilerplate
    reused = f"{kinds['reuse'] + shared:,} reused" + (
        f" ({shared:,} shared by 3+ documents)" if shared else ""
    )
    clusters = f", {boilerplate:,} boilerplate" if boilerplate else ""
    if kinds["listing"]:
        clusters += f", {_plural(kinds['listing'], 'listing page')}"
    top = max(covered_among, key=lambda d: (d["reused_fraction"], d["id"]), default=None)
    covered = ""
    if top and top["reused_fraction"]:
        label = document_labels(report).get(top["id"], top["id"])
        covered = f"; most covered: {label} ({share_label(top['reused_fraction'])})"
    return (
        f"{_plural(len(findings), 'finding')} "
        f"({reused}, {kinds['repeat']:,} repeated{clusters}){grouped}{covered}"
    )


def _counted(name: str, value: int) -> str:
    """A figure's name in words, its counted noun singular for one ("1 pair with findings", "1 document").

    >>> _counted("pairs_with_findings", 1), _counted("candidate_pairs", 2), _counted("documents", 1)
    ('pair with findings', 'candidate pairs', 'document')
    """
    words = name.split("_")
    noun = words.index("with") - 1 if "with" in words else len(words) - 1
    if value == 1 and words[noun].endswith("s"):
        words[noun] = words[noun][:-1]
    return " ".join(words)


def stage_lines(timings: Mapping[str, float], figures: Mapping[str, int]) -> list[str]:
    """Each stage's time and counts, for ``--timings``: where a scan's time went and why.

    Candidate precision is the share of aligned document pairs that gave a finding.

    >>> for line in stage_lines({"prepare": 0.5, "align": 2.0},
    ...                         {"documents": 3, "candidate_pairs": 4, "pairs_with_findings": 1}):
    ...     print(line)
    prepare 0.50 s, align 2.00 s (total 2.50 s)
    3 documents, 4 candidate pairs, 1 pair with findings, candidate precision 25.0%
    """
    times = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in timings.items())
    counts = ", ".join(f"{value:,} {_counted(name, value)}" for name, value in figures.items())
    if figures.get("candidate_pairs"):
        counts += f", candidate precision {figures['pairs_with_findings'] / figures['candidate_pairs']:.1%}"
    return [f"{times} (total {sum(timings.values()):.2f} s)", counts]
