"""English sentence splitting and lost-space repair on ChinaXiv abstracts (ChinaXiv, CC BY 4.0; ids cited)."""

from __future__ import annotations

import pytest

from pipeline.offsets import Replacement, apply_replacements
from pipeline.segment.english import restore_spaces, split_english_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_english_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ChinaXiv-201601.00052V2: lost space after the period, bracketed label glued to the period
        (
            "Based on the ontology knowledge base,this platform uses Neo4j database as data storage,creates three "
            "index based on Solr.For various retrieval demands, the execution process of retrieval engine is "
            "designed.[Result/Conclusion] The knowledge retrieval platform has been constructed.",
            [
                "Based on the ontology knowledge base,this platform uses Neo4j database as data storage,creates "
                "three index based on Solr.",
                "For various retrieval demands, the execution process of retrieval engine is designed.",
                "[Result/Conclusion] The knowledge retrieval platform has been constructed.",
            ],
        ),
        # ChinaXiv-201601.00053V1: glued words inside, labels after the period with and without a space
        (
            "[Objective]This paper aims torealize the sharingand utilizationof the Scientific& Technological "
            "Knowledge Organization System(STKOS).[Context] An effctive storage and access engine system is the "
            "prerequisite.",
            [
                "[Objective]This paper aims torealize the sharingand utilizationof the Scientific& Technological "
                "Knowledge Organization System(STKOS).",
                "[Context] An effctive storage and access engine system is the prerequisite.",
            ],
        ),
        # ChinaXiv-201606.00025V1 / 201606.00019V1: full-width and lenticular brackets
        (
            "and sharing mechanism.【Conclusions】Research organizations should act."
            "［Findings］Theresultsshow that it works.",
            ["and sharing mechanism.", "【Conclusions】Research organizations should act.",
             "［Findings］Theresultsshow that it works."],
        ),
        # ChinaXiv-201605.01641V1: an acronym opens the next sentence without a space
        (
            "such as IIC,CAN,Ethernetand SD card.EMIF interface provides external modules with addressing space.",
            ["such as IIC,CAN,Ethernetand SD card.", "EMIF interface provides external modules with addressing space."],
        ),
    ],
)
def test_align_english_split_boundaries(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # abbreviations, initials, decimals, et al. with a year: no boundary (negatives)
        "It was applied in the U.S. and compared with Yang et al.(2008) at 0.66 and 1.9 times, "
        "e.g. in Fig. 3 by J. Smith.",
        # ChinaXiv-201606.00131V1: OCR "4.O" (a zero read as O) is not a sentence end
        "SATI3.1 statistical literature sources and drawing keyword matrix, CiteSpace4.O draw authors and Atlas.",
        # ChinaXiv-201605.01643V1: MinerU's LaTeX numbers ($0 . 3$) are never split
        "and has high resolving power of $0 . 3 { ^ { \\prime \\prime } }$ in center area of working scope.",
    ],
)
def test_align_english_split_non_boundaries(text: str) -> None:
    assert _sentences(text) == [text]


def test_align_english_split_spans_index_the_input() -> None:
    text = "  First one.  Second one.[Methods] Third one  "
    spans = split_english_sentences(text)
    assert spans == [(2, 12), (14, 25), (25, 44)]
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one.", "[Methods] Third one"]


def test_align_english_restore_spaces_real_damage() -> None:
    # ChinaXiv-201703.00069V1 and 201601.00053V1
    new, edits = restore_spaces("Itcan indicate thestatusofland productivity; aims torealize the sharingand use")
    assert new == "It can indicate the status of land productivity; aims to realize the sharing and use"
    assert edits[:2] == [Replacement(0, 5, "It can"), Replacement(15, 30, "the status of land")]
    replayed, _ = apply_replacements("Itcan indicate thestatusofland productivity; aims torealize the sharingand use",
                                     edits)
    assert replayed == new


def test_align_english_restore_spaces_punctuation() -> None:
    new, _ = restore_spaces("data storage,creates three index;the rest")
    assert new == "data storage, creates three index; the rest"


@pytest.mark.parametrize(
    "text",
    [
        "a metathesaurus and multiversion management",  # word-forming prefixes stay
        "samples from Binzhou, Helan and Xiangxi",  # romanised Chinese names stay
        "the \\mathrm value and STKOSAPI",  # LaTeX commands and acronyms stay
        "an effctive method",  # a misspelling is not a lost space
    ],
)
def test_align_english_restore_spaces_negatives(text: str) -> None:
    assert restore_spaces(text) == (text, [])
