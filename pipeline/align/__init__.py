"""Align stage: pair the Chinese abstract with the paper's own English abstract (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document


@dataclass(frozen=True)
class AlignConfig:
    """Options of the align stage."""


def align(doc: Document, config: AlignConfig = AlignConfig()) -> Document:
    return doc
