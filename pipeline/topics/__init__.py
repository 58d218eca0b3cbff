"""Topics stage: a paper's topic mixture, and each section's, from a trained topic model.

The model is trained once on a corpus (``python -m pipeline topics``, see :mod:`pipeline.topics.train`) and
used here without retraining: the paper's words (the segment stage's tokens, stopwords and boilerplate
dropped, collocations joined as in training) are mapped to the model's dictionary and folded in. When no
model is available, ``doc.topics`` stays null and warning W701 says why; a paper none of whose words the
model knows gets W702 and no topics. Nothing is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Document, SectionTopics, Topics, TopicWeight, Warning_
from pipeline.topics.vocabulary import select_tagged

REPO = Path(__file__).resolve().parents[2]
DEFAULT_MODEL_DIR = REPO / "models" / "topics"
PAPER_KINDS = frozenset({"title", "abstract", "keywords", "heading", "body"})
SECTION_KINDS = frozenset({"heading", "body"})


@dataclass(frozen=True)
class TopicsConfig:
    """Options of the topics stage.

    model_dir: folder of a trained model (``topics.json`` and its data files); None uses the model shipped in
        ``models/topics``.
    min_weight: topics below this share of a mixture are left out of it (the rest are not renormalised).
    min_section_words: sections with fewer model words than this get no mixture of their own.
    """

    model_dir: str | None = None
    min_weight: float = 0.05
    min_section_words: int = 20


def _weights(row, min_weight: float) -> list[TopicWeight]:
    pairs = [(round(float(w), 4), t) for t, w in enumerate(row) if w >= min_weight]
    return [TopicWeight(topic=t, weight=min(w, 1.0)) for w, t in sorted(pairs, key=lambda p: (-p[0], p[1]))]


def _paper_words(doc: Document) -> tuple[list[str], dict[str | None, list[str]]]:
    """Topic words of the whole paper and of each section (in order of first appearance)."""
    paper: list[str] = []
    sections: dict[str | None, list[str]] = {}
    if doc.sentences:
        for s in doc.sentences:
            if s.lang != "zh" or s.kind not in PAPER_KINDS:
                continue
            words = select_tagged(s.tokens)
            paper.extend(words)
            if s.kind in SECTION_KINDS:
                sections.setdefault(s.section, []).extend(words)
    else:  # not segmented: segment the paragraphs here
        from pipeline.topics.vocabulary import tokenize

        for p in doc.paragraphs:
            if p.lang != "zh" or p.kind not in PAPER_KINDS:
                continue
            words = tokenize(doc.text[p.start:p.end])
            paper.extend(words)
            if p.kind in SECTION_KINDS:
                sections.setdefault(p.section, []).extend(words)
    return paper, sections


def assign_topics(doc: Document, config: TopicsConfig = TopicsConfig()) -> Document:
    """Fill ``doc.topics`` (model id, paper mixture, per-section mixtures) from a trained model."""
    from pipeline.topics.store import load_model

    folder = Path(config.model_dir) if config.model_dir else DEFAULT_MODEL_DIR
    if not (folder / "topics.json").is_file():
        warning = Warning_(code="W701", message=f"no topic model in {folder.as_posix()} (topics.json missing); "
                                                "topics left empty. Train one with `python -m pipeline topics`.")
        return doc.model_copy(update={"warnings": [*doc.warnings, warning]})
    model = load_model(folder)
    paper_words, section_words = _paper_words(doc)
    paper_bag = model.bag(paper_words)
    if not paper_bag:
        warning = Warning_(code="W702", message=f"none of the paper's words is in topic model {model.id}; "
                                                "topics left empty.")
        return doc.model_copy(update={"warnings": [*doc.warnings, warning]})
    keys, bags = [], [paper_bag]
    for key, words in section_words.items():
        bag = model.bag(words)
        if sum(bag.values()) >= config.min_section_words:
            keys.append(key)
            bags.append(bag)
    mix = model.mixtures(bags)
    topics = Topics(model=model.id, paper=_weights(mix[0], config.min_weight),
                    sections=[SectionTopics(section=key, topics=_weights(row, config.min_weight))
                              for key, row in zip(keys, mix[1:])])
    return doc.model_copy(update={"topics": topics})
