"""``pipeline.segment.cutter.cut`` yields exactly the words of ``jieba.dt.cut`` (accurate mode, HMM on), with the
user dictionary loaded, on whole real papers and on edge cases; the jieba-rs dictionary it cuts with holds jieba's
total count."""

from __future__ import annotations

import math
import re

import jieba
import jieba.finalseg
import pytest

from pipeline.segment import cutter
from pipeline.segment.tokenizer import build_engine, jieba_with_userdict, lexicon
from tests.conftest import SEED_000, SEED_001, shared_data


def _jieba_words(text: str) -> list[str]:
    return list(jieba_with_userdict().dt.cut(text))


def test_segment_cutter_patterns_are_jiebas():
    assert (cutter.RE_HAN.pattern, cutter.RE_HAN.flags) == (jieba.re_han_default.pattern, jieba.re_han_default.flags)
    assert (cutter.RE_SKIP.pattern, cutter.RE_SKIP.flags) == (jieba.re_skip_default.pattern, jieba.re_skip_default.flags)
    assert cutter.RE_FINAL_SKIP.pattern == jieba.finalseg.re_skip.pattern


@pytest.mark.parametrize("text", [
    "", " ", "\r\n\r\n", "。", "a", "产", "龘", "产业集群内的企业占23.4%［1］", "波特(1998)认为R&D十分重要",
    "黄纯艳和曾为众（2009）指出，匡瑾璘等人(2009)", "Top-Down 与 bottom_up 的 3.5% 和 C++#",
    "结合上述分析,\t本文\u3000提出\r\n政策建议：①加强；②完善。", "\ufeff首都之首都之首都", "的的的的的的的的",
    # mixed runs: jieba-rs alone keeps C.L.Borgman and 3116.2015.09.017 whole, joins 张三 inside abc张三def
    "C.L.Borgman认为", "doi:10.3969/j.issn.1002-3116.2015.09.017", "abc张三def", "IC卡和AB型的A股", "x1y2的z",
])
def test_segment_cutter_edge_cases(text):
    assert cutter.cut(text) == _jieba_words(text)


def test_segment_cutter_mixed_runs_keep_jiebas_hmm_split():
    assert cutter.cut("3116.2015.09.017") == ["3116.2015", ".", "09.017"]
    assert cutter.cut("C.L.Borgman认为") == ["C", ".", "L", ".", "Borgman", "认为"]
    assert lexicon().engine.cut("3116.2015.09.017", True) == ["3116.2015.09.017"]  # what it would be otherwise


def test_segment_cutter_seed_papers():
    for path in (SEED_000, SEED_001):
        text = path.read_text(encoding="utf-8")
        assert cutter.cut(text) == _jieba_words(text)


def test_segment_cutter_chinaxiv_papers():
    folder = shared_data("chinaxiv", "fulltext_md")
    for path in sorted(folder.glob("*.md"))[:12]:
        text = path.read_text(encoding="utf-8")
        assert cutter.cut(text) == _jieba_words(text), path.name


@pytest.mark.slow
def test_segment_cutter_every_chinaxiv_paper():
    folder = shared_data("chinaxiv", "fulltext_md")
    papers = sorted(folder.glob("*.md"))
    assert len(papers) > 400
    differ = [p.name for p in papers if cutter.cut(t := p.read_text(encoding="utf-8")) != _jieba_words(t)]
    assert differ == []


def _suggestions_fit(engine, total: int) -> bool:
    """Whether jieba-rs's dictionary total is ``total``, read through ``suggest_freq``: with two new words of count F
    it gives int(exp((ln F - ln T) + (ln F - ln T) + ln T)) + 1 with T = total + 2F (jieba-rs's formula, redone here);
    40 values of F tell totals a unit apart (a wrong total fits about a third of them)."""
    fits, probes = [], []
    for k, f in enumerate(10**e + j for e in (10, 11, 12, 13) for j in range(0, 1000, 101)):
        a, b = chr(0xE100 + 2 * k), chr(0xE101 + 2 * k)  # private-use characters: never in a run, never cut
        engine.add_word(a, f, "x")
        engine.add_word(b, f, "x")
        probes += [a, b]
        total += 2 * f  # the words of earlier probes stay
        t = math.log(total)
        fits.append(engine.suggest_freq(a + b) == int(math.exp((math.log(f) - t) + (math.log(f) - t) + t)) + 1)
    for w in probes:  # a count of 0 takes a word's count back out of the total: the engine is as it was
        engine.add_word(w, 0, "x")
    return all(fits)


def test_segment_cutter_engine_total_is_jiebas():
    jb = jieba_with_userdict()
    lex = lexicon()
    assert lex.total == jb.dt.total
    assert _suggestions_fit(build_engine(lex.user, lex.pad), jb.dt.total)
    # without the padding jieba-rs's total falls short: by 3 for B超, listed twice in dict.txt, and by the counts of
    # user words jieba already had
    assert lex.pad > 3
    assert not _suggestions_fit(build_engine(lex.user, 0), jb.dt.total)
    assert _suggestions_fit(build_engine(lex.user, 0), jb.dt.total - lex.pad)


def test_segment_cutter_dictionary_words_without_han_stay_whole():
    # _cut_mixed splits words without Han characters unless they are dictionary words: these five
    lex = lexicon()
    assert sorted(w for w in lex.tags if not any("\u4e00" <= c <= "\u9fd5" for c in w)) == [
        "AT&T", "C#", "C++", "c#", "c++"]
    assert cutter.cut("用C++和AT&T的c#") == ["用", "C++", "和", "AT&T", "的", "c#"] == _jieba_words("用C++和AT&T的c#")
    assert min(lex.freq.values()) > 0  # every word of the tables is a word to jieba (0 would mark a prefix)


def test_segment_cutter_engine_is_rjiebas_default_and_reloading_changes_nothing():
    import rjieba

    lex = lexicon()
    assert lex.engine is rjieba
    before = [cutter.cut(t) for t in ("产业集群内的企业", "顾立平认为R&D")]
    build_engine(lex.user, lex.pad, fresh=False)  # the same words and counts again
    assert _suggestions_fit(lex.engine, lex.total)
    assert _suggestions_fit(lex.engine, lex.total)  # probing left the total as it was
    assert [cutter.cut(t) for t in ("产业集群内的企业", "顾立平认为R&D")] == before


def test_segment_cutter_texts_of_han_runs_only():
    # no Latin, digit or +#&._%-: the whole text goes to jieba-rs in one call (punctuation, whitespace, \r\n too)
    other = re.compile("[A-Za-z0-9+#&._%\\-]")
    folder = shared_data("chinaxiv", "fulltext_md")
    for path in (SEED_000, SEED_001, *sorted(folder.glob("*.md"))[:12]):
        text = other.sub("", path.read_text(encoding="utf-8")).replace("\n\n", "\r\n", 5)
        assert cutter.RE_RUN_NOT_HAN.search(text) is None
        assert cutter.cut(text) == _jieba_words(text), path.name
