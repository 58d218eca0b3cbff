"""Tag stage: policy recommendations and cited evidence (placeholder: no tags yet)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document


@dataclass(frozen=True)
class TagConfig:
    """Options of the tag stage."""


def tag(doc: Document, config: TagConfig = TagConfig()) -> Document:
    return doc
