"""Measure the tagger on labelled sentences: precision, recall and F1 per label and per evidence type, macro-F1
over types, and the accuracy of strength and actor on the recommendations found; against the keyword baseline.

Systems compared:

- ``keyword``: the baseline of issue 4 for recommendations ("contains 应/要/必须"); for evidence, equally naive
  keywords of our own choosing (citation: a bracket, 认为 or 据; statistic: any digit; case: 美国/日本/德国/英国/
  公司/集团).
- ``rules``: the rules alone (``TagConfig(use_model=False)``).
- ``combined``: rules + classifier (the default configuration).

>>> prf(8, 2, 2)
{'precision': 0.8, 'recall': 0.8, 'f1': 0.8, 'tp': 8, 'fp': 2, 'fn': 2}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.tag import TagConfig, tag_sentence
from pipeline.tag.dataset import EVIDENCE_TYPES, Example, tokens_of

RE_KEYWORD_REC = re.compile(r"应|要|必须")
RE_KEYWORD_EVIDENCE = {
    "citation": re.compile(r"[\[［]|认为|据"),
    "statistic": re.compile(r"\d"),
    "case": re.compile(r"美国|日本|德国|英国|公司|集团"),
}
SYSTEMS = ("keyword", "rules", "combined")


@dataclass(frozen=True)
class Prediction:
    recommendation: bool
    evidence: tuple[str, ...]
    strength: str | None = None
    actor: str | None = None


def predict(example: Example, system: str, config: TagConfig = TagConfig()) -> Prediction:
    """What ``system`` tags in one labelled sentence (tags below ``config.threshold`` do not count)."""
    if system == "keyword":
        return Prediction(bool(RE_KEYWORD_REC.search(example.text)),
                          tuple(t for t in EVIDENCE_TYPES if RE_KEYWORD_EVIDENCE[t].search(example.text)))
    cfg = replace(config, use_model=(system == "combined"))
    found = [f for f in tag_sentence(example.text, list(tokens_of(example.text)), example.context, cfg)
             if f.confidence >= cfg.threshold]
    rec = next((f for f in found if f.label == "policy_recommendation"), None)
    ev = tuple(t for t in EVIDENCE_TYPES if any(f.evidence_type == t for f in found))
    if rec is None:
        return Prediction(False, ev)
    return Prediction(True, ev, rec.attributes.strength, rec.attributes.actor)


def attributes_of_labelled(example: Example):
    """The attributes (:func:`~pipeline.tag.attributes.recommendation_attributes`) the stage gives a labelled
    recommendation, whether or not the tagger finds it: the measure of the attribute rules on their own."""
    from pipeline.tag.attributes import recommendation_attributes
    from pipeline.tag.rules import view

    return recommendation_attributes(example.text, view(example.text, example.context).recommendation,
                                     heading=example.kind == "heading")


def instrument_accuracy(examples: list[Example], gold: dict[str, str | None]) -> dict:
    """Accuracy of the ``instrument`` attribute on labelled recommendations whose instrument was labelled
    (``gold``: row id -> supply / environment / demand / None; ``tests/data/tags/instruments.jsonl``), with the
    confusion counts ("gold>found")."""
    correct, confusion = 0, {}
    rows = [e for e in examples if e.id in gold]
    for e in rows:
        found = attributes_of_labelled(e).instrument
        correct += found == gold[e.id]
        key = f"{gold[e.id]}>{found}"
        confusion[key] = confusion.get(key, 0) + 1
    return {"rows": len(rows), "correct": correct, "accuracy": round(correct / len(rows), 3) if rows else 0.0,
            "confusion": dict(sorted(confusion.items()))}


def instrument_cross_validation(labels: Path, instruments: Path, folds: int = 10) -> dict:
    """Accuracy of the instrument model (:mod:`pipeline.tag.instrument`) in ``folds``-fold cross-validation by paper
    (papers dealt to folds in the order of their ids' MD5) on the rows ``instruments`` labels, and of the keyword
    rule on the same rows."""
    import hashlib

    from pipeline.tag import instrument
    from pipeline.tag.training import instrument_examples, instrument_rows

    pairs = instrument_examples(labels, instruments)
    rows = instrument_rows(pairs)
    papers = [e.paper for e, _ in pairs]
    order = sorted(set(papers), key=lambda p: hashlib.md5(p.encode()).hexdigest())
    fold = {p: k % folds for k, p in enumerate(order)}
    correct = rule = 0
    for k in range(folds):
        train = [r for r, p in zip(rows, papers) if fold[p] != k]
        weights, intercepts = instrument.fit(train)
        model = instrument.InstrumentModel("cv", {f: tuple(w) for f, w in weights.items()}, tuple(intercepts))
        for (feats, label), p in zip(rows, papers):
            if fold[p] == k:
                correct += model.predict(feats) == label
    for feats, label in rows:
        found = next((f.split(":", 1)[1] for f in feats if f.startswith("rule:")), "none")
        rule += (None if found == "none" else found) == label
    n = len(rows)
    return {"rows": n, "folds": folds, "model_correct": correct, "model_accuracy": round(correct / n, 3) if n else 0.0,
            "rule_correct": rule, "rule_accuracy": round(rule / n, 3) if n else 0.0}


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (0 when undefined), rounded to 3 digits, with the counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _count(pairs) -> dict:
    pairs = list(pairs)
    tp = sum(1 for g, p in pairs if g and p)
    fp = sum(1 for g, p in pairs if p and not g)
    fn = sum(1 for g, p in pairs if g and not p)
    return prf(tp, fp, fn)


def score(examples: list[Example], predictions: list[Prediction]) -> dict:
    """Figures of one system on labelled sentences."""
    pairs = list(zip(examples, predictions))
    out = {
        "sentences": len(examples),
        "policy_recommendation": _count((e.recommendation, p.recommendation) for e, p in pairs),
        "cited_evidence": _count((bool(e.evidence), bool(p.evidence)) for e, p in pairs),
        "evidence_type": {t: _count((t in e.evidence, t in p.evidence) for e, p in pairs) for t in EVIDENCE_TYPES},
    }
    out["evidence_type_macro_f1"] = round(sum(out["evidence_type"][t]["f1"] for t in EVIDENCE_TYPES) / 3, 3)
    both = [(e, p) for e, p in pairs if e.recommendation and p.recommendation]
    if both and any(p.strength for _, p in both):
        out["strength_accuracy"] = round(sum(e.strength == p.strength for e, p in both) / len(both), 3)
        out["actor_accuracy"] = round(sum(e.actor == p.actor for e, p in both) / len(both), 3)
    return out


def evaluate(examples: list[Example], systems: tuple[str, ...] = SYSTEMS, config: TagConfig = TagConfig()) -> dict:
    """Figures of each system, plus the per-sentence predictions of the last one (for the error list)."""
    results, last = {}, []
    for system in systems:
        last = [predict(e, system, config) for e in examples]
        results[system] = score(examples, last)
    return {"results": results, "predictions": last}


def render_report(results: dict, *, title: str, note: str = "") -> str:
    """A Markdown report of :func:`evaluate`'s figures."""
    systems = list(results)
    lines = [f"# {title}", ""]
    if note:
        lines += [note, ""]
    lines += ["| figure | " + " | ".join(systems) + " |", "|---|" + "---|" * len(systems)]

    def row(name, get):
        lines.append(f"| {name} | " + " | ".join(get(results[s]) for s in systems) + " |")

    def fig(d):
        return f"P {d['precision']:.3f} R {d['recall']:.3f} F1 **{d['f1']:.3f}**"

    row("policy_recommendation", lambda r: fig(r["policy_recommendation"]))
    row("cited_evidence (any type)", lambda r: fig(r["cited_evidence"]))
    for t in EVIDENCE_TYPES:
        row(f"evidence: {t}", lambda r, t=t: fig(r["evidence_type"][t]))
    row("evidence-type macro F1", lambda r: f"**{r['evidence_type_macro_f1']:.3f}**")
    row("strength accuracy (on recommendations found)", lambda r: str(r.get("strength_accuracy", "-")))
    row("actor accuracy (on recommendations found)", lambda r: str(r.get("actor_accuracy", "-")))
    row("sentences", lambda r: str(r["sentences"]))
    return "\n".join(lines) + "\n"


def print_lines(results: dict) -> list[str]:
    """Plain-text lines of the figures, one per system and label (what ``evaluate-tags`` prints)."""
    out = []
    for system, r in results.items():
        out.append(f"[{system}] sentences {r['sentences']}")
        named = [("policy_recommendation", r["policy_recommendation"]), ("cited_evidence", r["cited_evidence"])]
        named += [(f"  {t}", r["evidence_type"][t]) for t in EVIDENCE_TYPES]
        for name, d in named:
            out.append(f"  {name:<22} P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}"
                       f"  (tp {d['tp']} fp {d['fp']} fn {d['fn']})")
        out.append(f"  {'evidence-type macro F1':<22} {r['evidence_type_macro_f1']:.3f}")
        if "strength_accuracy" in r:
            out.append(f"  {'strength / actor acc.':<22} {r['strength_accuracy']:.3f} / {r['actor_accuracy']:.3f}")
    return out


def write_evaluation(examples: list[Example], out_dir: Path, *, source: str, split: str,
                     config: TagConfig = TagConfig()) -> dict:
    """Evaluate every system, write ``report.md``, ``metrics.json`` and ``errors.jsonl`` into ``out_dir``."""
    ev = evaluate(examples, SYSTEMS, config)
    out_dir.mkdir(parents=True, exist_ok=True)
    note = (f"Labelled sentences: `{source}`, split `{split}` ({len(examples)} sentences, "
            f"{len({e.paper for e in examples})} papers). Tags count when confidence >= {config.threshold}.")
    report = render_report(ev["results"], title="Tag evaluation", note=note)
    (out_dir / "report.md").write_text(report, encoding="utf-8")
    metrics = {"source": source, "split": split, "threshold": config.threshold, "results": ev["results"]}
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
    with (out_dir / "errors.jsonl").open("w", encoding="utf-8") as fh:
        for e, p in zip(examples, ev["predictions"]):
            if e.recommendation != p.recommendation or e.evidence != p.evidence:
                fh.write(json.dumps({"id": e.id, "text": e.text, "gold_rec": e.recommendation,
                                     "pred_rec": p.recommendation, "gold_evidence": list(e.evidence),
                                     "pred_evidence": list(p.evidence)}, ensure_ascii=False) + "\n")
    return metrics
