"""Segment stage: split paragraphs into sentences, sentences into tagged words; find and link citations.

``segment(doc)`` fills ``doc.sentences`` (ids c1, c2, … in reading order; kind/lang/section/paragraph copied from
the paragraph; ``doc.text[start:end] == text``, no surrounding whitespace), their ``tokens`` ([word, tag] pairs,
see :mod:`pipeline.segment.tokenizer`), ``abstract.zh/en.sentences``, ``footnotes[].sentence`` /
``note_sentence`` and ``citations`` (with the reference ids they point to).

Sentence rules are in :mod:`pipeline.segment.sentences` (Chinese) and :mod:`pipeline.segment.english` (English).
Titles, headings and keyword lines are one sentence each, never split (关键词：产业集群；政策).

>>> from pipeline.segment.tokenizer import words
>>> words("行业协会应发挥作用")
[('行业协会', 'term'), ('应', 'v'), ('发挥作用', 'n')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.model import Abstract, Citation, Document, Footnote, Section, Sentence
from pipeline.segment.citations import link, reference_numbers
from pipeline.segment.sentences import MAX_ENCLOSED_CHARS, MIN_CLAUSE_CHARS, split_chinese, strip_span
from pipeline.segment.tokenizer import tokenize, words

__all__ = ["SegmentConfig", "segment", "words"]

RE_DIGITS_ONLY = re.compile(r"\d+")


@dataclass(frozen=True)
class SegmentConfig:
    """Options of the segment stage.

    min_clause_chars: ；/; splits only when the clauses on both sides hold at least this many letters, digits or
        Han characters (shorter ones are enumerations: 北京；上海).
    max_enclosed_chars: a bracket or quote pair longer than this protects nothing from splitting (OCR damage).
    whole_kinds: paragraph kinds kept as one sentence.
    engine: "jieba" calls jieba's default tokenizer directly; "spacy" sends the same text through
        ``spacy.blank("zh")`` with the jieba segmenter. Both give the same words (tested); "spacy" costs the
        spaCy import and a Doc per piece of text.
    """

    min_clause_chars: int = MIN_CLAUSE_CHARS
    max_enclosed_chars: int = MAX_ENCLOSED_CHARS
    whole_kinds: tuple[str, ...] = ("title", "heading", "keywords")
    engine: Literal["jieba", "spacy"] = "jieba"


def _english_splitter():
    from pipeline.segment.english import split_english_sentences

    return split_english_sentences


def sentence_spans(doc: Document, config: SegmentConfig = SegmentConfig()) -> list[tuple[int, int, int]]:
    """(start, end, paragraph index) of every sentence of ``doc``, in paragraph order."""
    text = doc.text
    out: list[tuple[int, int, int]] = []
    split_english = None
    for i, para in enumerate(doc.paragraphs):
        if para.kind in config.whole_kinds:
            span = strip_span(text, para.start, para.end)
            spans = [span] if span else []
        elif para.lang == "en":
            split_english = split_english or _english_splitter()
            spans = [(para.start + s, para.start + e) for s, e in split_english(text[para.start : para.end])]
        else:
            spans = split_chinese(text, para.start, para.end, min_clause_chars=config.min_clause_chars,
                                  max_enclosed_chars=config.max_enclosed_chars)
        out.extend((s, e, i) for s, e in spans)
    return out


def segment(doc: Document, config: SegmentConfig = SegmentConfig()) -> Document:
    """Fill sentences, tokens, abstract sentence ids, footnote links and citations of ``doc``."""
    text = doc.text
    numbered = reference_numbers(doc.references)
    sentences: list[Sentence] = []
    citations: list[Citation] = []
    for start, end, i in sentence_spans(doc, config):
        para = doc.paragraphs[i]
        sid = f"c{len(sentences) + 1}"
        tokens, cites = tokenize(text, start, end, lang=para.lang, engine=config.engine)
        sentences.append(Sentence.model_construct(
            id=sid, kind=para.kind, lang=para.lang, section=para.section, paragraph=para.id,
            start=start, end=end, text=text[start:end], tokens=tokens, tags=[],
        ))
        for s, e in cites:
            citations.append(Citation(sentence=sid, start=s, end=e, text=text[s:e],
                                      references=link(text[s:e], doc.references, numbered)))
    return doc.model_copy(update={
        "sentences": sentences,
        "citations": citations,
        "abstract": _link_abstract(doc.abstract, sentences),
        "footnotes": _link_footnotes(doc.footnotes, sentences),
        "sections": _link_sections(doc.sections, sentences),
    })


def _link_sections(sections: list[Section], sentences: list[Sentence]) -> list[Section]:
    """Point each section at its heading's (first) sentence."""
    heading: dict[str, str] = {}
    for s in sentences:
        if s.kind == "heading" and s.section is not None:
            heading.setdefault(s.section, s.id)
    return [sec.model_copy(update={"sentence": heading.get(sec.id)}) for sec in sections]


def _link_abstract(abstract: Abstract, sentences: list[Sentence]) -> Abstract:
    parts = {}
    for lang in ("zh", "en"):
        part = getattr(abstract, lang)
        if part is not None:
            ids = [s.id for s in sentences if part.start <= s.start and s.end <= part.end]
            parts[lang] = part.model_copy(update={"sentences": ids})
    return abstract.model_copy(update=parts) if parts else abstract


def _marker_pattern(marker: str) -> re.Pattern:
    """Where a footnote marker sits in running text: ① as printed; a number only as a superscript (^{1}, ^1)."""
    if RE_DIGITS_ONLY.fullmatch(marker):
        return re.compile(rf"\^\s*\{{?\s*{marker}\s*\}}?(?!\d)")
    return re.compile(re.escape(marker))


def _link_footnotes(footnotes: list[Footnote], sentences: list[Sentence]) -> list[Footnote]:
    out = []
    for fn in footnotes:
        pattern = _marker_pattern(fn.marker)  # compiled per footnote: a paper has a handful
        carrier = next((s.id for s in sentences if s.kind != "footnote" and pattern.search(s.text)), None)
        head = fn.text.strip()[:12]
        own = next((s.id for s in sentences if s.kind == "footnote" and head and head in s.text), None)
        if own is None:
            own = next((s.id for s in sentences if s.kind == "footnote" and s.text.startswith(fn.marker)), None)
        out.append(fn.model_copy(update={"sentence": carrier, "note_sentence": own}))
    return out
