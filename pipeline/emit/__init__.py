"""Emit stage: serialise documents to JSON, write them atomically, validate them against the schema."""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline.errors import InvalidDocument
from pipeline.model import Document, document_schema

_UMASK = os.umask(0)
os.umask(_UMASK)
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "paper.schema.json"


def render_document(doc: Document) -> bytes:
    """The document as compact UTF-8 JSON, fields in contract order: same document, same bytes."""
    return doc.model_dump_json().encode("utf-8")


def render_schema() -> str:
    return json.dumps(document_schema(), ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader never sees a partial file, even if the run is killed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _fast_validator():
    import fastjsonschema

    return fastjsonschema.compile(_schema())


def _schema_problems(data: dict) -> list[str]:
    """Schema violations: a compiled validator answers valid documents fast; jsonschema explains invalid ones."""
    import fastjsonschema

    try:
        _fast_validator()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    from jsonschema import Draft202012Validator

    errors = Draft202012Validator(_schema()).iter_errors(data)
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in sorted(errors, key=lambda e: list(map(str, e.absolute_path)))
    ] or ["(root): does not match the schema"]


def check_document(data: dict) -> list[str]:
    """Every way ``data`` breaks the published schema or the contract's invariants (empty when valid)."""
    problems = _schema_problems(data)
    if problems:
        return problems
    text = data["text"]
    for sent in data["sentences"]:
        if text[sent["start"] : sent["end"]] != sent["text"]:
            problems.append(f"sentences/{sent['id']}: text does not equal text[start:end]")
        if not _tokens_fit(sent["text"], [tok[0] for tok in sent["tokens"]]):
            problems.append(f"sentences/{sent['id']}: tokens do not spell the sentence text")
    for part in ("zh", "en"):
        ab = data["abstract"][part]
        if ab is not None and text[ab["start"] : ab["end"]] != ab["text"]:
            problems.append(f"abstract/{part}: text does not equal text[start:end]")
    ids = {s["id"] for s in data["sentences"]}
    for link in data["abstract"]["alignment"]:
        for sid in link["zh"] + link["en"]:
            if sid not in ids:
                problems.append(f"abstract/alignment: unknown sentence id {sid}")
    return problems


def _tokens_fit(text: str, tokens: list[str]) -> bool:
    """Tokens appear in ``text`` in order, separated only by whitespace."""
    pos = 0
    for tok in tokens:
        while pos < len(text) and text[pos].isspace() and not tok.startswith(text[pos]):
            pos += 1
        if not tok or not text.startswith(tok, pos):
            return False
        pos += len(tok)
    return not text[pos:].strip()


def validate_file(path: Path) -> list[str]:
    """Problems of one document file; raises :class:`InvalidDocument` when it is not JSON at all."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InvalidDocument(f"{path}: not a readable JSON document ({exc}).") from exc
    return check_document(data)
