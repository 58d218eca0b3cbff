"""``pipeline.segment.cutter.cut`` yields exactly the words of ``jieba.dt.cut`` (accurate mode, HMM on), with the
user dictionary loaded, on whole real papers and on edge cases."""

from __future__ import annotations

import jieba
import pytest

from pipeline.segment import cutter
from pipeline.segment.tokenizer import lexicon
from tests.conftest import SEED_000, SEED_001, shared_data


def _jieba_words(text: str) -> list[str]:
    lexicon()
    return list(jieba.dt.cut(text))


def test_segment_cutter_patterns_are_jiebas():
    assert (cutter.RE_HAN.pattern, cutter.RE_HAN.flags) == (jieba.re_han_default.pattern, jieba.re_han_default.flags)
    assert (cutter.RE_SKIP.pattern, cutter.RE_SKIP.flags) == (jieba.re_skip_default.pattern, jieba.re_skip_default.flags)


@pytest.mark.parametrize("text", [
    "", " ", "\r\n\r\n", "。", "a", "产", "龘", "产业集群内的企业占23.4%［1］", "波特(1998)认为R&D十分重要",
    "黄纯艳和曾为众（2009）指出，匡瑾璘等人(2009)", "Top-Down 与 bottom_up 的 3.5% 和 C++#",
    "结合上述分析,\t本文\u3000提出\r\n政策建议：①加强；②完善。", "\ufeff首都之首都之首都", "的的的的的的的的",
])
def test_segment_cutter_edge_cases(text):
    assert cutter.cut(text) == _jieba_words(text)


def test_segment_cutter_seed_papers():
    for path in (SEED_000, SEED_001):
        text = path.read_text(encoding="utf-8")
        assert cutter.cut(text) == _jieba_words(text)


def test_segment_cutter_chinaxiv_papers():
    folder = shared_data("chinaxiv", "fulltext_md")
    for path in sorted(folder.glob("*.md"))[:12]:
        text = path.read_text(encoding="utf-8")
        assert cutter.cut(text) == _jieba_words(text), path.name
