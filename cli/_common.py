"""Exit codes and stderr helpers shared by every command."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from reuse.io import Inputs
    from reuse.models import ScanResult

EXIT_OK = 0
"""The command ran; no finding met ``--fail-on``."""
EXIT_FINDINGS = 1
"""Findings met ``--fail-on``."""
EXIT_USAGE = 2
"""Bad options or arguments, or a setting a config rejects (typer's own usage errors use 2 as well)."""
EXIT_INPUT = 3
"""A named path does not exist, nothing could be read, two documents share an id, (with ``--strict``)
any input was unreadable, or the ``--output`` file cannot be written."""


def warn(message: str) -> None:
    """Print one line to stderr, prefixed so it is clear which tool said it.

    Bidi controls in it (a file named ``report\u202etxt.exe``) are spelled out, as in the table:
    left raw, the name reads "reportexe.txt" and can reorder the rest of the line.
    """
    from ._terminal import inert_controls

    print(f"reuse: {inert_controls(message)}", file=sys.stderr)


def warn_unreadable_dates(result: ScanResult) -> None:
    """One line naming the documents whose date is not one: taken as undated, never named earliest."""
    from reuse.dates import unreadable
    from reuse.report import document_dates

    if bad := unreadable(document_dates(result)):
        named = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        counted = "1 document has" if len(bad) == 1 else f"{len(bad)} documents have"
        warn(
            f"{counted} a date that is not one (ISO 8601, RFC 2822 or Unix seconds): "
            f"taken as undated, never named earliest ({named})"
        )


OUTPUT_SUFFIXES = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}
"""The ``--output`` file names whose suffix says a format the commands write."""
UNWRITTEN_SUFFIXES = {
    ".xls": ("xlsx", "csv"),  # Excel 97-2003
    ".xlsm": ("xlsx", "csv"),  # Excel with macros
    ".xlsb": ("xlsx", "csv"),  # Excel binary
    ".ods": ("xlsx", "csv"),  # LibreOffice Calc
    ".numbers": ("xlsx", "csv"),  # Apple Numbers
    ".tsv": ("csv", "xlsx"),
    ".pdf": ("html",),
}
"""Suffixes of formats no command writes, each with the written formats to offer instead, best first.

Any other suffix (``.txt``, ``.out``) or none says no format: the report is ``--format``'s, else JSON."""

FormatT = TypeVar("FormatT", bound=StrEnum)


def suffix_format(output: Path | None, offered: Sequence[str], *, command: str) -> str | None:
    """The format the ``--output`` file's suffix names (:data:`OUTPUT_SUFFIXES`), if any.

    A suffix naming a format the command does not write is a usage error: one line, exit 2. So is
    one of :data:`UNWRITTEN_SUFFIXES` (``-o x.xls`` wrote JSON under Excel's name) and the letters
    of a written suffix in another order (``.xslx``, ``.cvs``: a typo, not a format): the line names
    the file to write instead, where the command writes one.
    """
    if output is None or str(output) == "-":
        return None
    inner = output.with_suffix("") if compressed(output) else output  # report.json.gz: JSON, gzipped

    def renamed(suffix: str) -> str:
        return str(inner.with_suffix(suffix)) + (".gz" if inner is not output else "")

    suffix = inner.suffix.lower()
    named = OUTPUT_SUFFIXES.get(suffix)
    writes = f"it writes {', '.join(offered)}"
    if named is not None and named not in offered:
        warn(f"{output}: reuse {command} does not write {named} ({writes})")
        raise typer.Exit(EXIT_USAGE)
    if named is not None or not suffix:
        return named
    if suffix in UNWRITTEN_SUFFIXES:
        instead = [fmt for fmt in UNWRITTEN_SUFFIXES[suffix] if fmt in offered]
        hint = f": name it {renamed('.' + instead[0])} ({writes})" if instead else f" ({writes})"
        warn(f"{output}: reuse {command} does not write {suffix} files{hint}")
        raise typer.Exit(EXIT_USAGE)
    meant = [known for known in OUTPUT_SUFFIXES if sorted(known) == sorted(suffix)]
    if meant:
        said = f"{renamed(meant[0])}?" if OUTPUT_SUFFIXES[meant[0]] in offered else "a typo?"
        warn(f"{output}: no format is named {suffix}: {said} (reuse {command} {writes.removeprefix('it ')})")
        raise typer.Exit(EXIT_USAGE)
    return None


