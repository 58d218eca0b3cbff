"""`python -m pipeline review serve|export|apply`: thin commands over the library."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.model import Document
from review_helpers import PAPER_ID, copy_fixture, two_reviewer_store


def test_review_cli_export_and_apply(tmp_path):
    store, _ = two_reviewer_store(tmp_path)
    out = copy_fixture(tmp_path)
    runner = CliRunner()
    target = tmp_path / "reviewed.csv"
    r = runner.invoke(cli, ["review", "export", "--db", str(store.path), "--out", str(target), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert target.read_text(encoding="utf-8").count("\n") == 12
    target = tmp_path / "train.jsonl"
    r = runner.invoke(cli, ["review", "export", "--db", str(store.path), "--out", str(target), "--format", "training"])
    assert r.exit_code == 0
    assert [json.loads(line)["id"].split(":")[1] for line in target.read_text("utf-8").splitlines()] == [
        "c2", "c7", "c8", "c9", "c11"]
    r = runner.invoke(cli, ["review", "apply", "--db", str(store.path), str(out)])
    assert r.exit_code == 0, r.output
    assert "1 written, 0 unchanged, 6 reviewed tag(s)" in r.output
    doc = Document.model_validate_json((out / "papers" / f"{PAPER_ID}.json").read_bytes())
    assert [t.review.status for s in doc.sentences for t in s.tags if t.review] == [
        "accepted", "accepted", "added", "rejected", "rejected", "accepted"]


def test_review_cli_refuses_unsafe_or_wrong_input(tmp_path):
    out = copy_fixture(tmp_path)
    runner = CliRunner()
    r = runner.invoke(cli, ["review", "serve", str(out), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "[E201] binding to 0.0.0.0 exposes the review server" in r.output
    r = runner.invoke(cli, ["review", "serve", str(tmp_path)])          # not an output folder
    assert r.exit_code == 2 and "no papers/ folder" in r.output
    r = runner.invoke(cli, ["review", "export", "--db", str(tmp_path / "none.sqlite"), "--out", "x.jsonl"])
    assert r.exit_code == 2 and "does not exist" in r.output
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all " * 100)
    r = runner.invoke(cli, ["review", "export", "--db", str(bad), "--out", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 2 and "[E502]" in r.output


def test_review_cli_every_command_has_an_example():
    runner = CliRunner()
    for name in ("serve", "export", "apply"):
        r = runner.invoke(cli, ["review", name, "--help"])
        assert r.exit_code == 0 and "Example:" in r.output and "python -m pipeline review " + name in r.output
