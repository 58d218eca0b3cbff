"""Glossary growth: term pairs proposed from confident links of the dev abstracts (ChinaXiv, CC BY 4.0)."""

from __future__ import annotations

from click.testing import CliRunner

from pipeline.align.evaluate import DEV_PATH, load_dev
from pipeline.align.glossary import propose_terms, read_pairs
from pipeline.cli import cli


def test_align_glossary_proposals_on_tune_split() -> None:
    rows = load_dev(split="tune")
    terms = propose_terms([(r["zh_sentences"], r["en_sentences"]) for r in rows], top=200)
    pairs = {(zh, en) for zh, en, _, _ in terms}
    # what CC-CEDICT misses in these abstracts: 罕见 (rare) for "orphan" drugs, 城市规划 for "urban planning"
    assert ("罕见", "orphan") in pairs  # ChinaXiv-201707.00836V1
    assert ("城市规划", "urban planning") in pairs  # ChinaXiv-201704.00169V1
    # words the dictionary or glossary already explain are never proposed
    assert not {zh for zh, _, _, _ in terms} & {"智库", "政策", "数据", "研究"}
    assert all(n >= 2 and 0 < dice <= 1 for _, _, n, dice in terms)


def test_align_glossary_read_pairs_both_formats(tmp_path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        '{"id": "a", "zh_abstract": "【目的】研究智库。【结论】智库有用。", '
        '"en_abstract": "[Objective] Study.[Conclusions] Useful."}\n'
        '{"id": "b", "zh_sentences": ["一。"], "en_sentences": ["One."]}\n',
        encoding="utf-8",
    )
    assert list(read_pairs(path)) == [
        (["【目的】研究智库。", "【结论】智库有用。"], ["[Objective] Study.", "[Conclusions] Useful."]),
        (["一。"], ["One."]),
    ]
    assert list(read_pairs(path, {"b"})) == [(["一。"], ["One."])]


def test_align_glossary_cli_prints_reviewable_lines() -> None:
    result = CliRunner().invoke(cli, ["align-glossary", str(DEV_PATH), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "罕见\torphan\t# links 3, dice 1.0",
        "三层\tthree tier\t# links 2, dice 1.0",
        "三层\ttier\t# links 2, dice 1.0",
    ]
