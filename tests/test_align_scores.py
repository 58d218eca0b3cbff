"""Link F1 (vecalign's strict and lax measures), the Gale-Church baseline and the held-out result."""

from __future__ import annotations

import json

import pytest

from pipeline.align.aligner import PARAMS_PATH, load_model
from pipeline.align.evaluate import (evaluate, fit_length, gale_church, gold_links, load_dev, score_links,
                                     timing)
from tests.conftest import SHARED_DATA


def test_align_scores_strict_and_lax() -> None:
    gold = [[((0,), (0,)), ((1,), (1, 2)), ((2, 3), (3,))]]
    test = [[((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,))]]
    s = score_links(gold, test)
    # predicted (non-empty) links: 0-0 exact; 1-1 and 2-3 overlap gold; 3-4 is wrong
    assert (s.predicted, s.gold) == (4, 3)
    assert (s.strict_p, s.strict_r) == (0.25, 1 / 3)
    assert (s.lax_p, s.lax_r) == (0.75, 1.0)


def test_align_scores_perfect_and_empty() -> None:
    gold = [[((0,), (0,)), ((1, 2), (1,))]]
    assert score_links(gold, gold).strict_f1 == 1.0
    assert score_links(gold, [[]]).strict_f1 == 0.0


def test_align_scores_gale_church_prefers_length_matches() -> None:
    length = load_model().length
    zh = ["产业集群是当代经济世界的一个重要现象。", "然而在促进产业集群发展的问题上，政府应扮演什么角色则一直是争论的焦点，这是一个很长的句子。"]
    en = ["Industrial clusters are an important phenomenon of the modern economy.",
          "However, what role the government should play in promoting the development of industrial clusters has "
          "long been debated, and this is a long sentence."]
    assert gale_church(zh, en, length) == [((0,), (0,)), ((1,), (1,))]


def test_align_scores_length_model_fitted_on_tune() -> None:
    fitted = fit_length(load_dev(split="tune"))
    shipped = load_model().length
    assert (fitted.c, fitted.s2) == (shipped.c, shipped.s2)
    assert 2.0 < shipped.c < 4.5  # English characters per Chinese character


def test_align_scores_dev_set_is_well_formed() -> None:
    rows = load_dev()
    assert len(rows) >= 50
    assert sum(r["split"] == "heldout" for r in rows) >= 25
    ids_path = SHARED_DATA / "chinaxiv" / "dev_ids.txt"
    ids = set(ids_path.read_text().split()) if ids_path.exists() else None  # only dev papers may be labelled
    for r in rows:
        if ids is not None:
            assert r["id"] in ids
        last_z = last_e = -1
        for z, e in gold_links(r):
            assert z and e
            assert list(z) == list(range(z[0], z[-1] + 1)) and list(e) == list(range(e[0], e[-1] + 1))
            assert z[0] > last_z and e[0] > last_e
            assert z[-1] < len(r["zh_sentences"]) and e[-1] < len(r["en_sentences"])
            last_z, last_e = z[-1], e[-1]


def test_align_scores_heldout_target() -> None:
    result = evaluate(load_dev(split="heldout"), load_model())
    assert result["ours"]["strict_f1"] >= 0.90
    assert result["ours"]["lax_f1"] >= 0.95
    assert result["ours"]["strict_f1"] > result["gale_church"]["strict_f1"] + 0.05


def test_align_scores_params_record_their_source() -> None:
    data = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    assert "tune split" in data["source"]


@pytest.mark.slow
def test_align_scores_speed_per_pair() -> None:
    assert timing(load_dev(), load_model())["mean_ms"] < 50
