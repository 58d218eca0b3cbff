"""CLI commands of the tag stage: ``evaluate-tags`` and ``train-tagger`` (registered on the lead's click group)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("evaluate-tags")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["heldout", "tune", "all"]), default="heldout", show_default=True,
              help="Rows to evaluate when the file has a split field (files without one are used whole).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder of a trained tagger (default: models/tagger).")
def evaluate_tags(labels: Path, out_dir: Path, split: str, model_dir: Path | None) -> None:
    """Print P/R/F1 per label and per evidence type, for the keyword baseline, the rules and rules + classifier;
    write report.md, metrics.json and errors.jsonl into OUT_DIR.

    \b
    Example:
      python -m pipeline evaluate-tags tests/data/tags/labels.jsonl outputs/eval-tags
    """
    from pipeline.tag import TagConfig
    from pipeline.tag.dataset import read_examples
    from pipeline.tag.evaluate import print_lines, write_evaluation

    examples = read_examples(labels)
    if split != "all" and any(e.split for e in examples):
        examples = [e for e in examples if e.split == split]
        if not examples:
            raise click.UsageError(f"no rows with split {split!r} in {labels}; use --split all.")
    else:
        split = "all"
    config = TagConfig(model_dir=str(model_dir) if model_dir else "")
    metrics = write_evaluation(examples, out_dir, source=labels.as_posix(), split=split, config=config)
    for line in print_lines(metrics["results"]):
        click.echo(line)
    click.echo(f"report -> {out_dir / 'report.md'}", err=True)


@click.command("train-tagger")
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Labelled sentences (default: tests/data/tags/labels.jsonl); its tune rows are trained on and "
                   "its heldout rows measured.")
@click.option("--extra", type=click.Path(exists=True, dir_okay=False, path_type=Path), multiple=True,
              help="More labelled sentences to train on, all rows (e.g. reviewers' corrections); repeatable.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model folder (default: models/tagger).")
def train_tagger(labels: Path | None, extra: tuple[Path, ...], out_dir: Path | None) -> None:
    """Retrain the tag classifier (deterministic: same data, same model bytes) and print held-out figures.

    \b
    Example:
      python -m pipeline train-tagger
      python -m pipeline train-tagger --extra train.jsonl   # from: review export --format training
    """
    from pipeline.tag.classifier import DEFAULT_MODEL_DIR
    from pipeline.tag.evaluate import print_lines
    from pipeline.tag.training import DEFAULT_LABELS, train

    out = out_dir or DEFAULT_MODEL_DIR
    metrics = train(labels or DEFAULT_LABELS, tuple(extra), out)
    click.echo(f"trained on {metrics['training_examples']} sentences of {metrics['training_papers']} papers "
               f"-> {out / 'model.json'}")
    if "heldout" in metrics:
        click.echo(f"held-out: {metrics['heldout_examples']} sentences of {metrics['heldout_papers']} papers")
        for line in print_lines(metrics["heldout"]):
            click.echo(line)


def register(cli: click.Group) -> None:
    """Add the tag stage's commands to the pipeline's CLI group."""
    cli.add_command(evaluate_tags)
    cli.add_command(train_tagger)
