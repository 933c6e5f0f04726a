"""The archive index at scale: build throughput, size on disk, and `reuse check` latency.

Run from the repository root (one size per process, so figures are that size's alone)::

    python benchmarks/archive.py 10000 [--index PATH] [--drafts 40]

Builds an index of ``N`` news-like documents (``newslike.py``: real Arabic word frequencies, 10%
carrying a copied 60-word passage) with ``index_add``, then checks 600-word drafts, each carrying a
60-word passage of an archived document, in this process (p50/p95 of ``check``) and as whole
``reuse check`` commands (start-up included). Prints one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from newslike import make_newslike

from reuse.archive import check, index_add, settings
from reuse.models import Document
from reuse.store import ArchiveStore

DRAFT_WORDS = 600


def drafts(archive: list[Document], count: int, seed: int = 99) -> list[tuple[Document, str]]:
    """``count`` drafts of 600 words of fresh text, each with 60 words copied from an archived document."""
    rng = np.random.default_rng(seed)
    fresh = " ".join(make_newslike(count * 4, seed=seed, reuse_rate=0.0).texts).split()
    out = []
    for k in range(count):
        source = archive[int(rng.integers(len(archive)))]
        words = source.text.split()
        at = int(rng.integers(0, max(1, len(words) - 60)))
        own = fresh[k * (DRAFT_WORDS - 60) : (k + 1) * (DRAFT_WORDS - 60)]
        text = " ".join(own[:200] + words[at : at + 60] + own[200:])
        out.append((Document(f"draft-{k}", text), source.id))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("documents", type=int)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--drafts", type=int, default=40)
    args = parser.parse_args()
    path = args.index or Path(tempfile.mkdtemp()) / "archive.db"
    corpus = make_newslike(args.documents, seed=1)
    archive = [Document(f"n{k:06}", t) for k, t in enumerate(corpus.texts)]
    megabytes = sum(len(t.encode("utf-8")) for t in corpus.texts) / 1e6
    figures: dict[str, object] = {"documents": args.documents, "megabytes": round(megabytes, 1)}
    if not path.exists():
        store = ArchiveStore.connect(path, settings(), create=True)
        started = time.perf_counter()
        index_add(store, archive)
        seconds = time.perf_counter() - started
        figures |= {
            "build_s": round(seconds, 1),
            "docs_per_s": round(args.documents / seconds),
            "mb_per_s": round(megabytes / seconds, 2),
        }
        store.close()
    store = ArchiveStore.connect(path)
    info = store.info()
    figures |= {
        "bytes_per_doc": round(info["bytes_on_disk"] / info["documents"]),
        "postings": info["postings"],
    }
    checks = drafts(archive, args.drafts)
    latency, found, looked_up = [], 0, []
    check([checks[0][0]], store, workers=1)  # warm: page cache, numba
    for draft, source in checks:
        started = time.perf_counter()
        result = check([draft], store, workers=1)
        latency.append(time.perf_counter() - started)
        found += any(source in f.docs for f in result.findings)
        looked_up.append(result.figures["looked_up"])
    figures |= {
        "check_p50_ms": round(float(np.percentile(latency, 50)) * 1000, 1),
        "check_p95_ms": round(float(np.percentile(latency, 95)) * 1000, 1),
        "drafts_found": f"{found}/{len(checks)}",
        "looked_up_median": float(np.median(looked_up)),
    }
    draft_file = path.with_name("draft.txt")
    draft_file.write_text(checks[0][0].text, encoding="utf-8")
    command = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            ["reuse", "check", str(draft_file), "--index", str(path), "-f", "json", "-q"],
            check=False,
            capture_output=True,
            env=os.environ,
        )
        command.append(time.perf_counter() - started)
    figures["command_s_median"] = round(float(np.median(command)), 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
