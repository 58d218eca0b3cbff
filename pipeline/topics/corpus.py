"""Training documents for topic models: paragraphs of papers, or abstracts of JSON Lines records.

A *unit* is what a topic model calls a document. Papers (.txt/.md) are run through the earlier stages
(ingest, clean, structure, segment) and give one unit per Chinese body or abstract paragraph, carrying the
paper id and the ids of the paragraph's sentences; JSON Lines records give one unit per record (its title and
its ``abstract`` or ``zh_abstract``), carrying the record id (its ``id`` field, else ``<file stem>:<line>``).

Units are streamed: nothing here holds a whole corpus in memory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import UsageError
from pipeline.model import Document
from pipeline.topics.vocabulary import select_tagged, tokenize

ABSTRACT_FIELDS = ("abstract", "zh_abstract")
TITLE_FIELDS = ("title", "zh_title")
PAPER_SUFFIXES = (".txt", ".md", ".markdown")
RECORD_SUFFIXES = (".jsonl",)
UNIT_KINDS = ("abstract", "body")


@dataclass(frozen=True)
class Unit:
    """One training document: its id, where it came from, its text and its topic words."""

    id: str
    paper: str
    text: str
    words: tuple[str, ...]
    sentences: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CorpusFilter:
    """Which records to read.

    categories: when given, JSON Lines records that have a ``category`` field are kept only if it is listed
        (CSL's 13 categories: the nine humanities and social-science ones give its 531 social-science records).
    keep_ids: when given, records that have an ``id`` field are kept only if it is listed (e.g. ChinaXiv
        ``dev_ids.txt``, so that held-out evaluation papers never shape a model).
    min_chars: units with less text are skipped (headings, captions, stubs).
    """

    categories: frozenset[str] | None = None
    keep_ids: frozenset[str] | None = None
    min_chars: int = 30


def iter_files(inputs: Iterable[Path]) -> Iterator[Path]:
    """Input files in a stable order: files as given, folders walked recursively for papers and .jsonl."""
    for item in inputs:
        if item.is_dir():
            yield from sorted((p for p in item.rglob("*") if p.is_file()
                               and p.suffix.lower() in PAPER_SUFFIXES + RECORD_SUFFIXES), key=lambda p: p.as_posix())
        elif item.is_file():
            yield item
        else:
            raise UsageError(f"input not found: {item}", hint="Give existing files or folders.")


def read_record_units(path: Path, corpus_filter: CorpusFilter = CorpusFilter()) -> Iterator[Unit]:
    """Units from a JSON Lines file of abstract records."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise UsageError(f"{path}: line {n} is not JSON ({exc}).",
                                 hint="Give JSON Lines files with one record per line.") from exc
            if corpus_filter.categories is not None and "category" in rec \
                    and rec["category"] not in corpus_filter.categories:
                continue
            rid = str(rec["id"]) if rec.get("id") is not None else f"{path.stem}:{n}"
            if corpus_filter.keep_ids is not None and "id" in rec and rid not in corpus_filter.keep_ids:
                continue
            abstract = next((rec[f] for f in ABSTRACT_FIELDS if isinstance(rec.get(f), str) and rec[f].strip()), "")
            if len(abstract) < corpus_filter.min_chars:
                continue
            title = next((rec[f] for f in TITLE_FIELDS if isinstance(rec.get(f), str)), "")
            text = f"{title.strip()}\n{abstract.strip()}" if title.strip() else abstract.strip()
            yield Unit(id=rid, paper=rid, text=text, words=tuple(tokenize(text)))


def document_units(doc: Document, *, min_chars: int = 30) -> Iterator[Unit]:
    """Units from a segmented document: its Chinese abstract and body paragraphs, with their sentence ids."""
    by_paragraph: dict[str, list] = {}
    for s in doc.sentences:
        if s.paragraph is not None:
            by_paragraph.setdefault(s.paragraph, []).append(s)
    for para in doc.paragraphs:
        if para.lang != "zh" or para.kind not in UNIT_KINDS or para.end - para.start < min_chars:
            continue
        sentences = by_paragraph.get(para.id, [])
        words = select_tagged(t for s in sentences for t in s.tokens)
        yield Unit(id=f"{doc.paper_id}/{para.id}", paper=doc.paper_id, text=doc.text[para.start:para.end],
                   words=tuple(words), sentences=tuple(s.id for s in sentences))


def read_paper_units(path: Path, corpus_filter: CorpusFilter = CorpusFilter()) -> Iterator[Unit]:
    """Units from one paper file, run through ingest, clean, structure and segment."""
    from pipeline.config import PipelineConfig
    from pipeline.ingest import read_paper
    from pipeline.runner import STAGES

    config = PipelineConfig()
    doc = read_paper(path, config=config.ingest)
    for name, stage in STAGES:
        if name in ("clean", "structure", "segment"):
            doc = stage(doc, config)
    yield from document_units(doc, min_chars=corpus_filter.min_chars)


def read_units(inputs: Iterable[Path], corpus_filter: CorpusFilter = CorpusFilter()) -> Iterator[Unit]:
    """Units of every input, in input order: papers give paragraphs, .jsonl files give abstracts."""
    for path in iter_files(inputs):
        suffix = path.suffix.lower()
        if suffix in RECORD_SUFFIXES:
            yield from read_record_units(path, corpus_filter)
        elif suffix in PAPER_SUFFIXES:
            yield from read_paper_units(path, corpus_filter)
        else:
            raise UsageError(f"{path}: unsupported input {suffix or '(no extension)'!r}.",
                             hint="Give papers (.txt, .md) or abstract records (.jsonl).")
