"""The actor of a recommendation on real sentences (ChinaXiv dev papers, CC BY 4.0; rows of the `tune` split of
tests/data/tags/labels.jsonl): a name that a following word turns into a modifier (智库的评价, 智库的建设) is no actor,
a name right before the modal verb is."""

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
