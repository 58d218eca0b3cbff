"""Train the tag classifier in one call: features of the labelled sentences (the development set's ``tune``
split plus any extra labelled files, e.g. reviewers' corrections), fit, save with the training data's hash, and
measure on the held-out split.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import UsageError
from pipeline.tag import TagConfig
from pipeline.tag.classifier import DEFAULT_MODEL_DIR, REPO, TrainConfig, fit, load, save, targets_of
from pipeline.tag.clusters import CLUSTERS_FILE
from pipeline.tag.dataset import Example, read_examples, tokens_of
from pipeline.tag.evaluate import SYSTEMS, evaluate
from pipeline.tag.features import sentence_features

DEFAULT_LABELS = REPO / "tests" / "data" / "tags" / "labels.jsonl"


def training_rows(examples: list[Example]) -> list[tuple[list[str], tuple[int, ...]]]:
    return [(sentence_features(e.text, list(tokens_of(e.text)), e.context), targets_of(e)) for e in examples]


def train(labels: Path = DEFAULT_LABELS, extra: tuple[Path, ...] = (), out_dir: Path = DEFAULT_MODEL_DIR,
          config: TrainConfig = TrainConfig()) -> dict:
    """Train on ``labels`` (its ``tune`` rows, or all rows when it has no split) plus every row of ``extra``;
    write ``model.json`` and ``metrics.json`` (held-out figures) into ``out_dir``; return the metrics."""
    base = read_examples(labels)
    has_split = any(e.split for e in base)
    train_rows = [e for e in base if e.split == "tune"] if has_split else list(base)
    heldout = [e for e in base if e.split == "heldout"]
    for path in extra:
        train_rows += read_examples(path)
    if not any(e.recommendation for e in train_rows):
        raise UsageError("the training data has no recommendation labelled true.", hint="Check the labels file.")
    weights, intercepts = fit(training_rows(train_rows), config)
    metrics: dict = {"training_examples": len(train_rows), "training_papers": len({e.paper for e in train_rows})}
    # the word clusters are learnt from unlabelled text, but change the model as the labels do: hashed with them
    files = [Path(labels)] + [Path(p) for p in extra] + [CLUSTERS_FILE]
    shown = [_shown(p) for p in files]
    # readable paths, not absolute ones, so the model's bytes do not depend on the checkout location
    save(out_dir, weights, intercepts, training_files=files, training_names=shown, n_examples=len(train_rows),
         config=config)
    load.cache_clear()
    if heldout:
        ev = evaluate(heldout, SYSTEMS, TagConfig(model_dir=str(out_dir)))
        metrics.update({"heldout_examples": len(heldout), "heldout_papers": len({e.paper for e in heldout}),
                        "heldout": ev["results"]})
    save_metrics(out_dir, metrics)
    return metrics


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(REPO).as_posix()
    except ValueError:
        return Path(path).name


def save_metrics(out_dir: Path, metrics: dict) -> None:
    import json

    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
