"""The scan on Apache Spark: the library's stages over Arrow batches, Spark doing the shuffles.

The same findings as :func:`reuse.pipeline.scan` of the documents sorted by id, for collections that
do not fit one machine. Spark only moves data: every stage is the library's own function, called
on Arrow batches (``mapInArrow``; no Python UDF per row), and per-worker tables (normalisation,
stop words, permutations, compiled kernels) are built once per Python worker by the modules'
own caches.

1. **Rank.** Documents are ordered by their given id; ``rank`` is the position in that order and
   a window's id is ``rank << 24 | index in its document`` (:func:`window_id`), so window ids order
   exactly as the embedded scan's window indices do (never ``monotonically_increasing_id``).
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
   smaller one pairs its windows of different documents. Each window's representative is the
   minimum offered in any band (a ``min`` aggregation), giving (representative, window) pairs.
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
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reuse.models import (
    AlignParams,
    CandidateParams,
    DuplicateIdError,
    Finding,
    NearDuplicateGroup,
    NearDuplicateParams,
    SketchConfig,
)

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

I64 = npt.NDArray[np.int64]

WINDOW_BITS = 24
"""Bits of a window id that hold the window's index inside its document (16 M windows)."""

_PAIR, _STAR, _STATS = 0, 1, 2  # row kinds of the bucket reduce


def window_id(rank: I64, index: I64) -> I64:
    """Stable window ids: ordered by document rank, then by window index inside the document.

    >>> window_id(np.array([0, 0, 2]), np.array([0, 5, 1])).tolist()
    [0, 5, 33554433]
    >>> (window_id(np.array([2]), np.array([1])) >> WINDOW_BITS).tolist()  # the rank comes back
    [2]
    """
    return (np.asarray(rank, dtype=np.int64) << WINDOW_BITS) | np.asarray(index, dtype=np.int64)


def worker_environment() -> None:
    """Per-worker set-up: numba's cache goes to a temporary folder, never into the installed package.

    Called at the start of every function Spark runs in a Python worker, before anything imports
    numba (read-only site-packages on clusters). An explicit ``NUMBA_CACHE_DIR`` is kept.
    """
    os.environ.setdefault("NUMBA_CACHE_DIR", os.path.join(tempfile.gettempdir(), "reuse-numba-cache"))


def session(
    master: str = "local[2]",
    *,
    partitions: int = 8,
    arrow_batch: int | None = None,
    memory: str | None = None,
    app: str = "reuse",
) -> SparkSession:
    """A Spark session set up to run offline: this interpreter for workers, loopback, no UI.

    Args:
        master: Spark master URL (``local[2]``: two cores of this machine, with real shuffles).
        partitions: Shuffle partitions (``spark.sql.shuffle.partitions``).
        arrow_batch: Records per Arrow batch handed to the stages (default: Spark's 10,000).
        memory: ``spark.driver.memory`` (in ``local`` mode the executors' too), e.g. ``"4g"``; it
            applies only when this call starts the JVM.
        app: Application name.

    Returns:
        The session (``getOrCreate``: an existing one is returned with these settings applied).
    """
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    worker_environment()
    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.executorEnv.NUMBA_CACHE_DIR", os.environ["NUMBA_CACHE_DIR"])
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if memory is not None:
        builder = builder.config("spark.driver.memory", memory)
    if arrow_batch is not None:
        builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(arrow_batch))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@dataclass(frozen=True)
class BoilerplateKey:
    """A band key dropped by the skew guard: text shared by too many documents to pair them."""

    scale: int
    band_key: int
    windows: int
    documents: int


@dataclass(frozen=True)
class SparkScan:
    """What :func:`scan_spark` returns.

    ``findings`` are ``None`` when the result was not collected (``collect=False``); ``span_pairs``
    is then the DataFrame of aligned span pairs (:func:`span_pair_rows`) to write. ``groups`` are
    the near-duplicate groups among the pairs aligned (the embedded scan also asks its document
    sketch for pairs its windows did not propose; Spark does not yet).
    """

    findings: tuple[Finding, ...] | None
    word_counts: dict[str, int]
    figures: dict[str, int]
    timings: dict[str, float]
    boilerplate: tuple[BoilerplateKey, ...]
    parameters: dict[str, object] = field(default_factory=dict)
    span_pairs: Any = None
    groups: tuple[NearDuplicateGroup, ...] = ()


