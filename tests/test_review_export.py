"""Exports: reviewed tags as JSONL and CSV, Label Studio tasks, and the tagger's training JSONL."""

from __future__ import annotations

import json

import pytest

from pipeline.review.export import render
from pipeline.review.store import EventStore, ReviewError
from review_helpers import FIXED_TIME, PAPER_ID, fixed_clock, two_reviewer_store

C2 = "然而在促进产业集群发展的问题上 ,政府应扮演什么角色则一直是争论的焦点。"
C7 = ("据浙江省经贸委调查 ,2003 年 ,浙江全省工业总产值在 10亿元以上的制造业产业集群有 149个 ,工业总产值合计 1 万亿元 ,"
      "约占全省制造业总量的 50 % ,这些星罗棋布的产业群已经成为浙江开拓国际、国内市场的生产基地。")
C8 = "像绍兴的纺织企业 ,高达 20 %的企业处于停产或半停产状态。"
C9 = "有专家提议政府 ,不要迷信行政手段会比市场高明 ,不要乱开治理的药方。"
C11 = "Langendijk认为 ,政府应根据集群的不同发展模式选择相应的政策。"
MODEL_VERSION = "pipeline 0.1.0 cfg 0000000000000000"


def test_review_export_jsonl_rows(tmp_path):
    store, _ = two_reviewer_store(tmp_path)
    rows = [json.loads(line) for line in render(store.events(), "jsonl").splitlines()]
    short = [(r["sentence"], r["tag"], r["reviewer"], r["status"], r["label"], r["evidence_type"], r["actor"],
              r["strength"], r["note"], r["original_evidence_type"], r["start"], r["end"]) for r in rows]
    assert short == [
        ("c2", "t1", "alice", "rejected", "policy_recommendation", None, "政府", "should", None, None, 51, 87),
        ("c2", "t1", "bob", "accepted", "policy_recommendation", None, "政府", "should", None, None, 51, 87),
        ("c7", "t2", "alice", "accepted", "cited_evidence", "statistic", None, None, None, "statistic", 407, 522),
        ("c7", "t2", "bob", "accepted", "cited_evidence", "statistic", None, None, None, "statistic", 407, 522),
        ("c8", "r1", "alice", "added", "cited_evidence", "statistic", None, None, None, None, 522, 553),
        ("c9", "t3", "alice", "relabelled", "policy_recommendation", None, "专家", "must", None, None, 554, 589),
        ("c9", "t3", "bob", "rejected", "policy_recommendation", None, "政府", None, None, None, 554, 589),
        ("c11", "t4", "alice", "relabelled", "cited_evidence", "citation", None, None, None, "case", 606, 642),
        ("c11", "t4", "bob", "rejected", "cited_evidence", "case", None, None, None, "case", 606, 642),
        ("c11", "t5", "alice", "accepted", "policy_recommendation", None, "政府", "should", "转述 Langendijk 的观点",
         None, 606, 642),
        ("c11", "t5", "bob", "accepted", "policy_recommendation", None, "政府", "should", None, None, 606, 642),
    ]
    assert rows[4] == {
        "paper": PAPER_ID, "sentence": "c8", "tag": "r1", "reviewer": "alice", "status": "added",
        "label": "cited_evidence", "evidence_type": "statistic", "actor": None, "strength": None, "instrument": None,
        "note": None, "original_label": None, "original_evidence_type": None, "confidence": 1.0,
        "source": "review:alice", "text": C8, "start": 522, "end": 553, "time": FIXED_TIME,
        "model_version": MODEL_VERSION,
    }
    assert "t6" not in {r["tag"] for r in rows}                        # alice's undone accept is not exported


def test_review_export_csv(tmp_path):
    store, _ = two_reviewer_store(tmp_path)
    lines = render(store.events(), "csv").splitlines()
    assert lines[0] == ("paper,sentence,tag,reviewer,status,label,evidence_type,actor,strength,instrument,note,"
                        "original_label,original_evidence_type,confidence,source,text,start,end,time,model_version")
    assert len(lines) == 12
    assert lines[5] == (f"{PAPER_ID},c8,r1,alice,added,cited_evidence,statistic,,,,,,,1.0,review:alice,\"{C8}\","
                        f"522,553,{FIXED_TIME},{MODEL_VERSION}")
    assert lines[10] == (f"{PAPER_ID},c11,t5,alice,accepted,policy_recommendation,,政府,should,,转述 Langendijk 的观点,"
                         f"policy_recommendation,,0.66,rule:rec.modal_ying,\"{C11}\",606,642,{FIXED_TIME},"
                         f"{MODEL_VERSION}")


