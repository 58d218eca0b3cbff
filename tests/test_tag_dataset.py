"""The labelled development set of the tag stage (tests/data/tags/labels.jsonl) follows its own rules."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.tag.dataset import read_examples

DATA = Path(__file__).parent / "data" / "tags"
DEV_IDS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "chinaxiv" / "dev_ids.txt"
SEEDS = {"000_fc8dbeff8e1ab409", "001_665413f9c6535bf0"}


def test_tag_dataset_size_and_papers():
    ex = read_examples(DATA / "labels.jsonl")
    papers = {e.paper for e in ex}
    assert len(ex) >= 400
    assert len(papers - SEEDS) >= 10 and SEEDS <= papers
    assert len({e.id for e in ex}) == len(ex)
    counts = Counter((e.split, e.recommendation) for e in ex)
    # held-out splits had 3 (held-out 26: the last two papers of the sixth pool, mostly description) to 156
    # recommendations; held-out 26 still has cited evidence in 48 of its 127 rows
    assert counts[("heldout", True)] >= 3 and counts[("tune", True)] >= 100
    heldout = [e for e in ex if e.split == "heldout"]
    assert 3 * sum(bool(e.evidence) for e in heldout) >= len(heldout)


def test_tag_dataset_split_by_paper():
    ex = read_examples(DATA / "labels.jsonl")
    split_of: dict[str, set] = {}
    for e in ex:
        split_of.setdefault(e.paper, set()).add(e.split)
    assert all(len(s) == 1 for s in split_of.values())
    assert {next(iter(s)) for s in split_of.values()} == {"tune", "heldout"}


def test_tag_dataset_only_dev_papers():
    if not DEV_IDS.exists():
        pytest.skip("shared data absent")
    dev = set(DEV_IDS.read_text(encoding="utf-8").split())
    papers = {e.paper for e in read_examples(DATA / "labels.jsonl")} - SEEDS
    assert papers <= dev


def test_tag_dataset_labels_are_consistent():
    for e in read_examples(DATA / "labels.jsonl"):
        if e.recommendation:
            assert e.strength in ("must", "should", "may"), e.id
        else:
            assert e.strength is None and e.actor is None, e.id


def test_tag_dataset_bad_rows_are_reported(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "policy_recommendation": True, "evidence": ["anecdote"]}) + "\n",
                   encoding="utf-8")
    with pytest.raises(UsageError, match="line 1: unknown evidence type 'anecdote'"):
        read_examples(bad)


def test_tag_dataset_context_of_previous_sentence_and_descriptive_sections():
    ex = {e.id: e for e in read_examples(DATA / "labels.jsonl")}
    first, second = ex["ChinaXiv-201711.00175V1:050"], ex["ChinaXiv-201711.00175V1:051"]
    # 050 opens its subsection (the heading 049 is not a body sentence); 051 follows a rule recommendation
    assert first.text == "一是出台智库人才评价指导意见。" and first.previous is None
    assert second.previous == first.text
    assert second.context.prev_rec and second.context.in_rec_section and not second.context.in_desc_section
    described = ex["ChinaXiv-201710.00043V1:005"]  # section "2党校系统智库建设取得的成绩"
    assert described.context.in_desc_section and not described.context.in_rec_section
    assert not described.recommendation


def test_tag_dataset_context_of_sections_led_by_actions_and_salient_names():
    ex = {e.id: e for e in read_examples(DATA / "labels.jsonl")}
    # ChinaXiv-201711.00236V1: section 4 "国防科技智库建言进路的基本考虑" is not titled as recommendations, but its
    # subsections are actions (4.1参与…, 4.2举办…, 4.3参加…, 4.4开展…, 4.5打造…); section 3's are topics (3.1国防科技筹划),
    # but its title "国防科技智库应关注的主要方向" has a modal verb in the authors' voice, which makes it prescriptive
    led = ex["ChinaXiv-201711.00236V1:040"]
    assert led.sections[0] == "国防科技智库建言进路的基本考虑"
    assert led.context.under_action_headings and led.context.in_rec_section
    topic = ex["ChinaXiv-201711.00236V1:005"]
    assert not topic.context.under_action_headings and topic.context.in_rec_section
    described = ex["ChinaXiv-201711.00236V1:002"]  # a body row of section 3 before its subsections
    assert described.sections == ("国防科技智库应关注的主要方向",) and not described.context.under_action_headings
    # the subject organisation recurs in its top-level section: CCG (ChinaXiv-201711.00212V1)
    ccg = next(e for e in ex.values() if e.text == "CCG十分注意吸收和培养全职研究人员。")
    assert ccg.context.salient_name == "5"
