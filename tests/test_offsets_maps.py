"""Offset maps: any offset of a derived text maps back to the source, through several derivations."""

from __future__ import annotations

from pipeline.offsets import OffsetMap, Replacement, TextBuilder, apply_replacements


def test_offsets_replacements_map_back_to_raw() -> None:
    raw = "产业集83技术经济 群的 R & D"
    new, omap = apply_replacements(raw, [Replacement(3, 10, ""), Replacement(14, 15, ""),
                                         Replacement(16, 17, "")])
    assert new == "产业集群的 R&D"
    assert [raw[omap.to_source(i)] for i in range(len(new))] == list("产业集群的 R&D")


def test_offsets_compose_two_derivations() -> None:
    raw = "一、问题的\n题出\n\n正文 ,内容"
    clean, m1 = apply_replacements(raw, [Replacement(5, 6, ""), Replacement(12, 14, "，")])
    assert clean == "一、问题的题出\n\n正文，内容"
    builder = TextBuilder()
    builder.append(clean[:7], 0)
    builder.append(clean[9:], 9)
    text = builder.text
    assert text == "一、问题的题出\n正文，内容"
    composed = builder.offset_map().compose(m1)
    assert [raw[composed.to_source(i)] for i in range(len(text)) if text[i] not in "\n，"] == [
        c for c in "一、问题的题出正文内容"
    ]
    assert raw[composed.to_source(text.index("，"))] == " "


def test_offsets_identity_and_breakpoints() -> None:
    assert OffsetMap.identity().to_source(42) == 42
    assert OffsetMap([[0, 0], [5, 5], [7, 10]]).breakpoints == [[0, 0], [7, 10]]
