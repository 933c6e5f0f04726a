"""``reuse cache info|clear``: the texts extracted from pages and drafts, kept for the next scan."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer

cache_app = typer.Typer(
    name="cache",
    help="The extract cache: texts of pages and drafts kept so unchanged files are not extracted again.",
    no_args_is_help=True,
)


@cache_app.command("info")
def info(json_output: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Where the cache is ($REUSE_CACHE_DIR, else ~/.cache/reuse), how many texts it holds, its size."""
    from reuse import extract_cache

    found = extract_cache.info(extract_cache.default_cache_dir())
    if json_output:
        typer.echo(json.dumps(dataclasses.asdict(found), ensure_ascii=False))
        return
    typer.echo(f"{found.path}: {found.entries:,} extracted texts, {found.bytes / 1e6:.1f} MB")


@cache_app.command("clear")
def clear() -> None:
    """Delete the cache; the next scan extracts every page and draft again (and caches them)."""
    from reuse import extract_cache

    folder = extract_cache.default_cache_dir()
    freed = extract_cache.clear(folder)
    typer.echo(f"{folder}: cleared ({freed / 1e6:.1f} MB freed)")
