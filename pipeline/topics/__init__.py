"""Topics stage: fill a paper's topic mixture from a trained model (placeholder: no model yet)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document


@dataclass(frozen=True)
class TopicsConfig:
    """Options of the topics stage."""

    model_dir: str | None = None


def assign_topics(doc: Document, config: TopicsConfig = TopicsConfig()) -> Document:
    return doc
