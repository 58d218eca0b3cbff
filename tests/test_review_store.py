"""The review event log: append-only events with before/after, undo as an event, parameterised SQL."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.review.decision import add_tag, decide, undo
from pipeline.review.store import EventStore, ReviewError, ReviewStoreError, fold_states
from review_helpers import FIXED_TIME, PAPER_ID, fixed_clock, load_fixture, two_reviewer_store

MODEL_VERSION = "pipeline 0.1.0 cfg 0000000000000000"
T4_MODEL = {"label": "cited_evidence", "evidence_type": "case", "confidence": 0.47, "source": "rule:evi.author_renwei",
            "attributes": {"actor": None, "strength": None, "instrument": None, "action": None,
                           "cue": "Langendijk认为", "references": []},
            "status": None, "note": None}


def test_review_store_event_records_before_after_reviewer_time_version(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    e = decide(store, doc, reviewer="alice", tag_id="t4", decision="relabel", label="cited_evidence",
               evidence_type="citation")
    assert (e.id, e.time, e.reviewer, e.paper, e.sentence, e.tag, e.decision, e.model_version, e.undoes) == (
        1, FIXED_TIME, "alice", PAPER_ID, "c11", "t4", "relabel", MODEL_VERSION, None)
    assert e.before == T4_MODEL
    assert e.after == {**T4_MODEL, "evidence_type": "citation", "status": "relabelled"}
    assert (e.text, e.start, e.end, e.sentence_tags) == (
        "Langendijk认为 ,政府应根据集群的不同发展模式选择相应的政策。", 606, 642, ("t4", "t5"))
    assert (e.kind, e.sections) == ("body", ("二、产业集群政策研究的文献回顾",))
    assert store.events() == [e]


def test_review_store_statuses_follow_the_decisions(tmp_path):
    store, _ = two_reviewer_store(tmp_path)
    states = {(tag, r): e.after["status"] for (_, tag, r), e in fold_states(store.events()).items()}
    assert states == {
        ("t1", "alice"): "rejected", ("t2", "alice"): "accepted", ("t4", "alice"): "relabelled",
        ("t5", "alice"): "accepted", ("t3", "alice"): "relabelled", ("r1", "alice"): "added",
        ("t1", "bob"): "accepted", ("t2", "bob"): "accepted", ("t4", "bob"): "rejected",
        ("t5", "bob"): "accepted", ("t3", "bob"): "rejected",
    }
    t5 = fold_states(store.events())[(PAPER_ID, "t5", "alice")].after
    assert t5["note"] == "转述 Langendijk 的观点" and t5["status"] == "accepted"
    t3 = fold_states(store.events())[(PAPER_ID, "t3", "alice")].after["attributes"]
    assert (t3["actor"], t3["strength"], t3["instrument"]) == ("专家", "must", None)


def test_review_store_relabel_back_to_model_label_is_accepted(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    decide(store, doc, reviewer="a", tag_id="t4", decision="relabel", label="cited_evidence", evidence_type="citation")
    e = decide(store, doc, reviewer="a", tag_id="t4", decision="relabel", label="cited_evidence", evidence_type="case")
    assert e.after["status"] == "accepted"


def test_review_store_undo_is_an_event_and_restores_the_state(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    first = decide(store, doc, reviewer="alice", tag_id="t2", decision="accept")
    second = decide(store, doc, reviewer="alice", tag_id="t2", decision="reject")
    other = decide(store, doc, reviewer="bob", tag_id="t2", decision="accept")
    u = undo(store, PAPER_ID, "alice")
    assert (u.decision, u.undoes, u.tag, u.before, u.after) == ("undo", second.id, "t2", second.after, second.before)
    assert [e.decision for e in store.events()] == ["accept", "reject", "accept", "undo"]   # nothing deleted
    states = fold_states(store.events())
    assert states[(PAPER_ID, "t2", "alice")] == first
    assert states[(PAPER_ID, "t2", "bob")] == other          # undo never touches another reviewer's decisions
    assert undo(store, PAPER_ID, "alice").undoes == first.id  # a second undo goes one step further back
    assert (PAPER_ID, "t2", "alice") not in fold_states(store.events())
    assert undo(store, PAPER_ID, "alice") is None              # nothing left to undo


def test_review_store_undo_of_add_removes_the_tag(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    added = add_tag(store, doc, reviewer="alice", sentence_id="c17", label="policy_recommendation",
                    evidence_type=None)
    assert (added.tag, added.before, added.after["source"], added.after["confidence"]) == (
        "r1", None, "review:alice", 1.0)
    undo(store, PAPER_ID, "alice")
    assert fold_states(store.events()) == {}
    with pytest.raises(ReviewError):
        decide(store, doc, reviewer="alice", tag_id="r1", decision="accept")
    again = add_tag(store, doc, reviewer="bob", sentence_id="c17", label="cited_evidence", evidence_type="case")
    assert again.tag == "r2"                                   # ids are never reused


def test_review_store_refuses_update_and_delete(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    decide(store, load_fixture(), reviewer="alice", tag_id="t2", decision="accept")
    con = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE events SET decision = 'reject'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM events")
    con.close()
    assert [e.decision for e in store.events()] == ["accept"]


def test_review_store_uses_wal_and_parameterised_sql(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    with store.connect() as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    hostile = "x'); DROP TABLE events; --"
    doc = load_fixture()
    with pytest.raises(ReviewError, match="no tag"):
        decide(store, doc, reviewer=hostile, tag_id=hostile, decision="accept")
    e = decide(store, doc, reviewer=hostile, tag_id="t2", decision="note", note=hostile)
    assert store.events(reviewer=hostile) == [e]
    assert e.after["note"] == hostile and e.after["status"] is None


def test_review_store_rejects_bad_values(tmp_path):
    store = EventStore(tmp_path / "r.sqlite", clock=fixed_clock)
    doc = load_fixture()
    with pytest.raises(ReviewError, match="unknown decision"):
        decide(store, doc, reviewer="a", tag_id="t2", decision="delete")
    with pytest.raises(ReviewError, match="evidence type"):
        decide(store, doc, reviewer="a", tag_id="t2", decision="relabel", label="cited_evidence", evidence_type="x")
    with pytest.raises(ReviewError, match="strength must be one of"):
        decide(store, doc, reviewer="a", tag_id="t2", decision="edit", attributes={"strength": "always"})
    with pytest.raises(ReviewError, match="no sentence"):
        add_tag(store, doc, reviewer="a", sentence_id="c999", label="policy_recommendation", evidence_type=None)
    assert store.events() == []


def test_review_store_refuses_a_file_that_is_not_sqlite(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(ReviewStoreError, match="E502"):
        EventStore(bad)


def test_review_store_two_writers_share_the_database(tmp_path):
    # two reviewers' servers (here: threads with their own store objects) adding tags at the same time
    import threading

    doc = load_fixture()
    stores = [EventStore(tmp_path / "r.sqlite", clock=fixed_clock) for _ in range(2)]
    ids: list[str] = []

    def work(store, name):
        for _ in range(15):
            ids.append(add_tag(store, doc, reviewer=name, sentence_id="c17", label="policy_recommendation",
                               evidence_type=None).tag)

    threads = [threading.Thread(target=work, args=(s, n)) for s, n in zip(stores, ("alice", "bob"), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ids, key=lambda i: int(i[1:])) == [f"r{n}" for n in range(1, 31)]
    assert len(stores[0].events()) == 30
