"""The aligner's choices on real abstract pairs from the hand-aligned dev set (ChinaXiv, CC BY 4.0)."""

from __future__ import annotations

import pytest

from pipeline.align.aligner import DEFAULT_LINK_TYPES, align_sentences, load_model
from pipeline.align.evaluate import load_dev

ROWS = {r["id"]: r for r in load_dev()}


def _links(pid: str) -> list[list[list[int]]]:
    r = ROWS[pid]
    return [[z, e] for z, e, _ in align_sentences(r["zh_sentences"], r["en_sentences"])]


@pytest.mark.parametrize(
    ("pid", "expected"),
    [
        # one Chinese sentence rendered as three English ones ([方法/过程] ... -> E1 E2 E3)
        ("ChinaXiv-201601.00052V2", [[[0], [0]], [[1], [1, 2, 3]], [[2], [4, 5]]]),
        # two Chinese sentences said in one English sentence (2-1)
        ("ChinaXiv-201601.00058V1", [[[0, 1], [0]], [[2], [1]]]),
        # three Chinese result sentences in one English [Results] sentence (3-1), numbers 195 / 65 / 74 as anchors
        ("ChinaXiv-201606.00024V1", [[[0], [0]], [[1], [1]], [[2, 3, 4], [2]], [[5], [3]], [[6], [4]]]),
        # 1-2 and 2-1 in the same abstract
        ("ChinaXiv-201606.00008V1", [[[0, 1], [0]], [[2], [1]], [[3], [2, 3]]]),
        # a 1-4 link where the English splits a long results sentence
        ("ChinaXiv-201703.00060V1", [[[0], [0]], [[1], [1, 2]], [[2], [3, 4, 5, 6]], [[3], [7]]]),
    ],
)
def test_align_dp_choices_match_hand_alignment(pid: str, expected) -> None:
    assert _links(pid) == expected


def test_align_dp_choices_scores_are_probabilities_in_order() -> None:
    r = ROWS["ChinaXiv-201606.00024V1"]
    links = align_sentences(r["zh_sentences"], r["en_sentences"])
    assert all(0.0 <= s <= 1.0 for _, _, s in links)
    assert [z[0] for z, _, _ in links] == sorted(z[0] for z, _, _ in links)  # monotonic


def test_align_dp_choices_known_miss_one_to_five() -> None:
    # ChinaXiv-201702.00105V1: the last Chinese sentence is rendered as five English sentences; the DP allows at
    # most 1-4 and links four of them; the fifth (E6, "Fornaturalforests，forestfragmentation...") explains too few of
    # its words through zh 3 to be absorbed (lost spaces and OCR damage), so it stays unaligned (gold: 1-5)
    links = _links("ChinaXiv-201702.00105V1")
    assert links == [[[0], [0]], [[1], [1, 2]], [[2], [3, 4, 5]], [[3], [7, 8, 9, 10]]]
    assert max(max(a, b) for a, b in DEFAULT_LINK_TYPES) == 4


def test_align_dp_choices_absorbs_a_stranded_fifth_sentence() -> None:
    # ChinaXiv-201703.00069V1: zh 1 is rendered as five English sentences (E2-E6); the DP links E3-E6 and the
    # stranded E2 ("Soil organic carbon is an important parameter ...") is absorbed by its lexical evidence
    assert _links("ChinaXiv-201703.00069V1") == [
        [[0], [0, 1]], [[1], [2, 3, 4, 5, 6]], [[2], [7]], [[3], [8, 9]], [[4], [10]]]


def test_align_dp_choices_empty_sides() -> None:
    assert align_sentences([], ["An English sentence."]) == []
    assert align_sentences(["一个中文句子。"], []) == []


def test_align_dp_choices_unaligned_sentence_is_left_out() -> None:
    # ChinaXiv-201606.00064V1 style: "表4。参考文献21。" have no English counterpart sentence
    zh = ["研究表明，创建与使用具有行为特征的型人，对于图书馆服务和数字图书馆系统设计具有重要意义。", "表4。", "参考文献21。"]
    en = ["This study shows that it is of significance to create and use personas with behavior characters for "
          "library services and the design of digital library system."]
    links = align_sentences(zh, en)
    assert [[z, e] for z, e, _ in links] == [[[0], [0]]]


def test_align_dp_choices_model_loaded_once() -> None:
    assert load_model() is load_model()
