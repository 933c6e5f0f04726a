"""Load on ``reuse serve``: concurrent checks over loopback HTTP while a writer adds documents.

Run from the repository root (needs the serve extra)::

    python benchmarks/serve_load.py --documents 10000 --checks 2000 --clients 20 [--index PATH]

Builds (or reuses, at ``--index``) an index of news-like documents (``newslike.py``, added with
``reuse.archive.index_add``), starts ``reuse serve --allow-writes`` on a loopback port, and sends
``--checks`` 600-word drafts (each carrying a 60-word passage of an archived document, as
``archive.py`` makes them) from ``--clients`` threads, each on its own keep-alive connection, while one
writer posts batches of new documents to ``POST /index``. Afterwards it reads the index file and
checks that every acknowledged document is there whole (text, keys and postings) and nothing else
was added. Prints one JSON line: p50/p95 latency, throughput, errors, recall, writes.

``benchmarks/test_serve_load.py`` runs it when ``REUSE_SERVE_LOAD`` is set (sizes from
``REUSE_SERVE_LOAD_DOCUMENTS`` and ``REUSE_SERVE_LOAD_CHECKS``).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from archive import drafts
from newslike import make_newslike

from reuse.archive import index_add, settings
from reuse.models import Document
from reuse.store import ArchiveStore

ROOT = Path(__file__).resolve().parents[1]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(connection: http.client.HTTPConnection, path: str, body: Any) -> tuple[int, Any]:
    connection.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def _docs(finding: dict[str, Any]) -> set[str]:
    """The documents of a finding: a reuse pair's two, a cluster's occurrences'."""
    parts = [finding.get("a", {}), finding.get("b", {}), *finding.get("occurrences", [])]
    return {str(p.get("doc", "")) for p in parts}


def build(path: Path, documents: int) -> list[Document]:
    corpus = make_newslike(documents, seed=1)
    archive = [Document(f"n{k:06}", t) for k, t in enumerate(corpus.texts)]
    if not path.exists():
        started = time.perf_counter()
        with ArchiveStore.connect(path, settings(), create=True) as store:
            index_add(store, archive)
        print(f"built {documents:,} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return archive


def run(
    index: Path, documents: int, checks: int, clients: int, threads: int | None, batch: int
) -> dict[str, Any]:
    archive = build(index, documents)
    work = drafts(archive, min(checks, 200))
    port = _port()
    command = [sys.executable, "-m", "reuse_cli", "serve", "--index", str(index), "--port", str(port)]
    command += ["--allow-writes", "--quiet"] + (["--threads", str(threads)] if threads else [])
    server = subprocess.Popen(command, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", "/health")
                base = json.loads(probe.getresponse().read())["index"]["documents"]
                probe.close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        latencies: list[float] = []
        errors: list[str] = []
        found = 0
        next_check = 0
        lock = threading.Lock()
        done = threading.Event()
        written: dict[str, str] = {}  # id -> sha256 of the text, for every acknowledged document
        write_seconds: list[float] = []
        fresh = make_newslike(4000, seed=7, reuse_rate=0.0).texts

        def client() -> None:
            nonlocal next_check, found
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            while True:
                with lock:
                    k = next_check
                    next_check += 1
                if k >= checks:
                    break
                draft, source = work[k % len(work)]
                started = time.perf_counter()
                try:
                    status, report = _post(connection, "/check", {"text": draft.text, "id": f"draft-{k}"})
                except (OSError, http.client.HTTPException) as err:
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    status, report = 0, {"error": repr(err)}
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        errors.append(f"{status}: {report.get('error')}")
                    elif any(source in _docs(f) for f in report["findings"]):
                        found += 1
            connection.close()

        def writer() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            k = 0
            while not done.is_set() and (k + 1) * batch <= len(fresh):
                docs = [{"id": f"w{k:04}-{j:02}", "text": fresh[k * batch + j]} for j in range(batch)]
                started = time.perf_counter()
                status, answer = _post(connection, "/index", {"documents": docs})
                write_seconds.append(time.perf_counter() - started)
                if status != 200:
                    errors.append(f"write {status}: {answer.get('error')}")
                else:
                    for doc in docs:
                        written[doc["id"]] = hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()
                k += 1
                time.sleep(0.2)
            connection.close()

        writing = threading.Thread(target=writer)
        pool = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        writing.start()
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        wall = time.perf_counter() - started
        done.set()
        writing.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    # Every acknowledged document is there, whole; nothing half-written; nothing else added.
    with ArchiveStore.connect(index) as store:
        held = store.by_id(list(written))
        whole = all(held.get(i, (0, ""))[1] == sha for i, sha in written.items())
        total = store.count()
    with sqlite3.connect(index) as db:
        (postings,) = db.execute("SELECT COUNT(*) FROM postings").fetchone()
        (keys,) = db.execute("SELECT COALESCE(SUM(keys), 0) FROM docs").fetchone()
    ms = np.array(latencies) * 1000
    return {
        "documents": documents,
        "checks": len(latencies),
        "clients": clients,
        "threads": threads,
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "max_ms": round(float(ms.max()), 1),
        "checks_per_s": round(len(latencies) / wall, 1),
        "wall_s": round(wall, 1),
        "errors": len(errors),
        "first_errors": errors[:3],
        "recall": round(found / max(1, len(latencies)), 3),
        "written": len(written),
        "write_p50_ms": round(float(np.percentile(write_seconds, 50)) * 1000, 1) if write_seconds else None,
        "all_written_whole": whole and len(held) == len(written),
        "index_documents": f"{base:,} + {len(written):,} = {total:,}",
        "postings_match_keys": postings == keys,
        "consistent": total == base + len(written) and postings == keys and whole,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--checks", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--batch", type=int, default=20, help="documents per POST /index")
    parser.add_argument("--index", type=Path, help="built here if missing (a copy is what the run writes)")
    args = parser.parse_args()
    built = args.index or Path(tempfile.mkdtemp()) / f"archive-{args.documents}.db"
    build(built, args.documents)
    # The writer grows the index: run on a copy so a kept index stays its size for the next run.
    copy = Path(tempfile.mkdtemp()) / "archive.db"
    with sqlite3.connect(built) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    figures = run(copy, args.documents, args.checks, args.clients, args.threads, args.batch)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
