"""What the review pages show: papers with progress, and a paper as rows in reading order (headings, sentences
with their tags as the reviewer currently sees them, English abstract sentences under their aligned Chinese
ones). Pure functions over the document and the log; the web handlers only render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Document, Sentence
from pipeline.review.agreement import Agreement, agreement_by_label
from pipeline.review.decision import snapshot
from pipeline.review.export import is_withdrawn, natural_key
from pipeline.review.papers import PaperEntry
from pipeline.review.store import Event, fits, fold_states, is_added

LABEL_NAMES = {
    ("policy_recommendation", None): "recommendation",
    ("cited_evidence", "citation"): "citation",
    ("cited_evidence", "statistic"): "statistic",
    ("cited_evidence", "case"): "case",
}


@dataclass(frozen=True)
class Filters:
    label: str | None = None
    unreviewed: bool = False
    below: float | None = None

    @property
    def active(self) -> bool:
        return bool(self.label or self.unreviewed or self.below is not None)

    @classmethod
    def parse(cls, params) -> Filters:
        """From query parameters; unknown or malformed values are ignored.

        >>> Filters.parse({"label": "cited_evidence", "unreviewed": "1", "below": "0.5"})
        Filters(label='cited_evidence', unreviewed=True, below=0.5)
        >>> Filters.parse({"label": "<script>", "below": "abc"})
        Filters(label=None, unreviewed=False, below=None)
        """
        label = params.get("label") or None
        if label not in (None, "policy_recommendation", "cited_evidence"):
            label = None
        try:
            below = float(params["below"]) if params.get("below") else None
        except ValueError:
            below = None
        if below is not None and not 0.0 <= below <= 1.0:
            below = None
        return cls(label, params.get("unreviewed") in ("1", "on", "true"), below)


@dataclass
class TagView:
    id: str
    label: str
    evidence_type: str | None
    name: str
    confidence: float
    source: str
    actor: str | None
    strength: str | None
    instrument: str | None
    status: str | None
    note: str | None
    added: bool
    visible: bool = True


@dataclass
class Row:
    kind: str  # "heading" or "sentence"
    sentence: Sentence | None = None
    level: int = 1
    number: str | None = None
    title: str = ""
    tags: list[TagView] = field(default_factory=list)
    segments: list[tuple[str, str | None]] = field(default_factory=list)
    aligned_score: float | None = None
    item: bool = False


@dataclass(frozen=True)
class Progress:
    paper_id: str
    title: str
    reviewed: int
    total: int
    added: int
    error: str | None = None


def reviewer_states(events: list[Event], reviewer: str) -> dict[str, Event]:
    """The reviewer's current event per tag id (one paper's events)."""
    return {tag: e for (_, tag, r), e in fold_states(events).items() if r == reviewer}


def tag_views(doc: Document, sent: Sentence, states: dict[str, Event], filters: Filters) -> list[TagView]:
    views = []
    snaps = [(t.id, snapshot(t), False) for t in sent.tags]
    present = {t.id for t in sent.tags}                    # an added tag already written by `review apply`
    snaps += sorted(((tid, e.after, True) for tid, e in states.items()
                     if is_added(e) and fits(e, sent.id, sent.text) and not is_withdrawn(e) and tid not in present),
                    key=lambda x: natural_key(x[0]))
    for tid, snap, added in snaps:
        e = states.get(tid)
        if e is not None and not fits(e, sent.id, sent.text):
            e = None                                      # a decision on another text (the paper was re-run)
        cur = e.after if e is not None and e.after is not None else snap
        attrs = cur["attributes"]
        v = TagView(tid, cur["label"], cur["evidence_type"], LABEL_NAMES.get((cur["label"], cur["evidence_type"]), "?"),
                    cur["confidence"], cur["source"], attrs.get("actor"), attrs.get("strength"),
                    attrs.get("instrument"), cur.get("status"), cur.get("note"), added)
        v.visible = ((not filters.label or v.label == filters.label)
                     and (not filters.unreviewed or v.status is None)
                     and (filters.below is None or v.confidence < filters.below))
        views.append(v)
    return views


def mark_cues(text: str, cues: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """Split ``text`` into segments, marking the first occurrence of each cue with its class (text stays text:
    the template escapes every segment).

    >>> mark_cues("地方政府应运用舆论的力量", [("应", "recommendation")])
    [('地方政府', None), ('应', 'recommendation'), ('运用舆论的力量', None)]
    """
    spans = []
    for cue, cls in cues:
        if not cue:
            continue
        i = text.find(cue)
        if i >= 0 and all(i >= e or i + len(cue) <= s for s, e, _ in spans):
            spans.append((i, i + len(cue), cls))
    out, pos = [], 0
    for s, e, cls in sorted(spans):
        if s > pos:
            out.append((text[pos:s], None))
        out.append((text[s:e], cls))
        pos = e
    if pos < len(text) or not out:
        out.append((text[pos:], None))
    return out


def paper_rows(doc: Document, events: list[Event], reviewer: str, filters: Filters = Filters()) -> list[Row]:
    """The paper in reading order as display rows for ``reviewer``."""
    states = reviewer_states(events, reviewer)
    sections = {s.id: s for s in doc.sections}
    by_id = {s.id: s for s in doc.sentences}
    heading_sentences = {s.sentence for s in doc.sections if s.sentence}
    after_zh: dict[str, tuple[list[str], float]] = {}
    aligned_en: set[str] = set()
    for link in doc.abstract.alignment:
        if link.zh and link.zh[-1] in by_id and all(i in by_id for i in link.en):
            after_zh[link.zh[-1]] = (list(link.en), link.score)
            aligned_en.update(link.en)

    def sentence_row(sent: Sentence, score: float | None) -> Row | None:
        tags = tag_views(doc, sent, states, filters)
        if filters.active and not any(t.visible for t in tags):
            return None
        cues = []
        for t, v in zip(sent.tags, tags[:len(sent.tags)], strict=True):
            cues.append((t.attributes.cue or "", v.name))
        return Row("sentence", sent, tags=tags, segments=mark_cues(sent.text, cues), aligned_score=score,
                   item=not tags and sent.kind not in ("heading", "title"))

    rows: list[Row] = []
    current: str | None = None
    for sent in doc.sentences:
        if sent.id in aligned_en:
            continue
        if sent.section != current:
            current = sent.section
            sec = sections.get(current) if current else None
            is_heading = sent.id in heading_sentences or sent.kind == "heading"
            if sec is not None and sec.sentence not in by_id and not is_heading:
                rows.append(Row("heading", level=sec.level, number=sec.number, title=sec.title))
        if sent.id in heading_sentences or sent.kind == "heading":
            sec = next((s for s in doc.sections if s.sentence == sent.id), None) or sections.get(sent.section or "")
            row = sentence_row(sent, None)
            rows.append(Row("heading", sent, level=sec.level if sec else 1, title=sent.text,
                            tags=row.tags if row else []))
            continue
        row = sentence_row(sent, None)
        if row is not None:
            rows.append(row)
        if sent.id in after_zh:
            en_ids, score = after_zh[sent.id]
            for en_id in en_ids:
                en_row = sentence_row(by_id[en_id], score)
                if en_row is not None:
                    rows.append(en_row)
    return rows


def paper_progress(entry: PaperEntry, events: list[Event], reviewer: str) -> Progress:
    """Tags ``reviewer`` has decided / model tags in the paper, and how many tags the reviewer added."""
    if entry.doc is None:
        return Progress(entry.paper_id, entry.paper_id, 0, 0, 0, entry.error)
    doc = entry.doc
    states = reviewer_states([e for e in events if e.paper == doc.paper_id], reviewer)
    model_tags = [(t.id, s) for s in doc.sentences for t in s.tags]
    reviewed = sum(1 for t, s in model_tags if t in states and states[t].after and states[t].after.get("status")
                   and fits(states[t], s.id, s.text))
    added = sum(1 for e in states.values() if is_added(e) and not is_withdrawn(e))
    title = doc.title.zh or doc.title.en or doc.source.path
    return Progress(doc.paper_id, title, reviewed, len(model_tags), added)


def paper_agreement(events: list[Event], paper: str | None = None) -> list[Agreement]:
    return agreement_by_label(fold_states(events), paper=paper)
