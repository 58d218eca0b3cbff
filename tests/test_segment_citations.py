"""Citation markers linked to reference entries (markers as printed in the seeds and ChinaXiv dev papers)."""

from __future__ import annotations

import pytest

from pipeline.model import Reference
from pipeline.segment.citations import link, numbers_in, reference_numbers

# Reference texts from ChinaXiv-201606.00041V1 (ChinaXiv, CC BY 4.0) and seed 000, shortened.
REFS = [
    Reference(id="r1", marker="[1]", text="张晓林,李麟,刘细文,等.开放获取学术信息资源：逼近\"主流化\"转折点[J].图书情报工作,2012,56(9)：42-47."),
    Reference(id="r2", marker="[2]", text="张晓林,曾燕,李麟,等．开放学术信息资源环境的挑战[J]. 2012."),
    Reference(id="r3", marker="3]", text="Hey T，Tansley S，Tolle K，et al.The fourth paradigm[EB/OL]. 2012."),
    Reference(id="r4", marker="[4]",
              text="Breschi S, Malerba F. The geography of innovation and economic clustering. 2001."),
    Reference(id="r5", marker="［5］", text="波特. 国家竞争优势[M]. 北京: 华夏出版社, 1998."),
]
NUMBERED = reference_numbers(REFS)


@pytest.mark.parametrize("marker,expected", [
    ("［1］", ["r1"]), ("[1]", ["r1"]), ("[3-4]", ["r3", "r4"]), ("［2，5］", ["r2", "r5"]), ("6]", []), ("1]", ["r1"]),
    ("［１］", ["r1"]),  # full-width digits (seed 001)
    ("(Breschi & Malerba, 2001)", ["r4"]), ("波特 (1998)", ["r5"]), ("（波特，1998）", ["r5"]),
    ("张晓林等[2] (2012)", ["r2"]),  # the number decides, not the name
    ("(Porter, 1998)", []),  # no entry by Porter: no link rather than a wrong one
    ("Breschi (1999)", []),  # wrong year
])
def test_segment_citations_link(marker, expected):
    assert link(marker, REFS, NUMBERED) == expected


def test_segment_citations_unnumbered_list_links_by_position():
    refs = [r.model_copy(update={"marker": None}) for r in REFS]
    assert link("[3-4]", refs, reference_numbers(refs)) == ["r3", "r4"]


def test_segment_citations_numbers_in_caps_ranges():
    assert numbers_in("[1-3, 7]") == [1, 2, 3, 7]
    assert numbers_in("[2019-2021]") == []  # \d{1,3}: not reference numbers
    assert numbers_in("[3-900]") == [3]


def test_segment_citations_author_year_with_the_letter_o_for_zero_in_the_reference():
    # ChinaXiv-202205.00031V1 (CC BY 4.0), shortened: PDF extraction printed the years 2O17 and 20o3
    refs = [Reference(id="r1", marker=None,
                      text="Shoss,M.K. (2O17). Job insecurity: An integrative review. Journal of Management."),
            Reference(id="r2", marker=None, text="Shoss,M.K. (2018) Addressing job insecurity in the 21st century."),
            Reference(id="r3", marker=None, text="Vallerand,R.J.，& Houlfort,N.(20o3).Passion at work.")]
    numbered = reference_numbers(refs)
    assert link("(Shoss,2017)", refs, numbered) == ["r1"]
    assert link("(Vallerand&Houlfort,2003)", refs, numbered) == ["r3"]
    assert link("Shoss (2016)", refs, numbered) == []  # no entry of that year


def test_segment_citations_author_year_with_spaces_lost():
    # ChinaXiv-202207.00004V2 / 202107.00068V1 (CC BY 4.0) print "StiglitzandWeiss，1981" and "Zhuetal.,2016"
    refs = [Reference(id="r1", marker=None,
                      text="Stiglitz J E, Weiss A. Credit rationing in markets with imperfect information. 1981."),
            Reference(id="r2", marker=None, text="Zhu X, Li Y. Rural credit. 2016."),
            Reference(id="r3", marker=None, text="Rolland P. Credit. 2016.")]
    numbered = reference_numbers(refs)
    assert link("（StiglitzandWeiss，1981）", refs, numbered) == ["r1"]
    assert link("（Zhuetal.,2016）", refs, numbered) == ["r2"]
    assert link("(Rolland, 2016)", refs, numbered) == ["r3"]  # a name ending in -and stays whole


def test_segment_citations_unmarked_entries_keep_their_place_only_where_the_next_marker_agrees():
    # ChinaXiv-201706.00810V1 (CC BY 4.0) prints no markers on its first 18 entries and [19] on; ChinaXiv-201803.01522V1
    # has markers 1-6, then its authors' biographies as unmarked lines
    refs = [r.model_copy(update={"marker": None}) for r in REFS[:2]] + REFS[2:]
    assert reference_numbers(refs) == {1: "r1", 2: "r2", 3: "r3", 4: "r4", 5: "r5"}
    bios = REFS[:2] + [Reference(id="r3", marker=None, text="DUAN Hongbo Assistant Professor in School of Economics.")]
    assert reference_numbers(bios) == {1: "r1", 2: "r2"}
    assert link("[3]", bios, reference_numbers(bios)) == []
