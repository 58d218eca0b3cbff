"""`review apply`: decisions written into the papers' tags, valid, atomic, idempotent, reversible from the log."""

from __future__ import annotations

import json

from pipeline.emit import check_document
from pipeline.model import Document
from pipeline.review.apply import apply_folder
from pipeline.review.decision import decide, undo
from pipeline.review.store import EventStore
from review_helpers import FIXED_TIME, PAPER_ID, copy_fixture, fixed_clock, load_fixture, two_reviewer_store


def _tags(doc: Document) -> dict[str, tuple]:
    return {t.id: (s.id, t.label, t.evidence_type, t.source, t.review.status if t.review else None,
                   t.review.reviewer if t.review else None) for s in doc.sentences for t in s.tags}


def test_review_apply_writes_review_status_into_tags(tmp_path):
    out = copy_fixture(tmp_path)
    before = (out / "papers" / f"{PAPER_ID}.json").read_bytes()
    store, _ = two_reviewer_store(tmp_path)
    report = apply_folder(store, out)
    assert (report.written, report.unchanged, report.missing, report.reviewed_tags) == ([PAPER_ID], [], [], 6)
    data = (out / "papers" / f"{PAPER_ID}.json").read_bytes()
    assert data != before
    assert check_document(json.loads(data)) == []
    doc = Document.model_validate_json(data)
    assert _tags(doc) == {
        "t1": ("c2", "policy_recommendation", None, "rule:rec.modal_ying", "accepted", "bob"),
        "t2": ("c7", "cited_evidence", "statistic", "rule:evi.percent_number", "accepted", "bob"),
        "r1": ("c8", "cited_evidence", "statistic", "review:alice", "added", "alice"),
        "t3": ("c9", "policy_recommendation", None, "model:rec-lr@0.1.0", "rejected", "bob"),
        "t4": ("c11", "cited_evidence", "case", "rule:evi.author_renwei", "rejected", "bob"),
        "t5": ("c11", "policy_recommendation", None, "rule:rec.modal_ying", "accepted", "bob"),
        "t6": ("c12", "cited_evidence", "citation", "rule:evi.author_year", None, None),
        "t7": ("c15", "policy_recommendation", None, "rule:rec.modal_ying", None, None),
        "t8": ("c16", "policy_recommendation", None, "rule:rec.modal_ying", None, None),
    }
    r1 = next(t for s in doc.sentences for t in s.tags if t.id == "r1")
    assert (r1.confidence, r1.review.time) == (1.0, FIXED_TIME)
    # idempotent: a second apply writes nothing
    again = apply_folder(store, out)
    assert (again.written, again.unchanged) == ([], [PAPER_ID])
    assert (out / "papers" / f"{PAPER_ID}.json").read_bytes() == data


def test_review_apply_relabel_and_note_and_to_other_folder(tmp_path):
    out = copy_fixture(tmp_path)
    original = (out / "papers" / f"{PAPER_ID}.json").read_bytes()
    (out / "corpus.jsonl").write_bytes(original + b"\n")
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    decide(store, doc, reviewer="alice", tag_id="t4", decision="relabel", label="cited_evidence",
           evidence_type="citation")
    decide(store, doc, reviewer="alice", tag_id="t7", decision="edit", attributes={"instrument": "supply"})
    decide(store, doc, reviewer="alice", tag_id="t7", decision="note", note="<b>供给型</b>")
    dest = tmp_path / "reviewed"
    apply_folder(store, out, dest)
    assert (out / "papers" / f"{PAPER_ID}.json").read_bytes() == original          # source untouched
    assert (out / "corpus.jsonl").read_bytes() == original + b"\n"
    new = (dest / "papers" / f"{PAPER_ID}.json").read_bytes()
    assert (dest / "corpus.jsonl").read_bytes() == new + b"\n"                     # corpus.jsonl kept in step
    tags = {t.id: t for s in Document.model_validate_json(new).sentences for t in s.tags}
    assert (tags["t4"].evidence_type, tags["t4"].review.status) == ("citation", "relabelled")
    assert (tags["t7"].attributes.instrument, tags["t7"].attributes.actor) == ("supply", "地方政府")
    assert (tags["t7"].review.status, tags["t7"].review.note) == ("relabelled", "<b>供给型</b>")


