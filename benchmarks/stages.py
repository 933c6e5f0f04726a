"""The scan's candidate path as benchmark stages, and the usual datasketch way of doing its hashing.

Our stages are the functions :func:`reuse.pipeline.scan` itself calls, each a pure function of the
previous one's output over a whole batch of documents:

* ``prepare``: raw texts → prepared documents (:func:`reuse.prepare.prepare_batch`: normalise with
  the offset map, tokenise, strip clitics, hash, mark stop words);
* ``shingle``: prepared documents → each one's window shingles (:func:`reuse.pipeline.window_shingles`);
* ``sign``: shingles → MinHash signatures of the passage windows at every window scale of the
  config (:func:`reuse.sketch.window_signatures`);
* ``band``: signatures → candidate window pairs (:func:`reuse.candidates.candidate_pairs`).

:func:`pipeline` is raw texts → candidate document pairs: ``prepare`` then
:func:`reuse.pipeline.candidate_doc_pairs`, the scan's first two stages. The datasketch baselines
sign the *same* windows: each window's shingles as strings (the content words' stems, the n-grams
joined by spaces), already built and UTF-8 encoded (which flatters them: building the strings is not
timed), hashed with datasketch's default SHA-1.

>>> texts = ["The cat sat on the mat today.", "قال الوزير إن المدرسة جديدة"]
>>> docs = prepare(texts)
>>> [s.size for s in shingle(docs)]
[4, 3]
>>> shingle_strings(texts, docs)
[['cat', 'sat', 'mat', 'today'], ['وزير', 'مدرسه', 'جديده']]
>>> [w.doc.tolist() for w in sign(shingle(docs))]
[[0, 1], [0, 1], [0, 1]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from reuse.candidates import candidate_pairs
from reuse.models import SketchConfig
from reuse.normalize import code_points, normalize
from reuse.pipeline import candidate_doc_pairs, window_scales, window_shingles
from reuse.prepare import PreparedDoc, prepare_batch
from reuse.sketch import WindowSignatures, window_signatures
from reuse.stem import strip_clitics
from reuse.tokenize import tokenize

CONFIG = SketchConfig()
NUM_PERM = CONFIG.num_perm
SEED = CONFIG.seed
SCHEME = CONFIG.scheme

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def prepare(texts: Sequence[str]) -> list[PreparedDoc]:
    """Normalise, tokenise and hash every text, batch by batch."""
    return prepare_batch(texts)


def shingle(prepared: Sequence[PreparedDoc]) -> list[U32]:
    """Each document's window shingles."""
    return [window_shingles(doc, CONFIG.ngram) for doc in prepared]


def sign(shingles: list[U32]) -> list[WindowSignatures]:
    """Window signatures at every window scale."""
    return [window_signatures(shingles, scale) for scale in window_scales(CONFIG)]


def band(windows: list[WindowSignatures]) -> list[I64]:
    """Candidate window pairs of every scale."""
    return [candidate_pairs(w.signatures, w.doc, CONFIG.bands) for w in windows]


def pipeline(texts: Sequence[str]) -> I64:
    """Raw text → candidate document pairs ``(n, 2)``, end to end (the scan before alignment)."""
    return candidate_doc_pairs(prepare_batch(texts), CONFIG).pairs


def shingle_strings(texts: Sequence[str], prepared: Sequence[PreparedDoc]) -> list[list[str]]:
    """Each document's window shingles as strings, in the same order as :func:`shingle`'s hashes.

    The words are normalised again from ``texts``: a prepared document keeps where its words are in
    the original, not the normalised text.
    """
    out: list[list[str]] = []
    for original, doc in zip(texts, prepared, strict=True):
        text = normalize(original).text
        stems = strip_clitics(code_points(text), tokenize(text)).words(text)
        words = [w for w, content in zip(stems, doc.content.tolist(), strict=True) if content]
        width = min(CONFIG.ngram, len(words))  # a text shorter than ngram words is one shingle
        out.append([" ".join(words[i : i + width]) for i in range(len(words) - width + 1)] if words else [])
    return out


def window_strings(strings: list[list[str]], windows: list[WindowSignatures]) -> list[list[bytes]]:
    """The encoded shingle strings of every window of every scale, in window order."""
    encoded = [[s.encode("utf-8") for s in doc] for doc in strings]
    return [
        encoded[d][s:e]
        for w in windows
        for d, s, e in zip(w.doc.tolist(), w.start.tolist(), w.end.tolist(), strict=True)
    ]


def datasketch_update(windows: Sequence[Sequence[bytes]]) -> list[MinHash]:
    """The way users write it: one ``MinHash.update`` call per shingle (default SHA-1 hash)."""
    out = []
    for window in windows:
        m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        for item in window:
            m.update(item)
        out.append(m)
    return out


def datasketch_update_batch(windows: Sequence[Sequence[bytes]]) -> list[MinHash]:
    """datasketch's vectorised path: one ``update_batch`` call per window."""
    out = []
    for window in windows:
        m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        m.update_batch(window)
        out.append(m)
    return out


def datasketch_minhash_of_hashes(values: list[int]) -> MinHash:
    """datasketch's ``update_batch`` on ready 32-bit hash values (an identity ``hashfunc``)."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int)
    m.update_batch(values)
    return m


def datasketch_reference(values: U32) -> U32:
    """datasketch fed *our* 32-bit shingle hashes: the signature ours must equal bit for bit."""
    out: U32 = datasketch_minhash_of_hashes(values.tolist()).hashvalues
    return out
