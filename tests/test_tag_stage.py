"""The tag stage on a document: context from sections, ids, reference links, what is left untagged; the CLI
commands; the shipped model is the one `train-tagger` makes from the labelled set (deterministic training)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.model import Citation, Document, Generator, Reference, Section, Sentence, Source
from pipeline.tag import tag
from tests.conftest import shared_data

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "data" / "tags" / "labels.jsonl"

# Sentences of seed 000 (section 四 and its subsections) and of ChinaXiv-201810.00114V1 (CC BY 4.0).
TEXTS = [
    ("heading", "s1", "四、政府集群政策的作用空间"),
    ("heading", "s2", "(三)地方政府应促成集群与大学、研究机构的合作"),
    ("body", "s2", "地方政府要贯彻知识和技术参与分配的原则,保障创新者在企业中的利益。"),
    ("heading", "s3", "3.4支持创业，有效推进技术转移和创新商业化"),
    ("body", "s3", "该地区是当今全球电子工业和计算机业的王国,择址硅谷的计算机公司已经发展到大约1,500家[2]。"),
    ("body", "s3", "Silicon Valley firms should not be tagged."),
]


def build() -> Document:
    parts, sentences, start = [], [], 0
    for i, (kind, section, text) in enumerate(TEXTS, 1):
        lang = "en" if text.isascii() else "zh"
        sentences.append(Sentence(id=f"c{i}", kind=kind, lang=lang, section=section, start=start,
                                  end=start + len(text), text=text))
        parts.append(text)
        start += len(text) + 1
    text = "\n".join(parts)
    sections = [
        Section(id="s1", number="四、", title="政府集群政策的作用空间", level=1, sentence="c1"),
        Section(id="s2", number="(三)", title="地方政府应促成集群与大学、研究机构的合作", level=2, parent="s1",
                sentence="c2"),
        Section(id="s3", number="3.4", title="支持创业，有效推进技术转移和创新商业化", level=2, sentence="c4"),
    ]
    marker = TEXTS[4][2].index("[2]")
    cite = Citation(sentence="c5", start=sentences[4].start + marker, end=sentences[4].start + marker + 3, text="[2]",
                    references=["r2"])
    return Document(paper_id="0" * 16, generator=Generator(version="test", config_hash="0" * 16),
                    source=Source(path="t.txt", sha256="0" * 64, format="txt", encoding="utf-8", size_bytes=1),
                    text=text, sections=sections, sentences=sentences, citations=[cite],
                    references=[Reference(id="r2", marker="[2]", text="某文献")])


def test_tag_stage_exact_tags_on_a_document():
    out = tag(build())
    got = [(s.id, t.id, t.label, t.evidence_type, t.attributes.actor, t.attributes.references)
           for s in out.sentences for t in s.tags]
    assert got == [
        ("c2", "t1", "policy_recommendation", None, "地方政府", []),
        ("c3", "t2", "policy_recommendation", None, "地方政府", []),
        ("c5", "t3", "cited_evidence", "citation", None, ["r2"]),
        ("c5", "t4", "cited_evidence", "statistic", None, []),
        ("c5", "t5", "cited_evidence", "case", None, []),
    ]
    # c1 is a section title, c4 heads a section that is not about recommendations, c6 is English
    assert [s.tags for s in out.sentences if s.id in ("c1", "c4", "c6")] == [[], [], []]


def test_tag_stage_deterministic_and_valid():
    a = tag(build()).model_dump_json()
    assert a == tag(build()).model_dump_json()
    Document.model_validate_json(a)


def test_tag_stage_evaluate_cli(tmp_path):
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    picked = [r for r in rows if r["paper"] == "ChinaXiv-201606.00041V1"]  # a labelled paper
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate-tags", str(small), str(tmp_path / "out"), "--split", "all"])
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    keyword = metrics["results"]["keyword"]["policy_recommendation"]
    gold = sum(r["policy_recommendation"] for r in picked)
    assert keyword["tp"] + keyword["fn"] == gold == 10
    assert "[keyword] sentences 34" in result.output
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8").startswith("# Tag evaluation")


def test_tag_stage_evaluate_cli_rejects_bad_split(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate-tags", str(LABELS), str(tmp_path), "--split", "tune", "--model",
                                      str(tmp_path)])
    assert result.exit_code != 0


def test_tag_stage_train_reproduces_shipped_model(tmp_path):
    result = CliRunner().invoke(cli, ["train-tagger", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m" / "model.json").read_bytes() == (REPO / "models" / "tagger" / "model.json").read_bytes()
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    import hashlib

    clusters = REPO / "pipeline" / "resources" / "tag_word_clusters.tsv"
    assert meta["training_sha256"] == hashlib.sha256(LABELS.read_bytes() + clusters.read_bytes()).hexdigest()
    assert meta["training_data"] == ["tests/data/tags/labels.jsonl", "pipeline/resources/tag_word_clusters.tsv"]


def test_tag_stage_train_with_reviewer_corrections(tmp_path):
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    base = [r for r in rows if r["paper"] in ("ChinaXiv-201710.00024V1", "ChinaXiv-201707.00391V1")]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in base), encoding="utf-8")
    # a reviewer's correction in the `review export --format training` shape (no split: every row is trained on)
    extra = tmp_path / "train.jsonl"
    extra.write_text(json.dumps({"id": "p:c1", "paper": "p", "text": "政府应扮演什么角色？", "kind": "body",
                                 "sections": [], "policy_recommendation": False, "evidence": [], "actor": None,
                                 "strength": None}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train-tagger", "--labels", str(labels), "--extra", str(extra),
                                      "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    tune = sum(r["split"] == "tune" for r in base)
    assert f"trained on {tune + 1} sentences of 2 papers" in result.output
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert meta["training_data"] == ["labels.jsonl", "train.jsonl", "pipeline/resources/tag_word_clusters.tsv"] and meta["training_examples"] == tune + 1
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["heldout_papers"] == 1


# Papers whose labelled rows were cut from the pipeline's own sentences (benchmarks/tag_sample.py; held-out 24's
# sampling), i.e. exactly as the pipeline segments them.
SAMPLED = ["ChinaXiv-201711.00236V1", "ChinaXiv-201707.00395V1", "ChinaXiv-201711.02629V1"]


@pytest.mark.parametrize("paper", SAMPLED)
def test_tag_stage_tags_as_evaluation_predicts(paper):
    """The stage, on the whole paper, tags each labelled sentence exactly as the evaluation predicts it from the
    labelled rows alone: the contexts read from the document (recommendations sections, sections led by action
    headings, the previous sentence, the section's share of rule recommendations) are the ones training sees."""
    from pipeline.config import PipelineConfig
    from pipeline.runner import process_paper
    from pipeline.tag.dataset import read_examples
    from pipeline.tag.evaluate import predict

    source = shared_data("chinaxiv", "fulltext_md", f"{paper}.md")
    rows = [e for e in read_examples(LABELS) if e.paper == paper]
    doc = process_paper(source, PipelineConfig())
    assert len(rows) > 30
    sentences = iter(s for s in doc.sentences if s.lang == "zh" and s.kind in ("body", "heading"))
    for e in rows:
        s = next(s for s in sentences if s.text == e.text)  # rows are in reading order
        found = [t for t in s.tags if t.confidence >= 0.5]
        got = (any(t.label == "policy_recommendation" for t in found),
               tuple(t.evidence_type for t in found if t.evidence_type))
        want = predict(e, "combined")
        assert got == (want.recommendation, want.evidence), e.id


def _tags_with_and_without(tmp_path, paper: str, phrase: str, instead: str, keep):
    """``keep(doc)`` of the pipeline's document of a real paper and of a copy with ``phrase`` (found once) replaced."""
    from pipeline.config import PipelineConfig
    from pipeline.runner import process_paper

    source = shared_data("chinaxiv", "fulltext_md", f"{paper}.md")
    text = source.read_text(encoding="utf-8")
    assert text.count(phrase) == 1
    plain = tmp_path / "plain.md"
    plain.write_text(text.replace(phrase, instead), encoding="utf-8")
    return keep(process_paper(source, PipelineConfig())), keep(process_paper(plain, PipelineConfig()))


def test_tag_stage_announced_proposals(tmp_path):
    """A section whose body announces proposals (提出4点对策建议) is a recommendations section from there on, whatever
    its title (3资源环境承载力调控提升方向); without the announcement its imperative list items are not tagged."""

    def recs(doc):
        return {s.text: [t.source for t in s.tags if t.label == "policy_recommendation" and t.confidence >= 0.5]
                for s in doc.sentences}

    announced, not_announced = _tags_with_and_without(tmp_path, "ChinaXiv-201711.02629V1", "提出4点对策建议", "分析如下",
                                                      recs)
    before = "现有生产生活模式下，新区3县资源环境承载力已接近自然上限；"
    items = ["森林面积不宜过大。", "建立流域洪涝灾害风险监测、预警系统。"]
    assert announced[before] == [] and not_announced[before] == []
    assert [announced[t] for t in items] == [["rule:rec.modal.yi"], ["rule:rec.imperative"]]
    assert not_announced[items[1]] == []  # an imperative outside a recommendations section


def test_tag_stage_announcement_in_abstract_marks_nothing(tmp_path):
    """Only the body announces proposals for the sections after it: the abstract's "…提出五点建议" (its section is none,
    the whole paper) leaves every body sentence's tags as they are without it."""

    def body_tags(doc):
        abstract = next(s for s in doc.sentences if "五点" in s.text)
        assert abstract.kind == "abstract" and abstract.section is None
        return [(s.text, [(t.label, t.evidence_type, t.confidence) for t in s.tags])
                for s in doc.sentences if s.kind in ("body", "heading")]

    with_it, without = _tags_with_and_without(tmp_path, "ChinaXiv-201711.00195V1", "提出五点建议", "给出五点看法",
                                              body_tags)
    assert len(with_it) > 100 and with_it == without
