"""Clean stage: repair OCR and conversion damage, recording every edit and an offset map back to the raw text.

The fixers (:mod:`pipeline.clean.fixers`) run in a fixed, recorded order that depends on the input format
(:data:`PLANS`). Each fixer proposes replacements on the current text; they are applied, recorded as
:class:`~pipeline.model.Edit` with *raw* offsets, and the offset maps are composed so that
``doc.clean_map`` maps any offset of ``doc.clean_text`` back to ``doc.raw``.

>>> from pipeline.model import Document, Generator, Source
>>> doc = Document(paper_id="x", generator=Generator(version="0", config_hash=""), raw="产 业 集\\n\\n83\\n\\n群 ,R & D",
...                source=Source(path="a.txt", sha256="", format="txt", encoding="utf-8", size_bytes=0))
>>> clean(doc).clean_text
'产业集群，R&D'
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.clean import fixers as F
from pipeline.model import CleaningStep, Document, Edit
from pipeline.offsets import OffsetMap, apply_replacements

PLANS: dict[str, tuple[F.Fixer, ...]] = {
    "txt": (
        F.normalize_fullwidth,
        F.remove_page_furniture,
        F.repair_cnki_hyphen,
        F.join_broken_lines,
        F.join_spaced_ampersand,
        F.fix_cjk_spacing,
        F.split_glued_english,
    ),
    "md": (
        F.normalize_fullwidth,
        F.unescape_markdown,
        F.remove_images,
        F.unlatex_numbers,
        F.remove_md_running_headers,
        F.join_split_paragraphs,
        F.repair_cnki_hyphen,
        F.join_spaced_ampersand,
        F.fix_cjk_spacing,
        F.split_glued_english,
    ),
}


@dataclass(frozen=True)
class CleanConfig:
    """Options of the clean stage.

    split_english: restore lost spaces in English with the wordninja dictionary (``split_glued_english``).
    skip: names of fixers not to run (e.g. ``("fix_cjk_spacing",)``); the plan order is otherwise fixed.
    """

    split_english: bool = True
    skip: tuple[str, ...] = ()


def clean(doc: Document, config: CleanConfig = CleanConfig()) -> Document:
    """Return ``doc`` with ``clean_text``, ``clean_map`` and ``cleaning.steps``/``edits`` set."""
    text = doc.raw
    to_raw = OffsetMap.identity()
    steps: list[CleaningStep] = []
    edits: list[Edit] = []
    skip = set(config.skip)
    if not config.split_english:
        skip.add("split_glued_english")
    for fixer in PLANS.get(doc.source.format, PLANS["txt"]):
        name = fixer.__name__
        if name in skip:
            continue
        replacements = fixer(text)
        steps.append(CleaningStep(step=name, edits=len(replacements)))
        if not replacements:
            continue
        for rep in sorted(replacements, key=lambda r: (r.start, r.end)):
            edits.append(Edit(step=name, raw_start=_raw_pos(to_raw, rep.start), raw_end=_raw_pos(to_raw, rep.end),
                              before=text[rep.start:rep.end], after=rep.new))
        text, step_map = apply_replacements(text, replacements)
        to_raw = step_map.compose(to_raw)
    cleaning = doc.cleaning.model_copy(update={"steps": steps, "edits": edits})
    return doc.model_copy(update={"clean_text": text, "clean_map": to_raw.breakpoints, "cleaning": cleaning})


def _raw_pos(to_raw: OffsetMap, pos: int) -> int:
    return max(0, to_raw.to_source(pos))
