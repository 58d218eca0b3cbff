"""jieba's default cut (``jieba.dt.cut(text)``: accurate mode, HMM on), word for word, at about a quarter of its cost.

jieba finds the most probable path through the dictionary words of each run of Han characters (``RE_HAN``: Han
characters with Latin letters, digits and ``+#&._%-``) and sends stretches of single characters that the dictionary
lacks to its HMM (``jieba.finalseg``). The same search, on the same dictionary (jieba's ``dict.txt``) and with the same
HMM, is in jieba-rs, which the ``rjieba`` package binds: :func:`cut` hands it the runs and keeps jieba's own handling
of everything jieba-rs does differently.

* A run of Han characters only goes to jieba-rs whole (``cut(run, True)``).
* A run that mixes Han with Latin or digits (R&D投入, C.L.Borgman, 3116.2015.09.017) goes to jieba-rs too, which
  differs from jieba in one thing: the Latin letters and digits of a stretch of single characters that the HMM gets
  come out whole (``3116.2015.09.017``), where jieba's HMM splits them at ``RE_FINAL_SKIP`` (``3116.2015``, ``.``,
  ``09.017``). :func:`_cut_mixed` splits them so.
* Between runs, whitespace stays whole and anything else goes one character a word, with jieba's patterns; jieba-rs
  does the same, so a text whose runs are all Han (no Latin, digit or ``+#&._%-``: most pieces of a paper) goes to
  jieba-rs whole.

jieba-rs gets jieba's user-dictionary words at the frequencies jieba gave them, and one padding word (``PAD_WORD``, a
private-use character, never in a run) so that the dictionary's total count, which every path's score divides by, is
jieba's to the unit (jieba-rs counts a word listed or added twice once; jieba counts both): see
:func:`pipeline.segment.tokenizer.lexicon`. ``tests/test_segment_cutter.py`` checks the total and the words against
``jieba.dt.cut`` on whole papers.

>>> cut("企业的 R&D, 顾立平认为")
['企业', '的', ' ', 'R', '&', 'D', ',', ' ', '顾立平', '认为']
"""

from __future__ import annotations

import re

__all__ = ["cut", "PAD_WORD"]

# jieba's own patterns (``re_han_default``, ``re_skip_default``, ``finalseg.re_skip``), checked equal to them by the
# tests; copied so that cutting never imports jieba (about 0.1 s, and its dictionary 0.7 s).
RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)  # runs cut with the dictionary
RE_SKIP = re.compile("(\r\n|\\s)", re.U)  # in between: whitespace stays whole, anything else one by one
RE_NO_HAN = re.compile("[^\u4E00-\u9FD5]+")
# what a run may hold besides Han characters: a run (or text) without it is cut by jieba-rs as jieba cuts it
RE_RUN_NOT_HAN = re.compile("[a-zA-Z0-9+#&\\._%\\-]")
RE_FINAL_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # jieba.finalseg splits what is not Han here

PAD_WORD = "\ue000"  # never inside RE_HAN, so never matched: it only brings the total to jieba's


def cut(text: str) -> list[str]:
    """The words ``jieba.dt.cut(text)`` yields with the user dictionary loaded.

    >>> cut("政府作用与企业")
    ['政府', '作用', '与', '企业']
    """
    from pipeline.segment.tokenizer import lexicon  # loaded once per process; this module stays importable alone

    lex = lexicon()
    engine_cut, words = lex.engine.cut, lex.tags
    if RE_RUN_NOT_HAN.search(text) is None:  # every run is Han only: jieba-rs cuts the whole text as jieba does
        return engine_cut(text, True)
    out: list[str] = []
    for i, block in enumerate(RE_HAN.split(text)):
        if i % 2:  # split on a capturing group: the runs are at the odd positions, never empty
            if RE_RUN_NOT_HAN.search(block) is None:
                out.extend(engine_cut(block, True))
            else:
                _cut_mixed(engine_cut(block, True), words, out)
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


def _cut_mixed(words: list[str], dictionary: dict[str, str], out: list[str]) -> None:
    """jieba's words for a run that mixes Han with Latin or digits, given jieba-rs's: jieba-rs yields the Latin and
    digits of a stretch its HMM cuts whole (C.L.Borgman), jieba splits them at ``RE_FINAL_SKIP`` (C . L . Borgman).
    Neighbouring words without Han characters that are no dictionary words (C++ is one) are joined and split so."""
    pending = ""
    for w in words:
        if w not in dictionary and RE_NO_HAN.fullmatch(w):
            pending += w
            continue
        if pending:
            out.extend(x for x in RE_FINAL_SKIP.split(pending) if x)
            pending = ""
        out.append(w)
    if pending:
        out.extend(x for x in RE_FINAL_SKIP.split(pending) if x)
