"""The segment stage on a hand-built document from seed 000 (line breaks joined): sentences, links, citations."""

from __future__ import annotations

import pytest

from pipeline.model import (Abstract, AbstractPart, Document, Footnote, Generator, Paragraph, Reference, Source)
from pipeline.segment import SegmentConfig, segment

UNITS = [
    ("title", "zh", "产业集群政策研究"),
    ("abstract", "zh", "摘要 :产业集群是当代经济世界的一个重要现象 ,也是已被实践证明了的有效的区域经济组织形式。"
                       "然而在促进产业集群发展的问题上 ,政府应扮演什么角色则一直是争论的焦点。"),
    ("keywords", "zh", "关键词 :产业集群;政府;产业政策"),
    ("heading", "zh", "一、问题的题出"),
    ("body", "zh", "波特 (1998)认为 ,为了促进产业集群的发展 ,合理的宏观经济政策是必要的 ,却不是充分的。"
                   "一些学者认为 ,政府的干预对产业集群发展的影响缺乏强有力的证据①。"
                   "集群政策应改进民间部门克服市场缺陷的能力 (Aokim ,1996)［2］。"),
    ("footnote", "zh", "①例如国外有学者研究证明 ,政府扶植政策更多以及行业协会更发达的 Modena产业区 ,经济发展速度更为缓慢。"),
    ("abstract", "en", "Abstract : The paper analyzes backgrounds and characteristics or policies for industrial "
                       "clusters. "
                       "It probes into government role in implementing policies."),
]


def build() -> Document:
    text, paragraphs = "", []
    for i, (kind, lang, unit) in enumerate(UNITS, 1):
        start = len(text)
        text += unit + "\n"
        paragraphs.append(Paragraph(id=f"p{i}", kind=kind, lang=lang, section="s1" if kind == "body" else None,
                                    start=start, end=start + len(unit)))
    zh, en = paragraphs[1], paragraphs[6]
    return Document(
        paper_id="0" * 16, generator=Generator(version="test", config_hash="0" * 16),
        source=Source(path="seed000.txt", sha256="0" * 64, format="txt", encoding="utf-8", size_bytes=1),
        text=text, paragraphs=paragraphs,
        abstract=Abstract(zh=AbstractPart(text=text[zh.start:zh.end], start=zh.start, end=zh.end),
                          en=AbstractPart(text=text[en.start:en.end], start=en.start, end=en.end)),
        footnotes=[Footnote(id="f1", marker="①", text="例如国外有学者研究证明 ,政府扶植政策更多以及行业协会更发达的 Modena产业区")],
        references=[
            Reference(id="r1", marker="[1]", text="Porter M E. Clusters and the new economics of competition. 1998."),
            Reference(id="r2", marker="[2]", text="Aoki M. 比较制度分析. 1996."),
        ],
    )


@pytest.fixture(scope="module")
def doc() -> Document:
    return segment(build())


def test_segment_stage_sentences_exact(doc):
    assert [(s.id, s.kind, s.lang, s.paragraph, s.text) for s in doc.sentences] == [
        ("c1", "title", "zh", "p1", "产业集群政策研究"),
        ("c2", "abstract", "zh", "p2", "摘要 :产业集群是当代经济世界的一个重要现象 ,也是已被实践证明了的有效的区域经济组织形式。"),
        ("c3", "abstract", "zh", "p2", "然而在促进产业集群发展的问题上 ,政府应扮演什么角色则一直是争论的焦点。"),
        ("c4", "keywords", "zh", "p3", "关键词 :产业集群;政府;产业政策"),
        ("c5", "heading", "zh", "p4", "一、问题的题出"),
        ("c6", "body", "zh", "p5", "波特 (1998)认为 ,为了促进产业集群的发展 ,合理的宏观经济政策是必要的 ,却不是充分的。"),
        ("c7", "body", "zh", "p5", "一些学者认为 ,政府的干预对产业集群发展的影响缺乏强有力的证据①。"),
        ("c8", "body", "zh", "p5", "集群政策应改进民间部门克服市场缺陷的能力 (Aokim ,1996)［2］。"),
        ("c9", "footnote", "zh", "p6", "①例如国外有学者研究证明 ,政府扶植政策更多以及行业协会更发达的 Modena产业区 ,经济发展速度更为缓慢。"),
        ("c10", "abstract", "en", "p7",
         "Abstract : The paper analyzes backgrounds and characteristics or policies for industrial clusters."),
        ("c11", "abstract", "en", "p7", "It probes into government role in implementing policies."),
    ]
    assert [s.section for s in doc.sentences if s.kind == "body"] == ["s1", "s1", "s1"]


