"""Ingest: the same paper in any common encoding gives the same document."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from pipeline.errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput, UnsupportedFormat
from pipeline.ingest import IngestConfig, decode_bytes, read_paper
from pipeline.runner import process_paper
from tests.conftest import SEED_000, SEED_001

ENCODINGS = {
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
}
EXPECTED_ENCODING = {"gb18030": "gb18030", "utf-16": "utf-16", "utf-16-be": "utf-16", "utf-8-sig": "utf-8-sig"}


def _contract(doc) -> dict:
    data = json.loads(doc.model_dump_json())
    data.pop("source")
    return data


@pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=["seed000", "seed001"])
@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_ingest_reencoded_seed_gives_same_document(tmp_path: Path, seed: Path, encoding: str) -> None:
    text = seed.read_text(encoding="utf-8")
    target = tmp_path / f"论文 {encoding}.txt"  # Chinese and spaced file name
    target.write_bytes(ENCODINGS[encoding](text))
    reference = process_paper(seed)
    converted = process_paper(target)
    assert converted.source.encoding == EXPECTED_ENCODING[encoding]
    assert converted.paper_id == reference.paper_id
    assert _contract(converted) == _contract(reference)


def test_ingest_gbk_without_bom_is_detected() -> None:
    text, encoding = decode_bytes("政府应加强对民营企业主的培训。".encode("gbk"))
    assert (text, encoding) == ("政府应加强对民营企业主的培训。", "gb18030")


def test_ingest_plain_utf8_is_not_mistaken_for_gb18030() -> None:
    assert decode_bytes("Langendijk认为，政府应根据集群".encode("utf-8")) == ("Langendijk认为，政府应根据集群", "utf-8")


def test_ingest_nul_and_control_characters_removed_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes("产业\x00集群\x07政策研究\r\n第二行".encode("utf-8"))
    doc = read_paper(path)
    assert doc.raw == "产业集群政策研究\n第二行"
    assert [(w.code, w.message) for w in doc.warnings] == [("W101", "removed 2 NUL or control characters")]


@pytest.mark.parametrize(
    ("name", "data", "error", "code"),
    [
        ("empty.txt", b"", EmptyInput, "E101"),
        ("blank.txt", b" \n\t\n", EmptyInput, "E101"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", BinaryInput, "E102"),
        ("noise.md", bytes(range(256)) * 8, BinaryInput, "E102"),
        ("bad-bom.txt", codecs.BOM_UTF8 + b"\xff\xfe\xfd abc", UndecodableInput, "E103"),
        ("paper.docx", "政府".encode(), UnsupportedFormat, "E105"),
    ],
)
def test_ingest_bad_input_raises_coded_error(tmp_path: Path, name: str, data: bytes, error: type, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        read_paper(path)
    assert info.value.code == code
    assert str(info.value).startswith(f"[{code}] ")
    assert info.value.hint  # every error says what to do next


def test_ingest_too_large_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes("政府".encode() * 700_000)  # 4.2 MB
    with pytest.raises(InputTooLarge) as info:
        read_paper(path, config=IngestConfig())
    assert str(info.value).startswith("[E104] ") and "4,200,000 bytes" in str(info.value)
    assert read_paper(path, config=IngestConfig(max_bytes=5_000_000)).source.size_bytes == 4_200_000
