"""A full default scan of N news-like documents, in a fresh process so its peak memory is its own.

``python benchmarks/scale.py 8000`` prints one JSON object: each stage's time and counts (as
``reuse scan --timings`` reports them), wall and CPU time, the peak resident set size of the process
and of its alignment workers, and the recall of the planted passages. Used by ``test_scaling.py`` and
``growth.py``.
"""

from __future__ import annotations

import itertools
import json
import resource
import sys
import time

from newslike import make_newslike

from reuse.models import Document
from reuse.pipeline import scan


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def planted_recall(corpus_planted: tuple, findings: tuple) -> float:  # type: ignore[type-arg]
    """Share of planted passages covered by a finding that joins their two documents.

    That is a reuse finding, or a cluster holding both places (a passage copied on from a copy is
    one cluster with the original, whichever pairs were aligned).
    """
    spans: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
    pairs = []
    for f in findings:
        if f.kind == "reuse":
            pairs.append((*f.docs, *f.occurrences))
        elif f.kind == "cluster":
            places = list(zip(f.docs, f.occurrences, strict=True))
            pairs += [(x, y, a, b) for (x, a), (y, b) in itertools.combinations(places, 2)]
    for x, y, a, b in pairs:
        spans.setdefault((x, y), []).append((a.start, a.end, b.start, b.end))
        spans.setdefault((y, x), []).append((b.start, b.end, a.start, a.end))
    found = 0
    for p in corpus_planted:
        for a0, a1, b0, b1 in spans.get((str(p.source), str(p.target)), []):
            if a0 < p.source_end and p.source_start < a1 and b0 < p.target_end and p.target_start < b1:
                found += 1
                break
    return found / max(1, len(corpus_planted))


def run(documents: int, seed: int = 0) -> dict[str, float]:
    """Generate the collection, scan it with default options and measure."""
    corpus = make_newslike(documents, seed=seed)
    docs = [Document(str(k), text) for k, text in enumerate(corpus.texts)]
    rss_corpus = _rss_mb(resource.RUSAGE_SELF)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    result = scan(docs)
    wall = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "documents": float(documents),
        "mb": corpus.megabytes,
        **{f"{stage}_s": seconds for stage, seconds in result.timings.items()},
        **{name: float(value) for name, value in result.figures.items()},
        "wall_s": wall,
        "cpu_s": time.process_time() - cpu0 + children.ru_utime + children.ru_stime,
        "planted": float(len(corpus.planted)),
        "recall": planted_recall(corpus.planted, result.findings),
        "rss_after_corpus_mb": rss_corpus,
        "peak_rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "peak_worker_rss_mb": children.ru_maxrss / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]))))
