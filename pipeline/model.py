"""The one typed document model: the JSON contract of a paper document (contract v1).

Every stage is a function ``Document -> Document``. The JSON Schema in ``pipeline/schema/`` is generated from
these classes (``python -m pipeline schema``), never written by hand.

Offsets: ``start``/``end`` on sentences, paragraphs, tokens and citations index ``Document.text`` (Python
string indices, i.e. Unicode code points). ``raw_start``/``raw_end`` index the *decoded raw input* (the input
file decoded with ``source.encoding``, NUL and control characters removed as recorded in ``cleaning``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = "1.0.0"

SentenceKind = Literal["title", "abstract", "keywords", "heading", "body", "footnote", "table_caption"]
Lang = Literal["zh", "en"]
TagLabel = Literal["policy_recommendation", "cited_evidence"]
EvidenceType = Literal["citation", "statistic", "case"]
Strength = Literal["must", "should", "may"]
InstrumentType = Literal["supply", "environment", "demand"]
ExcludedKind = Literal[
    "running_header", "page_number", "foreign_text", "foreign_abstract", "image", "front_matter_noise", "other"
]


class _Model(BaseModel):
    # defer_build: validators and serializers are built on first use, not at import (half the import of this module)
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)


class Source(_Model):
    """Where the paper came from."""

    path: str = Field(description="Input path as given on the command line (POSIX separators).")
    sha256: str = Field(description="SHA-256 of the input file's bytes.")
    format: Literal["txt", "md"] = Field(description="Input format, from the file extension.")
    encoding: str = Field(description="Detected encoding of the input, e.g. utf-8, utf-8-sig, utf-16, gb18030.")
    size_bytes: int = Field(ge=0, description="Size of the input file in bytes.")


class Generator(_Model):
    """What produced the document: same input and same generator give the same bytes."""

    name: Literal["pipeline"] = "pipeline"
    version: str = Field(description="Version of the pipeline package.")
    config_hash: str = Field(description="SHA-256 (first 16 hex digits) of the effective configuration.")


class Bilingual(_Model):
    zh: str | None = Field(default=None, description="Chinese text, or null when the paper has none.")
    en: str | None = Field(default=None, description="English text, or null when the paper has none.")


class Journal(_Model):
    """Journal data recovered from running headers, front matter or the citation line; null when unknown."""

    name: str | None = None
    volume: str | None = None
    issue: str | None = None
    year: int | None = None
    pages: str | None = Field(default=None, description="Page range, e.g. '23-27'.")
    doi: str | None = None
    classification: str | None = Field(default=None, description="Chinese Library Classification (中图分类号).")


class Keywords(_Model):
    zh: list[str] = Field(default_factory=list, description="Chinese keywords in the paper's order; empty if none.")
    en: list[str] = Field(default_factory=list, description="English keywords in the paper's order; empty if none.")
    alignment: list[list[int]] = Field(
        default_factory=list,
        description="Pairs [zh index, en index] of keywords that translate each other.",
    )


class AbstractPart(_Model):
    text: str = Field(description="The abstract text (a slice of `text` from start to end).")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentences: list[str] = Field(default_factory=list, description="Ids of the abstract's sentences, in order.")


class AlignmentLink(_Model):
    zh: list[str] = Field(description="Ids of Chinese abstract sentences (consecutive).")
    en: list[str] = Field(description="Ids of English abstract sentences (consecutive).")
    score: float = Field(ge=0.0, le=1.0, description="Calibrated probability that the link is correct.")


class Abstract(_Model):
    zh: AbstractPart | None = None
    en: AbstractPart | None = None
    alignment: list[AlignmentLink] = Field(
        default_factory=list, description="Sentence links between zh and en; unaligned sentences are absent."
    )


class Section(_Model):
    id: str = Field(description="Section id, e.g. 's3'.")
    number: str | None = Field(description="The heading's number as printed, e.g. '一、', '（二）', '1.2'.")
    title: str = Field(description="Heading text without its number.")
    level: int = Field(ge=1, le=6, description="1 for 一、, 2 for （一）, 3 for 1. / 1.1, deeper for 1.1.1.")
    parent: str | None = Field(default=None, description="Id of the enclosing section, null at top level.")
    sentence: str | None = Field(default=None, description="Id of the heading's sentence.")


class Paragraph(_Model):
    id: str
    kind: SentenceKind
    lang: Lang
    section: str | None = Field(default=None, description="Id of the section the paragraph is in.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


Token = Annotated[
    tuple[str, str],
    Field(
        description=(
            "A word as [text, pos]. The tokens of a sentence appear in its text in order, separated only by "
            "whitespace (whitespace is never a token), so offsets can be recovered by scanning. pos is the "
            "jieba/ICTCLAS tag ('x' punctuation, 'eng' Latin); tokens kept whole by protection carry their own "
            "tags: 'cite' (citation marker or author-year citation), 'num' (number with unit, year, percentage), "
            "'latin' (Latin term or acronym such as R&D, OECD), 'term' (domain-dictionary term)."
        )
    ),
]


class TagAttributes(_Model):
    actor: str | None = Field(default=None, description="Who should act (政府, 地方政府, 企业, 行业协会, ...).")
    strength: Strength | None = Field(default=None, description="must (必须), should (应/要), may (可以/鼓励/建议).")
    instrument: InstrumentType | None = Field(default=None, description="Rothwell & Zegveld policy instrument type.")
    action: str | None = Field(default=None, description="The prescribed verb phrase.")
    cue: str | None = Field(default=None, description="The text that triggered the tag.")
    references: list[str] = Field(default_factory=list, description="Ids of linked reference entries.")


class Review(_Model):
    status: Literal["accepted", "rejected", "relabelled", "added"]
    reviewer: str
    time: str
    note: str | None = None


class Tag(_Model):
    id: str = Field(description="Tag id, unique in the document, e.g. 't12'.")
    label: TagLabel
    evidence_type: EvidenceType | None = Field(default=None, description="Set for cited_evidence, else null.")
    confidence: float = Field(ge=0.0, le=1.0)
    source: str = Field(description="The rule id (rule:...) or model name and version (model:...) that made it.")
    attributes: TagAttributes = Field(default_factory=TagAttributes)
    review: Review | None = Field(default=None, description="A reviewer's decision, written by `review apply`.")


class Sentence(_Model):
    id: str = Field(description="Sentence id, unique in the document, e.g. 'c42'.")
    kind: SentenceKind
    lang: Lang
    section: str | None = None
    paragraph: str | None = None
    start: int = Field(ge=0, description="text[start:end] == this sentence's text.")
    end: int = Field(ge=0)
    text: str
    tokens: list[Token] = Field(default_factory=list, description="Words of the sentence, [text, pos] each.")
    tags: list[Tag] = Field(default_factory=list)


class Footnote(_Model):
    id: str
    marker: str = Field(description="The marker as printed: ①, *, 1 ...")
    text: str
    sentence: str | None = Field(default=None, description="Id of the sentence carrying the marker.")
    note_sentence: str | None = Field(default=None, description="Id of the footnote's own sentence in `sentences`.")


class Table(_Model):
    id: str
    caption: str | None
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    raw_start: int | None = None
    raw_end: int | None = None


class Reference(_Model):
    id: str
    marker: str | None = Field(description="The list marker as printed, e.g. '[1]'; null when unnumbered.")
    text: str


class Citation(_Model):
    """An in-text citation marker."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    references: list[str] = Field(default_factory=list, description="Ids of the reference entries it points to.")


