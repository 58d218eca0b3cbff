"""Word clusters of the tag classifier: the shipped file, the features they give, a deterministic rebuild on a real
paper (seed 000) and the `build-word-clusters` command."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.segment import words
from pipeline.tag.clusters import build_clusters, cluster_features, text_sentences, word_clusters
from pipeline.tag.features import other_features
from pipeline.tag.rules import Context, view

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "000_fc8dbeff8e1ab409.txt"


def test_shipped_clusters_group_words_used_alike():
    c = word_clusters()
    assert len(c) == 28823 and len(set(c.values())) == 200
    assert c["加强"] == c["强化"] == c["深化"]
    assert c["美国"] == c["日本"] == c["德国"] == c["英国"]
    assert c["硅谷"] == c["科技园"]
    assert c["应"] == c["应当"] == c["必须"]
    # and apart from words used otherwise
    assert len({c["加强"], c["美国"], c["硅谷"], c["应"]}) == 4
    assert c["完善"] != c["加强"] and c["中关村"] != c["硅谷"]


def test_cluster_features_of_a_real_sentence():
    text = "地方政府要贯彻知识和技术参与分配的原则,保障创新者在企业中的利益。"
    tokens = words(text)
    c = word_clusters()
    expected = {c[w] for w, _ in tokens if w in c}
    assert cluster_features(w for w, _ in tokens) == expected
    assert {c["地方"], c["政府"], c["贯彻"], c["企业"]} <= expected
    feats = other_features(text, tokens, Context(), view(text))
    assert expected <= feats
    # a word unknown to the clusters adds nothing (a made-up name)
    assert cluster_features(["甲乙丙丁戊己"]) == set()


def test_build_clusters_is_deterministic_on_a_real_paper():
    sentences = text_sentences(SEED.read_text(encoding="utf-8"))
    first = build_clusters(sentences, k=5, epochs=3)
    assert first == build_clusters(sentences, k=5, epochs=3)
    counts = Counter(w for s in sentences for w in s)
    assert set(first) == {w for w, n in counts.items() if n >= 3}  # exactly the words seen three times or more
    assert "产业集群" in first and set(first.values()) == set(range(5))


def test_build_word_clusters_command(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(SEED, papers / SEED.name)
    (papers / "other.txt").write_text("不在名单里的论文。" * 10, encoding="utf-8")
    # the seed again, in GB18030 (read as `run` reads it), and a PDF named .txt (skipped and said, the rest goes on)
    (papers / "seed_gb.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    (papers / "scan.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(0, 32)) * 20)
    ids = tmp_path / "ids.txt"
    ids.write_text(f"{SEED.stem}\nseed_gb\nscan\n", encoding="utf-8")
    out = tmp_path / "clusters.tsv"
    result = CliRunner().invoke(cli, ["build-word-clusters", str(papers), "--ids", str(ids), "--out", str(out),
                                      "--k", "3"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    assert f"{len(lines)} words in 3 clusters from 2 papers -> {out}" in result.output
    assert "skipped: [E102] scan.txt: this is a binary file" in result.output
    assert "Learnt without labels from the full texts of the 2 ChinaXiv papers" in text
    rows = dict(ln.split("\t") for ln in lines)
    assert "论文" not in rows and "名单" not in rows  # the paper not listed in --ids is left out
    assert set(rows.values()) == {"0", "1", "2"} and "产业集群" in rows


def test_build_word_clusters_without_papers(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = CliRunner().invoke(cli, ["build-word-clusters", str(tmp_path), "--out", str(tmp_path / "c.tsv")])
    assert result.exit_code == 2
    assert f"[E201] no .md or .txt papers in {tmp_path}." in result.output
    assert not (tmp_path / "c.tsv").exists()


def test_model_trained_with_other_clusters_is_refused(tmp_path):
    import json

    model = json.loads((REPO / "models" / "tagger" / "model.json").read_text(encoding="utf-8"))
    assert len(model["clusters_sha256"]) == 64
    model["clusters_sha256"] = "0" * 64  # as if the clusters file had been rebuilt after training
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "model.json").write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    labels = REPO / "tests" / "data" / "tags" / "labels.jsonl"
    result = CliRunner().invoke(cli, ["evaluate-tags", str(labels), str(tmp_path / "out"), "--model",
                                      str(tmp_path / "m")])
    assert result.exit_code == 2
    assert (f"[E401] the tagger model at {tmp_path / 'm' / 'model.json'} was trained with other word clusters than "
            "tag_word_clusters.tsv (rebuilt since?). Retrain it: python -m pipeline train-tagger") in result.output