def pick_format(
    given: FormatT | None,
    output: Path | None,
    formats: type[FormatT],
    *,
    command: str,
    writes_file: bool = True,
) -> FormatT:
    """The output format: ``--format``, else the ``--output`` file's suffix, else table on a terminal or json.

    A suffix of :data:`OUTPUT_SUFFIXES` that names another format than ``--format``, or one the command
    does not write, is a usage error (one line, exit 2), never a file whose content its name belies.
    Then, with ``writes_file`` (the command writes the file, not Spark its folder of Parquet), an
    output that cannot be written is an input error (:func:`check_output`). Both come before any work.
    """
    named = suffix_format(output, [f.value for f in formats], command=command)
    if given is not None and output is not None and named is not None and named != given.value:
        said = f"{output} ({output.suffix} is {named})"
        warn(f"--format {given.value} contradicts {said}: drop one or match them")
        raise typer.Exit(EXIT_USAGE)
    if writes_file:
        check_output(output)
    if given is not None:
        return given
    if named is not None:
        return formats(named)
    return formats("table" if output is None and sys.stdout.isatty() else "json")


def check_output(output: Path | None) -> None:
    """Refuse, before any work, an ``--output`` that cannot be written: one line naming it, exit 3.

    Its folder must exist (and may be written in) and it must not be a folder itself: found when
    the report was written, at the end of a long scan, that was a traceback and exit 1, which a CI
    gate reads as findings. No output, or ``-`` (stdout), passes.
    """
    if output is None or str(output) == "-":
        return
    folder = output.parent
    try:
        if output.is_dir():
            problem = "a folder"
        elif not folder.is_dir():
            problem = f"'{folder}' is not a folder" if folder.exists() else f"no such folder '{folder}'"
        elif not os.access(folder, os.W_OK | os.X_OK):
            problem = f"no permission to write in '{folder}'"
        else:
            return
    except OSError:  # the folder cannot even be looked at: the write will say why
        return
    warn(f"{output}: cannot write ({problem})")
    raise typer.Exit(EXIT_INPUT)


def compressed(output: Path) -> bool:
    """Whether ``--output`` names a gzip-compressed file (``report.json.gz``), which is written so."""
    return output.suffix.lower() == ".gz"


def write_output(output: Path, data: str | bytes) -> None:
    """Write a report to ``output`` (atomically: :func:`reuse.files.write_text`, text as UTF-8).

    A name ending ``.gz`` is written gzip-compressed (with no timestamp, so the same report gives
    the same bytes), and the commands that read reports read it back. A write that fails all the
    same (a full disk, a folder removed since :func:`check_output`) is one line naming the file and
    the system's reason, exit 3, never a traceback.
    """
    import gzip

    from reuse.files import write_bytes, write_text

    if compressed(output):
        data = gzip.compress(data.encode("utf-8") if isinstance(data, str) else data, mtime=0)
    try:
        if isinstance(data, bytes):
            write_bytes(output, data)
        else:
            write_text(output, data)
    except OSError as exc:
        warn(f"{output}: cannot write ({exc.strerror or exc})")
        raise typer.Exit(EXIT_INPUT) from None


def _suffixes() -> str:
    from reuse.io import FORMATS, NAMED_ONLY

    *most, last = (suffix for suffix in FORMATS if suffix not in NAMED_ONLY)
    return ", ".join(most) + " and " + last + " (" + ", ".join(sorted(NAMED_ONLY)) + " when named or matched)"


def with_formats(doc: str | None) -> str:
    """A command's docstring with ``{formats}`` replaced by what is read (:func:`reuse.io.formats_read`)."""
    from reuse.io import formats_read

    return (doc or "").replace("{formats}", formats_read())


# Options that several commands read inputs with, declared once so their names and help agree.
Glob = Annotated[
    str | None,
    typer.Option(
        help=f"Only files matching this inside folders (default: every {_suffixes()} file).",
        show_default=False,
    ),
]
Encoding = Annotated[
    str,
    typer.Option(
        help="Encoding of text, CSV and JSONL files that are not UTF-8 and have no byte-order mark "
        "(and of pages that declare none), e.g. cp1256."
    ),
]
IdField = Annotated[str, typer.Option(help="Id field of JSONL, CSV, TSV, Parquet and Excel records.")]
TextField = Annotated[
    str,
    typer.Option(
        help="Text field of JSONL, CSV, TSV, Parquet and Excel records; a dotted path reaches into nested "
        "JSON and Parquet structs (content.rendered)."
    ),
]
TitleField = Annotated[
    str | None,
    typer.Option(
        help="Headline field of records, kept in the report (shown in the HTML report).", show_default=False
    ),
]
DateField = Annotated[
    str | None,
    typer.Option(
        help="Date field of records, kept in the report; each cluster, reuse pair and near-duplicate "
        "group names its earliest document by it (ISO 8601, RFC 2822, Unix seconds or a year).",
        show_default=False,
    ),
]
UrlField = Annotated[
    str | None,
    typer.Option(
        help="Address (URL) field of records, kept in the report (linked in the HTML report).",
        show_default=False,
    ),
]


