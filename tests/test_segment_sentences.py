"""Sentence splitting on real text (seeds, ChinaXiv dev papers): exact splits, and places that must not split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.segment.english import split_english_sentences
from pipeline.segment.sentences import enclosed_spans, split_chinese

CASES = json.loads((Path(__file__).parent / "data" / "segment" / "sentences.json").read_text(encoding="utf-8"))


def _split(text: str, lang: str) -> list[str]:
    spans = split_chinese(text) if lang == "zh" else split_english_sentences(text)
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["source"][:40])
def test_segment_sentences_exact(case):
    assert _split(case["text"], case["lang"]) == case["sentences"]


# Negatives: each real excerpt is ONE sentence; the named thing inside must not split it.
NO_SPLIT = [
    ("3.6万 (full-width, seed 001)", "zh", "建设了３．６万平方米的“中国塑料城”，１９９８年第二期完成。"),
    ("23.4%-style decimal percentage (ChinaXiv-201708.00176V1)", "zh", "专利授权率为47.1%，专利授权且目前有效量为516件。"),
    ("［1］ marker before 。 (seed 001)", "zh", "从而限制了创新潜力的发挥［１］。"),
    ("quotation ending in 。 (seed 000)", "zh", "而国内有媒体称“产业集群是中国经济第三次浪潮的发动机。”"),
    ("。 inside brackets (ChinaXiv-201708.00176V1, shortened)", "zh",
     "审中专利量为专利申请总量的40%（详细统计结果参见表1。下同）。"),
    ("； inside an author-year citation (seed 000 style)", "zh", "集群政策应定位于市场增进(Porter, 1998; Aokim, 1996)。"),
    ("short enumeration with ； (seed 001 style)", "zh", "集群包括余姚；柳市；绍兴等地。"),
    ("e.g./i.e. (ChinaXiv-201808.00032V1)", "en",
     "In the supply chain, there were three basic processes, i.e., demand management, research and study."),
    ("et al. (ChinaXiv-202205.00039V1)", "en",
     "According to a systematic review by Farias et al. (2020), the overall prevalence was high."),
    ("0.66 decimal (English)", "en", "The coefficient was 0.66 in the cluster sample."),
]


@pytest.mark.parametrize("name,lang,text", NO_SPLIT, ids=[n for n, _, _ in NO_SPLIT])
def test_segment_sentences_no_split(name, lang, text):
    assert _split(text, lang) == [text]


def test_segment_sentences_semicolon_splits_long_clauses():
    text = "政府还可以提供有效的公共的生产性服务，比如提供技术和需求预测；设立公共培训机构，实施优秀人才引进计划。"
    assert _split(text, "zh") == ["政府还可以提供有效的公共的生产性服务，比如提供技术和需求预测；", "设立公共培训机构，实施优秀人才引进计划。"]


def test_segment_sentences_ellipsis_only_at_paragraph_end():
    assert _split("加强……等方面的合作。然后继续", "zh") == ["加强……等方面的合作。", "然后继续"]
    assert _split("问题还有很多……", "zh") == ["问题还有很多……"]


def test_segment_sentences_unclosed_bracket_protects_nothing():
    # OCR lost the closing bracket: the opener must not swallow the rest of the paragraph
    assert _split("政府（地方政府应加强合作。企业应创新。", "zh") == ["政府（地方政府应加强合作。", "企业应创新。"]


def test_segment_sentences_markdown_image_bang_is_no_terminator():
    text = "目前的工作布局见图2。![](images/2f8a.jpg)"
    assert _split(text, "zh") == ["目前的工作布局见图2。", "![](images/2f8a.jpg)"]


def test_segment_sentences_enclosed_spans_outermost_only():
    assert enclosed_spans("称“产业（集群）是发动机”。") == [(1, 13)]
