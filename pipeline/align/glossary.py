"""Grow the domain glossary from aligned abstracts: propose term pairs for a person to review.

Within confident links, Chinese words whose dictionary translations are absent from the linked English, and
English words (and two-word phrases) that no Chinese word explains, are what the dictionary misses. Pairs that
keep meeting in the same links are candidates; they are ranked by the Dice coefficient
``2 * together / (zh count + en count)``. Nothing is written to the glossary automatically.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.align import lexicon
from pipeline.align.aligner import align_sentences
from pipeline.align.sentences import split_chinese_abstract, split_english_abstract
from pipeline.segment.cutter import cut


def _unexplained_zh(zh_text: str, stems: set[str]) -> set[str]:
    out = set()
    for token in cut(zh_text):
        if len(token) < 2 or not all(lexicon.RE_HAN.match(ch) for ch in token):
            continue
        units = lexicon.zh_units(token)
        if not any(u.hit(stems) for u in units):
            out.add(token)
    return out


def _unexplained_en(en_text: str, explained: set[str], forms: dict[str, Counter[str]]) -> set[str]:
    """Stems (and stem pairs) of English words nothing explains; ``forms`` collects their surface forms."""
    fixed, _ = lexicon.restore_spaces(en_text)
    stop = lexicon.en_stopwords()
    out: set[str] = set()
    prev = None
    for w in (w.lower() for w in lexicon.RE_EN_WORD.findall(fixed)):
        st = lexicon.stem(w)
        if w in stop or len(w) < 3 or st in explained:
            prev = None
            continue
        out.add(st)
        forms.setdefault(st, Counter())[w] += 1
        if prev:
            key = f"{prev[0]} {st}"
            out.add(key)
            forms.setdefault(key, Counter())[f"{prev[1]} {w}"] += 1
        prev = (st, w)
    return out


def propose_terms(pairs: Iterable[tuple[list[str], list[str]]], *, min_link_score: float = 0.9,
                  min_count: int = 2, top: int = 50) -> list[tuple[str, str, int, float]]:
    """Candidate glossary entries ``(zh, en, links together, dice)`` from abstract pairs (sentence lists).

    >>> pairs = [(["【目的】研究智库的核心能力。"], ["[Objective] To study the core capacities of think tanks."]),
    ...          (["【结论】智库应加强能力建设。"], ["[Conclusions] Think tanks should strengthen capacity building."])]
    >>> [t for t in propose_terms(pairs) if t[0] == "能力"]
    [('能力', 'capacities', 2, 1.0)]
    """
    together: Counter[tuple[str, str]] = Counter()
    zh_count: Counter[str] = Counter()
    en_count: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for zh, en in pairs:
        for z, e, score in align_sentences(zh, en):
            if score < min_link_score:
                continue
            zh_text = "".join(zh[k] for k in z)
            en_text = " ".join(en[k] for k in e)
            stems = set(lexicon.en_stems(en_text))
            explained = set().union(*(u.hit(stems) for u in lexicon.zh_units(zh_text)))
            zs = _unexplained_zh(zh_text, stems)
            es = _unexplained_en(en_text, explained, forms)
            zh_count.update(zs)
            en_count.update(es)
            together.update((a, b) for a in zs for b in es)
    def form(key: str) -> str:  # the most frequent surface form, ties alphabetical
        return min(forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]

    scored = [
        (a, form(b), n, round(2 * n / (zh_count[a] + en_count[b]), 4))
        for (a, b), n in together.items()
        if n >= min_count
    ]
    scored.sort(key=lambda t: (-t[3], -t[2], t[0], t[1]))
    return scored[:top]


def read_pairs(path: Path, ids: set[str] | None = None) -> Iterator[tuple[list[str], list[str]]]:
    """Sentence lists from a JSONL of abstract pairs: the dev format (zh_sentences, en_sentences) or the
    ChinaXiv pairs format (zh_abstract, en_abstract, cut with :mod:`pipeline.align.sentences`)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if ids is not None and rec.get("id") not in ids:
                continue
            if "zh_sentences" in rec:
                yield rec["zh_sentences"], rec["en_sentences"]
            elif rec.get("zh_abstract") and rec.get("en_abstract"):
                yield split_chinese_abstract(rec["zh_abstract"]), split_english_abstract(rec["en_abstract"])
