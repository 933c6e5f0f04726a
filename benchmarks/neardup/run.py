"""Near-duplicate groups: quality of ``reuse scan`` and ``reuse dedup``, the threshold, recall, scale.

Run from the repository root::

    python benchmarks/neardup/run.py                  # 3,000 real-text docs + 10,000 docs: quality, scale
    python benchmarks/neardup/run.py --large          # also 100,000 documents (dedup only; ~3 min)
    python benchmarks/neardup/run.py --write          # also write benchmarks/neardup/RESULTS.md

Sets come from ``benchmarks/refiled.py`` (cached under ``$TMPDIR/reuse-refiled``). Every command
runs in its own process, as a user runs it (``reuse scan`` / ``reuse dedup`` on the set's
``docs.jsonl``, all cores), so wall time and peak memory are its own; groups are scored with the
library's :func:`reuse.groupscore.evaluate_groups`.

* **quality**: pairwise precision, recall, F1 and ARI of both commands; whether they give the same
  groups; how many hard-negative pairs ended up in one group (must be 0);
* **threshold**: the containment of every true version pair and of every hard negative the scan
  aligned, and the scan's scores if the threshold were 0.5-0.95 (groups rebuilt from the pairs of a
  scan at 0.5: a pair's containment does not depend on the threshold);
* **short versions**: the share of (article, cut version) pairs the document sketch proposes, by
  how much of the article the version keeps, on real articles in a collection of 2,000;
* **scale**: ``reuse dedup`` time and peak memory at 10,000 (and 100,000) documents.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))

from refiled import _Origins, _real_articles, make_refiled, render  # noqa: E402

from reuse.align import align_pair  # noqa: E402
from reuse.docsketch import DedupConfig, candidate_documents, document_sketches  # noqa: E402
from reuse.groupscore import score_groups  # noqa: E402
from reuse.models import AlignParams, Overlap  # noqa: E402
from reuse.neardup import groups, overlap  # noqa: E402
from reuse.prepare import prepare_batch  # noqa: E402

CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "reuse-refiled"
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
RATIOS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 0.9)

_RUN = (
    "import resource, sys; from reuse_cli.main import app\n"
    "try:\n    app(sys.argv[1:], prog_name='reuse')\nexcept SystemExit as e:\n    code = e.code\n"
    "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
    "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
    "print(f'RSS {me} {kids}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def generated(documents: int, seed: int, source: str = "auto") -> Path:
    """The set's folder, generated once and cached."""
    folder = CACHE / f"{source}-{documents}-{seed}"
    if not (folder / "groups.jsonl").exists():
        made = make_refiled(documents, seed=seed, source=source)
        made.write(folder)
        (folder / "made.json").write_text(
            json.dumps({"real_articles": made.real_articles, "synthetic_articles": made.synthetic_articles})
        )
    return folder


def _overlap(pair: dict[str, Any]) -> Overlap:
    """A report pair's overlap, from its word counts and shares (rounded to 4 places, as reported)."""
    a, b = pair["a_words"], pair["b_words"]
    return Overlap(a, b, round(pair["a_in_b"] * a), round(pair["b_in_a"] * b))


def run(command: str, folder: Path, out: Path, *options: str) -> dict[str, Any]:
    """``reuse COMMAND docs.jsonl`` in a child process: wall time, peak RSS, stage timings."""
    args = [command, str(folder / "docs.jsonl"), "-f", "json", "-o", str(out), "--timings", *options]
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"reuse {command} failed:\n{proc.stderr}")
    rss = next(line.split()[1:] for line in proc.stderr.splitlines() if line.startswith("RSS "))
    stages = [line.removeprefix("reuse: ") for line in proc.stderr.splitlines() if " s, " in line]
    return {"wall_s": wall, "rss_mb": int(rss[0]), "worker_rss_mb": int(rss[1]), "stages": stages[:1]}


def truth(folder: Path) -> tuple[list[list[str]], list[dict[str, str]], list[dict[str, str]], list[str]]:
    def rows(name: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines() if line]

    with open(folder / "docs.jsonl", encoding="utf-8") as handle:
        ids = [json.loads(line)["id"] for line in handle]
    return [r["docs"] for r in rows("groups.jsonl")], rows("negatives.jsonl"), rows("versions.jsonl"), ids


def scores_of(
    found: list[list[str]], true: list[list[str]], ids: list[str], negatives: list[dict[str, str]]
) -> dict[str, Any]:
    s = score_groups(found, true, ids)
    group_of = {d: k for k, g in enumerate(found) for d in g}
    merged = sum(1 for n in negatives if n["a"] in group_of and group_of[n["a"]] == group_of.get(n["b"]))
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "ari": s.ari,
        "negatives_grouped": merged,
    }


