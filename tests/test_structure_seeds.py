"""Structure of the two CNKI seeds, by reading: front matter, headings and levels, footnote, table, foreign text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.ingest import read_paper
from pipeline.offsets import OffsetMap
from pipeline.structure import structure

REPO = Path(__file__).resolve().parent.parent
SEED_000 = REPO / "corpus" / "000_fc8dbeff8e1ab409.txt"
SEED_001 = REPO / "corpus" / "001_665413f9c6535bf0.txt"


@pytest.fixture(scope="module")
def seed0():
    return structure(clean(read_paper(SEED_000)))


@pytest.fixture(scope="module")
def seed1():
    return structure(clean(read_paper(SEED_001)))


def test_structure_seed000_front_matter(seed0):
    assert seed0.title.zh == "产业集群政策研究———以浙江为例"
    assert seed0.title.en is None
    assert seed0.authors == ["王发明", "周才明"]
    assert seed0.affiliations == ["浙江大学公共管理学院，杭州 310027"]
    j = seed0.journal
    assert (j.name, j.volume, j.issue, j.pages, j.year, j.doi) == ("技术经济", "25", "6", "83", None, None)
    assert seed0.keywords.zh == [] and seed0.keywords.en == []


def test_structure_seed000_abstracts(seed0):
    zh = seed0.abstract.zh
    assert zh.text.startswith("产业集群是当代经济世界的一个重要现象，也是已被实践证明了的有效的区域经济组织形式。")
    assert zh.text.endswith("就成了摆在我们面前的一个比较紧迫的课题。")
    assert seed0.text[zh.start:zh.end] == zh.text
    en = seed0.abstract.en
    assert en.text == ("The paper analyzes backgrounds and characteristics or policies for industrial clusters. It probes "
                       "into government role in implementing policies for industrial clusters and proposes the principles "
                       "of designing whole industrial clusters")
    assert seed0.text[en.start:en.end] == en.text


def test_structure_seed000_headings_and_levels(seed0):
    got = [(s.number, s.title, s.level, s.parent) for s in seed0.sections]
    assert got == [
        ("一、", "问题的题出", 1, None),
        ("二、", "产业集群政策研究的文献回顾", 1, None),
        ("三、", "浙江市场主导的内生型产业集群的局限性", 1, None),
        ("(一)", "区域文化的局限性对集群发展的制约", 2, "s3"),
        ("(二)", "产业组织困境及市场局限性", 2, "s3"),
        ("(三)", "家族企业的局限性", 2, "s3"),
        ("(四)", "产品科技含量低且结构单一", 2, "s3"),
        ("四、", "政府集群政策的作用空间", 1, None),
        ("(一)", "政府主导发展教育，特别是发展地方高等教育和职业教育", 2, "s8"),
        ("(二)", "进行家族制民营中小企业产权制度改革，建立可行的现代企业制度", 2, "s8"),
        ("(三)", "地方政府应促成集群与大学、研究机构的合作", 2, "s8"),
        ("(四)", "塑造信任、合作的社会文化环境，积极倡导集群文化的形成", 2, "s8"),
    ]
    headings = [p for p in seed0.paragraphs if p.kind == "heading"]
    assert len(headings) == len(seed0.sections)
    assert all(p.section == s.id for p, s in zip(headings, seed0.sections))


def test_structure_seed000_footnote_out_of_body(seed0):
    assert [(f.marker, f.text[:20]) for f in seed0.footnotes] == [("①", "例如国外有学者研究证明，政府扶植政策更多")]
    notes = [p for p in seed0.paragraphs if p.kind == "footnote"]
    assert len(notes) == 1 and seed0.text[notes[0].start:notes[0].end] == seed0.footnotes[0].text
    body = [seed0.text[p.start:p.end] for p in seed0.paragraphs if p.kind == "body"]
    assert not any(b.startswith("例如国外有学者") for b in body)
    assert any("缺乏强有力的证据①。" in b for b in body)  # the marker stays where it is cited


def test_structure_seed000_table(seed0):
    (table,) = seed0.tables
    assert table.caption == "表 1 各国集群政策上的比较"
    assert table.header == ["国家", "集群政策"]
    assert [r[0] for r in table.rows] == ["奥地利", "丹麦", "芬兰", "澳大利亚", "比利时", "西班牙", "瑞典", "英国", "美国"]
    assert table.rows[-1] == ["美国", "组织地域不同工业群体的对话，指定区域发展计划"]
    assert "奥地利" not in seed0.text  # rows are out of the body; the caption is a table_caption paragraph
    assert [seed0.text[p.start:p.end] for p in seed0.paragraphs if p.kind == "table_caption"] == ["表 1 各国集群政策上的比较"]


def test_structure_seed000_foreign_text_and_abstract_excluded(seed0):
    foreign = [x for x in seed0.excluded if x.kind == "foreign_text"]
    assert foreign[0].text == "把更多的人融入到国际科技合作整体队伍中来。聚积人才要有以下几个基本条件："
    assert foreign[-1].text.startswith("国际科技合作要特别注重加强管理")
    assert any(x.text == "(五)强化管理" for x in foreign)
    (fa,) = [x for x in seed0.excluded if x.kind == "foreign_abstract"]
    assert fa.text.startswith("Abstract: As macro-science age settle over")
    assert fa.reason
    assert "国际科技合作" not in seed0.text and "macro-science" not in seed0.text
    assert seed0.raw[foreign[0].raw_start:foreign[0].raw_start + 6] == "把更多的人融"


def test_structure_seed000_no_page_furniture_in_text(seed0):
    assert "技术经济" not in seed0.text and "第 25卷" not in seed0.text
    assert "\n83\n" not in seed0.text and "产业集群形成的初期和中期" in seed0.text
    kinds = sorted({x.kind for x in seed0.excluded})
    assert kinds == ["foreign_abstract", "foreign_text", "page_number", "running_header"]


def test_structure_seed001_fields_stay_empty_when_absent(seed1):
    assert seed1.title.zh == "政府对产业集群持续竞争优势的作用机理研究"
    assert seed1.authors == [] and seed1.affiliations == []
    assert seed1.abstract.en is None and seed1.title.en is None
    assert seed1.keywords.zh == [] and seed1.references == [] and seed1.footnotes == [] and seed1.tables == []
    assert seed1.journal.model_dump() == {k: None for k in seed1.journal.model_dump()}
    assert seed1.abstract.zh.text.startswith("在产业集群发展中，政府的介入是由于集群存在“市场失灵”和“系统失灵”")
    assert seed1.abstract.zh.text.endswith("使产业集群保持持续竞争优势。")


def test_structure_seed001_headings(seed1):
    assert [(s.number, s.level) for s in seed1.sections] == (
        [("一、", 1)] + [(f"（{n}）", 2) for n in "一二三四五"] + [("二、", 1)] + [(f"（{n}）", 2) for n in "一二三四五六"]
    )
    assert seed1.sections[7].title == "增强集群开放性" and seed1.sections[7].parent == "s7"


@pytest.mark.parametrize("seed", ["seed0", "seed1"])
def test_structure_seed_offsets(seed, request):
    doc = request.getfixturevalue(seed)
    omap = OffsetMap(doc.cleaning.offset_map)
    assert doc.paragraphs and doc.paragraphs[0].kind == "title"
    for p in doc.paragraphs:
        piece = doc.text[p.start:p.end]
        assert piece and piece == piece.strip()
        # the first Chinese character of every paragraph maps back to the same character of the raw input
        k = next((i for i, ch in enumerate(piece) if "\u4e00" <= ch <= "\u9fff"), None)
        if k is not None:
            assert doc.raw[omap.to_source(p.start + k)] == piece[k]
    assert "\n".join(doc.text[p.start:p.end] for p in sorted(doc.paragraphs, key=lambda p: p.start)) == doc.text


def test_structure_deterministic():
    a = structure(clean(read_paper(SEED_000)))
    b = structure(clean(read_paper(SEED_000)))
    assert a.model_dump_json() == b.model_dump_json()
