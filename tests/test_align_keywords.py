"""Keyword pairing on real keyword lists (ChinaXiv, CC BY 4.0; ids cited)."""

from __future__ import annotations

import pytest

from pipeline.align import align_keywords
from pipeline.align.keywords import keyword_score


@pytest.mark.parametrize(
    ("zh", "en", "expected"),
    [
        # ChinaXiv-201702.00114V1: every keyword pairs, the place name through CC-CEDICT (重庆 -> Chongqing)
        (["城市化", "生态用地", "生态系统服务价值", "用地结构", "重庆"],
         ["urbanization", "ecological land", "ecosystem service value", "land use structure", "Chongqing City"],
         [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]),
        # ChinaXiv-201703.00068V1: acronyms (GIS, LCA) have no dictionary evidence and stay unpaired
        (["产业生态", "地理信息系统", "物质代谢", "产业共生", "生命周期评价"],
         ["industrial ecology", "GIS", "material metabolism", "industrial symbiosis", "LCA"],
         [[0, 0], [2, 2], [3, 3]]),
        # ChinaXiv-201606.00174V1: 空间传导网络 vs "spatial transmission network" is too weak (空间 = space)
        (["大气污染", "空间传导网络", "动态交互影响", "城市群"],
         ["air pollution", "spatial transmission network", "dynamic interaction", "urban agglomeration"],
         [[0, 0], [2, 2], [3, 3]]),
    ],
)
def test_align_keywords_real_lists(zh: list[str], en: list[str], expected: list[list[int]]) -> None:
    assert align_keywords(zh, en) == expected


def test_align_keywords_order_does_not_matter() -> None:
    zh = ["城市化", "生态用地", "重庆"]
    en = ["Chongqing City", "urbanization", "ecological land"]
    assert align_keywords(zh, en) == [[0, 1], [1, 2], [2, 0]]


def test_align_keywords_glossary_and_latin() -> None:
    assert keyword_score("产业集群", "industrial clusters") == 1.0
    assert keyword_score("STKOS", "STKOS") == 1.0
    assert keyword_score("市场失灵", "government failure") == 0.0  # one word of a two-word term is not enough


def test_align_keywords_empty_and_unrelated() -> None:
    assert align_keywords([], ["industrial cluster"]) == []
    assert align_keywords(["产业集群"], []) == []
    assert align_keywords(["产业集群"], ["soil organic carbon"]) == []
