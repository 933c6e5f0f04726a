"""Benchmark corpora, a session-wide store of timings, and the same-run ratio table.

Every benchmark records its best (minimum) round time here through :func:`record`; at the end of
the session the ratios between stages measured *in this run* are printed, added to
``--benchmark-json`` output, and written as Markdown to ``$REUSE_BENCH_RESULTS`` when that is set.
No test asserts a wall-clock time.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from corpus import make_corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_CORPUS = ROOT.parent / "shared" / "datasets" / "araplagdet-dev" / "corpus"
SHARED_FILES = 60  # first files (by name) of the shared corpus: datasketch's per-shingle loop is slow


@dataclass(frozen=True)
class TextSet:
    """A named list of raw texts and its size in MB of UTF-8."""

    name: str
    texts: tuple[str, ...]
    megabytes: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "megabytes", sum(len(t.encode("utf-8")) for t in self.texts) / 1e6)


def _synthetic(name: str, arabic_share: float, seed: int) -> TextSet:
    return TextSet(name, make_corpus(300, seed=seed, arabic_share=arabic_share).texts)


def _shared() -> TextSet:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"{SHARED_CORPUS} is absent")
    files = sorted(SHARED_CORPUS.glob("*.txt"))[:SHARED_FILES]
    texts = []
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            texts.append(handle.read())
    return TextSet("araplagdet-dev", tuple(texts))


CORPORA = ["synthetic-en", "synthetic-ar", "araplagdet-dev"]
_CACHE: dict[str, TextSet] = {}


@pytest.fixture(scope="session", params=CORPORA)
def text_set(request: pytest.FixtureRequest) -> TextSet:
    """Each benchmark corpus in turn (the shared one is skipped when absent)."""
    name: str = request.param
    if name not in _CACHE:
        if name == "synthetic-en":
            _CACHE[name] = _synthetic(name, 0.0, seed=1)
        elif name == "synthetic-ar":
            _CACHE[name] = _synthetic(name, 1.0, seed=2)
        else:
            _CACHE[name] = _shared()
    return _CACHE[name]


# (corpus, stage) -> measurements; filled by record(), read by the summary hooks.
TIMINGS: dict[tuple[str, str], dict[str, float]] = {}


def record(
    benchmark: Any, corpus: str, stage: str, *, megabytes: float, shingles: int, **extra: float
) -> None:
    """Store the benchmark's best round and put throughputs in its ``extra_info``."""
    stats = getattr(benchmark, "stats", None)
    if stats is None:  # --benchmark-disable: the function ran once, untimed
        return
    best = float(stats.stats.min)
    info = {
        "seconds_min": best,
        "seconds_median": float(stats.stats.median),
        "mb": megabytes,
        "shingles": float(shingles),
        "mb_per_s": megabytes / best,
        "shingles_per_s": shingles / best,
        **extra,
    }
    benchmark.extra_info.update(info)
    TIMINGS[(corpus, stage)] = info


def _ratio(corpus: str, slow: str, fast: str) -> float | None:
    a, b = TIMINGS.get((corpus, slow)), TIMINGS.get((corpus, fast))
    return a["seconds_min"] / b["seconds_min"] if a and b else None


def ratios() -> dict[str, dict[str, float | None]]:
    """Same-run speed-ups of our pipeline over the datasketch baselines (and of batches), per corpus."""
    corpora = sorted({c for c, stage in TIMINGS if stage == "ours-end-to-end"})
    return {
        c: {
            "vs_update": _ratio(c, "datasketch-update", "ours-end-to-end"),
            "vs_update_batch": _ratio(c, "datasketch-update_batch", "ours-end-to-end"),
            "tokenize_vs_regex": _ratio(c, "tokenise-regex", "tokenise-vectorised"),
            "prepare_batch_vs_one_by_one": _ratio(c, "prepare-one-by-one", "stage-1-prepare"),
        }
        for c in corpora
    } | {
        "kernel": {
            f"lanes-{lanes}_vs_update_batch": _ratio(
                "kernel", "datasketch-update_batch-hashes", f"minhash-kernel-lanes-{lanes}"
            )
            for lanes in (8, 64)
        }
    }


def scan_ratio() -> float | None:
    """How many times faster the whole scan ran than datasketch's sketching of the same windows."""
    return _ratio("araplagdet-dev-full", "datasketch-reference", "scan")


def _machine() -> dict[str, str]:
    def run(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False).stdout
        except OSError:
            return ""

    model = next(
        (line.split(":", 1)[1].strip() for line in run("lscpu").splitlines() if "Model name" in line), ""
    )
    return {
        "date": datetime.date.today().isoformat(),
        "commit": run("git", "rev-parse", "--short", "HEAD").strip(),
        "cpu": model or platform.processor(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
    }


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}{unit}"
    return f"{value:.3g}{unit}"


