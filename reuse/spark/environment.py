"""Spark set-up: a session that runs offline, the per-worker environment, and the shuffle figure."""

from __future__ import annotations

import os
import sys
import tempfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


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
