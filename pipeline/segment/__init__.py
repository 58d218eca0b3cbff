"""Segment stage: sentences and words (placeholder: split at 。！？, jieba words)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import Document, Sentence

RE_SENTENCE = re.compile(r"[^。！？]+[。！？]*")


@dataclass(frozen=True)
class SegmentConfig:
    """Options of the segment stage."""


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def words(text: str) -> list[tuple[str, str]]:
    """Words of ``text`` as (word, pos) pairs."""
    return [(w, "x") for w in _jieba().lcut(text)]


def segment(doc: Document, config: SegmentConfig = SegmentConfig()) -> Document:
    sentences: list[Sentence] = []
    for para in doc.paragraphs:
        for m in RE_SENTENCE.finditer(doc.text, para.start, para.end):
            s = m.group().strip()
            if not s:
                continue
            start = m.start() + m.group().index(s)
            tokens = [(w, "x") for w in _jieba().lcut(s) if not w.isspace()]
            sentences.append(Sentence(id=f"c{len(sentences) + 1}", kind=para.kind, lang=para.lang,
                                      section=para.section, paragraph=para.id, start=start,
                                      end=start + len(s), text=s, tokens=tokens))
    return doc.model_copy(update={"sentences": sentences})
