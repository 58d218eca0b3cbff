"""Clean stage: repair OCR damage, recording every edit and an offset map back to the raw text."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document
from pipeline.offsets import OffsetMap


@dataclass(frozen=True)
class CleanConfig:
    """Options of the clean stage (placeholder until the fixers land)."""


def clean(doc: Document, config: CleanConfig = CleanConfig()) -> Document:
    """Return ``doc`` with ``clean_text`` and ``clean_map`` set (no fixers yet: a copy of the raw text)."""
    return doc.model_copy(update={"clean_text": doc.raw, "clean_map": OffsetMap.identity().breakpoints})
