"""``reuse extract``: print a file's text exactly as ``reuse scan`` reads it."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    EXIT_INPUT,
    EXIT_USAGE,
    IdField,
    Markup,
    MarkupOption,
    TextField,
    TitleField,
    UrlField,
    check_output,
    warn,
    write_output,
)


class ExtractFormat(StrEnum):
    """How the extracted text is printed."""

    text = "text"
    jsonl = "jsonl"


def extract(
    file: Annotated[
        Path,
        typer.Argument(
            help="A text, web page, .docx, .csv, .tsv, .parquet, .xlsx or .jsonl file.",
            readable=False,  # one that cannot be read is an input error (exit 3), not a usage error
        ),
    ],
    format: Annotated[
        ExtractFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text: the text itself, byte for byte (one-document files); jsonl: one {id, text, source} "
            "line per document (default for tables, and an email with documents attached).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    encoding: Annotated[str, typer.Option(help="Text encoding (as for reuse scan).")] = "utf-8",
    id_field: IdField = "id",
    text_field: TextField = "text",
    date_field: Annotated[str | None, typer.Option(help="Date field of records.", show_default=False)] = None,
    title_field: TitleField = None,
    url_field: UrlField = None,
    markup: MarkupOption = Markup.auto,
) -> None:
    """Print the text that reuse scan reads from FILE: report offsets index exactly this text.

    For a web page (or a browser's single-file .mhtml) that is the article (headline, menus, sidebars
    and footers left out); for a Word or OpenDocument draft its paragraphs, one per line, tracked
    changes accepted; for a PDF its pages in reading order; for an email its body; for agency copy
    (NewsML-G2, NITF) its story, and for a feed (RSS, Atom) each item's article, for a web archive
    (.warc, .arc, gzipped or not) each captured page's article, as JSONL. With --format jsonl
    every document comes with how it was read (format, extractor and version, sha256 of the file) and
    the headline, date and URL found.

    Example: reuse extract pages/article.html > article.txt
    """
    from reuse.io import (
        MARKUP_NOTE,
        TABLE_FORMATS,
        WEB_ARCHIVE_FORMATS,
        ReadOptions,
        format_of,
        read_file,
    )
    from reuse.models import Document

    check_output(output)  # before reading: a folder missing is said now, not after the work
    if file.is_dir():
        warn(f"{file}: is a folder (reuse extract reads one file; reuse scan reads a folder)")
        raise typer.Exit(EXIT_INPUT)
    if not file.is_file():
        warn(f"{file}: {'not a file' if file.exists() else 'no such file'}")
        raise typer.Exit(EXIT_INPUT)
    options = ReadOptions(
        encoding,
        id_field,
        text_field,
        date_field,
        markup=markup,
        title_field=title_field,
        url_field=url_field,
    )
    notes: list[str] = []
    items = read_file(file, str(file), options, notes=notes)
    for note in notes:  # a table read without an optional column
        warn(note)
    for item in items:
        if not isinstance(item, Document):
            warn(str(item))
    documents = [item for item in items if isinstance(item, Document)]
    if not documents:
        raise typer.Exit(EXIT_INPUT)
    if markup is Markup.auto and any(d.source and d.source.markup for d in documents):
        warn(f"{file}: {MARKUP_NOTE}")
    fmt = format_of(file)  # the inner format of a .jsonl.gz
    several = fmt in TABLE_FORMATS | WEB_ARCHIVE_FORMATS or len(documents) > 1  # or an email's
    chosen = format or (ExtractFormat.jsonl if several else ExtractFormat.text)
    if chosen is ExtractFormat.text:
        if len(documents) > 1:
            warn(f"{file}: holds {len(documents)} documents; use --format jsonl")
            raise typer.Exit(EXIT_USAGE)
        out = documents[0].text
    else:
        out = "".join(
            json.dumps(
                {"id": d.id, "text": d.text} | ({"source": d.source.to_dict()} if d.source else {}),
                ensure_ascii=False,
            )
            + "\n"
            for d in documents
        )
    data = out.encode("utf-8")
    if output is not None:
        write_output(output, data)
        return
    # Bytes, not text: no newline translation or locale encoding may change a character.
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
