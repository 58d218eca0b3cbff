"""jieba's default cut (``jieba.dt.cut(text)``: accurate mode, HMM on), word for word, in about half the time.

jieba finds the most probable path through the dictionary words of each run of Han characters in three passes:
``get_DAG`` lists the words starting at each character, ``calc`` scores the paths right to left with a generator
and ``max`` over tuples per character, ``__cut_DAG`` walks the best path and sends runs of single characters
that the dictionary lacks to the HMM (``jieba.finalseg``). :func:`cut` does the same in one right-to-left pass
with no intermediate dict and no tuples, on the same dictionary (``jieba.dt.FREQ``, with the user dictionary
and any word added later) and with the same floating-point sums in the same order, so every score, and so
every tie, is the same. The HMM's answers are remembered per run (names recur within a paper).

Everything else (splitting the text into Han runs, whitespace and other characters) gives what jieba's own code
path gives, with its patterns; a block with no whitespace, mostly one punctuation mark, goes one word per character
without being split again. ``tests/test_segment_cutter.py`` checks the words against ``jieba.dt.cut`` on real papers.

>>> cut("企业的 R&D, 顾立平认为")
['企业', '的', ' ', 'R', '&', 'D', ',', ' ', '顾立平', '认为']
"""

from __future__ import annotations

import re
from math import log

__all__ = ["cut"]

# jieba's own patterns (``re_han_default``, ``re_skip_default``), checked equal to them by the tests; copied so that
# importing this module does not import jieba (about 80 ms, paid on first use instead).
RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)  # runs cut with the dictionary
RE_SKIP = re.compile("(\r\n|\\s)", re.U)  # in between: whitespace stays whole, anything else one by one

_LOG_1 = log(1)  # the score jieba gives a character outside its dictionary: log(freq or 1)
_HMM_CACHE: dict[str, list[str]] = {}
_HMM_CACHE_MAX = 200_000
_HMM_STATE: tuple[int, int] = (0, 0)


def cut(text: str) -> list[str]:
    """The words ``jieba.dt.cut(text)`` yields (jieba's dictionary must be initialised; :func:`lexicon` does).

    >>> cut("政府作用与企业")
    ['政府', '作用', '与', '企业']
    """
    get, logtotal = _dictionary()
    out: list[str] = []
    for i, block in enumerate(RE_HAN.split(text)):
        if i % 2:  # split on a capturing group: the runs are at the odd positions, never empty
            out.extend(_cut_run(block, get, logtotal))
        elif not block:
            continue
        elif RE_SKIP.search(block) is None:  # mostly a punctuation mark: one word per character
            out.extend(block)
        else:
            for piece in RE_SKIP.split(block):
                if RE_SKIP.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
    return out


def cut_run(run: str) -> list[str]:
    """Words of one run of ``RE_HAN`` characters: jieba's best dictionary path, unknown stretches cut by its HMM.

    ``score[k]`` is the log probability of the best path through ``run[k:]`` and ``ends[k]`` the end of its first
    word; both are what jieba's ``calc`` computes (``log(freq) - log(total) + score[end]``, ties to the longer
    word), with the words starting at ``k`` found as ``get_DAG`` finds them (extend while the prefix is known).
    """
    return _cut_run(run, *_dictionary())


def _dictionary():
    """``jieba.dt.FREQ.get`` and the log of the dictionary's total count, initialising jieba's dictionary if needed;
    fetched once per text, not once per run (words added later change both)."""
    import jieba  # after the first call, a dictionary lookup in sys.modules

    dt = jieba.dt
    if not dt.initialized:
        dt.initialize()
    return dt.FREQ.get, log(dt.total)


def _cut_run(run: str, get, logtotal: float) -> list[str]:
    n = len(run)
    score = [0.0] * (n + 1)
    ends = list(range(1, n + 2))  # a character alone unless a better word starts there
    for k in range(n - 1, -1, -1):
        freq = get(run[k])
        if freq is None:  # unknown character: no word starts here
            score[k] = _LOG_1 - logtotal + score[k + 1]
            continue
        best, end = (log(freq) - logtotal + score[k + 1], k + 1) if freq else (0.0, 0)
        i = k + 2
        while i <= n:
            freq = get(run[k:i])
            if freq is None:
                break
            if freq:  # 0 marks a prefix that is no word
                s = log(freq) - logtotal + score[i]
                if not end or s >= best:
                    best, end = s, i
            i += 1
        if end:
            score[k], ends[k] = best, end
        else:  # only prefixes start here: the character alone, as jieba falls back to
            score[k] = _LOG_1 - logtotal + score[k + 1]
    out: list[str] = []
    single = ""  # a stretch of one-character steps: the HMM's to cut when the dictionary lacks it
    x = 0
    while x < n:
        y = ends[x]
        if y - x == 1:
            single += run[x]
        else:
            if single:
                _flush(single, get, out)
                single = ""
            out.append(run[x:y])
        x = y
    if single:
        _flush(single, get, out)
    return out


def _flush(single: str, get, out: list[str]) -> None:
    if len(single) == 1:
        out.append(single)
    elif not get(single):
        out.extend(_hmm(single))
    else:
        out.extend(single)


def _hmm(chars: str) -> list[str]:
    """``jieba.finalseg.cut(chars)``, remembered (forgotten when jieba's forced splits change)."""
    from jieba import finalseg

    global _HMM_STATE
    state = (id(finalseg.Force_Split_Words), len(finalseg.Force_Split_Words))
    if state != _HMM_STATE or len(_HMM_CACHE) >= _HMM_CACHE_MAX:
        _HMM_CACHE.clear()
        _HMM_STATE = state
    words = _HMM_CACHE.get(chars)
    if words is None:
        words = _HMM_CACHE[chars] = list(finalseg.cut(chars))
    return words
