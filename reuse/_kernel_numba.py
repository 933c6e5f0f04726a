"""The MinHash kernel compiled with numba: same values as the numpy kernel, one pass over memory.

numpy needs three passes per shingle and permutation (multiply, add, minimum); a compiled loop keeps
the 128 running minima in registers and reads each shingle once. Optional: installed with the
``fast`` extra; :mod:`reuse.sketch` falls back to numpy without it.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt


@numba.njit(cache=True, nogil=True)
def segment_minima(
    mixed: npt.NDArray[np.uint32],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    a: npt.NDArray[np.uint32],
    b: npt.NDArray[np.uint32],
    out: npt.NDArray[np.uint32],
) -> None:
    """``out[s, k] = min over i in [starts[s], ends[s]) of (a[k] * mixed[i] + b[k]) mod 2^32``.

    ``mixed`` holds fmix32 of the shingle hashes; rows of empty segments are left as they are.
    """
    num_perm = a.size
    minima = np.empty(num_perm, dtype=np.uint32)
    for s in range(starts.size):
        if ends[s] <= starts[s]:
            continue
        minima[:] = np.uint32(0xFFFFFFFF)
        for i in range(starts[s], ends[s]):
            h = mixed[i]
            for k in range(num_perm):
                # Truncating to 32 bits is the modulo 2^32; a branch-free min lets LLVM vectorise this
                # loop over permutations (a compare-and-store version runs 5x slower).
                minima[k] = min(minima[k], np.uint32(a[k] * h + b[k]))
        out[s, :] = minima
