"""``reuse scan``: parse options, read inputs, call :func:`reuse.pipeline.scan`, write the report."""

from __future__ import annotations

import importlib.util
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from reuse.models import AlignParams, DuplicateIdError, NearDuplicateParams, SketchConfig

from ._common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    Cache,
    DateField,
    Encoding,
    Glob,
    IdField,
    Markup,
    MarkupOption,
    MinContainment,
    Quiet,
    StdinFormat,
    StdinFormatOption,
    Strict,
    TextField,
    TitleField,
    UrlField,
    pick_format,
    progress_bar,
    read_documents,
    warn,
    warn_unreadable_dates,
    with_formats,
    write_output,
)
from ._terminal import TABLE_WIDTH, Bidi

_DEFAULTS = AlignParams()


class Format(StrEnum):
    """Report formats."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class Engine(StrEnum):
    """Where the scan runs."""

    embedded = "embedded"
    spark = "spark"


class FailOn(StrEnum):
    """Which findings make the exit code 1."""

    reuse = "reuse"
    repeat = "repeat"
    any = "any"
    none = "none"


def clip(text: str, limit: int = 160) -> str:
    """A passage for a table cell: whitespace collapsed, cut at a word boundary with "…" when long.

    >>> clip("one  two\nthree")
    'one two three'
    >>> clip("alpha beta gamma delta", 14)
    'alpha beta …'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + " …"


def _where(span: dict[str, Any], labels: dict[str, str]) -> str:
    return f"{labels.get(span['doc'], span['doc'])} [{span['start']}:{span['end']})"


TEXT_WIDTH = 72
WHERE_WIDTH = 40
"""Characters per line of a passage, and of a place, in a table 160 wide (:data:`TABLE_WIDTH`)."""
_OTHER_COLUMNS = 40
"""What a table's id, kind, similarity and words columns and its borders take of its width."""


def column_widths(width: int) -> tuple[int, int]:
    """The text and where columns of a table ``width`` wide: 72 and 40 at 160, narrower below it.

    A passage in visual order is wrapped to its column's width before reordering, so the table must
    not wrap it again (its text column is exactly this wide).

    >>> column_widths(160), column_widths(100), column_widths(80)
    ((72, 40), (38, 22), (26, 16))
    """
    room = width - _OTHER_COLUMNS
    text = max(24, min(TEXT_WIDTH, round(room * 0.64)))
    return text, max(16, min(WHERE_WIDTH, room - text))


