"""Exact tags of the tag stage on real sentences (ChinaXiv dev papers, CC BY 4.0, and the two seeds), including
hard negatives: questions with 应, 需要 as a noun, claims of importance, descriptions, quoted prescriptions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.tag import TagConfig, tag_text
from pipeline.tag.rules import Context

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "tags" / "tag_cases.jsonl").read_text(encoding="utf-8").splitlines()]
THRESHOLD = TagConfig().threshold


def _shape(tags) -> list[dict]:
    return [{"label": t.label, "evidence_type": t.evidence_type, "strength": t.attributes.strength,
             "actor": t.attributes.actor, "quoted": t.source == "rule:rec.quoted"} for t in tags]


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["note"])] if case["known_failure"] else []
        yield pytest.param(case, id=f"{case['source']}:{case['text'][:12]}", marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_tag_tagger_exact_tags(case):
    context = Context(case["kind"], case["in_rec_section"], under_action_headings=case.get("under_action_headings", False))
    tags = tag_text(case["text"], context)
    assert _shape(tags) == case["expected"]
    for t in tags:
        if t.source == "rule:rec.quoted":  # a prescription of others stays below the threshold
            assert t.confidence < THRESHOLD
        else:
            assert t.confidence >= THRESHOLD


def test_tag_tagger_explains_every_tag():
    tags = tag_text("据浙江省经贸委调查,2003年,浙江全省工业总产值在10亿元以上的制造业产业集群有149个。")
    assert [(t.evidence_type, t.source, t.attributes.cue) for t in tags] == [
        ("citation", "rule:ev.cite.survey", "据浙江省经贸委调查"),
        ("statistic", "rule:ev.stat.amount", "10亿元"),
        ("case", "rule:ev.case.gazetteer", "浙江"),
    ]


def test_tag_tagger_recommendation_attributes():
    [t] = tag_text("建议农业发展银行等金融机构加大对品牌运营核心企业收购、储藏、加工专用品牌粮食的贷款支持力度。",
                   Context("body", True))
    a = t.attributes
    assert (a.actor, a.strength, a.instrument, a.cue) == ("金融机构", "may", "environment", "建议")
    assert a.action == "加大对品牌运营核心企业收购、储藏、加工专用品牌粮食的贷款支持力度"


def test_tag_tagger_rules_only_mode():
    config = TagConfig(use_model=False)
    [t] = tag_text("政府应积极出台鼓励社会资助智库研究的优惠政策。", Context("body", True), config)
    assert (t.label, t.source, t.confidence, t.attributes.strength) == (
        "policy_recommendation", "rule:rec.modal.ying", 0.8, "should")
    assert tag_text("政府应扮演什么角色？", config=config) == []


def test_tag_tagger_quoted_recommendation_can_be_switched_off():
    config = TagConfig(quoted_recommendations=False)
    tags = tag_text("Langendijk认为,政府应根据集群的不同发展模式选择相应的政策。", config=config)
    assert [(t.label, t.evidence_type) for t in tags] == [("cited_evidence", "citation")]


def test_tag_tagger_context_features():
    from pipeline.tag.features import sentence_features

    text = "同时，形成制度化报送制度。"  # ChinaXiv-201709.00024V1 (tune)
    tokens = [("同时", "c"), ("，", "x"), ("形成", "v"), ("制度化", "n"), ("报送", "v"), ("制度", "n"), ("。", "x")]
    plain = set(sentence_features(text, tokens, Context("body", True)))
    after = set(sentence_features(text, tokens, Context("body", True, prev_rec=True, in_desc_section=True)))
    assert after - plain == {"r:prev_rec", "r:prev_rec&rec:True", "r:in_desc", "r:in_desc:body"}
    around = Context("body", True, in_action_section=True, under_action_headings=True, section_rec_share="high",
                     salient_name="5")
    assert set(sentence_features(text, tokens, around)) - plain == {
        "r:in_action", "r:in_action:body", "r:in_action&imperative:False", "r:in_action&cue:False",
        "r:under_actions", "r:under_actions:body", "r:under_actions&rec:True",
        "r:share:high", "r:share:high&rec:True", "r:salient_name:5"}
