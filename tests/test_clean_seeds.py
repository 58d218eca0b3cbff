"""The clean stage on the two CNKI seeds: exact cleaned lines, recorded edits, offsets back to the raw text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import PLANS, CleanConfig, clean
from pipeline.ingest import read_paper
from pipeline.offsets import OffsetMap

REPO = Path(__file__).resolve().parent.parent
SEED_000 = REPO / "corpus" / "000_fc8dbeff8e1ab409.txt"
SEED_001 = REPO / "corpus" / "001_665413f9c6535bf0.txt"


@pytest.fixture(scope="module")
def seed0():
    return clean(read_paper(SEED_000))


@pytest.fixture(scope="module")
def seed1():
    return clean(read_paper(SEED_001))


def test_clean_seed000_front_lines(seed0):
    assert seed0.clean_text.split("\n")[:4] == [
        "产业集群政策研究———以浙江为例",
        "王发明，周才明",
        "(浙江大学公共管理学院，杭州310027)",
        "摘要：产业集群是当代经济世界的一个重要现象，也是已被实践证明了的有效的区域经济组织形式。然而在促进产业集群发展的问题上，"
        "政府应扮演什么角色则一直是争论的焦点。因此，研究地方政府应如何发挥作用以及主要发挥什么样的作用，以积极参与并促进区域产业"
        "集群的形成和健康持续发展，就成了摆在我们面前的一个比较紧迫的课题。",
    ]


def test_clean_seed000_page_break_rejoined(seed0):
    assert "这对集群的信誉建立是非常不利的，产业集群形成的初期和中期，出现的大量仿冒伪劣产品" in seed0.clean_text
    assert "技术经济" not in seed0.clean_text
    assert "\n83\n" not in seed0.clean_text


def test_clean_seed000_hyphen_and_ampersand(seed0):
    text = seed0.clean_text
    assert "“自下而上”(Bottom-Up)模式" in text and "(Top-Down)模式" in text
    assert "As macro-science age settle over, the internationalization" in text
    assert "scientific and technical revolution, and existing problem" in text
    assert "解决 R&D投资" in text and "Bottom2Up" not in text
    assert "2003年，浙江全省工业总产值在10亿元以上" in text  # real digits untouched


def test_clean_seed000_headings_rejoined(seed0):
    lines = seed0.clean_text.split("\n")
    assert "三、浙江市场主导的内生型产业集群的局限性" in lines
    assert "(一)政府主导发展教育，特别是发展地方高等教育和职业教育" in lines
    assert "(四)塑造信任、合作的社会文化环境，积极倡导集群文化的形成" in lines


def test_clean_seed000_table_rows(seed0):
    lines = seed0.clean_text.split("\n")
    i = lines.index("表 1 各国集群政策上的比较")
    rows = lines[i + 1:i + 11]
    assert [r.split("\t")[0] for r in rows] == ["国家", "奥地利", "丹麦", "芬兰", "澳大利亚", "比利时", "西班牙", "瑞典", "英国", "美国"]
    assert rows[3] == "芬兰\t把集群作为经济发展的一种工具，识别芬兰经济竞争优势的源泉，创造有利的结构性条件，对集群进行战略性的研究"
    assert lines[i + 11].startswith("也有一些观点认为集群政策并不是推动地区经济发展的唯一动因")


def test_clean_seed001_fullwidth_and_page_gap(seed1):
    text = seed1.clean_text
    assert "1994年，地方政府在不足2000米的“塑料一条街”集群雏形上，建设了3.6万平方米的“中国塑料城”" in text
    assert "对所有产业集群来说都是基础要素（特别是欠发达地区）" in text
    assert "［摘要］在产业集群发展中" in text
    assert "潜力的发挥［1］。" in text


@pytest.mark.parametrize("seed", ["seed0", "seed1"])
def test_clean_seed_edits_point_at_raw(seed, request):
    """Edits of the first fixers quote the raw text exactly; later ones cover the raw span they replaced (which can
    include text an earlier fixer removed), in order within each step."""
    doc = request.getfixturevalue(seed)
    assert doc.cleaning.edits
    first_steps = {"normalize_fullwidth", "remove_page_furniture"}
    last: dict[str, int] = {}
    for e in doc.cleaning.edits:
        assert 0 <= e.raw_start <= e.raw_end <= len(doc.raw)
        assert e.raw_start >= last.get(e.step, 0)
        last[e.step] = e.raw_start
        if e.step in first_steps:
            assert doc.raw[e.raw_start:e.raw_end] == e.before, e
    removed = [e.before.strip() for e in doc.cleaning.edits if e.step == "remove_page_furniture"]
    if seed == "seed0":
        assert [r.split("\n")[0] for r in removed] == ["83", "技术经济" + "\u3000" * 40 + "第 25卷\u3000第 6期"]


@pytest.mark.parametrize("seed", ["seed0", "seed1"])
def test_clean_seed_offset_map_reaches_same_characters(seed, request):
    doc = request.getfixturevalue(seed)
    omap = OffsetMap(doc.clean_map)
    checked = 0
    for i, ch in enumerate(doc.clean_text):
        if "\u4e00" <= ch <= "\u9fff":
            assert doc.raw[omap.to_source(i)] == ch, (i, ch)
            checked += 1
    assert checked > 5000


def test_clean_steps_recorded_in_plan_order(seed0):
    assert [s.step for s in seed0.cleaning.steps] == [f.__name__ for f in PLANS["txt"]]
    assert sum(s.edits for s in seed0.cleaning.steps) == len(seed0.cleaning.edits)


def test_clean_deterministic_and_configurable(seed0):
    again = clean(read_paper(SEED_000))
    assert again.clean_text == seed0.clean_text and again.cleaning == seed0.cleaning
    raw_spacing = clean(read_paper(SEED_000), CleanConfig(skip=("fix_cjk_spacing",)))
    assert "fix_cjk_spacing" not in [s.step for s in raw_spacing.cleaning.steps]
    assert "产业集群是当代经济世界的一个重要现象 ,也是" in raw_spacing.clean_text
