"""Cut papers into unlabelled rows for the tag development set, exactly as the pipeline sees them.

Each chosen paper is run through the pipeline up to segmentation; the Chinese body and heading sentences of the
chosen top-level sections (and everything under them) are written one JSON object a line, in the format of
``tests/data/tags/labels.jsonl`` with the label fields left empty (``policy_recommendation: null``) for a labeller
to fill in. ``sections`` is the chain of enclosing section titles, outermost first; a heading's own title is not
in its chain (the tagger judges a heading by the sections around it).

Usage:
    .venv/bin/python benchmarks/tag_sample.py SPEC.json OUT.jsonl --split heldout

SPEC.json maps a ChinaXiv id to the top-level sections to take, each by its number as printed ("4") or the start
of its title, or to ``[]`` for the whole body (a paper without headings included). Papers are read from ``../shared/data/chinaxiv/fulltext_md/<id>.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.config import PipelineConfig  # noqa: E402
from pipeline.runner import process_paper  # noqa: E402

FULLTEXT = REPO.parent / "shared" / "data" / "chinaxiv" / "fulltext_md"
TAGGED_KINDS = ("body", "heading")


def rows_of(paper: str, numbers: list[str], split: str) -> list[dict]:
    doc = process_paper(FULLTEXT / f"{paper}.md", PipelineConfig())
    by_id = {s.id: s for s in doc.sections}

    def chain(section_id: str | None) -> list:
        out = []
        while section_id:
            s = by_id[section_id]
            out.append(s)
            section_id = s.parent
        return out[::-1]

    heading_of = {s.sentence: s.id for s in doc.sections if s.sentence}
    rows = []
    for s in doc.sentences:
        if s.lang != "zh" or s.kind not in TAGGED_KINDS:
            continue
        sections = chain(s.section)
        if numbers and not sections:
            continue  # text before the first heading belongs to no chosen section
        top = sections[0] if sections else None
        if numbers and not any((top.number or "").strip("、.． ") == n or top.title.startswith(n) for n in numbers):
            continue
        if s.kind == "heading" and heading_of.get(s.id) == s.section:
            sections = sections[:-1]
        rows.append({"id": f"{paper}:{len(rows) + 1:03d}", "paper": paper, "text": s.text, "kind": s.kind,
                     "sections": [x.title for x in sections], "policy_recommendation": None, "evidence": None,
                     "actor": None, "strength": None, "split": split})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("spec", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", default="heldout")
    args = ap.parse_args()
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    lines = []
    for paper, numbers in spec.items():
        rows = rows_of(paper, numbers, args.split)
        print(f"{paper}: {len(rows)} rows", file=sys.stderr)
        lines += [json.dumps(r, ensure_ascii=False) for r in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
