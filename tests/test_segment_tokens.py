"""Words, POS tags and protected tokens on real sentences (seeds, ChinaXiv dev papers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.segment import words
from pipeline.segment.tokenizer import lexicon, read_userdict, tag_of, tokenize

CASES = json.loads((Path(__file__).parent / "data" / "segment" / "tokens.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["source"][:40])
def test_segment_tokens_exact(case):
    assert [list(t) for t in words(case["text"])] == case["tokens"]


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["source"][:40])
def test_segment_tokens_cover_text(case):
    # tokens appear in order, separated only by whitespace: joined they give the text without whitespace
    assert "".join(w for w, _ in words(case["text"])).replace(" ", "") == case["text"].replace(" ", "")


# (text, the protected tokens expected, in order): written by hand from the sources named.
PROTECTED = [
    ("１９９４年，建设了３．６万平方米的“中国塑料城”", [("１９９４年", "num"), ("３．６万", "num")]),  # seed 001
    ("集群有 149个 ,2001—2003年,25 年来,12月1日", [("149", "num"), ("2001—2003年", "num"), ("25", "num"), ("12月", "num"),
                                          ("1日", "num")]),  # seed 000 style: classifiers and durations stay apart
    ("工业总产值合计 1 万亿元 ,约占全省制造业总量的50 % 。", [("1 万亿元", "num"), ("50 %", "num")]),  # seed 000
    ("专利授权率为47.1%，占23.4%", [("47.1%", "num"), ("23.4%", "num")]),  # ChinaXiv-201708.00176V1
    ("政策目标在于改进民间部门的能力 (Aokim ,1996) ,其中", [("(Aokim ,1996)", "cite")]),  # seed 000
    ("波特 (1998)认为 ,为了促进产业集群的发展", [("波特 (1998)", "cite"), ("产业集群", "term")]),  # seed 000
    ("波特(1998)认为", [("波特(1998)", "cite")]),
    ("从而限制了创新潜力的发挥［１］。", [("［１］", "cite")]),  # seed 001
    ("飞速发展[3-4]正在推进", [("[3-4]", "cite")]),  # ChinaXiv-201606.00041V1
    ("对图书馆来说已经时不我待6]。", [("6]", "cite")]),  # ChinaXiv-201606.00041V1, OCR lost "["
    ("集群理论(Breschi & Malerba, 2001)认为", [("(Breschi & Malerba, 2001)", "cite")]),
    ("冥想不良反应率为 $8 . 3 \\%$ （Farias et al.,2020）", [("$8 . 3 \\%$", "num"), ("（Farias et al.,2020）", "cite")]),
    ("例如：匡瑾璘等人(2009)指出", [("匡瑾璘等人(2009)", "cite")]),  # a name jieba does not know
    # ChinaXiv-202205.00039V1 zh abstract: "et al." glued by lost spaces
    ("关系及健康行为等4方面的内容（Lindahletal.,2017）。", [("4", "num"), ("（Lindahletal.,2017）", "cite")]),
    # ChinaXiv-201606.00079V1: two authors joined by 和, names jieba splits (曾|为|众)
    ("界面的过程[21]。黄纯艳和曾为众（2009）向读者介绍", [("[21]", "cite"), ("黄纯艳和曾为众（2009）", "cite")]),
    ("析[15]。李静和周竹荣（2006）把学习对象和", [("[15]", "cite"), ("李静和周竹荣（2006）", "cite")]),
    ("中国的R&D投入高于OECD平均水平，Bottom-Up模式", [("R&D", "latin"), ("OECD", "latin"), ("Bottom-Up", "latin")]),
    ("产业集群的市场失灵与系统失灵，交易费用，行业协会，知识溢出",
     [("产业集群", "term"), ("市场失灵", "term"), ("系统失灵", "term"), ("交易费用", "term"), ("行业协会", "term"),
      ("知识溢出", "term")]),
]


@pytest.mark.parametrize("text,expected", PROTECTED, ids=[t[:16] for t, _ in PROTECTED])
def test_segment_tokens_protected(text, expected):
    assert [(w, t) for w, t in words(text) if t in ("cite", "num", "latin", "term")] == expected


# Negatives: things that look protectable but are not.
NOT_PROTECTED = [
    ("全球智库报告（2014）显示", "（2014）"),  # a report's year, no author: not a citation token
    ("2003年度", "2003年"),  # 年 starts 年度: the unit stays with jieba
    ("约占全省的 149个", "149个"),  # a classifier is a word of its own (PKU standard)
]


@pytest.mark.parametrize("text,not_token", NOT_PROTECTED, ids=[t for t, _ in NOT_PROTECTED])
def test_segment_tokens_not_protected(text, not_token):
    tokens = words(text)
    assert not_token not in [w for w, _ in tokens]
    assert "cite" not in [t for _, t in tokens]


def test_segment_tokens_latin_not_protected_in_english():
    tokens, cites = tokenize("Porter (1998) studied R&D clusters.", lang="en")
    assert tokens[0] == ("Porter (1998)", "cite")
    assert ("R&D", "latin") not in tokens
    assert cites == [(0, 13)]


def test_segment_tokens_pos_lookup_matches_jieba_dictionary():
    lex = lexicon()
    assert (tag_of("政府"), tag_of("，"), tag_of("2003"), tag_of("Porter")) == ("n", "x", "m", "eng")
    assert lex.tags["政府"] == "n"


def test_segment_tokens_userdict_terms_loaded_whole():
    entries = read_userdict()
    assert len(entries) >= 100
    for word, _, _ in entries:
        assert words(word) == [(word, "term")], word


@pytest.mark.slow
def test_segment_tokens_spacy_engine_gives_same_words():
    text = "集群内的市场失灵主要有：企业之间恶性竞争突出；大量的“搭便车”行为，缺乏合作。波特 (1998)认为 ,R&D很重要。"
    assert tokenize(text, engine="spacy") == tokenize(text, engine="jieba")


def test_segment_tokens_tables_cached_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    import tempfile

    from pipeline.segment import tokenizer

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first = tokenizer._tables()  # built with jieba, then written
    (cache,) = tmp_path.glob("pipeline-segment-tables-*.marshal")
    assert first["tags"]["产业集群"] == "n" and first["total"] == lexicon().total
    written = cache.read_bytes()
    assert tokenizer._tables() == first
    cache.write_bytes(b"not marshal")
    assert tokenizer._tables() == first
    assert cache.read_bytes() == written
