"""Inputs with missing parts get empty fields, never invented ones; odd inputs do not crash."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.model import Document, Generator, Source
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
