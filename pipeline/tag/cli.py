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
    """Retrain the tag classifier and the instrument model (deterministic: same data, same model bytes) and print
    held-out figures.

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
    if metrics.get("instrument_examples"):
        click.echo(f"instrument model trained on {metrics['instrument_examples']} labelled recommendations "
                   f"-> {out / 'instrument.json'}")
    else:
        click.echo("instrument model not trained (too few recommendations with a labelled instrument): "
                   "the keyword rule decides the instrument")
    if "heldout" in metrics:
        click.echo(f"held-out: {metrics['heldout_examples']} sentences of {metrics['heldout_papers']} papers")
        for line in print_lines(metrics["heldout"]):
            click.echo(line)


@click.command("build-word-clusters")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--ids", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Only the papers whose file name (without .md/.txt) is a line of this file.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Clusters file (default: pipeline/resources/tag_word_clusters.tsv).")
@click.option("--k", type=click.IntRange(2, 5000), default=200, show_default=True, help="Number of clusters.")
def build_word_clusters(folder: Path, ids: Path | None, out: Path | None, k: int) -> None:
    """Learn the tag classifier's word clusters from the papers (.md/.txt) in FOLDER; retrain the tagger after.

    \b
    Example:
      python -m pipeline build-word-clusters ../shared/data/chinaxiv/fulltext_md \\
          --ids ../shared/data/chinaxiv/dev_ids.txt
      python -m pipeline train-tagger
    """
    from pipeline.errors import PipelineError, UsageError
    from pipeline.ingest import decode_bytes
    from pipeline.tag.clusters import CLUSTERS_FILE, build_clusters, text_sentences, write_clusters

    wanted = set(ids.read_text(encoding="utf-8").split()) if ids else None
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt") and (wanted is None or p.stem in wanted))
    if not paths:
        raise UsageError(f"no .md or .txt papers{' listed in ' + str(ids) if ids else ''} in {folder}.",
                         hint="Give the folder of the papers' texts (and an ids file naming some of them).")
    sentences: list[list[str]] = []
    read = 0
    for path in paths:  # any common encoding, as `run` reads them; a file that is no text is skipped and said
        try:
            text, _ = decode_bytes(path.read_bytes(), name=path.name)
        except PipelineError as exc:
            click.echo(f"skipped: {exc}", err=True)
            continue
        sentences += text_sentences(text)
        read += 1
    if not read:
        raise UsageError(f"none of the papers in {folder} could be read as text.", hint="Give .md/.txt text files.")
    clusters = build_clusters(sentences, k=k)
    target = out or CLUSTERS_FILE
    n = write_clusters(target, clusters, papers=read, k=k)
    click.echo(f"{n} words in {k} clusters from {read} papers -> {target}")


def register(cli: click.Group) -> None:
    """Add the tag stage's commands to the pipeline's CLI group."""
    cli.add_command(evaluate_tags)
    cli.add_command(train_tagger)
    cli.add_command(build_word_clusters)
