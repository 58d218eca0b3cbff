"""Reviewer decisions on a paper's tags: accept, reject, relabel, edit attributes, note, add a missed tag, undo.

Each call appends one event to the :class:`~pipeline.review.store.EventStore` and returns it; nothing here
touches the paper's JSON. The keys of the review page map to :data:`KEY_LABELS` (1 recommendation,
2 citation, 3 statistic, 4 case).

A snapshot's status says what the reviewer made of the model's tag: ``rejected`` after a reject, ``added`` for a
tag the reviewer created, ``relabelled`` when label, evidence type or attributes now differ from the model's tag,
else ``accepted``.
"""

from __future__ import annotations

from typing import Any

from pipeline.model import Document, Sentence, Tag, TagAttributes
from pipeline.review.papers import find_sentence, find_tag, model_version
from pipeline.review.store import Event, EventStore, ReviewError, effective_events, fits

LABELS = ("policy_recommendation", "cited_evidence")
EVIDENCE_TYPES = ("citation", "statistic", "case")
KEY_LABELS: dict[str, tuple[str, str | None]] = {
    "1": ("policy_recommendation", None),
    "2": ("cited_evidence", "citation"),
    "3": ("cited_evidence", "statistic"),
    "4": ("cited_evidence", "case"),
}
EDITABLE = ("actor", "strength", "instrument")
_CHOICES = {"strength": ("must", "should", "may"), "instrument": ("supply", "environment", "demand")}
ADDED_SOURCE = "review:{reviewer}"
MAX_NOTE = 2000


def snapshot(tag: Tag, *, status: str | None = None, note: str | None = None) -> dict[str, Any]:
    """A tag as a reviewed-state dict (the ``before``/``after`` of an event)."""
    return {
        "label": tag.label,
        "evidence_type": tag.evidence_type,
        "confidence": tag.confidence,
        "source": tag.source,
        "attributes": tag.attributes.model_dump(mode="json"),
        "status": status,
        "note": note,
    }


def check_label(label: str, evidence_type: str | None) -> None:
    """Raise :class:`ReviewError` unless ``label``/``evidence_type`` form a valid pair.

    >>> check_label("cited_evidence", "statistic")
    >>> check_label("policy_recommendation", "case")
    Traceback (most recent call last):
    pipeline.review.store.ReviewError: [E501] a policy_recommendation has no evidence type. ...
    """
    if label not in LABELS:
        raise ReviewError(f"unknown label {label!r}.", hint=f"Use one of {', '.join(LABELS)}.")
    if label == "policy_recommendation" and evidence_type is not None:
        raise ReviewError("a policy_recommendation has no evidence type.", hint="Leave evidence_type empty.")
    if label == "cited_evidence" and evidence_type not in EVIDENCE_TYPES:
        raise ReviewError(f"unknown evidence type {evidence_type!r}.", hint=f"Use one of {', '.join(EVIDENCE_TYPES)}.")


def clean_attributes(values: dict[str, Any]) -> dict[str, str | None]:
    """The editable attributes given in a form (absent keys stay as they were): blank means null; strength and
    instrument must be known values.

    >>> clean_attributes({"actor": " 地方政府 ", "strength": "should", "instrument": "", "cue": "应"})
    {'actor': '地方政府', 'strength': 'should', 'instrument': None}
    """
    out: dict[str, str | None] = {}
    for key in EDITABLE:
        if key not in values:
            continue
        raw = values[key]
        value = str(raw).strip() if raw is not None else ""
        value = value or None
        if value is not None and key in _CHOICES and value not in _CHOICES[key]:
            raise ReviewError(f"{key} must be one of {', '.join(_CHOICES[key])} (got {value!r}).",
                              hint="Leave it empty when unknown.")
        if value is not None and len(value) > 200:
            raise ReviewError(f"{key} is longer than 200 characters.", hint="Shorten it.")
        out[key] = value
    return out


def _status(original: dict | None, after: dict, *, rejected: bool) -> str:
    if original is None:
        return "added"
    if rejected:
        return "rejected"
    keys = ("label", "evidence_type", "attributes")
    return "relabelled" if any(after[k] != original[k] for k in keys) else "accepted"


def current_state(store: EventStore, con, doc: Document, tag_id: str, reviewer: str) -> tuple[dict | None, dict]:
    """(model's snapshot or None for an added tag, the reviewer's current snapshot) of one tag."""
    found = find_tag(doc, tag_id)
    # a reviewer's tag already written into the document by `review apply` is still the reviewer's own
    original = snapshot(found[1]) if found and not (found[1].review and found[1].review.status == "added") else None
    latest = None
    for e in effective_events(store.events(paper=doc.paper_id, reviewer=reviewer, con=con)):
        if e.tag == tag_id and (found is None or fits(e, found[0].id, found[0].text)):
            latest = e
    if latest is not None and latest.after is not None:
        return original, latest.after
    if original is None and found:
        return None, snapshot(found[1], status="added")
    if original is None:
        raise ReviewError(f"no tag {tag_id!r} in paper {doc.paper_id}.")
    return original, dict(original)