# ---- functions run inside Python workers (each takes and yields Arrow record batches) ----------


def _rank_rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Partition number, position inside the (id-sorted) partition and a duplicate flag per document."""
    import pyarrow as pa
    from pyspark import TaskContext

    context = TaskContext.get()
    part = context.partitionId() if context is not None else 0
    seen, last = 0, None
    for batch in batches:
        ids = batch.column("id").to_pylist()
        duplicate = [a == b for a, b in zip([last, *ids[:-1]], ids, strict=True)]
        yield pa.RecordBatch.from_arrays(
            [
                batch.column("id"),
                batch.column("text"),
                pa.array(np.full(len(ids), part, dtype=np.int32)),
                pa.array(np.arange(seen, seen + len(ids), dtype=np.int64)),
                pa.array(duplicate, type=pa.bool_()),
            ],
            names=["id", "text", "part", "local", "duplicate"],
        )
        seen += len(ids)
        last = ids[-1] if ids else last


def _signature_rows(config: SketchConfig, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Window signatures of every scale: (scale, window id, signature as bytes)."""
    worker_environment()
    import pyarrow as pa

    from reuse.pipeline import sketch
    from reuse.prepare import prepare_batch

    for batch in batches:
        rank = batch.column("rank").to_numpy()
        prepared = prepare_batch(batch.column("text").to_pylist())
        for s, (_, sketched) in enumerate(sketch(prepared, config)):
            if sketched.doc.size == 0:
                continue
            first = np.searchsorted(sketched.doc, np.arange(len(prepared)))
            index = np.arange(sketched.doc.size) - first[sketched.doc]
            yield pa.RecordBatch.from_arrays(
                [
                    pa.array(np.full(sketched.doc.size, s, dtype=np.int8)),
                    pa.array(window_id(rank[sketched.doc], index)),
                    _binary_rows(sketched.signatures),
                ],
                names=["scale", "wid", "sig"],
            )


def _binary_rows(matrix: npt.NDArray[np.uint32]) -> pa.Array:
    """Each row of a 2-D array as one binary value, without a Python object per row."""
    import pyarrow as pa

    data = np.ascontiguousarray(matrix)
    width = data.shape[1] * data.itemsize
    offsets = np.arange(data.shape[0] + 1, dtype=np.int32) * width
    return pa.Array.from_buffers(
        pa.binary(), data.shape[0], [None, pa.py_buffer(offsets), pa.py_buffer(data.tobytes())]
    )


def _matrix(column: pa.Array, num_perm: int) -> npt.NDArray[np.uint32]:
    """The signatures of a binary column as a ``(rows, num_perm)`` array (inverse of :func:`_binary_rows`)."""
    column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if len(column) == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[
        column.offset : column.offset + len(column) + 1
    ]
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.view(np.uint32).reshape(len(column), num_perm)


def _band_key_rows(config: SketchConfig, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """One row per (window, band): (scale, band key, window id)."""
    worker_environment()
    import pyarrow as pa

    from reuse.candidates import band_keys

    for batch in batches:
        keys = band_keys(_matrix(batch.column("sig"), config.num_perm), config.bands)
        bands = keys.shape[1]
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(np.repeat(batch.column("scale").to_numpy(), bands)),
                pa.array(keys.ravel().view(np.int64)),
                pa.array(np.repeat(batch.column("wid").to_numpy(), bands)),
            ],
            names=["scale", "key", "wid"],
        )


