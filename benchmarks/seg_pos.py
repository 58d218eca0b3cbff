"""How far our dictionary-lookup POS tags agree with ``jieba.posseg`` on ChinaXiv papers.

For each paper, the tokens of :func:`pipeline.segment.words` and of ``jieba.posseg.lcut`` (same global jieba, user
dictionary loaded) are aligned by character span; on the words both cut the same way and that we did not protect,
we count equal tags, separately for words in jieba's dictionary, unknown Han words (tagged by our suffix rule)
and symbols (punctuation, digits, Latin).

    .venv/bin/python benchmarks/seg_pos.py --limit 10
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
RE_HAN = re.compile(r"[\u4e00-\u9fff]")
CHINAXIV = REPO.parent / "shared" / "data" / "chinaxiv" / "fulltext_md"


def spans(pairs) -> dict[tuple[int, int], tuple[str, str]]:
    out, pos = {}, 0
    for word, tag in pairs:
        n = len("".join(word.split()))
        if n:
            out[(pos, pos + n)] = (word, tag)
            pos += n
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=10)
    args = ap.parse_args()
    import jieba.posseg

    from pipeline.segment.tokenizer import PROTECTED_TAGS, lexicon, words

    lex = lexicon()
    counts: Counter = Counter()
    for path in sorted(CHINAXIV.glob("*.md"))[: args.limit]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            ours = spans(words(line))
            theirs = spans((p.word, p.flag) for p in jieba.posseg.lcut(line))
            for span, (word, tag) in ours.items():
                if tag in PROTECTED_TAGS:
                    continue
                if word in lex.tags:
                    kind = "known"
                elif RE_HAN.search(word):
                    kind = "unknown_han"  # tagged by the suffix rule
                else:
                    kind = "symbol"  # punctuation, digits, Latin: x / m / eng
                counts[f"{kind}_words"] += 1
                other = theirs.get(span)
                if other is None:
                    counts[f"{kind}_cut_differs"] += 1
                elif other[1] == tag:
                    counts[f"{kind}_same_tag"] += 1
    out = dict(counts)
    for kind in ("known", "unknown_han", "symbol"):
        aligned = counts[f"{kind}_words"] - counts[f"{kind}_cut_differs"]
        out[f"{kind}_agreement"] = round(counts[f"{kind}_same_tag"] / aligned, 4) if aligned else None
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
