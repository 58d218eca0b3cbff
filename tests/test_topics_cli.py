"""The ``topics`` command: trains a model folder from JSON Lines records and papers; refuses bad options."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.topics.corpus import CorpusFilter, read_record_units, read_units

DATA = Path(__file__).parent / "data" / "topics"
ABSTRACTS = DATA / "abstracts.jsonl"
SMALL = ["--k", "3", "--no-below", "2", "--no-above", "0.5", "--seed", "1"]


def invoke(*args: str):
    return CliRunner().invoke(cli, ["topics", *args], catch_exceptions=False)


def test_topics_cli_trains_model_folder(tmp_path: Path) -> None:
    result = invoke(str(ABSTRACTS), "--out", str(tmp_path / "m"), *SMALL)
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "m" / "topics.json").read_text(encoding="utf-8"))
    assert summary["model"]["k"] == 3 and summary["corpus"]["units"] == 45
    # each fixture theme leads one topic's top terms, whatever the segmenter's small changes
    tops = [[t["term"] for t in topic["terms"][:5]] for topic in summary["topics"]]
    assert sorted(next(w for w in ("智库", "旅游", "土壤") if any(w in t for t in top)) for top in tops) == \
        ["土壤", "旅游", "智库"]
    assert "nmf-k3-v1-" in result.output


def test_topics_cli_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert invoke(str(ABSTRACTS), "--out", str(tmp_path / name), *SMALL, "--no-report").exit_code == 0
    assert (tmp_path / "a" / "topics.json").read_bytes() == (tmp_path / "b" / "topics.json").read_bytes()


def test_topics_cli_rejects_bad_k(tmp_path: Path) -> None:
    for bad in ("1", "many"):
        result = invoke(str(ABSTRACTS), "--out", str(tmp_path), "--k", bad)
        assert result.exit_code == 2
        assert "give a number of topics (2 or more) or 'auto'" in result.output


def test_topics_cli_reports_empty_corpus(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "x", "title": "无摘要"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["topics", str(empty), "--out", str(tmp_path / "m"), "--k", "3"])
    assert result.exit_code == 2
    assert "[E201] no training documents in the inputs." in result.output


def test_topics_cli_help_ends_with_example() -> None:
    result = CliRunner().invoke(cli, ["topics", "--help"])
    assert result.exit_code == 0
    description = result.output.split("Options:")[0]
    assert description.rstrip().splitlines()[-1].strip().startswith("python -m pipeline topics ")


def test_topics_corpus_filters_records(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    abstract = "本文从产业集群的视角分析地方政府的产业政策及其对区域创新的影响，提出政策建议。"
    rows = [{"title": "甲", "abstract": abstract, "category": "经济学"},
            {"title": "乙", "abstract": abstract, "category": "工学"},
            {"id": "CX-1", "zh_title": "丙", "zh_abstract": abstract},
            {"id": "CX-2", "zh_title": "丁", "zh_abstract": abstract},
            {"id": "CX-3", "zh_title": "戊", "zh_abstract": "太短。"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    units = list(read_record_units(path, CorpusFilter(categories=frozenset({"经济学"}), keep_ids=frozenset({"CX-2"}))))
    assert [(u.id, u.text.split("\n")[0]) for u in units] == [("records:1", "甲"), ("CX-2", "丁")]
    # 本文, 视角, 分析, 影响, 提出 are stopwords or boilerplate; 甲 is a single character
    assert units[0].words == ("产业集群", "地方", "政府", "产业政策", "区域创新", "政策建议")


def test_topics_corpus_reads_paper_paragraphs() -> None:
    units = list(read_units([DATA / "paper_tourism.md"]))
    assert units and all(u.sentences and u.id.startswith(u.paper + "/") for u in units)
    assert "生态旅游" in units[0].text or "丝绸之路" in units[0].text
