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
from pipeline.tag.dataset import Example, read_examples, read_instruments, sha256_files, tokens_of
from pipeline.tag.evaluate import SYSTEMS, evaluate
from pipeline.tag.features import sentence_features

DEFAULT_LABELS = REPO / "tests" / "data" / "tags" / "labels.jsonl"
DEFAULT_INSTRUMENTS = REPO / "tests" / "data" / "tags" / "instruments.jsonl"


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
    # the instrument model next (the held-out run below reads it): it reads the labels' texts
    n = train_instrument(Path(labels), DEFAULT_INSTRUMENTS, out_dir, tuple(Path(p) for p in extra))
    if n:
        metrics["instrument_examples"] = n
    if heldout:
        ev = evaluate(heldout, SYSTEMS, TagConfig(model_dir=str(out_dir)))
        metrics.update({"heldout_examples": len(heldout), "heldout_papers": len({e.paper for e in heldout}),
                        "heldout": ev["results"]})
    save_metrics(out_dir, metrics)
    return metrics


def instrument_examples(labels: Path, instruments: Path,
                        extra: tuple[Path, ...] = ()) -> list[tuple[Example, str | None]]:
    """The labelled recommendations whose instrument is known, with it: the rows of ``labels`` that ``instruments``
    labels (:func:`~pipeline.tag.dataset.read_instruments`), and the recommendations of ``extra`` files that carry an
    ``instrument`` (reviewers' corrections, ``review export --format training``)."""
    import json

    gold = read_instruments(instruments) if Path(instruments).exists() else {}
    examples = list(read_examples(labels))
    for path in extra:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("policy_recommendation") and "instrument" in row:
                gold[row["id"]] = row["instrument"]
        examples += read_examples(path)
    return [(e, gold[e.id]) for e in examples if e.id in gold and e.recommendation]


def instrument_rows(pairs: list[tuple[Example, str | None]]) -> list[tuple[set[str], str | None]]:
    """(features, instrument) of :func:`instrument_examples`, the features as the stage computes them."""
    from pipeline.tag.attributes import instrument_features_of
    from pipeline.tag.rules import view

    return [(instrument_features_of(e.text, view(e.text, e.context).recommendation, heading=e.kind == "heading",
                                    tokens=list(tokens_of(e.text))), label) for e, label in pairs]


def train_instrument(labels: Path, instruments: Path, out_dir: Path, extra: tuple[Path, ...] = ()) -> int:
    """Train the instrument model (:mod:`pipeline.tag.instrument`) on :func:`instrument_examples` and save it beside the
    tagger; returns the number of rows. With too few (under 3 instrument classes among them) nothing is trained, an
    older ``instrument.json`` in ``out_dir`` is removed (the keyword rule then decides) and 0 returned."""
    from pipeline.tag import instrument

    rows = instrument_rows(instrument_examples(labels, instruments, extra))
    if len({label for _, label in rows}) < 3:
        (Path(out_dir) / instrument.INSTRUMENT_FILE).unlink(missing_ok=True)
        instrument.load.cache_clear()
        return 0
    weights, intercepts = instrument.fit(rows)
    files = [Path(labels), Path(instruments), *extra]
    instrument.save(out_dir, weights, intercepts, sha256=sha256_files(files), training_names=[_shown(p) for p in files],
                    n_examples=len(rows), c=1.0)
    instrument.load.cache_clear()
    return len(rows)


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(REPO).as_posix()
    except ValueError:
        return Path(path).name


def save_metrics(out_dir: Path, metrics: dict) -> None:
    import json

    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