def quality(folder: Path, *, scan: bool = True) -> dict[str, Any]:
    """Both commands on one set, the threshold sweep and the containment distributions."""
    true, negatives, versions, ids = truth(folder)
    out: dict[str, Any] = {"set": folder.name, "documents": len(ids), "groups": len(true)}
    out |= json.loads((folder / "made.json").read_text())
    dedup = run("dedup", folder, folder / "dedup.json")
    dedup_report = json.loads((folder / "dedup.json").read_text(encoding="utf-8"))
    dedup_groups = [g["docs"] for g in dedup_report["groups"]]
    out["dedup"] = dedup | scores_of(dedup_groups, true, ids, negatives)
    if not scan:
        return out
    scanned = run("scan", folder, folder / "scan.json")
    scan_groups = [
        f["docs"]
        for f in json.loads((folder / "scan.json").read_text(encoding="utf-8"))["findings"]
        if f["kind"] == "near-duplicate"
    ]
    out["scan"] = scanned | scores_of(scan_groups, true, ids, negatives)
    out["same_groups"] = sorted(map(sorted, scan_groups)) == sorted(map(sorted, dedup_groups))
    # The sweep: the pairs a scan at 0.5 aligned, grouped at each threshold. It skips pairs joined at
    # 0.5 already, so at higher thresholds it may miss pairs a scan at that threshold would check:
    # its recall there is a lower bound.
    run("scan", folder, folder / "scan-0.5.json", "--min-containment", "0.5")
    report = json.loads((folder / "scan-0.5.json").read_text(encoding="utf-8"))
    pairs = [p for f in report["findings"] if f["kind"] == "near-duplicate" for p in f["pairs"]]
    index = {d: k for k, d in enumerate(ids)}

    def groups_at(t: float) -> list[list[str]]:
        held = [(index[p["a"]], index[p["b"]], _overlap(p)) for p in pairs if p["containment"] >= t]
        return [[ids[k] for k in g] for g in groups(held, t)]

    out["sweep"] = {str(t): scores_of(groups_at(t), true, ids, negatives) for t in THRESHOLDS}
    by_edit: dict[str, list[float]] = defaultdict(list)
    exact = exact_containment(folder, [(v["parent"], v["child"]) for v in versions])
    for v, value in zip(versions, exact, strict=True):
        by_edit["all versions"].append(value)
        for edit in v["edits"].split("+"):
            by_edit[edit].append(value)
    hard: dict[str, list[float]] = defaultdict(list)
    exact = exact_containment(folder, [(n["a"], n["b"]) for n in negatives])
    for n, value in zip(negatives, exact, strict=True):
        hard[n["kind"]].append(value)
    out["versions"] = {k: _spread(v) for k, v in sorted(by_edit.items())}
    out["negatives"] = {k: _spread(v) for k, v in sorted(hard.items())}
    return out


def _spread(values: list[float]) -> dict[str, float]:
    a = np.asarray(values)
    return {
        "n": int(a.size),
        "min": float(a.min()),
        "p1": float(np.percentile(a, 1)),
        "median": float(np.median(a)),
        "max": float(a.max()),
    }


