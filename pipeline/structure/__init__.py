"""Structure stage: recover the paper's parts (placeholder: paragraphs at blank lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Document, Paragraph
from pipeline.offsets import OffsetMap, TextBuilder

RE_BLOCK = re.compile(r"[^\n]+(?:\n(?![ \t\u3000]*\n)[^\n]*)*")


@dataclass(frozen=True)
class StructureConfig:
    """Options of the structure stage."""


def structure(doc: Document, config: StructureConfig = StructureConfig()) -> Document:
    builder = TextBuilder()
    paragraphs: list[Paragraph] = []
    for m in RE_BLOCK.finditer(doc.clean_text):
        block = m.group().strip()
        if not block:
            continue
        start, end = builder.append(block, m.start() + m.group().index(block))
        paragraphs.append(Paragraph(id=f"p{len(paragraphs) + 1}", kind="body", lang="zh", start=start, end=end))
    text_map = builder.offset_map().compose(OffsetMap(doc.clean_map))
    cleaning = doc.cleaning.model_copy(update={"offset_map": text_map.breakpoints})
    return doc.model_copy(update={"text": builder.text, "paragraphs": paragraphs, "cleaning": cleaning})
