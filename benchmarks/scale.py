"""The candidate stage on N synthetic news documents, in a fresh process so peak RSS is its own.

``python benchmarks/scale.py 10000`` prints one JSON object: stage times, sizes, the peak resident
set size of the whole process (corpus included) and the share of planted reuse pairs found.

The stage is what :func:`reuse.pipeline.candidate_doc_pairs` does: ``prepare`` every document, take
its window shingles, sign every window at each scale, band all windows of a scale at once. Documents
are prepared one at a
time and only their shingles are kept (the candidate stage needs nothing else).
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np
from corpus import make_corpus

from reuse.candidates import candidate_pairs
from reuse.models import SketchConfig
from reuse.pipeline import window_scales, window_shingles
from reuse.prepare import prepare
from reuse.sketch import window_signatures


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run(documents: int, seed: int = 0) -> dict[str, float]:
    """Generate the corpus, run and time the candidate stage, and measure recall of planted pairs."""
    corpus = make_corpus(documents, seed=seed, words=(350, 450))
    rss_corpus = _peak_rss_mb()
    config = SketchConfig()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    shingles = [window_shingles(prepare(text), config.ngram) for text in corpus.texts]
    t1 = time.perf_counter()
    signing = banding = 0.0
    window_count = 0
    found_pairs = []
    for scale in window_scales(config):  # as candidate_doc_pairs does
        s0 = time.perf_counter()
        windows = window_signatures(shingles, scale)
        s1 = time.perf_counter()
        pairs = candidate_pairs(windows.signatures, windows.doc, scale.bands)
        found_pairs.append(np.sort(windows.doc[pairs], axis=1))
        window_count += windows.doc.size
        del windows
        signing, banding = signing + s1 - s0, banding + time.perf_counter() - s1
    doc_pairs = np.unique(np.concatenate(found_pairs), axis=0)
    t2 = t1 + signing
    t3 = time.perf_counter()
    cpu = time.process_time() - cpu0
    found = {(int(a), int(b)) for a, b in doc_pairs}
    planted = {(min(p.source, p.target), max(p.source, p.target)) for p in corpus.planted}
    return {
        "documents": float(documents),
        "mb": corpus.megabytes,
        "shingles": float(sum(s.size for s in shingles)),
        "windows": float(window_count),
        "prepare_s": t1 - t0,
        "signatures_s": t2 - t1,
        "candidates_s": banding,
        "total_s": t3 - t0,
        "total_cpu_s": cpu,
        "candidate_doc_pairs": float(len(found)),
        "recall": len(planted & found) / max(1, len(planted)),
        "rss_after_corpus_mb": rss_corpus,
        "peak_rss_mb": _peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]))))