def markdown(timer: str = "") -> str:
    """The results as Markdown tables."""
    machine = _machine()
    lines = [
        f"Date {machine['date']}, commit `{machine['commit']}`, CPU {machine['cpu']} "
        f"({machine['cores']} cores visible; every figure is one core), Python {machine['python']}"
        + (f", timer `{timer}`" if timer else "")
        + ". Best of the rounds.",
        "",
        "| corpus | stage | MB | shingles | best s | MB/s | shingles/s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (corpus, stage), t in sorted(TIMINGS.items()):
        if corpus.startswith(("scale", "html")) or corpus in (
            "kernel",
            "araplagdet-dev-full",
            "shared-passage",
        ):
            continue
        lines.append(
            f"| {corpus} | {stage} | {t['mb']:.2f} | {t['shingles']:,.0f} | {t['seconds_min']:.4f} "
            f"| {_fmt(t['mb_per_s'])} | {_fmt(t['shingles_per_s'])} |"
        )
    lines += [
        "",
        "| corpus | end-to-end vs update | vs update_batch | vectorised vs regex tokenizer "
        "| prepare batch vs one by one |",
        "|---|---:|---:|---:|---:|",
    ]
    for corpus, r in ratios().items():
        if corpus != "kernel":
            lines.append(
                f"| {corpus} | {_fmt(r['vs_update'], '×')} | {_fmt(r['vs_update_batch'], '×')} "
                f"| {_fmt(r['tokenize_vs_regex'], '×')} | {_fmt(r['prepare_batch_vs_one_by_one'], '×')} |"
            )
    kernel = sorted((stage, t) for (c, stage), t in TIMINGS.items() if c == "kernel")
    if kernel:
        lines += [
            "",
            "| kernel: 2 M random 32-bit hashes, 128 permutations | best s | M shingles × 128 perms / s |",
            "|---|---:|---:|",
        ]
        for stage, t in kernel:
            lines.append(f"| {stage} | {t['seconds_min']:.4f} | {t['shingles_per_s'] / 1e6:.2f} |")
        for name, speedup in ratios()["kernel"].items():
            lines.append(f"| speed-up {name} | | {_fmt(speedup, '×')} |")
    full = {stage: t for (c, stage), t in TIMINGS.items() if c == "araplagdet-dev-full"}
    if full:
        lines += [
            "",
            "| araplagdet-dev, whole collection | wall s |",
            "|---|---:|",
        ]
        for stage, t in sorted(full.items()):
            lines.append(f"| {stage} | {t['seconds_min']:.2f} |")
        lines.append(f"| scan speed-up over the datasketch reference job | {_fmt(scan_ratio(), '×')} |")
    shared = {stage: t for (c, stage), t in TIMINGS.items() if c == "shared-passage"}
    if shared:
        lines += [
            "",
            "| 400 news-like documents, one 120-word passage in k | best s | aligned pairs | findings |",
            "|---|---:|---:|---:|",
        ]
        for stage, t in sorted(shared.items(), key=lambda item: int(item[0][2:])):
            lines.append(
                f"| {stage} | {t['seconds_min']:.2f} | {t['candidate_pairs']:,.0f} | {t['findings']:,.0f} |"
            )
        ratio = _ratio("shared-passage", "k=200", "k=50")
        lines.append(f"| time k=200 / k=50 (all pairs: 16×) | {_fmt(ratio, '×')} | | |")
    scale = sorted(
        (t for (c, _), t in TIMINGS.items() if c.startswith("scale")), key=lambda t: t["documents"]
    )
    if scale:
        lines += [
            "",
            "| documents | MB | words | prepare s | candidates s | align s | wall s | CPU s | s per 1k docs "
            "| colliding pairs | aligned pairs | with findings | peak RSS MB (workers) | planted recall |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for t in scale:
            lines.append(
                f"| {t['documents']:,.0f} | {t['mb']:.1f} | {t['words']:,.0f} | {t['prepare_s']:.2f} "
                f"| {t['candidates_s']:.2f} | {t['align_s']:.2f} | {t['wall_s']:.2f} | {t['cpu_s']:.2f} "
                f"| {1000 * t['wall_s'] / t['documents']:.3f} | {t['colliding_pairs']:,.0f} "
                f"| {t['candidate_pairs']:,.0f} | {t['pairs_with_findings']:,.0f} "
                f"| {t['peak_rss_mb']:,.0f} ({t['peak_worker_rss_mb']:,.0f}) | {t['recall']:.3f} |"
            )
    html = [(c, stage, t) for (c, stage), t in TIMINGS.items() if c.startswith("html")]
    if html:
        lines += ["", "| HTML pages (35-45 KB, 350-450 words) | stage | pages | s | pages/s |"]
        lines += ["|---|---|---:|---:|---:|"]
        for corpus, stage, t in html:
            row = f"| {corpus} | {stage} | {t['pages']:,.0f} | {t['seconds_min']:.2f} "
            lines.append(row + f"| {t['pages_per_s']:,.0f} |")
    return "\n".join(lines) + "\n"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TIMINGS:
        return
    timer = str(terminalreporter.config.getoption("benchmark_timer", default="") or "")
    text = markdown(timer)
    terminalreporter.write_sep("=", "reuse benchmark results (ratios from this run)")
    terminalreporter.write_line(text)
    target = os.environ.get("REUSE_BENCH_RESULTS")
    if target:
        Path(target).write_text(text, encoding="utf-8")
        terminalreporter.write_line(f"written to {target}")


def pytest_benchmark_update_json(config: Any, benchmarks: Any, output_json: dict[str, Any]) -> None:
    output_json["reuse_ratios"] = ratios() | {"scan_vs_datasketch_reference": scan_ratio()}
