"""The papers under review: the documents of an output folder (``OUT_DIR/papers/<paper_id>.json``), read-only.

Documents are parsed with the typed model and cached by (size, mtime), so a re-run of the pipeline is picked up
and the server never has to parse a paper twice. Paper ids only come from the folder listing, so a request can
never name a file outside ``papers/``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import InvalidDocument, UsageError
from pipeline.model import Document, Sentence, Tag


@dataclass(frozen=True)
class PaperEntry:
    paper_id: str
    path: Path
    doc: Document | None
    error: str | None = None


class PaperLibrary:
    """Read access to ``OUT_DIR/papers/*.json``."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.papers_dir = self.out_dir / "papers"
        if not self.papers_dir.is_dir():
            raise UsageError(f"no papers/ folder in {self.out_dir}",
                             hint="Give an output folder of `python -m pipeline run` (it holds papers/*.json).")
        self._cache: dict[Path, tuple[tuple[int, int], PaperEntry]] = {}
        self._lock = threading.Lock()

    def paths(self) -> dict[str, Path]:
        return {p.stem: p for p in sorted(self.papers_dir.glob("*.json"))}

    def _load(self, path: Path) -> PaperEntry:
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            hit = self._cache.get(path)
            if hit and hit[0] == key:
                return hit[1]
        try:
            doc = Document.model_validate_json(path.read_bytes())
            entry = PaperEntry(path.stem, path, doc)
        except (OSError, ValidationError, ValueError) as exc:
            entry = PaperEntry(path.stem, path, None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        with self._lock:
            self._cache[path] = (key, entry)
        return entry

    def entries(self) -> list[PaperEntry]:
        return [self._load(p) for p in self.paths().values()]

    def entry(self, paper_id: str) -> PaperEntry:
        path = self.paths().get(paper_id)
        if path is None:
            raise InvalidDocument(f"no paper {paper_id!r} in {self.papers_dir}.", hint="Pick a paper from the list.")
        return self._load(path)

    def document(self, paper_id: str) -> Document:
        entry = self.entry(paper_id)
        path = entry.path
        if entry.doc is None:
            raise InvalidDocument(f"{path.name} is not a valid document ({entry.error}).")
        return entry.doc


def find_tag(doc: Document, tag_id: str) -> tuple[Sentence, Tag] | None:
    """The sentence and the model's tag with id ``tag_id``, or None."""
    for sent in doc.sentences:
        for tag in sent.tags:
            if tag.id == tag_id:
                return sent, tag
    return None


def find_sentence(doc: Document, sentence_id: str) -> Sentence | None:
    for sent in doc.sentences:
        if sent.id == sentence_id:
            return sent
    return None


def model_version(doc: Document) -> str:
    """What produced the tags: pipeline version and configuration hash, e.g. ``pipeline 0.1.0 cfg 0000…``."""
    g = doc.generator
    return f"{g.name} {g.version} cfg {g.config_hash}"
