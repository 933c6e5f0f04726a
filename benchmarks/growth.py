"""Growth of scan time and memory with the collection, from saved runs: the exponent and a plot.

Run the sizes, then plot (``pip install -e '.[bench]'`` for matplotlib)::

    REUSE_BENCH_GROWTH=1 REUSE_BENCH_LARGE=1 REUSE_BENCH_SCALING=benchmarks/results/scaling.jsonl \\
        pytest benchmarks/test_scaling.py --benchmark-only
    python benchmarks/growth.py benchmarks/results/scaling.jsonl --plot benchmarks/results/scaling.png

The exponent ``k`` in ``time ~ documents^k`` is the slope of log time over log documents between two
sizes (8k and 32k by default): 1 is linear, 2 is all pairs.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path


def load(path: Path) -> dict[int, dict[str, float]]:
    """The latest run of each size."""
    runs: dict[int, dict[str, float]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            run = json.loads(line)
            runs[int(run["documents"])] = run
    return dict(sorted(runs.items()))


def exponent(runs: dict[int, dict[str, float]], small: int, large: int, key: str = "wall_s") -> float:
    """Slope of log ``key`` over log documents between two sizes.

    >>> exponent({1000: {"wall_s": 2.0}, 4000: {"wall_s": 8.0}}, 1000, 4000)
    1.0
    """
    return math.log(runs[large][key] / runs[small][key]) / math.log(large / small)


def plot(runs: dict[int, dict[str, float]], target: Path) -> None:
    """Wall time and peak memory against documents, on log-log axes with a linear guide."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = list(runs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    wall = [runs[n]["wall_s"] for n in sizes]
    left.loglog(sizes, wall, "o-", label="reuse scan (wall, 2 cores)")
    left.loglog(sizes, [wall[0] * n / sizes[0] for n in sizes], ":", color="grey", label="linear")
    left.set(xlabel="documents", ylabel="seconds", title="Scan time")
    peak = [runs[n]["peak_rss_mb"] for n in sizes]
    right.loglog(sizes, peak, "o-", color="tab:red", label="peak RSS, main process")
    right.loglog(
        sizes,
        [runs[n]["peak_worker_rss_mb"] for n in sizes],
        "s--",
        color="tab:orange",
        label="peak RSS, one alignment worker",
    )
    right.set(xlabel="documents", ylabel="MB", title="Peak memory")
    for axis in (left, right):
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    fig.tight_layout()
    fig.savefig(target, dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, help="JSON lines written by test_scaling.py")
    parser.add_argument("--plot", type=Path, help="write the PNG here")
    parser.add_argument("--between", type=int, nargs=2, default=(8_000, 32_000))
    args = parser.parse_args()
    runs = load(args.runs)
    small, large = args.between
    if small in runs and large in runs:
        print(f"time exponent {small:,} -> {large:,} documents: {exponent(runs, small, large):.2f}")
        print(f"memory exponent: {exponent(runs, small, large, 'peak_rss_mb'):.2f}")
    for n, run in runs.items():
        print(
            f"{n:>8,} documents: {run['wall_s']:7.1f} s, {run['peak_rss_mb']:7,.0f} MB, "
            f"recall {run['recall']:.3f}"
        )
    if args.plot:
        plot(runs, args.plot)


if __name__ == "__main__":
    main()
