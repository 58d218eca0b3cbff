"""``python -m pipeline``: a few lines of CLI over the library; each stage registers its own commands.

Exit codes: 0 success; 1 some papers failed or some documents are invalid (the rest were written);
2 usage error (bad option, missing input).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from pipeline import __version__
from pipeline.config import PipelineConfig
from pipeline.errors import PipelineError


class _Group(click.Group):
    """Turns our coded errors into one readable line instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="pipeline")
def cli() -> None:
    """Turn Chinese social-science papers (.txt, .md) into structured, validated JSON.

    \b
    Example:
      python -m pipeline run corpus --out outputs
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: papers/<paper_id>.json, corpus.jsonl, run.json.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores). Output is identical to --workers 1.")
@click.option("--force", is_flag=True, help="Redo papers that are unchanged since the last run into --out.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this many bytes (default 2 MiB).")
@click.option("--topics-model", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder of a trained topic model (default: the model shipped in models/topics).")
def run(inputs: tuple[Path, ...], out: Path, workers: int | None, force: bool, max_bytes: int | None,
        topics_model: Path | None) -> None:
    """Run the pipeline on papers (files, or folders searched recursively for .txt and .md).

    Exits 0 when every paper succeeded, 1 when some failed (see run.json; the others are written).

    \b
    Example:
      python -m pipeline run corpus --out outputs --workers 2
    """
    from pipeline.runner import default_workers, progress_bar, run_batch

    config = PipelineConfig()
    if max_bytes:
        config = replace(config, ingest=replace(config.ingest, max_bytes=max_bytes))
    if topics_model:
        config = replace(config, topics=replace(config.topics, model_dir=str(topics_model)))
    code, report = run_batch(list(inputs), out, config, workers=workers or default_workers(), force=force,
                             progress=progress_bar)
    counts = report["counts"]
    click.echo(f"{counts['ok']} ok, {counts['skipped']} skipped, {counts['failed']} failed -> {out}", err=True)
    for rec in report["inputs"]:
        if rec["status"] == "failed":
            click.echo(f"  {rec['message']}", err=True)
    sys.exit(code)


@cli.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of a paper document.

    \b
    Example:
      python -m pipeline schema > paper.schema.json
    """
    from pipeline.emit import render_schema

    click.echo(render_schema(), nl=False)


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--max-errors", default=10, show_default=True, help="How many problems to print.")
def validate(folder: Path, max_errors: int) -> None:
    """Validate every document of an output folder against the schema; exit 1 if any is invalid.

    \b
    Example:
      python -m pipeline validate outputs
    """
    from pipeline.emit import check_document, validate_file

    files = sorted((folder / "papers").glob("*.json")) if (folder / "papers").is_dir() else []
    if not files:
        raise click.UsageError(f"no documents in {folder / 'papers'}: give an output folder of `run`.")
    problems: list[str] = []
    for path in files:
        problems += [f"{path.name}: {p}" for p in validate_file(path)]
    corpus = folder / "corpus.jsonl"
    if corpus.exists():
        for n, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
            try:
                problems += [f"corpus.jsonl line {n}: {p}" for p in check_document(json.loads(line))]
            except ValueError as exc:
                problems.append(f"corpus.jsonl line {n}: not JSON ({exc})")
    if problems:
        for p in problems[:max_errors]:
            click.echo(p, err=True)
        click.echo(f"{len(problems)} problem(s) in {folder}", err=True)
        sys.exit(1)
    click.echo(f"{len(files)} document(s) valid in {folder}")


def _register_stage_commands() -> None:
    """Stages that have commands of their own (topics, review, tag, align) add them here."""
    import importlib

    for module in ("pipeline.tag.cli", "pipeline.align.cli", "pipeline.topics.cli", "pipeline.review.cli"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise  # a missing dependency, not a missing stage
            continue
        mod.register(cli)


_register_stage_commands()


def main() -> None:
    cli(prog_name="python -m pipeline")
