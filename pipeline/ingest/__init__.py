"""Ingest stage: read a .txt or .md paper in any common encoding into a :class:`Document`.

Encodings are tried from the most to the least certain: a byte-order mark (UTF-8, UTF-16, UTF-32), strict
UTF-8, strict GB18030 (a superset of GBK and GB2312, common in Chinese OCR exports), then charset-normalizer's
guess. NUL bytes and other control characters are removed with a warning, and line ends are normalised to
``\\n``; ``Document.raw`` is the text after these two steps, and every ``raw_start``/``raw_end`` indexes it.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__
from pipeline.errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput, UnsupportedFormat
from pipeline.model import Document, Generator, Source, Warning_

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md"}
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\xd0\xcf\x11\xe0")
RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe]")
RE_NEWLINE = re.compile(r"\r\n?|[\u2028\u2029\x85]")
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


@dataclass(frozen=True)
class IngestConfig:
    """Options of the ingest stage.

    max_bytes: inputs larger than this are refused with E104 (a paper is rarely over 1 MB of text).
    binary_ratio: share of control bytes in the first 8 KiB above which a file is taken for binary.
    """

    max_bytes: int = 2 * 1024 * 1024
    binary_ratio: float = 0.05


def detect_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(f"{path.name}: unsupported file type {path.suffix or '(none)'!r}.")
    return fmt


def decode_bytes(data: bytes, *, name: str = "input", binary_ratio: float = 0.05) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``.

    >>> decode_bytes("产业集群".encode("gb18030"))
    ('产业集群', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF16_LE + "政府".encode("utf-16-le"))
    ('政府', 'utf-16')
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UndecodableInput(f"{name}: starts with a {encoding} byte-order mark but is not {encoding}.") from exc
    head = data[:8192]
    if head.startswith(BINARY_MAGIC):
        raise BinaryInput(f"{name}: this is a binary file (starts with {head[:4]!r}), not text.")
    controls = sum(head.count(b) for b in CONTROL_BYTES)
    if controls > 8 and controls / len(head) > binary_ratio:
        raise BinaryInput(f"{name}: {controls} of its first {len(head)} bytes are control bytes; it is not text.")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableInput(f"{name}: the text is in no encoding we can recognise.")
    return str(best), best.encoding


def compute_paper_id(text: str) -> str:
    """Stable id from the decoded text, so a paper keeps its id whatever encoding it was saved in.

    >>> compute_paper_id("产业集群")
    '50a8bf95ab75cbd0'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_paper(path: Path, *, display_path: str | None = None, config: IngestConfig = IngestConfig(),
               config_hash: str = "") -> Document:
    """Read one paper file into a new :class:`Document` with ``source``, ``raw`` and ``paper_id`` set."""
    shown = display_path or path.as_posix()
    fmt = detect_format(path)
    size = path.stat().st_size
    if size > config.max_bytes:
        raise InputTooLarge(f"{shown}: {size:,} bytes is over the limit of {config.max_bytes:,} bytes.")
    data = path.read_bytes()
    if not data.strip():
        raise EmptyInput(f"{shown}: the file is empty.")
    text, encoding = decode_bytes(data, name=shown, binary_ratio=config.binary_ratio)
    warnings: list[Warning_] = []
    text = RE_NEWLINE.sub("\n", text)
    removed = len(RE_CONTROL.findall(text))
    if removed:
        text = RE_CONTROL.sub("", text)
        warnings.append(Warning_(code="W101", message=f"removed {removed} NUL or control characters"))
    if not text.strip():
        raise EmptyInput(f"{shown}: the file has no text once decoded ({encoding}).")
    source = Source(path=shown, sha256=hashlib.sha256(data).hexdigest(), format=fmt, encoding=encoding,
                    size_bytes=size)
    return Document(
        paper_id=compute_paper_id(text),
        generator=Generator(version=__version__, config_hash=config_hash),
        source=source,
        raw=text,
        warnings=warnings,
    )
