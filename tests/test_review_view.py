"""The paper view and the paper list: reading order, headings, aligned English sentences, filters, progress."""

from __future__ import annotations

import re
import warnings

import pytest

from pipeline.review.app import ReviewConfig, create_app
from pipeline.review.papers import PaperLibrary
from pipeline.review.store import EventStore
from pipeline.review.view import Filters, paper_progress, paper_rows
from review_helpers import PAPER_ID, copy_fixture, fixed_clock, load_fixture, two_reviewer_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _layout(rows):
    out = []
    for r in rows:
        if r.kind == "heading":
            out.append(("h", r.level, r.title))
        else:
            out.append((r.sentence.id, r.aligned_score, [(t.id, t.name, t.status) for t in r.tags if t.visible],
                        r.item))
    return out


def test_review_view_reading_order_with_alignment_and_headings(tmp_path):
    store, doc = two_reviewer_store(tmp_path)
    rows = paper_rows(doc, store.events(paper=PAPER_ID), "alice")
    assert _layout(rows) == [
        ("c0", None, [], False),
        ("c1", None, [], True),
        ("c2", None, [("t1", "recommendation", "rejected")], False),
        ("c4", 0.38, [], True),                      # English sentence under its aligned zh sentences (c1, c2)
        ("c3", None, [], True),
        ("c5", 0.71, [], True),
        ("h", 1, "一、问题的题出"),
        ("c7", None, [("t2", "statistic", "accepted")], False),
        ("c8", None, [("r1", "statistic", "added")], False),
        ("c9", None, [("t3", "recommendation", "relabelled")], False),
        ("h", 1, "二、产业集群政策研究的文献回顾"),
        ("c11", None, [("t4", "citation", "relabelled"), ("t5", "recommendation", "accepted")], False),
        ("c12", None, [("t6", "citation", None)], False),
        ("h", 1, "四、政府集群政策的作用空间"),
        ("h", 2, "(四)塑造信任、合作的社会文化环境 ,积极倡导集群文化的形成"),
        ("c15", None, [("t7", "recommendation", None)], False),
        ("c16", None, [("t8", "recommendation", None)], False),
        ("c17", None, [], True),
    ]
    cues = [seg for r in rows if r.kind == "sentence" and r.sentence.id == "c12" for seg in r.segments]
    assert cues == [("波特 (1998)", "citation"),
                    ("认为 ,为了促进产业集群的发展 ,合理的宏观经济政策是必要的 ,却不是充分的。", None)]


def test_review_view_filters(tmp_path):
    store, doc = two_reviewer_store(tmp_path)
    events = store.events(paper=PAPER_ID)

    def visible(filters):
        return [t.id for r in paper_rows(doc, events, "alice", filters) for t in r.tags if t.visible]

    assert visible(Filters(label="cited_evidence")) == ["t2", "r1", "t4", "t6"]
    assert visible(Filters(unreviewed=True)) == ["t6", "t7", "t8"]
    assert visible(Filters(below=0.6)) == ["t1", "t3", "t4"]
    assert visible(Filters(label="policy_recommendation", below=0.9)) == ["t1", "t3", "t5", "t8"]
    assert visible(Filters(unreviewed=True)) != visible(Filters())
    # with a filter, sentences without a matching tag (and untagged ones) are left out
    assert [r.sentence.id for r in paper_rows(doc, events, "alice", Filters(below=0.5)) if r.kind == "sentence"] == [
        "c2", "c11"]
    # bob's view is his own
    assert [t.status for r in paper_rows(doc, events, "bob") for t in r.tags if t.id in ("t1", "t3", "r1")] == [
        "accepted", "rejected"]


def test_review_view_progress_and_pages(tmp_path):
    store, _ = two_reviewer_store(tmp_path)
    out = copy_fixture(tmp_path)
    (out / "papers" / "broken.json").write_text('{"paper_id": "broken"}', encoding="utf-8")
    entries = PaperLibrary(out).entries()
    progress = {e.paper_id: paper_progress(e, store.events(), "alice") for e in entries}
    assert (progress[PAPER_ID].reviewed, progress[PAPER_ID].total, progress[PAPER_ID].added) == (5, 8, 1)
    assert progress["broken"].error.startswith("ValidationError")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    app = create_app(ReviewConfig(out_dir=out, reviewer="bob"), store=EventStore(store.path, clock=fixed_clock))
    c = TestClient(app, base_url="http://127.0.0.1:8765")
    index = c.get("/").text
    assert re.search(r'data-reviewed="5" data-total="8">5 / 8', index)        # bob decided t1..t5
    assert "cannot be read" in index
    assert "<td>alice · bob</td><td>policy_recommendation</td><td>5</td>" in index
    assert "<td>0.17</td>" in index and "<td>0.55</td>" in index
    paper = c.get(f"/paper/{PAPER_ID}?label=cited_evidence&below=0.9").text
    assert 'id="t-t4"' in paper and 'id="t-t1"' not in paper and 'id="t-t2"' not in paper
    assert c.get("/paper/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert c.get("/paper/broken").status_code == 404


@pytest.mark.parametrize("params, expected", [
    ({"label": "cited_evidence", "unreviewed": "on", "below": "0.75"}, Filters("cited_evidence", True, 0.75)),
    ({"label": "policy", "below": "2"}, Filters()),
    ({}, Filters()),
])
def test_review_view_filter_parsing(params, expected):
    assert Filters.parse(params) == expected


def test_review_view_fixture_is_valid():
    from pipeline.emit import check_document

    doc = load_fixture()
    assert check_document(doc.model_dump(mode="json")) == []
    assert sum(len(s.tags) for s in doc.sentences) == 8


def test_review_view_tags_on_headings_are_reviewable(tmp_path):
    doc = load_fixture()
    data = doc.model_dump(mode="json")
    heading = next(s for s in data["sentences"] if s["id"] == "c6")
    heading["tags"] = [{"id": "t9", "label": "cited_evidence", "evidence_type": "case", "confidence": 0.52,
                        "source": "rule:evi.case_heading", "attributes": {}, "review": None}]
    out = tmp_path / "out"
    (out / "papers").mkdir(parents=True)
    (out / "papers" / f"{PAPER_ID}.json").write_text(type(doc).model_validate(data).model_dump_json(), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    app = create_app(ReviewConfig(out_dir=out, reviewer="alice"), store=EventStore(tmp_path / "r.sqlite"))
    page = TestClient(app, base_url="http://127.0.0.1:8765").get(f"/paper/{PAPER_ID}").text
    assert re.search(r'<h2 class="heading level-1" id="s-c6">一、问题的题出</h2>\s*<div class="sent heading-tags"'
                     r'[^>]*>\s*<div class="tags">\s*<span class="tag lbl-case status-open item"\s+id="t-t9"', page)


def test_review_view_heading_sentence_without_section_link_is_not_repeated(tmp_path):
    # the segmenter may leave Section.sentence empty: the heading sentence itself is then the heading
    doc = load_fixture()
    data = doc.model_dump(mode="json")
    for sec in data["sections"]:
        sec["sentence"] = None
    data["sentences"] = [s for s in data["sentences"] if s["id"] != "c10"]     # s2 has no heading sentence at all
    doc = type(doc).model_validate(data)
    headings = [(r.level, r.title) for r in paper_rows(doc, [], "alice") if r.kind == "heading"]
    assert headings == [(1, "一、问题的题出"), (1, "产业集群政策研究的文献回顾"), (1, "四、政府集群政策的作用空间"),
                        (2, "(四)塑造信任、合作的社会文化环境 ,积极倡导集群文化的形成")]