def decide(store: EventStore, doc: Document, *, reviewer: str, tag_id: str, decision: str,
           label: str | None = None, evidence_type: str | None = None,
           attributes: dict[str, Any] | None = None, note: str | None = None) -> Event:
    """Record ``decision`` (accept, reject, relabel, edit, note) on tag ``tag_id`` of ``doc`` by ``reviewer``."""
    if decision not in ("accept", "reject", "relabel", "edit", "note"):
        raise ReviewError(f"unknown decision {decision!r}.", hint="Use accept, reject, relabel, edit or note.")
    with store.transaction() as con:
        original, before = current_state(store, con, doc, tag_id, reviewer)
        after = dict(before)
        after["attributes"] = dict(before["attributes"])
        if decision == "relabel":
            check_label(label or "", evidence_type)
            after["label"], after["evidence_type"] = label, evidence_type
        elif decision == "edit":
            after["attributes"].update(clean_attributes(attributes or {}))
        elif decision == "note":
            after["note"] = _clean_note(note)
        if decision == "note":
            after["status"] = before["status"]
        elif original is None:  # a reviewer's own tag: rejecting it withdraws it
            after["status"] = "rejected" if decision == "reject" else "added"
        else:
            after["status"] = _status(original, after, rejected=decision == "reject")
        sent = _sentence_of(doc, tag_id, original, store, con, reviewer)
        return store.append(
            con, reviewer=reviewer, paper=doc.paper_id, sentence=sent.id, tag=tag_id, decision=decision,
            before=before, after=after, model_version=model_version(doc), text=sent.text, start=sent.start,
            end=sent.end, sentence_tags=[t.id for t in sent.tags], kind=sent.kind, sections=section_path(doc, sent),
        )


def section_path(doc: Document, sent: Sentence) -> list[str]:
    """Headings (number + title) of the sections enclosing ``sent``, outermost first."""
    by_id = {s.id: s for s in doc.sections}
    path, seen = [], set()
    sid = sent.section
    while sid and sid in by_id and sid not in seen:
        seen.add(sid)
        sec = by_id[sid]
        path.append((sec.number or "") + sec.title)
        sid = sec.parent
    return path[::-1]


def _clean_note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ReviewError(f"the note is longer than {MAX_NOTE} characters.", hint="Shorten it.")
    return note or None


def _sentence_of(doc: Document, tag_id: str, original: dict | None, store: EventStore, con, reviewer: str):
    found = find_tag(doc, tag_id)
    if found:
        return found[0]
    for e in store.events(paper=doc.paper_id, reviewer=reviewer, con=con):
        if e.tag == tag_id and e.decision == "add":
            sent = find_sentence(doc, e.sentence)
            if sent is not None:
                return sent
    raise ReviewError(f"no tag {tag_id!r} in paper {doc.paper_id}.")


def add_tag(store: EventStore, doc: Document, *, reviewer: str, sentence_id: str, label: str,
            evidence_type: str | None, attributes: dict[str, Any] | None = None, note: str | None = None) -> Event:
    """Record a tag the model missed on sentence ``sentence_id``; its id is ``r<n>``, unique in the paper."""
    check_label(label, evidence_type)
    sent = find_sentence(doc, sentence_id)
    if sent is None:
        raise ReviewError(f"no sentence {sentence_id!r} in paper {doc.paper_id}.")
    attrs = TagAttributes(**clean_attributes(attributes or {}))
    taken = {t.id for s in doc.sentences for t in s.tags}
    with store.transaction() as con:
        taken |= {e.tag for e in store.events(paper=doc.paper_id, con=con)}
        n = 1
        while f"r{n}" in taken:
            n += 1
        tag = Tag(id=f"r{n}", label=label, evidence_type=evidence_type, confidence=1.0,
                  source=ADDED_SOURCE.format(reviewer=reviewer), attributes=attrs)
        after = snapshot(tag, status="added", note=_clean_note(note))
        return store.append(
            con, reviewer=reviewer, paper=doc.paper_id, sentence=sent.id, tag=tag.id, decision="add", before=None,
            after=after, model_version=model_version(doc), text=sent.text, start=sent.start, end=sent.end,
            sentence_tags=[t.id for t in sent.tags], kind=sent.kind, sections=section_path(doc, sent),
        )


def undo(store: EventStore, paper_id: str, reviewer: str) -> Event | None:
    """Cancel ``reviewer``'s latest effective event in the paper (by appending an undo event); None if none."""
    with store.transaction() as con:
        live = effective_events(store.events(paper=paper_id, reviewer=reviewer, con=con))
        if not live:
            return None
        target = live[-1]
        return store.append(
            con, reviewer=reviewer, paper=paper_id, sentence=target.sentence, tag=target.tag, decision="undo",
            before=target.after, after=target.before, model_version=target.model_version, undoes=target.id,
            text=target.text, start=target.start, end=target.end, sentence_tags=target.sentence_tags,
            kind=target.kind, sections=target.sections,
        )
