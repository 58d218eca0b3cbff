"""The speed shortcuts of the clean stage change no result.

``fix_cjk_spacing`` scans with ``RE_SPACING_WORK`` (RE_SPACING minus the plain spaces between ASCII characters it
leaves alone), and ``_respace`` rejects a run before the costly split when no split into common words exists. Each is
checked against the slow path on real text (fixer cases of seed and ChinaXiv excerpts) and on edge cases.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.clean import fixers as F

CASES = json.loads((Path(__file__).parent / "data" / "clean" / "fixer_cases.json").read_text(encoding="utf-8"))
TEXTS = [c["input"] for c in CASES["cases"]]
EDGES = [
    "", " ", "  ", "a b", " a", "a ", "(a b)", "中 a", "a 中", "\n a", "a \n", "5 %", "a\u3000b", "a , b", "x ( y",
    "é b", "a ,b", "1, 000", "表 1\u3000各国", "产 业 集 群 ,在 10亿元 ;约 50 % ?", "\u3000 ,\u3000", "a\t b",
]


def _slow_matches(text: str) -> list[tuple[tuple[int, int], bool]]:
    """RE_SPACING matches minus plain spaces between ASCII characters, as the original loop skipped them."""
    out = []
    for m in F.RE_SPACING.finditer(text):
        s, e = m.span()
        a = text[s - 1] if s > 0 else "\n"
        b = text[e] if e < len(text) else "\n"
        if m.group() == " " and a.isascii() and b.isascii() and a not in "(\n" and b not in ")%\n":
            continue
        out.append((m.span(), m.group("punct") is not None))
    return out


@pytest.mark.parametrize("text", TEXTS + EDGES)
def test_clean_shortcuts_spacing_regex_keeps_matches(text):
    fast = [(m.span(), bool(m.group().strip(" \u3000"))) for m in F.RE_SPACING_WORK.finditer(text)]
    assert fast == _slow_matches(text)


def test_clean_shortcuts_spacing_regex_skips_plain_latin_spaces():
    assert [m.span() for m in F.RE_SPACING_WORK.finditer("policies and 中 x")] == [(12, 13), (14, 15)]


@pytest.mark.parametrize("word", ["Thecurrent", "studyanalyzed", "Langendijk", "QuanqinFan", "Quanqin", "Xiangxi",
                                  "InstitutionforEconomic", "billsthisweek", "qzxvqzxvqz", "internationalization"])
def test_clean_shortcuts_respace_precheck_changes_nothing(word, monkeypatch):
    fast = F._respace.__wrapped__(word)
    monkeypatch.setattr(F, "_can_split", lambda low: True)
    assert F._respace.__wrapped__(word) == fast


def test_clean_shortcuts_precheck_rejects_names():
    assert (F._can_split("studyanalyzed"), F._can_split("langendijk"), F._can_split("quanqin")) == (True, False, True)
