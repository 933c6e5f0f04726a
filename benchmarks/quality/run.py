"""Detection quality on the shared labelled corpora: PAN measures per obfuscation, wall time, peak RSS.

Run from the repository root::

    python benchmarks/quality/run.py            # print the table
    python benchmarks/quality/run.py --write    # also write benchmarks/quality/RESULTS.md

Each corpus is scanned by ``reuse scan`` in its own process (default options, all cores), so wall time
and peak memory are that scan's alone, then scored with ``reuse evaluate``. Corpora missing from
``../shared/datasets`` are skipped with a note.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "datasets"
CORPORA = ("libya-news", "pan13-dev", "araplagdet-dev")
COLUMNS = ("corpus", "group", "cases", "detections", "precision", "recall", "granularity", "plagdet")


def scan(corpus: Path, out: Path) -> tuple[float, float]:
    """Scan in a child process; return its wall time (s) and peak RSS (MB)."""
    code = (
        "import resource, sys; from reuse_cli.main import app\n"
        "try:\n    app(sys.argv[1:], prog_name='reuse')\nexcept SystemExit as e:\n    code = e.code\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "scan",
            str(corpus),
            "--format",
            "json",
            "--output",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"scan of {corpus} failed: {proc.stderr.strip()}")
    # Workers are forked children: their peak is not in the parent's figure, so take the larger.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, max(float(proc.stderr.strip().splitlines()[-1]), children)


def evaluate(report: Path, truth: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "reuse_cli",
            "evaluate",
            str(report),
            "--truth",
            str(truth),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[dict[str, object]] = json.loads(proc.stdout)["rows"]
    return rows


RESULTS = Path(__file__).parent / "RESULTS.md"


def commit_label(root: Path, *, output: str = "benchmarks/quality/RESULTS.md") -> str:
    """The commit the results come from: ``HEAD``, with ``-dirty`` when the tree has other changes.

    Uncommitted or untracked files change what runs, so results from such a tree must not name the
    commit as if they were its own. ``output`` (this script's RESULTS.md) does not count.
    """

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout

    commit = git("rev-parse", "--short", "HEAD").strip()
    changes = git("status", "--porcelain", "--", ".", f":(exclude){output}")
    return f"{commit}-dirty" if changes.strip() else commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write benchmarks/quality/RESULTS.md")
    args = parser.parse_args()
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    timing = ["| corpus | documents | wall time (s) | peak RSS (MB) |", "|---|---|---|---|"]
    for name in CORPORA:
        corpus = SHARED / name / "corpus"
        if not corpus.is_dir():
            print(f"skipped {name}: {corpus} is absent", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            wall, rss = scan(corpus, report)
            rows = evaluate(report, SHARED / name / "ground_truth.jsonl")
        timing.append(f"| {name} | {len(list(corpus.glob('*.txt')))} | {wall:.1f} | {rss:.0f} |")
        for row in rows:
            cells = [name, row["group"], row["cases"], row["detections"]]
            cells += [f"{float(row[k]):.3f}" for k in ("precision", "recall", "granularity", "plagdet")]  # type: ignore[arg-type]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    table = "\n".join(lines) + "\n\n" + "\n".join(timing) + "\n"
    print(table)
    if args.write:
        commit = commit_label(ROOT)
        header = (
            "# Detection quality\n\n"
            f"`python benchmarks/quality/run.py --write` on {datetime.date.today()}, commit {commit}, "
            f"{platform.processor() or platform.machine()} with {os.cpu_count()} cores, default options.\n"
            "PAN measures (`reuse evaluate`), suspicious x source pairs;"
            " pan13-dev scores only its listed pairs.\n\n"
        )
        RESULTS.write_text(header + table, encoding="utf-8")


if __name__ == "__main__":
    main()