def short_versions(seed: int = 11, articles: int = 2000) -> dict[str, Any]:
    """Candidate recall of (article, first part of it) pairs, by the share of words kept.

    For the default sketch (bands of one row) and for bands of two rows, as a comparison.
    """
    rng = np.random.default_rng(seed)
    corpus = ((ROOT.parent / "shared" / "datasets" / "araplagdet-dev" / "corpus", "ar"),)
    real, _ = _real_articles(rng, corpus, _Origins())
    bases = [render(a) for _, _, a in real[:articles]]
    out: dict[str, Any] = {"articles": len(bases)}
    for ratio in RATIOS:
        texts = list(bases)
        for text in bases[: len(bases) // 2]:
            words = text.split()
            kept = words[: max(20, int(len(words) * ratio))]
            for at in rng.choice(len(kept), max(1, len(kept) // 100), replace=False).tolist():
                kept[at] = "تغيير"  # about 1% of the kept words changed
            texts.append(" ".join(kept))
        prepared = prepare_batch(texts)
        wanted = [(k, len(bases) + k) for k in range(len(bases) // 2)]
        for rows in (1, 2):
            config = DedupConfig(rows=rows)
            signatures, sizes = document_sketches(prepared, config)
            found = {tuple(p) for p in candidate_documents(signatures, sizes, config).pairs.tolist()}
            out[f"{rows}:{ratio}"] = sum(p in found for p in wanted) / len(wanted)
    return out


def exact_containment(folder: Path, pairs: list[tuple[str, str]]) -> list[float]:
    """The containment of each pair, aligned directly (the definition, whatever the threshold)."""
    texts = {}
    needed = {d for pair in pairs for d in pair}
    with open(folder / "docs.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in needed:
                texts[row["id"]] = row["text"]
    ids = sorted(texts)
    prepared = dict(zip(ids, prepare_batch([texts[d] for d in ids]), strict=True))
    return [_containment(prepared[a], prepared[b]) for a, b in pairs]


def _containment(a: Any, b: Any) -> float:
    return overlap(len(a.tokens), len(b.tokens), align_pair(a, b, AlignParams())).containment


def real_reuse() -> dict[str, Any]:
    """Containment of every labelled suspicious x source pair of araplagdet-dev: reuse, mostly partial."""
    dataset = ROOT.parent / "shared" / "datasets" / "araplagdet-dev"
    pairs = [
        json.loads(line)
        for line in (dataset / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]
    names = sorted({p[side] for p in pairs for side in ("a", "b")})
    texts = [(dataset / "corpus" / n).read_text(encoding="utf-8-sig") for n in names]
    prepared = dict(zip(names, prepare_batch(texts), strict=True))
    values = [_containment(prepared[p["a"]], prepared[p["b"]]) for p in pairs]
    return {
        "spread": _spread(values),
        "at": {str(t): float(np.mean(np.asarray(values) >= t)) for t in THRESHOLDS},
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Near-duplicate groups: measured results",
        "",
        f"Generated by `python benchmarks/neardup/run.py{' --large' if results.get('large') else ''} "
        f"--write` on {results['date']} ({results['machine']}); wall time is that of the whole command "
        "on a machine shared with other work, reading the JSONL included.",
        "",
        "## Quality (pairwise, against the generator's truth)",
        "",
        "| set | documents | real / drawn articles | command | precision | recall | F1 | ARI "
        "| hard negatives grouped | same groups as scan | wall | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for q in results["quality"]:
        for command in ("scan", "dedup"):
            if command not in q:
                continue
            r = q[command]
            same = (
                ""
                if command == "scan"
                else ("yes" if q.get("same_groups") else ("no" if "same_groups" in q else "-"))
            )
            lines.append(
                f"| {q['set']} | {q['documents']:,} | {q['real_articles']:,} / {q['synthetic_articles']:,} "
                f"| {command} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | {r['ari']:.4f} "
                f"| {r['negatives_grouped']} | {same} | {r['wall_s']:.1f} s "
                f"| {max(r['rss_mb'], r['worker_rss_mb']):,} MB |"
            )
    lines += ["", "Stage times (from `--timings`):", ""]
    for q in results["quality"]:
        for command in ("scan", "dedup"):
            if command in q:
                lines.append(f"- {q['set']}, {command}: {'; '.join(q[command]['stages'])}")
    first = results["quality"][0]
    if "sweep" in first:
        lines += [
            "",
            f"## The threshold (scan, set {first['set']})",
            "",
            "Containment of the shorter document, each pair aligned directly:",
            "",
            "| pairs | n | min | 1st percentile | median | max |",
            "|---|---|---|---|---|---|",
        ]
        for label, table in (("version of", first["versions"]), ("hard negative:", first["negatives"])):
            for name, s in table.items():
                lines.append(
                    f"| {label} {name} | {s['n']:,} | {s['min']:.3f} | {s['p1']:.3f} "
                    f"| {s['median']:.3f} | {s['max']:.3f} |"
                )
        if "real" in results:
            real = results["real"]["spread"]
            lines.append(
                f"| araplagdet-dev suspicious x source pairs (real reuse) | {real['n']:,} "
                f"| {real['min']:.3f} | {real['p1']:.3f} | {real['median']:.3f} | {real['max']:.3f} |"
            )
        lines += ["", "Share of the araplagdet-dev pairs at or over each threshold: "]
        if "real" in results:
            lines[-1] += ", ".join(f"{t}: {v:.3f}" for t, v in results["real"]["at"].items())
        lines += [
            "",
            "The scan's groups if the threshold were another: the pairs a scan at 0.5 aligned, grouped at "
            "each threshold (pairs it skipped as joined at 0.5 are missing above it, so recall there is a "
            "lower bound):",
            "",
        ]
        lines += [
            "| threshold | precision | recall | ARI | hard negatives grouped |",
            "|---|---|---|---|---|",
        ]
        for t, s in first["sweep"].items():
            lines.append(
                f"| {t} | {s['precision']:.4f} | {s['recall']:.4f} | {s['ari']:.4f} "
                f"| {s['negatives_grouped']} |"
            )
    if "short" in results:
        short = results["short"]
        lines += [
            "",
            "## Short versions: candidate recall of the document sketch "
            f"({short['articles']:,} real articles)",
            "",
            "Half the articles get a version that keeps only their first part (about 1% of its words "
            "changed); the share of those pairs the sketch proposes (then estimated containment >= "
            f"{DedupConfig().min_estimate}):",
            "",
            "| share of the article kept | " + " | ".join(str(r) for r in RATIOS) + " |",
            "|---|" + "---|" * len(RATIOS),
            "| 128 bands of 1 row (default) | " + " | ".join(f"{short[f'1:{r}']:.3f}" for r in RATIOS) + " |",
            "| 64 bands of 2 rows | " + " | ".join(f"{short[f'2:{r}']:.3f}" for r in RATIOS) + " |",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--large", action="store_true", help="also 100,000 documents (dedup only)")
    parser.add_argument("--write", action="store_true", help="write benchmarks/neardup/RESULTS.md")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "large": args.large,
        "quality": [quality(generated(3000, 5, "real")), quality(generated(10000, 2))],
    }
    if args.large:
        results["quality"].append(quality(generated(100000, 3), scan=False))
    results["short"] = short_versions()
    results["real"] = real_reuse()
    print(json.dumps(results, indent=1), file=sys.stderr)
    text = markdown(results)
    print(text)
    if args.write:
        (HERE / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
