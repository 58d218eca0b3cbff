"""Topic words: which segmented words a topic model sees, and how collocations are joined.

A topic model is only as readable as its vocabulary. Chinese function words (的, 和, 以及), academic
boilerplate that every abstract uses (本文, 研究, 结果表明), numbers, single characters and punctuation are
dropped; Latin words are lower-cased. Collocations learnt by gensim ``Phrases`` (产业 + 集群) are joined
without a separator, so a merged phrase reads as one Chinese word.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Iterable, Sequence

from pipeline.resources import read_data_lines

SKIP_POS = frozenset({"x", "cite", "num"})
STOPWORD_FILES = ("topics_stopwords_zh.txt", "topics_boilerplate_zh.txt")

# A topic word has a CJK ideograph or a Latin letter, and does not start with a digit (2010年, 3.5%).
RE_WORDLIKE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z]")
RE_NUMERIC = re.compile(r"^[\d０-９.．,，%％+\-−~～/]|^[零〇一二三四五六七八九十百千万亿两]+$")
# LaTeX left by PDF converters (MinerU): inline math and commands are not words (mathrm, cdot, times).
RE_LATEX = re.compile(r"\$[^$\n]{0,300}\$|\\[A-Za-z]+")


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The stopword set: the stopwords-iso Chinese list plus academic boilerplate (both in resources/)."""
    words: set[str] = set()
    for name in STOPWORD_FILES:
        words.update(line.strip().lower() for line in read_data_lines(name))
    return frozenset(words)


def stopwords_hash() -> str:
    """SHA-256 (first 16 hex digits) of the sorted stopword set, recorded with every trained model."""
    blob = "\n".join(sorted(load_stopwords())).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def keep_word(word: str) -> bool:
    """Whether ``word`` can be a topic word.

    >>> [w for w in ["产业集群", "的", "本文", "2010年", "三", "，", "政", "GDP"] if keep_word(w)]
    ['产业集群', 'GDP']
    """
    if len(word) < 2 or not RE_WORDLIKE.search(word) or RE_NUMERIC.search(word):
        return False
    return word.lower() not in load_stopwords()


def select_words(words: Iterable[str]) -> list[str]:
    """The topic words among segmented ``words``, in order, Latin lower-cased.

    >>> select_words(["本文", "分析", "了", "产业", "集群", "的", "GDP", "增长"])
    ['产业', '集群', 'gdp', '增长']
    """
    return [f for f in map(_topic_form, words) if f is not None]


@lru_cache(maxsize=262_144)
def _topic_form(word: str) -> str | None:
    """The form ``word`` takes among topic words (Latin lower-cased), or None when it is not one."""
    if not keep_word(word.strip()):
        return None
    return word.lower() if word.isascii() else word


def select_tagged(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The topic words among (word, pos) pairs of the segment stage: punctuation ('x'), citation markers
    ('cite') and numbers ('num') never are.

    >>> select_tagged([("产业集群", "term"), ("[1]", "cite"), ("2010年", "num"), ("OECD", "latin"), ("。", "x")])
    ['产业集群', 'oecd']
    """
    return [f for w, pos in pairs if pos not in SKIP_POS and (f := _topic_form(w)) is not None]


def join_phrases(words: Sequence[str], pairs: dict[tuple[str, str], float] | frozenset,
                 heads: frozenset[str] | None = None) -> list[str]:
    """Join adjacent words that form a learnt collocation, greedily from the left (as gensim ``Phrases``).
    ``heads``: the first words of the pairs, if known (most words start none, and are passed over cheaply).

    >>> join_phrases(["产业", "集群", "政策", "创新"], {("产业", "集群"): 0.8, ("集群", "政策"): 0.9})
    ['产业集群', '政策', '创新']
    """
    if heads is None:
        heads = frozenset(a for a, _ in pairs)
    out: list[str] = []
    joined = False  # whether ``a`` was already joined to the word before it
    for a, b in zip(words, words[1:]):
        if joined:
            joined = False
        elif a in heads and (a, b) in pairs:
            out.append(a + b)
            joined = True
        else:
            out.append(a)
    if words and not joined:
        out.append(words[-1])
    return out


def tokenize(text: str) -> list[str]:
    r"""Topic words of ``text`` segmented by the segment stage (no collocations joined yet).

    >>> tokenize("本文分析了2010年以来产业集群的形成机制[1]。")
    ['产业集群']
    >>> tokenize("氮含量为$1 2 \\mathrm{mg}$，\\cdot 土壤")
    ['含量', '土壤']
    """
    from pipeline.segment import words

    return select_tagged(words(RE_LATEX.sub(" ", text)))
