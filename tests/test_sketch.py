from __future__ import annotations

import subprocess
import sys

import numpy as np
import numpy.typing as npt
import pytest
from conftest import FIXTURES, ROOT, read_text
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

import reuse.sketch as sketch
from reuse.models import SketchConfig
from reuse.pipeline import window_shingles
from reuse.prepare import prepare
from reuse.shingle import ngram_hashes, to_uint32
from reuse.sketch import EMPTY, fmix32, permutations, segment_minhash, signatures, window_signatures

U32 = npt.NDArray[np.uint32]


def _identity(value: int) -> int:
    """A datasketch ``hashfunc`` that passes our 32-bit shingle hashes through unchanged."""
    return value


def datasketch_signature(values: U32, num_perm: int = 128, seed: int = 1) -> U32:
    """The reference: datasketch's own MinHash fed the same 32-bit hash values."""
    m = MinHash(num_perm=num_perm, seed=seed, scheme="affine32", hashfunc=_identity)
    m.update_batch(values.tolist())
    out: U32 = m.hashvalues
    return out


def brute_force(values: U32, num_perm: int = 128, seed: int = 1) -> U32:
    """A second reference: the (shingles × num_perm) matrix written out in full."""
    a, b = permutations(num_perm, seed)
    if values.size == 0:
        return np.full(num_perm, EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        permuted = fmix32(values.astype(np.uint32))[:, None] * a[None, :] + b[None, :]
    out: U32 = permuted.min(axis=0)
    return out


def random_hashes(size: int, seed: int = 0) -> U32:
    return np.random.default_rng(seed).integers(0, 1 << 32, size, dtype=np.uint32)


@pytest.mark.parametrize(("num_perm", "seed"), [(1, 1), (16, 7), (128, 1), (256, 42)])
def test_permutations_equal_datasketch(num_perm: int, seed: int) -> None:
    a, b = permutations(num_perm, seed)
    reference = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    assert a.dtype == b.dtype == np.uint32
    assert np.array_equal(a, reference[0])
    assert np.array_equal(b, reference[1])


def test_fmix32_equals_datasketch_premix() -> None:
    from datasketch.minhash import _fmix

    values = random_hashes(1000)
    assert np.array_equal(fmix32(values), _fmix(values, 32))


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(np.zeros(0, dtype=np.uint32), id="empty"),
        pytest.param(np.array([123456789], dtype=np.uint32), id="one-shingle"),
        pytest.param(np.array([0, 0xFFFFFFFF], dtype=np.uint32), id="extremes"),
        pytest.param(np.array([5, 5, 5, 9, 5], dtype=np.uint32), id="duplicates"),
        pytest.param(np.arange(1000, dtype=np.uint32), id="sequential"),
        pytest.param(random_hashes(7), id="random-7"),
        pytest.param(random_hashes(4099, seed=3), id="random-4099"),
    ],
)
def test_document_signature_equals_datasketch(values: U32) -> None:
    assert np.array_equal(signatures([values])[0], datasketch_signature(values))


@pytest.mark.parametrize(("num_perm", "seed"), [(1, 1), (16, 3), (200, 11)])
def test_other_num_perm_and_seed_equal_datasketch(num_perm: int, seed: int) -> None:
    values = random_hashes(300, seed=num_perm)
    got = signatures([values], num_perm=num_perm, seed=seed)[0]
    assert np.array_equal(got, datasketch_signature(values, num_perm, seed))


def test_many_documents_in_one_call_equal_datasketch_each() -> None:
    rng = np.random.default_rng(5)
    docs = [random_hashes(int(n), seed=k) for k, n in enumerate(rng.integers(0, 600, 40))]
    docs[3] = np.zeros(0, dtype=np.uint32)
    docs[4] = np.array([77], dtype=np.uint32)
    got = signatures(docs)
    assert got.shape == (40, 128)
    assert got.dtype == np.uint32
    for k, doc in enumerate(docs):
        assert np.array_equal(got[k], datasketch_signature(doc)), k


@pytest.mark.parametrize("lanes", [1, 3, 8, 64])
def test_segment_minhash_independent_of_lanes_and_overlaps(lanes: int) -> None:
    values = random_hashes(500, seed=9)
    starts = np.array([0, 10, 10, 499, 250, 300])
    ends = np.array([500, 11, 10, 500, 400, 260])  # 300:260 is empty
    a, b = permutations(128, 1)
    got = segment_minhash(values, starts, ends, a, b, lanes=lanes)
    for row, (s, e) in zip(got, zip(starts.tolist(), ends.tolist(), strict=True), strict=True):
        assert np.array_equal(row, brute_force(values[s : max(s, e)]))


def test_no_documents() -> None:
    assert signatures([]).shape == (0, 128)
    ws = window_signatures([], SketchConfig())
    assert ws.signatures.shape == (0, 128)
    assert ws.doc.size == 0


def _fixture_shingles(ngram: int) -> list[U32]:
    return [window_shingles(prepare(read_text(p)), ngram) for p in sorted(FIXTURES.glob("*.txt"))]


@pytest.mark.parametrize("ngram", [1, 3])
def test_real_text_signatures_equal_datasketch(ngram: int) -> None:
    docs = _fixture_shingles(ngram)
    assert sum(d.size for d in docs) > 100
    for doc, row in zip(docs, signatures(docs), strict=True):
        assert np.array_equal(row, datasketch_signature(doc))


