"""``python -m pipeline evaluate-align``: a thin command over pipeline.align.evaluate."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import cli


def test_align_cli_evaluate_heldout_json() -> None:
    result = CliRunner().invoke(cli, ["evaluate-align", "--split", "heldout", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["papers"] == 28 and data["split"] == "heldout"
    assert data["ours"]["strict_f1"] >= 0.90 > data["gale_church"]["strict_f1"]
    assert [b["bin"] for b in data["calibration"]] == ["0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"]


def test_align_cli_missing_dev_file(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["evaluate-align", "--dev", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert "[E201] no dev set at" in result.output
