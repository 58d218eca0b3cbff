"""End to end: every character of `text` maps back to the raw input, unchanged unless a recorded edit touched it."""

from __future__ import annotations

import bisect

import pytest

from pipeline.offsets import OffsetMap
from pipeline.runner import process_paper
from tests.conftest import SEED_000, SEED_001, shared_data

CHINAXIV_SAMPLE = ["ChinaXiv-201606.00003V3.md", "ChinaXiv-201709.00021V1.md", "ChinaXiv-202207.00004V2.md"]


def unexplained_characters(doc) -> list[tuple[int, str, str]]:
    """(text offset, text char, raw char) where the map lands on a different character outside every edit."""
    omap = OffsetMap(doc.cleaning.offset_map)
    spans = sorted((e.raw_start, e.raw_end) for e in doc.cleaning.edits)
    starts = [s for s, _ in spans]
    bad = []
    for t, char in enumerate(doc.text):
        if char == "\n":
            continue
        r = omap.to_source(t)
        if r < len(doc.raw) and doc.raw[r] == char:
            continue
        i = bisect.bisect_right(starts, r) - 1
        near = [spans[j] for j in range(max(i - 1, 0), min(i + 2, len(spans)))]
        if not any(s <= r <= e for s, e in near):
            bad.append((t, char, doc.raw[r] if r < len(doc.raw) else ""))
    return bad


@pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=["seed000", "seed001"])
def test_runner_offsets_every_character_traced_to_raw(seed) -> None:
    doc = process_paper(seed)
    assert doc.cleaning.offset_map and doc.text
    assert unexplained_characters(doc) == []


@pytest.mark.parametrize("name", CHINAXIV_SAMPLE)
def test_runner_offsets_chinaxiv_traced_to_raw(name: str) -> None:
    doc = process_paper(shared_data("chinaxiv", "fulltext_md", name))
    assert unexplained_characters(doc) == []
