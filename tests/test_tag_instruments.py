"""The ``instrument`` attribute (Rothwell & Zegveld) on real recommendations (ChinaXiv dev papers, CC BY 4.0; rows of
tests/data/tags/labels.jsonl) against the instruments two annotators gave them (tests/data/tags/instruments.jsonl,
adjudicated; GUIDE "Instrument")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ModelMissing
from pipeline.tag import instrument, tag_text
from pipeline.tag.attributes import find_instrument, recommendation_attributes
from pipeline.tag.dataset import read_examples, read_instruments
from pipeline.tag.evaluate import instrument_accuracy
from pipeline.tag.training import train_instrument

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "tags"

CASES = [
    # (source row, sentence, labelled instrument)
    ("ChinaXiv-201606.00003V3:037", "(6)增强对学生、科研人员、图书馆员、数据管理员等相关人员的教育和培训，通过一定的课程教育[73]提高相关人员"
     "对开放获取的认可度。", "supply"),
    ("ChinaXiv-201703.00386V1:043", "（2）基于科技外交的考量，外籍院士遴选应注重全球布局。", "environment"),
    ("ChinaXiv-201706.00811V1:080", "优秀的智库研究成果应以多种传播手段、借助各类媒体平台进行推广和传播，探索智库发展与舆论传播的新形态。", "demand"),
    # 环境 here is the world around an organisation, no policy environment
    ("ChinaXiv-201606.00035V1:002", "政策部门的前瞻机制，除了人员的基础条件要求外，还需深刻认识环境不断变化，而在组织中必需将自己作为最为"
     "敏锐观察到变化趋势的一群工作小组成员。", None),
]


@pytest.mark.parametrize("source,text,instrument", CASES, ids=[c[0] for c in CASES])
def test_tag_instrument_of_real_recommendations(source, text, instrument):
    assert recommendation_attributes(text).instrument == instrument


def test_tag_instrument_keywords():
    assert find_instrument("对小微企业实行税收优惠") == "environment"
    assert find_instrument("建立政府向智库购买决策咨询服务的机制") == "demand"  # 购买 comes first
    assert find_instrument("加强生态环境监测") is None
    assert find_instrument(None) is None


def test_tag_instrument_keyword_rule_on_the_labelled_rows():
    examples = read_examples(DATA / "labels.jsonl")
    one, two = read_instruments(DATA / "instruments.jsonl", 1), read_instruments(DATA / "instruments.jsonl", 2)
    assert (len(one), len(two)) == (400, 300) and not set(one) & set(two)
    assert all(e.recommendation for e in examples if e.id in one or e.id in two)
    # benchmarks/eval_instruments.py: round 1 0.522 with session 9's keywords, 0.58 now (tuned on half of it);
    # round 2, labelled afterwards: 0.52 with either keyword list
    assert instrument_accuracy(examples, one)["correct"] == 232
    assert instrument_accuracy(examples, two)["correct"] == 156


MODEL_CASES = [
    # (source row, sentence, labelled instrument, keyword rule's answer): the shipped model gets them right
    ("ChinaXiv-201704.00221V1:007", "作为世界第二大经济体以及拥有成功发展经验的大国，我国应该为经济全球化改革发展提供中国方案。",
     None, "environment"),
    ("ChinaXiv-201702.00136V1:028", "应吸取香港解决中低收入居民住房问题的经验，实行“居者有屋住”，而不是“居者有其屋”。",
     "environment", None),
    ("ChinaXiv-201606.00003V3:037", "(6)增强对学生、科研人员、图书馆员、数据管理员等相关人员的教育和培训，通过一定的课程教育[73]提高相关人员"
     "对开放获取的认可度。", "supply", "supply"),
]


@pytest.mark.parametrize("source,text,instrument,rule", MODEL_CASES, ids=[c[0] for c in MODEL_CASES])
def test_tag_instrument_model_of_real_recommendations(source, text, instrument, rule):
    assert recommendation_attributes(text).instrument == rule  # no model_dir: the keyword rule
    assert recommendation_attributes(text, model_dir="").instrument == instrument  # models/tagger/instrument.json


def test_tag_instrument_stage_reads_the_model():
    tags = [t for t in tag_text(MODEL_CASES[0][1]) if t.label == "policy_recommendation"]
    assert [t.attributes.instrument for t in tags] == [None]


def test_tag_instrument_model_is_reproduced_by_training(tmp_path):
    n = train_instrument(DATA / "labels.jsonl", DATA / "instruments.jsonl", tmp_path)
    assert n == 700
    assert (tmp_path / "instrument.json").read_bytes() == (REPO / "models" / "tagger" / "instrument.json").read_bytes()


def test_tag_instrument_without_a_model_file_the_rule_decides_and_a_stale_one_is_refused(tmp_path):
    text = MODEL_CASES[0][1]
    assert recommendation_attributes(text, model_dir=str(tmp_path)).instrument == "environment"  # no instrument.json
    doc = json.loads((REPO / "models" / "tagger" / "instrument.json").read_text(encoding="utf-8"))
    doc["keywords_sha256"] = "0" * 64  # trained with another keyword list
    (tmp_path / "instrument.json").write_text(json.dumps(doc), encoding="utf-8")
    instrument.load.cache_clear()
    with pytest.raises(ModelMissing, match="other keywords"):
        recommendation_attributes(text, model_dir=str(tmp_path))
    instrument.load.cache_clear()


def test_tag_instrument_reviewers_corrections_feed_the_model(tmp_path):
    # a reviewer's decision in the `review export --format training` shape, the instrument corrected to environment
    extra = tmp_path / "train.jsonl"
    extra.write_text(json.dumps({"id": "p:c1", "paper": "p", "text": "政府应对小微企业实行税收优惠。", "kind": "body",
                                 "sections": [], "policy_recommendation": True, "evidence": [], "actor": "政府",
                                 "strength": "should", "instrument": "environment"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    out = tmp_path / "m"
    out.mkdir()
    assert train_instrument(DATA / "labels.jsonl", DATA / "instruments.jsonl", out, (extra,)) == 701
    doc = json.loads((out / "instrument.json").read_text(encoding="utf-8"))
    assert doc["training_data"][-1] == "train.jsonl" and doc["training_examples"] == 701
    # without labelled instruments nothing is trained and a stale model is removed: the keyword rule decides
    none = tmp_path / "none.jsonl"
    none.write_text("", encoding="utf-8")
    assert train_instrument(DATA / "labels.jsonl", none, out) == 0
    assert not (out / "instrument.json").exists()
