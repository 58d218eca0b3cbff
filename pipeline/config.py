"""The effective configuration of a run: one frozen object per stage, with documented defaults."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

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

    def digest(self) -> str:
        """First 16 hex digits of the SHA-256 of the configuration: part of every document's generator stamp."""
        blob = json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
