"""A bilingual Chinese text-mining pipeline for social-science papers.

Stages (one package each): ingest -> clean -> structure -> segment -> tag -> align -> topics -> emit.
Each stage is a pure function over the one document model in :mod:`pipeline.model`.
"""

__version__ = "0.1.0"
