"""Word segmentation on the SIGHAN 2005 (icwb2) PKU test set: precision, recall, F1 and OOV recall.

Three systems, scored the way the bakeoff's ``score`` script does (a word is correct when both of its boundaries
match the gold; OOV = gold words absent from the training word list):

* ``jieba``: plain ``jieba.Tokenizer().lcut`` (HMM on), a fresh tokenizer with jieba's own dictionary;
* ``jieba+userdict``: the same with ``pipeline/resources/userdict.txt`` added;
* ``pipeline``: :func:`pipeline.segment.words` (user dictionary and protection of numbers, citations, Latin).

The data stays in ``../shared/data/icwb2`` (evaluation only; never copied into the project). Run:

    .venv/bin/python benchmarks/seg_sighan.py            # PKU, all 1,944 lines
    .venv/bin/python benchmarks/seg_sighan.py --corpus msr --limit 500
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
ICWB2 = REPO.parent / "shared" / "data" / "icwb2"


def spans(words: list[str]) -> set[tuple[int, int]]:
    """Character spans of words, whitespace removed (tokens such as '1 万亿元' count their visible characters)."""
    out, pos = set(), 0
    for w in words:
        n = len("".join(w.split()))
        if n:
            out.add((pos, pos + n))
            pos += n
    return out


def score(system: list[list[str]], gold: list[list[str]], training: set[str]) -> dict[str, float]:
    """P, R, F1 over word spans and recall of out-of-vocabulary gold words."""
    correct = n_sys = n_gold = oov = oov_correct = 0
    for sys_words, gold_words in zip(system, gold):
        if "".join("".join(sys_words).split()) != "".join(gold_words):
            raise ValueError(f"system changed the text: {''.join(gold_words)[:40]}")
        s = spans(sys_words)
        g = spans(gold_words)
        correct += len(s & g)
        n_sys += len(s)
        n_gold += len(g)
        pos = 0
        for w in gold_words:
            if w not in training:
                oov += 1
                oov_correct += (pos, pos + len(w)) in s
            pos += len(w)
    p, r = correct / n_sys, correct / n_gold
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4),
            "oov_recall": round(oov_correct / oov, 4) if oov else 0.0, "words": n_sys}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=["pku", "msr"], default="pku")
    ap.add_argument("--limit", type=int, default=0, help="only the first N lines (0: all)")
    args = ap.parse_args()
    if not ICWB2.is_dir():
        sys.exit(f"SIGHAN data not found at {ICWB2}")
    gold_lines = (ICWB2 / "gold" / f"{args.corpus}_test_gold.utf8").read_text(encoding="utf-8").splitlines()
    gold = [line.split() for line in gold_lines if line.strip()]
    if args.limit:
        gold = gold[: args.limit]
    texts = ["".join(g) for g in gold]
    training = set((ICWB2 / "gold" / f"{args.corpus}_training_words.utf8").read_text(encoding="utf-8").split())

    import jieba

    from pipeline.segment.tokenizer import read_userdict, words

    jieba.setLogLevel(60)
    results = {}
    plain = jieba.Tokenizer()
    plain.initialize()
    with_dict = jieba.Tokenizer()
    with_dict.initialize()
    for word, freq, tag in read_userdict():
        with_dict.add_word(word, freq, tag)
    systems = {
        "jieba": lambda t: plain.lcut(t),
        "jieba+userdict": lambda t: with_dict.lcut(t),
        "pipeline": lambda t: [w for w, _ in words(t)],
    }
    for name, cut in systems.items():
        cut(texts[0])  # load outside the timing
        t0 = time.perf_counter()
        output = [cut(t) for t in texts]
        seconds = time.perf_counter() - t0
        results[name] = {**score(output, gold, training), "seconds": round(seconds, 2)}
    print(json.dumps({"corpus": args.corpus, "lines": len(gold), "results": results}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
