"""The scan on Apache Spark: the library's stages over Arrow batches, Spark doing the shuffles.

The same findings as :func:`reuse.pipeline.scan` of the same documents, for
collections that do not fit one machine. Spark only moves data: every stage is the library's own
function, called on Arrow batches (``mapInArrow``; no Python UDF per row), and per-worker tables
(normalisation, stop words, permutations, compiled kernels) are built once per Python worker by the
modules' own caches.

1. **Rank.** Documents are sorted by id, as the embedded scan takes them whatever their input
   order; ``rank`` is the position in that order and a window's id is ``rank << 24 | index in its
   document`` (:func:`window_id`), so window ids order exactly as the embedded scan's window
   indices do (never ``monotonically_increasing_id``). Ids are checked unique by a count per id.
2. **Sketch** (map): :func:`reuse.prepare.prepare_batch` and :func:`reuse.pipeline.sketch` (the
   window signatures of every scale, as the embedded scan and the archive index compute them);
   then :func:`reuse.candidates.band_keys`, one row per (window, band).
3. **Skew guard**: windows are counted per band key (partial aggregation); keys with more than
   ``max_bucket`` windows are checked for the number of documents they hold, and those of more than
   ``max_bucket`` documents (or ``8 * max_bucket`` windows) are dropped and reported as
   boilerplate keys, as the embedded scan skips them.
4. **Buckets** (sorted reduce): rows are partitioned by key and sorted by (key, window) within each
   partition; one pass over the Arrow batches, carrying the last key's rows into the next batch,
   applies the embedded rule (:func:`reuse.candidates.candidate_pairs`): a bucket of more than
   ``star_from`` documents offers its lowest window as representative to its other windows, a
   smaller one pairs its windows of different documents. Each window's representatives are the
   minimum offered in any band (a ``min`` aggregation) and the minimum of those offered in two
   bands or more (a count per offer), giving (representative, window) pairs.
5. **Verify**: both windows' signatures are joined back and
   :func:`reuse.candidates.estimated_jaccard` / :func:`reuse.candidates.doc_pair_evidence` keep the
   document pairs whose best window pair reaches ``min_jaccard``.
6. **Align** (map over candidate pairs joined with both texts): documents are prepared again
   inside the worker (:func:`reuse.prepare.prepare_batch`) and :func:`reuse.align.align_pair` is
   called directly (no process pool inside executors). Repeats inside each document likewise.
7. **Findings**: small results are collected and assembled on the driver by
   :func:`reuse.findings.shared_findings` and :func:`reuse.findings.repeat_findings` (clusters are
   connected on the driver from the collected links); big ones are written as Parquet, one row
   per aligned span pair (:func:`write_span_pairs`).
8. **Near-duplicate groups**: the aligner marks each pair whose documents are near-duplicates
   (:func:`reuse.neardup.overlap`, in the worker). Collected, they are grouped on the driver by
   :func:`reuse.neardup.version_groups`, completed as the embedded scan completes them: the
   whole-document sketches (computed on the executors, 520 bytes a document collected) propose
   the pairs the window star left out (:func:`reuse.docsketch.completion_pairs`), checked on the
   driver (:func:`reuse.docsketch.check_pairs`; see :mod:`reuse.spark._assemble`). Uncollected,
   the marked pairs, and those the same completion adds (up to ``max_driver_sketches`` documents,
   1 GB of sketches on the driver; beyond, the groups are the marked pairs' only), are grouped
   into ``SparkScan.group_members`` as the embedded scan groups them, by
   :func:`reuse.spark.groups.near_duplicate_members`: :func:`reuse.neardup.groups` on the driver
   when they fit, else distributed connected components (:func:`connected_components`, the
   large-star/small-star loop checkpointed to Parquet) of the versions and of one link per component
   to the group holding most of it. A statement two stories quote never makes them one group; both
   paths agree with the collected groups (``tests/test_spark.py``).

The modules, one job each:

* :mod:`reuse.spark.environment`: the session (offline, loopback, no UI) and the per-worker set-up;
* :mod:`reuse.spark._rows`: the functions run inside Python workers, Arrow batches in and out;
* :mod:`reuse.spark._candidates`: the candidate stage (band keys, skew guard, buckets, verification);
* :mod:`reuse.spark._buckets`: the sorted bucket reduce;
* :mod:`reuse.spark.components`: connected components, on the driver or by large-star/small-star;
* :mod:`reuse.spark.groups`: an uncollected scan's near-duplicate groups;
* :mod:`reuse.spark.driver`: :func:`scan_spark`, which only moves data between them;
* :mod:`reuse.spark._assemble`: findings and groups built on the driver from collected span pairs;
* :mod:`reuse.spark.io`: documents in (memory, Parquet) and span pairs out (Parquet).

Nothing here imports pyspark at module level: importing :mod:`reuse.spark` costs numpy only.
"""

from __future__ import annotations

from reuse.spark._buckets import bucket_rows
from reuse.spark._candidates import BoilerplateKey
from reuse.spark._rows import SPAN_COLUMNS, WINDOW_BITS, window_id
from reuse.spark.components import Components, connected_components
from reuse.spark.driver import SparkScan, scan_spark
from reuse.spark.environment import session, shuffle_bytes, worker_environment
from reuse.spark.io import documents_frame, html_texts, read_parquet, span_pair_rows, write_span_pairs

__all__ = [
    "SPAN_COLUMNS",
    "WINDOW_BITS",
    "BoilerplateKey",
    "Components",
    "SparkScan",
    "bucket_rows",
    "connected_components",
    "documents_frame",
    "html_texts",
    "read_parquet",
    "scan_spark",
    "session",
    "shuffle_bytes",
    "span_pair_rows",
    "window_id",
    "worker_environment",
    "write_span_pairs",
]
