"""``reuse cache info|prune|clear``: texts extracted from pages, drafts and PDFs, kept for the next scan."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer

cache_app = typer.Typer(
    name="cache",
    help="The extract cache: texts of pages, drafts and PDFs kept so unchanged files are not read again.",
    no_args_is_help=True,
)


@cache_app.command("info")
def info(json_output: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Where the cache is ($REUSE_CACHE_DIR, else $XDG_CACHE_HOME/reuse, else ~/.cache/reuse) and its size."""
    from reuse import extract_cache

    found = extract_cache.info(extract_cache.default_cache_dir())
    limit = extract_cache.max_bytes()
    if json_output:
        typer.echo(json.dumps(dataclasses.asdict(found) | {"max_bytes": limit}, ensure_ascii=False))
        return
    typer.echo(
        f"{found.path}: {found.entries:,} extracted texts, {found.bytes / 1e6:.1f} MB "
        f"(limit {limit / 1e6:,.0f} MB: $REUSE_CACHE_MAX_MB)"
    )


@cache_app.command("prune")
def prune(
    max_mb: Annotated[
        float | None,
        typer.Option(
            "--max-mb",
            min=0,
            help="Remove the least recently used texts until the cache holds at most this many MB.",
            show_default=False,
        ),
    ] = None,
    unused_days: Annotated[
        int | None,
        typer.Option(min=0, help="Remove texts no scan has used for this many days.", show_default=False),
    ] = None,
) -> None:
    """Remove texts unused for days, or the least recently used past a size, and shrink the file."""
    from reuse import extract_cache

    folder = extract_cache.default_cache_dir()
    limit = None if max_mb is None else int(max_mb * 1_000_000)
    done = extract_cache.prune(folder, limit=limit, unused_days=unused_days)
    found = extract_cache.info(folder)
    typer.echo(
        f"{found.path}: {done.entries:,} texts removed, {done.bytes / 1e6:.1f} MB freed; "
        f"{found.entries:,} left, {found.bytes / 1e6:.1f} MB"
    )


@cache_app.command("clear")
def clear() -> None:
    """Delete the cache; the next scan extracts every page, draft and PDF again (and caches them)."""
    from reuse import extract_cache

    folder = extract_cache.default_cache_dir()
    freed = extract_cache.clear(folder)
    typer.echo(f"{folder}: cleared ({freed / 1e6:.1f} MB freed)")
