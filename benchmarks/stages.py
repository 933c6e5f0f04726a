"""The hashing core as benchmark stages, and the usual datasketch way of doing the same job.

Our stages, each a pure function of the previous one's output, over a whole batch of texts at once
(a fixed number of numpy calls per batch, none per document or per shingle):

* ``tokenise``: raw texts → normalised code points and word tokens;
* ``shingle_hash``: tokens → 32-bit hashes of word n-grams;
* ``minhash``: shingle hashes → ``(documents, 128)`` signatures;
* ``band``: signatures → ``(documents, bands)`` 64-bit LSH band keys.

:func:`pipeline` is :func:`reuse.shingle.text_shingles` (the first two stages) followed by the third.
The datasketch baselines get the *same* shingles as strings, already built and UTF-8 encoded (which
flatters them: building the strings is not timed), and hash them with datasketch's default SHA-1.

>>> batch = tokenise(["The cat sat.", "قال الوزير"])
>>> hashes, bounds = shingle_hash(batch, ngram=2)
>>> bounds.tolist()
[0, 2, 3]
>>> shingle_strings(["The cat sat.", "قال الوزير"], ngram=2)
[['the cat', 'cat sat'], ['قال الوزير']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from reuse.candidates import band_keys
from reuse.normalize import code_points, normalize, normalize_code_points
from reuse.shingle import ngram_hashes_batch, text_shingles, to_uint32, token_hashes
from reuse.sketch import permutations, segment_minhash
from reuse.tokenize import Tokens, tokenize_code_points

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
NGRAM = 3
BANDS = 32

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Tokenised:
    """Normalised code points of a batch of texts, their tokens, and each text's first token."""

    cps: U32
    tokens: Tokens
    bounds: I64


def tokenise(texts: Sequence[str]) -> Tokenised:
    """Normalise and tokenise a batch of texts (as :func:`reuse.shingle.text_shingles` does)."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64) + 1
    cps, at = normalize_code_points(code_points("\n".join(texts)), np.cumsum(lengths) - lengths)
    tokens = tokenize_code_points(cps)
    return Tokenised(cps, tokens, np.append(np.searchsorted(tokens.starts, at), np.int64(len(tokens))))


def shingle_hash(batch: Tokenised, ngram: int = NGRAM) -> tuple[U32, I64]:
    """32-bit hashes of each text's word n-grams, concatenated, and each text's bounds."""
    grams, bounds = ngram_hashes_batch(token_hashes(batch.cps, batch.tokens), batch.bounds, ngram)
    return to_uint32(grams), bounds


def minhash(hashes: U32, bounds: I64) -> U32:
    """One MinHash signature per text, all in one call."""
    a, b = permutations(NUM_PERM, SEED)
    return segment_minhash(hashes, bounds[:-1], bounds[1:], a, b)


def band(sigs: U32) -> npt.NDArray[np.uint64]:
    """LSH band keys of every signature."""
    return band_keys(sigs, BANDS)


def pipeline(texts: Sequence[str], ngram: int = NGRAM) -> U32:
    """Raw text → MinHash signatures, end to end."""
    return minhash(*text_shingles(texts, ngram))


def per_text(hashes: U32, bounds: I64) -> list[U32]:
    """The concatenated shingle hashes split back into one array per text."""
    return [hashes[bounds[d] : bounds[d + 1]] for d in range(bounds.size - 1)]


def shingle_strings(texts: Sequence[str], ngram: int = NGRAM) -> list[list[str]]:
    """The same n-gram shingles as strings (a text shorter than ``ngram`` words is one shingle)."""
    out: list[list[str]] = []
    for raw in texts:
        text = normalize(raw).text
        words = tokenize_code_points(code_points(text)).words(text)
        if not words:
            out.append([])
            continue
        width = min(ngram, len(words))
        out.append([" ".join(words[i : i + width]) for i in range(len(words) - width + 1)])
    return out


def datasketch_update(shingles: Sequence[Sequence[bytes]]) -> list[MinHash]:
    """The way users write it: one ``MinHash.update`` call per shingle (default SHA-1 hash)."""
    out = []
    for doc in shingles:
        m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        for shingle in doc:
            m.update(shingle)
        out.append(m)
    return out


def datasketch_update_batch(shingles: Sequence[Sequence[bytes]]) -> list[MinHash]:
    """datasketch's vectorised path: one ``update_batch`` call per document."""
    out = []
    for doc in shingles:
        m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        m.update_batch(doc)
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
