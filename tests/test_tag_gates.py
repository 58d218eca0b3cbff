"""The paper-level gate pass (one numpy pass over a paper's sentences) agrees with the per-sentence one."""

from __future__ import annotations

import json

from pipeline.tag.rules import gates_of, gates_of_batch
from tests.conftest import REPO

LABELS = REPO / "tests" / "data" / "tags" / "labels.jsonl"


def test_tag_gates_batch_equals_one_by_one_on_labelled_sentences() -> None:
    texts = [json.loads(line)["text"] for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["", " ", "𠀀政府应加强", "据统计，占50%"]  # empty, blank, astral character, short
    assert len(texts) > 1000
    assert gates_of_batch(texts) == [gates_of(t) for t in texts]


def test_tag_gates_open_exactly_where_needed() -> None:
    assert "negative" in gates_of("政府应加强对民营企业主的培训。")
    assert gates_of("") == frozenset()
