"""The actor of a recommendation on real sentences (ChinaXiv dev papers, CC BY 4.0; rows of the `tune` split of
tests/data/tags/labels.jsonl): a name that a following word turns into a modifier (智库的评价, 智库的建设) is no actor,
a name right before the modal verb is; a country or region is the actor only as the modal verb's subject (我国应…,
欠发达地区可…; not 我国种业要…, 雄安新区建设要…); after 需要 the one needed is (需要政府介入…)."""

from __future__ import annotations

import pytest

from pipeline.tag.attributes import recommendation_attributes

CASES = [
    # (source row, sentence, labelled actor)
    ("ChinaXiv-201707.00315V1:120", "智库应该充分发挥人才资源丰富的智力优势，在进行决策咨询过程中，强化基础性研究，提出新理论、新方法，"
     "提升自身“出思想”的能力和政策研究的水平。", "智库"),
    ("ChinaXiv-201707.00295V1:016", "对于新型高校智库的认定和管理，应当淡化身份，动态管理，能进能退，追求实效。", None),
    ("ChinaXiv-201807.00021V1:025", "在科技社团智库的建设过程中，既需要高瞻远瞩的战略家，也需要善于调研、收集资料的一般研究人员。", None),
    ("ChinaXiv-201707.00308V1:058", "在智库的评价上，不要以机构性质和隶属关系，而要以研究成果与咨询贡献论英雄。", None),
    ("ChinaXiv-201801.00251V1:108", "我国应积极准备各种外部冲击的预案，如增加原油储备、加强中朝边界的控制等，以各种预案防范不测。", "中央政府"),
    ("ChinaXiv-201707.00325V1:090", "中国非常需要通过建立高质量的智库来建立决策咨询制度，保证中国的政治、经济的可持续发展，参与全球治理。",
     "中央政府"),
    ("ChinaXiv-201811.00056V1:111", "和田地区、喀什地区要因地制宜、按不同力度分类推进，在本地已有的经验基础上结合群众意愿，深入总结经验，"
     "积极推进新型城镇化和农业现代化水平。", "地方政府"),
    ("ChinaXiv-201808.00015V1:098", "欠发达地区可从健全地方性法规体系的角度加大支持新型智库建设与发展的力度。", "地方政府"),
    ("ChinaXiv-201803.01527V1:050", "此时，仅依靠市场行为保险将难以推行，因此需要政府介入，制定相应保障政策。", "政府"),
    ("ChinaXiv-201707.00314V1:045", "总之，高校的智库建设，既需要高校自身加强人才队伍建设和学科建设，为提供高水平咨询和决策服务储备人才和知识；",
     "高校/科研机构"),
    ("ChinaXiv-201903.00137V1:034", "面对国际种业新格局变化的形式与特点，我国种业要想在国际种业市场上占有一席之地，必须要加强资源整合和自主创新、"
     "大力培育自主知识产权。", None),
    ("ChinaXiv-201711.02411V1:065", "雄安新区建设要敢于抢先发力和结合自身特色营造具有自身引领优势的市场，包括各类特定的商品市场、要素市场、"
     "产权市场乃至资本市场。", None),
]


@pytest.mark.parametrize("source,text,actor", CASES, ids=[c[0] for c in CASES])
def test_tag_attributes_actor(source, text, actor):
    assert recommendation_attributes(text).actor == actor


def test_tag_attributes_actor_longer_name_does_not_fall_back_to_a_shorter_one():
    # 政府部门 followed by 的 is a modifier, and 政府 inside it is not taken instead; 智库 before 人才 is a name
    from pipeline.tag.lexicon import lexicon

    text = "而在江苏，优秀智库人才到政府部门的挂职锻炼还是比较少，这方面需要积极的改变。"  # ChinaXiv-201709.00024V1
    assert [m.group() for m in lexicon().re_actor_subject.finditer(text)] == ["智库"]
    assert [m.group() for m in lexicon().re_actor.finditer(text)] == ["智库", "政府部门"]


ACTIONS = [
    # (source row, labelled recommendation with no modal cue and no imperative the rules know, its action)
    ("ChinaXiv-201707.00401V1:078", "因此，一是构建相互制衡的主体结构。", "构建相互制衡的主体结构"),
    ("ChinaXiv-201710.00034V1:074", "二是在地方层面，规划实施一批科技示范合作项目。", "规划实施一批科技示范合作项目"),
    ("ChinaXiv-201710.00047V1:054", "对紫金传媒智库而言，提前为这些优秀的在校生规划好职业发展蓝图，将优秀的在校研究生转变为正式人员，为“紫金”所用。",
     "提前为这些优秀的在校生规划好职业发展蓝图"),
    ("ChinaXiv-201908.00003V1:126", "一是根据市场需求，以订单培训为原则，依托职业学校、扶贫培训基地，实施贫困劳动力的转移技能培训，"
     "尤其抓好少数民族贫困农民的汉语培训。", "实施贫困劳动力的转移技能培训"),
    ("ChinaXiv-201808.00017V1:141", "尽快颁布引导和扶持社会智库的配套政策，并确保相关政策落地。", "尽快颁布引导和扶持社会智库的配套政策"),
    # a pronoun opens no action
    ("ChinaXiv-201711.00212V1:016", "其核心是弱化干预、强化协调。", None),
]


@pytest.mark.parametrize("source,text,action", ACTIONS, ids=[c[0] for c in ACTIONS])
def test_tag_attributes_action_without_a_cue_is_the_leading_clause(source, text, action):
    a = recommendation_attributes(text)
    assert (a.cue, a.action) == (None, action)


def test_tag_attributes_action_after_an_addressee_in_a_list_and_after_a_noun_modifying_cue():
    # seed 001 (政府对产业集群持续竞争优势的作用机理研究): 企业 is one item of a list after 鼓励, so the action keeps the list
    text = "政府通过鼓励集群内的企业、机构、个人与外部相关组织、机构等的接触、交往，引导外部企业、高级经理人、技术人才、创新资源进入集群。"
    assert recommendation_attributes(text).action == "集群内的企业、机构、个人与外部相关组织、机构等的接触、交往"
    # ChinaXiv-201709.00020V1 (CC BY 4.0): 需要 modifies 人才 here, so it heads no action
    text = "符合地方高端智库发展需要的人才，不但应该具备国家高层智库人才的宏图伟略，更应该具有脚踏实地的基层实践认知经验。"
    a = recommendation_attributes(text)
    assert (a.cue, a.action) == ("需要", None)
    assert recommendation_attributes("建议有关部门严抓政策法规的落实。").action == "严抓政策法规的落实"


def test_tag_attributes_action_in_the_clause_after_the_addressee():
    # seed 000 (产业集群政策研究——以浙江为例): the addressee of 提议 ends its clause
    a = recommendation_attributes("有专家提议政府，不要迷信行政手段会比市场高明，不要乱开治理的药方。")
    assert (a.actor, a.cue, a.action) == ("政府", "提议", "不要迷信行政手段会比市场高明")
    assert recommendation_attributes("因此，我们建议：").action is None
