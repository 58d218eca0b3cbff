"""Run the stages over papers: one paper (:func:`process_paper`) or a batch into an output folder (:func:`run_batch`).

A bad paper is reported in ``run.json`` with a coded error and the batch goes on; every file is written
atomically; a paper whose input bytes and generator (version and configuration) are unchanged since the last
run into the same folder is skipped unless ``force`` is set.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from pipeline import __version__
from pipeline.align import align
from pipeline.clean import clean
from pipeline.config import PipelineConfig, library_versions
from pipeline.emit import render_document, write_atomic
from pipeline.errors import DuplicateInput, PaperError, StageFailed, UsageError
from pipeline.ingest import FORMATS, read_paper
from pipeline.model import Document
from pipeline.segment import segment
from pipeline.structure import structure
from pipeline.tag import tag
from pipeline.topics import assign_topics

STAGES: tuple[tuple[str, Callable], ...] = (
    ("clean", lambda doc, cfg: clean(doc, cfg.clean)),
    ("structure", lambda doc, cfg: structure(doc, cfg.structure)),
    ("segment", lambda doc, cfg: segment(doc, cfg.segment)),
    ("tag", lambda doc, cfg: tag(doc, cfg.tag)),
    ("align", lambda doc, cfg: align(doc, cfg.align)),
    ("topics", lambda doc, cfg: assign_topics(doc, cfg.topics)),
)
LIBRARIES = ("pydantic", "jieba", "rjieba", "spacy", "scikit-learn", "gensim", "numpy", "charset-normalizer")

# Collector thresholds during a batch (Python's default: 700, 10, 10). A paper allocates hundreds of thousands of
# small objects (tokens, sentences) that die by reference counting, yet each 700 of them trigger a collection and
# every 100 collections a full pass over the loaded dictionaries and models: about 5% of a run. Output is unchanged.
BATCH_GC_THRESHOLDS = (20_000, 50, 100)

EXIT_OK = 0
EXIT_PAPERS_FAILED = 1
EXIT_USAGE = 2


@dataclass
class PaperResult:
    """What happened to one input; its ``record`` goes into ``run.json``."""

    path: str
    sha256: str | None = None
    paper_id: str | None = None
    status: str = "ok"
    error_code: str | None = None
    message: str | None = None
    warnings: list[dict] = field(default_factory=list)
    stage_ms: dict[str, float] = field(default_factory=dict)
    document: bytes | None = field(default=None, repr=False)

    def record(self) -> dict:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "paper_id": self.paper_id,
            "status": self.status,
            "error_code": self.error_code,
            "message": self.message,
            "warnings": self.warnings,
            "stage_ms": self.stage_ms,
        }


def process_paper(path: Path, config: PipelineConfig = PipelineConfig(), *, display_path: str | None = None) -> Document:
    """Run every stage on one paper file and return its document (raises :class:`PaperError`)."""
    return _process(path, config, display_path or path.as_posix(), {})


def process_text(text: str, config: PipelineConfig = PipelineConfig(), *, name: str = "text.txt") -> Document:
    """Run every stage on a paper given as a string (for notebooks and tests)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        return _process(path, config, name, {})


def _process(path: Path, config: PipelineConfig, shown: str, timings: dict[str, float]) -> Document:
    t0 = time.perf_counter()
    doc = read_paper(path, display_path=shown, config=config.ingest, config_hash=config.digest())
    timings["ingest"] = round((time.perf_counter() - t0) * 1000, 1)
    for name, stage in STAGES:
        t0 = time.perf_counter()
        try:
            doc = stage(doc, config)
        except PaperError:
            raise
        except Exception as exc:  # a bug in a stage must not stop the batch
            raise StageFailed(f"{shown}: the {name} stage failed: {type(exc).__name__}: {exc}") from exc
        timings[name] = round((time.perf_counter() - t0) * 1000, 1)
    return doc


def _work(job: tuple[str, str, PipelineConfig]) -> PaperResult:
    path, shown, config = job
    result = PaperResult(path=shown)
    try:
        result.sha256 = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        doc = _process(Path(path), config, shown, result.stage_ms)
        t0 = time.perf_counter()
        result.document = render_document(doc)
        result.stage_ms["emit"] = round((time.perf_counter() - t0) * 1000, 1)
        result.paper_id = doc.paper_id
        result.warnings = [w.model_dump() for w in doc.warnings]
    except PaperError as exc:
        result.status, result.error_code, result.message = "failed", exc.code, str(exc)
    except OSError as exc:
        result.status, result.error_code = "failed", "E107"
        result.message = f"[E107] {shown}: cannot read the file ({exc.strerror or exc}). Check it exists and is readable."
    return result


def discover_inputs(inputs: list[Path]) -> list[tuple[Path, str]]:
    """Files to process, in a stable order: each file as given, folders walked recursively for .txt/.md."""
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            files = sorted((p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS),
                           key=lambda p: p.as_posix())
        elif item.exists():
            files = [item]
        else:
            raise UsageError(f"input not found: {item}", hint="Give existing files or folders.")
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.append((f, f.as_posix()))
    return found


