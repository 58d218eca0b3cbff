"""``python -m pipeline topics``: train a topic model folder (a few lines over :mod:`pipeline.topics.builder`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from pipeline.errors import UsageError
from pipeline.topics.train import TrainConfig


def _k(value: str) -> int | None:
    if value == "auto":
        return None
    try:
        k = int(value)
    except ValueError:
        raise click.BadParameter("give a number of topics (2 or more) or 'auto'.") from None
    if k < 2:
        raise click.BadParameter("give a number of topics (2 or more) or 'auto'.")
    return k


def _grid(value: str) -> tuple[int, ...]:
    try:
        ks = tuple(sorted({int(x) for x in value.split(",") if x.strip()}))
    except ValueError:
        raise click.BadParameter("give numbers separated by commas, e.g. 5,10,15,20.") from None
    if not ks or ks[0] < 2:
        raise click.BadParameter("give numbers of topics of 2 or more, e.g. 5,10,15,20.")
    return ks


def register(cli: click.Group) -> None:
    """Add the ``topics`` command to the pipeline's command group."""

    @cli.command("topics")
    @click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
    @click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
                  help="Model folder to write: topics.json, data files, report.html (sweep.json with --k auto).")
    @click.option("--k", "k", default="auto", show_default=True,
                  help="Number of topics, or 'auto' to sweep --grid over --sweep-seeds seeds and take k from "
                       "the coherence plateau.")
    @click.option("--seed", default=1, show_default=True, type=int, help="Random seed (same seed, same model).")
    @click.option("--kind", type=click.Choice(["auto", "nmf", "lda"]), default="auto", show_default=True,
                  help="Model: scikit-learn NMF or gensim LDA; auto picks by corpus size (README, Topics).")
    @click.option("--category", "categories", multiple=True,
                  help="Keep only JSON Lines records whose 'category' is one of these (repeat the option).")
    @click.option("--keep-ids", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                  help="File of record ids (one a line): records with an 'id' not listed are skipped.")
    @click.option("--grid", default=",".join(map(str, (5, 8, 10, 12, 15, 20, 25, 30))), show_default=True,
                  help="Values of k tried by --k auto.")
    @click.option("--sweep-seeds", default=3, show_default=True, type=click.IntRange(min=1),
                  help="Seeds per k in the --k auto sweep.")
    @click.option("--no-below", default=TrainConfig.no_below, show_default=True, type=click.IntRange(min=1),
                  help="Drop words found in fewer documents than this.")
    @click.option("--no-above", default=TrainConfig.no_above, show_default=True,
                  type=click.FloatRange(min=0.0, max=1.0, min_open=True),
                  help="Drop words found in more than this share of documents (raise it for small corpora).")
    @click.option("--no-report", is_flag=True, help="Do not write report.html.")
    def topics(inputs: tuple[Path, ...], out: Path, k: str, seed: int, kind: str, categories: tuple[str, ...],
               keep_ids: Path | None, grid: str, sweep_seeds: int, no_below: int, no_above: float,
               no_report: bool) -> None:
        """Train a topic model on papers (.txt, .md: one document per paragraph) and abstract records
        (.jsonl with an 'abstract' or 'zh_abstract' field: one document per record), and write it to --out.

        `python -m pipeline run --topics-model DIR` then fills each paper's topics from it.

        \b
        Example:
          python -m pipeline topics ../shared/data/chinaxiv/abstract_pairs_socsci.jsonl --out models/mine --k auto
        """
        from pipeline.topics.builder import BuildOptions, build_model, read_ids
        from pipeline.topics.corpus import CorpusFilter

        k_value = _k(k)
        config = TrainConfig(kind=kind, seed=seed, no_below=no_below, no_above=no_above)
        if k_value is not None:
            config = replace(config, k=k_value)
        options = BuildOptions(k_auto=k_value is None, grid=_grid(grid), sweep_seeds=sweep_seeds,
                               report=not no_report)
        corpus_filter = CorpusFilter(categories=frozenset(categories) or None, keep_ids=read_ids(keep_ids))
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} is a file.", hint="Give a folder for the model.")
        summary = build_model(list(inputs), out, config, options, corpus_filter,
                              log=lambda m: click.echo(m, err=True))
        meas = summary["measures"]
        click.echo(f"{summary['model']['id']}: c_npmi {meas['c_npmi']:.4f}, c_v {meas['c_v']:.4f}, "
                   f"diversity {meas['diversity_top25']:.3f} -> {out}", err=True)
