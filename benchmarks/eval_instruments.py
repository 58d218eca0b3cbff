"""Accuracy of the ``instrument`` attribute (Rothwell & Zegveld: supply / environment / demand, or none) on the 400
labelled recommendations of ``tests/data/tags/instruments.jsonl`` (two annotators, adjudicated; see the GUIDE),
overall and on the two halves of their papers (split by the MD5 of the paper id: half A chose the keywords of
``tag_instruments.tsv`` in session 10, half B checked them).

    .venv/bin/python benchmarks/eval_instruments.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.tag.dataset import read_examples  # noqa: E402
from pipeline.tag.evaluate import instrument_accuracy  # noqa: E402


def half(paper: str) -> str:
    return "A" if int(hashlib.md5(paper.encode()).hexdigest(), 16) % 2 == 0 else "B"


def main() -> None:
    gold = {}
    for line in (REPO / "tests/data/tags/instruments.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[row["id"]] = row["instrument"]
    examples = read_examples(REPO / "tests/data/tags/labels.jsonl")
    overall = instrument_accuracy(examples, gold)
    print(f"all: {overall['correct']}/{overall['rows']} = {overall['accuracy']}")
    for h in ("A", "B"):
        r = instrument_accuracy([e for e in examples if half(e.paper) == h], gold)
        print(f"half {h}: {r['correct']}/{r['rows']} = {r['accuracy']}")
    print("gold>found:", ", ".join(f"{k} {v}" for k, v in sorted(overall["confusion"].items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
