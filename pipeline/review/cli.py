"""``python -m pipeline review ...``: serve, export, apply — a few lines each over :mod:`pipeline.review`."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from pipeline.emit import write_atomic

_DB_HELP = "Review database (SQLite)."


def _default_reviewer() -> str:
    try:
        return getpass.getuser() or "reviewer"
    except (KeyError, OSError):
        return "reviewer"


@click.group()
def review() -> None:
    """Review extracted tags in the browser; export or apply the decisions.

    \b
    Example:
      python -m pipeline review serve outputs --reviewer alice
    """


@review.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_DB_HELP + " Default: OUT_DIR/review.sqlite.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback requires --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--reviewer", default=None, help="Your name in the decisions (default: your login name).")
@click.option("--token", default=None, envvar="REVIEW_TOKEN",
              help="Access token every request must carry (header X-Review-Token, or visit /?token=T once).")
def serve(out_dir: Path, db: Path | None, host: str, port: int, reviewer: str | None, token: str | None) -> None:
    """Start the review web app over an output folder (decisions go to the database, never into the JSON).

    \b
    Example:
      python -m pipeline review serve outputs --reviewer alice --port 8765
    """
    import uvicorn

    from pipeline.review.app import ReviewConfig, create_app
    from pipeline.review.security import check_bind, is_loopback

    check_bind(host, token)
    config = ReviewConfig(out_dir=out_dir, db=db, reviewer=reviewer or _default_reviewer(), token=token,
                          loopback_only=is_loopback(host))
    app = create_app(config)
    shown = f"[{host}]" if ":" in host else host
    suffix = f"/?token={token}" if token else "/"
    click.echo(f"reviewing {out_dir} as {config.reviewer}: http://{shown}:{port}{suffix}  (Ctrl+C to stop)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@review.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help=_DB_HELP)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "labelstudio", "training"]), default="jsonl",
              show_default=True, help="Reviewed tags (jsonl, csv), Label Studio tasks, or tagger training JSONL.")
def export(db: Path, out: Path, fmt: str) -> None:
    """Export the reviewed tags with sentence text, offsets, paper id and reviewer.

    \b
    Example:
      python -m pipeline review export --db outputs/review.sqlite --out reviewed.jsonl
      python -m pipeline review export --db outputs/review.sqlite --out train.jsonl --format training
    """
    from pipeline.review.export import render
    from pipeline.review.store import EventStore

    text = render(EventStore(db).events(), fmt)
    write_atomic(out, text.encode("utf-8"))
    click.echo(f"wrote {out} ({fmt})", err=True)


@review.command(name="apply")
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help=_DB_HELP)
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the reviewed documents to this folder instead of replacing OUT_DIR's (atomically).")
def apply_cmd(db: Path, out_dir: Path, dest: Path | None) -> None:
    """Write the reviewed decisions into the papers' tags (`review` on each tag), keeping them schema-valid.

    Exits 1 when some document could not be read or would become invalid (it is left as it was).

    \b
    Example:
      python -m pipeline review apply --db outputs/review.sqlite outputs
    """
    from pipeline.review.apply import apply_folder
    from pipeline.review.store import EventStore

    report = apply_folder(EventStore(db), out_dir, dest)
    click.echo(f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
               f"{report.reviewed_tags} reviewed tag(s) -> {dest or out_dir}", err=True)
    for item in report.missing:
        click.echo(f"  not found (paper re-run or removed?): {item}", err=True)
    for item in report.invalid:
        click.echo(f"  [E301] {item}", err=True)
    if report.invalid:
        sys.exit(1)


def register(cli: click.Group) -> None:
    """Add the ``review`` group to the main CLI."""
    cli.add_command(review)
