"""Exports of the review log: reviewed tags (JSONL, CSV), Label Studio tasks, and tagger training lines.

Everything is computed from the event store alone (each event carries its sentence's text, offsets and model
tag ids), so an export needs no output folder. Output is sorted (paper, sentence offset, tag, reviewer):
the same log gives the same bytes.

Formats:

* ``jsonl`` / ``csv``: one row per (tag, reviewer) with a decision; columns :data:`FIELDS`.
* ``labelstudio``: a JSON list of Label Studio tasks (``data`` + one ``annotations`` entry per reviewer,
  ``predictions`` = the model's tags) for a ``<Choices name="label" toName="text" choice="multiple">``
  config with the values of :data:`CHOICES`. A sentence is exported for a reviewer once that reviewer has
  decided every model tag on it.
* ``training``: the tagger's training JSONL (read by :func:`pipeline.tag.dataset.read_examples`), one line per
  sentence whose model tags are all decided (the most recent decision over reviewers wins): ``{"id", "paper",
  "text", "kind": "heading"|"body", "sections": [enclosing headings], "policy_recommendation": bool,
  "evidence": [types], "actor", "strength"}``. Actor and strength come from the first kept recommendation.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

from pipeline.review.store import Event, ReviewError, fold_states, is_added, merge_reviewers

FORMATS = ("jsonl", "csv", "labelstudio", "training")
FIELDS = (
    "paper", "sentence", "tag", "reviewer", "status", "label", "evidence_type", "actor", "strength", "instrument",
    "note", "original_label", "original_evidence_type", "confidence", "source", "text", "start", "end", "time",
    "model_version",
)
CHOICES = {
    ("policy_recommendation", None): "recommendation",
    ("cited_evidence", "citation"): "citation",
    ("cited_evidence", "statistic"): "statistic",
    ("cited_evidence", "case"): "case",
}
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv", "labelstudio": "application/json",
               "training": "application/x-ndjson"}
RE_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts ``t2`` before ``t10``.

    >>> sorted(["t10", "t2", "r1"], key=natural_key)
    ['r1', 't2', 't10']
    """
    return tuple(int(p) if p.isdigit() else p for p in RE_DIGITS.split(text))


def is_withdrawn(e: Event) -> bool:
    """A reviewer's own tag that the reviewer then rejected: it never existed."""
    return is_added(e) and e.after is not None and e.after.get("status") == "rejected"


def original_snapshots(events: list[Event]) -> dict[tuple[str, str], dict]:
    """The model's snapshot of each model tag seen in the log (the ``before`` of its first event)."""
    out: dict[tuple[str, str], dict] = {}
    for e in events:
        if e.decision != "undo" and not is_added(e) and e.before is not None:
            out.setdefault((e.paper, e.tag), e.before)
    return out


def reviewed_rows(events: Iterable[Event]) -> list[dict]:
    """One dict per (paper, tag, reviewer) with a decision, with the sentence and the model's original label."""
    events = list(events)
    originals = original_snapshots(events)
    rows = []
    for (paper, tag, reviewer), e in fold_states(events).items():
        state = e.after
        if state is None or not state.get("status") or is_withdrawn(e):
            continue
        orig = originals.get((paper, tag))
        attrs = state["attributes"]
        rows.append({
            "paper": paper, "sentence": e.sentence, "tag": tag, "reviewer": reviewer, "status": state["status"],
            "label": state["label"], "evidence_type": state["evidence_type"], "actor": attrs.get("actor"),
            "strength": attrs.get("strength"), "instrument": attrs.get("instrument"), "note": state.get("note"),
            "original_label": orig["label"] if orig else None,
            "original_evidence_type": orig["evidence_type"] if orig else None,
            "confidence": state["confidence"], "source": state["source"], "text": e.text, "start": e.start,
            "end": e.end, "time": e.time, "model_version": e.model_version,
        })
    rows.sort(key=lambda r: (r["paper"], r["start"], natural_key(r["sentence"]), natural_key(r["tag"]),
                             r["reviewer"]))
    return rows


def render_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def render_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r[k] is None else r[k]) for k in FIELDS})
    return buf.getvalue()


