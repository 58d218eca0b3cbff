"""Accuracy of the ``instrument`` attribute (Rothwell & Zegveld: supply / environment / demand, or none) on the 700
labelled recommendations of ``tests/data/tags/instruments.jsonl`` (two annotators each round, adjudicated; GUIDE
"Instrument"):

- the keyword rule (the first keyword of ``tag_instruments.tsv`` in the action) on round 1 (400 rows; its papers'
  half A chose the session-10 keywords, half B checked them) and on round 2 (300 rows labelled after, never tuned on);
- the instrument model (``models/tagger/instrument.json``) in 10-fold cross-validation by paper on all 700, against
  the keyword rule on the same rows.

    .venv/bin/python benchmarks/eval_instruments.py
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.tag.dataset import read_examples, read_instruments  # noqa: E402
from pipeline.tag.evaluate import instrument_accuracy, instrument_cross_validation  # noqa: E402
from pipeline.tag.training import DEFAULT_INSTRUMENTS, DEFAULT_LABELS  # noqa: E402


def half(paper: str) -> str:
    return "A" if int(hashlib.md5(paper.encode()).hexdigest(), 16) % 2 == 0 else "B"


def main() -> None:
    examples = read_examples(DEFAULT_LABELS)
    for rnd in (1, 2):
        gold = read_instruments(DEFAULT_INSTRUMENTS, rnd)
        r = instrument_accuracy(examples, gold)
        line = f"keyword rule, round {rnd}: {r['correct']}/{r['rows']} = {r['accuracy']}"
        if rnd == 1:
            for h in ("A", "B"):
                s = instrument_accuracy([e for e in examples if half(e.paper) == h], gold)
                line += f"; half {h} {s['correct']}/{s['rows']} = {s['accuracy']}"
        print(line)
    cv = instrument_cross_validation(DEFAULT_LABELS, DEFAULT_INSTRUMENTS)
    print(f"model, {cv['folds']}-fold CV by paper on {cv['rows']}: {cv['model_correct']} = {cv['model_accuracy']}; "
          f"keyword rule on the same rows: {cv['rule_correct']} = {cv['rule_accuracy']}")


if __name__ == "__main__":
    main()
