"""Sentence lists for aligning abstracts that do not come from a Document (the dev set, raw JSONL pairs).

The pipeline itself aligns the sentences the segment stage made; these helpers cut raw abstract text the same
way the hand-aligned dev set was cut (see ``tests/data/align/GUIDE.md``).
"""

from __future__ import annotations

import re

from pipeline.segment.english import split_english_sentences

RE_ZH_END = re.compile(r"(?:[。！？]|(?<![０-９0-9 ])．)+[”’」』）)]*")
RE_ZH_LABEL = re.compile(r"[【\[［][^】\]］]{1,12}[】\]］]")


def split_chinese_abstract(text: str) -> list[str]:
    """Chinese sentences: cut after 。！？ (and a full-width ． not between digits), and before a bracketed
    section label that does not open the text; the label stays with the sentence it heads.

    >>> split_chinese_abstract("【目的】了解态度。【方法】选择326个样本【结果】回收0．65")
    ['【目的】了解态度。', '【方法】选择326个样本', '【结果】回收0．65']
    """
    cuts = {0, len(text)}
    for m in RE_ZH_END.finditer(text):
        cuts.add(m.end())
    for m in RE_ZH_LABEL.finditer(text):
        if text[: m.start()].strip():
            cuts.add(m.start())
    points = sorted(cuts)
    return [text[a:b].strip() for a, b in zip(points, points[1:]) if text[a:b].strip()]


def split_english_abstract(text: str) -> list[str]:
    """English sentences of an abstract (:func:`pipeline.segment.english.split_english_sentences`).

    >>> split_english_abstract("It grows.[Methods]We test it.")
    ['It grows.', '[Methods]We test it.']
    """
    return [text[s:e] for s, e in split_english_sentences(text)]
