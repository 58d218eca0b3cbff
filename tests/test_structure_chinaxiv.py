"""Structure of MinerU Markdown: excerpts of two ChinaXiv preprints (ChinaXiv, CC BY 4.0; see tests/data/structure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.ingest import read_paper
from pipeline.structure import structure

DATA = Path(__file__).parent / "data" / "structure"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "chinaxiv" / "fulltext_md"


def _run(path: Path):
    return structure(clean(read_paper(path)))


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def case(request):
    return _run(DATA / request.param), EXPECTED[request.param]


def test_structure_chinaxiv_front_matter(case):
    doc, exp = case
    assert doc.title.model_dump() == exp["title"]
    assert doc.authors == exp["authors"]
    assert doc.affiliations == exp["affiliations"]
    assert doc.keywords.zh == exp["keywords_zh"]
    if "keywords_en" in exp:
        assert doc.keywords.en == exp["keywords_en"]
    if "journal" in exp:
        assert doc.journal.model_dump() == exp["journal"]


def test_structure_chinaxiv_abstracts(case):
    doc, exp = case
    zh, en = doc.abstract.zh, doc.abstract.en
    assert zh.text.startswith(exp["abstract_zh_start"]) and zh.text.endswith(exp["abstract_zh_end"])
    assert en.text.startswith(exp["abstract_en_start"])
    assert doc.text[zh.start:zh.end] == zh.text and doc.text[en.start:en.end] == en.text
    if "foreign_abstract_start" in exp:
        foreign = [x.text for x in doc.excluded if x.kind == "foreign_abstract"]
        assert any(t.startswith(exp["foreign_abstract_start"]) for t in foreign)


def test_structure_chinaxiv_sections_references_tables(case):
    doc, exp = case
    assert [[s.number, s.title, s.level, s.parent] for s in doc.sections] == exp["sections"]
    refs = exp["references"]
    assert len(doc.references) == refs["count"]
    if "first" in refs:
        assert [doc.references[0].marker, doc.references[0].text] == refs["first"]
        assert [doc.references[-1].marker, doc.references[-1].text] == refs["last"]
    else:
        assert (doc.references[0].marker, doc.references[-1].marker) == (refs["first_marker"], refs["last_marker"])
    if "table" in exp:
        (t,) = doc.tables
        assert (t.caption, t.header, len(t.rows), t.rows[0]) == (exp["table"]["caption"], exp["table"]["header"],
                                                                 exp["table"]["rows"], exp["table"]["first_row"])


def test_structure_chinaxiv_text_is_own_content(case):
    doc, exp = case
    for s in exp.get("in_text", []):
        assert s in doc.text
    for s in exp["not_in_text"]:
        assert s not in doc.text, s
    for p in doc.paragraphs:
        assert doc.text[p.start:p.end].strip() == doc.text[p.start:p.end] != ""


def test_structure_chinaxiv_full_paper_journal_name():
    """Over the whole paper the correct spelling of the running header wins over its OCR variant."""
    path = SHARED / "ChinaXiv-202204.00094V1.md"
    if not path.exists():
        pytest.skip("shared ChinaXiv data not available")
    doc = _run(path)
    assert doc.journal.name == "干旱区地理"
    assert [x.text for x in doc.excluded if x.kind == "running_header"].count("干吴区地理") == 2


def test_structure_chinaxiv_unseparated_english_keywords():
    # printed without separators; split where each run translates its Chinese keyword (智库市场 思想市场 供应方 需求方)
    doc = _run(DATA / "ChinaXiv-201707.00392V1.excerpt.md")
    assert doc.keywords.en == ["think tank market", "thought market", "supply side", "demand side"]


@pytest.mark.parametrize("paper, expected", [
    # the English list renders the Chinese keywords 软科学机构 成果转化利用 运行效率 影响因素 in another order
    ("ChinaXiv-201808.00020V1", ["Soft science institutions", "achievements transformation and utilization",
                                 "influencing factors", "operational efficiency"]),
    # 保障机制 运行机制 printed as "operational mechanism guaranteeing mechanism": in order the split went wrong
    ("ChinaXiv-201709.00025V1", ["new types of think tanks", "operational mechanism", "guaranteeing mechanism"]),
])
def test_structure_chinaxiv_unseparated_english_keywords_in_another_order(paper, expected):
    path = SHARED / f"{paper}.md"
    if not path.exists():
        pytest.skip("shared ChinaXiv data not available")
    doc = _run(path)
    assert doc.keywords.en == expected


def test_structure_unseparated_english_keywords_beyond_the_free_search():
    # more than MAX_FREE_KEYWORDS Chinese keywords: runs are taken in the Chinese order only (this crashed with an
    # IndexError once every keyword had its run before the last English word); the domain terms of issue 4
    from pipeline.structure.front import split_run_together_keywords

    zh = ["产业集群", "区域创新", "市场失灵", "知识溢出", "交易费用", "行业协会", "系统失灵", "创新网络", "技术转移",
          "政策工具", "公共服务", "人才培养"]
    en = ("industrial cluster regional innovation market failure knowledge spillover transaction cost industry "
          "association system failure innovation network technology transfer policy tool public service talent training")
    assert split_run_together_keywords([en], zh) == [
        "industrial cluster", "regional innovation", "market failure", "knowledge spillover", "transaction cost",
        "industry association", "system failure", "innovation network", "technology transfer", "policy tool",
        "public service", "talent training"]
    # in another order than the Chinese list, nine keywords are not searched freely: left as printed
    swapped = ("regional innovation industrial cluster market failure knowledge spillover transaction cost industry "
               "association system failure innovation network technology transfer")
    assert split_run_together_keywords([swapped], zh[:9]) == [swapped]
