"""English sentence splitting and lost-space repair for extracted English abstracts.

English abstracts of Chinese papers come out of PDF extraction with lost spaces ("thedata",
"research.[Results]The", "storage,creates") and with bracketed section labels ("[Objective]", "【Methods】").
``split_english_sentences`` finds sentence spans without needing the spaces; ``restore_spaces`` puts back the
spaces a word list can justify and returns the edits it made (as :class:`pipeline.offsets.Replacement`, offsets
into the input), so the caller can record them as cleaning edits.

>>> text = "This paper aims torealize the sharing.[Results] The U.S. data, e.g. 0.66 of J. Smith's."
>>> [text[s:e] for s, e in split_english_sentences(text)]
['This paper aims torealize the sharing.', "[Results] The U.S. data, e.g. 0.66 of J. Smith's."]
>>> restore_spaces("aims torealize thesharing")[0]
'aims to realize the sharing'
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from pipeline.offsets import Replacement
from pipeline.resources import english_word_costs, english_words, read_data_lines

__all__ = ["split_english_sentences", "restore_spaces"]


# A sentence-final mark, with closing quotes/brackets after it.
RE_END = re.compile(r"[.!?。！？]+[\"'”’)）\]]*")
# What may start a sentence after an end mark (spaces optional: they are often lost).
RE_START = re.compile(r"\s*(?=[A-Z0-9\[【［(（“\"])")
# A bracketed section label such as [Objective], [Purpose/Significance], 【Methods】.
RE_LABEL = re.compile(r"[\[【［]\s*[A-Z][A-Za-z]*(?:\s*[ /&,-]\s*[A-Za-z]+){0,4}\s*[\]】］]")
# After an end mark with no space, only a word start or a label starts a sentence ("4.O draw" is OCR noise).
RE_GLUED_START = re.compile(r"[A-Z][a-z]|[A-Z]{2,}|A\s|[\[【［(（“\"]")
# The word before a period: letters and inner dots (U.S, e.g, P.R.C).
RE_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
RE_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
# Inline LaTeX math ($0 . 6 6$) as MinerU writes numbers: never split inside.
RE_MATH = re.compile(r"\$[^$]{0,400}\$")
RE_ALPHA_RUN = re.compile(r"[A-Za-z]+")
RE_PUNCT_GLUE = re.compile(r"(?<=[a-z)])([,;:])(?=[A-Za-z])")
RE_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z]{2})")

# Words whose trailing period is not a sentence end.
ABBREVIATIONS = frozenset(
    "al e.g i.e cf fig figs eq eqs no nos vol vols pp vs viz dr mr mrs ms prof inc ltd co corp jr sr st approx "
    "ed eds jan feb mar apr jun jul aug sep sept oct nov dec univ dept est".split()
)


def _is_abbreviation(before: str) -> bool:
    m = RE_WORD_BEFORE.search(before)
    if not m:
        return False
    word = m.group(1)
    if word.lower() in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    return bool(RE_DOTTED.fullmatch(word + ".")) and "." in word  # U.S, e.g, P.R.C


def split_english_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, stripped of surrounding whitespace, in order.

    A sentence ends at . ! ? (or 。！？) followed by a capital, digit or bracket, with or without a space; a
    bracketed section label always starts a new sentence. Abbreviations (e.g., et al., U.S.), initials and
    decimals are not boundaries.

    >>> t = "It grows.[Methods]We use data,e.g. 0.66 in 2010.The end"
    >>> [t[s:e] for s, e in split_english_sentences(t)]
    ['It grows.', '[Methods]We use data,e.g. 0.66 in 2010.', 'The end']
    >>> len(split_english_sentences("A power of $0 . 3 { ^ { x } }$ in the centre. It works."))
    2
    >>> split_english_sentences("   ")
    []
    """
    cuts: set[int] = set()
    math = [m.span() for m in RE_MATH.finditer(text)]
    for m in RE_END.finditer(text):
        if any(a < m.start() < b for a, b in math):
            continue
        nxt = RE_START.match(text, m.end())
        if m.end() == len(text):
            continue
        if not nxt:
            continue
        if m.group().startswith(".") and len(m.group().rstrip("\"'”’)）]")) == 1:
            if _is_abbreviation(text[max(0, m.start() - 12) : m.start()]):
                continue
            if m.end() == nxt.end() and text[m.end()].isdigit():  # 0.66, 3.5%
                continue
        if m.end() == nxt.end() and not RE_GLUED_START.match(text, m.end()):
            continue
        cuts.add(nxt.end())
    for m in RE_LABEL.finditer(text):
        if text[: m.start()].strip():
            cuts.add(m.start())
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            s = start + (len(piece) - len(piece.lstrip()))
            spans.append((s, s + len(stripped)))
        start = cut
    return spans


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, int]:
    """English words by frequency rank (wordninja's list), loaded once."""
    words = english_words()
    return dict(zip(words, range(len(words))))


