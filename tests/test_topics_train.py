"""Training on a fixed fixture: exact top terms, exact measures, byte-identical model folders."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.topics.builder import BuildOptions, build_model
from pipeline.topics.corpus import Unit
from pipeline.topics.train import TrainConfig, fit, pick_k, prepare
from pipeline.topics.vocabulary import select_words

DATA = Path(__file__).parent / "data" / "topics"
# 45 abstracts, 15 each on think tanks, soil and tourism; settings for a corpus this small
CONFIG = TrainConfig(k=3, seed=1, no_below=2, no_above=0.5, phrase_min_count=3, representatives=3)


def fixture_units() -> list[Unit]:
    units = []
    for line in (DATA / "abstracts.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        units.append(Unit(id=rec["id"], paper=rec["id"], text=f"{rec['zh_title']}\n{rec['zh_abstract']}",
                          words=tuple(select_words(rec["words"].split()))))
    return units


def test_topics_train_exact_top_terms(tmp_path: Path) -> None:
    prepared = prepare(fixture_units(), tmp_path, CONFIG)
    fitted = fit(prepared, CONFIG)
    assert fitted.kind == "nmf"
    assert fitted.top_terms(prepared.dictionary, 6) == EXPECTED_TOP6
    # ranked by weight alone (relevance lambda 1.0) the same topics list more common words first
    by_weight = fit(prepared, replace(CONFIG, term_relevance=1.0))
    assert by_weight.top_terms(prepared.dictionary, 6) == EXPECTED_TOP6_BY_WEIGHT


def test_topics_train_topics_json_fields(tmp_path: Path) -> None:
    summary = build_model([Path("abstracts.jsonl")], tmp_path, CONFIG, BuildOptions(stability_seeds=2),
                          units=fixture_units())
    assert [t["label"] for t in summary["topics"]] == EXPECTED_LABELS
    assert summary["model"]["id"].startswith("nmf-k3-v1-")
    assert summary["corpus"]["units"] == 45 and summary["corpus"]["trained_units"] == 45
    assert [len(t["terms"]) for t in summary["topics"]] == [20, 20, 20]
    assert [[r["unit"] for r in t["representatives"]] for t in summary["topics"]] == EXPECTED_REPRESENTATIVES
    assert round(sum(t["share"] for t in summary["topics"]), 3) == 1.0
    assert summary["measures"]["diversity_top25"] == EXPECTED_DIVERSITY
    assert summary["measures"]["c_npmi"] == EXPECTED_NPMI
    assert summary["measures"]["stability"] == {"seeds": [1, 2], "matched_top10_jaccard": 1.0}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "components.npy", "dictionary.json", "idf.npy", "phrases.json", "report.html", "topics.json", "training.json"]


def test_topics_train_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        build_model([Path("abstracts.jsonl")], tmp_path / name, CONFIG,
                    BuildOptions(k_auto=True, grid=(2, 3), sweep_seeds=2, stability_seeds=2), units=fixture_units())
    for name in ("topics.json", "sweep.json", "dictionary.json", "phrases.json", "components.npy", "idf.npy",
                 "report.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_topics_train_seed_changes_lda_but_not_its_determinism(tmp_path: Path) -> None:
    prepared = prepare(fixture_units(), tmp_path, CONFIG)
    lda = replace(CONFIG, kind="lda", lda_passes=5)
    one, again = fit(prepared, lda), fit(prepared, lda)
    other = fit(prepared, replace(lda, seed=2))
    assert (one.topic_term == again.topic_term).all()
    assert not (one.topic_term == other.topic_term).all()


def test_topics_train_k_auto_sweep(tmp_path: Path) -> None:
    summary = build_model([Path("abstracts.jsonl")], tmp_path, CONFIG,
                          BuildOptions(k_auto=True, grid=(2, 3, 4, 6), sweep_seeds=2, stability_seeds=1),
                          units=fixture_units())
    sweep = json.loads((tmp_path / "sweep.json").read_text(encoding="utf-8"))
    assert [(r["k"], r["seed"]) for r in sweep["runs"]] == [(k, s) for k in (2, 3, 4, 6) for s in (1, 2)]
    assert "seconds" not in sweep["runs"][0]  # timings go to training.json, so the sweep is deterministic
    timings = json.loads((tmp_path / "training.json").read_text(encoding="utf-8"))["timings"]
    assert sorted(timings["sweep_fit_cpu_s"]) == sorted(f"k{k}/seed{s}" for k in (2, 3, 4, 6) for s in (1, 2))
    assert sweep["chosen"] == summary["model"]["k"] == EXPECTED_AUTO_K
    assert 'aria-label="coherence against k"' in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_topics_train_pick_k_takes_largest_k_of_plateau() -> None:
    rows = [{"k": k, "seed": s, "c_npmi": v, "diversity": d}
            for k, s, v, d in [(5, 1, 0.12, 0.92), (5, 2, 0.12, 0.92), (8, 1, 0.07, 0.83), (8, 2, 0.074, 0.83),
                               (10, 1, 0.08, 0.81), (10, 2, 0.088, 0.81), (15, 1, 0.066, 0.80), (15, 2, 0.076, 0.82),
                               (20, 1, 0.072, 0.78), (20, 2, 0.072, 0.78), (25, 1, 0.05, 0.80), (25, 2, 0.05, 0.80)]]
    k, summary = pick_k(rows)
    # 20 is not diverse enough; the plateau level is the median of 5, 8, 10, 15, 25 (0.072), tolerance 0.01
    assert (k, summary["best"], summary["plateau"]) == (15, 5, [5, 8, 10, 15])
    assert summary["by_k"]["15"] == {"c_npmi_mean": 0.071, "c_npmi_se": 0.005, "diversity_mean": 0.81}


def test_topics_train_pick_k_without_diverse_k_uses_all() -> None:
    rows = [{"k": k, "seed": 1, "c_npmi": v, "diversity": 0.5} for k, v in [(5, 0.1), (10, 0.2), (15, 0.05)]]
    assert pick_k(rows)[0] == 10


def test_topics_train_rejects_empty_corpus(tmp_path: Path) -> None:
    from pipeline.errors import UsageError

    with pytest.raises(UsageError, match="no training documents"):
        prepare([], tmp_path, CONFIG)


EXPECTED_TOP6 = [
    ["智库", "特色新型智库", "运营", "社会", "融资", "模式"],
    ["旅游", "城市", "情感", "时间", "交通", "预测"],
    ["生态", "土壤", "地区", "功能", "区域", "生态工程"],
]
EXPECTED_TOP6_BY_WEIGHT = [
    ["智库", "特色新型智库", "模式", "社会", "运营", "建设"],
    ["旅游", "城市", "情感", "时间", "交通", "空间"],
    ["生态", "土壤", "地区", "区域", "功能", "生态工程"],
]
EXPECTED_LABELS = ["智库·运营·社会", "旅游·城市·情感", "生态·土壤·地区"]
EXPECTED_REPRESENTATIVES = [
    ["ChinaXiv-201707.00304V1", "ChinaXiv-201707.00305V1", "ChinaXiv-201707.00307V1"],
    # ChinaXiv-201711.02136V1 has the same title and abstract as 01958V1: shown once
    ["ChinaXiv-201711.01958V1", "ChinaXiv-201901.00043V1", "ChinaXiv-201906.00056V1"],
    ["ChinaXiv-201702.00130V1", "ChinaXiv-201703.00069V1", "ChinaXiv-201705.00929V1"],
]
EXPECTED_DIVERSITY = 0.9867
EXPECTED_NPMI = -0.1673  # 45 short abstracts make a thin reference: c_npmi is low at this size
EXPECTED_AUTO_K = 6