def _table(report: dict[str, Any], *, visual: bool = False, width: int = TABLE_WIDTH) -> str:
    """A rich table for people.

    ``visual=False`` prints Arabic in logical order, for terminals that lay out bidi text themselves;
    ``visual=True`` wraps each passage and reorders every line for display, right-aligning
    right-to-left passages, for terminals that do not (see :mod:`reuse_cli._terminal`).
    """
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    from reuse.report import document_labels, span_pairs

    from ._terminal import base_direction, holds_rtl, inert_controls, visual_lines

    text_width, where_width = column_widths(width)

    def cell(passages: list[str]) -> Any:
        passages = [inert_controls(p) for p in passages]
        if not visual:
            return Text("\n".join(passages))
        return Group(
            *(
                Text(
                    "\n".join(visual_lines(p, text_width)),
                    justify="right" if base_direction(p) == "R" else "left",
                )
                for p in passages
            )
        )

    def plain(cell: str) -> Text:
        # Document text and ids as plain text: never rich markup ("[bold]" in a passage stays as it
        # is), and no bidi control that could reorder the rest of the row. In visual order, a line
        # naming an Arabic file is reordered for display like the passages.
        cell = inert_controls(cell)
        if visual and holds_rtl(cell):
            lines = (visual_lines(line, where_width, base="L") for line in cell.split("\n"))
            cell = "\n".join(part for parts in lines for part in parts)
        return Text(cell)

    def add_row(*cells: Any) -> None:
        table.add_row(*(plain(c) if isinstance(c, str) else c for c in cells))

    table = Table(show_lines=True)
    for column in ("id", "kind", "sim", "words"):
        table.add_column(column, overflow="fold")
    table.add_column("where", overflow="fold", max_width=where_width)
    # The passage keeps at least a line's width whatever the paths beside it: a long path folds
    # in its own column (where_width) rather than squeezing the text (visual lines are exactly
    # text_width wide); the table's width holds both.
    table.add_column("text", overflow="fold", min_width=text_width, max_width=text_width if visual else None)
    pages = {f["doc"] for f in report["findings"] if f["kind"] == "listing"}
    labels = document_labels(report)
    for f in report["findings"]:
        if f["kind"] == "near-duplicate":
            where, text = _group_cells(f, labels)
            where += _earliest_line(f)
            add_row(f["id"], f["kind"], f"{f['similarity']:.2f}", str(f["words"]), where, text)
            continue
        if "group" in f:
            continue  # shown as its group's row
        if f["kind"] == "cluster":
            # One row per cluster: where it is, and the passage once (boilerplate: just the count).
            first = f["occurrences"][0]
            closest = _closest_first(f)
            shown = [] if f["boilerplate"] else [f["occurrences"][k] for k in closest[:3]]
            where = "\n".join([f"in {f['documents']} documents"] + [_where(o, labels) for o in shown])
            if len(f["occurrences"]) > len(shown) and shown:
                where += f"\n… {len(f['occurrences']) - len(shown)} more"
            where += _earliest_line(f)
            kind = "boilerplate" if f["boilerplate"] else "cluster"
            text = cell([clip(first["text"])])
            add_row(f["id"], kind, _similarity_range(f), str(f["words"]), where, text)
            continue
        if f["kind"] == "listing":
            # One row per listing page: the page, and whose opening lines it holds.
            held = {o["doc"] for o in f["occurrences"]} - {f["doc"]}
            listed, fronts = sorted(held - pages), sorted(held & pages)  # fronts: sharing teasers
            where = "\n".join(
                [f"{f['doc']}", f"holds the starts of {len(listed)} documents:", *listed[:3]]
                + ([f"… {len(listed) - 3} more"] if len(listed) > 3 else [])
                + ([f"and shares teasers with {', '.join(fronts)}"] if fronts else [])
            )
            first = next(o for o in f["occurrences"] if o["doc"] == f["doc"])
            text = cell([clip(first["text"])])
            add_row(f["id"], "listing", f"{f['similarity']:.2f}", str(f["words"]), where, text)
            continue
        pairs = list(span_pairs(f))
        spans = [pairs[0][0]] + [b for _, b in pairs]
        first = (f.get("earliest") or {}).get("docs", [])
        if f["kind"] == "reuse" and spans[1]["doc"] in first and spans[0]["doc"] not in first:
            spans.reverse()  # the first printing's place first, as a cluster's
        where = "\n".join(_where(s, labels) for s in spans) + _earliest_line(f)
        text = cell([clip(s["text"]) for s in spans])
        add_row(f["id"], f["kind"], f"{f['similarity']:.2f}", str(f["words"]), where, text)
    console = Console(file=None, width=width, record=True)
    with console.capture() as capture:
        console.print(table)
    return capture.get()


def _closest_first(cluster: dict[str, Any]) -> list[int]:
    """A cluster's places: its earliest document's first, then those of its most similar aligned pair.

    The table shows three places: a draft checked against 60 archived copies leads with its exact
    source, not the first three ids (``tests/test_index.py``), and a story reprinted by 60 dated
    papers with its first printing (the report's ``earliest``), then in report order.
    """
    first = set((cluster.get("earliest") or {}).get("docs", ()))
    best = [0.0] * len(cluster["occurrences"])
    for link in cluster["links"]:
        if not link.get("carried"):
            for k in link["pair"]:
                best[k] = max(best[k], link["similarity"])
    earliest = [o["doc"] not in first for o in cluster["occurrences"]]
    return sorted(range(len(best)), key=lambda k: (earliest[k], -best[k], k))