def test_review_apply_undo_after_apply_restores_the_model_tag(tmp_path):
    out = copy_fixture(tmp_path)
    original = (out / "papers" / f"{PAPER_ID}.json").read_bytes()
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    decide(store, doc, reviewer="alice", tag_id="t4", decision="relabel", label="policy_recommendation",
           evidence_type=None)
    apply_folder(store, out)
    assert (out / "papers" / f"{PAPER_ID}.json").read_bytes() != original
    undo(store, PAPER_ID, "alice")
    apply_folder(store, out)
    assert (out / "papers" / f"{PAPER_ID}.json").read_bytes() == original


def test_review_apply_reports_decisions_it_cannot_place(tmp_path):
    out = copy_fixture(tmp_path)
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    decide(store, doc, reviewer="alice", tag_id="t2", decision="accept")
    gone = doc.model_copy(deep=True)
    gone.paper_id = "ffffffffffffffff"
    decide(store, gone, reviewer="alice", tag_id="t2", decision="accept")   # a paper no longer in the folder
    report = apply_folder(store, out)
    assert report.written == [PAPER_ID] and report.missing == ["ffffffffffffffff/*"]


def test_review_apply_leaves_unreadable_documents_and_goes_on(tmp_path):
    out = copy_fixture(tmp_path)
    (out / "papers" / "0000000000000000.json").write_text('{"paper_id": "0000000000000000"', encoding="utf-8")
    store, _ = two_reviewer_store(tmp_path)
    report = apply_folder(store, out)
    assert report.written == [PAPER_ID]
    assert len(report.invalid) == 1 and report.invalid[0].startswith("0000000000000000.json: not a valid document")
    assert (out / "papers" / "0000000000000000.json").read_text("utf-8") == '{"paper_id": "0000000000000000"'


def test_review_apply_ignores_decisions_on_text_that_changed(tmp_path):
    # after a re-run, tag t2 may sit on another sentence: a decision made on the old text must not be applied
    out = copy_fixture(tmp_path)
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    decide(store, doc, reviewer="alice", tag_id="t2", decision="relabel", label="cited_evidence", evidence_type="case")
    path = out / "papers" / f"{PAPER_ID}.json"
    data = json.loads(path.read_bytes())
    c7 = next(s for s in data["sentences"] if s["id"] == "c7")
    c8 = next(s for s in data["sentences"] if s["id"] == "c8")
    c8["tags"], c7["tags"] = c7["tags"], []
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = apply_folder(store, out)
    assert report.missing == [f"{PAPER_ID}/t2 (decided on other text: c7)"]
    moved = Document.model_validate_json(path.read_bytes())
    t2 = next(t for s in moved.sentences for t in s.tags if t.id == "t2")
    assert (t2.evidence_type, t2.review) == ("statistic", None)


def test_review_apply_then_serve_again_shows_each_tag_once(tmp_path):
    from pipeline.review.view import paper_rows

    out = copy_fixture(tmp_path)
    store, _ = two_reviewer_store(tmp_path)
    apply_folder(store, out)
    applied = Document.model_validate_json((out / "papers" / f"{PAPER_ID}.json").read_bytes())
    c8 = [r for r in paper_rows(applied, store.events(), "alice") if r.sentence is not None and r.sentence.id == "c8"]
    assert [(t.id, t.status) for t in c8[0].tags] == [("r1", "added")]
    e = decide(store, applied, reviewer="alice", tag_id="r1", decision="relabel", label="cited_evidence",
               evidence_type="case")
    assert e.after["status"] == "added"
