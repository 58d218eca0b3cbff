"""The NumPy NMF transform gives bit-for-bit scikit-learn's ``non_negative_factorization`` mixtures.

Inference skips importing scikit-learn (2.5 s a process) by repeating its coordinate descent in NumPy
(``pipeline.topics.nmf``); documents must not change by a single byte, so the mixtures are compared exactly,
on bags of real ChinaXiv abstracts (``tests/data/topics/abstracts.jsonl``, ChinaXiv, CC BY 4.0).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from pipeline.topics.nmf import NmfTransform
from pipeline.topics.store import NMF_MAX_ITER, load_model
from pipeline.topics.train import TrainConfig, nmf_transform, tfidf_rows
from pipeline.topics.vocabulary import select_words
from tests.test_topics_assign import model_dir  # noqa: F401  (the fixture: an NMF model trained on the abstracts)

DATA = Path(__file__).parent / "data" / "topics"
SHIPPED = Path(__file__).resolve().parents[1] / "models" / "topics"


def abstract_words() -> list[list[str]]:
    lines = (DATA / "abstracts.jsonl").read_text(encoding="utf-8").splitlines()
    return [select_words(json.loads(line)["words"].split()) for line in lines]


def scikit_learn_mixtures(model, bags: list[dict[int, int]]) -> np.ndarray:
    """The reference: tf-idf rows through scipy, then scikit-learn's transform (what inference used to run)."""
    rows = [r for r, bag in enumerate(bags) for _ in bag]
    cols = [i for bag in bags for i in sorted(bag)]
    vals = [float(bag[i]) for bag in bags for i in sorted(bag)]
    counts = sparse.csr_matrix((vals, (rows, cols)), shape=(len(bags), len(model.token2id)))
    return nmf_transform(tfidf_rows(counts, model.arrays["idf"]), model.arrays["components"],
                         TrainConfig(nmf_max_iter=NMF_MAX_ITER, nmf_beta_loss="frobenius"))


def paper_like_bags(model) -> list[list[dict[int, int]]]:
    """Groups of bags as a paper gives them: the whole text first, then its parts (here: abstracts in fours)."""
    bags = [model.bag(words) for words in abstract_words()]
    groups = []
    for start in range(0, len(bags), 4):
        parts = [b for b in bags[start:start + 4] if b]
        whole: dict[int, int] = {}
        for b in parts:
            for i, c in b.items():
                whole[i] = whole.get(i, 0) + c
        groups.append([whole, *parts])
    return groups


def test_topics_nmf_matches_scikit_learn_on_fixture_model(model_dir: Path) -> None:  # noqa: F811
    model = load_model(model_dir)
    assert model.nmf is not None
    groups = paper_like_bags(model)
    assert len(groups) == 12
    for bags in groups:
        ours = model.mixtures(bags)
        assert ours.tobytes() == scikit_learn_mixtures(model, bags).tobytes()
        assert np.allclose(ours.sum(axis=1), 1.0)


def test_topics_nmf_matches_scikit_learn_on_shipped_model() -> None:
    if not (SHIPPED / "topics.json").is_file():
        pytest.skip("no shipped topic model in models/topics")
    model = load_model(SHIPPED)
    for bags in paper_like_bags(model):
        assert model.mixtures(bags).tobytes() == scikit_learn_mixtures(model, bags).tobytes()


def test_topics_nmf_bag_without_words_gives_zero_row(model_dir: Path) -> None:  # noqa: F811
    model = load_model(model_dir)
    words = model.bag(abstract_words()[0])
    ours = model.nmf.mixtures([words, {}], max_iter=NMF_MAX_ITER)
    assert ours[1].tolist() == [0.0] * model.k
    assert ours.tobytes() == scikit_learn_mixtures(model, [words, {}]).tobytes()


def test_topics_nmf_stops_where_scikit_learn_stops() -> None:
    """Negative control: one iteration fewer is not the same result, so the exact comparison can fail."""
    transform = NmfTransform(np.array([[1.0, 0.5, 0.0], [0.0, 0.5, 1.0]]), np.ones(3))
    bags = [{0: 3, 1: 1}, {1: 2, 2: 1}]
    assert not np.array_equal(transform.mixtures(bags, max_iter=1), transform.mixtures(bags, max_iter=400))