def _earliest_line(finding: dict[str, Any], most: int = 3) -> str:
    """The finding's first printing, as a last line for its place cell ("" when no document is dated).

    ``earliest 1887-09-25: gazette (1 undated)``: the date, up to ``most`` documents of that date,
    and how many of the finding's documents have no date (any of them may be earlier still).
    """
    first = finding.get("earliest")
    if not first:
        return ""
    docs = first["docs"]
    named = ", ".join(docs[:most]) + (f" … {len(docs) - most} more" if len(docs) > most else "")
    undated = f" ({first['undated']} undated)" if first.get("undated") else ""
    return f"\nearliest {first['date']}: {named}{undated}"


def _similarity_range(cluster: dict[str, Any]) -> str:
    """The lowest and highest similarity of a cluster's links ("0.96-1.00"), or the one there is."""
    values = [link["similarity"] for link in cluster["links"]] or [cluster["similarity"]]
    low, high = min(values), max(values)
    return f"{low:.2f}" if f"{low:.2f}" == f"{high:.2f}" else f"{low:.2f}-{high:.2f}"


def _group_cells(group: dict[str, Any], labels: dict[str, str]) -> tuple[str, str]:
    """A group's documents (numbered), and per pair what each holds of the other and what differs.

    A pair ``[1]↔[2]`` calls its first document a and its second b, as the JSON does.
    """
    number = {doc: k for k, doc in enumerate(group["docs"], start=1)}
    where = "\n".join(f"[{number[d]}] {labels.get(d, d)}" for d in group["docs"])
    lines = [
        f"[{number[p['a']]}]↔[{number[p['b']]}] a in b {p['a_in_b']:.0%}, b in a {p['b_in_a']:.0%}, "
        f"Jaccard {p['jaccard']:.2f}: {p['summary']}"
        for p in group["pairs"]
    ]
    if group["findings"]:
        lines.append(f"passages inside: {', '.join(group['findings'])} (JSON and HTML reports)")
    return where, "\n".join(lines)


