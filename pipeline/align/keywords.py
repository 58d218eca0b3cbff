"""Pair Chinese keywords with the English keywords that translate them.

Keyword lists are short and often in a different order, so this is an assignment, not a monotonic alignment:
every (zh, en) pair is scored by dictionary and glossary evidence, and pairs are taken best first, each keyword
at most once, while the score is at least ``min_score``.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.align import lexicon


def keyword_score(zh: str, en: str) -> float:
    """Harmonic mean of the share of the Chinese keyword's units translated in the English keyword and the share
    of the English keyword's content stems explained; 1.0 when a Latin term is the whole of both.

    >>> keyword_score("产业集群", "industrial clusters"), keyword_score("产业集群", "market failure")
    (1.0, 0.0)
    """
    return _score(_ZhKeyword(zh), _EnKeyword(en))


def keyword_match(zh: str, en: str) -> tuple[float, float]:
    """(:func:`keyword_score`, coverage) of a pair in one pass; coverage is the share of the Chinese keyword's
    translation units that the English keyword renders (1.0 for a Latin term that is the whole of both).

    >>> keyword_match("供应方", "supply side"), keyword_match("思想市场", "thought")
    ((0.6667, 1.0), (0.6667, 0.5))
    """
    hz, he = _shares(_zh_keyword(zh), _EnKeyword(en))
    return _harmonic(hz, he), hz


@lru_cache(maxsize=256)
def _zh_keyword(zh: str) -> _ZhKeyword:
    return _ZhKeyword(zh)


class _ZhKeyword:
    """A Chinese keyword's Latin terms, compact form and translation units (computed once per keyword)."""

    def __init__(self, zh: str):
        self.latin = "".join(lexicon.latin_terms(zh))
        self.compact = "".join(c for c in zh.lower() if not c.isspace())
        self.has_latin = bool(self.latin)
        self.units = lexicon.zh_units(zh)


class _EnKeyword:
    """An English keyword's compact lowercase form and content stems (computed once per keyword)."""

    def __init__(self, en: str):
        self.compact = "".join(en.lower().split())
        self.stems = set(lexicon.en_stems(en))


def _score(zh: _ZhKeyword, en: _EnKeyword) -> float:
    return _harmonic(*_shares(zh, en))


def _harmonic(hz: float, he: float) -> float:
    """The score of a pair from its two shares (:func:`_shares`): their harmonic mean, to 4 places."""
    return round(2 * hz * he / (hz + he), 4) if hz + he else 0.0


def _shares(zh: _ZhKeyword, en: _EnKeyword) -> tuple[float, float]:
    """(share of the Chinese units translated, share of the English stems explained); (1, 1) when a Latin term is
    the whole of both."""
    if zh.has_latin and zh.latin == zh.compact and zh.latin == en.compact:
        return 1.0, 1.0
    units, stems = zh.units, en.stems
    if not units or not stems:
        return 0.0, 0.0
    explained: set[str] = set()
    hit = 0
    for u in units:
        common = u.hit(stems)
        if common:
            hit += 1
            explained |= common
    return hit / len(units), len(explained) / len(stems)


def align_keywords(zh: list[str], en: list[str], min_score: float = 0.4) -> list[list[int]]:
    """Pairs ``[zh index, en index]`` of keywords that translate each other, sorted by zh index.

    >>> align_keywords(["市场失灵", "产业集群", "浙江"], ["industrial cluster", "market failure", "government"])
    [[0, 1], [1, 0]]
    """
    scored = []
    en_keywords = [_EnKeyword(e) for e in en]
    for i, z in enumerate(zh):
        zh_keyword = _ZhKeyword(z)
        for j, e in enumerate(en_keywords):
            s = _score(zh_keyword, e)
            if s >= min_score:
                scored.append((-s, i, j))
    scored.sort()
    used_z: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i in used_z or j in used_e:
            continue
        used_z.add(i)
        used_e.add(j)
        pairs.append([i, j])
    return sorted(pairs)
