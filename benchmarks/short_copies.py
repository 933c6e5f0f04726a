"""How short a copy the candidate stage still meets: planted recall by copy length and window size.

    python benchmarks/short_copies.py                       # 4,000 documents; 12-, 20- and 60-word copies
    python benchmarks/short_copies.py --window 12 --stride 4

Beyond ``exhaustive_up_to`` documents, document pairs come from LSH over passage windows; a copy that
fills little of a window rarely makes its window pair collide. Each run plants copies of one length
in news-like documents (:func:`newslike.make_newslike`, one copy in a tenth of them) and prints, per
length, the share found (:func:`scale.planted_recall`) and the document pairs aligned.
"""

from __future__ import annotations

import argparse
import json

import newslike
from scale import planted_recall

from reuse.models import Document, SketchConfig
from reuse.pipeline import scan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=4000)
    parser.add_argument("--words", type=int, nargs="+", default=[12, 20, 60], help="copy lengths")
    parser.add_argument("--window", type=int, default=SketchConfig().window)
    parser.add_argument("--stride", type=int, default=SketchConfig().stride)
    args = parser.parse_args()
    config = SketchConfig(window=args.window, stride=args.stride)
    for words in args.words:
        newslike.PASSAGE_WORDS = words
        corpus = newslike.make_newslike(args.documents, seed=0)
        docs = [Document(str(k), text) for k, text in enumerate(corpus.texts)]
        result = scan(docs, config=config)
        found = planted_recall(corpus.planted, result.findings)
        row = {"copy_words": words, "window": args.window, "stride": args.stride, "recall": round(found, 4)}
        print(json.dumps(row | {"pairs_aligned": result.figures["candidate_pairs"]}))


if __name__ == "__main__":
    main()
