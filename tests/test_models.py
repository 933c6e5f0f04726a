"""Configs: validated when built, recorded whole in every report, and versioned with the text rules."""

from __future__ import annotations

import hashlib
import importlib
import unicodedata
from dataclasses import fields, replace
from typing import Any

import numpy as np
import pytest
from conftest import FIXTURES, read_text

from reuse import Document, scan, to_report
from reuse.models import (
    NORMALIZATION_VERSION,
    PREPARATION_VERSION,
    AlignParams,
    CandidateParams,
    SketchConfig,
)
from reuse.normalize import normalize
from reuse.pipeline import candidate_doc_pairs
from reuse.prepare import SPELLING_VARIANTS, prepare
from reuse.stopwords import stopword_lists, stopwords


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="defaults"),
        pytest.param({"num_perm": 8, "bands": 4, "window": 4, "stride": 2}, id="small"),
        pytest.param({"coarse_stride": 0, "coarse_window": 0}, id="coarse-off"),
        pytest.param({"window": 9, "stride": 3, "ngram": 3}, id="ngrams"),
    ],
)
def test_sketch_config(changes: dict[str, Any]) -> None:
    config = SketchConfig(**changes)
    assert config.rows * config.bands == config.num_perm


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"window": 20, "stride": 8}, r"window \(20\) must be a multiple of stride \(8\)", id="ragged"
        ),
        pytest.param({"num_perm": 100, "bands": 32}, "num_perm .* multiple of bands", id="bands"),
        pytest.param({"coarse_window": 100}, "coarse_window .* multiple of coarse_stride", id="coarse"),
        pytest.param({"num_perm": 0}, "num_perm must be more than 0", id="no-perm"),
        pytest.param({"stride": 0}, "stride must be more than 0", id="zero-stride"),
        pytest.param({"bands": -4}, "bands must be more than 0", id="negative-bands"),
        pytest.param({"ngram": 0}, "ngram must be more than 0", id="no-ngram"),
        pytest.param({"window": 2.5}, r"window must be a whole number \(got 2.5\)", id="not-an-int"),
        pytest.param({"seed": True}, "seed must be a whole number", id="bool"),
        pytest.param({"scheme": "legacy"}, "unsupported MinHash scheme 'legacy'", id="scheme"),
        pytest.param({"normalization": "reuse-norm/0"}, "normalization 'reuse-norm/0' is not", id="norm"),
        pytest.param({"preparation": "reuse-prep/0"}, "preparation 'reuse-prep/0' is not", id="prep"),
    ],
)
def test_sketch_config_invalid(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SketchConfig(**changes)


def test_candidate_params() -> None:
    assert CandidateParams(exhaustive_up_to=0, max_bucket=1, min_jaccard=0.0).max_bucket == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"max_bucket": 0}, "max_bucket must be more than 0", id="no-bucket"),
        pytest.param({"exhaustive_up_to": -1}, "exhaustive_up_to must be 0 or more", id="exhaustive"),
        pytest.param({"min_jaccard": 1.5}, "min_jaccard must be between 0 and 1", id="jaccard"),
    ],
)
def test_candidate_params_invalid(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CandidateParams(**changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"threshold": 1.5}, r"threshold must be between 0 and 1 \(got 1.5\)", id="threshold"),
        pytest.param({"long_threshold": -0.1}, "long_threshold must be between 0 and 1", id="long"),
        pytest.param({"short_threshold": 2}, "short_threshold must be between 0 and 1", id="short"),
        pytest.param({"copy_similarity": 1.01}, "copy_similarity must be between 0 and 1", id="copy"),
        pytest.param({"min_words": 0}, "min_words must be more than 0", id="min-words"),
        pytest.param({"gap": 0}, "gap must be more than 0", id="gap"),
        pytest.param({"max_word_pairs": -1}, "max_word_pairs must be more than 0", id="pairs"),
        pytest.param({"min_neighbours": -1}, "min_neighbours must be 0 or more", id="neighbours"),
        pytest.param({"indel_cost": -1.0}, "indel_cost must be 0 or more", id="indel"),
        pytest.param({"boilerplate_docs": 0}, "boilerplate_docs must be more than 0", id="boilerplate"),
        pytest.param({"min_cluster_words": 0}, "min_cluster_words must be more than 0", id="cluster"),
    ],
)
def test_align_params_invalid(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AlignParams(**changes)


def test_every_setting_that_changes_a_finding_is_in_the_report() -> None:
    parameters = to_report(scan([Document("a", "one two three four")], workers=1))["parameters"]
    assert parameters["sketch"] == {f.name: getattr(SketchConfig(), f.name) for f in fields(SketchConfig)}
    assert parameters["align"] == {f.name: getattr(AlignParams(), f.name) for f in fields(AlignParams)}
    candidates = {f.name: getattr(CandidateParams(), f.name) for f in fields(CandidateParams)}
    assert parameters["candidates"] == candidates
    # The settings issue 11 found missing, and the text rules' versions.
    assert {"exhaustive_up_to", "max_bucket"} <= parameters["candidates"].keys()
    assert {"normalization", "preparation"} <= parameters["sketch"].keys()
    named = {"boilerplate_docs", "boilerplate_words", "min_cluster_words", "substitution_cost", "indel_cost"}
    assert named <= parameters["align"].keys()


@pytest.mark.parametrize(
    "module", ["reuse.align", "reuse.candidates", "reuse.dots", "reuse.pipeline", "reuse.spans"]
)
def test_no_setting_hides_in_a_module_constant(module: str) -> None:
    """Numbers that steer matching live in SketchConfig or AlignParams, where the report records them."""
    names = vars(importlib.import_module(module))
    hidden = [
        name
        for name, value in names.items()
        if name.isupper() and not name.startswith("_") and isinstance(value, int | float)
    ]
    assert hidden == []


def _corpus(copies: int, shared: str, seed: int = 0) -> list[Document]:
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{k}x" for k in range(5000)]

    def words(n: int) -> str:
        return " ".join(vocabulary[k] for k in rng.integers(0, len(vocabulary), n))

    return [Document(f"d{k}", f"{words(40)} {shared} {words(40)}") for k in range(copies)]


def test_each_recorded_setting_takes_effect() -> None:
    passage = " ".join(f"p{k}q" for k in range(12))
    three = _corpus(3, passage)
    # boilerplate: a 12-word passage in three documents is one flagged cluster, unless three is not "many"
    (template,) = scan(three, workers=1).findings
    assert (template.kind, template.boilerplate, template.docs) == ("cluster", True, ("d0", "d1", "d2"))
    assert len(scan(three, params=AlignParams(boilerplate_docs=4), workers=1).findings) == 3
    assert (
        len(scan(three, params=AlignParams(boilerplate_words=10, boilerplate_docs=4), workers=1).findings)
        == 3
    )
    # min_cluster_words: no cluster of the passage's 12 distinct words reaches 13
    kept = AlignParams(boilerplate_docs=4)
    assert (
        scan(three, params=kept, workers=1).findings
        != scan(three, params=replace(kept, min_cluster_words=13), workers=1).findings
    )
    # exhaustive_up_to and max_bucket: 20 documents sharing one long passage
    twenty = [prepare(d.text) for d in _corpus(20, " ".join(f"s{k}t" for k in range(60)))]
    every_pair = 20 * 19 // 2
    config = SketchConfig()
    assert len(candidate_doc_pairs(twenty, config, CandidateParams(exhaustive_up_to=20)).pairs) == every_pair
    # through LSH: buckets of the passage's windows hold all 20 documents, so without a star every
    # pair, and with one (more than star_from documents) each window with its representative only
    assert len(candidate_doc_pairs(twenty, config, CandidateParams(star_from=20)).pairs) == every_pair
    assert len(candidate_doc_pairs(twenty, config).pairs) < every_pair
    # past max_bucket documents: skipped
    assert len(candidate_doc_pairs(twenty, config, CandidateParams(max_bucket=2)).pairs) < every_pair


def test_gap_costs_take_effect() -> None:
    # A copy with 3 of 4 words swapped stays one chain at the default costs, and breaks when swaps cost more.
    source = " ".join(f"a{k}b" for k in range(60))
    copy = " ".join(f"a{k}b" if k % 4 == 0 else f"z{k}y" for k in range(60))
    docs = [Document("a", source), Document("b", copy)]
    loose = AlignParams(threshold=0.2, long_threshold=0.2, short_threshold=0.2)
    strict = AlignParams(threshold=0.2, long_threshold=0.2, short_threshold=0.2, substitution_cost=3.0)
    assert scan(docs, params=loose, workers=1).findings != scan(docs, params=strict, workers=1).findings


# --------------------------------------------------------------------------------------------- versions

# Fingerprints of the text rules at each version. A failure here means the rules changed: bump
# NORMALIZATION_VERSION or PREPARATION_VERSION (reuse.models) and add the new fingerprint. Words
# are prepared from normalised text, so preparation's fingerprint is of both versions.
NORMALIZATION_FINGERPRINTS = {
    "reuse-norm/1": "f3d30357a2ecd00a",
    "reuse-norm/2": "96ed21e758258836",
    "reuse-norm/3": "7edb3c3b87090932",
}
PREPARATION_FINGERPRINTS = {
    ("reuse-norm/1", "reuse-prep/1"): "4916b5e89b4b77c2",
    ("reuse-norm/1", "reuse-prep/2"): "1c0fa5a8d5c1cb24",
    ("reuse-norm/2", "reuse-prep/3"): "37730287b673bc52",
    ("reuse-norm/3", "reuse-prep/3"): "52c35ef6ba743737",
    ("reuse-norm/3", "reuse-prep/4"): "c9eef3c39f028b8a",
}

# Code points long assigned (so the sample is the same on every Python's Unicode database).
_RANGES = [(0x20, 0x7F), (0xA0, 0x250), (0x600, 0x61C), (0x61E, 0x700), (0xFB50, 0xFBB2), (0xFE76, 0xFEFD)]
SAMPLE = "".join(chr(c) for lo, hi in _RANGES for c in range(lo, hi) if unicodedata.category(chr(c)) != "Cn")
SAMPLE += "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff ٠١٢٣٤٥٦٧٨٩ ۰۱۲ ０１２ Ａß"
WORDS = (
    "وفي فقال بالمدينة للمدرسة كالبيت والكتاب فاز الله وبالتالي ولد فيه ال بال لل "
    "The minister's 2024 report, said: «peace» in the old harbour town"
)


def _digest(*arrays: np.ndarray[Any, Any]) -> str:
    h = hashlib.sha256()
    for array in arrays:
        h.update(np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes())
    return h.hexdigest()[:16]


def normalization_fingerprint() -> str:
    n = normalize(SAMPLE)
    # The values, whatever the arrays' integer width (offsets are int32 since they were int64).
    return _digest(
        np.frombuffer(n.text.encode("utf-32-le"), dtype=np.uint32),
        n.offsets.astype(np.int64),
        n.ends.astype(np.int64),
    )


def preparation_fingerprint() -> str:
    """Over a document of every document's stop words and one of each language's list (since
    ``reuse-prep/2``: each document sets its own language's function words aside)."""
    texts = [" ".join(sorted(stopwords()))] + [" ".join(sorted(words)) for words in stopword_lists().values()]
    docs = [prepare(text + " " + WORDS) for text in texts]
    # Since reuse-prep/4, also the spelling variants (earlier fingerprints were taken without them).
    docs.append(prepare(" ".join(word for pair in SPELLING_VARIANTS for word in pair)))
    return _digest(*(a for d in docs for a in (d.tokens.starts, d.tokens.ends, d.hashes, d.content)))


def test_normalization_rules_match_their_version() -> None:
    assert normalization_fingerprint() == NORMALIZATION_FINGERPRINTS[NORMALIZATION_VERSION]


def test_preparation_rules_match_their_version() -> None:
    assert preparation_fingerprint() == PREPARATION_FINGERPRINTS[NORMALIZATION_VERSION, PREPARATION_VERSION]


def test_fixture_scan_records_the_versions() -> None:
    docs = [Document(p.name, read_text(p)) for p in sorted(FIXTURES.glob("ar_*.txt"))]
    sketch = to_report(scan(docs, workers=1))["parameters"]["sketch"]
    assert (sketch["normalization"], sketch["preparation"]) == (NORMALIZATION_VERSION, PREPARATION_VERSION)
