"""The effective configuration of a run: one frozen object per stage, with documented defaults."""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

from pipeline.align import AlignConfig
from pipeline.clean import CleanConfig
from pipeline.ingest import IngestConfig
from pipeline.segment import SegmentConfig
from pipeline.structure import StructureConfig
from pipeline.tag import TagConfig
from pipeline.topics import TopicsConfig


@dataclass(frozen=True)
class PipelineConfig:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    structure: StructureConfig = field(default_factory=StructureConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    tag: TagConfig = field(default_factory=TagConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    topics: TopicsConfig = field(default_factory=TopicsConfig)

    def as_dict(self) -> dict:
        return asdict(self)

    def model_files(self) -> list[Path]:
        """The trained-model files whose content shapes the output (a retrained model changes the digest)."""
        from pipeline.tag.classifier import DEFAULT_MODEL_DIR as TAGGER_DIR, MODEL_FILE
        from pipeline.topics import DEFAULT_MODEL_DIR as TOPICS_DIR

        topics = Path(self.topics.model_dir) if self.topics.model_dir else TOPICS_DIR
        tagger = Path(self.tag.model_dir) if self.tag.model_dir else TAGGER_DIR
        return [topics / "topics.json", tagger / MODEL_FILE]

    def digest(self) -> str:
        """First 16 hex digits of the SHA-256 of the configuration and the trained models it uses: part of every
        document's generator stamp, so a changed option or a retrained model redoes the papers."""
        try:
            options = _options_json(self)
        except TypeError:  # an option holding an unhashable value (a list): not cached
            options = _options_json.__wrapped__(self)
        h = hashlib.sha256(options)
        for path in self.model_files():
            stat = path.stat() if path.is_file() else None
            h.update(b"\0" + (_file_digest(str(path), stat.st_mtime_ns, stat.st_size) if stat else b"absent"))
        return h.hexdigest()[:16]


def library_versions(names: Iterable[str]) -> dict[str, str]:
    """Python's version and each named distribution's ("not installed" when absent), for reports and models.

    >>> library_versions(["no-such-distribution"])["no-such-distribution"]
    'not installed'
    """
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@lru_cache(maxsize=16)
def _options_json(config: PipelineConfig) -> bytes:
    """The canonical JSON of a configuration's options (frozen, so computed once per configuration: the runner
    asks for the digest of every paper)."""
    return json.dumps(config.as_dict(), sort_keys=True, ensure_ascii=False, default=str).encode()


@lru_cache(maxsize=16)
def _file_digest(path: str, mtime_ns: int, size: int) -> bytes:
    """SHA-256 of a file, cached while its modification time and size stay the same."""
    return hashlib.sha256(Path(path).read_bytes()).digest()