class Markup(StrEnum):
    """What the text field of table and JSONL records holds (:data:`reuse.markup.MARKUP_CHOICES`)."""

    auto = "auto"
    text = "text"
    html = "html"


MarkupOption = Annotated[
    Markup,
    typer.Option(
        help="Whether the text field of CSV, TSV, Parquet, Excel and JSONL records is HTML (a CMS's body "
        "column): html reads the text a browser shows, text keeps the tags, auto reads a file's texts as "
        "HTML when most of them hold tags."
    ),
]


class StdinFormat(StrEnum):
    """What ``-`` (stdin) holds: one text, or records (:data:`reuse.io.STDIN_FORMATS`)."""

    text = "text"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    tsv = "tsv"


StdinFormatOption = Annotated[
    StdinFormat,
    typer.Option(
        help="What - (stdin) holds: one text, or records read as a file of that format is, one document "
        "each (--id-field, --text-field).",
    ),
]
Strict = Annotated[bool, typer.Option(help="Exit 3 if any input could not be read.")]
Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No summary, notes or progress on stderr (an input that cannot be read is still named).",
    ),
]
Cache = Annotated[
    bool,
    typer.Option(
        help="Keep the texts extracted from pages, Word drafts and PDFs in a cache ($REUSE_CACHE_DIR, else "
        "$XDG_CACHE_HOME/reuse, else ~/.cache/reuse), so an unchanged file is not extracted again; the "
        "report is the same either way."
    ),
]
MinContainment = Annotated[
    float, typer.Option(help="Near-duplicates: this share (0-1) of the shorter document's words is aligned.")
]


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A callback drawing a rich progress bar on stderr (one task per stage), removed when done."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    tasks: dict[str, Any] = {}
    with Progress(console=Console(stderr=True), transient=True) as progress:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done)

        yield update


def read_documents(
    paths: list[str],
    *,
    glob: str | None,
    encoding: str,
    id_field: str,
    text_field: str,
    date_field: str | None = None,
    title_field: str | None = None,
    url_field: str | None = None,
    markup: str = "auto",
    stdin_format: str = "text",
    quiet: bool = False,
    what: str = "document",
    required: bool = True,
    cache: bool = False,
    progress: bool = False,
) -> tuple[Inputs, float]:
    """Read the inputs as every command does, with the seconds it took (decoding and extracting).

    Missing paths and unreadable inputs are named on stderr, with ``quiet`` too (it leaves out the
    notes, the summary and the progress); records
    sharing an id are named (:attr:`~reuse.io.Inputs.clashes`) and the command exits 3, before any
    work, as the scan would refuse them; when nothing could be read and ``required``, that is said
    and the command exits 3. ``cache``: use the
    extract cache in :func:`~reuse.extract_cache.default_cache_dir`. ``progress``: a bar of the files
    read on a terminal (unless ``quiet``), gone before anything else is printed: a first read of
    many pages is most of a scan.
    """
    from reuse.extract_cache import default_cache_dir
    from reuse.io import read_inputs

    stdin_data = sys.stdin.buffer.read() if "-" in paths else None  # bytes: decoded as --encoding says
    started = time.perf_counter()
    with progress_bar(progress and sys.stderr.isatty() and not quiet) as bar:
        inputs = read_inputs(
            paths,
            glob=glob,
            encoding=encoding,
            id_field=id_field,
            text_field=text_field,
            date_field=date_field,
            title_field=title_field,
            url_field=url_field,
            markup=markup,
            stdin_data=stdin_data,
            stdin_format=stdin_format,
            cache=default_cache_dir() if cache else None,
            progress=bar,
        )
    seconds = round(time.perf_counter() - started, 4)
    for missing in inputs.missing:
        warn(f"{missing}: no such file or folder")
    for error in inputs.errors:  # said with --quiet too: a whole export lost in silence is no warning
        warn(str(error))
    if not quiet:
        for note in inputs.notes:
            warn(note)
    if inputs.clashes:  # every command refuses them (reports and indexes name documents by id)
        for clash in inputs.clashes:  # the exit's reason: said with --quiet too, and said once
            warn(clash)
        raise typer.Exit(EXIT_INPUT)
    if required and not inputs.documents:
        warn(f"no {what} could be read" + (f" from {', '.join(paths)}" if paths else ""))
        raise typer.Exit(EXIT_INPUT)
    return inputs, seconds
