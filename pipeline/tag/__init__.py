"""Tag stage: policy recommendations and cited evidence on ``sentences[].tags`` (contract v1).

Rules (cue lexicons and patterns in ``pipeline/resources/tag_*``) find candidates and explain them; a learned
classifier (``models/tagger``) over character n-grams, words and the rules' findings decides. Each tag carries
its ``confidence`` (the classifier's probability) and its ``source``: the rule that explains it
(``rule:rec.modal.ying``, ``rule:ev.cite.marker`` ...) when a rule agrees with the classifier, otherwise the model
(``model:tagger-<version>``). With ``use_model=False`` the rules alone decide (``confidence`` is then fixed).

A prescription the paper attributes to others (``Langendijk认为，政府应…``) is cited evidence; it also gets a
recommendation tag with the classifier's (lower) confidence and source ``rule:rec.quoted`` when
``quoted_recommendations`` is on. Consumers keep tags with ``confidence >= threshold``.

>>> [(t.label, t.evidence_type, t.attributes.strength) for t in tag_text("政府必须发挥主导作用。")]
[('policy_recommendation', None, 'must')]
>>> tag_text("政府应扮演什么角色？")
[]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.model import Document, Tag, TagAttributes
from pipeline.tag.attributes import recommendation_attributes
from pipeline.tag.classifier import TARGETS, TaggerModel, load
from pipeline.tag.features import Token, context_features, name_salience
from pipeline.tag.rules import (
    Context,
    Announcements,
    RuleView,
    gates_of_batch,
    is_section_title,
    leads_actions,
    make_context,
    share_bucket,
    view,
)

TAGGED_KINDS = ("body", "heading", "abstract", "footnote", "table_caption")
RULE_CONFIDENCE = 0.8  # confidence of a tag when the rules alone decide (use_model=False)
QUOTED_DISCOUNT = 0.45  # a prescription attributed to others keeps at most this share of its probability
EVIDENCE_TYPES = ("citation", "statistic", "case")


@dataclass(frozen=True)
class TagConfig:
    """Options of the tag stage.

    - ``use_model``: combine the rules with the learned classifier (default); False = rules only.
    - ``model_dir``: folder of the trained classifier; empty = ``models/tagger`` of this repository.
    - ``threshold``: minimum probability for a tag (0.5).
    - ``quoted_recommendations``: also tag prescriptions attributed to others as recommendations, with their
      (lower) probability as confidence, even below ``threshold``.
    """

    use_model: bool = True
    model_dir: str = ""
    threshold: float = 0.5
    quoted_recommendations: bool = True


@dataclass(frozen=True)
class Finding:
    """One tag before it gets its document-wide id."""

    label: str
    evidence_type: str | None
    confidence: float
    source: str
    attributes: TagAttributes


def _model(config: TagConfig) -> TaggerModel | None:
    return load(config.model_dir) if config.use_model else None


def tag_sentence(text: str, tokens: list[Token], context: Context, config: TagConfig = TagConfig(),
                 references: tuple[str, ...] = ()) -> list[Finding]:
    """Tags of one sentence given its text and tokens ([word, pos]): a recommendation first, then evidence types in
    the order citation, statistic, case."""
    return tag_sentences([(text, tokens, context, references)], config)[0]


def tag_sentences(items: list[tuple[str, list[Token], Context, tuple[str, ...]]],
                  config: TagConfig = TagConfig(), follows: list[bool] | None = None,
                  sections: list[str | None] | None = None) -> list[list[Finding]]:
    """:func:`tag_sentence` for many sentences (text, tokens, context, reference ids) at once. ``follows[i]``
    says that item i is the body sentence right after body item i-1 in the same section: its context then gets
    ``prev_rec`` from the rules' view of item i-1. ``sections[i]`` names the section of body item i (None for
    other items): body items then get ``section_rec_share``, the share of their section's body sentences that the
    rules alone take for recommendations."""
    model = _model(config)
    gates = gates_of_batch([text for text, _, _, _ in items])
    views = [view(text, context, g) for (text, _, context, _), g in zip(items, gates)]
    own = [bool(v.recommendation) and not v.attributed for v in views]
    shares: dict[str, list[bool]] = {}
    for key, is_rec in zip(sections or (), own):
        if key is not None:
            shares.setdefault(key, []).append(is_rec)
    bucket = {key: share_bucket(flags) for key, flags in shares.items()}
    changed = []
    for i, (text, tokens, context, refs) in enumerate(items):
        prev_rec = bool(follows and i and follows[i] and own[i - 1])
        share = bucket[sections[i]] if sections and sections[i] is not None else ""
        if prev_rec or share:
            context = replace(context, prev_rec=prev_rec or context.prev_rec, section_rec_share=share)
        changed.append((text, tokens, context, refs))
    items = changed
    if model is not None:
        columns = [model.feature_columns(tokens, context_features(text, context, v))
                   for (text, tokens, context, _), v in zip(items, views)]
        found = model.probabilities_of_columns([text for text, _, _, _ in items], columns)
        probs = [dict(zip(TARGETS, p)) for p in found]
        model_source = f"model:tagger-{model.version}"
    else:
        probs = [{} for _ in items]
        model_source = ""
    return [_decide(text, tokens, context, v, p, model is not None, model_source, config, refs)
            for (text, tokens, context, refs), v, p in zip(items, views, probs)]


def _decide(text: str, tokens: list[Token], context: Context, v: RuleView, probs: dict, use_model: bool,
            model_source: str, config: TagConfig, references: tuple[str, ...]) -> list[Finding]:
    out: list[Finding] = []
    model_dir = config.model_dir if use_model else None  # its instrument.json decides the instrument

    def _rec_finding(hit, confidence: float, source: str) -> Finding:
        return _recommendation(text, tokens, context, hit, confidence, source, model_dir)

    rec_rule = None if v.attributed else v.recommendation
    if v.question or (context.kind == "heading" and is_section_title(text)):
        pass  # questions and headings naming their section's genre (…的对策建议) are never recommendations
    elif use_model:
        p = probs["policy_recommendation"]
        if v.attributed and v.recommendation:
            if config.quoted_recommendations:
                out.append(_rec_finding(v.recommendation, p * QUOTED_DISCOUNT, "rule:rec.quoted"))
        elif p >= config.threshold:
            source = f"rule:{rec_rule.rule}" if rec_rule else model_source
            out.append(_rec_finding(rec_rule or v.recommendation, p, source))
    elif rec_rule is not None:
        out.append(_rec_finding(rec_rule, RULE_CONFIDENCE, f"rule:{rec_rule.rule}"))
    elif v.attributed and v.recommendation and config.quoted_recommendations:
        out.append(_rec_finding(v.recommendation, RULE_CONFIDENCE * QUOTED_DISCOUNT, "rule:rec.quoted"))
    for kind in EVIDENCE_TYPES:
        if use_model and probs[kind] < config.threshold:
            continue
        hits = [h for h in v.evidence if h.kind == kind]
        if use_model:
            confidence, source = probs[kind], (f"rule:{hits[0].rule}" if hits else model_source)
        elif hits:
            confidence, source = RULE_CONFIDENCE, f"rule:{hits[0].rule}"
        else:
            continue
        attrs = TagAttributes(cue=hits[0].text if hits else None,
                              references=list(references) if kind == "citation" else [])
        out.append(Finding("cited_evidence", kind, round(confidence, 4), source, attrs))
    return out


def _recommendation(text: str, tokens: list[Token], context: Context, hit, confidence: float, source: str,
                    model_dir: str | None) -> Finding:
    a = recommendation_attributes(text, hit, heading=context.kind == "heading", tokens=tokens, model_dir=model_dir)
    attrs = TagAttributes(actor=a.actor, strength=a.strength, instrument=a.instrument, action=a.action, cue=a.cue)
    return Finding("policy_recommendation", None, round(confidence, 4), source, attrs)


def tag_text(text: str, context: Context = Context(), config: TagConfig = TagConfig()) -> list[Tag]:
    """Tags of a single sentence given as a string (words from the segment stage); for notebooks and doctests."""
    from pipeline.segment import words

    found = tag_sentence(text, words(text), context, config)
    return [Tag(id=f"t{i}", label=f.label, evidence_type=f.evidence_type, confidence=f.confidence, source=f.source,
                attributes=f.attributes) for i, f in enumerate(found, 1)]


def _section_chains(doc: Document) -> dict[str, tuple[str, ...]]:
    """Section id -> ids of the section and its ancestors, outermost first."""
    by_id = {s.id: s for s in doc.sections}
    chains: dict[str, tuple[str, ...]] = {}
    for s in doc.sections:
        ids, cur, seen = [], s, set()
        while cur is not None and cur.id not in seen:
            seen.add(cur.id)
            ids.append(cur.id)
            cur = by_id.get(cur.parent) if cur.parent else None
        chains[s.id] = tuple(reversed(ids))
    return chains


def _action_leaders(doc: Document) -> set[str]:
    """Ids of the sections whose subsections are mostly action headings (:func:`~pipeline.tag.rules.leads_actions`)."""
    children: dict[str, list[str]] = {}
    for s in doc.sections:
        if s.parent:
            children.setdefault(s.parent, []).append(s.title)
    return {sid for sid, titles in children.items() if leads_actions(titles)}


def tag(doc: Document, config: TagConfig = TagConfig()) -> Document:
    """Fill ``sentences[].tags`` of the paper's own Chinese sentences (excluded text is never among them)."""
    chains = _section_chains(doc)
    title_of = {s.id: s.title for s in doc.sections}
    leaders = _action_leaders(doc)
    heading_of = {s.sentence: s.id for s in doc.sections if s.sentence}
    refs_of: dict[str, list[str]] = {}
    for c in doc.citations:
        refs_of.setdefault(c.sentence, []).extend(c.references)
    refs_by_id = {sid: tuple(sorted(set(refs))) for sid, refs in refs_of.items()}
    contexts: dict[tuple[str, tuple[str, ...], bool], Context] = {}  # (kind, section ids, announced) -> context
    marks = Announcements()
    sentences = []
    todo = []
    follows: list[bool] = []
    section_of: list[str | None] = []
    top: list[str] = []  # the top-level section of each sentence: names recurring there are salient
    last = None
    for s in doc.sentences:
        if s.lang != "zh" or s.kind not in TAGGED_KINDS:
            sentences.append(s)
            continue
        ids = chains.get(s.section or "", ())
        if s.kind == "heading" and heading_of.get(s.id) == s.section:
            ids = ids[:-1]  # a heading is judged by the sections around it, not by its own title
        kind = "heading" if s.kind == "heading" else "body"
        announced = marks.covers(ids)
        context = contexts.get((kind, ids, announced))
        if context is None:
            context = contexts[(kind, ids, announced)] = make_context(
                kind, tuple(title_of[i] for i in ids), led=any(i in leaders for i in ids), announced=announced)
        if s.kind == "body":  # body text only: an abstract (section none) announces nothing
            marks.note(ids, s.text)
        tokens = s.tokens or _tokens(s.text)
        refs = refs_by_id.get(s.id, ())
        follows.append(last is not None and s.kind == "body" and last.kind == "body" and last.section == s.section)
        section_of.append(s.section or "" if s.kind == "body" else None)
        last = s
        top.append(chains[s.section][0] if s.section in chains else "")
        todo.append((len(sentences), (s.text, tokens, context, refs)))
        sentences.append(s)
    salience = name_salience(top, [tokens for _, (_, tokens, _, _) in todo])
    items = [(text, tokens, replace(context, salient_name=level) if level else context, refs)
             for (_, (text, tokens, context, refs)), level in zip(todo, salience)]
    found = tag_sentences(items, config, follows, section_of)
    n = 0
    for (pos, _), findings in zip(todo, found):
        tags = []
        for f in findings:
            n += 1
            tags.append(Tag(id=f"t{n}", label=f.label, evidence_type=f.evidence_type, confidence=f.confidence,
                            source=f.source, attributes=f.attributes))
        if tags or sentences[pos].tags:  # most sentences have no tag before and after: no copy needed
            sentences[pos] = sentences[pos].model_copy(update={"tags": tags})
    return doc.model_copy(update={"sentences": sentences})


def _tokens(text: str) -> list[Token]:
    from pipeline.segment import words

    return words(text)
