"""The segment stage's invariants on whole ChinaXiv dev papers and the seeds, run through the real pipeline."""

from __future__ import annotations

import re

import pytest

from pipeline.runner import process_paper
from tests.conftest import SEED_000, SEED_001, shared_data

PAPERS = ["ChinaXiv-201606.00041V1.md", "ChinaXiv-201606.00072V1.md", "ChinaXiv-201708.00176V1.md"]  # dev_ids.txt
RE_CONTENT = re.compile(r"\w")


def check_invariants(doc) -> None:
    assert [s.id for s in doc.sentences] == [f"c{i}" for i in range(1, len(doc.sentences) + 1)]
    paragraphs = {p.id: p for p in doc.paragraphs}
    last = -1
    for s in doc.sentences:
        p = paragraphs[s.paragraph]
        assert (s.kind, s.lang, s.section) == (p.kind, p.lang, p.section)
        assert p.start <= s.start < s.end <= p.end and s.start >= last  # inside its paragraph, in reading order
        last = s.end
        assert doc.text[s.start:s.end] == s.text == s.text.strip()
        assert RE_CONTENT.search(s.text) or len(doc.sentences) == 1, s.text  # no punctuation-only sentence
        assert "".join(w for w, _ in s.tokens).replace(" ", "") == re.sub(r"\s", "", s.text)
        assert all(w.strip() == w and w for w, _ in s.tokens)
    ids = {s.id: s for s in doc.sentences}
    for c in doc.citations:
        sentence = ids[c.sentence]
        assert sentence.start <= c.start < c.end <= sentence.end and doc.text[c.start:c.end] == c.text
        assert (c.text, "cite") in sentence.tokens
    for part in (doc.abstract.zh, doc.abstract.en):
        if part is not None:
            assert all(part.start <= ids[i].start and ids[i].end <= part.end for i in part.sentences)


@pytest.mark.slow
@pytest.mark.parametrize("name", PAPERS)
def test_segment_chinaxiv_invariants(name):
    doc = process_paper(shared_data("chinaxiv", "fulltext_md", name))
    assert len(doc.sentences) > 50
    check_invariants(doc)


@pytest.mark.slow
@pytest.mark.parametrize("path", [SEED_000, SEED_001], ids=["seed000", "seed001"])
def test_segment_chinaxiv_seed_invariants(path):
    doc = process_paper(path)
    check_invariants(doc)
    assert doc.abstract.zh is not None and doc.abstract.zh.sentences