def scan(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or - for stdin.")],
    min_words: Annotated[int, typer.Option(min=2, help="Shortest finding, in words.")] = _DEFAULTS.min_words,
    threshold: Annotated[
        float,
        typer.Option(
            help="Similarity a passage of 20-39 words needs (0-1, order-insensitive); one under 20 words"
            " needs at least 0.8, one of 40 or more at most 0.5."
        ),
    ] = _DEFAULTS.threshold,
    ngram: Annotated[int, typer.Option(min=1, max=8, help="Words per shingle in window sketches.")] = 1,
    min_containment: MinContainment = NearDuplicateParams.min_containment,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format (default: the --output file's suffix, .htm for html; else table on a "
            "terminal, else json).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    glob: Glob = None,
    encoding: Encoding = "utf-8",
    id_field: IdField = "id",
    text_field: TextField = "text",
    title_field: TitleField = None,
    url_field: UrlField = None,
    markup: MarkupOption = Markup.auto,
    stdin_format: StdinFormatOption = StdinFormat.text,
    date_field: DateField = None,
    bidi: Annotated[
        Bidi,
        typer.Option(
            help="Arabic in the table: visual reorders it for terminals without bidi, logical leaves it to "
            "the terminal; auto picks by the terminal."
        ),
    ] = Bidi.auto,
    fail_on: Annotated[FailOn, typer.Option(help="Exit 1 when findings of this kind exist.")] = FailOn.none,
    strict: Strict = False,
    cache: Cache = True,
    quiet: Quiet = False,
    timings: Annotated[
        bool, typer.Option(help="Print each stage's time and counts on stderr (candidate precision too).")
    ] = False,
    engine: Annotated[
        Engine,
        typer.Option(
            help="embedded: this process; spark: Apache Spark (the spark extra and Java 17), for archives "
            "beyond one machine. With spark, --output FILE.parquet writes one row per span pair (and "
            "FILE.groups.parquet the near-duplicate groups) without collecting findings, and .parquet "
            "inputs are read by Spark (id and text columns)."
        ),
    ] = Engine.embedded,
    spark_master: Annotated[
        str, typer.Option(help="Spark master URL with --engine spark (local[N]: N cores of this machine).")
    ] = "local[*]",
    partitions: Annotated[
        int, typer.Option(min=1, help="Shuffle partitions with --engine spark (a few per core).")
    ] = 8,
) -> None:
    """Find passages reused between documents and repeated inside them.

    Reads each file by its suffix: {formats}; and the text formats gzip-compressed (.jsonl.gz).

    Offsets refer to the text as read (`reuse extract FILE` prints it).

    Example: reuse scan corpus/ --format json --output report.json
    """
    from reuse.pipeline import scan as run_scan
    from reuse.report import stage_lines, summary, to_report

    # At scale Spark writes FILE.parquet, a folder, itself (and the folders it needs).
    at_scale = engine is Engine.spark and output is not None and output.suffix == ".parquet"
    chosen = pick_format(format, output, Format, command="scan", writes_file=not at_scale)
    if chosen is Format.xlsx and output is None and sys.stdout.isatty():
        warn("xlsx is a binary file: write it with --output FILE.xlsx")
        raise typer.Exit(EXIT_USAGE)
    try:
        params = AlignParams(min_words=min_words, threshold=threshold)
        config = SketchConfig(ngram=ngram)
        near_duplicates = NearDuplicateParams(min_containment)
    except ValueError as err:  # the configs validate themselves; a bad value is a usage error
        warn(str(err))
        raise typer.Exit(EXIT_USAGE) from None
    reading: dict[str, Any] = {
        "glob": glob,
        "encoding": encoding,
        "id_field": id_field,
        "text_field": text_field,
        "date_field": date_field,
        "title_field": title_field,
        "url_field": url_field,
        "markup": markup,
        "stdin_format": stdin_format,
        "cache": cache,
        "quiet": quiet,
    }
    if at_scale and output is not None:
        raise typer.Exit(_spark_at_scale(paths, output, config, params, spark_master, partitions, reading))
    inputs, read_seconds = read_documents(paths, **reading, progress=True)

    with progress_bar(sys.stderr.isatty() and not quiet and engine is Engine.embedded) as progress:
        try:
            if engine is Engine.spark:
                result = _spark_result(
                    inputs.documents, inputs.errors, config, params, spark_master, partitions
                )
            else:
                result = run_scan(
                    inputs.documents,
                    config=config,
                    params=params,
                    errors=inputs.errors,
                    progress=progress,
                    near_duplicates=near_duplicates,
                )
        except DuplicateIdError as err:
            warn(str(err))
            raise typer.Exit(EXIT_INPUT) from None
    report = to_report(result)
    emit(report, {d.id: d.text for d in result.documents}, chosen, output, bidi)
    if not quiet:
        warn_unreadable_dates(result)
        warn(summary(report, result.figures))
    if timings:
        for line in stage_lines({"read": read_seconds} | result.timings, result.figures):
            warn(line)
    if inputs.missing or (strict and inputs.errors):
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(exit_code(report, fail_on))


scan.__doc__ = with_formats(scan.__doc__)  # the formats the reader's table holds, never a list kept apart


def exit_code(report: dict[str, Any], fail_on: FailOn) -> int:
    """1 when the report holds findings of the kind ``--fail-on`` names, else 0 (scan and check)."""
    from reuse.report import fails

    return EXIT_FINDINGS if fails(report, fail_on.value) else EXIT_OK


def emit(
    report: dict[str, Any], texts: dict[str, str], chosen: Format, output: Path | None, bidi: Bidi
) -> None:
    """Write ``report`` in the chosen format to ``output`` or stdout (scan and check share it).

    A file that cannot be written is one line and exit 3 (:func:`~reuse_cli._common.write_output`).
    """
    from reuse.report import to_csv, to_json, to_jsonl

    if chosen is Format.xlsx:
        from reuse.spreadsheet import to_xlsx

        data = to_xlsx(report)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            write_output(output, data)
        return
    if chosen is Format.html:
        from reuse.html_report import render_html

        text = render_html(report, texts)
    elif chosen is Format.table:
        from ._terminal import table_width, wants_visual

        visual = wants_visual(bidi, is_terminal=output is None and sys.stdout.isatty())
        text = _table(report, visual=visual, width=table_width() if output is None else TABLE_WIDTH)
    else:
        text = {Format.json: to_json, Format.jsonl: to_jsonl, Format.csv: to_csv}[chosen](report)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text)