class Excluded(_Model):
    kind: ExcludedKind
    text: str
    raw_start: int = Field(ge=0)
    raw_end: int = Field(ge=0)
    reason: str | None = None


class Edit(_Model):
    step: str = Field(description="Name of the fixer that made the edit.")
    raw_start: int = Field(ge=0)
    raw_end: int = Field(ge=0)
    before: str
    after: str


class CleaningStep(_Model):
    step: str
    edits: int = Field(ge=0)


class Cleaning(_Model):
    steps: list[CleaningStep] = Field(default_factory=list, description="Fixers in the order applied.")
    edits: list[Edit] = Field(default_factory=list)
    offset_map: list[list[int]] = Field(
        default_factory=list,
        description=(
            "Breakpoints [text_offset, raw_offset], sorted: a `text` offset t maps to raw offset "
            "r + (t - s) for the last breakpoint [s, r] with s <= t."
        ),
    )


class TopicWeight(_Model):
    topic: int
    weight: float = Field(ge=0.0, le=1.0)


class SectionTopics(_Model):
    section: str | None
    topics: list[TopicWeight]


class Topics(_Model):
    model: str = Field(description="Model id: kind, version and hash of the trained model.")
    paper: list[TopicWeight]
    sections: list[SectionTopics] = Field(default_factory=list)


class Warning_(_Model):
    code: str
    message: str


class Document(_Model):
    """A paper document (contract v1)."""

    model_config = ConfigDict(extra="forbid", title="PaperDocument")

    schema_version: Literal["1.0.0"] = SCHEMA_VERSION
    paper_id: str = Field(description="Stable id: first 16 hex digits of SHA-256 of the decoded text (UTF-8).")
    generator: Generator
    source: Source
    text: str = Field(default="", description="Cleaned text of the paper's own content, units joined by newlines.")
    title: Bilingual = Field(default_factory=Bilingual)
    authors: list[str] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    journal: Journal = Field(default_factory=Journal)
    keywords: Keywords = Field(default_factory=Keywords)
    abstract: Abstract = Field(default_factory=Abstract)
    sections: list[Section] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)
    cleaning: Cleaning = Field(default_factory=Cleaning)
    topics: Topics | None = None
    warnings: list[Warning_] = Field(default_factory=list)

    # Working state between stages; never serialised and not part of the contract.
    raw: SkipJsonSchema[str] = Field(default="", exclude=True, repr=False)
    clean_text: SkipJsonSchema[str] = Field(default="", exclude=True, repr=False)
    clean_map: SkipJsonSchema[list[list[int]]] = Field(default_factory=list, exclude=True, repr=False)


def document_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a paper document."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://example.invalid/pipeline/paper-{SCHEMA_VERSION}.schema.json"
    return schema
