"""The Spark driver next to the embedded scan on the same generated documents: time, shuffle, memory.

    python benchmarks/spark/run.py 20000            # both engines, one process each, local[2]
    python benchmarks/spark/run.py 20000 --engine spark --master 'local[2]'

Documents are benchmarks/newslike.py's (real Arabic word frequencies, 10% carrying a copied
passage). Each engine runs in a fresh process while this one samples the resident memory of that
process and all its descendants (the JVM and Python workers for Spark) every 0.2 s; the peak is
recorded, with the 1-minute load average before and after the run (other work on the machine slows
a run). One JSON line per run is appended to benchmarks/spark/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every descendant (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def _measure(command: list[str]) -> tuple[dict[str, object], int]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{command} failed ({process.returncode})")
    return json.loads(out.strip().splitlines()[-1]), peak


def _documents(count: int) -> tuple[list[str], list[str]]:
    from newslike import make_newslike

    texts = list(make_newslike(count, seed=20).texts)
    return [f"d{k:07d}" for k in range(count)], texts


def _run_one(count: int, engine: str, master: str, partitions: int, memory: str) -> dict[str, object]:
    ids, texts = _documents(count)
    if engine == "embedded":
        from reuse.models import Document
        from reuse.pipeline import scan

        started = time.perf_counter()
        result = scan([Document(i, t) for i, t in zip(ids, texts, strict=True)], workers=2)
        wall = time.perf_counter() - started
        return {"wall_s": round(wall, 1), "figures": result.figures, "timings": result.timings}
    from reuse.spark import documents_frame, scan_spark, session

    spark = session(master, partitions=partitions, memory=memory)
    started = time.perf_counter()
    frame = documents_frame(spark, ids, texts, partitions)
    found = scan_spark(spark, frame, partitions=partitions)
    wall = time.perf_counter() - started
    spark.stop()
    return {
        "wall_s": round(wall, 1),
        "figures": found.figures,
        "timings": found.timings,
        "boilerplate_keys": len(found.boilerplate),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("documents", type=int)
    parser.add_argument("--engine", choices=["embedded", "spark", "both"], default="both")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=32)
    parser.add_argument("--memory", default="4g", help="spark.driver.memory (local mode: the executors' too)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_run_one(args.documents, args.engine, args.master, args.partitions, args.memory)))
        return
    for engine in ("embedded", "spark") if args.engine == "both" else (args.engine,):
        command = [sys.executable, __file__, str(args.documents), "--engine", engine, "--child"]
        command += ["--master", args.master, "--partitions", str(args.partitions), "--memory", args.memory]
        load_before = os.getloadavg()
        result, peak = _measure(command)
        load_after = os.getloadavg()
        record = {
            "documents": args.documents,
            "engine": engine,
            "master": args.master if engine == "spark" else "2 processes",
            "partitions": args.partitions if engine == "spark" else None,
            "spark_memory": args.memory if engine == "spark" else None,
            "peak_rss_mb": round(peak / 2**20),
            # 1-minute load average before and after: the machine may be shared (2 cores).
            "load_average": [round(load_before[0], 2), round(load_after[0], 2)],
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "date": time.strftime("%Y-%m-%d"),
        } | result
        print(json.dumps(record))
        with open(HERE / "results.jsonl", "a") as handle:
            handle.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
