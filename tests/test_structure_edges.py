"""Inputs with missing parts get empty fields, never invented ones; odd inputs do not crash."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.model import Document, Generator, Source
from pipeline.segment import segment
from pipeline.structure import structure


def _doc(text: str, fmt: str = "txt") -> Document:
    return Document(paper_id="x", generator=Generator(version="0", config_hash=""), raw=text,
                    source=Source(path=f"a.{fmt}", sha256="", format=fmt, encoding="utf-8", size_bytes=len(text)))


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_structure_edges_body_only(fmt):
    doc = structure(clean(_doc("\u3000\u3000政府应加强对产业集群的引导。\n\n\u3000\u3000企业应提高创新能力。\n", fmt)))
    assert doc.title.zh is None and doc.title.en is None
    assert doc.authors == [] and doc.affiliations == [] and doc.abstract.zh is None and doc.abstract.en is None
    assert doc.sections == [] and doc.references == [] and doc.keywords.zh == []
    assert [doc.text[p.start:p.end] for p in doc.paragraphs] == ["政府应加强对产业集群的引导。", "企业应提高创新能力。"]
    assert {p.kind for p in doc.paragraphs} == {"body"}


@pytest.mark.parametrize("text", ["   \n\n ", "83\n", "# \n\n#\n", "Abstract:\n", "摘要：\n关键词：\n", "<table></table>", "表 1\n"])
def test_structure_edges_degenerate_inputs(text):
    for fmt in ("txt", "md"):
        doc = structure(clean(_doc(text, fmt)))
        for p in doc.paragraphs:
            assert doc.text[p.start:p.end]
        assert doc.abstract.en is None and doc.title.en is None


def test_structure_edges_enumerated_sentences_are_not_headings():
    text = ("一、引言\n\n政府的作用主要有以下几点：\n\n1.要使大家了解新时期产业集群的任务、\n\n目的，感觉到吸引力，精神为之一震，看到希望。\n\n"
            "2.要让每一个参与产业集群的人才有追求感。\n")
    doc = structure(clean(_doc(text)))
    assert [(s.number, s.title) for s in doc.sections] == [("一、", "引言")]
    assert any(doc.text[p.start:p.end].startswith("1.要使大家了解新时期产业集群的任务、目的") for p in doc.paragraphs)


def test_structure_edges_plain_text_one_paragraph_per_line():
    """A clean .txt with one paragraph a line (no pdftotext wrapping) keeps its paragraphs."""
    first = "产业集群是当代经济世界的一个重要现象，也是已被实践证明了的有效的区域经济组织形式，然而在促进产业集群发展的问题上，政府应扮演什么角色则一直是争论的焦点。"
    second = "政府的目标是加强所有集聚区的发展，而不是进行选择，因为每一个集聚区不仅直接贡献于国家的生产率，而且影响其他集聚区的生产率，政府应与私人经济部门合作。"
    third = "因此，地方政府必须尽快帮助集群技术创新。"
    doc = structure(clean(_doc("\n".join([first, second, third]) + "\n")))
    assert [doc.text[p.start:p.end] for p in doc.paragraphs] == [first, second, third]


def test_structure_edges_reference_line_running_several_entries_on_belongs_to_the_list():
    # Excerpt (shortened) of ChinaXiv-201606.00014V1 (刘晶晶, 顾立平, 范少萍; CC BY 4.0): MinerU ran references
    # 5-7 onto the line that ends reference 4. The line holds "[J]" and starts without a marker, like a citation
    # line of another article after the list, but it carries the next number ([5]), so it is the list's.
    text = ("# 数据知识库政策研究\n\n科学数据的开放共享不受资金、法律或其他技术壁垒的限制[5]。科研数据是启发进一步科学研究的宝矿[7]。\n\n"
            "# 参考文献：\n\n"
            "[4]林和弘，村山泰啓．オーンサイ工ンスをめる新しい\n\n"
            "潮流(の 3)研究ー夕出版の動向[J]．科学技術動向，2015(1-2)：4-9. [5]The Royal Society. Science as an Open "
            "Enterprise [EB/OL]. (2012-06-21). [6]Hey T,Tansley S,Tolle K，等．第四范式：数据密集型科学发现[M].北京：科学出版社, "
            "2012. [7]MarchioniniG.科研数据管理：保障数据质量[J]．图书情报知识, 2013(4):4-9.\n")
    doc = segment(structure(clean(_doc(text, "md"))))
    assert [r.marker for r in doc.references] == ["[4]", "[5]", "[6]", "[7]"]
    assert doc.references[3].text == "MarchioniniG.科研数据管理：保障数据质量[J]．图书情报知识，2013(4):4-9."  # cleaned
    assert [(c.text, c.references) for c in doc.citations] == [("[5]", ["r2"]), ("[7]", ["r4"])]
    # a line of another article after the list (no next number) is still left out
    other = text.replace("[5]The", "The").replace("[6]Hey", "Hey").replace("[7]Marchionini", "Marchionini")
    doc = structure(clean(_doc(other, "md")))
    assert [r.marker for r in doc.references] == ["[4]"]
    reasons = [x.reason for x in doc.excluded if x.text.startswith("潮流")]
    assert reasons == ["citation line of another article after the reference list"]


def test_structure_edges_reference_numbers_glued_to_their_entries_are_markers():
    # Excerpt (shortened) of ChinaXiv-201806.00272V1 (CC BY 4.0): the list numbers its entries with bare numbers
    # that cleaning glues to Chinese (2 王郦久 -> 2王郦久); they are the markers [n] in the body points to
    text = ("# 中亚天然气合作\n\n土库曼斯坦天然气储量丰富[3]。中亚油气资源开发潜力大[2]。\n\n# 参考文献\n\n"
            "1英国石油公司（BP）.BP世界能源统计年鉴2017.[2018-04-01].\n\n"
            "2 王郦久.中亚油气资源与开发综述.国际研究参考,2006,(10):1-10.\n\n"
            "3 B.DAep,B.I.HKOBCKNi,聂书岭.土库曼斯坦石油天然气产业发展现状及前景预测.中亚信息,2007,(10):3\n\n"
            "4 徐严波，李怀印.土库曼斯坦天然气产销预测及管网规划.国际石油经济,2009,17(12):50-56.\n")
    doc = segment(structure(clean(_doc(text, "md"))))
    assert [r.marker for r in doc.references] == ["1", "2", "3", "4"]
    assert doc.references[1].text.startswith("王郦久.中亚油气资源与开发综述")
    assert [(c.text, c.references) for c in doc.citations] == [("[3]", ["r3"]), ("[2]", ["r2"])]


def test_structure_edges_reference_numbers_moved_out_of_empty_brackets():
    # Excerpt (shortened) of ChinaXiv-201808.00015V1 and 201808.00017V1 (CC BY 4.0): MinerU printed [n] as n[], broke
    # an entry over two lines and ran entry 4 onto entry 3; position alone would link [4] to the broken-off tail
    text = ("# 地方新型智库建设\n\n欠发达地区的新型智库建设面临困境[4]。地方智库建设之路径已有讨论[2]。\n\n# 参考文献\n\n"
            "1[]陈昌荣．四川新型智库建设的比较分析与对策研究[J]．四川行政学院学报，2016(3)：15-17.\n\n"
            "2[]涂华忠，宁发金，任仕暄.中国特色地方新型智库建设之路径[J].云南社会科学，2017(6):141-145.\n\n"
            "3[]褚松燕，赵成根.西方思想库咨询模式对我国决策咨询机构发展的启示[J.河南社会科学，2005,13(2):107-\n\n"
            "110.4[]李凡.公共政策和中国民间智库的发展[EB/0L].[2017-11-07].\n")
    doc = segment(structure(clean(_doc(text, "md"))))
    assert [r.marker for r in doc.references if r.marker] == ["1", "2", "3", "4"]
    four = next(r for r in doc.references if r.marker == "4")
    assert four.text.startswith("李凡.公共政策和中国民间智库的发展")
    assert [(c.text, c.references) for c in doc.citations] == [("[4]", [four.id]), ("[2]", ["r2"])]
