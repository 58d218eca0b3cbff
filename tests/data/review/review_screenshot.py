"""Take ``docs/review-paper-view.png``: the paper view of the review fixture after a few decisions.

    PYTHONPATH=.:tests .venv/bin/python tests/data/review/review_screenshot.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def main() -> None:
    from playwright.sync_api import sync_playwright

    from pipeline.review.app import ReviewConfig, create_app
    from pipeline.review.decision import add_tag, decide
    from pipeline.review.store import EventStore
    from review_helpers import PAPER_ID, copy_fixture, fixed_clock, load_fixture
    from test_review_e2e import ServerThread, _launch

    with tempfile.TemporaryDirectory() as tmp:
        out = copy_fixture(Path(tmp))
        store = EventStore(out / "review.sqlite", clock=fixed_clock)
        doc = load_fixture()
        decide(store, doc, reviewer="alice", tag_id="t1", decision="reject")
        decide(store, doc, reviewer="alice", tag_id="t2", decision="accept")
        add_tag(store, doc, reviewer="alice", sentence_id="c8", label="cited_evidence", evidence_type="statistic")
        decide(store, doc, reviewer="alice", tag_id="t4", decision="relabel", label="cited_evidence",
               evidence_type="citation")
        decide(store, doc, reviewer="alice", tag_id="t5", decision="note", note="“应”在此是转述他人观点")
        app = create_app(ReviewConfig(out_dir=out, reviewer="alice"), store=store)
        with ServerThread(app) as base, sync_playwright() as pw:
            ctx = _launch(pw, Path(tmp) / "profile")
            page = ctx.new_page()
            page.goto(f"{base}/paper/{PAPER_ID}?focus=t-t5")
            page.wait_for_selector(".item.focused")
            page.evaluate("window.scrollTo(0, 0)")
            target = REPO / "docs" / "review-paper-view.png"
            target.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(target), full_page=True)
            ctx.close()
        print(target)


if __name__ == "__main__":
    main()
