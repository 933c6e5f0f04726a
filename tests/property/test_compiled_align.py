"""The compiled aligner steps give exactly what the numpy ones give."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import require
from hypothesis import given, settings
from hypothesis import strategies as st

from reuse import align

pytestmark = pytest.mark.property
try:
    from reuse import _align_numba as compiled
except ImportError:  # numba is the optional fast extra; .ci/run's lean run deselects this module
    require(False, "numba is not installed (pip install -e '.[fast]')")

dots = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=80, unique=True)


def as_arrays(points: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    i, j = zip(*sorted(points), strict=True)  # word matches come ordered by i, then j
    return np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)


COSTS = {"substitution_cost": 0.5, "indel_cost": 1.0}  # AlignParams' defaults


@settings(max_examples=300, deadline=None)
@given(dots, st.integers(0, 30), st.booleans(), st.sampled_from([0.5, 0.25, 2.0]))
def test_tighten_equals_numpy(points: list[tuple[int, int]], shift: int, ordered: bool, swap: float) -> None:
    # A copy on a diagonal among chance dots: the cluster is a subset of all dots.
    points = sorted(set(points) | {(k, k + shift) for k in range(10, 10 + shift)})
    all_i, all_j = as_arrays(points)
    keep = (all_i >= 5) & (all_j <= 50)
    i, j = all_i[keep], all_j[keep]
    if i.size == 0:
        return
    words = int(np.unique(i).size)
    want = align.tighten(
        i, j, all_i, all_j, ordered=ordered, words=words, substitution_cost=swap, indel_cost=1.0
    )
    got = compiled.tighten(i, j, all_i, all_j, ordered, words, swap, 1.0)
    assert [x.tolist() for x in got] == [x.tolist() for x in want]


@settings(max_examples=300, deadline=None)
@given(dots)
def test_chain_steps_equal_numpy(points: list[tuple[int, int]]) -> None:
    i, j = as_arrays(points)
    chain = align.increasing_chain(i, j)
    assert compiled.increasing_chain(i, j).tolist() == chain.tolist()
    trimmed = align.trim_chain(i[chain], j[chain], **COSTS)
    got = compiled.trim_chain(i[chain], j[chain], *COSTS.values())
    assert [x.tolist() for x in got] == [x.tolist() for x in trimmed]
    snapped = align.snap_ends(*trimmed, i, j)
    assert [x.tolist() for x in compiled.snap_ends(*trimmed, i, j)] == [x.tolist() for x in snapped]


def test_align_pair_is_the_same_with_and_without_the_compiled_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import FIXTURES, read_text

    from reuse.models import AlignParams
    from reuse.prepare import prepare

    docs = [prepare(read_text(p)) for p in sorted(FIXTURES.glob("*.txt"))]
    jobs = [(x, y) for x in range(len(docs)) for y in range(x, len(docs))]

    def run() -> list[object]:
        return [align.align_pair(docs[x], docs[y], AlignParams(), same=x == y) for x, y in jobs]

    fast = run()
    monkeypatch.setenv("REUSE_KERNEL", "numpy")
    assert align.steps() is align.NUMPY_STEPS
    assert run() == fast


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 9), max_size=40), st.lists(st.integers(0, 9), max_size=40))
def test_similarity_equals_numpy(a: list[int], b: list[int]) -> None:
    x, y = np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64)
    assert compiled.similarity(x, y) == align.similarity(x, y)