def _sentences(events: list[Event]) -> dict[tuple[str, str], Event]:
    """Any event per (paper, sentence), for its text, offsets and model tag ids."""
    out: dict[tuple[str, str], Event] = {}
    for e in events:
        out.setdefault((e.paper, e.sentence), e)
    return out


def _complete(states: dict[str, Event], model_tags: tuple[str, ...]) -> bool:
    return all(t in states for t in model_tags)


def _kept(states: dict[str, Event]) -> list[dict]:
    """The tags that stand after review, in tag order."""
    return [states[t].after for t in sorted(states, key=natural_key)
            if states[t].after["status"] != "rejected"]


def render_labelstudio(events: Iterable[Event]) -> str:
    events = list(events)
    originals = original_snapshots(events)
    per: dict[tuple[str, str], dict[str, dict[str, Event]]] = {}
    for (paper, tag, reviewer), e in fold_states(events).items():
        if e.after is None or not e.after.get("status") or is_withdrawn(e):
            continue
        per.setdefault((paper, e.sentence), {}).setdefault(reviewer, {})[tag] = e
    tasks = []
    for (paper, sentence), head in sorted(_sentences(events).items(),
                                          key=lambda kv: (kv[0][0], kv[1].start, natural_key(kv[0][1]))):
        reviewers = {r: s for r, s in sorted(per.get((paper, sentence), {}).items())
                     if _complete(s, head.sentence_tags)}
        if not reviewers:
            continue
        predicted = sorted({CHOICES[(o["label"], o["evidence_type"])]
                            for t in head.sentence_tags if (o := originals.get((paper, t)))})
        tasks.append({
            "data": {"text": head.text, "paper": paper, "sentence": sentence, "start": head.start, "end": head.end,
                     "reviewers": list(reviewers)},
            "annotations": [
                {"result": [{"from_name": "label", "to_name": "text", "type": "choices",
                             "value": {"choices": sorted({CHOICES[(k["label"], k["evidence_type"])]
                                                          for k in _kept(s)})}}]}
                for s in reviewers.values()
            ],
            "predictions": [{"model_version": head.model_version,
                             "result": [{"from_name": "label", "to_name": "text", "type": "choices",
                                         "value": {"choices": predicted}}]}],
        })
    return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"


def training_lines(events: Iterable[Event]) -> list[dict]:
    """Training examples for the tagger from the sentences whose model tags have all been decided."""
    events = list(events)
    per: dict[tuple[str, str], dict[str, Event]] = {}
    for (paper, tag), e in merge_reviewers(fold_states(events)).items():
        if not is_withdrawn(e):
            per.setdefault((paper, e.sentence), {})[tag] = e
    lines = []
    for (paper, sentence), head in sorted(_sentences(events).items(),
                                          key=lambda kv: (kv[0][0], kv[1].start, natural_key(kv[0][1]))):
        states = per.get((paper, sentence), {})
        if not states or not _complete(states, head.sentence_tags):
            continue
        kept = _kept(states)
        recs = [k for k in kept if k["label"] == "policy_recommendation"]
        lines.append({
            "id": f"{paper}:{sentence}", "paper": paper, "text": head.text,
            "kind": "heading" if head.kind in ("heading", "title") else "body", "sections": list(head.sections),
            "policy_recommendation": bool(recs),
            "evidence": sorted({k["evidence_type"] for k in kept if k["label"] == "cited_evidence"}),
            "actor": recs[0]["attributes"].get("actor") if recs else None,
            "strength": recs[0]["attributes"].get("strength") if recs else None,
            "instrument": recs[0]["attributes"].get("instrument") if recs else None,
        })
    return lines


def render(events: Iterable[Event], fmt: str) -> str:
    """The export of ``events`` in format ``fmt`` (one of :data:`FORMATS`)."""
    events = list(events)
    if fmt == "jsonl":
        return render_jsonl(reviewed_rows(events))
    if fmt == "csv":
        return render_csv(reviewed_rows(events))
    if fmt == "labelstudio":
        return render_labelstudio(events)
    if fmt == "training":
        return render_jsonl(training_lines(events))
    raise ReviewError(f"unknown export format {fmt!r}.", hint=f"Use one of {', '.join(FORMATS)}.")
