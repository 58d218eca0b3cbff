"""Cohen's kappa per label where two reviewers decided the same model tags."""

from __future__ import annotations

import pytest

from pipeline.review.agreement import Agreement, agreement_by_label, cohen_kappa
from pipeline.review.decision import decide
from pipeline.review.store import EventStore, fold_states
from review_helpers import PAPER_ID, fixed_clock, load_fixture, two_reviewer_store


def test_review_agreement_per_label_on_overlapping_tags(tmp_path):
    # Overlap t1..t5 (alice's t6 was undone, her added r1 is not shared). Final labels:
    #   alice: t1 -, t2 evidence, t3 recommendation, t4 evidence, t5 recommendation
    #   bob:   t1 recommendation, t2 evidence, t3 -, t4 -, t5 recommendation
    # recommendation: observed 3/5, chance .4*.4+.6*.6 = .52 -> kappa .08/.48
    # cited_evidence: observed 4/5, chance .4*.2+.6*.8 = .56 -> kappa .24/.44
    store, _ = two_reviewer_store(tmp_path)
    rows = agreement_by_label(fold_states(store.events()))
    assert rows == [
        Agreement(("alice", "bob"), "policy_recommendation", 5, 0.6, 0.166667),
        Agreement(("alice", "bob"), "cited_evidence", 5, 0.8, 0.545455),
    ]
    assert agreement_by_label(fold_states(store.events()), paper=PAPER_ID) == rows
    assert agreement_by_label(fold_states(store.events()), paper="0000000000000000") == []


def test_review_agreement_matches_sklearn():
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    a = ["是", "否", "是", "是", "否", "否", "是", "否"]
    b = ["是", "否", "否", "是", "否", "是", "是", "否"]
    assert cohen_kappa(a, b) == round(sklearn_metrics.cohen_kappa_score(a, b), 6) == 0.5


def test_review_agreement_negatives(tmp_path):
    assert cohen_kappa([], []) is None
    assert cohen_kappa([True, True], [True, True]) is None          # chance agreement 1: undefined, not 1.0
    assert cohen_kappa([True, False], [False, True]) == -1.0
    with pytest.raises(ValueError):
        cohen_kappa([True], [True, False])
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    decide(store, doc, reviewer="alice", tag_id="t1", decision="accept")
    decide(store, doc, reviewer="bob", tag_id="t2", decision="accept")
    decide(store, doc, reviewer="bob", tag_id="t1", decision="note", note="还没决定")   # a note is no decision
    assert agreement_by_label(fold_states(store.events())) == []                       # no overlap, no rows
