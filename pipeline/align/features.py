"""Features of a candidate link (a run of Chinese sentences against a run of English sentences).

Everything that costs is computed once per abstract pair in :class:`PairEvidence`: which Chinese units each
English sentence can explain, and which English stems each Chinese sentence can explain, as bit masks over
sentences, so a candidate's lexical counts are sums over precomputed tables (no quadratic set work per link).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.align import lexicon

FEATURE_NAMES = (
    "hit_zh",  # share of Chinese units with a translation in the English run
    "hit_en",  # share of English content stems explained by the Chinese run
    "log_hits",  # log(1 + matched Chinese units)
    "num_match",  # numbers found on both sides
    "num_miss",  # numbers on one side only
    "latin_match",  # Latin terms of the Chinese run found in the English run
    "latin_miss",
    "label_match",  # the runs open with section labels that translate each other
    "label_other",  # labels inside or on one side only (a run crossing a section boundary)
    "len_logp",  # Gale-Church log probability of the length pair
    "pos_dev",  # distance from the diagonal (relative positions)
    "size",  # sentences in the link minus 2
    "one_one",
    "many",  # three or more sentences on one side
    "min_zh",  # the worst-covered Chinese sentence of the run: share of its units translated
    "min_en",  # the worst-covered English sentence of the run: share of its stems explained
)


@dataclass(frozen=True)
class LengthModel:
    """Gale-Church length model: English characters ~ Normal(c * zh, s2 * zh)."""

    c: float = 2.9
    s2: float = 6.0

    def logp(self, zh_len: int, en_len: int) -> float:
        """Log probability that ``en_len`` English characters render ``zh_len`` Chinese ones.

        >>> round(LengthModel(3.0, 6.0).logp(10, 30), 3), LengthModel(3.0, 6.0).logp(10, 300) < -20
        (0.0, True)
        """
        zh_len = max(zh_len, 1)
        delta = abs(en_len - self.c * zh_len) / math.sqrt(self.s2 * zh_len)
        return math.log(max(math.erfc(delta / math.sqrt(2.0)), 1e-30))


def char_length(text: str) -> int:
    """Characters that carry content (spaces do not count: extraction loses and adds them)."""
    return len(text) - sum(map(str.isspace, text))


class PairEvidence:
    """Precomputed lexical, anchor and length evidence for one Chinese/English abstract pair."""

    def __init__(self, zh_sentences: list[str], en_sentences: list[str]):
        self.nz = len(zh_sentences)
        self.ne = len(en_sentences)
        self.zh_len = [char_length(s) for s in zh_sentences]
        self.en_len = [char_length(s) for s in en_sentences]
        zh_units = [lexicon.zh_units(s) for s in zh_sentences]
        en_stems = [sorted(set(lexicon.en_stems(s))) for s in en_sentences]
        self.zh_unit_count = [len(u) for u in zh_units]
        self.en_stem_count = [len(s) for s in en_stems]
        # stem -> mask of English sentences containing it; stem -> mask of Chinese sentences that can say it
        stem_en: dict[str, int] = {}
        for j, stems in enumerate(en_stems):
            for s in stems:
                stem_en[s] = stem_en.get(s, 0) | (1 << j)
        stem_zh: dict[str, int] = {}
        for i, units in enumerate(zh_units):
            for u in units:
                for s in u.stems:
                    stem_zh[s] = stem_zh.get(s, 0) | (1 << i)
        # per Chinese unit: mask of English sentences that translate it
        self.unit_masks = [[self._mask(tuple(frozenset([s]) for s in u.stems), stem_en) for u in units]
                           for units in zh_units]
        # per English stem: mask of Chinese sentences that explain it
        self.stem_masks = [[stem_zh.get(s, 0) for s in stems] for stems in en_stems]
        self.zh_numbers = [set(lexicon.numbers(s)) for s in zh_sentences]
        self.en_numbers = [set(lexicon.numbers(s)) for s in en_sentences]
        self.zh_latin = [lexicon.latin_terms(s) for s in zh_sentences]
        self.en_compact = ["".join(s.lower().split()) for s in en_sentences]
        self.zh_labels = [lexicon.zh_label(s) for s in zh_sentences]
        self.en_labels = [lexicon.en_label(s) for s in en_sentences]
        self._hits_zh: dict[tuple[int, int, int], int] = {}
        self._hits_en: dict[tuple[int, int, int], int] = {}
        self._zruns: dict[tuple[int, int], tuple] = {}
        self._eruns: dict[tuple[int, int], tuple] = {}

    @staticmethod
    def _mask(renderings: tuple[frozenset[str], ...], table: dict[str, int]) -> int:
        """English sentences holding every stem of at least one rendering (a rendering within one sentence)."""
        m = 0
        for r in renderings:
            rm = -1
            for s in r:
                rm &= table.get(s, 0)
                if not rm:
                    break
            m |= rm
        return m

    @staticmethod
    def _run_mask(start: int, n: int) -> int:
        return ((1 << n) - 1) << start

    def hits_zh(self, i: int, j: int, b: int) -> int:
        """Units of Chinese sentence ``i`` translated somewhere in English sentences ``j .. j+b-1``."""
        key = (i, j, b)
        got = self._hits_zh.get(key)
        if got is None:
            m = self._run_mask(j, b)
            got = sum(1 for um in self.unit_masks[i] if um & m)
            self._hits_zh[key] = got
        return got

    def hits_en(self, j: int, i: int, a: int) -> int:
        """Stems of English sentence ``j`` explained by Chinese sentences ``i .. i+a-1``."""
        key = (j, i, a)
        got = self._hits_en.get(key)
        if got is None:
            m = self._run_mask(i, a)
            got = sum(1 for sm in self.stem_masks[j] if sm & m)
            self._hits_en[key] = got
        return got

    def _zh_run(self, i: int, a: int) -> tuple:
        """Per Chinese run (cached): unit count, numbers, Latin terms, label count, characters."""
        key = (i, a)
        got = self._zruns.get(key)
        if got is None:
            zs = range(i, i + a)
            got = (
                sum(self.zh_unit_count[k] for k in zs),
                frozenset().union(*(self.zh_numbers[k] for k in zs)),
                [t for k in zs for t in self.zh_latin[k]],
                sum(1 for k in zs if self.zh_labels[k]),
                sum(self.zh_len[k] for k in zs),
            )
            self._zruns[key] = got
        return got

    def _en_run(self, j: int, b: int) -> tuple:
        """Per English run (cached): stem count, numbers, compact lowercase text, label count, characters."""
        key = (j, b)
        got = self._eruns.get(key)
        if got is None:
            es = range(j, j + b)
            got = (
                sum(self.en_stem_count[k] for k in es),
                frozenset().union(*(self.en_numbers[k] for k in es)),
                "".join(self.en_compact[k] for k in es),
                sum(1 for k in es if self.en_labels[k]),
                sum(self.en_len[k] for k in es),
            )
            self._eruns[key] = got
        return got

    def features(self, i: int, a: int, j: int, b: int, length: LengthModel) -> list[float]:
        """The feature vector (see ``FEATURE_NAMES``) of linking zh ``i..i+a-1`` with en ``j..j+b-1``."""
        units, zn, latin, zl, zh_len = self._zh_run(i, a)
        stems, en, compact, el, en_len = self._en_run(j, b)
        zc, ec = self.zh_unit_count, self.en_stem_count
        hz = he = 0
        min_zh = min_en = 1.0  # the worst-covered sentence's share (shares are at most 1)
        for k in range(i, i + a):
            h = self.hits_zh(k, j, b)
            hz += h
            share = h / zc[k] if zc[k] else 0.0
            if share < min_zh:
                min_zh = share
        for k in range(j, j + b):
            h = self.hits_en(k, i, a)
            he += h
            share = h / ec[k] if ec[k] else 0.0
            if share < min_en:
                min_en = share
        latin_match = sum(1 for t in latin if t in compact) if latin else 0
        label_match = 1.0 if self.zh_labels[i] and self.en_labels[j] and self.zh_labels[i] & self.en_labels[j] else 0.0
        return [
            hz / units if units else 0.0,
            he / stems if stems else 0.0,
            math.log1p(hz),
            float(min(len(zn & en), 5)),
            float(min(len(zn ^ en), 5)),
            float(min(latin_match, 5)),
            float(min(len(latin) - latin_match, 5)),
            label_match,
            float(zl + el - 2 * label_match),
            max(length.logp(zh_len, en_len), -30.0),
            abs((i + a / 2) / self.nz - (j + b / 2) / self.ne),
            float(a + b - 2),
            1.0 if a == 1 and b == 1 else 0.0,
            1.0 if a >= 3 or b >= 3 else 0.0,
            min_zh,
            min_en,
        ]
