"""Lexical evidence: glossary hits, CC-CEDICT units, anchors, section labels (real abstract text, cited)."""

from __future__ import annotations

import pytest

from pipeline.align import lexicon


def _units(text: str) -> list[tuple[str, list[str]]]:
    return [(u.text, sorted(u.stems)) for u in lexicon.zh_units(text)]


def test_align_lexicon_glossary_hits_on_seed_000() -> None:
    # seed 000, abstract: 产业集群 is a glossary term (jieba alone would cut it into 产业 / 集群)
    units = _units("然而在促进产业集群发展的问题上，政府应扮演什么角色")
    assert [t for t, _ in units] == ["然而", "促进", "产业集群", "发展", "问题", "政府", "扮演", "什么", "角色"]
    assert units[2] == ("产业集群", ["clust", "indus"])
    assert units[5] == ("政府", ["gover"])


@pytest.mark.parametrize(
    ("zh", "en", "matched"),
    [
        ("市场失灵", "market failures", True),  # glossary
        ("产业集群", "industry clusters", True),  # glossary, other rendering
        ("智库", "think tanks", True),  # glossary (ChinaXiv-201707.00315V1)
        ("知识库", "knowledge base", True),  # CC-CEDICT
        ("市场失灵", "government failure", False),  # negative
        ("产业集群", "international cooperation", False),  # negative (seed 000's foreign abstract)
    ],
)
def test_align_lexicon_translation_evidence(zh: str, en: str, matched: bool) -> None:
    stems = set(lexicon.en_stems(en))
    assert any(u.hit(stems) for u in lexicon.zh_units(zh)) is matched


def test_align_lexicon_dictionary_finds_words_inside_unknown_tokens() -> None:
    # ChinaXiv-201606.00022V1: 知识库 inside a longer run
    assert [t for t, _ in _units("学科数据知识库")] == ["学科", "数据", "知识库"]


def test_align_lexicon_en_stems_restore_lost_spaces() -> None:
    # ChinaXiv-201606.00008V1: "thescientificdata publishinganddata journaldevelopment"
    assert lexicon.en_stems("thescientificdata publishinganddata journaldevelopment") == [
        "scien", "data", "publi", "data", "journ", "devel"]


def test_align_lexicon_number_anchors_survive_ocr_and_latex() -> None:
    # ChinaXiv-201606.00024V1: the Chinese side has 195 and 65 %, the English "l95" and "$65 \%$"
    assert lexicon.numbers("【结果】回收有效问卷195份，回收有效率为 $6 5 \\%$ 强。") == ["195", "65"]
    assert lexicon.numbers("[Results]l95 valid surveys are returned and the effective rate is more than $65 \\%$") == [
        "195", "65"]
    # ChinaXiv-201703.00060V1: 2O15 with a letter O
    assert lexicon.numbers("between 1985and2O15") == ["1985", "2015"]


def test_align_lexicon_latin_terms_in_chinese() -> None:
    # ChinaXiv-201601.00052V2
    assert lexicon.latin_terms("采用 Neo4j数据库作为RDF 数据仓储，创建基于 Solr 的实例索引") == ["neo4j", "rdf", "solr"]
    assert lexicon.latin_terms("政府应扮演什么角色") == []


@pytest.mark.parametrize(
    ("zh", "en", "match"),
    [
        ("[方法/过程]提出基于本体的", "[Method/Process] This paper proposes", True),
        ("【目的】为实现科技知识组织体系", "[Objective]This paper aims", True),
        ("【应用背景】构建知识组织体系", "[Context] An effctive storage", True),
        ("【局限】总体调查规模有限", "[Limitations]The survey scale", True),
        ("【结论】通过STKOS开放引擎系统", "[Results]This engine system", False),
        ("【结果】回收有效问卷", "Results: The annual issued amount", True),
    ],
)
def test_align_lexicon_section_labels(zh: str, en: str, match: bool) -> None:
    zl, el = lexicon.zh_label(zh), lexicon.en_label(en)
    assert zl and el
    assert bool(zl & el) is match


def test_align_lexicon_no_label_in_plain_sentences() -> None:
    assert lexicon.zh_label("研究表明，国外DMP政策") == frozenset()
    assert lexicon.en_label("The results show that") == frozenset()
    assert lexicon.en_label("[1] Smith") == frozenset()


def test_align_lexicon_index_is_cached_and_large() -> None:
    index = lexicon.cedict_index()
    assert lexicon.cedict_index() is index
    assert len(index) > 100_000
    assert index["政策"] == (("polic",),)
    assert index["失灵"] == (("faili",), ("order",), ("prope", "worki"))


def test_align_lexicon_index_cache_written_read_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    import marshal

    monkeypatch.setattr(lexicon, "CACHE_DIR", tmp_path)
    built = lexicon.cedict_index.__wrapped__()
    (cache,) = tmp_path.glob("pipeline-cedict-index-*.marshal")
    assert lexicon.cedict_index.__wrapped__() == built == lexicon.cedict_index()
    assert built["政策"] == (("polic",),) and len(built) > 100_000
    cache.write_bytes(b"damaged")
    assert lexicon.cedict_index.__wrapped__() == built
    assert marshal.loads(cache.read_bytes()) == built
