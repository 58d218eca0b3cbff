"""Time the segment stage against bare ``jieba.lcut`` on the same texts (ChinaXiv papers).

Documents are built outside the timed part: ``doc.text`` is the file's text and paragraphs are its blank-line
blocks (lang "en" when a block has no Han character), as the structure stage's simplest output would be. Then:

* ``lcut``: ``jieba.lcut(doc.text)`` for every paper (the floor the issue measures against);
* ``posseg``: ``jieba.posseg.lcut(doc.text)`` (what POS tags would cost the naive way);
* ``segment``: ``pipeline.segment.segment(doc)`` (sentences, protected tokens with tags, citations);
* ``segment[spacy]``: the same with ``SegmentConfig(engine="spacy")``.

Times are CPU seconds of the process (``time.process_time``). Start-up (jieba's dictionary, our lexicon, the
spaCy import) is timed separately. Run:

    .venv/bin/python benchmarks/seg_speed.py --limit 50
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

CLOCK = time.process_time  # CPU seconds of this process: steadier than wall time on a shared machine
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CHINAXIV = REPO.parent / "shared" / "data" / "chinaxiv" / "fulltext_md"
RE_BLOCK = re.compile(r"[^\n]+(?:\n(?![ \t\u3000]*\n)[^\n]*)*")
RE_HAN = re.compile(r"[\u4e00-\u9fff]")


def build_document(path: Path):
    from pipeline.model import Document, Generator, Paragraph, Source

    text = path.read_text(encoding="utf-8")
    paragraphs = []
    for m in RE_BLOCK.finditer(text):
        lang = "zh" if RE_HAN.search(m.group()) else "en"
        paragraphs.append(Paragraph(id=f"p{len(paragraphs) + 1}", kind="body", lang=lang,
                                    start=m.start(), end=m.end()))
    return Document(paper_id=path.stem, generator=Generator(version="bench", config_hash="0"),
                    source=Source(path=str(path), sha256="0", format="md", encoding="utf-8",
                                  size_bytes=len(text.encode())),
                    text=text, paragraphs=paragraphs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=50, help="number of ChinaXiv papers (sorted by name)")
    ap.add_argument("--no-posseg", action="store_true", help="skip the jieba.posseg timing")
    args = ap.parse_args()
    paths = sorted(CHINAXIV.glob("*.md"))[: args.limit]
    out: dict[str, float | int] = {"papers": len(paths)}

    t = CLOCK()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    out["startup_jieba_s"] = CLOCK() - t
    t = CLOCK()
    from pipeline.segment import SegmentConfig, segment
    from pipeline.segment.tokenizer import lexicon, spacy_language

    lexicon()
    out["startup_lexicon_s"] = CLOCK() - t

    docs = [build_document(p) for p in paths]
    out["chars"] = sum(len(d.text) for d in docs)

    t = CLOCK()
    n_lcut = sum(len(jieba.lcut(d.text)) for d in docs)
    out["lcut_s"] = CLOCK() - t
    if not args.no_posseg:
        import jieba.posseg

        t = CLOCK()
        for d in docs:
            jieba.posseg.lcut(d.text)
        out["posseg_s"] = CLOCK() - t

    t = CLOCK()
    segmented = [segment(d) for d in docs]
    out["segment_s"] = CLOCK() - t
    out["sentences"] = sum(len(d.sentences) for d in segmented)
    out["tokens"] = sum(len(s.tokens) for d in segmented for s in d.sentences)
    out["lcut_tokens"] = n_lcut  # whitespace tokens included
    out["citations"] = sum(len(d.citations) for d in segmented)

    t = CLOCK()
    spacy_language()
    out["startup_spacy_s"] = CLOCK() - t
    t = CLOCK()
    for d in docs:
        segment(d, SegmentConfig(engine="spacy"))
    out["segment_spacy_s"] = CLOCK() - t

    out["ratio_segment_vs_lcut"] = out["segment_s"] / out["lcut_s"]
    out["ratio_segment_spacy_vs_lcut"] = out["segment_spacy_s"] / out["lcut_s"]
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}, indent=1))


if __name__ == "__main__":
    main()
