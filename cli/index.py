"""``reuse index add|info|remove``: keep an archive index (an SQLite file) for ``reuse check``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._common import (
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
    Quiet,
    StdinFormat,
    StdinFormatOption,
    Strict,
    TextField,
    TitleField,
    UrlField,
    read_documents,
    warn,
)

if TYPE_CHECKING:
    from reuse.store import ArchiveStore

index_app = typer.Typer(
    name="index",
    help="Keep an archive index for `reuse check`: add documents, show what it holds, remove some.",
    no_args_is_help=True,
)

IndexPath = Annotated[Path, typer.Argument(help="The index file (SQLite), e.g. archive.db.")]
NgramOption = Annotated[
    int | None,
    typer.Option(
        min=1, max=8, help="Words per shingle (default: the index's; a new index: 1).", show_default=False
    ),
]
MinWordsOption = Annotated[
    int | None,
    typer.Option(min=2, help="Shortest finding (default: the index's; a new index: 8).", show_default=False),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        help="Similarity a passage of 20-39 words needs (default: the index's; a new index: 0.65).",
        show_default=False,
    ),
]


def open_index(
    path: Path,
    *,
    create: bool,
    ngram: int | None,
    min_words: int | None,
    threshold: float | None,
    readonly: bool = False,
) -> ArchiveStore:
    """Open the index, or create it with these settings; any setting given must be the index's.

    Whether the index is new (a missing or zero-byte file) is the store's to decide, under its write
    lock, so that two first adds at once on one path both succeed. ``readonly``: only read it (an index
    on a read-only share or backup can be checked against).

    Errors become one line on stderr and exit 3 (2 for a setting out of range).
    """
    from dataclasses import replace

    from reuse.archive import settings
    from reuse.models import AlignParams, SketchConfig
    from reuse.store import ArchiveStore, IndexFileError, IndexSettingsError

    try:
        sketch = SketchConfig(ngram=ngram or 1)
        params = AlignParams()
        params = replace(params, min_words=min_words or params.min_words)
        params = replace(params, threshold=params.threshold if threshold is None else threshold)
    except ValueError as err:
        warn(str(err))
        raise typer.Exit(EXIT_USAGE) from None
    try:
        initial = settings(sketch, None, params)
        store = ArchiveStore.connect(path, create=create, initial=initial, readonly=readonly)
        wanted: dict[str, Any] = json.loads(json.dumps(store.settings))
        for section, name, value in (
            ("sketch", "ngram", ngram),
            ("align", "min_words", min_words),
            ("align", "threshold", threshold),
        ):
            if value is not None:
                wanted[section][name] = value
        if wanted != store.settings:
            store.close()
            store = ArchiveStore.connect(path, wanted, readonly=readonly)
    except (IndexFileError, IndexSettingsError) as err:  # the message names the file and the problem
        warn(str(err))
        raise typer.Exit(EXIT_INPUT) from None
    return store


@index_app.command("add")
def add(
    index: IndexPath,
    paths: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or - for stdin.")],
    glob: Glob = None,
    encoding: Encoding = "utf-8",
    id_field: IdField = "id",
    text_field: TextField = "text",
    title_field: TitleField = None,
    url_field: UrlField = None,
    markup: MarkupOption = Markup.auto,
    stdin_format: StdinFormatOption = StdinFormat.text,
    date_field: DateField = None,
    ngram: NgramOption = None,
    min_words: MinWordsOption = None,
    threshold: ThresholdOption = None,
    strict: Strict = False,
    cache: Cache = True,
    quiet: Quiet = False,
) -> None:
    """Add documents to an archive index (created if missing).

    Reads what `reuse scan` reads. A document already in the index (same id) with the same text is
    skipped, one whose text changed is replaced. Each batch of documents is one transaction: a crash
    keeps every batch committed before it. With --strict, an input that cannot be read adds nothing
    at all (exit 3); without it, the readable rest is added.

    Example: reuse index add archive.db articles/ --glob '*.html'
    """
    from reuse.archive import index_add
    from reuse.models import DuplicateIdError
    from reuse.store import IndexFileError

    inputs, _ = read_documents(
        paths,
        glob=glob,
        encoding=encoding,
        id_field=id_field,
        text_field=text_field,
        title_field=title_field,
        url_field=url_field,
        markup=markup,
        stdin_format=stdin_format,
        date_field=date_field,
        cache=cache,
        quiet=quiet,
        progress=True,
        required=False,
    )
    if strict and (inputs.errors or inputs.missing):
        # Everything is read before anything is written: a nightly job's exit 3 then means nothing
        # changed, and running it again once the file is fixed adds the whole batch.
        unread = len(inputs.errors) + len(inputs.missing)
        warn(
            f"{index}: nothing added (--strict): {unread} input{'s' if unread > 1 else ''} could not be read"
        )
        raise typer.Exit(EXIT_INPUT)
    store = open_index(index, create=True, ngram=ngram, min_words=min_words, threshold=threshold)
    try:
        result = index_add(store, inputs.documents)
    except (DuplicateIdError, IndexFileError) as err:
        warn(str(err))
        raise typer.Exit(EXIT_INPUT) from None
    finally:
        store.close()
    if not quiet:
        if result.copies:
            warn(_copies_note(index, result.copies))
        warn(
            f"{index}: {len(result.added)} added, {len(result.replaced)} replaced, "
            f"{len(result.skipped)} unchanged"
        )
    failed = inputs.missing or (strict and inputs.errors) or not (inputs.documents or inputs.errors)
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


def _copies_note(index: Path, copies: tuple[tuple[str, str], ...]) -> str:
    """One line on the documents added whose text the index holds under another id.

    The same files added under other spellings of their path (``corp/wire``, ``/abs/corp/wire``) are
    new ids, so new documents: said, since a draft copied from one is then reported copied from each.
    """
    new, old = copies[0]
    many = len(copies) > 1
    return (
        f"{index}: {len(copies)} document{'s' if many else ''} {'are' if many else 'is'} already in the index"
        f" under other ids (e.g. {new!r} as {old!r}): the same text is now stored under each id, and"
        " a check finds a draft copied from it in each; `reuse index remove` the ids you do not want"
    )


@index_app.command("info")
def info(
    index: IndexPath,
    json_output: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """Show what an index holds: documents, keys, size on disk and the settings it was built with.

    Example: reuse index info archive.db
    """
    from reuse.store import IndexFileError

    store = open_index(index, create=False, ngram=None, min_words=None, threshold=None, readonly=True)
    try:
        facts = store.info()
    except IndexFileError as err:  # damage a query reached: one line, exit 3
        warn(str(err))
        raise typer.Exit(EXIT_INPUT) from None
    finally:
        store.close()
    if json_output:
        typer.echo(json.dumps(facts, indent=2, sort_keys=True))
        return
    docs = facts["documents"]
    per_doc = facts["bytes_on_disk"] / docs if docs else 0
    typer.echo(f"{facts['path']}: {facts['schema']}")
    typer.echo(f"documents: {docs:,} ({facts['chars']:,} characters, {facts['postings']:,} keys)")
    typer.echo(f"size on disk: {facts['bytes_on_disk']:,} bytes ({per_doc:,.0f} per document)")
    for section, values in facts["settings"].items():
        typer.echo(f"{section}: " + ", ".join(f"{k}={v}" for k, v in values.items()))


@index_app.command("remove")
def remove(
    index: IndexPath,
    ids: Annotated[
        list[str], typer.Argument(help="Ids of the documents to remove (as `index add` named them).")
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
) -> None:
    """Remove documents from an index by id, in one transaction: all, or none if an id is not there (exit 3).

    Example: reuse index remove archive.db articles/2019/retracted.html
    """
    from reuse.archive import index_remove
    from reuse.store import IndexFileError

    store = open_index(index, create=False, ngram=None, min_words=None, threshold=None)
    try:
        removed, unknown = index_remove(store, ids, all_or_nothing=True)
    except IndexFileError as err:  # busy: another writer held the index
        warn(str(err))
        raise typer.Exit(EXIT_INPUT) from None
    finally:
        store.close()
    for doc_id in unknown:
        warn(f"{index}: no document {doc_id!r}")
    if unknown:
        count = f"{len(unknown)} id{'s' if len(unknown) > 1 else ''}"
        warn(f"{index}: nothing removed ({count} not in the index)")
        raise typer.Exit(EXIT_INPUT)
    if not quiet:
        warn(f"{index}: {len(removed)} removed")
    raise typer.Exit(EXIT_OK)
