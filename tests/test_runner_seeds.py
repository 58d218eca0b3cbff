"""End to end on the seeds: the stages fit together into the contract."""

from __future__ import annotations

import pytest

from pipeline.runner import process_paper
from tests.conftest import SEED_000, SEED_001


@pytest.fixture(scope="module")
def doc000():
    return process_paper(SEED_000)


def test_runner_seeds_sections_point_at_their_heading_sentence(doc000) -> None:
    by_id = {s.id: s for s in doc000.sentences}
    linked = [(sec.number, by_id[sec.sentence].text, by_id[sec.sentence].kind, by_id[sec.sentence].section == sec.id)
              for sec in doc000.sections]
    assert linked[:4] == [
        ("一、", "一、问题的题出", "heading", True),
        ("二、", "二、产业集群政策研究的文献回顾", "heading", True),
        ("三、", "三、浙江市场主导的内生型产业集群的局限性", "heading", True),
        ("(一)", "(一)区域文化的局限性对集群发展的制约", "heading", True),
    ]
    assert len(linked) == 12 and all(ok for *_, ok in linked)


def test_runner_seeds_abstracts_sentences_and_alignment_fit(doc000) -> None:
    by_id = {s.id: s for s in doc000.sentences}
    zh, en = doc000.abstract.zh, doc000.abstract.en
    assert [by_id[i].lang for i in zh.sentences] == ["zh", "zh", "zh"]
    assert by_id[en.sentences[0]].text == "The paper analyzes backgrounds and characteristics or policies for industrial clusters."
    for link in doc000.abstract.alignment:
        assert set(link.zh) <= set(zh.sentences) and set(link.en) <= set(en.sentences)
    foreign = [x for x in doc000.excluded if x.kind == "foreign_abstract"]
    assert len(foreign) == 1 and foreign[0].text.startswith("Abstract: As macro-science age")


def test_runner_seeds_no_tags_on_foreign_text_and_none_invented() -> None:
    doc = process_paper(SEED_001)
    assert doc.authors == [] and doc.abstract.en is None and doc.keywords.en == []
    assert doc.abstract.alignment == [] and doc.title.en is None
    assert all("国际科技合作" not in s.text for s in process_paper(SEED_000).sentences)
