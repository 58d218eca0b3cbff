"""``python -m pipeline evaluate-align``: link F1 of the aligner and of the Gale-Church baseline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.errors import UsageError


def register(cli: click.Group) -> None:
    """Add the ``evaluate-align`` command to the pipeline's command group."""

    @cli.command("evaluate-align")
    @click.option("--dev", "dev", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Hand-aligned pairs (JSONL; default tests/data/align/dev_pairs.jsonl).")
    @click.option("--split", type=click.Choice(["heldout", "tune", "all"]), default="heldout", show_default=True,
                  help="Which pairs to score.")
    @click.option("--fit", is_flag=True,
                  help="Refit the link model on the tune split first and write pipeline/resources/align_params.json.")
    @click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
    def evaluate_align(dev: Path | None, split: str, fit: bool, as_json: bool) -> None:
        """Score sentence alignment: strict and lax link F1 (vecalign's measure) against the hand-aligned pairs,
        for our aligner and for a length-only Gale-Church baseline, with calibration and speed.

        \b
        Example:
          python -m pipeline evaluate-align --split heldout
        """
        from pipeline.align.evaluate import DEV_PATH, report

        path = dev or DEV_PATH
        if not path.exists():
            raise UsageError(f"no dev set at {path}", hint="Give --dev PATH (JSONL of hand-aligned pairs).")
        result = report(path, split=split, fit=fit)
        if as_json:
            click.echo(json.dumps(result, indent=1, ensure_ascii=False))
            return
        click.echo(f"{result['papers']} papers ({split}); links: gold {result['ours']['gold']}")
        click.echo(f"{'aligner':<14}{'strict P':>9}{'R':>7}{'F1':>7}{'lax P':>8}{'R':>7}{'F1':>7}")
        for name in ("ours", "gale_church"):
            s = result[name]
            click.echo(f"{name:<14}{s['strict_p']:>9.3f}{s['strict_r']:>7.3f}{s['strict_f1']:>7.3f}"
                       f"{s['lax_p']:>8.3f}{s['lax_r']:>7.3f}{s['lax_f1']:>7.3f}")
        click.echo("calibration (score bin: links, mean score, precision):")
        for b in result["calibration"]:
            click.echo(f"  {b['bin']}: {b['links']}, {b['mean_score']}, {b['precision']}")
        sp = result["speed"]
        click.echo(f"speed: {sp['mean_ms']} ms per pair (median {sp['median_ms']}, max {sp['max_ms']}; "
                   f"CPU {sp['cpu_mean_ms']} ms)")

    @cli.command("align-glossary")
    @click.argument("pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--ids", "ids_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                  help="Only papers whose id is listed in this file (one a line), e.g. the dev ids.")
    @click.option("--top", type=click.IntRange(min=1), default=50, show_default=True, help="How many candidates.")
    @click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
                  help="Least number of confident links a pair must meet in.")
    def align_glossary(pairs: Path, ids_file: Path | None, top: int, min_count: int) -> None:
        """Propose glossary entries from abstract pairs (JSONL with zh_sentences/en_sentences, or
        zh_abstract/en_abstract): Chinese and English words the dictionary leaves unexplained in confident links.
        Prints tab-separated lines to review and paste into pipeline/resources/align_glossary.tsv.

        \b
        Example:
          python -m pipeline align-glossary tests/data/align/dev_pairs.jsonl --top 20
        """
        from pipeline.align.glossary import read_pairs, propose_terms

        ids = set(ids_file.read_text(encoding="utf-8").split()) if ids_file else None
        for zh, en, n, dice in propose_terms(read_pairs(pairs, ids), min_count=min_count, top=top):
            click.echo(f"{zh}\t{en}\t# links {n}, dice {dice}")
