from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

from reuse import Document, scan
from reuse.models import DuplicateIdError


def test_scan_refuses_documents_sharing_an_id() -> None:
    text = "The quick brown fox jumps over the lazy dog near the river bank today"
    docs = [Document("a", text), Document("b", "unrelated words here"), Document("a", text + " again")]
    with pytest.raises(ValueError, match=r"^duplicate document id 'a': ") as caught:
        scan(docs, workers=1)
    assert isinstance(caught.value, DuplicateIdError)
    assert caught.value.doc_id == "a"


def test_configs_pickle_for_other_drivers() -> None:
    # Drivers that ship stages to other processes (workers, Spark executors) pickle the configs.
    import pickle

    from reuse.models import AlignParams, CandidateParams, SketchConfig

    for config in (SketchConfig(), CandidateParams(min_jaccard=0.2), AlignParams(min_words=10)):
        assert pickle.loads(pickle.dumps(config)) == config


def test_a_small_scan_does_not_load_numba() -> None:
    """Loading numba costs about half a second; seven short texts are done sooner with numpy."""
    if importlib.util.find_spec("numba") is None:
        pytest.skip("numba is not installed: every scan runs the numpy kernels")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reuse import Document, scan\n"
        "from reuse.align import NUMPY_STEPS, steps\n"
        f"paths = sorted(Path({str(FIXTURES)!r}).glob('*.txt'))\n"
        "found = scan([Document(p.name, p.read_text('utf-8-sig')) for p in paths]).findings\n"
        "print(len(found), 'numba' in sys.modules)\n"
        "print(steps(words=10**6) is not NUMPY_STEPS, 'numba' in sys.modules)\n"  # big work: compiled
    )
    env = {k: v for k, v in os.environ.items() if k != "REUSE_KERNEL"}
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    small, big = (line.split() for line in run.stdout.splitlines())
    assert int(small[0]) > 0
    assert small[1] == "False"
    assert big == ["True", "True"]


def test_a_job_confined_to_some_cores_spreads_over_those_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``taskset`` or a scheduler's cpuset the machine's core count would oversubscribe."""
    from reuse.cpus import usable_cpus

    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {2, 5}, raising=False)
    assert usable_cpus() == 2
    monkeypatch.delattr(os, "sched_getaffinity")  # macOS, Windows
    assert usable_cpus() == 64


def test_the_same_documents_in_another_order_give_the_same_findings_groups_and_figures() -> None:
    """Which window stands for a bucket, which pairs a capped document keeps and which side of a
    pair is "a" followed the input order: a collection listed backwards gave 136 findings for 135,
    other groups (araplagdet-dev, a walk: recall 0.972 in one order, 0.946 in the other). The stages
    take the documents in id order; the report still lists them as given."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from newslike import make_newslike, make_shared_passage

    plain = make_newslike(150, seed=14).texts
    wire = make_shared_passage(60, 8, seed=14).texts
    docs = [Document(f"n{k:05d}", t) for k, t in enumerate(plain)]
    docs += [Document(f"w{k:05d}", t) for k, t in enumerate(wire)]
    forward, backward = scan(docs, workers=1), scan(docs[::-1], workers=1)
    assert any(f.kind == "cluster" for f in forward.findings)
    assert backward.findings == forward.findings
    assert backward.groups == forward.groups
    assert backward.figures == forward.figures
    assert [d.id for d in backward.documents] == [d.id for d in docs[::-1]]
    assert backward.word_counts == forward.word_counts[::-1]


def test_every_stage_reports_progress_in_order() -> None:
    """A bar was drawn for reading and aligning only: a scan of 40,000 documents spent 58 of 95 s
    in stages that showed nothing (prepare, candidates, findings, near-duplicates)."""
    calls: list[tuple[str, int, int]] = []
    docs = [Document(str(k), f"text number {k} with a few words of its own") for k in range(20)]
    scan(docs, progress=lambda stage, done, total: calls.append((stage, done, total)), workers=1)
    started = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert started == ["prepare", "candidates", "align", "findings", "near-duplicates"]
    for stage in started:
        last = [c for c in calls if c[0] == stage][-1]
        assert last[1] == last[2]  # each ends done


def test_a_library_callers_mistakes_are_named_and_a_generator_is_read_once() -> None:
    """A walker's notebook: ``scan(d for d in docs)`` gave no findings (the id check spent the
    generator), and a list of strings, a dict of settings or ``workers=-1`` failed deep in a stage or
    not at all."""
    copied = "The quick brown fox jumps over the lazy dog near the river bank today"
    docs = [Document("a", "One two three. " + copied), Document("b", copied + ", they said.")]
    assert scan(d for d in docs).findings == scan(docs).findings != ()
    with pytest.raises(TypeError, match=r"documents\[0\] is a str"):
        scan(["a text", "another"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"params must be a AlignParams \(got dict\)"):
        scan(docs, params={"min_words": 5})  # type: ignore[arg-type]
    for workers in (0, -1, "2"):
        with pytest.raises(ValueError, match="workers is a number of processes"):
            scan(docs, workers=workers)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes two strings; got id int, text str"):
        Document(1, "x")  # type: ignore[arg-type]