def bucket_rows(
    scale: npt.NDArray[np.int8], key: I64, wid: I64, max_bucket: int, star_from: int
) -> tuple[I64, I64, I64, I64]:
    """The embedded bucket rule over complete buckets, rows sorted by (scale, key, window id).

    The rule of :func:`reuse.candidates.candidate_pairs` per bucket: one of more than
    ``8 * max_bucket`` windows or more than ``max_bucket`` documents is skipped; one of more than
    ``star_from`` documents offers its lowest window to the others as representative; a smaller one
    pairs its windows of different documents.

    Returns:
        ``(kind, scale, a, b)`` rows: ``_PAIR`` rows are window pairs ``a < b``, ``_STAR`` rows
        offer representative ``a`` to window ``b``.

    >>> kind, _, a, b = bucket_rows(np.zeros(4, np.int8), np.array([7, 7, 7, 9]),
    ...                             np.array([1, 2 << 24, 3 << 24, 5]), 1000, 1)
    >>> kind.tolist(), a.tolist(), (b >> 24).tolist()
    ([1, 1], [1, 1], [2, 3])
    """
    n = key.size
    empty = np.zeros(0, dtype=np.int64)
    if n == 0:
        return empty, empty, empty, empty
    change = np.flatnonzero((key[1:] != key[:-1]) | (scale[1:] != scale[:-1])) + 1
    starts = np.concatenate(([0], change)).astype(np.int64)
    sizes = np.diff(np.append(starts, n))
    rank = wid >> WINDOW_BITS
    new_doc = np.ones(n, dtype=np.int64)
    new_doc[1:] = rank[1:] != rank[:-1]
    new_doc[starts] = 1
    documents = np.add.reduceat(new_doc, starts)
    checked = sizes > min(star_from, max_bucket)
    skip = (sizes < 2) | (sizes > 8 * max_bucket) | (checked & (documents > max_bucket))
    star = ~skip & checked & (documents > star_from)
    bucket = np.repeat(np.arange(starts.size), sizes)
    first = starts[bucket]
    offered = star[bucket] & (np.arange(n) != first)
    kinds, scales, lefts, rights = [np.full(int(offered.sum()), _STAR, dtype=np.int64)], [], [], []
    scales.append(scale[offered].astype(np.int64))
    lefts.append(wid[first[offered]])
    rights.append(wid[offered])
    for b in np.flatnonzero(~skip & ~star).tolist():
        members = wid[starts[b] : starts[b] + sizes[b]]
        left, right = np.triu_indices(members.size, k=1)
        keep = (members[left] >> WINDOW_BITS) != (members[right] >> WINDOW_BITS)
        kinds.append(np.full(int(keep.sum()), _PAIR, dtype=np.int64))
        scales.append(np.full(int(keep.sum()), scale[starts[b]], dtype=np.int64))
        lefts.append(members[left][keep])
        rights.append(members[right][keep])
    return tuple(np.concatenate(x).astype(np.int64) for x in (kinds, scales, lefts, rights))  # type: ignore[return-value]