def _previous_records(out: Path) -> dict[str, dict]:
    try:
        previous = json.loads((out / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if previous.get("pipeline_version") != __version__:
        return {}
    return {r["path"]: r | {"config_hash": previous.get("config_hash")} for r in previous.get("inputs", [])}


def _unchanged(path: Path, record: dict | None, out: Path, config_hash: str) -> bytes | None:
    """The stored document when ``path`` is unchanged since the previous run, else None."""
    if not record or record.get("status") == "failed" or record.get("error_code") or record.get("config_hash") != config_hash:
        return None
    target = out / "papers" / f"{record['paper_id']}.json"
    try:
        if hashlib.sha256(path.read_bytes()).hexdigest() != record["sha256"]:
            return None
        stored = target.read_bytes()
    except OSError:
        return None
    return stored


@contextmanager
def _batch_gc():
    """Collect garbage less often while the batch runs (see :data:`BATCH_GC_THRESHOLDS`), then restore."""
    old = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _results(jobs: list[tuple[str, str, PipelineConfig]], workers: int) -> Iterator[PaperResult]:
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_work, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only a parallel run needs it (about 25 ms to import)

    if multiprocessing.get_start_method() == "fork":
        # The first paper is done here, before the workers fork: it loads the dictionaries, lexicons and models
        # (about 2 s of CPU) once, and every worker inherits them instead of loading its own copy.
        yield _work(jobs[0])
        jobs = jobs[1:]
        if len(jobs) <= 1:
            yield from map(_work, jobs)
            return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_work, jobs, chunksize=1)


def _remove_stale_temporaries(out: Path) -> None:
    """Delete the temporary files (``.<name>.*.tmp``, :func:`~pipeline.emit.write_atomic`) that a killed run left in
    ``out``: no reader ever took them for output, and nothing else would remove them."""
    for folder in (out, out / "papers"):
        for stale in folder.glob(".*.tmp") if folder.is_dir() else ():
            stale.unlink(missing_ok=True)


def run_batch(inputs: list[Path], out: Path, config: PipelineConfig = PipelineConfig(), *, workers: int = 1,
              force: bool = False, progress: Callable[[int], Callable[[], None]] | None = None) -> tuple[int, dict]:
    """Process ``inputs`` into ``out``; return the exit code and the run report (also written to run.json)."""
    started = datetime.now(timezone.utc)
    files = discover_inputs(inputs)
    _remove_stale_temporaries(out)
    config_hash = config.digest()
    previous = {} if force else _previous_records(out)
    results: dict[int, PaperResult] = {}
    stored: dict[int, bytes] = {}
    jobs: list[tuple[int, tuple[str, str, PipelineConfig]]] = []
    for i, (path, shown) in enumerate(files):
        doc = _unchanged(path, previous.get(shown), out, config_hash)
        if doc is None:
            jobs.append((i, (str(path), shown, config)))
        else:
            record = previous[shown]
            results[i] = PaperResult(path=shown, sha256=record["sha256"], paper_id=record["paper_id"],
                                     status="skipped", message="unchanged since the last run (use --force to redo)",
                                     warnings=record.get("warnings", []))
            stored[i] = doc
    tick = progress(len(jobs)) if progress else (lambda: None)
    papers = out / "papers"
    written: dict[str, int] = {i_id: i for i, r in results.items() if (i_id := r.paper_id)}
    with _batch_gc():
        for (i, _job), result in zip(jobs, _results([job for _, job in jobs], workers)):
            if result.status == "ok" and result.paper_id in written:
                first = files[written[result.paper_id]][1]
                err = DuplicateInput(f"{result.path}: the same text as {first} (paper {result.paper_id}).")
                result.status, result.error_code, result.message = "skipped", err.code, str(err)
                result.document = None
            elif result.status == "ok":
                write_atomic(papers / f"{result.paper_id}.json", result.document)
                written[result.paper_id] = i
                stored[i] = result.document
            results[i] = result
            tick()
    lines = [stored[i] + b"\n" for i in sorted(stored) if results[i].error_code is None]
    write_atomic(out / "corpus.jsonl", b"".join(lines))
    ordered = [results[i] for i in range(len(files))]
    failed = sum(r.status == "failed" for r in ordered)
    report = {
        "pipeline_version": __version__,
        "schema_version": "1.0.0",
        "config_hash": config_hash,
        "config": config.as_dict(),
        "versions": {"pipeline": __version__, **library_versions(LIBRARIES)},
        "workers": workers,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "counts": {s: sum(r.status == s for r in ordered) for s in ("ok", "skipped", "failed")},
        "inputs": [r.record() for r in ordered],
    }
    write_atomic(out / "run.json", (json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8"))
    return (EXIT_PAPERS_FAILED if failed else EXIT_OK), report


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def progress_bar(total: int) -> Callable[[], None]:
    """A tqdm bar on stderr when it is a terminal; silent otherwise."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit="paper", file=sys.stderr, disable=not sys.stderr.isatty())
    return lambda: bar.update(1)
