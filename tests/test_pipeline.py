from __future__ import annotations

import pytest

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