def _spark_result(
    documents: Any, errors: Any, config: SketchConfig, params: AlignParams, master: str, partitions: int
) -> Any:
    """Documents read as for the embedded scan, scanned on Spark, findings collected into a result."""
    from reuse.models import ScanResult
    from reuse.spark import documents_frame, scan_spark, session

    spark = session(master, partitions=partitions)
    try:
        frame = documents_frame(spark, [d.id for d in documents], [d.text for d in documents], partitions)
        found = scan_spark(spark, frame, config, params=params)
    finally:
        spark.stop()
    return ScanResult(
        tuple(documents),
        found.findings or (),
        tuple(errors),
        tuple(found.word_counts.get(d.id, 0) for d in documents),
        found.parameters,
        found.timings,
        found.figures,
        found.groups,
    )


def _parquet_holds_html(paths: list[str], text_field: str, markup: str) -> bool:
    """Whether ``--markup`` reads these Parquet inputs' texts as HTML.

    That is ``html``, or ``auto`` when most of the first thousand texts hold tags
    (:func:`reuse.markup.looks_like_html`).
    """
    if markup == "html":
        return True
    from reuse.markup import looks_like_html
    from reuse.tables import parquet_texts

    return looks_like_html(parquet_texts(paths, text_field, 1000))


def _spark_at_scale(
    paths: list[str],
    output: Path,
    config: SketchConfig,
    params: AlignParams,
    master: str,
    partitions: int,
    reading: dict[str, Any],
) -> int:
    """Span pairs written as Parquet, never collected; Parquet inputs are read by Spark itself.

    Other inputs are read as every command reads them (``reading``: :func:`read_documents`'s options).
    A Parquet text column that ``--markup`` reads as HTML is read so on the executors, and its
    records with no text once read are named and left out, as the embedded reader does.
    """
    from reuse.io import MARKUP_NOTE, html_needs_extra
    from reuse.spark import html_texts, read_parquet, scan_spark, session, write_span_pairs
    from reuse.spark.io import groups_path, without_empty_texts

    by_spark = all(p.rstrip("/").endswith(".parquet") for p in paths)
    as_html = (
        by_spark
        and reading["markup"] != "text"
        and _parquet_holds_html(paths, reading["text_field"], reading["markup"])
    )
    if as_html and importlib.util.find_spec("lxml") is None:
        warn(f"{', '.join(paths)}: {html_needs_extra('lxml')}")
        return EXIT_INPUT
    if not by_spark:
        inputs, _ = read_documents(paths, **reading)
    spark = session(master, partitions=partitions)
    try:
        if by_spark:
            frame = read_parquet(spark, paths, reading["id_field"], reading["text_field"])
            if as_html:
                warn(f"{', '.join(paths)}: {MARKUP_NOTE}")
                frame, empty, first = without_empty_texts(html_texts(frame))
                if empty:
                    named = ", ".join(first) + (", ..." if empty > len(first) else "")
                    warn(
                        f"{', '.join(paths)}: {empty:,} record{'s' * (empty > 1)} with no text once "
                        f"{'their' if empty > 1 else 'its'} HTML is read (markup only), left out: {named}"
                    )
        else:
            from reuse.spark import documents_frame

            docs = inputs.documents
            frame = documents_frame(spark, [d.id for d in docs], [d.text for d in docs], partitions)
        try:
            found = scan_spark(spark, frame, config, params=params, collect=False)
        except DuplicateIdError as err:
            warn(str(err))
            return EXIT_INPUT
        write_span_pairs(found, str(output))
    finally:
        spark.stop()
    figures = ", ".join(f"{k} {v:,}" for k, v in found.figures.items())
    groups = (
        f" and near-duplicate groups to {groups_path(str(output))}" if found.group_members is not None else ""
    )
    warn(f"wrote span pairs to {output}{groups} ({figures}; {len(found.boilerplate)} boilerplate band keys)")
    return EXIT_OK
