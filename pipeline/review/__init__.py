"""Review of extracted policy tags: an append-only SQLite log of reviewer decisions, agreement between reviewers,
exports (JSONL, CSV, Label Studio, tagger training lines), ``apply`` back into the documents, and a small local
web app (``python -m pipeline review serve OUT_DIR``).

The library does the work; :mod:`pipeline.review.app` and :mod:`pipeline.review.cli` are thin layers over it.
"""

from pipeline.review.agreement import agreement_by_label, cohen_kappa
from pipeline.review.apply import apply_folder, apply_to_document
from pipeline.review.decision import add_tag, decide, undo
from pipeline.review.export import render as render_export
from pipeline.review.store import Event, EventStore, ReviewError

__all__ = [
    "Event", "EventStore", "ReviewError", "add_tag", "agreement_by_label", "apply_folder", "apply_to_document",
    "cohen_kappa", "decide", "render_export", "undo",
]
