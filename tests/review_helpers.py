"""Shared helpers of the review tests: the hand-made fixture paper (sentences of seed paper 000) and a fixed clock."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.model import Document

FIXTURE = Path(__file__).resolve().parent / "data" / "review"
PAPER_ID = "d53b735b6d3ea8de"
FIXED_TIME = "2026-11-25T05:00:00Z"


def fixed_clock() -> str:
    return FIXED_TIME


def copy_fixture(tmp_path: Path) -> Path:
    """A fresh output folder (``papers/<id>.json``) in ``tmp_path``: tests never touch the fixture itself."""
    out = tmp_path / "out"
    shutil.copytree(FIXTURE / "papers", out / "papers")
    return out


def load_fixture() -> Document:
    return Document.model_validate_json((FIXTURE / "papers" / f"{PAPER_ID}.json").read_bytes())


def two_reviewer_store(tmp_path: Path):
    """A store where alice and bob reviewed the fixture paper (decisions listed in the docstring of each test)."""
    from pipeline.review.decision import add_tag, decide, undo
    from pipeline.review.store import EventStore

    store = EventStore(tmp_path / "review.sqlite", clock=fixed_clock)
    doc = load_fixture()
    # alice: t1 rejected, t2 accepted, t4 relabelled case -> citation, t5 accepted + note, t3 edited, r1 added on c8
    decide(store, doc, reviewer="alice", tag_id="t1", decision="reject")
    decide(store, doc, reviewer="alice", tag_id="t2", decision="accept")
    decide(store, doc, reviewer="alice", tag_id="t4", decision="relabel", label="cited_evidence",
           evidence_type="citation")
    decide(store, doc, reviewer="alice", tag_id="t5", decision="accept")
    decide(store, doc, reviewer="alice", tag_id="t5", decision="note", note="转述 Langendijk 的观点")
    decide(store, doc, reviewer="alice", tag_id="t3", decision="edit",
           attributes={"actor": "专家", "strength": "must", "instrument": ""})
    add_tag(store, doc, reviewer="alice", sentence_id="c8", label="cited_evidence", evidence_type="statistic")
    # alice accepts t6, then takes it back
    decide(store, doc, reviewer="alice", tag_id="t6", decision="accept")
    undo(store, doc.paper_id, "alice")
    # bob: t1 accepted, t2 accepted, t4 rejected, t5 accepted, t3 rejected
    decide(store, doc, reviewer="bob", tag_id="t1", decision="accept")
    decide(store, doc, reviewer="bob", tag_id="t2", decision="accept")
    decide(store, doc, reviewer="bob", tag_id="t4", decision="reject")
    decide(store, doc, reviewer="bob", tag_id="t5", decision="accept")
    decide(store, doc, reviewer="bob", tag_id="t3", decision="reject")
    return store, doc
