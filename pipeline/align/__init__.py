"""Align stage: link each Chinese abstract sentence to the English sentences that say the same thing.

Reads ``abstract.zh/en.sentences`` (filled by segment), writes ``abstract.alignment`` (links with calibrated
scores; unaligned sentences are absent) and ``keywords.alignment``. It also checks the structure stage's choice
of English abstract: when an English abstract set aside as ``foreign_abstract`` matches the Chinese title,
abstract and keywords better than the chosen one, a warning (W602) says so.

Public helpers: :func:`score_abstract_match` (which English abstract is the paper's own),
:func:`align_sentences` (the aligner on plain sentence lists), :func:`align_keywords`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.align.aligner import align_sentences, load_model
from pipeline.align.keywords import align_keywords
from pipeline.align.match import ChineseSide, score_abstract_match
from pipeline.model import AlignmentLink, Document, Warning_

__all__ = ["AlignConfig", "align", "align_keywords", "align_sentences", "score_abstract_match"]


@dataclass(frozen=True)
class AlignConfig:
    """Options of the align stage.

    scorer: how candidate links are scored. "lexical" (the only one shipped): CC-CEDICT and glossary
        translation evidence, anchors (numbers, Latin terms, section labels) and a Gale-Church length model,
        combined by a logistic model fitted on the tune half of ``tests/data/align/dev_pairs.jsonl``. Another
        scorer (e.g. sentence embeddings) plugs in through ``aligner.decode``'s ``prob`` function and must
        load its model lazily, on first use, never at import.
    min_score: links whose calibrated score is below this are dropped (0.0 keeps every link the DP chose).
    keyword_min_score: least translation evidence for pairing two keywords (see ``keywords.keyword_score``).
    attribution_margin: a set-aside English abstract must beat the chosen one by this much to raise W602.
    min_match: below this ``score_abstract_match`` of the chosen English abstract, W603 says it may belong to
        another paper or be badly damaged (14% of 400 dev papers score below 0.3: mostly English with lost
        letters, cut off, or another paper's).
    """

    scorer: Literal["lexical"] = "lexical"
    min_score: float = 0.0
    keyword_min_score: float = 0.4
    attribution_margin: float = 0.1
    min_match: float = 0.3


def align(doc: Document, config: AlignConfig = AlignConfig()) -> Document:
    """Fill ``abstract.alignment`` and ``keywords.alignment`` of ``doc``.

    >>> from pipeline.model import Generator, Source
    >>> doc = Document(paper_id="0", generator=Generator(version="0", config_hash="0"),
    ...                source=Source(path="x.txt", sha256="0", format="txt", encoding="utf-8", size_bytes=0),
    ...                keywords={"zh": ["产业集群", "市场失灵"], "en": ["market failure", "industrial cluster"]})
    >>> align(doc).keywords.alignment
    [[0, 1], [1, 0]]
    """
    updates: dict = {}
    warnings = list(doc.warnings)
    by_id = {s.id: s for s in doc.sentences}
    zh_ids = [i for i in (doc.abstract.zh.sentences if doc.abstract.zh else []) if i in by_id]
    en_ids = [i for i in (doc.abstract.en.sentences if doc.abstract.en else []) if i in by_id]
    links: list[AlignmentLink] = []
    if zh_ids and en_ids:
        model = load_model()
        for z, e, score in align_sentences([by_id[i].text for i in zh_ids], [by_id[i].text for i in en_ids], model):
            if score >= config.min_score:
                links.append(AlignmentLink(zh=[zh_ids[k] for k in z], en=[en_ids[k] for k in e], score=score))
    elif doc.abstract.zh and doc.abstract.en and not (zh_ids and en_ids):
        warnings.append(Warning_(code="W601", message="abstract sentences missing (segment stage): not aligned"))
    abstract = doc.abstract.model_copy(update={"alignment": links})
    keywords = doc.keywords.model_copy(
        update={"alignment": align_keywords(doc.keywords.zh, doc.keywords.en, config.keyword_min_score)}
    )
    updates["abstract"] = abstract
    updates["keywords"] = keywords
    if doc.abstract.zh and doc.abstract.en:
        warnings.extend(_check_attribution(doc, config))
    updates["warnings"] = warnings
    return doc.model_copy(update=updates)


def _check_attribution(doc: Document, config: AlignConfig) -> list[Warning_]:
    zh_side = ChineseSide(doc.title.zh, doc.abstract.zh.text, doc.keywords.zh)  # segmented once for all candidates
    chosen = zh_side.score(doc.abstract.en.text)
    out = []
    if chosen < config.min_match:
        out.append(Warning_(
            code="W603",
            message=(f"the English abstract matches the Chinese title and abstract poorly ({chosen:.2f} < "
                     f"{config.min_match}): it may belong to another paper or be badly damaged"),
        ))
    others = [x for x in doc.excluded if x.kind == "foreign_abstract"]
    for x in others:
        s = zh_side.score(x.text)
        if s > chosen + config.attribution_margin:
            out.append(Warning_(
                code="W602",
                message=(f"an English abstract set aside as foreign (raw {x.raw_start}-{x.raw_end}) matches the "
                         f"Chinese title and abstract better ({s:.2f}) than the chosen one ({chosen:.2f})"),
            ))
    return out