@lru_cache(maxsize=1)
def _longest_word() -> int:
    return max(map(len, english_word_costs()))


def _ninja_split(low: str) -> list[str]:
    """``wordninja.split(low)`` for a run of lower-case letters, without importing wordninja (its import builds a
    second cost table): the cheapest split under its word costs, each end position taking its best last word, ties
    to the shorter one, as its ``min`` over (cost, length) pairs breaks them. A test compares the two on real runs.

    >>> _ninja_split("studyanalyzed")
    ['study', 'analyzed']
    """
    cost = english_word_costs()
    longest = _longest_word()
    inf = float("inf")
    total = [0.0]  # total[i]: the cheapest split of low[:i]
    last = [0]  # last[i]: the length of its last word
    for i in range(1, len(low) + 1):
        best = (total[i - 1] + cost.get(low[i - 1], inf), 1)
        for k in range(2, min(longest, i) + 1):
            best = min(best, (total[i - k] + cost.get(low[i - k:i], inf), k))
        total.append(best[0])
        last.append(best[1])
    out = []
    i = len(low)
    while i > 0:
        out.append(low[i - last[i]:i])
        i -= last[i]
    return out[::-1]


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Word-forming prefixes that must not be split off ("metathesaurus" stays whole)."""
    return frozenset(line.strip() for line in read_data_lines("align_en_prefixes.txt"))


@lru_cache(maxsize=1)
def _pinyin() -> frozenset[str]:
    """Toneless Hanyu Pinyin syllables, loaded once."""
    return frozenset(line.strip() for line in read_data_lines("align_pinyin_syllables.txt"))


def _is_pinyin(word: str) -> bool:
    """Whether ``word`` reads as a run of pinyin syllables (a romanised name: Binzhou, Helan, Xiangxi).

    >>> _is_pinyin("Binzhou"), _is_pinyin("thedata")
    (True, False)
    """
    syllables = _pinyin()
    low = word.lower()
    reach = [True] + [False] * len(low)
    for i in range(len(low)):
        if reach[i]:
            for j in range(i + 1, min(len(low), i + 6) + 1):
                if low[i:j] in syllables:
                    reach[j] = True
    return reach[-1]


# Rank limits for parts of a split: common words only (rarer "words" in the list are names and fragments).
COMMON_RANK = 30000
LONG_RANK = 60000  # long words are rarely junk: "utilization", "characterizes" are accepted down to this rank
SHORT_RANK = 3000  # three-letter parts must be very common ("the", "and"); "ter", "vil" are not
SHORT_WORDS = frozenset("a of in on to as at is be by an or we it no so up do if us he".split())


@lru_cache(maxsize=1)
def _acceptable_parts() -> tuple[frozenset[str], int]:
    """The words ``_split_run`` accepts as parts of a split, and the longest one's length (for a cheap pre-check)."""
    parts = set()
    for word, rank in islice(_vocabulary().items(), LONG_RANK):  # in rank order: later words are all too rare
        if rank >= (LONG_RANK if len(word) >= 8 else COMMON_RANK):
            continue
        if (len(word) <= 2 and word not in SHORT_WORDS) or (len(word) == 3 and rank >= SHORT_RANK):
            continue
        parts.add(word)
    return frozenset(parts), max(map(len, parts))