def _bucket_reduce(
    max_bucket: int, star_from: int, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """The sorted reduce: buckets in key order, the last key's rows carried into the next batch."""
    worker_environment()
    import pyarrow as pa
    from pyspark import TaskContext

    names = ["kind", "scale", "a", "b"]

    def rows(columns: tuple[I64, I64, I64, I64]) -> pa.RecordBatch:
        kind, scale, a, b = columns
        return pa.RecordBatch.from_arrays(
            [pa.array(kind.astype(np.int8)), pa.array(scale.astype(np.int8)), pa.array(a), pa.array(b)],
            names=names,
        )

    carried: list[npt.NDArray[Any]] = [np.zeros(0, np.int8), np.zeros(0, np.int64), np.zeros(0, np.int64)]
    seen = 0
    for batch in batches:
        scale, key, wid = (
            np.concatenate((held, batch.column(name).to_numpy()))
            for held, name in zip(carried, ("scale", "key", "wid"), strict=True)
        )
        seen += batch.num_rows
        if key.size == 0:
            continue
        # The last key may go on in the next batch: hold its rows back.
        last = np.flatnonzero((key != key[-1]) | (scale != scale[-1]))
        cut = int(last[-1]) + 1 if last.size else 0
        carried = [scale[cut:], key[cut:], wid[cut:]]
        if cut:
            yield rows(bucket_rows(scale[:cut], key[:cut], wid[:cut], max_bucket, star_from))
    yield rows(bucket_rows(carried[0], carried[1], carried[2], max_bucket, star_from))
    context = TaskContext.get()
    part = context.partitionId() if context is not None else 0
    stats = np.array([_STATS]), np.array([0]), np.array([part]), np.array([seen])
    yield rows(stats)


def _verify_rows(num_perm: int, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Estimated Jaccard of each window pair, reduced to the best per document pair of the batch."""
    worker_environment()
    import pyarrow as pa

    from reuse.candidates import doc_pair_evidence, estimated_jaccard

    for batch in batches:
        n = batch.num_rows
        if n == 0:
            continue
        signatures = np.concatenate(
            (_matrix(batch.column("sig_a"), num_perm), _matrix(batch.column("sig_b"), num_perm))
        )
        jaccard = estimated_jaccard(signatures, np.stack((np.arange(n), np.arange(n, 2 * n)), axis=1))
        docs = np.stack((batch.column("a").to_numpy(), batch.column("b").to_numpy()), axis=1) >> WINDOW_BITS
        pairs, best = doc_pair_evidence(docs, jaccard)
        yield pa.RecordBatch.from_arrays(
            [pa.array(pairs[:, 0]), pa.array(pairs[:, 1]), pa.array(best)], names=["x", "y", "best"]
        )


SPAN_COLUMNS = (
    "x long, y long, seq int, a_start int, a_end int, b_start int, b_end int, similarity double, "
    "a_char_start long, a_char_end long, b_char_start long, b_char_end long, words int"
)
"""Aligned span pairs in token (``a_start``...) and character (``a_char_start``...) offsets.

``x == y`` rows are repeats inside a document; a row with ``seq == -1`` carries a document's word
count in ``words`` (the report's per-document figure).
"""


def _span_batch(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    import pyarrow as pa

    names = [c.split()[0] for c in SPAN_COLUMNS.split(", ")]
    types = [pa.int64(), pa.int64(), pa.int32(), pa.int32(), pa.int32(), pa.int32(), pa.int32()]
    types += [pa.float64(), pa.int64(), pa.int64(), pa.int64(), pa.int64(), pa.int32()]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.RecordBatch.from_arrays(
        [pa.array(list(c), type=t) for c, t in zip(columns, types, strict=True)], names=names
    )


def _align_rows(
    params: AlignParams, repeats: bool, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """Align each pair ``(x, y)`` of a batch (``repeats``: each document with itself, and its words)."""
    worker_environment()
    from reuse.align import align_pair
    from reuse.prepare import prepare_batch

    for batch in batches:
        if repeats:
            xs = ys = batch.column("rank").to_pylist()
            texts = batch.column("text").to_pylist()
            prepared = prepare_batch(texts)
            firsts, seconds = prepared, prepared
        else:
            xs, ys = batch.column("x").to_pylist(), batch.column("y").to_pylist()
            both = prepare_batch(batch.column("text_x").to_pylist() + batch.column("text_y").to_pylist())
            firsts, seconds = both[: len(xs)], both[len(xs) :]
        rows: list[tuple[Any, ...]] = []
        for x, y, a, b in zip(xs, ys, firsts, seconds, strict=True):
            if repeats:
                rows.append((x, y, -1, 0, 0, 0, 0, 0.0, 0, 0, 0, 0, len(a.tokens)))
            for seq, pair in enumerate(align_pair(a, b, params, same=repeats)):
                rows.append(
                    (
                        *(x, y, seq, pair.a.start, pair.a.end, pair.b.start, pair.b.end, pair.similarity),
                        *a.char_span(pair.a.start, pair.a.end),
                        *b.char_span(pair.b.start, pair.b.end),
                        min(len(pair.a), len(pair.b)),
                    )
                )
        yield _span_batch(rows)


# ---- the driver ---------------------------------------------------------------------------------


def _rank_documents(documents: DataFrame) -> DataFrame:
    """(rank, id, text): documents numbered in id order, without a single-partition step."""
    from pyspark.sql import functions as F

    spark = documents.sparkSession
    ordered = documents.select(F.col("id").cast("string"), F.col("text").cast("string")).orderBy("id")
    local = ordered.mapInArrow(
        _rank_rows, "id string, text string, part int, local long, duplicate boolean"
    ).persist()
    counts = local.groupBy("part").agg(F.count("*").alias("n"), F.max("duplicate").alias("dup")).collect()
    if any(row["dup"] for row in counts):
        duplicate = local.where("duplicate").select("id").first()
        local.unpersist()
        raise DuplicateIdError(duplicate["id"] if duplicate else "?")
    offsets, total = [], 0
    for row in sorted(counts, key=lambda r: r["part"]):
        offsets.append((row["part"], total))
        total += row["n"]
    table = spark.createDataFrame(offsets or [(0, 0)], "part int, offset long")
    return local.join(F.broadcast(table), "part").select(
        (F.col("local") + F.col("offset")).alias("rank"), "id", "text"
    )


def shuffle_bytes(spark: SparkSession) -> int | None:
    """Bytes written by every shuffle of this application so far (``None`` where Spark hides it).

    Summed over executors from Spark's status store, which is kept with the UI off; Spark Connect
    sessions have none.
    """
    try:
        context = spark.sparkContext._jsc.sc()
        context.listenerBus().waitUntilEmpty()  # the status store is fed by the listener bus
        executors = context.statusStore().executorList(False)
        return sum(int(executors.apply(k).totalShuffleWrite()) for k in range(executors.size()))
    except Exception:  # no JVM gateway (Spark Connect) or a changed internal API: report unknown
        return None


def scan_spark(
    spark: SparkSession,
    documents: DataFrame,
    config: SketchConfig | None = None,
    candidates: CandidateParams | None = None,
    params: AlignParams | None = None,
    *,
    partitions: int | None = None,
    collect: bool = True,
) -> SparkScan:
    """The scan of :func:`reuse.pipeline.scan` on Spark, for ``documents`` sorted by id.

    Args:
        spark: The session.
        documents: A DataFrame with ``id`` and ``text`` columns (ids unique).
        config: Sketch and LSH settings.
        candidates: Candidate-stage knobs (``max_bucket`` is also the skew guard's cap). Collections
            of at most ``exhaustive_up_to`` documents compare every pair, as the embedded scan does.
        params: Aligner settings.
        partitions: Partitions of the bucket reduce and the alignment (default: the session's
            ``spark.sql.shuffle.partitions``).
        collect: Assemble findings on the driver (small results); without, ``span_pairs`` is the
            DataFrame of aligned span pairs to write (:func:`write_span_pairs`).

    Returns:
        Findings (when collected), word counts, figures (the embedded scan's, plus the skew guard's
        and the shuffle's), timings and the boilerplate keys the skew guard dropped.

    Raises:
        DuplicateIdError: Two documents share an id.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    config = config or SketchConfig()
    candidates = candidates or CandidateParams()
    params = params or AlignParams()
    parts = partitions or int(spark.conf.get("spark.sql.shuffle.partitions") or 8)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    shuffled_before = shuffle_bytes(spark)

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    ranked = _rank_documents(documents).persist(StorageLevel.MEMORY_AND_DISK)
    count = ranked.count()
    lap("rank")

    figures: dict[str, int] = {"documents": count}
    boilerplate: tuple[BoilerplateKey, ...] = ()
    persisted: list[DataFrame] = [ranked]
    if count <= candidates.exhaustive_up_to:
        pairs = (
            ranked.select(F.col("rank").alias("x"))
            .crossJoin(ranked.select(F.col("rank").alias("y")))
            .where("x < y")
        )
        figures |= {"windows": 0, "window_pairs": 0, "colliding_pairs": 0}
    else:
        signatures = ranked.mapInArrow(
            partial(_signature_rows, config), "scale byte, wid long, sig binary"
        ).persist(StorageLevel.MEMORY_AND_DISK)
        persisted.append(signatures)
        figures["windows"] = signatures.count()
        lap("sketch")
        keys = signatures.mapInArrow(partial(_band_key_rows, config), "scale byte, key long, wid long")
        cap = candidates.max_bucket
        heavy = (
            keys.groupBy("scale", "key").agg(F.count("*").alias("windows")).where(F.col("windows") > cap)
        ).persist()
        persisted.append(heavy)
        dropped = (
            keys.join(F.broadcast(heavy), ["scale", "key"])
            .groupBy("scale", "key")
            .agg(
                F.first("windows").alias("windows"),
                F.countDistinct(F.shiftright("wid", WINDOW_BITS)).alias("documents"),
            )
            .where((F.col("documents") > cap) | (F.col("windows") > 8 * cap))
            .collect()
        )
        boilerplate = tuple(
            sorted(
                (BoilerplateKey(r["scale"], r["key"], r["windows"], r["documents"]) for r in dropped),
                key=lambda k: (-k.documents, k.scale, k.band_key),
            )
        )
        if dropped:
            guard = spark.createDataFrame(
                [(k.scale, k.band_key) for k in boilerplate], "scale byte, key long"
            )
            keys = keys.join(F.broadcast(guard), ["scale", "key"], "left_anti")
        figures["boilerplate_keys"] = len(boilerplate)
        lap("skew guard")
        reduced = (
            keys.repartition(parts, "scale", "key")
            .sortWithinPartitions("scale", "key", "wid")
            .mapInArrow(
                partial(_bucket_reduce, cap, candidates.star_from), "kind byte, scale byte, a long, b long"
            )
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        persisted.append(reduced)
        stats = reduced.where(F.col("kind") == _STATS).select("a", "b").collect()
        figures["reduce_partitions"] = sum(1 for r in stats if r["b"] > 0)
        figures["band_key_rows"] = sum(r["b"] for r in stats)
        starred = (
            reduced.where(F.col("kind") == _STAR)
            .groupBy("scale", F.col("b"))
            .agg(F.min("a").alias("a"))
            .where(F.shiftright("a", WINDOW_BITS) != F.shiftright("b", WINDOW_BITS))
        )
        window_pairs = (
            reduced.where(F.col("kind") == _PAIR)
            .select("scale", "a", "b")
            .unionByName(starred.select("scale", "a", "b"))
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        persisted.append(window_pairs)
        figures["window_pairs"] = window_pairs.count()
        lap("buckets")
        sig_a = signatures.select("scale", F.col("wid").alias("a"), F.col("sig").alias("sig_a"))
        sig_b = signatures.select("scale", F.col("wid").alias("b"), F.col("sig").alias("sig_b"))
        evidence = (
            window_pairs.join(sig_a, ["scale", "a"])
            .join(sig_b, ["scale", "b"])
            .mapInArrow(partial(_verify_rows, config.num_perm), "x long, y long, best double")
            .groupBy("x", "y")
            .agg(F.max("best").alias("best"))
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        persisted.append(evidence)
        figures["colliding_pairs"] = evidence.count()
        pairs = evidence.where(F.col("best") >= candidates.min_jaccard).select("x", "y")
    pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK)
    persisted.append(pairs)
    figures["candidate_pairs"] = pairs.count()
    lap("verify")

    texts = ranked.select("rank", "text")
    jobs = (
        pairs.join(texts.withColumnRenamed("rank", "x").withColumnRenamed("text", "text_x"), "x")
        .join(texts.withColumnRenamed("rank", "y").withColumnRenamed("text", "text_y"), "y")
        .repartition(parts, "x", "y")
    )
    links = jobs.mapInArrow(partial(_align_rows, params, False), SPAN_COLUMNS)
    repeats = ranked.mapInArrow(partial(_align_rows, params, True), SPAN_COLUMNS)
    spans = links.unionByName(repeats).persist(StorageLevel.MEMORY_AND_DISK)
    persisted.append(spans)
    words = spans.where(F.col("seq") == -1).join(ranked.select(F.col("rank").alias("x"), "id"), "x")
    word_rows = words.select("id", "words").collect()
    word_counts = {r["id"]: r["words"] for r in word_rows}
    figures["words"] = sum(word_counts.values())
    figures["pairs_with_findings"] = spans.where("seq = 0 AND x != y").count()
    lap("align")

    parameters: dict[str, object] = {
        "sketch": asdict(config),
        "candidates": asdict(candidates),
        "align": asdict(params),
        "near_duplicates": asdict(NearDuplicateParams()),
    }
    findings: tuple[Finding, ...] | None = None
    groups: tuple[NearDuplicateGroup, ...] = ()
    if collect:
        findings, groups = _assemble(ranked, spans, params)
        figures["findings"] = len(findings)
        lap("findings")
        for frame in persisted:
            frame.unpersist()
        persisted = []
    shuffled = shuffle_bytes(spark)
    if shuffled is not None and shuffled_before is not None:
        figures["shuffle_bytes"] = shuffled - shuffled_before
    rows = None if collect else span_pair_rows(ranked, spans)
    return SparkScan(findings, word_counts, figures, timings, boilerplate, parameters, rows, groups)


def _assemble(
    ranked: DataFrame, spans: DataFrame, params: AlignParams
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
    minimum = NearDuplicateParams().min_containment
    near: list[NearPair] = []
    for (x, y), pairs in sorted(by_pair.items()):
        both = overlap(len(prepared[x].tokens), len(prepared[y].tokens), pairs)
        if both.near_duplicate(minimum):
            near.append((x, y, both, pairs))
    return tuple(findings), version_groups(ids, prepared, near)


def span_pair_rows(ranked: DataFrame, spans: DataFrame) -> DataFrame:
    """One row per aligned span pair: kind, both documents' ids, character offsets, similarity, words."""
    from pyspark.sql import functions as F

    ids = ranked.select("rank", "id")
    return (
        spans.where(F.col("seq") >= 0)
        .join(ids.select(F.col("rank").alias("x"), F.col("id").alias("doc_a")), "x")
        .join(ids.select(F.col("rank").alias("y"), F.col("id").alias("doc_b")), "y")
        .select(
            F.when(F.col("x") == F.col("y"), F.lit("repeat")).otherwise(F.lit("reuse")).alias("kind"),
            "doc_a",
            F.col("a_char_start").alias("a_start"),
            F.col("a_char_end").alias("a_end"),
            "doc_b",
            F.col("b_char_start").alias("b_start"),
            F.col("b_char_end").alias("b_end"),
            "similarity",
            "words",
        )
    )


def write_span_pairs(result: SparkScan, path: str) -> None:
    """Write an uncollected scan's span pairs as a Parquet dataset (a folder of part files)."""
    if result.span_pairs is None:
        raise ValueError("the scan was collected: write its findings as a report instead")
    result.span_pairs.write.mode("overwrite").parquet(path)


def read_parquet(spark: SparkSession, paths: Sequence[str], id_field: str, text_field: str) -> DataFrame:
    """Documents from Parquet files or folders, read by Spark: their id and text columns."""
    from pyspark.sql import functions as F

    return spark.read.parquet(*paths).select(
        F.col(id_field).cast("string").alias("id"), F.col(text_field).cast("string").alias("text")
    )


def documents_frame(spark: SparkSession, ids: Sequence[str], texts: Sequence[str], slices: int) -> DataFrame:
    """A documents DataFrame from texts in memory, spread over ``slices`` partitions."""
    import pyarrow as pa

    table = pa.table({"id": pa.array(list(ids), pa.string()), "text": pa.array(list(texts), pa.string())})
    return spark.createDataFrame(table).repartition(slices)