def test_segment_stage_offsets_index_text(doc):
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        assert "".join(w for w, _ in s.tokens).replace(" ", "") == s.text.replace(" ", "")


def test_segment_stage_links_abstract_and_footnotes(doc):
    assert doc.abstract.zh.sentences == ["c2", "c3"]
    assert doc.abstract.en.sentences == ["c10", "c11"]
    assert (doc.footnotes[0].sentence, doc.footnotes[0].note_sentence) == ("c7", "c9")


def test_segment_stage_citations_linked(doc):
    assert [(c.sentence, c.text, doc.text[c.start:c.end], c.references) for c in doc.citations] == [
        ("c6", "波特 (1998)", "波特 (1998)", []),  # the reference list names Porter, not 波特
        ("c8", "(Aokim ,1996)", "(Aokim ,1996)", []),  # OCR "Aokim" is not "Aoki"
        ("c8", "［2］", "［2］", ["r2"]),
    ]


def test_segment_stage_author_year_citation_linked():
    base = build()
    body = base.paragraphs[4]
    assert base.text[body.start : body.start + 9] == "波特 (1998)"
    text = base.text[: body.start] + "Porter (1998)" + base.text[body.start + 9 :]
    shift = len("Porter (1998)") - 9
    paragraphs = [p if i < 4 else p.model_copy(update={"start": p.start + (shift if i > 4 else 0),
                                                         "end": p.end + shift})
                  for i, p in enumerate(base.paragraphs)]
    doc = segment(base.model_copy(update={"text": text, "paragraphs": paragraphs, "abstract": Abstract(),
                                          "footnotes": []}))
    assert [(c.text, c.references) for c in doc.citations][0] == ("Porter (1998)", ["r1"])


def test_segment_stage_output_validates_and_is_deterministic(doc):
    again = segment(build())
    assert Document.model_validate_json(doc.model_dump_json()).model_dump_json() == again.model_dump_json()


def test_segment_stage_semicolon_rule_configurable():
    base = build()
    unit = "政府还可以提供有效的公共的生产性服务，比如提供技术和需求预测；设立公共培训机构，实施优秀人才引进计划。"  # seed 001
    doc = base.model_copy(update={"text": unit, "paragraphs": [Paragraph(id="p1", kind="body", lang="zh", start=0,
                                                                         end=len(unit))],
                                  "abstract": Abstract(), "footnotes": [], "references": []})
    assert [s.text for s in segment(doc).sentences] == [unit[:31], unit[31:]]
    assert [s.text for s in segment(doc, SegmentConfig(min_clause_chars=1000)).sentences] == [unit]


@pytest.mark.slow
def test_segment_stage_spacy_doc_holds_tokens(doc):
    from pipeline.segment.spacy_doc import to_spacy_doc

    sentence = doc.sentences[5]  # 波特 (1998)认为 ,…
    sdoc = to_spacy_doc(sentence)
    assert [(t.text, t.tag_) for t in sdoc][:3] == [("波特 (1998)", "cite"), ("认为", "v"), (",", "x")]
    assert [t.text for t in sdoc] == [w for w, _ in sentence.tokens]
    assert sdoc.text == sentence.text


def test_segment_stage_numeric_footnote_marker_found_as_superscript():
    base = build()
    unit = "政府的干预对产业集群发展的影响缺乏强有力的证据 $^{1}$ 。另见第12页。"  # MinerU writes superscripts so
    doc = base.model_copy(update={
        "text": unit, "paragraphs": [Paragraph(id="p1", kind="body", lang="zh", start=0, end=len(unit))],
        "abstract": Abstract(), "references": [],
        "footnotes": [Footnote(id="f1", marker="1", text="例如国外有学者研究证明"),
                      Footnote(id="f2", marker="2", text="未出现的脚注")],
    })
    out = segment(doc)
    assert [s.text for s in out.sentences] == ["政府的干预对产业集群发展的影响缺乏强有力的证据 $^{1}$ 。", "另见第12页。"]
    assert [(f.sentence, f.note_sentence) for f in out.footnotes] == [("c1", None), (None, None)]


def test_segment_stage_empty_and_blank_paragraphs_give_no_sentences():
    base = build()
    unit = "   \n　"
    doc = base.model_copy(update={
        "text": unit, "paragraphs": [Paragraph(id="p1", kind="body", lang="zh", start=0, end=len(unit)),
                                     Paragraph(id="p2", kind="heading", lang="zh", start=0, end=2)],
        "abstract": Abstract(), "footnotes": [], "references": []})
    out = segment(doc)
    assert (out.sentences, out.citations) == ([], [])
    assert segment(base.model_copy(update={"paragraphs": []})).sentences == []
