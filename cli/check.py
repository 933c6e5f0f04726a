"""``reuse check``: what drafts reuse from an archive index, before publication."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    EXIT_INPUT,
    EXIT_USAGE,
    Cache,
    DateField,
    Encoding,
    Glob,
    IdField,
    Markup,
    MarkupOption,
    Quiet,
    StdinFormat,
    StdinFormatOption,
    TextField,
    TitleField,
    UrlField,
    pick_format,
    read_documents,
    warn,
    warn_unreadable_dates,
)
from ._terminal import Bidi
from .index import MinWordsOption, NgramOption, ThresholdOption, open_index
from .scan import FailOn, Format, emit, exit_code


def check(
    drafts: Annotated[list[str], typer.Argument(help="Draft files, folders or - for stdin.")],
    index: Annotated[Path, typer.Option("--index", help="The archive index (`reuse index add`).")],
    format: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="Report format (as for `reuse scan`: default from the --output suffix)."
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    glob: Glob = None,
    encoding: Encoding = "utf-8",
    id_field: IdField = "id",
    text_field: TextField = "text",
    title_field: TitleField = None,
    url_field: UrlField = None,
    date_field: DateField = None,
    markup: MarkupOption = Markup.auto,
    stdin_format: StdinFormatOption = StdinFormat.text,
    ngram: NgramOption = None,
    min_words: MinWordsOption = None,
    threshold: ThresholdOption = None,
    bidi: Annotated[Bidi, typer.Option(help="Arabic in the table (as for `reuse scan`).")] = Bidi.auto,
    fail_on: Annotated[FailOn, typer.Option(help="Exit 1 when findings of this kind exist.")] = FailOn.none,
    strict: Annotated[bool, typer.Option(help="Exit 3 if any draft could not be read.")] = False,
    cache: Cache = True,
    quiet: Quiet = False,
    timings: Annotated[bool, typer.Option(help="Print each stage's time and counts on stderr.")] = False,
) -> None:
    """Check drafts against an archive index: what each reuses from it, and what it repeats.

    Each draft is compared with the archive documents (never the archive with itself, nor with the
    other drafts: `reuse scan` them for that), with the same stages, report formats and exit codes
    as `reuse scan`; `--fail-on reuse` makes it a publication gate. Settings given must be the
    index's (exit 3 names the difference).

    Example: reuse check draft.docx --index archive.db --fail-on reuse
    """
    from reuse.archive import SET_ASIDE
    from reuse.archive import check as run_check
    from reuse.models import DuplicateIdError
    from reuse.report import check_summary, stage_lines, to_report
    from reuse.store import IndexFileError

    chosen = pick_format(format, output, Format, command="check")
    if chosen is Format.xlsx and output is None and sys.stdout.isatty():
        warn("xlsx is a binary file: write it with --output FILE.xlsx")
        raise typer.Exit(EXIT_USAGE)
    store = open_index(
        index, create=False, ngram=ngram, min_words=min_words, threshold=threshold, readonly=True
    )
    try:
        inputs, read_seconds = read_documents(
            drafts,
            glob=glob,
            encoding=encoding,
            id_field=id_field,
            text_field=text_field,
            date_field=date_field,
            title_field=title_field,
            url_field=url_field,
            markup=markup,
            stdin_format=stdin_format,
            cache=cache,
            quiet=quiet,
            what="draft",
        )
        try:
            set_aside = sorted(store.by_id([d.id for d in inputs.documents]))  # what run_check leaves out
            # (A draft's work is small: the stages keep to the numpy kernels, not loading numba.)
            result = run_check(inputs.documents, store, errors=inputs.errors)
        except (DuplicateIdError, IndexFileError) as err:  # IndexFileError: damage a query reached
            warn(str(err))
            raise typer.Exit(EXIT_INPUT) from None
    finally:
        store.close()
    report = to_report(result)
    emit(report, {d.id: d.text for d in result.documents}, chosen, output, bidi)
    if not quiet:
        warn_unreadable_dates(result)
        for doc_id in set_aside:
            warn(f"{index}: {doc_id}: {SET_ASIDE}; check the draft under another name to compare them")
        warn(check_summary(report, result.figures["documents"], result.figures["archive_documents"]))
    if timings:
        for line in stage_lines({"read": read_seconds} | result.timings, result.figures):
            warn(line)
    if inputs.missing or (strict and inputs.errors):
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(exit_code(report, fail_on))
