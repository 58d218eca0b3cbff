"""Write reviewed decisions into the papers' tags (``Tag.review``), as new documents written atomically.

Per tag the most recent decision over all reviewers wins. Accepted tags keep their values; relabelled tags take
the reviewer's label, evidence type and attributes; rejected tags stay in the document with
``review.status == "rejected"`` (downstream code filters them, and the model's guess stays visible); tags a
reviewer added are appended to their sentence with ``source == "review:<reviewer>"`` and confidence 1.0.

Applying is idempotent (same log, same bytes) and reversible from the log: a decision undone after an earlier
apply is taken out again (the model's values are restored from the event's ``before``). Every document is
checked against the published schema before it replaces the old file; an invalid result is not written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.emit import check_document, render_document, write_atomic
from pipeline.model import Document, Review, Tag, TagAttributes
from pipeline.review.export import is_withdrawn, natural_key, original_snapshots
from pipeline.review.store import Event, EventStore, fits, fold_states, is_added, merge_reviewers

RE_PAPER_ID = re.compile(rb'"paper_id":\s*"([0-9A-Za-z_.-]+)"')


@dataclass
class ApplyReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Decisions whose paper, sentence or tag is no longer in the output folder ("paper/tag")."""
    invalid: list[str] = field(default_factory=list)
    """Documents that could not be read, or would break the schema after applying (left as they were)."""
    reviewed_tags: int = 0


def _tag_values(tag: Tag, state: dict) -> Tag:
    return tag.model_copy(update={
        "label": state["label"], "evidence_type": state["evidence_type"],
        "attributes": TagAttributes.model_validate(state["attributes"]),
    })


def apply_to_document(doc: Document, events: list[Event], report: ApplyReport | None = None) -> Document:
    """A copy of ``doc`` with the log's current decisions written into its tags; ``doc`` is not changed."""
    report = report if report is not None else ApplyReport()
    merged = {tag: e for (paper, tag), e in merge_reviewers(fold_states(events)).items() if paper == doc.paper_id}
    originals = {tag: snap for (paper, tag), snap in original_snapshots(events).items() if paper == doc.paper_id}
    out = doc.model_copy(deep=True)
    seen: set[str] = set()
    for sent in out.sentences:
        tags: list[Tag] = []
        for tag in sent.tags:
            e = merged.get(tag.id)
            seen.add(tag.id)
            if e is not None and not fits(e, sent.id, sent.text):
                report.missing.append(f"{doc.paper_id}/{tag.id} (decided on other text: {e.sentence})")
                tags.append(tag)
                continue
            if e is None or is_withdrawn(e):
                if tag.review is None:
                    tags.append(tag)
                elif tag.review.status != "added":  # decision undone since the last apply
                    orig = originals.get(tag.id)
                    tags.append((_tag_values(tag, orig) if orig else tag).model_copy(update={"review": None}))
                continue
            state = e.after
            review = Review(status=state["status"], reviewer=e.reviewer, time=e.time, note=state.get("note"))
            base = _tag_values(tag, state) if state["status"] != "rejected" else tag
            if is_added(e):
                base = base.model_copy(update={"confidence": state["confidence"], "source": state["source"]})
            tags.append(base.model_copy(update={"review": review}))
            report.reviewed_tags += 1
        for tag_id, e in sorted(merged.items(), key=lambda kv: natural_key(kv[0])):
            if fits(e, sent.id, sent.text) and is_added(e) and tag_id not in seen and not is_withdrawn(e):
                state = e.after
                tags.append(Tag(id=tag_id, label=state["label"], evidence_type=state["evidence_type"],
                                confidence=state["confidence"], source=state["source"],
                                attributes=TagAttributes.model_validate(state["attributes"]),
                                review=Review(status="added", reviewer=e.reviewer, time=e.time,
                                              note=state.get("note"))))
                seen.add(tag_id)
                report.reviewed_tags += 1
        sent.tags = tags
    for tag_id, e in sorted(merged.items(), key=lambda kv: natural_key(kv[0])):
        if tag_id not in seen and not is_withdrawn(e):
            report.missing.append(f"{doc.paper_id}/{tag_id}")
    return out


def apply_folder(store: EventStore, out_dir: Path, dest: Path | None = None) -> ApplyReport:
    """Apply the log to every document of ``out_dir/papers`` and write the results to ``dest`` (default: in
    place, each file replaced atomically); ``corpus.jsonl`` is updated to match when present. A document that
    cannot be read or would become invalid is reported in ``invalid`` and left alone; the others go on."""
    out_dir = Path(out_dir)
    dest = Path(dest) if dest is not None else out_dir
    events = store.events()
    report = ApplyReport()
    known = {e.paper for e in events}
    new_bytes: dict[str, bytes] = {}
    for path in sorted((out_dir / "papers").glob("*.json")):
        try:
            doc = Document.model_validate_json(path.read_bytes())
        except ValueError as exc:
            report.invalid.append(f"{path.name}: not a valid document ({str(exc).splitlines()[0]})")
            continue
        known.discard(doc.paper_id)
        updated = apply_to_document(doc, [e for e in events if e.paper == doc.paper_id], report)
        data = render_document(updated)
        target = dest / "papers" / path.name
        new_bytes[doc.paper_id] = data
        if target.exists() and target.read_bytes() == data:   # nothing to change: skip the (slow) schema check
            report.unchanged.append(doc.paper_id)
            continue
        problems = check_document(json.loads(data))
        if problems:
            report.invalid.append(f"{path.name}: applying the review would make it invalid: {problems[0]}")
            new_bytes.pop(doc.paper_id)
            continue
        write_atomic(target, data)
        report.written.append(doc.paper_id)
    report.missing += sorted(f"{paper}/*" for paper in known)
    corpus = out_dir / "corpus.jsonl"
    if corpus.exists():
        lines = []
        for line in corpus.read_bytes().splitlines():
            if line.strip():
                found = RE_PAPER_ID.search(line[:400])
                lines.append(new_bytes.get(found.group(1).decode() if found else "", line) + b"\n")
        target = dest / "corpus.jsonl"
        data = b"".join(lines)
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)
    return report
