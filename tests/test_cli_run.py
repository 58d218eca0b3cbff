"""The CLI: help, exit codes, outputs, bad inputs in a batch, atomic writes, incremental runs, determinism."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.conftest import REPO, SEED_000, SEED_001

PAPER_000 = "5c667ec89069ac16"
PAPER_001 = "1d07b1ddc3e28e2c"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def read_run(out: Path) -> dict:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def snapshot(out: Path) -> dict[str, bytes]:
    files = sorted(out.rglob("*.json")) + [out / "corpus.jsonl"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files if p.name != "run.json"}


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    found = [list(prefix)]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _all_commands(command, (*prefix, name))
        else:
            found.append([*prefix, name])
    return found


COMMANDS = _all_commands(cli)


def test_cli_registers_every_stage_command() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"run", "schema", "validate", "topics", "evaluate-tags", "train-tagger", "evaluate-align",
            "review serve", "review export", "review apply"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "(top)")
def test_cli_every_command_has_help_with_example(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "python -m pipeline" in result.output


def test_cli_run_writes_documents_corpus_and_report(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("run", str(seeds_dir), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0
    assert sorted(p.name for p in (out / "papers").iterdir()) == [f"{PAPER_001}.json", f"{PAPER_000}.json"]
    lines = (out / "corpus.jsonl").read_bytes().splitlines()
    assert [json.loads(line)["paper_id"] for line in lines] == [PAPER_000, PAPER_001]  # input order
    assert lines[0] == (out / "papers" / f"{PAPER_000}.json").read_bytes()
    run = read_run(out)
    assert [(r["path"].rsplit("/", 1)[1], r["status"], r["error_code"]) for r in run["inputs"]] == [
        (SEED_000.name, "ok", None),
        (SEED_001.name, "ok", None),
    ]
    assert set(run["inputs"][0]["stage_ms"]) == {"ingest", "clean", "structure", "segment", "tag", "align",
                                                  "topics", "emit"}
    assert run["versions"]["pipeline"] == "0.1.0" and run["versions"]["jieba"] == "0.42.1"
    assert run["config"]["ingest"]["max_bytes"] == 2 * 1024 * 1024
    assert run["started"] <= run["finished"]
    assert invoke("validate", str(out)).exit_code == 0


def test_cli_run_same_bytes_across_workers_and_reruns(seeds_dir: Path, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert invoke("run", str(seeds_dir), "--out", str(a), "--workers", "1").exit_code == 0
    assert invoke("run", str(seeds_dir), "--out", str(b), "--workers", "2").exit_code == 0
    assert invoke("run", str(seeds_dir), "--out", str(c), "--workers", "1").exit_code == 0
    assert snapshot(a) == snapshot(b) == snapshot(c)
    assert b"started" not in (a / "papers" / f"{PAPER_000}.json").read_bytes()


def test_cli_run_bad_inputs_reported_and_batch_goes_on(seeds_dir: Path, tmp_path: Path) -> None:
    (seeds_dir / "a_empty.txt").write_bytes(b"")
    (seeds_dir / "b_binary.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (seeds_dir / "c_big.txt").write_bytes("产业集群".encode() * 350_000)  # 4.2 MB
    nul_text = SEED_001.read_bytes() + "\n附记。\n".encode()
    (seeds_dir / "d_nul.txt").write_bytes(nul_text.replace("。".encode(), "。\x00".encode(), 3))
    (seeds_dir / "e_gbk.txt").write_bytes(b"\xd5\xfe\xb8\xae\xd3\xa6\xbc\xd3\xc7\xbf\xc5\xe0\xd1\xb5\xa1\xa3")
    shutil.copy(SEED_000, seeds_dir / "f_copy.txt")
    (seeds_dir / "notes.pdf").write_bytes(b"%PDF-1.4")  # not .txt/.md: not picked up from a folder
    out = tmp_path / "out"
    result = invoke("run", str(seeds_dir), "--out", str(out), "--workers", "2")
    assert result.exit_code == 1
    rows = [(Path(r["path"]).name, r["status"], r["error_code"]) for r in read_run(out)["inputs"]]
    assert rows == [
        (SEED_000.name, "ok", None),
        (SEED_001.name, "ok", None),
        ("a_empty.txt", "failed", "E101"),
        ("b_binary.md", "failed", "E102"),
        ("c_big.txt", "failed", "E104"),
        ("d_nul.txt", "ok", None),
        ("e_gbk.txt", "ok", None),
        ("f_copy.txt", "skipped", "E106"),
    ]
    records = {Path(r["path"]).name: r for r in read_run(out)["inputs"]}
    assert [w for w in records["d_nul.txt"]["warnings"] if w["code"] == "W101"] == [
        {"code": "W101", "message": "removed 3 NUL or control characters"}
    ]
    assert not [w for w in records[SEED_000.name]["warnings"] if w["code"] == "W101"]
    assert records["f_copy.txt"]["paper_id"] == PAPER_000 and SEED_000.name in records["f_copy.txt"]["message"]
    assert "Convert it to .txt or .md first" in records["b_binary.md"]["message"]
    assert "[E101]" in result.output and "Traceback" not in result.output
    # f_copy duplicates seed 000: written once, and corpus.jsonl holds each paper once
    ids = [json.loads(line)["paper_id"] for line in (out / "corpus.jsonl").read_bytes().splitlines()]
    assert ids == [PAPER_000, PAPER_001, records["d_nul.txt"]["paper_id"], records["e_gbk.txt"]["paper_id"]]
    assert len(list((out / "papers").glob("*.json"))) == 4


def test_cli_run_skips_unchanged_and_redoes_changed(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("run", str(seeds_dir), "--out", str(out), "--workers", "1").exit_code == 0
    first = snapshot(out)
    mtime = (out / "papers" / f"{PAPER_000}.json").stat().st_mtime_ns
    assert invoke("run", str(seeds_dir), "--out", str(out), "--workers", "1").exit_code == 0
    assert [r["status"] for r in read_run(out)["inputs"]] == ["skipped", "skipped"]
    assert snapshot(out) == first
    assert (out / "papers" / f"{PAPER_000}.json").stat().st_mtime_ns == mtime
    changed = seeds_dir / SEED_001.name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    assert invoke("run", str(seeds_dir), "--out", str(out), "--workers", "1").exit_code == 0
    assert [r["status"] for r in read_run(out)["inputs"]] == ["skipped", "ok"]
    assert invoke("run", str(seeds_dir), "--out", str(out), "--workers", "1", "--force").exit_code == 0
    assert [r["status"] for r in read_run(out)["inputs"]] == ["ok", "ok"]


def test_cli_run_missing_input_is_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_cli_validate_reports_invalid_document(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    invoke("run", str(seeds_dir / SEED_001.name), "--out", str(out), "--workers", "1")
    path = out / "papers" / f"{PAPER_001}.json"
    data = json.loads(path.read_bytes())
    data["sentences"][0]["end"] += 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(out)])
    assert result.exit_code == 1
    assert f"{PAPER_001}.json: sentences/c1: text does not equal text[start:end]" in result.output
    assert "1 problem(s)" in result.output  # corpus.jsonl still holds the valid copy
    data["title"]["zh"] = 42
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (out / "corpus.jsonl").write_text("{}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(out)])
    assert result.exit_code == 1
    assert f"{PAPER_001}.json: title/zh: 42 is not valid under any of the given schemas" in result.output
    assert "corpus.jsonl line 1: (root): 'paper_id' is a required property" in result.output


def test_cli_schema_matches_checked_in_file() -> None:
    result = invoke("schema")
    checked_in = (REPO / "pipeline" / "schema" / "paper.schema.json").read_text(encoding="utf-8")
    assert result.output == checked_in, "schema is stale: run `python -m pipeline schema > pipeline/schema/paper.schema.json`"
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"schema_version", "paper_id", "source", "text", "sentences", "excluded", "cleaning"} <= set(schema["required"]) | set(schema["properties"])


def test_cli_killed_run_leaves_no_partial_json(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    base = SEED_000.read_text(encoding="utf-8")
    for i in range(40):
        (folder / f"{i:03}.txt").write_text(base + f"\n附记{i}。\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--workers", "1"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((out / "papers").glob("*.json"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = list((out / "papers").glob("*.json"))
    assert 2 <= len(written) < 40
    for path in written:
        json.loads(path.read_bytes())  # every visible document is whole
    assert not (out / "corpus.jsonl").exists() or (out / "corpus.jsonl").read_bytes() == b""
    # the next run finishes the job
    assert invoke("run", str(folder), "--out", str(out), "--workers", "2").exit_code == 0
    assert len(list((out / "papers").glob("*.json"))) == 40
    assert not list((out / "papers").glob(".*.tmp"))


def test_cli_run_retrained_model_redoes_papers(seeds_dir: Path, tmp_path: Path) -> None:
    model = tmp_path / "topics-model"
    shutil.copytree(REPO / "models" / "topics", model)
    out = tmp_path / "out"
    args = ["run", str(seeds_dir / SEED_001.name), "--out", str(out), "--workers", "1", "--topics-model", str(model)]
    assert invoke(*args).exit_code == 0
    assert invoke(*args).exit_code == 0
    assert [r["status"] for r in read_run(out)["inputs"]] == ["skipped"]
    with (model / "topics.json").open("a", encoding="utf-8") as fh:
        fh.write("\n")  # a retrained model: same options, other content
    assert invoke(*args).exit_code == 0
    assert [r["status"] for r in read_run(out)["inputs"]] == ["ok"]


def test_cli_run_removes_temporaries_of_a_killed_run(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "papers").mkdir(parents=True)
    stale = [out / "papers" / ".0e45b69b39e7674c.json.7yvx_ege.tmp", out / ".corpus.jsonl.a1b2c3.tmp"]
    for path in stale:
        path.write_bytes(b'{"paper_id": "0e45')  # what a SIGKILL during a write leaves behind
    keep = out / "papers" / "notes.txt"
    keep.write_text("a user's file", encoding="utf-8")
    assert invoke("run", str(seeds_dir), "--out", str(out)).exit_code == 0
    assert [p.exists() for p in stale] == [False, False]
    assert keep.read_text(encoding="utf-8") == "a user's file"
    assert len(list((out / "papers").glob("*.json"))) == 2
