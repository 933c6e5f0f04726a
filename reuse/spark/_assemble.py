"""Findings and near-duplicate groups assembled on the driver from collected span pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reuse.models import AlignParams, Finding, NearDuplicateGroup, NearDuplicateParams

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def assemble(
    ranked: DataFrame, spans: DataFrame, params: AlignParams, near_duplicates: NearDuplicateParams
) -> tuple[tuple[Finding, ...], tuple[NearDuplicateGroup, ...]]:
    """Collect the aligned span pairs; build findings and near-duplicate groups with the library's stages."""
    from pyspark.sql import functions as F

    from reuse.findings import Link, repeat_findings, shared_findings
    from reuse.neardup import NearPair, overlap, version_groups
    from reuse.prepare import prepare_batch
    from reuse.spans import SpanPair, TokenSpan

    rows = spans.where(F.col("seq") >= 0).orderBy("x", "y", "seq").collect()
    involved = sorted({r["x"] for r in rows} | {r["y"] for r in rows})
    if not involved:
        return (), ()
    spark = ranked.sparkSession
    wanted = spark.createDataFrame([(r,) for r in involved], "rank long")
    docs = ranked.join(F.broadcast(wanted), "rank").orderBy("rank").collect()
    compact = {r["rank"]: k for k, r in enumerate(docs)}
    ids = [r["id"] for r in docs]
    prepared = prepare_batch([r["text"] for r in docs])
    links: list[Link] = []
    repeats: dict[int, list[SpanPair]] = {}
    for r in rows:
        pair = SpanPair(
            TokenSpan(r["a_start"], r["a_end"]), TokenSpan(r["b_start"], r["b_end"]), r["similarity"]
        )
        if r["x"] == r["y"]:
            repeats.setdefault(compact[r["x"]], []).append(pair)
        else:
            links.append(Link(compact[r["x"]], compact[r["y"]], pair))
    findings: list[Finding] = []
    for k, pairs in sorted(repeats.items()):
        findings += repeat_findings(ids[k], prepared[k], pairs)
    findings += shared_findings(ids, prepared, links, params)
    findings.sort(key=Finding.sort_key)
    by_pair: dict[tuple[int, int], list[SpanPair]] = {}
    for link in links:
        by_pair.setdefault((link.x, link.y), []).append(link.pair)
    minimum = near_duplicates.min_containment
    near: list[NearPair] = []
    for (x, y), pairs in sorted(by_pair.items()):
        both = overlap(len(prepared[x].tokens), len(prepared[y].tokens), pairs)
        if both.near_duplicate(minimum):
            near.append((x, y, both, pairs))
    return tuple(findings), version_groups(ids, prepared, near)