def _can_split(low: str) -> bool:
    """Whether ``low`` splits into acceptable parts at all; when not, wordninja's split is rejected anyway.

    >>> _can_split("thedata"), _can_split("binzhou")
    (True, False)
    """
    parts, longest = _acceptable_parts()
    n = len(low)
    reach = [True] + [False] * n
    for i in range(n):
        if reach[i]:
            for j in range(i + 1, min(n, i + longest) + 1):
                if not reach[j] and low[i:j] in parts:
                    reach[j] = True
    return reach[n]


@lru_cache(maxsize=65536)
def _split_run(run: str) -> tuple[str, ...] | None:
    """The words a glued run of letters stands for, or None when the run should stay as it is."""
    vocab = _vocabulary()
    low = run.lower()
    if len(run) < 5 or low in vocab:
        return None
    if not (run.islower() or (run[0].isupper() and run[1:].islower())):
        return None  # acronyms and mixed case (STKOSAPI, iPhone) are left alone
    if not _can_split(low):
        return None  # no split into common words exists, so wordninja's cannot pass the checks below
    parts = _ninja_split(low)
    if len(parts) < 2 or "".join(parts) != low:
        return None
    if parts[-1] == "a":
        return None
    for p in parts:
        rank = vocab.get(p)
        if rank is None or rank >= (LONG_RANK if len(p) >= 8 else COMMON_RANK):
            return None
        if (len(p) <= 2 and p not in SHORT_WORDS) or (len(p) == 3 and rank >= SHORT_RANK):
            return None
    if parts[0] in _prefixes() or _is_pinyin(run):
        return None
    if run[0].isupper():
        parts[0] = parts[0].capitalize()
    return tuple(parts)


def restore_spaces(text: str) -> tuple[str, list[Replacement]]:
    """Put back spaces lost in extraction; return the new text and the replacements (offsets into ``text``).

    Three fixes, each only where the evidence is clear: a glued run of letters that is not a word but splits
    into common words ("thedata" -> "the data"); a lower-to-upper case change between two words
    ("organizationEngine" -> "organization Engine"); a comma, semicolon or colon followed directly by a letter
    ("storage,creates" -> "storage, creates").

    >>> new, edits = restore_spaces("Basedon thedata,we studied organizationEngine")
    >>> new
    'Based on the data, we studied organization Engine'
    >>> edits[:2]
    [Replacement(start=0, end=7, new='Based on'), Replacement(start=8, end=15, new='the data')]
    >>> restore_spaces("The metathesaurus of STKOS in Binzhou")[0]
    'The metathesaurus of STKOS in Binzhou'
    """
    reps: list[Replacement] = []
    for m in RE_ALPHA_RUN.finditer(text):
        run = m.group()
        if len(run) < 5:
            continue  # too short for a case change between words or a split (_split_run leaves it alone)
        if m.start() > 0 and text[m.start() - 1] == "\\":
            continue  # a LaTeX command such as \mathrm
        pieces = [run] if run[2:].islower() else RE_CAMEL.split(run)  # no capital after two letters: no case change
        if len(pieces) > 1:
            vocab = _vocabulary()
            if all(p.lower() in vocab and vocab[p.lower()] < COMMON_RANK for p in pieces):
                reps.append(Replacement(m.start(), m.end(), " ".join(pieces)))
            continue
        parts = _split_run(run)
        if parts:
            reps.append(Replacement(m.start(), m.end(), " ".join(parts)))
    for m in RE_PUNCT_GLUE.finditer(text):
        reps.append(Replacement(m.end(), m.end(), " "))
    reps.sort(key=lambda r: (r.start, r.end))
    out: list[str] = []
    pos = 0
    for r in reps:
        out.append(text[pos : r.start])
        out.append(r.new)
        pos = r.end
    out.append(text[pos:])
    return "".join(out), reps
