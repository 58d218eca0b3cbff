"""Does an English abstract belong to this Chinese paper? Document-level translation evidence.

CNKI pages often carry the English abstract of the *next* article; MinerU output sometimes holds two. The paper's
own English abstract translates its Chinese title, abstract and keywords: many Chinese words find a dictionary
translation in it and many of its content words are explained by them; a neighbour's abstract on a similar topic
shares only the generic words ("research", "development", "policy").
"""

from __future__ import annotations

from pipeline.align import lexicon


def score_abstract_match(zh_title: str | None, zh_abstract: str | None, zh_keywords, en_text: str | None) -> float:
    """Score in [0, 1] that ``en_text`` is the English abstract of the paper with this Chinese title, abstract
    and keywords (a list of strings or one string). Higher is better; compare candidates for the same paper.

    The score averages (1) the harmonic mean of two coverages over *distinct* words: the share of Chinese units
    with a translation in the English text, weighted by how specific each word is (rare words weigh more), and
    the share of English content stems explained by the Chinese side; and (2) the weighted share of the title's
    units translated in the English text. Latin terms of the Chinese text found in the English text add evidence.

    >>> own = score_abstract_match("产业集群政策研究", "分析了产业集群政策的背景和特点，探讨政府的作用。", ["产业集群"],
    ...     "The paper analyzes backgrounds and characteristics of policies for industrial clusters "
    ...     "and the role of government.")
    >>> other = score_abstract_match("产业集群政策研究", "分析了产业集群政策的背景和特点，探讨政府的作用。", ["产业集群"],
    ...     "International science and technology cooperation is entitled to new ways by the trend of revolution.")
    >>> own > 0.5 > other
    True
    """
    if not en_text or not en_text.strip():
        return 0.0
    return ChineseSide(zh_title, zh_abstract, zh_keywords).score(en_text)


class ChineseSide:
    """What :func:`score_abstract_match` needs from the Chinese title, abstract and keywords, computed once, so
    that several English candidates for the same paper are scored without segmenting the Chinese again."""

    def __init__(self, zh_title: str | None, zh_abstract: str | None, zh_keywords):
        if isinstance(zh_keywords, (list, tuple)):
            zh_keywords = " ".join(zh_keywords)
        self.text = "\n".join(t for t in (zh_title, zh_abstract, zh_keywords) if t)
        self.units: dict[str, lexicon.Unit] = {}
        self.title_units: dict[str, lexicon.Unit] = {}
        self.weights: dict[str, float] = {}  # each unit's specificity (rare words weigh more)
        self.title_weights: dict[str, float] = {}
        self.latin: list[str] = []
        if not self.text.strip():
            return
        for u in lexicon.zh_units(self.text):
            self.units.setdefault(u.text, u)
        self.title_units = {u.text: u for u in lexicon.zh_units(zh_title or "")}
        self.weights = {t: lexicon.zh_specificity(t) for t in self.units}
        self.title_weights = {t: lexicon.zh_specificity(t) for t in self.title_units}
        self.latin = sorted(set(lexicon.latin_terms(self.text)))

    def score(self, en_text: str | None) -> float:
        """:func:`score_abstract_match` of ``en_text`` against this Chinese side."""
        if not en_text or not en_text.strip() or not self.text.strip():
            return 0.0
        units = self.units
        stems = set(lexicon.en_stems(en_text))
        if not units or not stems:
            return 0.0
        explained: set[str] = set()
        hit = total = 0.0
        for text, unit in units.items():
            w = self.weights[text]
            total += w
            common = unit.hit(stems)
            if common:
                hit += w
                explained |= common
        hz = hit / total if total else 0.0
        he = len(explained) / len(stems)
        score = 2 * hz * he / (hz + he) if hz + he else 0.0
        title_units = self.title_units
        if title_units:  # the title is the densest evidence: its terms are what the paper is about
            tw = self.title_weights
            covered = sum(tw[t] for t, u in title_units.items() if u.hit(stems)) / sum(tw.values())
            score = 0.5 * score + 0.5 * covered
        latin = self.latin
        if latin:
            compact = "".join(en_text.lower().split())
            share = sum(1 for t in latin if t in compact) / len(latin)
            score = 0.8 * score + 0.2 * share
        return round(min(max(score, 0.0), 1.0), 4)