def _choices(values):
    return [{"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": values}}]


def test_review_export_labelstudio_tasks(tmp_path):
    store, _ = two_reviewer_store(tmp_path)
    tasks = json.loads(render(store.events(), "labelstudio"))
    summary = [(t["data"]["sentence"], t["data"]["reviewers"],
                [a["result"][0]["value"]["choices"] for a in t["annotations"]],
                t["predictions"][0]["result"][0]["value"]["choices"]) for t in tasks]
    assert summary == [
        ("c2", ["alice", "bob"], [[], ["recommendation"]], ["recommendation"]),
        ("c7", ["alice", "bob"], [["statistic"], ["statistic"]], ["statistic"]),
        ("c8", ["alice"], [["statistic"]], []),
        ("c9", ["alice", "bob"], [["recommendation"], []], ["recommendation"]),
        ("c11", ["alice", "bob"], [["citation", "recommendation"], ["recommendation"]], ["case", "recommendation"]),
    ]
    assert tasks[0] == {
        "data": {"text": C2, "paper": PAPER_ID, "sentence": "c2", "start": 51, "end": 87,
                 "reviewers": ["alice", "bob"]},
        "annotations": [{"result": _choices([])}, {"result": _choices(["recommendation"])}],
        "predictions": [{"model_version": MODEL_VERSION, "result": _choices(["recommendation"])}],
    }


TRAINING = [
    {"id": f"{PAPER_ID}:c2", "paper": PAPER_ID, "text": C2, "kind": "body", "sections": [],
     "policy_recommendation": True, "evidence": [], "actor": "政府", "strength": "should",
     "instrument": None},
    {"id": f"{PAPER_ID}:c7", "paper": PAPER_ID, "text": C7, "kind": "body", "sections": ["一、问题的题出"],
     "policy_recommendation": False, "evidence": ["statistic"], "actor": None, "strength": None, "instrument": None},
    {"id": f"{PAPER_ID}:c8", "paper": PAPER_ID, "text": C8, "kind": "body", "sections": ["一、问题的题出"],
     "policy_recommendation": False, "evidence": ["statistic"], "actor": None, "strength": None, "instrument": None},
    {"id": f"{PAPER_ID}:c9", "paper": PAPER_ID, "text": C9, "kind": "body", "sections": ["一、问题的题出"],
     "policy_recommendation": False, "evidence": [], "actor": None, "strength": None, "instrument": None},
    {"id": f"{PAPER_ID}:c11", "paper": PAPER_ID, "text": C11, "kind": "body",
     "sections": ["二、产业集群政策研究的文献回顾"],
     "policy_recommendation": True, "evidence": [], "actor": "政府", "strength": "should",
     "instrument": None},
]


def test_review_export_training_lines_latest_decision_wins(tmp_path):
    # bob decided after alice, so his decisions win: t1 accepted, t3 rejected, t4 rejected; c12 (t6 undone) and
    # untouched sentences are absent; c8 carries alice's added statistic.
    store, _ = two_reviewer_store(tmp_path)
    text = render(store.events(), "training")
    assert [json.loads(line) for line in text.splitlines()] == TRAINING
    assert text == render(store.events(), "training")                  # same log, same bytes


def test_review_export_training_is_read_by_the_tagger(tmp_path):
    dataset = pytest.importorskip("pipeline.tag.dataset")
    store, _ = two_reviewer_store(tmp_path)
    path = tmp_path / "train.jsonl"
    path.write_text(render(store.events(), "training"), encoding="utf-8")
    examples = dataset.read_examples(path)
    assert [(e.id.split(":")[1], e.recommendation, e.evidence, e.actor, e.strength) for e in examples] == [
        ("c2", True, (), "政府", "should"), ("c7", False, ("statistic",), None, None),
        ("c8", False, ("statistic",), None, None), ("c9", False, (), None, None), ("c11", True, (), "政府", "should"),
    ]


def test_review_export_empty_log_and_unknown_format(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    assert render(store.events(), "jsonl") == ""
    assert render(store.events(), "training") == ""
    assert render(store.events(), "labelstudio") == "[]\n"
    assert render(store.events(), "csv").count("\n") == 1
    with pytest.raises(ReviewError, match="unknown export format"):
        render(store.events(), "xml")