def _check_windows(docs: list[U32], config: SketchConfig) -> None:
    ws = window_signatures(docs, config)
    assert ws.signatures.shape == (ws.doc.size, config.num_perm)
    for w in range(ws.doc.size):
        doc = docs[int(ws.doc[w])]
        window = doc[int(ws.start[w]) : int(ws.end[w])]
        assert window.size > 0
        assert np.array_equal(ws.signatures[w], brute_force(window, config.num_perm, config.seed)), w
    # Every non-empty document is covered from its first to its last shingle.
    for d, doc in enumerate(docs):
        mine = ws.doc == d
        assert mine.any() == (doc.size > 0)
        if doc.size:
            assert ws.start[mine][0] == 0
            assert ws.end[mine][-1] == doc.size


def test_real_text_windows_equal_datasketch() -> None:
    docs = _fixture_shingles(1)
    config = SketchConfig()
    ws = window_signatures(docs, config)
    for w in range(0, ws.doc.size, 5):
        window = docs[int(ws.doc[w])][int(ws.start[w]) : int(ws.end[w])]
        assert np.array_equal(ws.signatures[w], datasketch_signature(window))


@pytest.mark.parametrize(
    "lengths",
    [
        pytest.param([0, 1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 25, 100], id="edge-lengths"),
        pytest.param([0, 0, 5], id="mostly-empty"),
        pytest.param([24], id="one-window-exactly"),
        pytest.param([1000, 3, 997], id="long-and-short"),
    ],
)
def test_windows_equal_brute_force(lengths: list[int]) -> None:
    docs = [random_hashes(n, seed=n) for n in lengths]
    _check_windows(docs, SketchConfig(num_perm=32))


def test_windows_across_batches_and_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiny batches and chunks: documents split over many batches, runs over many chunks and tiles.
    monkeypatch.setattr(sketch, "_BATCH", 50)
    monkeypatch.setattr(sketch, "_CHUNK", 64)
    monkeypatch.setattr(sketch, "_TILE", 7)
    rng = np.random.default_rng(1)
    docs = [random_hashes(int(n), seed=k) for k, n in enumerate(rng.integers(0, 120, 25))]
    _check_windows(docs, SketchConfig(num_perm=16, window=12, stride=4, bands=4))


@pytest.mark.parametrize(("window", "stride"), [(24, 8), (8, 8), (9, 3), (16, 1)])
def test_window_shapes(window: int, stride: int) -> None:
    rng = np.random.default_rng(window + stride)
    docs = [random_hashes(int(n), seed=k) for k, n in enumerate(rng.integers(0, 80, 12))]
    _check_windows(docs, SketchConfig(num_perm=8, window=window, stride=stride, bands=4))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, (1 << 32) - 1), max_size=60), max_size=6))
def test_windows_property(raw: list[list[int]]) -> None:
    docs = [np.array(d, dtype=np.uint32) for d in raw]
    _check_windows(docs, SketchConfig(num_perm=8, window=12, stride=4, bands=4))


def test_ngram_shingles_feed_the_kernel() -> None:
    hashes = np.random.default_rng(0).integers(0, 1 << 63, 50, dtype=np.uint64)
    shingles = to_uint32(ngram_hashes(hashes, 3))
    assert np.array_equal(signatures([shingles])[0], datasketch_signature(shingles))


def test_compiled_kernel_equals_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The numba kernel (``fast`` extra) gives exactly the numpy kernel's signatures and windows."""
    from conftest import require

    from reuse.models import SketchConfig
    from reuse.sketch import compiled_kernel, permutations, segment_minhash, window_signatures

    require(compiled_kernel() is not None, "numba is not installed (pip install -e '.[fast]')")
    rng = np.random.default_rng(5)
    docs = [
        rng.integers(0, 2**32, int(n), dtype=np.uint64).astype(np.uint32) for n in rng.integers(0, 90, 40)
    ]
    hashes = np.concatenate(docs)
    starts = rng.integers(0, hashes.size, 50)
    ends = np.minimum(starts + rng.integers(0, 70, 50), hashes.size)
    a, b = permutations(128, 1)
    config = SketchConfig(window=24, stride=8)
    compiled_segments = segment_minhash(hashes, starts, ends, a, b)
    compiled_windows = window_signatures(docs, config)
    monkeypatch.setenv("REUSE_KERNEL", "numpy")
    assert compiled_kernel() is None
    assert np.array_equal(compiled_segments, segment_minhash(hashes, starts, ends, a, b))
    numpy_windows = window_signatures(docs, config)
    assert np.array_equal(compiled_windows.signatures, numpy_windows.signatures)
    assert np.array_equal(compiled_windows.start, numpy_windows.start)


def test_the_suite_runs_without_numba() -> None:
    """numba is the optional ``fast`` extra: with it missing, the doctests and sketch tests still pass.

    The child process hides numba, as if it were never installed (``.ci/run`` also runs the suite in
    an environment without it).
    """
    code = (
        "import sys; sys.modules['numba'] = None\n"
        "import pytest\n"
        "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', 'reuse', 'tests/test_sketch.py', '-k',"
        " 'not compiled_kernel_equals_numpy and not the_suite_runs_without_numba']))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
