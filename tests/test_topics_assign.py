"""Inference: a trained model fills a new paper's topics; no model or no known word leaves them null."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import Document, Generator, Sentence, Source
from pipeline.topics import TopicsConfig, assign_topics
from pipeline.topics.builder import BuildOptions, build_model
from tests.test_topics_train import CONFIG, fixture_units

DATA = Path(__file__).parent / "data" / "topics"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("topics-model")
    build_model([Path("abstracts.jsonl")], out, CONFIG, BuildOptions(stability_seeds=1, report=False),
                units=fixture_units())
    return out


def segmented(path: Path) -> Document:
    from pipeline.config import PipelineConfig
    from pipeline.ingest import read_paper
    from pipeline.runner import STAGES

    config = PipelineConfig()
    doc = read_paper(path, config=config.ingest)
    for name, stage in STAGES:
        if name in ("clean", "structure", "segment"):
            doc = stage(doc, config)
    return doc


def hand_document(words_by_section: dict[str | None, list[str]]) -> Document:
    """A document built by hand: one body sentence per section, tokens as given."""
    text, sentences = "", []
    for n, (section, words) in enumerate(words_by_section.items(), 1):
        start, tokens = len(text), []
        for w in words:
            tokens.append((w, "x" if w == "的" else "n"))
            text += w
        sentences.append(Sentence(id=f"c{n}", kind="body", lang="zh", section=section, start=start, end=len(text),
                                  text=text[start:], tokens=tokens))
        text += "\n"
    return Document(paper_id="0" * 16, generator=Generator(version="test", config_hash=""),
                    source=Source(path="hand.txt", sha256="0" * 64, format="txt", encoding="utf-8", size_bytes=1),
                    text=text, sentences=sentences)


def test_topics_assign_fills_new_paper(model_dir: Path) -> None:
    doc = assign_topics(segmented(DATA / "paper_tourism.md"), TopicsConfig(model_dir=str(model_dir)))
    assert doc.topics is not None and doc.warnings == []
    assert doc.topics.model.startswith("nmf-k3-v1-")
    assert doc.topics.paper[0].topic == 1  # 旅游·城市·情感: the paper is on eco-tourism in Xinjiang
    assert doc.topics.paper[0].weight > 0.5
    assert [w.weight for w in doc.topics.paper] == sorted((w.weight for w in doc.topics.paper), reverse=True)
    section_ids = {s.id for s in doc.sections} | {None}
    assert doc.topics.sections and all(s.section in section_ids for s in doc.topics.sections)


def test_topics_assign_exact_mixture_of_hand_tokens(model_dir: Path) -> None:
    doc = hand_document({"s1": ["旅游", "城市", "旅游", "交通", "的", "情感"] * 4,
                         "s2": ["智库", "特色新型智库", "运营", "模式"] * 5,
                         "s3": ["土壤"] * 3})
    doc = assign_topics(doc, TopicsConfig(model_dir=str(model_dir)))
    got = doc.topics.model_dump()
    assert [(w["topic"], w["weight"]) for w in got["paper"]] == EXPECTED_PAPER
    assert [(s["section"], [(w["topic"], w["weight"]) for w in s["topics"]]) for s in got["sections"]] == EXPECTED_SECTIONS


def test_topics_assign_is_deterministic(model_dir: Path) -> None:
    doc = segmented(DATA / "paper_tourism.md")
    config = TopicsConfig(model_dir=str(model_dir))
    assert assign_topics(doc, config).model_dump_json() == assign_topics(doc, config).model_dump_json()


def test_topics_assign_without_model_leaves_topics_null(tmp_path: Path) -> None:
    doc = assign_topics(hand_document({"s1": ["旅游", "城市"]}), TopicsConfig(model_dir=str(tmp_path / "none")))
    assert doc.topics is None
    assert [w.code for w in doc.warnings] == ["W701"]


def test_topics_assign_unknown_words_leave_topics_null(model_dir: Path) -> None:
    doc = assign_topics(segmented(DATA / "paper_unrelated.txt"), TopicsConfig(model_dir=str(model_dir)))
    assert doc.topics is None
    assert [w.code for w in doc.warnings] == ["W702"]


# s3 has 3 model words, under min_section_words (20): no mixture of its own; its 土壤 is too weak for the paper's
EXPECTED_PAPER = [(1, 0.6671), (0, 0.3329)]
EXPECTED_SECTIONS = [("s1", [(1, 1.0)]), ("s2", [(0, 1.0)])]


def test_topics_assign_with_lda_model(tmp_path: Path) -> None:
    from dataclasses import replace

    build_model([Path("abstracts.jsonl")], tmp_path, replace(CONFIG, kind="lda", lda_passes=10),
                BuildOptions(stability_seeds=1, report=False), units=fixture_units())
    doc = hand_document({"s1": ["旅游", "城市", "旅游", "交通", "情感", "游客"] * 4})
    first = assign_topics(doc, TopicsConfig(model_dir=str(tmp_path)))
    assert first.topics.model.startswith("lda-k3-v1-")
    labels = [t["label"] for t in __import__("json").loads((tmp_path / "topics.json").read_text("utf-8"))["topics"]]
    assert "旅游" in labels[first.topics.paper[0].topic]
    assert first.topics.paper[0].weight > 0.8
    assert first.model_dump_json() == assign_topics(doc, TopicsConfig(model_dir=str(tmp_path))).model_dump_json()
