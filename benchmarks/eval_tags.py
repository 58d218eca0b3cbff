"""Benchmark of the tag stage: accuracy on the held-out split of the labelled development set (keyword baseline,
rules, rules + classifier), cross-validation on the tune split in 10 folds by paper (classifier alone, and the whole
decision as the stage makes it), and tagging speed.

Usage:
    .venv/bin/python benchmarks/eval_tags.py [--labels tests/data/tags/labels.jsonl] [--out outputs/bench-tags.json]
        [--no-cv]

Speed is CPU time (``time.process_time``) of tagging 300 labelled sentences in one batch, as the stage tags a
paper, with the model already loaded (it is loaded once per process); the median of 5 runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.tag import TagConfig, tag_sentences  # noqa: E402
from pipeline.tag.classifier import TARGETS, TaggerModel, TrainConfig, fit, load  # noqa: E402
from pipeline.tag.dataset import read_examples  # noqa: E402
from pipeline.tag.dataset import tokens_of  # noqa: E402
from pipeline.tag.evaluate import evaluate, print_lines, prf  # noqa: E402
from pipeline.tag.training import training_rows  # noqa: E402


FOLDS = 10


def fold_of(examples, k: int = FOLDS) -> dict[str, int]:
    """Paper -> fold: papers in the order of the MD5 of their ids, dealt round-robin into ``k`` folds (deterministic,
    unrelated to when a paper was labelled)."""
    import hashlib

    papers = sorted({e.paper for e in examples}, key=lambda p: hashlib.md5(p.encode()).hexdigest())
    return {p: i % k for i, p in enumerate(papers)}


def cross_validate(examples) -> dict:
    """Cross-validation in folds by paper on the given examples: model probabilities >= 0.5 per target."""
    rows = training_rows(examples)
    fold = fold_of(examples)
    counts = {t: [0, 0, 0] for t in TARGETS}
    for k in sorted(set(fold.values())):
        train = [r for r, e in zip(rows, examples) if fold[e.paper] != k]
        weights, intercepts = fit(train, TrainConfig())
        model = TaggerModel.from_weights("cv", weights, tuple(intercepts), "")
        for (feats, gold), e in zip(rows, examples):
            if fold[e.paper] != k:
                continue
            for t, g, p in zip(TARGETS, gold, model.probabilities(feats)):
                c = counts[t]
                c[0] += bool(g and p >= 0.5)
                c[1] += bool(p >= 0.5 and not g)
                c[2] += bool(g and p < 0.5)
    return {t: prf(*c) for t, c in counts.items()}


def cross_validate_combined(examples) -> dict:
    """Cross-validation in folds by paper on the given examples with the whole decision (rules + classifier + the stage's
    overrides), as the stage tags: P/R/F1 of every label, plus recommendations outside recommendation sections."""
    import tempfile

    from pipeline.tag.classifier import save
    from pipeline.tag.evaluate import predict, score

    rows = training_rows(examples)
    fold = fold_of(examples)
    preds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in sorted(set(fold.values())):
            train = [r for r, e in zip(rows, examples) if fold[e.paper] != k]
            weights, intercepts = fit(train, TrainConfig())
            out = Path(tmp) / str(k)
            save(out, weights, intercepts, training_files=[], training_names=[], n_examples=len(train),
                 config=TrainConfig())
            load.cache_clear()
            config = TagConfig(model_dir=str(out))
            for e in examples:
                if fold[e.paper] == k:
                    preds[e.id] = predict(e, "combined", config)
        load.cache_clear()
    result = score(examples, [preds[e.id] for e in examples])
    outside = [e for e in examples if not e.context.in_rec_section]
    result["outside_rec_sections"] = score(outside, [preds[e.id] for e in outside])["policy_recommendation"]
    return result


def measure_speed(examples, n: int = 300, runs: int = 5) -> dict:
    items = [(e.text, list(tokens_of(e.text)), e.context, ()) for e in examples[:n]]
    load("")
    tag_sentences(items[:2], TagConfig())
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        tag_sentences(items, TagConfig())
        times.append((time.process_time() - t0) * 1000)
    return {"sentences": len(items), "cpu_ms_median": round(statistics.median(times), 1),
            "cpu_ms_runs": [round(t, 1) for t in times]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=REPO / "tests" / "data" / "tags" / "labels.jsonl")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation on the tune split")
    args = ap.parse_args()
    examples = read_examples(args.labels)
    heldout = [e for e in examples if e.split == "heldout"]
    tune = [e for e in examples if e.split == "tune"]
    result: dict = {"labels": args.labels.as_posix(), "heldout_sentences": len(heldout),
                    "heldout_papers": len({e.paper for e in heldout})}
    ev = evaluate(heldout)
    result["heldout"] = ev["results"]
    print(f"held-out split: {len(heldout)} sentences, {result['heldout_papers']} papers")
    for line in print_lines(ev["results"]):
        print(line)
    if not args.no_cv:
        cv = cross_validate(tune)
        result["tune_cross_validation"] = cv
        print(f"{FOLDS}-fold cross-validation by paper on the tune split ({len(tune)} sentences, classifier alone):")
        for t, d in cv.items():
            print(f"  {t:<22} P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}")
        full = cross_validate_combined(tune)
        result["tune_cross_validation_combined"] = full
        print(f"{FOLDS}-fold cross-validation by paper on the tune split (rules + classifier, as the stage decides):")
        for line in print_lines({"combined": full}):
            print(line)
        d = full["outside_rec_sections"]
        print(f"  recommendations outside recommendation sections: P {d['precision']:.3f}  R {d['recall']:.3f}"
              f"  F1 {d['f1']:.3f}")
    speed = measure_speed(examples)
    result["speed"] = speed
    print(f"speed: {speed['sentences']} sentences in {speed['cpu_ms_median']} ms CPU (median of 5)")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
