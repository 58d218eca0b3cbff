"""Time `run --workers 1` over a folder of papers against the floor: reading the files and segmenting them with
bare jieba (``jieba.lcut``). Reports both wall times, their ratio, both CPU times (steadier than wall time on a
shared machine), their ratio, and each side's peak memory (RSS). The runs of the two sides alternate.

Each side runs in a fresh Python process, so both pay their own start-up and dictionary loading. The pipeline's
modules are byte-compiled first, as jieba's are in site-packages (where PYTHONDONTWRITEBYTECODE is set, as on
this machine, Python would otherwise compile them on every import: about 50 ms).

    python benchmarks/bench_pipeline.py                       # corpus/ + 60 ChinaXiv papers
    python benchmarks/bench_pipeline.py corpus --limit 0      # only the given folders
"""

from __future__ import annotations

import argparse
import compileall
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHINAXIV = REPO.parent / "shared" / "data" / "chinaxiv" / "fulltext_md"

FLOOR = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
import jieba
jieba.setLogLevel(60)
jieba.initialize()
n = 0
for p in sys.argv[1:]:
    data = Path(p).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    n += len(jieba.lcut(text))
import resource
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time(), "tokens": n,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PIPELINE = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from pipeline.runner import run_batch
code, report = run_batch([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]), workers=1, force=True)
stages = {}
for rec in report["inputs"]:
    for k, v in rec["stage_ms"].items():
        stages[k] = stages.get(k, 0.0) + v
import resource
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time(),
                  "counts": report["counts"], "stage_ms": stages,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(code: str, args: list[str]) -> tuple[dict, float]:
    """Run ``code`` in a fresh interpreter; return its JSON answer and its own peak RSS in MiB."""
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, check=True)
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    return answer, answer["peak_mib"]


def collect(folders: list[Path], limit: int) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        files += sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md"))
    if limit and CHINAXIV.is_dir():
        files += sorted(CHINAXIV.glob("*.md"))[:limit]
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[REPO / "corpus"])
    parser.add_argument("--limit", type=int, default=60, help="ChinaXiv papers to add (0: none)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each side; the fastest counts")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    compileall.compile_dir(REPO / "pipeline", quiet=1)
    files = collect(args.folders, args.limit)
    size = sum(f.stat().st_size for f in files)
    names = [str(f) for f in files]
    floor_runs, pipe_runs = [], []
    floor_mem = pipe_mem = 0.0
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.repeat):  # interleaved, so that a change in the machine's load hits both sides
            result, floor_mem = run_child(FLOOR, names)
            floor_runs.append(result)
            result, pipe_mem = run_child(PIPELINE, [out, *names])
            pipe_runs.append(result)
    floor = min(floor_runs, key=lambda r: r["seconds"])
    pipe = min(pipe_runs, key=lambda r: r["seconds"])
    floor_cpu = min(r["cpu_seconds"] for r in floor_runs)
    pipe_cpu = min(r["cpu_seconds"] for r in pipe_runs)
    figures = {
        "papers": len(files),
        "megabytes": round(size / 1e6, 2),
        "floor_seconds": round(floor["seconds"], 2),
        "pipeline_seconds": round(pipe["seconds"], 2),
        "ratio": round(pipe["seconds"] / floor["seconds"], 2),
        "floor_cpu_seconds": round(floor_cpu, 2),
        "pipeline_cpu_seconds": round(pipe_cpu, 2),
        "cpu_ratio": round(pipe_cpu / floor_cpu, 2),
        "floor_peak_mib": round(floor_mem),
        "pipeline_peak_mib": round(pipe_mem),
        "pipeline_counts": pipe["counts"],
        "stage_seconds": {k: round(v / 1000, 2) for k, v in sorted(pipe["stage_ms"].items(), key=lambda kv: -kv[1])},
    }
    print(f"{len(files)} papers, {size / 1e6:.1f} MB")
    print(f"floor (read + jieba.lcut): {floor['seconds']:.2f} s, peak {floor_mem:.0f} MiB")
    print(f"pipeline run --workers 1:  {pipe['seconds']:.2f} s, peak {pipe_mem:.0f} MiB")
    print(f"ratio: {figures['ratio']:.2f}x (budget 1.50x)")
    print(f"CPU time (process_time, best run): floor {floor_cpu:.2f} s, pipeline {pipe_cpu:.2f} s, "
          f"ratio {figures['cpu_ratio']:.2f}x")
    print("per stage (s): " + ", ".join(f"{k} {v}" for k, v in figures["stage_seconds"].items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
